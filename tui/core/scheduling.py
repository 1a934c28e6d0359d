"""Spaced-repetition state per question, kept by the `fsrs` scheduler.

The state is stored in the progress file as the plain dict `fsrs.Card.to_dict()`
gives; all datetimes are UTC. A right answer is rated Good, a wrong one Again,
unless the student graded a flashcard themselves (Again, Hard, Good, Easy).
A wrong answer brings the card back the next day; a right one never sooner than
the day after tomorrow. "Due today" means due before the next local midnight,
so a card missed yesterday evening counts as due all of today.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from fsrs.card import CardDict

# FSRS alone may bring a card back tomorrow after a right answer that follows a
# same-day miss (a quiz, then a drill), and leave a lapsed card away for days:
# a right answer buys a day's rest, a wrong one always comes back the next day.
MIN_DAYS_AFTER_RIGHT = 2
MAX_DAYS_AFTER_WRONG = 1


@lru_cache(maxsize=1)
def _scheduler():
    from fsrs import Scheduler

    # No fuzzing: the same history must give the same due date (tests, stats).
    # No learning steps: a revision app sees a card once a session, so a right
    # answer schedules days ahead and a wrong one brings it back the next day.
    return Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())


def stable_fsrs_id(deck_id: str, card_id: str) -> int:
    """fsrs wants an int id; derive one that never changes for a question."""
    return zlib.crc32(f"{deck_id}\x1f{card_id}".encode()) + 1


def review(
    schedule: dict | None, correct: bool, when: datetime, fsrs_id: int, rating: int | None = None
) -> dict:
    """The new scheduling state after one answer given at `when` (aware, UTC).

    `rating` is the student's own grade of a flashcard, FSRS's `Rating` (1 Again, 2 Hard,
    3 Good, 4 Easy); without one, a right answer is Good and a wrong one Again.
    Raises ValueError for a rating outside 1–4 or one that disagrees with `correct`.
    """
    from fsrs import Card, Rating

    if rating is None:
        rating = Rating.Good if correct else Rating.Again
    elif rating not in (1, 2, 3, 4) or (rating > 1) != correct:
        raise ValueError(f"rating {rating} does not fit an answer marked {'right' if correct else 'wrong'}")
    when = when.astimezone(UTC)
    card = Card.from_dict(cast("CardDict", schedule)) if schedule else Card(card_id=fsrs_id, due=when)
    card, _log = _scheduler().review_card(card, Rating(rating), when)
    if correct:
        card.due = max(card.due, when + timedelta(days=MIN_DAYS_AFTER_RIGHT))
    else:
        card.due = min(card.due, when + timedelta(days=MAX_DAYS_AFTER_WRONG))
    return card.to_dict()


def due_at(schedule: dict) -> datetime:
    """When the question is next due (aware, UTC)."""
    return datetime.fromisoformat(schedule["due"])


def end_of_day(now: datetime, tz: tzinfo | None = None) -> datetime:
    """The next midnight after `now` in `tz` (the local time zone when None)."""
    local = now.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=local.tzinfo)


def is_due_today(schedule: dict | None, now: datetime, tz: tzinfo | None = None) -> bool:
    """Due before the day is out (local time): what "cards due today" counts."""
    return schedule is not None and due_at(schedule) < end_of_day(now, tz)


def retrievability(schedule: dict | None, now: datetime) -> float:
    """Probability (0–1) the student still recalls the card now; 0 if never reviewed."""
    if not schedule:
        return 0.0
    from fsrs import Card

    return float(_scheduler().get_card_retrievability(Card.from_dict(cast("CardDict", schedule)), now))
