"""`count_weak` (the dashboard's figure) is exactly how many `weak_questions` lists, for any histories."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW, build_sample_deck
from tui.core.progress import QuestionStats
from tui.core.weakness import count_weak, weak_questions

DECK = build_sample_deck()
CARD_IDS = [card.id for card in DECK.cards] + ["dropped-from-the-deck"]

histories = st.lists(
    st.builds(
        lambda card, outcomes, lapses, days: QuestionStats(
            deck_id="sample",
            card_id=card,
            attempts=len(outcomes),
            correct=sum(outcomes),
            lapses=lapses,
            last_answered=FIXED_NOW - timedelta(days=days) if outcomes else None,
            recent=tuple(outcomes[-20:]),
        ),
        st.sampled_from(CARD_IDS),
        st.lists(st.booleans(), max_size=25),
        st.integers(0, 6),
        st.floats(0, 400),
    ),
    max_size=12,
    unique_by=lambda stats: stats.card_id,
)


@given(histories)
def test_count_weak_is_the_length_of_weak_questions(stats):
    assert count_weak(stats, FIXED_NOW) == len(weak_questions(stats, FIXED_NOW))
    assert count_weak(stats, FIXED_NOW, deck=DECK) == len(weak_questions(stats, FIXED_NOW, deck=DECK))
