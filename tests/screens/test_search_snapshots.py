"""Snapshots of search results with the matched words highlighted."""

from __future__ import annotations

import random

from tests.conftest import FakeClock, build_sample_deck
from tui.core.progress import ProgressStore


def search_app():
    from tui.app import RevisionApp

    clock = FakeClock()
    return RevisionApp(
        build_sample_deck(),
        ProgressStore.in_memory(now=clock),
        now=clock,
        rng=random.Random(1),
        animations=False,
    )


def test_search_results_for_britain(snap_compare):
    keys = ["t", "slash", *"britain", "down"]
    assert snap_compare(search_app(), press=keys, terminal_size=(80, 24))


def test_search_with_no_match(snap_compare):
    keys = ["t", "slash", *"kremlin"]
    assert snap_compare(search_app(), press=keys, terminal_size=(80, 24))
