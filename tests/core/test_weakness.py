"""Weak-spot ranking on hand-made histories, leeches, ties, and rank moves."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW, FakeClock
from tui.core import scheduling
from tui.core.progress import RECENT_OUTCOMES, AccuracySummary, ProgressStore, QuestionStats
from tui.core.weakness import (
    LEECH_MISSES,
    WEAK_AT,
    due_today,
    is_leech,
    leech_each,
    rank_moves,
    rank_weak_spots,
    topics_weakest_first,
    weak_questions,
    weakness_score,
    weighted_accuracy,
)

T, F = True, False


def history(
    card_id: str, outcomes: list[bool], days_ago: float = 1.0, schedule: dict | None = None
) -> QuestionStats:
    """The stats the progress store keeps after these answers, the last one `days_ago`."""
    lapses = sum(1 for before, after in itertools.pairwise(outcomes) if before and not after)
    streak = 0
    for outcome in outcomes:
        streak = streak + 1 if outcome else 0
    return QuestionStats(
        deck_id="d",
        card_id=card_id,
        attempts=len(outcomes),
        correct=sum(outcomes),
        streak=streak,
        lapses=lapses,
        recent=tuple(outcomes[-RECENT_OUTCOMES:]),
        last_answered=FIXED_NOW - timedelta(days=days_ago),
        schedule=schedule,
    )


# Expected order, weakest first. Each case says why it sits where it does.
RANKING_CASES = [
    ("missed-5-of-5", [F, F, F, F, F], 1),  # never right, and often tried
    ("missed-3-of-3", [F, F, F], 1),
    ("missed-only-try", [F], 1),  # one miss is weak, but less sure than three
    ("right-3-then-missed-2", [T, T, T, F, F], 1),  # forgetting: two recent misses and a lapse
    ("right-3-then-missed-1", [T, T, T, F], 1),  # a lapse on the newest answer
    ("right-only-try", [T], 1),  # 1/1 is not mastery
    ("missed-then-right-3", [F, T, T, T], 1),  # recovering: the newest answers count most
    ("right-5-of-5", [T, T, T, T, T], 1),
]


def test_ranking_of_hand_made_histories():
    stats = {card_id: history(card_id, outcomes, days) for card_id, outcomes, days in reversed(RANKING_CASES)}
    ranked = [spot.card_id for spot in rank_weak_spots(stats, FIXED_NOW)]
    assert ranked == [card_id for card_id, _outcomes, _days in RANKING_CASES]


def test_one_right_answer_is_not_mastery_and_one_miss_is_not_the_worst():
    assert weighted_accuracy(history("a", [T])) < weighted_accuracy(history("b", [T, T, T])) < 1
    assert weakness_score(history("a", [F]), FIXED_NOW) < weakness_score(history("b", [F, F]), FIXED_NOW)


def test_time_since_last_seen_raises_weakness():
    fresh = history("fresh", [T, T, T, T, T], days_ago=0)
    stale = history("stale", [T, T, T, T, T], days_ago=60)
    assert [s.card_id for s in rank_weak_spots([fresh, stale], FIXED_NOW)] == ["stale", "fresh"]


def test_lapses_raise_weakness_for_the_same_recent_answers():
    steady = QuestionStats("d", "steady", attempts=4, correct=2, recent=(F, F, T, T), last_answered=FIXED_NOW)
    lapsing = QuestionStats(
        "d", "lapsing", attempts=4, correct=2, lapses=2, recent=(F, F, T, T), last_answered=FIXED_NOW
    )
    assert weakness_score(lapsing, FIXED_NOW) > weakness_score(steady, FIXED_NOW)


def test_newer_answers_weigh_more_than_older_ones():
    old_miss = history("old-miss", [F, T, T, T, T, T])
    new_miss = history("new-miss", [T, T, T, T, T, F])
    assert weakness_score(new_miss, FIXED_NOW) > weakness_score(old_miss, FIXED_NOW)


def test_unanswered_questions_are_not_ranked():
    stats = [history("answered", [F]), QuestionStats("d", "never")]
    assert [s.card_id for s in rank_weak_spots(stats, FIXED_NOW)] == ["answered"]


@pytest.mark.parametrize(
    ("outcomes", "leech"),
    [
        ([F] * 7, False),
        ([F] * 8, True),
        ([T, F] * 8, True),  # 8 misses among 16 answers: still a leech, as in Anki
        ([F] * 7 + [T] * 30, False),
    ],
)
def test_a_question_missed_eight_times_is_a_leech(outcomes, leech):
    stats = history("q", outcomes)
    assert is_leech(stats) is leech
    assert rank_weak_spots([stats], FIXED_NOW)[0].leech is leech
    assert LEECH_MISSES == 8


@given(answers=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=20))
def test_leeches_in_a_column_are_those_of_the_rule(answers):
    """`leech_each`, the column form `revise stats` uses: missed `LEECH_MISSES` times or more."""
    attempts = [right + missed for right, missed in answers]
    correct = [right for right, _missed in answers]
    assert leech_each(attempts, correct) == [missed >= LEECH_MISSES for _right, missed in answers]


def test_equal_scores_go_to_the_lower_retrievability():
    clock = FakeClock(FIXED_NOW - timedelta(days=10))
    store = ProgressStore.in_memory(now=clock)
    # "aa-steady" was learnt over days (high stability); "zz-crammed" in one go.
    for _day in range(3):
        store.record_answer("d", "aa-steady", True, 1.0, "quiz")
        clock.advance(3 * 86400)
    clock.current = FIXED_NOW - timedelta(days=3)
    store.record_answer("d", "zz-crammed", True, 1.0, "quiz")
    steady = store.question_stats("d", "aa-steady")
    crammed = store.question_stats("d", "zz-crammed")
    # Same answers, same moment last seen: only the schedules differ.
    same = dict(recent=(T, T, T), attempts=3, correct=3, last_answered=FIXED_NOW - timedelta(days=3))
    steady = QuestionStats("d", "aa-steady", schedule=steady.schedule, **same)
    crammed = QuestionStats("d", "zz-crammed", schedule=crammed.schedule, **same)
    assert weakness_score(steady, FIXED_NOW) == weakness_score(crammed, FIXED_NOW)
    assert scheduling.retrievability(crammed.schedule, FIXED_NOW) < scheduling.retrievability(
        steady.schedule, FIXED_NOW
    )
    assert [s.card_id for s in rank_weak_spots([steady, crammed], FIXED_NOW)] == ["zz-crammed", "aa-steady"]


def test_weak_questions_counts_only_scores_from_the_threshold_up():
    stats = [history("missed", [F, F]), history("right", [T, T, T]), history("once-right", [T])]
    weak = weak_questions(stats, FIXED_NOW)
    assert [s.card_id for s in weak] == ["missed"]
    assert all(s.score >= WEAK_AT for s in weak)


def test_due_today_lists_cards_due_before_local_midnight_most_overdue_first():
    utc = UTC
    clock = FakeClock(datetime(2026, 11, 24, 18, 0, tzinfo=utc))
    store = ProgressStore.in_memory(now=clock)
    store.record_answer("d", "missed-two-days-ago", False, 1.0, "quiz")  # due 25th 18:00
    clock.current = datetime(2026, 11, 25, 20, 0, tzinfo=utc)
    store.record_answer("d", "missed-last-night", False, 1.0, "quiz")  # due 26th 20:00
    store.record_answer("d", "right-last-night", True, 1.0, "quiz")  # due 27th or later
    morning = datetime(2026, 11, 26, 8, 0, tzinfo=utc)
    stats = store.all_question_stats("d")
    assert due_today(stats, morning, utc) == ["missed-two-days-ago", "missed-last-night"]
    # Ten hours east it is already the 27th at 06:00 there: the rest of the 27th counts as today.
    east = timezone(timedelta(hours=10))
    assert due_today(stats, datetime(2026, 11, 26, 20, 0, tzinfo=utc), east) == [
        "missed-two-days-ago",
        "missed-last-night",
    ]


def test_due_today_of_a_deck_leaves_out_cards_it_no_longer_has(sample_deck):
    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    kept = sample_deck.cards[0].id
    for card in (kept, "dropped-from-the-deck"):
        store.record_answer(sample_deck.id, card, False, 1.0, "quiz")
    clock.advance(86400)
    stats = store.all_question_stats(sample_deck.id)
    assert due_today(stats, clock()) == sorted([kept, "dropped-from-the-deck"])
    assert due_today(stats, clock(), deck=sample_deck) == [kept]
    assert [s.card_id for s in weak_questions(stats, clock(), deck=sample_deck)] == [kept]


def test_topics_weakest_first_puts_unanswered_topics_last_and_keeps_deck_order_for_ties():
    def summary(attempts: int, correct: int) -> AccuracySummary:
        return AccuracySummary(cards=5, answered=min(attempts, 5), attempts=attempts, correct=correct)

    summaries = {
        "never-a": summary(0, 0),
        "half-a": summary(4, 2),
        "all-right": summary(3, 3),
        "never-b": summary(0, 0),
        "none-right": summary(2, 0),
        "half-b": summary(2, 1),
    }
    order = [name for name, _ in topics_weakest_first(summaries)]
    assert order == ["none-right", "half-a", "half-b", "all-right", "never-a", "never-b"]


def test_rank_moves_counts_places_up_and_down():
    before = ["a", "b", "c", "d"]
    after = ["c", "a", "d", "b", "new"]
    assert rank_moves(before, after) == {"c": 2, "a": -1, "d": 1, "b": -2}


outcome_lists = st.lists(st.booleans(), min_size=1, max_size=30)


@given(outcome_lists, st.floats(min_value=0, max_value=400))
def test_a_right_answer_never_makes_a_question_weaker(outcomes, days_ago):
    before = history("q", outcomes, days_ago)
    after = history("q", [*outcomes, T], days_ago)
    assert weakness_score(after, FIXED_NOW) <= weakness_score(before, FIXED_NOW) + 1e-9


@given(outcome_lists, st.floats(min_value=0, max_value=400))
def test_a_wrong_answer_never_makes_a_question_stronger(outcomes, days_ago):
    before = history("q", outcomes, days_ago)
    after = history("q", [*outcomes, F], days_ago)
    assert weakness_score(after, FIXED_NOW) >= weakness_score(before, FIXED_NOW) - 1e-9


@given(outcome_lists, st.floats(min_value=0, max_value=4000))
def test_scores_stay_in_their_range(outcomes, days_ago):
    score = weakness_score(history("q", outcomes, days_ago), FIXED_NOW)
    assert 0.0 < score < 1.0 + 0.05 * 4 + 0.15
