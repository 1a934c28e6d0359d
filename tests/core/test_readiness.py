"""Exam readiness: the exam date per deck, predicted recall and score, the plan, cram selection."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW, FakeClock, build_sample_deck
from tests.generated_deck import build_generated_deck
from tui.core import readiness, scheduling
from tui.core.progress import ProgressStore
from tui.core.readiness import (
    DEFAULT_SECONDS_PER_CARD,
    assess_readiness,
    combine,
    cram_cards,
    cram_offered,
    exam_date,
    minutes_needed,
    new_card_recall,
    parse_exam_date,
    seconds_per_card,
    set_exam_date,
    topics_to_defer,
)

TODAY = FIXED_NOW.date()


def studied_store(deck, days: int = 10, seed: int = 3, clock: FakeClock | None = None) -> ProgressStore:
    """A store after `days` days of answers: new cards in deck order, then due ones, 70% right."""
    clock = clock or FakeClock(FIXED_NOW - timedelta(days=days))
    store = ProgressStore.in_memory(now=clock)
    rng = random.Random(seed)
    cards = [card.id for card in deck.cards]
    for day in range(days):
        for card_id in cards[day * 3 : day * 3 + 3]:
            store.record_answer(deck.id, card_id, rng.random() < 0.7, 10.0, "quiz")
        for card_id in store.due_card_ids(deck):
            store.record_answer(deck.id, card_id, rng.random() < 0.7, 10.0, "quiz")
        clock.advance(86400)
    return store


# -- the exam date -------------------------------------------------------------------


def test_exam_date_is_stored_per_deck_and_cleared():
    store = ProgressStore.in_memory()
    assert exam_date(store, "a") is None
    set_exam_date(store, "a", date(2027, 6, 14))
    set_exam_date(store, "b", date(2027, 5, 1))
    assert exam_date(store, "a") == date(2027, 6, 14)
    assert exam_date(store, "b") == date(2027, 5, 1)
    assert store.setting("exam_date:a") == "2027-06-14"
    set_exam_date(store, "a", None)
    assert exam_date(store, "a") is None
    assert exam_date(store, "b") == date(2027, 5, 1)


@pytest.mark.parametrize("stored", ["next June", "2027-13-01", 20270614, ["2027-06-14"], ""])
def test_a_bad_stored_exam_date_is_ignored(stored):
    store = ProgressStore.in_memory()
    store.set_setting("exam_date:a", stored)
    assert exam_date(store, "a") is None


def test_parse_exam_date_accepts_today_and_refuses_the_past_and_non_dates():
    assert parse_exam_date("2026-11-26", TODAY) == TODAY
    assert parse_exam_date(" 2027-11-26 ", TODAY) == date(2027, 11, 26)
    with pytest.raises(ValueError, match="has passed"):
        parse_exam_date("2026-11-25", TODAY)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_exam_date("26/11/2026", TODAY)


def test_an_exam_date_more_than_three_years_away_is_refused_and_a_stored_one_predicts_nothing():
    latest = TODAY + timedelta(days=readiness.MAX_DAYS_AHEAD)
    assert parse_exam_date(latest.isoformat(), TODAY) == latest
    with pytest.raises(ValueError, match=f"more than three years away: give one by {latest.isoformat()}"):
        parse_exam_date("9999-12-31", TODAY)
    store = ProgressStore.in_memory(now=FakeClock())
    deck = build_sample_deck()
    readiness.set_exam_date(store, deck.id, date(9999, 12, 31))  # written by hand, or before the limit
    assert readiness.readiness_for(store, deck, FIXED_NOW) is None
    readiness.set_exam_date(store, deck.id, latest)
    assert readiness.readiness_for(store, deck, FIXED_NOW) is not None


def test_cram_is_offered_in_the_last_three_days():
    assert [cram_offered(TODAY, TODAY + timedelta(days=n)) for n in (0, 3, 4)] == [True, True, False]
    assert not cram_offered(TODAY, TODAY - timedelta(days=1))


# -- the student's own figures ----------------------------------------------------------


def test_seconds_per_card_starts_at_the_default_and_moves_to_the_students_own():
    assert seconds_per_card([]) == DEFAULT_SECONDS_PER_CARD
    store = ProgressStore.in_memory()
    for n in range(200):
        store.record_answer("d", f"c{n % 20}", True, 6.0, "quiz")
    assert 6.0 < seconds_per_card(store.all_question_stats("d").values()) < 6.5


def test_new_card_recall_counts_first_answers_against_a_prior():
    store = ProgressStore.in_memory()
    assert new_card_recall([]).mean == pytest.approx(0.4)
    for n in range(30):
        store.record_answer("d", f"c{n}", n % 10 != 0, 5.0, "quiz")  # 27 of 30 right first time
        store.record_answer("d", f"c{n}", False, 5.0, "quiz")  # later misses do not count
    recall = new_card_recall(store.all_question_stats("d").values())
    assert recall.first_answers == 30
    assert recall.mean == pytest.approx((2 + 27) / (5 + 30))


# -- scores -----------------------------------------------------------------------------


def test_score_range_holds_the_mean_and_narrows_with_more_cards():
    few = combine([0.8] * 10, [0.0] * 10)
    many = combine([0.8] * 1000, [0.0] * 1000)
    assert few.low < 0.8 < few.high
    assert many.high - many.low < few.high - few.low
    certain = combine([1.0] * 5, [0.0] * 5)
    assert (certain.low, certain.mean, certain.high) == (1.0, 1.0, 1.0)
    assert combine([], []).cards == 0


def test_shared_uncertainty_of_recall_widens_the_range():
    assert combine([0.7] * 100, [0.1] * 100).low < combine([0.7] * 100, [0.0] * 100).low


# -- the forecast -------------------------------------------------------------------------


def test_a_deck_with_no_answers_is_predicted_from_the_prior_and_planned_from_today():
    deck = build_sample_deck()
    result = assess_readiness(deck, {}, TODAY + timedelta(days=10), FIXED_NOW, tz=UTC)
    assert result.days_left == 10
    assert result.now.mean == pytest.approx(0.4)
    assert result.without_plan.mean == pytest.approx(0.4)
    assert result.with_plan.mean > 0.8
    assert not any(card.seen for card in result.cards)
    assert result.today_cards  # new cards to meet today
    assert {t.name for t in result.topics} == {t.name for t in deck.topics}
    assert result.home_line().startswith("Exam in 10 days · predicted 40% (")


def test_an_answered_card_is_predicted_by_the_fsrs_forgetting_curve_at_the_exam():
    deck = build_sample_deck()
    store = studied_store(deck)
    stats = store.all_question_stats(deck.id)
    exam = TODAY + timedelta(days=30)
    result = assess_readiness(deck, stats, exam, FIXED_NOW, tz=UTC)
    moment = datetime(exam.year, exam.month, exam.day, readiness.EXAM_HOUR, tzinfo=UTC)
    scheduler = scheduling._scheduler()

    def curve(schedule: dict, when: datetime) -> float:
        """fsrs's forgetting curve (1 + FACTOR·t/S)^DECAY, t in days since the last answer, unrounded."""
        days = (when - datetime.fromisoformat(schedule["last_review"])).total_seconds() / 86400
        return (1 + scheduler._FACTOR * days / schedule["stability"]) ** scheduler._DECAY

    for card in result.cards:
        if card.seen:
            schedule, last = stats[card.card_id].schedule, stats[card.card_id].last_credit
            # whole days agree with fsrs's own figure; a missed card stays at its share
            whole = scheduling.retrievability(schedule, moment)
            assert card.without_plan == pytest.approx(min(curve(schedule, moment), last if last < 0.5 else 1))
            assert card.without_plan <= whole + 1e-9
            assert card.now == pytest.approx(last if last < 0.5 else curve(schedule, FIXED_NOW))
    assert result.with_plan.mean > result.without_plan.mean


