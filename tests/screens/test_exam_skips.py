"""The exam's header counts answers given: a question given up on (enter twice on a blank) is
skipped, not answered (a fresh-user trial saw "6 answered" after skipping one)."""

from __future__ import annotations

from tests.screen_text import screen_text
from tests.screens.test_flow import start_typed_exam


async def test_a_skipped_question_is_counted_as_skipped_not_answered(make_app):
    app = make_app()
    async with app.run_test(size=(110, 30)) as pilot:
        await start_typed_exam(app, pilot)
        await pilot.press(*"in 1924", "enter")
        await pilot.press("enter", "enter")  # a blank answer, given up on
        await pilot.pause()
        text = screen_text(app)
        assert "Question 3 of 3 · 1 answered · 1 skipped" in text, text
        assert app.screen.quiz.answered_count == 1 and app.screen.quiz.skipped_count == 1
