"""Weak-spot ranking: which answered questions the student keeps getting wrong.

weakness = (1 − p) + 0.05·lapses (up to 4) + 0.15·d/(d + 7): p is the accuracy of the last 20 answers, the
k-th newest weighted 0.8^k, with one right and one wrong answer imagined (1/1 gives p = 0.67, 0/1 p = 0.33);
d is the days since last seen. Equal scores go to the lower fsrs retrievability; 8 misses make a leech (Anki).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import repeat
from operator import add, floordiv, ge, mul, sub, truediv
from typing import TYPE_CHECKING

import msgspec

from tui.core import scheduling

if TYPE_CHECKING:
    from tui.core.deck import DateEvent, Deck
    from tui.core.progress import AccuracySummary, DateMatchStats, QuestionStats, SessionRecord

RECENCY_DECAY = 0.8  # each older answer counts 0.8 times the one after it
PRIOR_RIGHT = PRIOR_WRONG = 1.0  # imagined answers: few attempts say little
LAPSE_WEIGHT, MAX_LAPSES_COUNTED = 0.05, 4
STALE_WEIGHT, STALE_HALF_DAYS = 0.15, 7.0
LEECH_MISSES = 8
WEAK_AT = 0.4  # a score from here up counts as a weak spot on the dashboard
ALL_SESSIONS = 1_000_000_000  # a `recent_sessions` limit that takes every session


def answered_sessions(sessions: Iterable[SessionRecord]) -> list[SessionRecord]:
    """The sessions that count, in the order given: those with at least one answer.

    A quiz left before its first answer records none now; stores from before kept such
    empty sessions (0 questions), which no count, chart or "Last session" shows.
    """
    return [session for session in sessions if session.questions]


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
class WeakSpot(msgspec.Struct, frozen=True):
    """One answered question with its weakness score and schedule, as ranked."""

    stats: QuestionStats
    score: float
    recall: float  # fsrs retrievability now, 0–1
    leech: bool
    due: datetime | None
    due_today: bool

    @property
    def card_id(self) -> str:
        return self.stats.card_id

    @property
    def misses(self) -> int:
        return self.stats.attempts - self.stats.correct


def weighted_accuracy(stats: QuestionStats) -> float:
    """Accuracy of the recent answers, newest weighted most, smoothed by the imagined ones.

    An answer counts its credit (share 0–1 of its marks): "2 of 4 marks" is half right, not right.
    """
    credits = stats.recent_credit if len(stats.recent_credit) == len(stats.recent) else stats.recent
    return _weighted_accuracy(tuple(credits))


@functools.lru_cache(maxsize=1 << 14)
def _weighted_accuracy(credits: tuple[float, ...]) -> float:
    # Kept per run of answers: most questions share a short history ("1", "10", "11" ...), so the
    # dashboard's 10,000 scores cost a lookup each (issue 18).
    right = total = 0.0
    weight = 1.0
    for outcome in reversed(credits):
        right += weight * float(outcome)
        total += weight
        weight *= RECENCY_DECAY
    return (right + PRIOR_RIGHT) / (total + PRIOR_RIGHT + PRIOR_WRONG)


def days_since_seen(stats: QuestionStats, now: datetime) -> float:
    return _days_since(stats.last_answered, now)


def _days_since(last: datetime | None, now: datetime) -> float:
    """Days (fractional, at least 0) from the last answer (None: never: 0) to `now`."""
    return 0.0 if last is None else max(0.0, (now - last).total_seconds() / 86400)


def weakness_score(stats: QuestionStats, now: datetime) -> float:
    """Higher is weaker; about 0.1 for a question always right, up to about 1.35."""
    return _score(weighted_accuracy(stats), stats.lapses, _days_since(stats.last_answered, now))


def _score(accuracy: float, lapses: int, days: float) -> float:
    """The rule (module doc): `accuracy` the weighted recent one, `days` since last seen."""
    return _unaged(accuracy, lapses) + _staleness(days)


def _unaged(accuracy: float, lapses: int) -> float:
    """The part of the score time does not change: recent misses and lapses."""
    return (1.0 - accuracy) + LAPSE_WEIGHT * min(lapses, MAX_LAPSES_COUNTED)


def _staleness(days: float) -> float:
    """The part of the score that grows with the days since last seen."""
    return STALE_WEIGHT * days / (days + STALE_HALF_DAYS)


def weighted_accuracies(credits: Iterable[tuple[float, ...]]) -> list[float]:
    """`weighted_accuracy` of many questions, each given its recent credits (0–1, oldest first)."""
    return list(map(_weighted_accuracy, credits))


def unaged_scores(accuracies: Iterable[float], lapses: Iterable[int]) -> list[float]:
    """The part of each question's `weakness_score` that time does not change, given column by
    column: `accuracies` their `weighted_accuracy` (0–1), `lapses` their lapse counts. `revise
    stats` keeps it with the question's record (issue 18)."""
    # `_unaged` of each, in C: (1.0 - accuracy) + LAPSE_WEIGHT * min(lapses, MAX_LAPSES_COUNTED)
    misses = map(sub, repeat(1.0), accuracies)
    lapsed = map(mul, repeat(LAPSE_WEIGHT), map(min, lapses, repeat(MAX_LAPSES_COUNTED)))
    return list(map(add, misses, lapsed))


