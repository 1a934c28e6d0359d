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
        pilot.app.writer.wait_until_saved()  # then "3 answers saved" is surely on the paper
        await pilot.pause()

    assert snap_compare(quiz_app(clock), run_before=run_before, terminal_size=SIZE)


# -- mark points: the checklist, marks on the results, undo (the shipped deck's Hitler question) --

MARKS_SIZE = (90, 36)  # room for the paper of marks too; the checklist at 80×24 is in test_flow.py
HITLER = "barbarossa-motives-1941"
TWO_POINTS = "He wanted Lebensraum and he hated Bolshevism"


async def answer_box_focused(pilot) -> None:
    """Wait (by frames, not time) until the next question's answer box has focus: its cursor is drawn."""
    from textual.widgets import Input

    for _ in range(100):
        if isinstance(pilot.app.focused, Input):
            break
        await pilot.pause()
    await pilot.pause()


def shipped_quiz_app():
    from tests.screens.screen_tour import shipped_deck
    from tui.app import RevisionApp

    clock = FakeClock()
    store = ProgressStore.in_memory(now=clock)
    return RevisionApp(shipped_deck(), store, now=clock, rng=random.Random(2), animations=False)


def test_typed_answer_checklist(snap_compare):
    async def run_before(pilot):
        pilot.app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*TWO_POINTS, "enter")
        pilot.app.context.now.advance(2)  # the checklist read: its keys act
        await pilot.press("3")  # "3": the student ticks a point the marker missed

    assert snap_compare(shipped_quiz_app(), run_before=run_before, terminal_size=MARKS_SIZE)


def test_results_in_marks(snap_compare):
    async def run_before(pilot):
        pilot.app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*TWO_POINTS, "enter")
        pilot.app.context.now.advance(2)  # the checklist read: its keys act
        await pilot.press("enter")
        await pilot.press(*"idk", "enter", "enter")
        while type(pilot.app.screen).__name__ == "QuizScreen":  # the missed card, relearned
            await answer_box_focused(pilot)
            await pilot.press(*"idk", "enter", "enter")
            await pilot.pause()
        pilot.app.writer.wait_until_saved()  # "2 answers saved" surely on the paper
        await pilot.pause()

    assert snap_compare(shipped_quiz_app(), run_before=run_before, terminal_size=MARKS_SIZE)


def test_undo_offered_on_the_next_question(snap_compare):
    async def run_before(pilot):
        pilot.app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*TWO_POINTS, "enter")
        pilot.app.context.now.advance(2)  # the checklist read: its keys act
        await pilot.press("y")  # a mis-keyed "full marks": f4 undoes it
        await answer_box_focused(pilot)

    assert snap_compare(shipped_quiz_app(), run_before=run_before, terminal_size=MARKS_SIZE)


def test_undo_reopens_the_checklist(snap_compare):
    async def run_before(pilot):
        pilot.app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*TWO_POINTS, "enter")
        pilot.app.context.now.advance(2)  # the checklist read: its keys act
        await pilot.press("y", "f4")
        await pilot.pause()

    assert snap_compare(shipped_quiz_app(), run_before=run_before, terminal_size=MARKS_SIZE)
