"""Home's figures for the open deck, worked out again only when the deck's records changed.

The dashboard is asked for its figures after every write that lands (a library update at
start, a setting, a session): most of those leave the open deck's question records as they
were, and at 10,000 answered questions the figures cost a few hundred ms (issue 18). The
store hands out the same `QuestionStats` object for a record until the record changes (they
are frozen), so "nothing changed" is one identity check per record, with no copy of a record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tui.core.library import due_count
from tui.core.progress.store import AccuracySummary
from tui.core.weakness import count_weak

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tui.core.deck import Deck
    from tui.core.progress import QuestionStats


def summarise(stats: Mapping[str, QuestionStats], card_ids: Iterable[str]) -> AccuracySummary:
    """Accuracy over these cards from their records: `ProgressStore.summarise`'s figure, from a
    stats mapping already read (card id -> stats); cards without a record count as not answered."""
    cards = answered = attempts = correct = 0
    credit = 0.0
    for card_id in card_ids:
        cards += 1
        found = stats.get(card_id)
        if found is not None:
            answered += 1
            attempts += found.attempts
            correct += found.correct
            credit += found.credit_sum
    return AccuracySummary(cards=cards, answered=answered, attempts=attempts, correct=correct, credit=credit)


@dataclass(frozen=True)
class DeckFigures:
    """The open deck's figures on home.

    `summary`: over every card; `weak`: questions `weakness.count_weak` counts; `due`: cards due
    before the next local midnight (`weakness.due_today`); `topics`: (name, summary) in deck order.
    """

    summary: AccuracySummary
    weak: int
    due: int
    topics: tuple[tuple[str, AccuracySummary], ...]


def deck_figures(deck: Deck, stats: Mapping[str, QuestionStats], now: datetime) -> DeckFigures:
    """Work out home's figures for `deck` from its records `stats` (card id -> stats) at `now`."""
    in_deck = [record for card_id, record in stats.items() if deck.has_card(card_id)]
    return DeckFigures(
        summary=summarise(stats, (card.id for card in deck.cards)),
        weak=count_weak(in_deck, now),
        due=due_count(in_deck, now),  # `len(weakness.due_today(...))`, counted without sorting
        topics=tuple((topic.name, summarise(stats, topic.card_ids)) for topic in deck.topics),
    )


class FiguresCache:
    """`deck_figures`, kept until the deck, the hour or one of the deck's records changes.

    The hour: weakness grows with the days since a question was seen and "due today" ends at
    midnight, so figures an hour old are worked out again (as home always did).
    """

    def __init__(self) -> None:
        self._deck: Deck | None = None
        self._hour: int | None = None
        self._stats: Mapping[str, QuestionStats] = {}
        self._figures: DeckFigures | None = None

    def figures(self, deck: Deck, stats: Mapping[str, QuestionStats], now: datetime) -> DeckFigures:
        """The figures for `deck` from `stats` at `now`: the kept ones when nothing they come from changed."""
        hour = int(now.timestamp() // 3600)
        if self._figures is None or deck is not self._deck or hour != self._hour or self._changed(stats):
            self._figures = deck_figures(deck, stats, now)
            self._deck, self._hour = deck, hour
        # Held, so that a record dropped since can never share an id with a new one.
        self._stats = stats
        return self._figures

    def _changed(self, stats: Mapping[str, QuestionStats]) -> bool:
        kept = self._stats
        if len(kept) != len(stats):
            return True
        # Frozen records: a change to a record is a new object (an equal one counts as changed).
        return any(kept.get(card_id) is not record for card_id, record in stats.items())