def weakness_scores(unaged: Iterable[float], days: Iterable[float]) -> list[float]:
    """`weakness_score` of many questions, given column by column: `unaged` their `unaged_scores`,
    `days` the days since their last answers (`days_since_each`): the same floats, added in the same
    order. For `revise stats` at 100,000s of questions (issue 18): no stats object each.
    """
    days = list(days)
    # `_staleness` of each, in C: STALE_WEIGHT * days / (days + STALE_HALF_DAYS), in that order
    staleness = map(truediv, map(mul, repeat(STALE_WEIGHT), days), map(add, days, repeat(STALE_HALF_DAYS)))
    return list(map(add, unaged, staleness))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def microseconds_since_epoch(when: datetime) -> int:
    """An aware time as whole microseconds since 1970-01-01 UTC (exact: `datetime` keeps microseconds)."""
    return (when - _EPOCH) // _MICROSECOND


def microseconds_each(times: Iterable[datetime]) -> list[int]:
    """`microseconds_since_epoch` of many aware times, with loops in C."""
    return list(map(floordiv, map(sub, times, repeat(_EPOCH)), repeat(_MICROSECOND)))


def days_since_each(last_seen: Sequence[int | None], now: datetime) -> list[float]:
    """`_days_since` of many last answers, given as `microseconds_since_epoch` (None: never): the
    very same floats, since `timedelta.total_seconds` divides the whole microseconds by 10**6 too.
    Loops in C: `revise stats` works out 100,000s of them without parsing a time (issue 18)."""
    now_us = microseconds_since_epoch(now)
    if None in last_seen:
        return [0.0 if last is None else max(0.0, (now_us - last) / 1_000_000 / 86400) for last in last_seen]
    seconds = map(truediv, map(sub, repeat(now_us), last_seen), repeat(1_000_000))
    days = list(map(truediv, seconds, repeat(86400)))
    # max(0.0, d) is d itself unless d < 0 (an answer after `now`: a clock set back)
    return days if min(days, default=0.0) >= 0.0 else list(map(max, repeat(0.0), days))


def is_leech(stats: QuestionStats) -> bool:
    """Missed `LEECH_MISSES` times or more: better rewritten or split than drilled again."""
    return _leech(stats.attempts, stats.correct)


def _leech(attempts: int, correct: int) -> bool:
    return attempts - correct >= LEECH_MISSES


def leech_each(attempts: Iterable[int], correct: Iterable[int]) -> list[bool]:
    """`is_leech` of many questions, column by column (answers, and those right), in order."""
    return list(map(ge, map(sub, attempts, correct), repeat(LEECH_MISSES)))  # `_leech` of each, in C


def assess(stats: QuestionStats, now: datetime, tz: tzinfo | None = None) -> WeakSpot:
    """Score one answered question at `now` (`tz` decides where "today" ends)."""
    return WeakSpot(
        stats=stats,
        score=weakness_score(stats, now),
        recall=scheduling.retrievability(stats.schedule, now),
        leech=is_leech(stats),
        due=scheduling.due_at(stats.schedule) if stats.schedule else None,
        due_today=scheduling.is_due_today(stats.schedule, now, tz),
    )


def _as_list(stats: Mapping[str, QuestionStats] | Iterable[QuestionStats]) -> list[QuestionStats]:
    return list(stats.values()) if isinstance(stats, Mapping) else list(stats)


def rank_weak_spots(
    stats: Mapping[str, QuestionStats] | Iterable[QuestionStats],
    now: datetime,
    tz: tzinfo | None = None,
) -> list[WeakSpot]:
    """Every answered question, weakest first; equal scores by lower retrievability, then id."""
    spots = [assess(s, now, tz) for s in _as_list(stats) if s.attempts]
    # Rounded so that float noise does not hide a tie that retrievability should break.
    return sorted(spots, key=lambda w: (-round(w.score, 9), w.recall, w.card_id))


