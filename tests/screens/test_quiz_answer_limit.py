"""A typed answer holds at most MAX_ANSWER_CHARS characters, and the box says so when it is full.

A tester typed 24,000 characters into an answer without bracketed paste: every key measured and
drew the whole text, the screen froze ~100 s and the quiz clock ran on. The box now stops at the
cap (a paste keeps what fits), with a visible note instead of a bell.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tests.screen_text import screen_text
from tests.screens.test_quiz import SIZE, open_setup
from tui.widgets.answer_box import AT_LIMIT, MAX_ANSWER_CHARS


async def start_typed_practice(app, pilot) -> Input:
    await open_setup(app, pilot)
    await pilot.press("down", "down", "right", "enter")  # typed answers, practice
    await pilot.pause()
    return app.screen.query_one("#quiz-typed", Input)


async def test_keys_past_the_cap_are_left_out_and_the_box_says_it_is_full(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        box = await start_typed_practice(app, pilot)
        box.insert_text_at_cursor("word " * ((MAX_ANSWER_CHARS - 3) // 5))
        await pilot.pause()
        assert AT_LIMIT not in screen_text(app)
        typed_so_far = box.value

        await pilot.press(*"abcdefgh")

        assert box.value == (typed_so_far + "abcdefgh")[:MAX_ANSWER_CHARS]
        assert len(box.value) == MAX_ANSWER_CHARS
        await pilot.pause()
        assert AT_LIMIT in screen_text(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert len(box.value) == MAX_ANSWER_CHARS - 1
        assert AT_LIMIT not in screen_text(app)  # room again: the note goes


async def test_a_long_paste_keeps_what_fits_and_the_answer_is_marked(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        box = await start_typed_practice(app, pilot)
        await pilot.press(*"1918 ")
        box.post_message(events.Paste("x" * (MAX_ANSWER_CHARS * 6)))
        await pilot.pause()
        assert box.value == "1918 " + "x" * (MAX_ANSWER_CHARS - 5)  # not refused whole
        assert AT_LIMIT in screen_text(app)
        question = app.screen.quiz.on_screen
        await pilot.press("enter")
        await pilot.pause()
        assert question.response == "1918 " + "x" * (MAX_ANSWER_CHARS - 5)  # handed in as shown
