"""Snapshots of the card reader: a card's front, and its back with a consequence and a bullet."""

from __future__ import annotations

import random

from tests.conftest import FakeClock
from tui.core.deck import Card, Deck, Topic
from tui.core.progress import ProgressStore


def reader_app():
    from tui.app import RevisionApp

    cards = [
        Card(
            "genoa",
            "Early diplomacy",
            "What did the 1922 Genoa Conference offer?",
            "Credit and loans to USSR in return for the settlement of debts from the Tsarist era "
            "+ the restoration of foreign business\n= USSR refused",
        ),
        Card(
            "anti-comintern",
            "Early diplomacy",
            "What was the Anti-Comintern pact 1936?",
            "Alliance between Germany and Japan against the USSR\n- Italy join in 1937\n= stop the activities of comintern",
        ),
    ]
    deck = Deck("reader", "Reader deck", [Topic("Early diplomacy", ("genoa", "anti-comintern"))], cards)
    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    for right in (True, False, True):
        store.record_answer("reader", "anti-comintern", right, 5.0, "quiz")
    clock.advance(86400 + 3600)
    return RevisionApp(deck, store, now=clock, rng=random.Random(1), animations=False)


def test_card_reader_front(snap_compare):
    assert snap_compare(reader_app(), press=["t", "enter"], terminal_size=(80, 24))


def test_card_reader_back_with_record(snap_compare):
    assert snap_compare(reader_app(), press=["t", "enter", "j", "space"], terminal_size=(80, 24))
