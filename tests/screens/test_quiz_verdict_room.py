"""The verdict's room is held from the question on: answering moves nothing, and never squeezes the question."""

from __future__ import annotations

import random

import pytest

from tests.conftest import FakeClock
from tests.screen_text import screen_text
from tests.screens.screen_tour import shipped_deck
from tui.app import RevisionApp
from tui.core.progress import ProgressStore


def regions(screen) -> dict[str, object]:
    """Where the question, each option and the verdict box are on screen."""
    ids = ["quiz-question", "quiz-feedback", *(f"quiz-option-{i}" for i in range(4))]
    return {name: screen.query_one(f"#{name}").region for name in ids}


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)])
async def test_answering_moves_nothing_where_the_verdict_room_is_held(size):
    clock = FakeClock()
    app = RevisionApp(shipped_deck(), ProgressStore.in_memory(now=clock), now=clock, rng=random.Random(5))
    held = 0
    async with app.run_test(size=size) as pilot:
        app.navigation.start_quiz()
        await pilot.pause()
        await pilot.press("enter")  # the default quiz: 10 multiple-choice questions, practice
        for _ in range(10):
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            main = screen.query_one("#quiz-main")
            feedback = screen.query_one("#quiz-feedback")
            if feedback.reserved is None:
                await pilot.press("1")
                await pilot.pause()
            else:
                held += 1
                assert main.max_scroll_y == 0  # held only where the question and its options fit above
                assert "Wrong" not in screen_text(app) and "Right" not in screen_text(app)  # blank until then
                before = regions(screen)
                await pilot.press("1")
                await pilot.pause()
                after = regions(screen)
                assert after["quiz-feedback"] == before["quiz-feedback"]  # the verdict fills the rows held
                if size != (80, 24):  # wide enough for the marks' column to be held too: nothing moved
                    assert after == before
            text = screen_text(app)
            assert "✓ Right" in text or "✗ Wrong" in text
            await pilot.press("enter")
    if size != (80, 24):  # at 80×24 the shipped deck's long options may keep all the room
        assert held >= 5
    else:  # there the options take the width until the marks come (they may wrap anew then)
        assert held >= 1
