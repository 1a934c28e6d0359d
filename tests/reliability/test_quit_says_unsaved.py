"""Quitting says so when the session's answers could not be written into progress.json.

A fresh-user trial made the data folder read-only while the app ran: the answers still reached
the journal (its file was open), but folding them into progress.json at quit failed, and ctrl+q
exited 0 with no message. Nothing was lost (the next start replays the journal), but the student
was never told. Now quitting says what failed, that the answers are kept in the journal and what
to do, on stderr, and exits 1. Running as root, chmod does not stop writes: making a new file
fails the way it does in a read-only folder instead (as `test_damaged_and_refused` does).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tui import cli
from tui.app import RevisionApp
from tui.core.progress import open_store

CARDS = ("a", "b", "c")


def answering_then(monkeypatch, folder_turns_read_only: bool):
    """RevisionApp.run replaced by a student answering three questions (then, perhaps, the folder
    turning read-only) and pressing ctrl+q."""

    def run(self, *args, **kwargs):
        store = self.context.progress
        for card in CARDS:
            store.record_answer(self.context.deck.id, card, True, 2.0, "quiz")
        if folder_turns_read_only:

            def read_only(*args, **kwargs):
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(tempfile, "mkstemp", read_only)

    monkeypatch.setattr(RevisionApp, "run", run)


def start(folder: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--data-dir", str(folder)])
    return code, capsys.readouterr().err


def answered(folder: Path) -> dict[str, int]:
    store = open_store(folder)
    counts = {
        card: stats.attempts
        for deck in store.deck_ids()
        for card, stats in store.all_question_stats(deck).items()
        if card in CARDS
    }
    store.close()
    return counts


def test_a_folder_turned_read_only_while_running_is_said_at_quit_with_exit_1(tmp_path, capsys, monkeypatch):
    open_store(tmp_path).close()
    answering_then(monkeypatch, folder_turns_read_only=True)

    code, err = start(tmp_path, capsys)

    monkeypatch.undo()
    assert code == 1
    journal = tmp_path / "progress.json.journal"
    assert journal.stat().st_size > 0
    assert (
        f"this session's answers could not be written into {tmp_path / 'progress.json'} (Permission denied)"
        in err
    )
    assert f"They are kept in its journal {journal}, and the next start applies them" in err
    assert f"make {tmp_path} writable again" in err
    assert answered(tmp_path) == dict.fromkeys(CARDS, 1)  # nothing lost: the journal is replayed
    assert not journal.read_bytes()  # and folded in, now that the folder takes files again


def test_a_clean_quit_says_nothing_and_exits_0(tmp_path, capsys, monkeypatch):
    answering_then(monkeypatch, folder_turns_read_only=False)

    code, err = start(tmp_path, capsys)

    assert (code, err) == (0, "")
    assert not (tmp_path / "progress.json.journal").read_bytes()
    monkeypatch.undo()
    assert answered(tmp_path) == dict.fromkeys(CARDS, 1)
