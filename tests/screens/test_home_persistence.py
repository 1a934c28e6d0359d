"""Answers given in one run of the app are on the home screen of the next run (a real data folder)."""

from __future__ import annotations

import re

from tests.screen_text import screen_text
from tests.screens.test_quiz import TALL, open_setup, right_key, wrong_key
from tui.core.progress import open_store


async def test_a_quiz_in_one_run_shows_on_home_in_the_next(make_app, clock, tmp_path):
    store = open_store(tmp_path, now=clock)
    first = make_app(store=store)
    async with first.run_test(size=TALL) as pilot:
        await open_setup(first, pilot, ["Road to war"])  # three questions
        await pilot.press("enter")
        await pilot.pause()
        for right in (True, False, True):
            clock.advance(4)
            await pilot.press(right_key(first) if right else wrong_key(first))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert "Quiz — 2/3" in screen_text(first)
        first.writer.wait_until_saved()
    store.close()

    store = open_store(tmp_path, now=clock)
    second = make_app(store=store)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(second)
    store.close()
    assert re.search(r"Overall accuracy\s+.*67% per answer, all sessions", text)  # not marks: says so
    assert re.search(r"Questions answered\s+3 of 8 \(3 answers\)", text)
    assert re.search(r"Last session\s+Timed quiz · 2/3 marks · 26 Nov \d\d:\d\d", text)


async def test_a_fresh_data_folder_shows_no_answers_yet(make_app, clock, tmp_path):
    store = open_store(tmp_path / "new", now=clock)
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    store.close()
    assert re.search(r"Questions answered\s+none of 8 yet", text)
    assert re.search(r"Last session\s+none yet", text)
