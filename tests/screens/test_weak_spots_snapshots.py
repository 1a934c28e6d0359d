"""Snapshots of weak spots: the empty state, the table with topic bars and sparkline, a card."""

from __future__ import annotations

import random

import pytest

from tests.conftest import FakeClock, build_sample_deck
from tests.screens.test_weak_spots import seed_progress, utc_local_time  # noqa: F401 (fixture)
from tui.core.progress import ProgressStore


def weak_app(with_progress: bool):
    from tui.app import RevisionApp

    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    if with_progress:
        seed_progress(store, clock)
        for _ in range(8):  # one leech
            store.record_answer("sample", "zinoviev", False, 5.0, "quiz")
    return RevisionApp(build_sample_deck(), store, now=clock, rng=random.Random(1), animations=False)


def test_weak_spots_empty(snap_compare):
    assert snap_compare(weak_app(with_progress=False), press=["w"], terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_weak_spots_table_with_topic_bars_and_sparkline(snap_compare, size):
    assert snap_compare(weak_app(with_progress=True), press=["w"], terminal_size=size)


def test_weak_spots_card(snap_compare):
    assert snap_compare(weak_app(with_progress=True), press=["w", "down", "enter"], terminal_size=(80, 24))
