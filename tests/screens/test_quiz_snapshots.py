"""Snapshots of the quiz at 80×24: setup, a question, feedback, self-marking, results (with the saved notice)."""

from __future__ import annotations

import random

from tests.conftest import FakeClock, build_sample_deck
from tui.core.progress import ProgressStore

SIZE = (80, 24)


def quiz_app(clock: FakeClock | None = None):
    from tui.app import RevisionApp

    clock = clock or FakeClock()
    store = ProgressStore.in_memory(now=clock)
    return RevisionApp(build_sample_deck(), store, now=clock, rng=random.Random(2), animations=False)


def test_quiz_setup(snap_compare):
    assert snap_compare(quiz_app(), press=["q"], terminal_size=SIZE)


def test_multiple_choice_question(snap_compare):
    clock = FakeClock()

    async def run_before(pilot):
        await pilot.press("q", "enter")
        clock.advance(42)
        await pilot.pause()
        pilot.app.screen.query_one("#quiz-clock").tick()

    assert snap_compare(quiz_app(clock), run_before=run_before, terminal_size=SIZE)


def test_practice_feedback(snap_compare):
    assert snap_compare(quiz_app(), press=["q", "enter", "1"], terminal_size=SIZE)


def test_typed_answer_awaiting_self_marking(snap_compare):

    async def run_before(pilot):
        pilot.app.navigation.start_review(["purges", "czech"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"the purges", "enter")

    assert snap_compare(quiz_app(), run_before=run_before, terminal_size=SIZE)


def test_results(snap_compare):
    clock = FakeClock()

    async def run_before(pilot):
        pilot.app.navigation.start_quiz(["Road to war"])
        await pilot.pause()
        await pilot.press("enter")
        for key in ("1", "2", "3"):
            clock.advance(7)
            await pilot.press(key, "enter")
        pilot.app.writer.wait_until_saved()  # then "3 answers saved" is surely up
        await pilot.pause()

    assert snap_compare(quiz_app(clock), run_before=run_before, terminal_size=SIZE)
