"""A clean quit takes a backup too, so a later `revise restore` rolls back only what came after it.

Backups were taken only at start: progress.json damaged after a session meant restore went back to
the state before that session (its sessions, exam dates, best times, deck list). Now a clean quit
backs up what the session saved (copying only what changed), and restore after damage loses nothing
of it. A quit with nothing new adds no backup.
"""

from __future__ import annotations

from pathlib import Path

from tui import cli
from tui.app import RevisionApp
from tui.core.progress import list_backups, open_store


def a_session_then_quit(folder: Path, capsys, monkeypatch, answers: int) -> None:
    """`revise` started, `answers` answered in a finished session, ctrl+q."""

    def run(self, *args, **kwargs):
        store = self.context.progress
        deck = self.context.deck.id
        if answers:
            session = store.start_session("quiz", deck, [])
            for n in range(answers):
                store.record_answer(deck, f"card-{n}", True, 2.0, "quiz")
            store.finish_session(session, answers, answers, 20.0)

    monkeypatch.setattr(RevisionApp, "run", run)
    capsys.readouterr()
    assert cli.main(["--data-dir", str(folder)]) == 0
    assert capsys.readouterr().err == ""


def test_restore_after_a_clean_quit_keeps_that_session(tmp_path, capsys, monkeypatch):
    open_store(tmp_path).close()
    a_session_then_quit(tmp_path, capsys, monkeypatch, answers=3)
    progress = (tmp_path / "progress.json").read_bytes()
    newest = list_backups(tmp_path)[-1]
    assert newest.path.read_bytes() == progress  # the quit's backup: the session's state
    before = len(list_backups(tmp_path))
    a_session_then_quit(tmp_path, capsys, monkeypatch, answers=0)  # nothing new: no new backup
    assert len(list_backups(tmp_path)) == before

    (tmp_path / "progress.json").write_bytes(progress[:200])
    capsys.readouterr()
    assert cli.main(["--data-dir", str(tmp_path), "restore"]) == 0
    out = capsys.readouterr().out
    assert "so nothing is lost" in out and "are as they were (1 session" in out
    assert "Could not keep changes" not in out  # the quit's backup holds all there was

    store = open_store(tmp_path)
    deck = store.deck_ids()[0]
    assert len(store.recent_sessions(deck, limit=10)) == 1
    assert {card: s.attempts for card, s in store.all_question_stats(deck).items()} == {
        f"card-{n}": 1 for n in range(3)
    }
    store.close()
