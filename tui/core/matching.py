"""Match the date: dealing a board of events and dates, pairing them, scoring the run.

A board holds up to six events, each with a different date, so every event has
exactly one right date. Events are shown labelled `a`–`f`, dates `1`–`6`, each
side shuffled on its own. The clock and the randomness are injected.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from tui.core.deck import DateEvent
from tui.core.text import fold

MAX_PAIRS = 6
MIN_PAIRS = 3
PENALTY_SECONDS = 5.0
# Faster than this per pair is a slip or a script, not a record.
MIN_SECONDS_PER_PAIR = 0.5
EVENT_LABELS = "abcdef"
DATE_LABELS = "123456"

Side = Literal["events", "dates"]
EVENTS: Side = "events"
DATES: Side = "dates"
PickOutcome = Literal["off_board", "already_paired", "put_back", "picked", "tried"]

Clock = Callable[[], datetime]


class NotEnoughEvents(ValueError):
    """Fewer than MIN_PAIRS events with different dates: no board can be dealt."""

    def __init__(self, available: int) -> None:
        self.available = available
        super().__init__(
            f"{available} dated event{'s' * (available != 1)} with different dates; "
            f"a board needs at least {MIN_PAIRS}"
        )


class AlreadyPaired(ValueError):
    """A pair was tried with an event or a date that is already locked in."""


def date_key(date: str) -> str:
    """Dates that read the same ("1922", " 1922") are the same date on a board."""
    return " ".join(fold(date).split())


def distinct_date_count(events: Sequence[DateEvent]) -> int:
    """How many different dates the events have: the largest board they can make."""
    return len({date_key(event.date) for event in events})


def deal_events(events: Sequence[DateEvent], rng: random.Random, size: int = MAX_PAIRS) -> list[DateEvent]:
    """Pick up to `size` events, no two with the same date, in a shuffled order.

    Raises NotEnoughEvents when fewer than MIN_PAIRS different dates are available.
    """
    available = distinct_date_count(events)
    if available < MIN_PAIRS:
        raise NotEnoughEvents(available)
    pool = list(events)
    rng.shuffle(pool)
    chosen: list[DateEvent] = []
    seen: set[str] = set()
    for event in pool:
        key = date_key(event.date)
        if key not in seen:
            seen.add(key)
            chosen.append(event)
            if len(chosen) == size:
                break
    return chosen


@dataclass(frozen=True)
class PairAttempt:
    """One try at pairing the event at `event_index` with the date at `date_index`."""

    event_index: int
    date_index: int
    event: DateEvent
    date: str
    correct: bool
    # The event's first attempt counts as an answer to its card, right or wrong.
    first_for_event: bool
    seconds: float


@dataclass(frozen=True)
class MatchResult:
    """A cleared board: its time, its mistakes and whether the time may be a record."""

    pairs: int
    elapsed: float
    mistakes: int
    first_time_right: int
    penalty_per_mistake: float = PENALTY_SECONDS

    @property
    def penalty(self) -> float:
        return self.mistakes * self.penalty_per_mistake

    @property
    def final_seconds(self) -> float:
        """Elapsed time plus the penalty for every mistake."""
        return round(self.elapsed + self.penalty, 2)

    @property
    def seconds_per_pair(self) -> float:
        return self.elapsed / self.pairs

    @property
    def counts_as_record(self) -> bool:
        """Only a run that took at least MIN_SECONDS_PER_PAIR a pair on average is a record."""
        return self.seconds_per_pair >= MIN_SECONDS_PER_PAIR

    @property
    def why_not_a_record(self) -> str | None:
        """Why this run cannot be a best time, for the student; None when it can."""
        if self.counts_as_record:
            return None
        return f"{self.seconds_per_pair:.2f} s a pair is under the {MIN_SECONDS_PER_PAIR} s a pair minimum"


@dataclass(frozen=True)
class Pick:
    """What picking a row did: `tried` pairs it with the row picked on the other side (`attempt`)."""

    outcome: PickOutcome
    attempt: PairAttempt | None = None


def best_after(previous_best: float | None, result: MatchResult) -> tuple[float | None, bool]:
    """The best final time once `result` is taken into account, and whether it is new."""
    if not result.counts_as_record:
        return previous_best, False
    if previous_best is None or result.final_seconds < previous_best:
        return result.final_seconds, True
    return previous_best, False


class MatchBoard:
    """A dealt board and the play on it: pairs tried, locked in, mistakes, the clock."""

    def __init__(self, events: Sequence[DateEvent], rng: random.Random, now: Clock) -> None:
        """Lay out `events` (dates all different) shuffled on both sides; the clock starts now."""
        if distinct_date_count(events) != len(events):
            raise ValueError("two events on one board share a date")
        if not MIN_PAIRS <= len(events) <= MAX_PAIRS:
            raise ValueError(f"a board holds {MIN_PAIRS} to {MAX_PAIRS} events, not {len(events)}")
        left = list(events)
        rng.shuffle(left)
        right = [event.date for event in left]
        rng.shuffle(right)
        self.events: tuple[DateEvent, ...] = tuple(left)
        self.dates: tuple[str, ...] = tuple(right)
        self._now = now
        self.started_at = now()
        self.finished_at: datetime | None = None
        self._last_attempt_at = self.started_at
        self._answer = {
            i: next(j for j, date in enumerate(right) if date_key(date) == date_key(event.date))
            for i, event in enumerate(left)
        }
        self.matched_events: set[int] = set()
        self.matched_dates: set[int] = set()
        self.attempts: list[PairAttempt] = []
        # The player's selection: the side and row under the cursor, a row picked on each
        # side waiting for its partner, and the last wrong pair (shown until the next move).
        self.side: Side = EVENTS
        self.cursor: dict[Side, int] = {EVENTS: 0, DATES: 0}
        self.picked: dict[Side, int | None] = {EVENTS: None, DATES: None}
        self.wrong: tuple[int, int] | None = None

    @classmethod
    def deal(
        cls, events: Sequence[DateEvent], rng: random.Random, now: Clock, size: int = MAX_PAIRS
    ) -> MatchBoard:
        """A new board of up to `size` events drawn from `events` (see `deal_events`)."""
        return cls(deal_events(events, rng, size), rng, now)

    @property
    def size(self) -> int:
        return len(self.events)

    @property
    def mistakes(self) -> int:
        return sum(not attempt.correct for attempt in self.attempts)

    @property
    def first_time_right(self) -> int:
        """Events whose first attempt was the right date."""
        return sum(attempt.first_for_event and attempt.correct for attempt in self.attempts)

    @property
    def is_cleared(self) -> bool:
        return len(self.matched_events) == self.size

    def date_index_for(self, event_index: int) -> int:
        """Where the right date of an event is on the right-hand side."""
        return self._answer[event_index]

    def try_pair(self, event_index: int, date_index: int) -> PairAttempt:
        """Try an event with a date: a right pair locks in, a wrong one is a mistake.

        Raises AlreadyPaired if either side is locked in already (not a mistake),
        IndexError if either index is off the board.
        """
        if not (0 <= event_index < self.size and 0 <= date_index < self.size):
            raise IndexError("no such event or date on this board")
        if event_index in self.matched_events or date_index in self.matched_dates:
            raise AlreadyPaired("that event or date is already paired")
        when = self._now()
        correct = self._answer[event_index] == date_index
        first = all(attempt.event_index != event_index for attempt in self.attempts)
        attempt = PairAttempt(
            event_index,
            date_index,
            self.events[event_index],
            self.dates[date_index],
            correct,
            first,
            max((when - self._last_attempt_at).total_seconds(), 0.0),
        )
        self._last_attempt_at = when
        self.attempts.append(attempt)
        if correct:
            self.matched_events.add(event_index)
            self.matched_dates.add(date_index)
            if self.is_cleared:
                self.finished_at = when
        return attempt

    def exclude_time(self, seconds: float) -> None:
        """The board was out of sight for `seconds` (the terminal too small): that time does not count.

        It counts neither to the board's time nor to the next attempt's; a cleared board keeps its time.
        """
        if self.finished_at is not None or seconds <= 0:
            return
        self.started_at += timedelta(seconds=seconds)
        self._last_attempt_at += timedelta(seconds=seconds)

    def elapsed(self) -> float:
        """Seconds since the deal, stopped when the board is cleared."""
        end = self.finished_at or self._now()
        return max((end - self.started_at).total_seconds(), 0.0)

    def result(self) -> MatchResult:
        """The scored run; only for a cleared board."""
        if not self.is_cleared:
            raise ValueError("the board is not cleared yet")
        return MatchResult(
            pairs=self.size,
            elapsed=round(self.elapsed(), 2),
            mistakes=self.mistakes,
            first_time_right=self.first_time_right,
        )

    # -- the player's selection ----------------------------------------------------

    def matched(self, side: Side) -> set[int]:
        return self.matched_events if side == EVENTS else self.matched_dates

    def pick(self, side: Side, index: int) -> Pick:
        """Pick row `index` of `side` (a letter or a digit): with a row picked on the other side, try the pair.

        Picking the picked row again puts it back. After a pick the cursor waits on the other side.
        """
        self.wrong = None
        other: Side = DATES if side == EVENTS else EVENTS
        if index >= self.size:
            return Pick("off_board")
        if index in self.matched(side):
            return Pick("already_paired")
        if self.picked[side] == index:
            self.picked[side] = None
            return Pick("put_back")
        self.picked[side] = index
        self.side, self.cursor[side] = side, index
        partner = self.picked[other]
        if partner is None:
            self.side = other
            return Pick("picked")
        event_index, date_index = (index, partner) if side == EVENTS else (partner, index)
        attempt = self.try_pair(event_index, date_index)
        self.picked = {EVENTS: None, DATES: None}
        if not attempt.correct:
            self.wrong = (event_index, date_index)
        self.side = EVENTS
        self.settle_cursors()
        return Pick("tried", attempt)

    def pick_highlighted(self) -> Pick:
        """`enter`: pick the row under the cursor."""
        return self.pick(self.side, self.cursor[self.side])

    def move(self, step: int) -> None:
        """Move the cursor `step` rows (-1 up, 1 down) to the nearest row still free to pair."""
        self.wrong = None
        taken = self.matched(self.side)
        current = self.cursor[self.side]
        after = [i for i in range(self.size) if i not in taken and (i - current) * step > 0]
        if after:
            self.cursor[self.side] = min(after, key=lambda i: abs(i - current))

    def switch_side(self, side: Side | None = None) -> None:
        """Put the cursor on `side` (default: the other side)."""
        self.side = side or (DATES if self.side == EVENTS else EVENTS)
        self.settle_cursors()

    def settle_cursors(self) -> None:
        """Keep each cursor on a row that is still free to pair."""
        for side in (EVENTS, DATES):
            taken = self.matched(side)
            if self.cursor[side] in taken:
                free = [i for i in range(self.size) if i not in taken]
                self.cursor[side] = free[0] if free else 0
