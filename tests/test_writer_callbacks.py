"""Callbacks from the writer thread run inside the app: a screen they open can compose."""

from __future__ import annotations

import threading

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from tests.conftest import FakeClock, build_sample_deck
from tui.app import RevisionApp
from tui.core.progress import ProgressStore


class Opened(Screen[None]):
    def compose(self) -> ComposeResult:
        with Vertical():  # a container as a context manager asks for the active app
            yield Static("opened from the writer thread")


async def test_a_screen_opened_from_the_writer_thread_composes():
    clock = FakeClock()
    app = RevisionApp(build_sample_deck(), ProgressStore.in_memory(now=clock), now=clock, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        thread = threading.Thread(target=lambda: app._call_soon(lambda: app.push_screen(Opened())))
        thread.start()
        thread.join()
        while not isinstance(app.screen, Opened):  # frames, not time: the callback is queued
            await pilot.pause()
        assert str(app.screen.query_one(Static).content) == "opened from the writer thread"
