"""Cram answers are recorded but leave every fsrs schedule byte-identical (issue 15)."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.conftest import FakeClock, build_sample_deck
from tui.core.progress import CRAM_MODE, ProgressStore


def _schedules(store: ProgressStore, deck_id: str) -> dict[str, str]:
    return {
        card_id: json.dumps(stats.schedule, sort_keys=True)
        for card_id, stats in store.all_question_stats(deck_id).items()
    }


def test_cram_leaves_every_schedule_byte_identical_and_counts_the_answers() -> None:
    deck = build_sample_deck()
    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    for i, card in enumerate(deck.cards[:6]):
        store.record_answer(deck.id, card.id, i % 3 != 0, 9.0, "quiz")
    before_schedules = _schedules(store, deck.id)
    before_stats = store.all_question_stats(deck.id)
    clock.advance(timedelta(days=5).total_seconds())
    for i, card in enumerate(deck.cards):  # answered and never-answered cards alike, right and wrong
        store.record_answer(deck.id, card.id, i % 2 == 0, 4.0, CRAM_MODE)
    after = store.all_question_stats(deck.id)
    for card_id, schedule in before_schedules.items():
        assert json.dumps(after[card_id].schedule, sort_keys=True) == schedule
        assert after[card_id].attempts == before_stats[card_id].attempts + 1
    for card in deck.cards[6:]:  # first met in a cram: counted, but no schedule begun
        assert after[card.id].attempts == 1
        assert after[card.id].schedule is None


def test_the_same_answer_outside_cram_does_reschedule() -> None:
    deck = build_sample_deck()
    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    card = deck.cards[0]
    store.record_answer(deck.id, card.id, True, 9.0, "quiz")
    before = _schedules(store, deck.id)[card.id]
    clock.advance(timedelta(days=5).total_seconds())
    store.record_answer(deck.id, card.id, True, 9.0, "review")
    assert _schedules(store, deck.id)[card.id] != before


def test_cram_schedules_survive_reopening_the_file(tmp_path) -> None:
    from tui.core.progress import open_store

    deck = build_sample_deck()
    clock = FakeClock()
    store = open_store(tmp_path, now=clock)
    store.record_answer(deck.id, deck.cards[0].id, False, 9.0, "quiz")
    before = _schedules(store, deck.id)
    clock.advance(86400 * 3)
    store.record_answer(deck.id, deck.cards[0].id, True, 9.0, CRAM_MODE)
    store.close()
    again = open_store(tmp_path, now=clock)
    try:
        assert _schedules(again, deck.id) == before
        assert again.question_stats(deck.id, deck.cards[0].id).attempts == 2
    finally:
        again.close()
