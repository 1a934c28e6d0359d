"""Match the date: dealing, pairing, scoring and the best-time rule."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FakeClock
from tui.core.deck import DateEvent
from tui.core.matching import (
    DATES,
    EVENTS,
    MAX_PAIRS,
    MIN_PAIRS,
    PENALTY_SECONDS,
    AlreadyPaired,
    MatchBoard,
    MatchResult,
    NotEnoughEvents,
    best_after,
    date_key,
    deal_events,
)


def make_events(dates: list[str]) -> list[DateEvent]:
    return [DateEvent(date, int(date[:4]), f"event {i}", f"card-{i}") for i, date in enumerate(dates)]


# Few years, many events: same-date collisions are the common case.
dates_lists = st.lists(
    st.sampled_from(["1917", "1919", "1922", "1924", "1933", "1939", "1941", "1941-44", "1945"]), max_size=20
)


@given(dates=dates_lists, seed=st.integers(0, 2**32))
def test_a_dealt_board_never_holds_two_events_of_one_date(dates, seed):
    events = make_events(dates)
    distinct = len(set(dates))
    if distinct < MIN_PAIRS:
        with pytest.raises(NotEnoughEvents):
            deal_events(events, random.Random(seed))
        return
    board = MatchBoard.deal(events, random.Random(seed), FakeClock())
    assert board.size == min(MAX_PAIRS, distinct)
    assert len({date_key(e.date) for e in board.events}) == board.size
    assert all(e in events for e in board.events)
    assert sorted(board.dates) == sorted(e.date for e in board.events)


@given(dates=dates_lists, seed=st.integers(0, 2**32))
def test_every_board_is_solvable_by_pairing_each_event_with_its_own_date(dates, seed):
    if len(set(dates)) < MIN_PAIRS:
        return
    board = MatchBoard.deal(make_events(dates), random.Random(seed), FakeClock())
    for i, event in enumerate(board.events):
        # Exactly one date on the right reads as this event's date.
        (where,) = [j for j, date in enumerate(board.dates) if date == event.date]
        assert board.try_pair(i, where).correct
    assert board.is_cleared
    assert board.mistakes == 0
    assert board.first_time_right == board.size


def test_both_sides_are_shuffled_by_the_injected_random():
    events = make_events(["1917", "1919", "1922", "1924", "1933", "1939"])
    layouts = {
        (tuple(e.date for e in b.events), b.dates)
        for b in (MatchBoard(events, random.Random(seed), FakeClock()) for seed in range(20))
    }
    assert len(layouts) > 10
    again = [MatchBoard(events, random.Random(3), FakeClock()) for _ in range(2)]
    assert again[0].events == again[1].events and again[0].dates == again[1].dates


def test_a_small_topic_makes_a_small_board_and_too_few_dates_make_none():
    assert (
        MatchBoard.deal(make_events(["1917", "1922", "1939", "1939"]), random.Random(1), FakeClock()).size
        == 3
    )
    with pytest.raises(NotEnoughEvents, match="2 dated events with different dates"):
        deal_events(make_events(["1917", "1917", "1922"]), random.Random(1))


def test_a_wrong_pair_is_a_mistake_and_only_the_first_attempt_answers_the_card():
    clock = FakeClock()
    board = MatchBoard(make_events(["1917", "1922", "1939"]), random.Random(5), clock)
    right = board.date_index_for(0)
    wrong = (right + 1) % 3
    clock.advance(2)
    first = board.try_pair(0, wrong)
    assert (first.correct, first.first_for_event, first.seconds) == (False, True, 2.0)
    clock.advance(1.5)
    second = board.try_pair(0, right)
    assert (second.correct, second.first_for_event, second.seconds) == (True, False, 1.5)
    assert board.mistakes == 1 and board.first_time_right == 0
    with pytest.raises(AlreadyPaired):
        board.try_pair(0, right)
    assert board.mistakes == 1


def test_the_clock_stops_when_the_board_is_cleared():
    clock = FakeClock()
    board = MatchBoard(make_events(["1917", "1922", "1939"]), random.Random(5), clock)
    for i in range(3):
        clock.advance(4)
        board.try_pair(i, board.date_index_for(i))
    clock.advance(100)
    assert board.elapsed() == 12.0
    result = board.result()
    assert (result.pairs, result.elapsed, result.mistakes) == (3, 12.0, 0)


@given(
    elapsed=st.floats(0, 10_000, allow_nan=False),
    mistakes=st.integers(0, 50),
    pairs=st.integers(MIN_PAIRS, MAX_PAIRS),
)
def test_final_time_is_elapsed_plus_the_penalty_per_mistake(elapsed, mistakes, pairs):
    result = MatchResult(pairs=pairs, elapsed=elapsed, mistakes=mistakes, first_time_right=0)
    assert result.final_seconds == pytest.approx(elapsed + PENALTY_SECONDS * mistakes, abs=0.01)
    assert result.counts_as_record == (elapsed / pairs >= 0.5)
    assert (result.why_not_a_record is None) == result.counts_as_record


def test_best_time_rules():
    slow = MatchResult(pairs=6, elapsed=30.0, mistakes=1, first_time_right=5)
    fast = MatchResult(pairs=6, elapsed=20.0, mistakes=0, first_time_right=6)
    scripted = MatchResult(pairs=6, elapsed=2.9, mistakes=0, first_time_right=6)
    assert best_after(None, slow) == (35.0, True)
    assert best_after(35.0, fast) == (20.0, True)
    assert best_after(20.0, slow) == (20.0, False)
    assert best_after(35.0, MatchResult(6, 35.0, 0, 6)) == (35.0, False)
    assert best_after(None, scripted) == (None, False)
    assert best_after(20.0, scripted) == (20.0, False)
    assert "0.48 s a pair is under the 0.5 s a pair minimum" in scripted.why_not_a_record
    # Exactly half a second a pair is allowed.
    assert MatchResult(pairs=6, elapsed=3.0, mistakes=0, first_time_right=6).counts_as_record


def test_a_board_refuses_shared_dates_and_bad_sizes():
    with pytest.raises(ValueError):
        MatchBoard(make_events(["1917", "1917", "1922"]), random.Random(1), FakeClock())
    with pytest.raises(ValueError):
        MatchBoard(make_events(["1917", "1922"]), random.Random(1), FakeClock())


def test_picking_an_event_then_a_date_tries_the_pair_and_flags_a_wrong_one():
    board = MatchBoard(make_events(["1917", "1922", "1939"]), random.Random(5), FakeClock())
    right = board.date_index_for(0)
    wrong = (right + 1) % 3
    assert board.pick(EVENTS, 0).outcome == "picked"
    assert board.side == DATES and board.picked[EVENTS] == 0  # the cursor waits for the date
    tried = board.pick(DATES, wrong)
    assert tried.outcome == "tried" and tried.attempt is not None and not tried.attempt.correct
    assert board.wrong == (0, wrong) and board.picked == {EVENTS: None, DATES: None}
    board.move(1)
    assert board.wrong is None  # the flag lasts until the next move
    assert board.pick(DATES, right).outcome == "picked"
    assert board.pick(DATES, right).outcome == "put_back"
    assert board.pick(DATES, right).outcome == "picked"
    assert board.pick(EVENTS, 0).attempt.correct
    assert board.pick(EVENTS, 0).outcome == "already_paired"
    assert board.pick(EVENTS, 5).outcome == "off_board"


def test_the_cursor_skips_paired_rows_and_settles_on_a_free_one():
    board = MatchBoard(make_events(["1917", "1922", "1939"]), random.Random(5), FakeClock())
    board.cursor[EVENTS] = 1
    board.try_pair(1, board.date_index_for(1))
    board.settle_cursors()
    assert board.cursor[EVENTS] == 0  # row 1 is paired: the first free row
    board.move(1)
    assert board.cursor[EVENTS] == 2  # over the paired row
    board.move(1)
    assert board.cursor[EVENTS] == 2  # the last free row: it stays
    board.switch_side()
    assert board.side == DATES
    assert board.pick_highlighted().outcome == "picked"
