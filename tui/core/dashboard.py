"""Home's figures for the open deck, worked out again only when the deck's records changed.

The dashboard is asked for its figures after every write that lands (a library update at
start, a setting, a session): most of those leave the open deck's question records as they
were, and at 10,000 answered questions the figures cost a hundred ms or more (issue 18). The
store counts the changes to each deck's records (`records_version`), so "nothing changed" is
one comparison; the figures come straight from the stored records (`figures_from_records`), so
home's first frame makes no `QuestionStats` (the other sections make them when first used).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import reduce
from operator import add, itemgetter
from typing import TYPE_CHECKING, Any

import msgspec

from tui.core import scheduling
from tui.core.library import due_count
from tui.core.progress.store import CRAM_MODE, TODAY_MODE, AccuracySummary
from tui.core.weakness import (
    LAPSE_WEIGHT,
    MAX_LAPSES_COUNTED,
    STALE_HALF_DAYS,
    STALE_WEIGHT,
    WEAK_AT,
    _weighted_accuracy,
    count_weak,
    days_since_each,
    microseconds_since_epoch,
    weakness_scores,
)

if TYPE_CHECKING:
    from tui.core.deck import Deck
    from tui.core.figures_cache import Columns
    from tui.core.progress import ProgressStore, QuestionStats


# A session's mode as the screens name what was run (home's menu, the drills' titles): home's
# "Last session" line.
SESSION_NAMES = {
    "quiz": "Timed quiz",
    "exam": "Exam rehearsal",
    "review": "Review drill",
    TODAY_MODE: "Today's session",
    CRAM_MODE: "Cram",
    "match": "Match the date",
}


def summarise(stats: Mapping[str, QuestionStats], card_ids: Iterable[str]) -> AccuracySummary:
    """Accuracy over these cards from their records: `ProgressStore.summarise`'s figure, from a
    stats mapping already read (card id -> stats); cards without a record count as not answered."""

    def counts(card_id: str) -> tuple[int, int, float] | None:
        found = stats.get(card_id)
        return None if found is None else (found.attempts, found.correct, found.credit_sum)

    return _summary(card_ids, counts)


def _summary(
    card_ids: Iterable[str], counts: Callable[[str], tuple[int, int, float] | None]
) -> AccuracySummary:
    """Accuracy over these cards, each card's (attempts, correct, credit) from `counts` (None: not
    answered). Loops in C (10,000 cards: a few ms at start, issue 18); the credit is added in card
    order from 0.0, as one `+=` a card would add it (`sum` may add floats otherwise)."""
    found = list(map(counts, card_ids))
    hits = list(filter(None, found))  # a (attempts, correct, credit) tuple is never false
    return AccuracySummary(
        cards=len(found),
        answered=len(hits),
        attempts=sum(map(_ATTEMPTS, hits)),
        correct=sum(map(_CORRECT, hits)),
        credit=reduce(add, map(_CREDIT, hits), 0.0),
    )


_ATTEMPTS, _CORRECT, _CREDIT = itemgetter(0), itemgetter(1), itemgetter(2)


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
# Numbers, texts and (untracked) summaries only: never in a cycle, so not tracked (gc=False).
class DeckFigures(msgspec.Struct, frozen=True, gc=False):
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


def figures_from_records(deck: Deck, records: list[dict[str, Any]], now: datetime) -> DeckFigures:
    """`deck_figures` worked out from the deck's question records as stored (`store.fold_question_records`),
    with no `QuestionStats` made: each field read as `QuestionStats.from_doc` reads it, scored as
    `weakness.weakness_score`, due as `library.due_count`, summed as `summarise` (same order, so
    the same floats). At 10,000 records: about half the time of making the stats first (issue 18).
    """
    in_deck = deck.card_ids().__contains__
    end = scheduling.end_of_day(now)
    fromiso = datetime.fromisoformat
    weak = due = 0
    answered: dict[str, tuple[int, int, float]] = {}
    for doc in records:  # one pass: every record's counts, then the deck's own records scored
        get = doc.get
        card = doc["card"]
        attempts = get("attempts", 0)
        correct = get("correct", 0)
        credit = get("credit_sum", correct)
        answered[card] = (attempts, correct, float(credit if isinstance(credit, _NUMBER) else correct))
        if not in_deck(card):
            continue
        schedule = get("schedule")
        if schedule is not None and fromiso(schedule["due"]) < end:
            due += 1
        if not attempts:
            continue
        recent = get("recent", "")
        credits = get("recent_credit")
        if not isinstance(credits, list) or len(credits) != len(recent):  # written before credit was kept
            credits = [1.0 if outcome == "1" else 0.0 for outcome in recent]
        last = get("last_answered")
        days = max(0.0, (now - fromiso(last)).total_seconds() / 86400) if last else 0.0
        score = (
            # a whole number and its float are one key of the cache, with the same accuracy
            (1.0 - _weighted_accuracy(tuple(credits)))
            + LAPSE_WEIGHT * min(get("lapses", 0), MAX_LAPSES_COUNTED)
            + STALE_WEIGHT * days / (days + STALE_HALF_DAYS)
        )
        if score >= WEAK_AT:
            weak += 1

    def summary_of(card_ids: Iterable[str]) -> AccuracySummary:
        return _summary(card_ids, answered.get)

    return DeckFigures(
        summary=summary_of(deck.ordered_card_ids()),
        weak=weak,
        due=due,
        topics=tuple((topic.name, summary_of(topic.card_ids)) for topic in deck.topics),
    )


def figures_from_columns(deck: Deck, columns: Columns, now: datetime) -> DeckFigures:
    """`figures_from_records` worked out from the records' kept columns (`figures_cache.Columns`):
    the same figures (the same floats, added and compared in the same order) with no record read,
    for home's first frame before the deck file is (issue 18). Each summary adds up the rows of its
    cards, looked up in C: 10,000 rows take a few ms."""
    row = dict(zip(columns.card, range(len(columns.card))))  # one row a card (`records_of`)
    attempts, correct, credit = columns.attempts, columns.correct, columns.credit

    def rows_of(card_ids: Iterable[str]) -> tuple[int, list[int]]:
        """How many cards, and the rows of those answered, in card order."""
        found = list(map(row.get, card_ids))
        return len(found), [at for at in found if at is not None]

    def summary(cards: int, rows: list[int]) -> AccuracySummary:
        return AccuracySummary(
            cards=cards,
            answered=len(rows),
            attempts=sum(map(attempts.__getitem__, rows)),
            correct=sum(map(correct.__getitem__, rows)),
            credit=reduce(add, map(credit.__getitem__, rows), 0.0),  # in card order, as `_summary`
        )

    cards, rows = rows_of(deck.ordered_card_ids())
    # the deck's own records, each once (a card listed twice in the deck is one record)
    own = rows if cards == len(deck.card_ids()) else rows_of(deck.card_ids())[1]
    end_us = microseconds_since_epoch(scheduling.end_of_day(now))
    due = sum(1 for due_us in map(columns.due_us.__getitem__, own) if due_us is not None and due_us < end_us)
    scored = [at for at in own if attempts[at]]
    days = days_since_each(list(map(columns.last_us.__getitem__, scored)), now)
    weak = sum(
        1 for score in weakness_scores(map(columns.unaged.__getitem__, scored), days) if score >= WEAK_AT
    )
    return DeckFigures(
        summary=summary(cards, rows),
        weak=weak,
        due=due,
        topics=tuple((topic.name, summary(*rows_of(topic.card_ids))) for topic in deck.topics),
    )


_NUMBER = (int, float)  # a tuple made once: `int | float` in a loop makes a new union each time


class FiguresCache:
    """Home's figures for a deck, kept until the deck, the hour or one of the deck's records changes.

    The hour: weakness grows with the days since a question was seen and "due today" ends at
    midnight, so figures an hour old are worked out again (as home always did). A change of a
    record: the store's `records_version` of the deck moved.
    """

    def __init__(self) -> None:
        self._source: tuple[object, ...] | None = None
        self._figures: DeckFigures | None = None

    def figures(self, deck: Deck, store: ProgressStore, now: datetime) -> DeckFigures:
        """The figures for `deck` from `store`'s records at `now`: the kept ones when nothing they come from changed."""
        # The deck itself is held: a deck read again is a new object, never one with a reused id.
        source = (deck, store, store.records_version(deck.id), int(now.timestamp() // 3600))
        if self._figures is None or self._source is None or not _same(source, self._source):
            columns = store.opening_columns(deck.id)  # the file not read yet: its kept columns
            self._figures = (
                figures_from_columns(deck, columns, now)
                if columns is not None
                else store.fold_question_records(
                    deck.id, lambda records: figures_from_records(deck, records, now)
                )
            )
            self._source = source
        return self._figures


def _same(one: tuple[object, ...], other: tuple[object, ...]) -> bool:
    return one[0] is other[0] and one[1] is other[1] and one[2:] == other[2:]
