"""Issue 13: deleting or replacing the lock file (or the journal) never lets two copies both write."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from tui.core.progress import ProgressError, ProgressLockedError, ProgressLockLostError, open_store

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.skipif(os.name == "nt", reason="flock: POSIX")


def stored_attempts(folder: Path) -> int:
    """Answers saved in the folder: the snapshot with its journal replayed, as the next start reads it."""
    from tests.progress_files import saved_state

    tables = saved_state(folder)
    assert tables
    return sum(doc["attempts"] for doc in tables.get("questions", {}).values())


def test_a_deleted_lock_file_does_not_let_a_second_copy_in(tmp_path):
    first = open_store(tmp_path, now=lambda: NOW)
    for card in ("a", "b", "c"):
        first.record_answer("d", card, True, 2.0, "quiz")
    (tmp_path / "progress.json.lock").unlink()
    with pytest.raises(ProgressLockedError, match="Another copy of revise is already running"):
        open_store(tmp_path, now=lambda: NOW)  # the second copy: its 2 answers never start
    first.close()
    assert stored_attempts(tmp_path) == 3


def test_a_lock_file_deleted_with_no_other_copy_is_taken_again_and_saving_goes_on(tmp_path):
    store = open_store(tmp_path, now=lambda: NOW)
    store.record_answer("d", "a", True, 2.0, "quiz")
    (tmp_path / "progress.json.lock").unlink()
    store.record_answer("d", "b", True, 2.0, "quiz")
    assert (tmp_path / "progress.json.lock").exists()
    store.close()
    assert stored_attempts(tmp_path) == 2


def read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def hold_new_lock_file(folder: Path) -> int:
    """What an older copy (locking only the file) does after the lock file was deleted: make and hold a new one."""
    (folder / "progress.json.lock").unlink()
    fd = os.open(folder / "progress.json.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_a_copy_whose_lock_file_another_copy_holds_stops_writing_and_says_so(tmp_path):
    store = open_store(tmp_path, now=lambda: NOW)
    for card in ("a", "b", "c"):
        store.record_answer("d", card, True, 2.0, "quiz")
    other = hold_new_lock_file(tmp_path)
    try:
        before = {name: read(tmp_path / name) for name in ("progress.json", "progress.json.journal")}
        for card in ("x", "y"):
            with pytest.raises(ProgressLockLostError) as caught:
                store.record_answer("d", card, True, 2.0, "quiz")
        message = str(caught.value)
        assert "another copy of Revise took over the progress folder" in message
        assert "your answers from now on are not saved — quit and restart" in message
        with pytest.raises(ProgressLockLostError):
            store.close()  # nothing folded or written at quit either
        after = {name: read(tmp_path / name) for name in before}
        assert after == before
    finally:
        os.close(other)
    assert stored_attempts(tmp_path) == 3


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_journal_deleted_or_replaced_under_a_running_copy_stops_its_writes(tmp_path, how):
    store = open_store(tmp_path, now=lambda: NOW)
    store.record_answer("d", "a", True, 2.0, "quiz")
    journal = tmp_path / "progress.json.journal"
    journal.unlink()
    if how == "replaced":
        journal.write_bytes(orjson.dumps([["questions", "7", None]]) + b"\n")
    with pytest.raises(ProgressLockLostError, match=rf"The journal .* was {how} while Revise ran"):
        store.record_answer("d", "b", True, 2.0, "quiz")
    with pytest.raises(ProgressLockLostError):
        store.close()
    assert not journal.exists() if how == "deleted" else journal.read_bytes().startswith(b'[["questions","7"')


def test_a_folder_where_the_lock_file_goes_is_refused_with_exit_1_naming_it(tmp_path, capsys):
    from tui import cli

    (tmp_path / "progress.json.lock").mkdir()
    assert cli.main(["--data-dir", str(tmp_path), "restore"]) == 1
    err = capsys.readouterr().err
    assert "progress.json.lock is a folder" in err and "Move that folder away" in err
    with pytest.raises(ProgressError, match=r"progress\.json\.lock is a folder"):
        open_store(tmp_path, now=lambda: NOW)
