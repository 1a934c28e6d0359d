"""A save that fails is told to the student, and the app keeps going."""

from __future__ import annotations

from tests.screen_text import screen_text
from tui.core.progress import ProgressError


async def test_a_failed_write_is_shown_as_an_error_notice(make_app, memory_store, monkeypatch):
    def full_disk(*args, **kwargs):
        raise ProgressError("progress.json: the disk is full (No space left on device)")

    monkeypatch.setattr(memory_store, "record_answer", full_disk)
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        future = app.save_answer("rapallo", True, 3.0, "quiz")
        for _ in range(20):
            await pilot.pause(0.05)
            if "Could not save" in screen_text(app):
                break
        assert future.exception() is not None
        text = screen_text(app)
        assert "Could not save" in text
        assert "disk is full" in text
        assert type(app.screen).__name__ == "HomeScreen"
