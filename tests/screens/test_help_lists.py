"""`?` lists the keys of the screen beneath, at 80×24, without the framework's scrolling keys."""

from __future__ import annotations

import re

from tests.screen_text import screen_lines, screen_text

SIZE = (80, 24)
SCROLLING = ("Scroll Up", "Scroll Left", "Page Right", "Page Down")


def help_rows(app) -> dict[str, str]:
    """description -> key, as the help box lists them (read between the box's borders)."""
    lines = screen_lines(app)
    title = next(line for line in lines if "Keys — " in line)
    left = title.rindex("│", 0, title.index("Keys — "))
    right = title.index("│", left + 1)
    rows = {}
    for line in lines:
        inside = re.sub(r"[\u2580-\u259f]+", "", line[left + 1 : right]).strip()  # the scrollbar's thumb
        if "  " in inside and not inside.startswith("Keys — "):
            key, description = inside.split("  ", 1)
            rows[description.strip()] = key.strip()
    return rows


async def test_help_on_topics_lists_its_keys_not_the_lists_scrolling(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert "Keys — Topics" in screen_text(app)
        for description, key in [
            ("Read", "enter"),
            ("Search", "/"),
            ("Quiz", "q"),
            ("Match dates", "m"),
            ("Back", "escape"),
            ("Down", "down"),
            ("Quit", "ctrl+q"),
        ]:
            assert rows.get(description) == key, (description, rows)
        assert not set(SCROLLING) & set(rows)


async def test_help_works_on_the_quiz_setup_modal(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert "? Help" in screen_lines(app)[-1]
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert "Keys — Quiz setup" in screen_text(app)
        assert rows.get("Start quiz") == "enter" and rows.get("All topics") == "a"
        assert rows.get("Next setting") == "↑↓" and rows.get("Change") == "←→"
        assert "left" not in rows.values()  # said once, as ←→
        assert not set(SCROLLING) & set(rows)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "QuizSetupScreen"
        await pilot.press("down")  # ↓ still moves to the next setting, not a scroll
        assert app.screen.focused.id == "setup-minutes"


async def test_help_on_results_lists_retry_and_home(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_quiz(["Road to war"])
        await pilot.pause()
        await pilot.press("enter")
        for key in "123":
            clock.advance(5)
            await pilot.press(key, "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen"
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert rows.get("Retry those below full marks") == "r" and rows.get("Home") == "enter"
        assert not set(SCROLLING) & set(rows)


async def test_help_while_typing_an_answer_lists_the_quizs_keys_not_the_text_boxs_internals(make_app):
    """A trial's help in the answer box listed Input's own bindings ("accept the completion
    suggestion") and none of f3/f4/f5: the quiz's keys for typing come first, in plain words."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain", "purges"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"in 19", "f1")  # nothing marked yet: f4 and f5 do nothing at this moment
        await pilot.pause()
        rows = help_rows(app)
        keys = {key: description for description, key in rows.items()}
        assert keys["enter"].startswith("Send your answer") and keys["f2"].startswith("Pause")
        assert keys["f4"].startswith("Undo last mark") and keys["f5"].startswith("Overrule mark")
        assert keys["escape"] == "Leave quiz"
        assert "f3" not in keys  # practice: no going back
        text = screen_text(app)
        assert "completion suggestion" not in text and "Scroll Up" not in text
        await pilot.press("pagedown", "pagedown")  # the editing keys, at the end
        await pilot.pause()
        rows = help_rows(app)
        assert (
            rows.get("Move the cursor") == "←→" and rows.get("Delete the word before the cursor") == "ctrl+w"
        )
        assert "completion suggestion" not in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.query_one("#quiz-typed").value == "in 19"
