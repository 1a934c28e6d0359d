"""Home's figures (tui.core.dashboard): the store's figures, worked out again only when a record changed."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW, FakeClock, build_sample_deck
from tui.core.dashboard import FiguresCache, deck_figures, figures_from_records, summarise
from tui.core.progress import ProgressStore
from tui.core.weakness import count_weak, due_today

DECK = build_sample_deck()
CARD_IDS = [card.id for card in DECK.cards] + ["dropped-from-the-deck"]

# (card, right?, credit or None, hours after the start) answers, in order.
answers = st.lists(
    st.tuples(
        st.sampled_from(CARD_IDS),
        st.booleans(),
        st.one_of(st.none(), st.sampled_from([0.0, 0.25, 0.5, 1.0])),
        st.integers(0, 24 * 30),
    ),
    max_size=30,
)


def store_with(history: list[tuple[str, bool, float | None, int]]) -> tuple[ProgressStore, FakeClock]:
    clock = FakeClock(FIXED_NOW - timedelta(days=40))
    store = ProgressStore.in_memory(now=clock)
    start = clock.current
    for card, right, credit, hours in sorted(history, key=lambda answer: answer[3]):
        clock.current = start + timedelta(hours=hours)
        store.record_answer("sample", card, right, 5.0, "quiz", credit)
    clock.current = FIXED_NOW
    return store, clock


@settings(max_examples=60, deadline=None)
@given(answers)
def test_the_figures_are_the_stores_own(history):
    store, _clock = store_with(history)
    stats = store.all_question_stats("sample")
    figures = deck_figures(DECK, stats, FIXED_NOW)
    assert figures.summary == store.deck_summary(DECK)
    assert dict(figures.topics) == store.topic_summaries(DECK)
    assert [name for name, _summary in figures.topics] == [topic.name for topic in DECK.topics]
    assert figures.weak == count_weak(stats, FIXED_NOW, deck=DECK)
    assert figures.due == len(due_today(stats, FIXED_NOW, deck=DECK))
    assert summarise(stats, ["not-a-card"]) == store.summarise("sample", ["not-a-card"])


@settings(max_examples=60, deadline=None)
@given(answers, st.integers(0, 24 * 60))
def test_the_figures_from_the_stored_records_are_those_of_their_stats(history, hours_later):
    """Home's start path (no QuestionStats made) gives exactly the figures the stats give."""
    store, _clock = store_with(history)
    now = FIXED_NOW + timedelta(hours=hours_later)
    from_stats = deck_figures(DECK, store.all_question_stats("sample"), now)
    assert store.fold_question_records(
        "sample", lambda records: figures_from_records(DECK, records, now)
    ) == (from_stats)


def test_records_from_before_credit_was_kept_give_the_figures_of_their_stats():
    store, _clock = store_with(
        [("rapallo", True, None, 1), ("britain", False, None, 2), ("britain", True, 0.5, 3)]
    )
    for doc in store._question_docs().values():  # as written before marks: no credit fields
        doc.pop("recent_credit", None)
        doc.pop("credit_sum", None)
    store._deck_stats.clear()
    from_stats = deck_figures(DECK, store.all_question_stats("sample"), FIXED_NOW)
    from_records = store.fold_question_records("sample", lambda rs: figures_from_records(DECK, rs, FIXED_NOW))
    assert from_records == from_stats and from_records.summary.answered == 2


def test_figures_are_kept_while_the_decks_records_are_unchanged():
    store, clock = store_with([("rapallo", True, None, 1), ("britain", False, None, 2)])
    cache = FiguresCache()
    first = cache.figures(DECK, store, clock())
    # Writes that leave the deck's records alone: the library, a setting, another deck's answer.
    store.remember_deck("sample", "/decks/sample.toml", "Sample deck", "native", 8)
    store.set_setting("theme", "nord")
    store.record_answer("another-deck", "rapallo", False, 3.0, "quiz")
    assert cache.figures(DECK, store, clock()) is first


def test_an_answer_a_new_deck_or_the_next_hour_gives_new_figures():
    store, clock = store_with([("rapallo", True, None, 1)])
    cache = FiguresCache()
    first = cache.figures(DECK, store, clock())
    assert first.summary.answered == 1

    store.record_answer("sample", "rapallo", False, 3.0, "quiz")  # a record changed, none added
    again = cache.figures(DECK, store, clock())
    assert (again.summary.answered, again.summary.attempts) == (1, 2)

    store.record_answer("sample", "britain", True, 3.0, "quiz")  # a record added
    assert cache.figures(DECK, store, clock()).summary.answered == 2

    reloaded = build_sample_deck()  # the same deck read again: another object, figures made afresh
    kept = cache.figures(reloaded, store, clock())
    assert kept is not again and kept.summary == cache.figures(reloaded, store, clock()).summary

    later = cache.figures(reloaded, store, clock() + timedelta(hours=1))
    assert later is not kept


def test_a_record_moved_to_another_card_is_a_change():
    store, clock = store_with([("rapallo", True, None, 1)])
    cache = FiguresCache()
    assert cache.figures(DECK, store, clock()).summary.answered == 1
    store.move_card_progress("sample", "rapallo", "dropped-from-the-deck")
    assert cache.figures(DECK, store, clock()).summary.answered == 0


def test_figures_from_a_saved_stores_deck_file_are_those_of_their_stats(tmp_path):
    """On disk the records come from the deck's own file (`split.DeckFiles`), then from answers added
    in the session: the figures read from them are the stats' figures at each step."""
    from tui.core.progress import open_store

    clock = FakeClock(FIXED_NOW - timedelta(days=3))
    store = open_store(tmp_path, now=clock)
    for n, card in enumerate(CARD_IDS):
        store.record_answer("sample", card, n % 3 != 0, 4.0, "quiz", 0.5 if n % 4 == 0 else None)
    store.close()
    clock.current = FIXED_NOW
    store = open_store(tmp_path, now=clock, deck="sample")
    try:
        for step in range(3):
            from_stats = deck_figures(DECK, store.all_question_stats("sample"), clock())
            from_records = store.fold_question_records(
                "sample", lambda records: figures_from_records(DECK, records, clock())
            )
            assert from_records == from_stats and from_records.summary.answered == len(CARD_IDS) - 1
            store.record_answer("sample", CARD_IDS[step], step == 1, 2.0, "quiz")
    finally:
        store.close()