def weak_questions(
    stats: Mapping[str, QuestionStats] | Iterable[QuestionStats], now: datetime, *, deck: Deck | None = None
) -> list[WeakSpot]:
    """The weak spots the dashboard counts: a score of `WEAK_AT` or more, weakest first.

    With `deck`, only cards still in it (an edited deck may have dropped some).
    """
    if deck is not None:
        stats = [s for s in _as_list(stats) if deck.has_card(s.card_id)]
    return [spot for spot in rank_weak_spots(stats, now) if spot.score >= WEAK_AT]


def count_weak(
    stats: Mapping[str, QuestionStats] | Iterable[QuestionStats], now: datetime, *, deck: Deck | None = None
) -> int:
    """How many questions `weak_questions` lists (a score of `WEAK_AT` or more), without ranking them.

    The dashboard's figure: no fsrs retrievability or sort per question, so it stays cheap at 10,000s.
    """
    kept = _as_list(stats) if deck is None else _in_deck(stats, deck)
    return sum(1 for s in kept if s.attempts and weakness_score(s, now) >= WEAK_AT)


def _in_deck(stats: Mapping[str, QuestionStats] | Iterable[QuestionStats], deck: Deck) -> list[QuestionStats]:
    """The records of cards still in `deck` (an edited deck may have dropped some)."""
    ids = deck.card_ids()
    return [s for s in _as_list(stats) if s.card_id in ids]


def deck_weak_spots(deck: Deck, stats: Mapping[str, QuestionStats], now: datetime) -> list[WeakSpot]:
    """Ranked weak spots of the cards still in the deck (an edited deck may drop some)."""
    return rank_weak_spots((s for s in stats.values() if deck.has_card(s.card_id)), now)


def due_today(
    stats: Mapping[str, QuestionStats] | Iterable[QuestionStats],
    now: datetime,
    tz: tzinfo | None = None,
    *,
    deck: Deck | None = None,
) -> list[str]:
    """Card ids due before the next midnight in `tz` (local when None), most overdue first.

    The one "cards due today" figure (home, weak spots, the due-cards drill). With `deck`,
    only cards still in it. The rule for one card is `scheduling.is_due_today`.
    """
    end = scheduling.end_of_day(now, tz)  # the rule of `scheduling.is_due_today`, its midnight found once
    kept = _as_list(stats) if deck is None else _in_deck(stats, deck)
    due = sorted(
        (due_at, s.card_id)
        for s in kept
        if s.schedule is not None and (due_at := scheduling.due_at(s.schedule)) < end
    )
    return [card_id for _due, card_id in due]


def topics_weakest_first(summaries: Mapping[str, AccuracySummary]) -> list[tuple[str, AccuracySummary]]:
    """(topic name, summary) pairs, lowest accuracy (share 0–1 of answers right) first.

    Topics never answered come last; equal accuracies and unanswered topics keep the
    order of `summaries` (deck order, as `ProgressStore.topic_summaries` gives it).
    """
    return sorted(summaries.items(), key=lambda item: (item[1].accuracy is None, item[1].accuracy or 0.0))


def rank_moves(before: Sequence[str], after: Sequence[str]) -> dict[str, int]:
    """Card id -> places it rose in the ranking (negative: it fell, i.e. got stronger).

    Only cards ranked both times and that moved are listed.
    """
    old = {card_id: place for place, card_id in enumerate(before)}
    moves = {}
    for place, card_id in enumerate(after):
        if card_id in old and old[card_id] != place:
            moves[card_id] = old[card_id] - place
    return moves


def dates_mixed_up(
    deck: Deck, date_stats: Mapping[str, DateMatchStats], limit: int = 3
) -> list[tuple[DateEvent, DateMatchStats]]:
    """The deck's dated events whose match-the-date pairing slipped most, at most `limit`.

    Slips (first pairings to the wrong date) count most, then the share of boards slipped;
    an event never slipped is not listed. Events are matched by their card id.
    """
    events = {event.card_id: event for event in deck.events}
    slipped = [
        (events[card], stats) for card, stats in date_stats.items() if card in events and stats.mistakes
    ]
    slipped.sort(
        key=lambda pair: (-pair[1].mistakes, -pair[1].mistakes / max(pair[1].attempts, 1), pair[0].sort_key)
    )
    return slipped[: max(limit, 0)]
