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
        session = app.writer.start_session("quiz", "sample")
        app.writer.record_answer(session, "rapallo", True, 3.0, "quiz")
        app.writer.record_answer(session, "czech", False, 3.0, "quiz")
        app.writer.finish_session(session, 1, 2, 6.0, notice_title="Quiz")
        app.writer.wait_until_saved()
        await pilot.pause()
        assert session.failed
        text = screen_text(app)
        assert text.count("Could not save") == 1  # told once, not once per answer
        assert "answers saved" not in text
        assert "Could not save" in text
        assert "disk is full" in text
        assert type(app.screen).__name__ == "HomeScreen"
