"""Snapshots of the topics screen, without and with progress, at 80×24 and 120×40."""

from __future__ import annotations

import random

import pytest

from tests.conftest import FakeClock, build_sample_deck
from tui.core.progress import ProgressStore


def topics_app(with_progress: bool):
    from tui.app import RevisionApp

    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    if with_progress:
        for card_id, right in [
            ("rapallo", True),
            ("britain", False),
            ("britain", True),
            ("pact", True),
            ("czech", False),
            ("comintern", True),
        ]:
            store.record_answer("sample", card_id, right, 5.0, "quiz")
    return RevisionApp(build_sample_deck(), store, now=clock, rng=random.Random(1), animations=False)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_topics_not_started(snap_compare, size):
    assert snap_compare(topics_app(with_progress=False), press=["t"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_topics_with_progress_recognition_highlighted(snap_compare, size):
    assert snap_compare(topics_app(with_progress=True), press=["t", "down"], terminal_size=size)
