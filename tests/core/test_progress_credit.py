"""Partial credit in the store, an undone answer replaced, match-the-date kept per event."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FakeClock
from tui.core.progress import ProgressStore, open_store
from tui.core.weakness import weakness_score


def test_credit_is_kept_per_answer_and_half_or_more_counts_as_right():
    store = ProgressStore.in_memory(now=FakeClock())
    store.record_answer("d", "c", False, 5.0, "quiz", credit=0.5)
    stats = store.record_answer("d", "c", True, 5.0, "quiz", credit=0.25)
    assert stats.recent_credit == (0.5, 0.25) and stats.mean_credit == 0.375
    assert stats.recent == (True, False)  # the credit decides, whatever `correct` said
    assert (stats.correct, stats.streak, stats.lapses) == (1, 0, 1)


def test_the_old_signature_records_full_or_no_credit():
    store = ProgressStore.in_memory(now=FakeClock())
    store.record_answer("d", "c", True, 3.0, "quiz")
    stats = store.record_answer("d", "c", False, 3.0, "quiz")
    assert stats.recent_credit == (1.0, 0.0) and stats.mean_credit == 0.5


def test_a_partial_answer_ranks_weaker_than_a_right_one_and_stronger_than_a_wrong_one():
    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    for card, credit in (("right", 1.0), ("part", 0.5), ("wrong", 0.0)):
        store.record_answer("d", card, credit >= 0.5, 4.0, "quiz", credit=credit)
    stats = store.all_question_stats("d")
    scores = {card: weakness_score(s, clock()) for card, s in stats.items()}
    assert scores["right"] < scores["part"] < scores["wrong"]
    summary = store.summarise("d", ["right", "part", "wrong"])
    assert summary.accuracy == 0.5  # mastery counts marks: 1 + 0.5 + 0 of 3


@given(st.lists(st.floats(0, 1), min_size=1, max_size=5), st.floats(0, 1), st.floats(0, 1))
def test_amending_the_last_answer_is_as_if_only_the_new_one_was_recorded(history, wrong, right):
    amended, direct = ProgressStore.in_memory(now=FakeClock()), ProgressStore.in_memory(now=FakeClock())
    for store in (amended, direct):
        for credit in history:
            store.record_answer("d", "c", False, 2.0, "quiz", credit=credit)
    amended.record_answer("d", "c", False, 2.0, "quiz", credit=wrong)
    amended.amend_last_answer("d", "c", False, 2.0, "quiz", credit=right)
    direct.record_answer("d", "c", False, 2.0, "quiz", credit=right)
    assert amended.question_stats("d", "c") == direct.question_stats("d", "c")


def test_amending_a_first_answer_leaves_one_attempt_on_disk(tmp_path):
    store = open_store(tmp_path, now=FakeClock())
    store.record_answer("d", "c", True, 2.0, "quiz", credit=1.0)
    store.amend_last_answer("d", "c", False, 2.0, "quiz", credit=0.25)
    store.close()
    reopened = open_store(tmp_path, now=FakeClock())
    stats = reopened.question_stats("d", "c")
    reopened.close()
    assert (stats.attempts, stats.correct, stats.recent_credit) == (1, 0, (0.25,))


def test_date_matches_are_kept_per_event_and_never_touch_the_question_record(tmp_path):
    store = open_store(tmp_path, now=FakeClock())
    store.record_answer("d", "pact", True, 2.0, "quiz", credit=1.0)
    before = store.all_question_stats("d")
    store.record_date_match("d", "pact", slipped=True)
    store.record_date_match("d", "pact", slipped=False)
    assert store.all_question_stats("d") == before
    store.close()
    reopened = open_store(tmp_path, now=FakeClock())
    event = reopened.date_match_stats("d")["pact"]
    reopened.close()
    assert (event.attempts, event.mistakes) == (2, 1) and event.last is not None


@pytest.mark.parametrize("credit", [float("nan"), -1.0, 2.0])
def test_a_credit_out_of_range_is_clamped(credit):
    stats = ProgressStore.in_memory(now=FakeClock()).record_answer("d", "c", True, 1.0, "quiz", credit=credit)
    assert 0.0 <= stats.recent_credit[0] <= 1.0


def test_dates_mixed_up_lists_the_events_that_slipped_most_first():
    from tests.conftest import build_sample_deck
    from tui.core.weakness import dates_mixed_up

    deck = build_sample_deck()
    first, second, third = (event.card_id for event in deck.events[:3])
    store = ProgressStore.in_memory(now=FakeClock())
    for card, slips in ((first, 1), (second, 2), (third, 0)):
        for n in range(2):
            store.record_date_match(deck.id, card, slipped=n < slips)
    store.record_date_match(deck.id, "not-in-the-deck", slipped=True)
    listed = dates_mixed_up(deck, store.date_match_stats(deck.id))
    assert [(event.card_id, stats.mistakes) for event, stats in listed] == [(second, 2), (first, 1)]
