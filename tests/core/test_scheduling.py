"""Spaced repetition with an injected clock: when a question comes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW, FakeClock
from tui.core import scheduling
from tui.core.progress import ProgressStore

UTC = UTC
DAY = 86400


def answer(outcomes: list[bool], gap_hours: float = 0.0) -> tuple[FakeClock, dict]:
    """Record these answers to one question, `gap_hours` apart; the clock stops at the last one."""
    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    for index, correct in enumerate(outcomes):
        if index:
            clock.advance(gap_hours * 3600)
        stats = store.record_answer("deck", "card", correct, 3.0, "quiz")
    return clock, stats.schedule


def tomorrow_evening(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=23, minutes=59
    )


def test_a_card_answered_right_today_is_not_due_tomorrow():
    clock, schedule = answer([True])
    assert not scheduling.is_due_today(schedule, clock(), UTC)
    assert scheduling.due_at(schedule) > tomorrow_evening(clock())
    assert not scheduling.is_due_today(schedule, clock() + timedelta(days=1), UTC)


def test_a_card_answered_wrong_is_due_again_within_a_day():
    clock, schedule = answer([False])
    assert scheduling.due_at(schedule) > clock()
    assert scheduling.due_at(schedule) <= clock() + timedelta(days=1)
    assert scheduling.is_due_today(schedule, clock() + timedelta(days=1), UTC)


def test_a_miss_then_a_right_answer_the_same_day_is_not_due_tomorrow():
    # A quiz, then a drill of the missed card: FSRS alone would bring it back tomorrow.
    clock, schedule = answer([False, True], gap_hours=0.2)
    assert scheduling.due_at(schedule) > tomorrow_evening(clock())


def test_right_answers_spread_out_push_the_card_further_away():
    clock, schedule = answer([True, True, True], gap_hours=24 * 4)
    assert scheduling.due_at(schedule) - clock() > timedelta(days=7)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=8), st.sampled_from([0.1, 5, 24, 24 * 3, 24 * 10]))
def test_any_history_ending_right_is_not_due_tomorrow_and_ending_wrong_is_due_within_a_day(outcomes, gap):
    clock, schedule = answer(outcomes, gap_hours=gap)
    due = scheduling.due_at(schedule)
    if outcomes[-1]:
        assert due >= clock() + timedelta(days=scheduling.MIN_DAYS_AFTER_RIGHT)
    else:
        assert clock() < due <= clock() + timedelta(days=scheduling.MAX_DAYS_AFTER_WRONG)


def test_retrievability_falls_with_time_and_is_zero_when_never_reviewed():
    clock, schedule = answer([True])
    assert scheduling.retrievability(None, clock()) == 0.0
    soon = scheduling.retrievability(schedule, clock() + timedelta(days=1))
    later = scheduling.retrievability(schedule, clock() + timedelta(days=30))
    assert 1.0 >= soon > later > 0.0


def test_end_of_day_is_the_next_local_midnight():
    assert scheduling.end_of_day(FIXED_NOW, UTC) == datetime(2026, 11, 27, tzinfo=UTC)
    east = timezone(timedelta(hours=10))  # 15:00 UTC is 01:00 on the 27th there
    assert scheduling.end_of_day(FIXED_NOW, east) == datetime(2026, 11, 28, tzinfo=east)


def test_fsrs_ids_are_stable_and_distinct():
    assert scheduling.stable_fsrs_id("deck", "card") == scheduling.stable_fsrs_id("deck", "card")
    assert scheduling.stable_fsrs_id("deck", "card") != scheduling.stable_fsrs_id("deck", "other")
    assert scheduling.stable_fsrs_id("deck", "card") > 0


def test_the_four_grades_space_a_new_card_further_apart_from_hard_to_easy():
    """FSRS's own order: Again soonest, Easy furthest; without a rating, right is Good."""
    from tui.core.scheduling import due_at, review

    when = FIXED_NOW
    due = {r: due_at(review(None, r > 1, when, 7, rating=r)) for r in (1, 2, 3, 4)}
    assert due[1] < due[2] <= due[3] < due[4]
    assert due_at(review(None, True, when, 7)) == due[3]
    assert due_at(review(None, False, when, 7)) == due[1]


def test_a_rating_that_disagrees_with_the_mark_is_refused():
    from tui.core.scheduling import review

    with pytest.raises(ValueError):
        review(None, True, FIXED_NOW, 7, rating=1)
    with pytest.raises(ValueError):
        review(None, False, FIXED_NOW, 7, rating=5)