def test_a_card_just_missed_is_not_predicted_known_now_though_fsrs_says_recall_is_one():
    deck = build_sample_deck()
    clock = FakeClock(FIXED_NOW - timedelta(seconds=30))
    store = ProgressStore.in_memory(now=clock)
    right, missed, part, half = (card.id for card in deck.cards[:4])
    store.record_answer(deck.id, right, True, 5.0, "quiz")
    store.record_answer(deck.id, missed, False, 5.0, "quiz")
    store.record_answer(deck.id, part, False, 5.0, "quiz", credit=0.25)
    store.record_answer(deck.id, half, False, 5.0, "quiz", credit=0.5)
    stats = store.all_question_stats(deck.id)
    assert scheduling.retrievability(stats[missed].schedule, FIXED_NOW) > 0.95  # fsrs: just shown
    result = assess_readiness(deck, stats, TODAY + timedelta(days=20), FIXED_NOW, tz=UTC)
    now = {card.card_id: card.now for card in result.cards}
    assert now[missed] == 0.0
    assert now[part] == 0.25
    assert now[right] > 0.95 and now[half] > 0.95  # half the marks or more counts as right
    # doing nothing never raises a card: the missed ones stay at their share on the exam day too
    without = {card.card_id: card.without_plan for card in result.cards}
    assert without[missed] == 0.0 and without[part] == 0.25
    assert all(without[c] <= now[c] + 1e-9 for c in now)
    chart = assess_readiness(deck, stats, TODAY + timedelta(days=20), FIXED_NOW, tz=UTC, trajectory=True)
    assert chart.trajectory[0].without_plan <= chart.now.mean + 1e-9
    # answered right again, the card counts by the forgetting curve once more
    store.record_answer(deck.id, missed, True, 5.0, "quiz")
    again = assess_readiness(
        deck, store.all_question_stats(deck.id), TODAY + timedelta(days=20), FIXED_NOW, tz=UTC
    )
    assert {card.card_id: card.now for card in again.cards}[missed] > 0.95


