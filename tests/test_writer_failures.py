"""A failed save is told by its cause: a disk that may recover, or a change that never will (issue 13, item 5)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FakeClock
from tests.test_writer import make_writer
from tui.core.progress import ProgressError, ProgressStore


def failing_answers(monkeypatch, error: Exception):
    store = ProgressStore.in_memory(now=FakeClock())

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(store, "record_answer", fail)
    writer, ui = make_writer(store)
    session = writer.start_session("quiz", "deck")
    for _ in range(2):
        writer.record_answer(session, "card", True, 1.0, "quiz")
    writer.close()
    return writer, ui


def test_a_disk_failure_is_promised_with_the_next_save_and_not_counted_lost(monkeypatch):
    disk = ProgressError("Could not save progress to progress.json: No space left on device.")
    disk.__cause__ = OSError(28, "No space left on device")
    writer, ui = failing_answers(monkeypatch, disk)
    ((message, title, severity),) = ui.notices
    assert (title, severity) == ("Could not save", "error")
    assert "kept in memory and saved with the next one" in message
    assert writer.lost_writes == 0


def test_closing_again_after_a_failed_save_keeps_the_count_and_raises_nothing(monkeypatch):
    # The app closes the writer as it exits, the CLI once more after: the second close is a no-op.
    disk = ProgressError("Could not save progress to progress.json: No space left on device.")
    disk.__cause__ = OSError(28, "No space left on device")
    writer, _ui = failing_answers(monkeypatch, disk)
    writer.close()
    assert writer.unsaved_answers == 2


def test_a_bad_record_is_not_promised_and_every_lost_change_is_counted(monkeypatch):
    writer, ui = failing_answers(monkeypatch, ValueError("Out of range float values are not JSON compliant"))
    ((message, _title, _severity),) = ui.notices  # told once
    assert "with the next one" not in message
    assert "retrying will not help" in message and "Out of range float" in message
    assert writer.lost_writes == 2
    assert writer.lost_reason == "Out of range float values are not JSON compliant"


def test_a_lost_lock_is_never_promised_with_the_next_save(monkeypatch):
    from tui.core.progress import ProgressLockLostError

    lost = ProgressLockLostError(Path("data"), "The lock file was deleted")
    lost.__cause__ = OSError(2, "No such file or directory")  # the lock file was deleted
    writer, ui = failing_answers(monkeypatch, lost)
    ((message, _title, _severity),) = ui.notices
    assert "with the next one" not in message and "retrying will not help" in message
    assert writer.lost_writes == 2


async def test_a_backup_skipped_at_start_is_shown_as_a_warning():
    from tests.conftest import build_sample_deck
    from tui.app import RevisionApp

    store = ProgressStore.in_memory(now=FakeClock())
    store.warnings.append("Backup skipped: the disk is full. Your progress is still saved.")
    app = RevisionApp(build_sample_deck(), store, now=FakeClock(), animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notices = [notice.message for notice in app._notifications]
        assert "Backup skipped: the disk is full. Your progress is still saved." in notices
