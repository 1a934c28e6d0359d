"""The verdict's room is held from the question on: answering moves nothing, and never squeezes the question."""

from __future__ import annotations

import random
import re

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


def shipped_quiz_app(seed: int) -> RevisionApp:
    """The app on the shipped deck with a fake clock and a seeded shuffle, for the default quiz."""
    clock = FakeClock()
    return RevisionApp(shipped_deck(), ProgressStore.in_memory(now=clock), now=clock, rng=random.Random(seed))


async def start_default_quiz(app: RevisionApp, pilot) -> None:
    """The quiz setup opened and taken as offered: 10 multiple-choice questions, practice."""
    app.navigation.start_quiz()
    await pilot.pause()
    await pilot.press("enter")


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)])
async def test_answering_moves_nothing_where_the_verdict_room_is_held(size):
    app = shipped_quiz_app(5)
    held = 0
    async with app.run_test(size=size) as pilot:
        await start_default_quiz(app, pilot)
        for _ in range(10):
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            main = screen.query_one("#quiz-main")
            feedback = screen.query_one("#quiz-feedback")
            if feedback.reserved is not None:
                held += 1
                assert main.max_scroll_y == 0  # held only where the question and its options fit above
            assert "Wrong" not in screen_text(app) and "Right" not in screen_text(app)  # blank until then
            fits = main.max_scroll_y == 0
            before = regions(screen)
            await pilot.press("1")
            await pilot.pause()
            # Held or not, the verdict fills lines that were there: the box's rows held, or the line
            # below the last option; the marks go in their column held, or on the lines below the options.
            # (Options taller than their room scroll to show the verdict's line below them.)
            if fits:
                assert regions(screen) == before
            text = screen_text(app)
            assert "✓ Right" in text or "✗ Wrong" in text
            await pilot.press("enter")
    if size != (80, 24):  # at 80×24 the shipped deck's long options may keep all the room
        assert held >= 5
    else:
        assert held >= 1


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_option_and_the_verdict_stay_in_view_after_an_answer(size):
    """Where the verdict box has no room under a question's options, the verdict's words go on the line
    below the last option: nothing scrolls out of view, and the marks say which was right in words."""
    app = shipped_quiz_app(7)
    below = 0
    async with app.run_test(size=size) as pilot:
        await start_default_quiz(app, pilot)
        for _ in range(10):
            await pilot.pause()
            await pilot.pause()
            screen = app.screen
            question = screen.quiz.on_screen
            fits = screen.query_one("#quiz-main").max_scroll_y == 0  # the question and options in view
            held = screen.query_one("#quiz-feedback").reserved is not None
            await pilot.press("2")
            await pilot.pause()
            text = screen_text(app)
            keys = [line.split()[0] for line in text.splitlines() if re.match(r"^\s+\d\s{2}\S", line)]
            if fits:
                assert keys == [str(n + 1) for n in range(len(question.options))]  # every option in view
            if not held:
                below += 1
                assert re.search(r"(✓ Right|✗ Wrong) · enter or space: next question", text)
            assert ("✗ your answer" in text) == (question.right_option != 1)
            assert "✓ right answer" in text or "✓ your answer, right" in text
            await pilot.press("enter")
    assert below >= 1  # the case is met at this size (the shipped deck's long options)


def drawn(app) -> list[list[tuple[str, object]]]:
    """Every cell of the screen with its style, row by row."""
    return [
        [(segment.text, segment.style) for segment in strip]
        for strip in app.screen._compositor.render_strips()
    ]


async def test_an_answer_shows_what_drawing_it_afresh_shows():
    """The verdict and the options' marks are drawn while the question is read: the answer's frame is
    the same, cell for cell and colour for colour, as drawing those widgets anew would be, through a
    change of theme and a resize between the question and the answer."""
    app = shipped_quiz_app(5)
    ahead = 0
    async with app.run_test(size=(100, 30)) as pilot:
        await start_default_quiz(app, pilot)
        for number in range(10):
            await pilot.pause()
            await pilot.pause()
            if number == 3:
                app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
                await pilot.pause()
            if number == 6:
                await pilot.resize_terminal(110, 32)
                await pilot.pause()
            await pilot.press("down", "1")
            await pilot.pause()
            screen = app.screen
            widgets = [
                screen.query_one(f"#{name}")
                for name in ("quiz-progress", "quiz-feedback", *(f"quiz-option-{i}" for i in range(4)))
            ]
            # the verdict, the line above and the chosen option at least (the theme's change: none)
            ahead += sum(widget.showing_drawn_ahead for widget in widgets) >= 3
            answered = drawn(app)
            assert "✓ Right" in screen_text(app) or "✗ Wrong" in screen_text(app)
            for widget in widgets:  # each drawn again from its content, as a Static draws it
                widget.update(widget.content, layout=False)
            await pilot.pause()
            assert not any(widget.showing_drawn_ahead for widget in widgets)
            assert answered == drawn(app), f"question {number + 1}"
            await pilot.press("enter")
    assert ahead >= 6  # most answers showed lines drawn ahead


MARK = re.compile(r"(↑ )?(✓ right answer|✓ your answer, right|✗ your answer)\s*$")


async def test_at_80x24_each_mark_is_on_its_options_line_or_points_up_at_it_and_the_verdict_is_the_questions():
    """With no column for the marks, a mark on the blank line between two options read as the next
    option's: it ends its own option's last line, or points up at it; the verdict starts at the
    question's left edge, ruled off, not indented as the last option's text."""
    app = shipped_quiz_app(7)
    below = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await start_default_quiz(app, pilot)
        for _ in range(10):
            await pilot.pause()
            await pilot.pause()
            held = app.screen.query_one("#quiz-feedback").reserved is not None
            await pilot.press("2")
            await pilot.pause()
            lines = screen_text(app).splitlines()
            marks = [(n, found) for n, line in enumerate(lines) if (found := MARK.search(line))]
            assert marks, "\n".join(lines)
            for n, found in marks:
                beside = lines[n][: found.start()].strip()
                if found[1]:  # on the line below its option: that line has nothing else but the verdict
                    assert not beside or re.match(r"[✓✗] (Right|Wrong) · ", beside), lines[n]
                    assert lines[n - 1].strip(), "the arrow points at the option's last line"
                else:
                    assert beside and not beside.startswith(("✓", "✗")), lines[n]  # the option's own text
            if not held:
                below += 1
                verdicts = [line for line in lines if re.match(r"  (✓ Right|✗ Wrong) · enter or space", line)]
                assert len(verdicts) == 1 and "──" in verdicts[0], "\n".join(lines)
            await pilot.press("enter")
    assert below >= 1