def test_the_simulation_agrees_with_the_fsrs_scheduler():
    """The float copy of fsrs used by the planner gives what `scheduling.review` stores."""
    memory = readiness._Memory()
    rng = random.Random(5)
    for _ in range(20):
        when = FIXED_NOW
        schedule = scheduling.review(None, right := rng.random() < 0.6, when, 1)
        stability, difficulty = memory.first(right)
        for _answer in range(5):
            gap = rng.choice([0, 1, 2, 5, 13])
            when += timedelta(days=gap)
            right = rng.random() < 0.6
            schedule = scheduling.review(schedule, right, when, 1)
            stability, difficulty = memory.review(stability, difficulty, gap, right)
            assert stability == pytest.approx(schedule["stability"])
            assert difficulty == pytest.approx(schedule["difficulty"])
        later = when + timedelta(days=9)
        assert memory.recall(stability, 9) == pytest.approx(scheduling.retrievability(schedule, later))


def test_exam_today_has_no_plan_and_cram_ranks_the_weakest_first():
    deck = build_sample_deck()
    stats = studied_store(deck).all_question_stats(deck.id)
    result = assess_readiness(deck, stats, TODAY, FIXED_NOW, tz=UTC)
    assert result.days_left == 0 and result.days == () and result.today_cards == ()
    assert result.with_plan == result.without_plan
    assert result.home_line().startswith("Exam today · predicted ")
    cram = cram_cards(result, minutes=1)
    recall = {card.card_id: card.without_plan for card in result.cards}
    assert len(cram) == 60 // round(result.seconds_per_card)
    assert [recall[c] for c in cram] == sorted(recall[c] for c in cram)
    assert max(recall[c] for c in cram) <= min(recall[c] for c in recall if c not in cram)


def test_an_exam_date_in_the_past_is_refused():
    with pytest.raises(ValueError, match="has passed"):
        assess_readiness(build_sample_deck(), {}, TODAY - timedelta(days=1), FIXED_NOW, tz=UTC)


def test_an_exam_in_a_year_places_each_cards_last_review_near_the_exam():
    deck = build_sample_deck()
    stats = studied_store(deck).all_question_stats(deck.id)
    exam = TODAY + timedelta(days=365)
    result = assess_readiness(deck, stats, exam, FIXED_NOW, tz=UTC)
    assert len(result.days) == 365 and result.days[-1].day == exam - timedelta(days=1)
    last_review = {}
    for day in result.days:
        for card_id in day.card_ids:
            last_review[card_id] = day.day
    assert set(last_review) == {card.id for card in deck.cards}
    # spaced out over the year, but the last review of each card falls in the final week
    assert all((exam - when).days <= readiness.LAST_REVIEW_DAYS for when in last_review.values())
    assert result.target_met


def test_the_same_history_gives_the_same_plan():
    deck = build_sample_deck()
    stats = studied_store(deck).all_question_stats(deck.id)
    first = assess_readiness(deck, stats, TODAY + timedelta(days=20), FIXED_NOW, tz=UTC)
    again = assess_readiness(deck, stats, TODAY + timedelta(days=20), FIXED_NOW, tz=UTC)
    assert first.as_dict() == again.as_dict()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    minutes=st.integers(min_value=1, max_value=40),
    days=st.integers(min_value=0, max_value=40),
    studied=st.integers(min_value=0, max_value=12),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_the_plan_never_exceeds_the_daily_budget(minutes, days, studied, seed):
    deck = build_generated_deck(60, 4)
    stats = studied_store(deck, days=studied, seed=seed).all_question_stats(deck.id)
    result = assess_readiness(deck, stats, TODAY + timedelta(days=days), FIXED_NOW, minutes=minutes, tz=UTC)
    assert len(result.days) == days
    for day in result.days:
        assert day.seconds <= minutes * 60
        assert len(set(day.card_ids)) == len(day.card_ids)
    assert {day.day for day in result.days} == {TODAY + timedelta(days=d) for d in range(days)}


