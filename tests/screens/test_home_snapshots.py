"""Snapshots of the home dashboard on the sample deck at 80×24 and 120×40.

Help and the too-small message are in test_every_screen_snapshots.py.
"""

from __future__ import annotations

import random

import pytest

from tests.conftest import FakeClock, build_sample_deck
from tui.core.progress import ProgressStore


def home_app(with_progress: bool):
    from tui.app import RevisionApp

    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    if with_progress:
        for card_id, right in [("rapallo", True), ("britain", False), ("britain", False), ("pact", True)]:
            store.record_answer("sample", card_id, right, 5.0, "quiz")
        session = store.start_session("quiz", "sample", [])
        store.finish_session(session, score=2, questions=4, duration=42.0)
        store.record_match_time("sample", 5, 31.5)
    return RevisionApp(build_sample_deck(), store, now=clock, rng=random.Random(1), animations=False)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_home_first_start(snap_compare, size):
    assert snap_compare(home_app(with_progress=False), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_home_with_progress(snap_compare, size):
    assert snap_compare(home_app(with_progress=True), terminal_size=size)
