"""The real command line against broken, newer, locked and unwritable data folders.

`python -m tui` runs in a subprocess the way a user starts it; the TUI start
path runs in process through tui.cli.main with the app's run() made to fail
loudly, so a wrong answer cannot start a terminal UI inside the test.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.core.test_storage import DAMAGED
from tests.reliability.children import FULL_DISK, HOLD_STORE, seed_progress
from tui import cli
from tui.core.progress import list_backups, open_store

REPO = Path(__file__).resolve().parents[2]
TOO_NEW = b'{"meta":{"1":{"schema_version":99}},"questions":{}}'
WRONG_RECORD = b'{"meta":{"1":{"schema_version":1}},"questions":{"1":{"card":"x"}}}'
REFUSED = {
    **{kind: raw for kind, (raw, _problem) in DAMAGED.items()},
    "record missing a field": WRONG_RECORD,
    "too new": TOO_NEW,
}


def revise(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        env={**os.environ, "REVISE_DATA_DIR": "/nonexistent-should-not-be-used"},
    )


@pytest.fixture
def no_tui(monkeypatch):
    """If the store were (wrongly) accepted, fail instead of starting a terminal UI."""
    from tui.app import RevisionApp

    def started(self, *args, **kwargs):
        raise AssertionError("the app started")

    monkeypatch.setattr(RevisionApp, "run", started)


def start_tui(folder: Path, capsys) -> tuple[int, str]:
    code = cli.main(["--data-dir", str(folder)])
    return code, capsys.readouterr().err


def history(folder: Path) -> Path:
    """Two start-ups with answers: two backups; returns the newest."""
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    for card in ("rapallo", "britain", "pact"):
        store = open_store(folder, now=lambda now=now: now)
        store.record_answer("sample", card, True, 2.0, "quiz")
        store.close()
        now += timedelta(hours=1)
    return list_backups(folder)[-1].path


@pytest.mark.parametrize("kind", REFUSED)
def test_a_bad_file_stops_stats_and_the_app_untouched_and_restore_brings_back_the_newest_good_backup(
    tmp_path, capsys, no_tui, kind
):
    newest = history(tmp_path)
    bad = REFUSED[kind]
    (tmp_path / "progress.json").write_bytes(bad)

    stats = revise("--data-dir", str(tmp_path), "stats")
    assert stats.returncode == 1 and stats.stdout == ""
    assert str(tmp_path / "progress.json") in stats.stderr
    code, err = start_tui(tmp_path, capsys)
    assert code == 1 and err.strip() == f"revise: {stats.stderr.removeprefix('revise: ').strip()}"
    assert (tmp_path / "progress.json").read_bytes() == bad
    assert len(list_backups(tmp_path)) == 2  # the bad file was not taken for a backup

    restore = revise("restore", "--data-dir", str(tmp_path))
    if kind == "too new":
        assert "newer version of revise" in stats.stderr and "Upgrade revise" in stats.stderr
        assert restore.returncode == 1 and (tmp_path / "progress.json").read_bytes() == bad
        return
    assert "is damaged" in stats.stderr and "revise restore" in stats.stderr
    assert restore.returncode == 0, restore.stderr
    assert f"from backup {newest.name}" in restore.stdout
    # the deck's file is intact and holds the answer given after the newest backup: kept
    assert "Kept the answers in the intact deck files of 'sample' (3 question records)" in restore.stdout
    [aside] = tmp_path.glob("progress.json.damaged-*")
    assert aside.read_bytes() == bad
    after = revise("--data-dir", str(tmp_path), "stats", "--json")
    assert after.returncode == 0
    [deck] = json.loads(after.stdout)["decks"]
    assert sorted(row["card"] for row in deck["questions"]) == ["britain", "pact", "rapallo"]


# -- read-only or unusable data folder ---------------------------------------------------


def test_a_data_folder_that_cannot_be_created_stops_the_app_with_exit_1(tmp_path, capsys, no_tui):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, err = start_tui(blocker / "data", capsys)
    assert code == 1
    assert f"Cannot use the data folder {blocker / 'data'}" in err and "--data-dir" in err


def test_the_real_command_refuses_an_unusable_data_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = revise("--data-dir", str(blocker / "data"), timeout=20)
    assert result.returncode == 1 and "Cannot use the data folder" in result.stderr


def test_a_folder_where_files_cannot_be_created_stops_the_app(tmp_path, capsys, no_tui, monkeypatch):
    # As root, chmod does not stop writes; make creating a file fail the way a read-only folder does.
    import tempfile

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    code, err = start_tui(tmp_path, capsys)
    assert code == 1 and "Permission denied" in err and str(tmp_path) in err


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod does not make a folder read-only")
def test_a_read_only_data_folder_stops_the_app(tmp_path, capsys, no_tui):
    history(tmp_path)
    before = (tmp_path / "progress.json").read_bytes()
    tmp_path.chmod(0o555)
    try:
        code, err = start_tui(tmp_path, capsys)
    finally:
        tmp_path.chmod(0o755)
    assert code == 1 and "Permission denied" in err
    assert (tmp_path / "progress.json").read_bytes() == before


# -- a full disk ---------------------------------------------------------------------------


def test_a_full_disk_leaves_the_old_file_byte_identical_and_no_temp_file(tmp_path):
    seed_progress(tmp_path, questions=200)
    open_store(tmp_path).close()  # the start-up backup, so the child's own start writes nothing
    before = (tmp_path / "progress.json").read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(tmp_path)], capture_output=True, text=True, cwd=REPO, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert "refused q1 Could not save progress" in result.stdout and "File too large" in result.stdout
    assert "refused new-question" in result.stdout and "saved" not in result.stdout
    assert (tmp_path / "progress.json").read_bytes() == before
    assert not (tmp_path / "progress.json.journal").read_bytes()  # no half-written change left behind
    assert not list(tmp_path.glob(".progress.json.*.tmp"))


# -- one owner -----------------------------------------------------------------------------


def hold(folder: Path) -> subprocess.Popen:
    owner = subprocess.Popen(
        [sys.executable, "-c", HOLD_STORE, str(folder)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    assert owner.stdout.readline().strip() == "ready"
    return owner


def test_a_second_copy_refuses_and_after_kill_9_of_the_first_a_new_one_starts(tmp_path, capsys, no_tui):
    first = hold(tmp_path)
    try:
        second = revise("--data-dir", str(tmp_path), timeout=20)
        assert second.returncode == 1
        assert "Another copy of revise is already running" in second.stderr and str(tmp_path) in second.stderr
        code, err = start_tui(tmp_path, capsys)
        assert code == 1 and "already running" in err
        assert revise("--data-dir", str(tmp_path), "stats").returncode == 0  # reading needs no lock
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert (tmp_path / "progress.json.lock").exists()  # left behind, and it must not matter
    third = hold(tmp_path)
    third.send_signal(signal.SIGKILL)
    third.wait(10)