def test_a_short_budget_says_what_would_meet_the_target():
    deck = build_generated_deck(200, 5)
    exam = TODAY + timedelta(days=21)
    result = assess_readiness(deck, {}, exam, FIXED_NOW, minutes=5, tz=UTC)
    assert not result.target_met
    needed = minutes_needed(deck, {}, exam, FIXED_NOW, tz=UTC)
    assert needed is not None and needed > 5
    assert assess_readiness(deck, {}, exam, FIXED_NOW, minutes=needed, tz=UTC).target_met
    assert not assess_readiness(deck, {}, exam, FIXED_NOW, minutes=needed - 1, tz=UTC).target_met
    deferred = topics_to_defer(result, deck, {}, FIXED_NOW, tz=UTC)
    kept = [t.name for t in deck.topics if t.name not in deferred]
    assert deferred and kept
    ids = [card_id for name in kept for card_id in deck.topic(name).card_ids]
    assert assess_readiness(deck, {}, exam, FIXED_NOW, minutes=5, tz=UTC, card_ids=ids).target_met


def test_the_trajectory_runs_from_todays_score_to_the_exam_days():
    deck = build_sample_deck()
    stats = studied_store(deck, days=2).all_question_stats(deck.id)  # some cards still unseen
    exam = TODAY + timedelta(days=200)
    result = assess_readiness(deck, stats, exam, FIXED_NOW, tz=UTC, trajectory=True)
    points = result.trajectory
    assert points[0].day == TODAY and points[-1].day == exam
    assert points[0].without_plan == pytest.approx(result.now.mean)
    assert (points[-1].without_plan, points[-1].with_plan) == (
        result.without_plan.mean,
        result.with_plan.mean,
    )
    assert len(points) <= readiness.TRAJECTORY_POINTS + 1
    assert [p.day for p in points] == sorted(p.day for p in points)
    assert assess_readiness(deck, stats, exam, FIXED_NOW, tz=UTC).trajectory == ()


@given(
    recalls=st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=50),
    spread=st.floats(min_value=0, max_value=0.5),
)
def test_a_score_range_always_holds_its_mean_within_zero_and_one(recalls, spread):
    score = combine(recalls, [spread] * len(recalls))
    assert 0.0 <= score.low <= score.mean + 1e-12 and score.mean - 1e-12 <= score.high <= 1.0
    assert score.cards == len(recalls)


@given(st.dates(min_value=TODAY, max_value=date(2100, 1, 1)))
def test_any_date_from_today_to_three_years_on_is_accepted_as_typed_and_later_ones_refused(when):
    if (when - TODAY).days <= readiness.MAX_DAYS_AHEAD:
        assert parse_exam_date(when.isoformat(), TODAY) == when
    else:
        with pytest.raises(ValueError, match="more than three years away"):
            parse_exam_date(when.isoformat(), TODAY)


def test_readiness_for_reads_the_date_and_answers_from_the_store():
    deck = build_sample_deck()
    store = studied_store(deck)
    assert readiness.readiness_for(store, deck, FIXED_NOW, tz=UTC) is None
    set_exam_date(store, deck.id, TODAY - timedelta(days=1))
    assert (
        readiness.readiness_for(store, deck, FIXED_NOW, tz=UTC) is None
    )  # passed: the screens offer to reset it
    set_exam_date(store, deck.id, TODAY + timedelta(days=9))
    result = readiness.readiness_for(store, deck, FIXED_NOW, tz=UTC)
    assert result is not None and result.days_left == 9
    expected = assess_readiness(
        deck, store.all_question_stats(deck.id), TODAY + timedelta(days=9), FIXED_NOW, tz=UTC
    )
    assert result.as_dict() == expected.as_dict()


def test_a_score_with_no_spread_reads_as_one_figure():
    from tui.core.readiness import Score

    assert Score(2 / 3, 2 / 3, 2 / 3, 3).text() == "67%"
    assert Score(0.71, 0.64, 0.78, 20).text() == "71% (64–78)"
