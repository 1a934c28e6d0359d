"""`revise restore` says plainly what it could not keep when progress.json comes from a backup.

A fresh-user trial: restore rolled back 7 of 9 sessions, the exam date, the best match time and
the deck list (`revise decks` listed 1 deck while `revise stats` said 3), and printed only that
the answers in the intact deck files were kept. Restore now names the backup's time, says that
sessions, exam dates, best times, settings and the deck list are as of then (with their counts),
and names the decks whose answers are kept but that the deck list no longer lists.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tui.cli import main
from tui.core import readiness
from tui.core.progress import list_backups, open_store
from tui.core.progress.backups import backup_at_quit


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def later(self) -> None:
        self.now += timedelta(hours=1)


def start(
    folder: Path, clock: Clock, deck: str, answers: int, *, exam: bool = False, best: float = 0
) -> None:
    """One start: the deck opened (listed), a finished session of `answers`, an exam date, a best time."""
    store = open_store(folder, now=clock)
    store.remember_deck(deck, str(folder / f"{deck}.toml"), deck.title(), "native", 20)
    session = store.start_session("quiz", deck, [])
    for n in range(answers):
        store.record_answer(deck, f"{deck}-{n}", True, 2.0, "quiz")
    store.finish_session(session, answers, answers, 30.0)
    if exam:
        readiness.set_exam_date(store, deck, date(2027, 6, 1))
    if best:
        store.record_match_time(deck, 5, best)
    store.close()
    clock.later()


def restored_after_cutting(folder: Path, capsys, keep: int) -> tuple[str, str]:
    """progress.json cut to its first `keep` bytes, then `revise restore`: (what it printed, the
    newest backup's time as it prints it)."""
    newest = list_backups(folder)[-1]
    (folder / "progress.json").write_bytes((folder / "progress.json").read_bytes()[:keep])
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "restore"]) == 0
    return capsys.readouterr().out, newest.taken.strftime("%Y-%m-%d %H:%M:%S")


def test_restore_from_a_backup_names_its_time_and_what_is_as_of_then(tmp_path, capsys):
    clock = Clock()
    start(tmp_path, clock, "first", 3)
    start(tmp_path, clock, "first", 2)
    start(tmp_path, clock, "second", 4, exam=True, best=41.5)
    start(tmp_path, clock, "third", 1)  # its start backed up the 3 sessions before; its own is lost
    out, taken = restored_after_cutting(tmp_path, capsys, 300)
    assert (
        f"Could not keep changes made after {taken} UTC to sessions, exam dates, best times, settings "
        "and the deck list: they live in progress.json, and that backup is its newest good copy. "
        "As of then: 3 sessions, 1 exam date, 1 best time, 2 decks in the deck list."
    ) in out
    assert "The deck list does not name 'third', whose answers are kept" in out
    assert "revise --deck PATH" in out
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "stats"]) == 0
    stats = capsys.readouterr().out
    assert "3 decks" in stats  # the answers of every deck are kept, as the output says


def test_restore_counts_what_the_kept_journal_brings_back(tmp_path, capsys):
    """A session killed after the start's backup lives in the journal: restore keeps the journal, so
    the line about what could not be kept must not say the sessions are as of the backup alone."""
    from tests.reliability.test_restore_journal_lines import killed_after_answering

    clock = Clock()
    start(tmp_path, clock, "d", 1)  # one session saved in full
    killed_after_answering(tmp_path)  # a start (its backup: 1 session), then a session in the journal
    out, taken = restored_after_cutting(tmp_path, capsys, len((tmp_path / "progress.json").read_bytes()) // 2)
    assert (
        f"Could not keep changes made after {taken} UTC to sessions, exam dates, best times, settings "
        "and the deck list, but for those the journal of later changes kept below holds"
    ) in out
    assert (
        "As of then: 1 session, 0 exam dates, 0 best times, 1 deck in the deck list; with the journal's "
        "saves: 2 sessions, 0 exam dates, 0 best times, 1 deck in the deck list."
    ) in out
    assert "Kept the journal of later changes: 5 saves" in out
    assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sessions"] == 2  # what the line said


def test_restore_after_a_clean_quit_says_nothing_was_rolled_back(tmp_path, capsys):
    """After a clean quit the quit's backup holds everything progress.json did: restoring from it
    loses nothing, and saying "Could not keep changes made after …" would alarm for nothing."""
    clock = Clock()
    start(tmp_path, clock, "first", 3, exam=True)
    start(tmp_path, clock, "second", 2, best=30.0)
    backup_at_quit(tmp_path, clock.now)  # as `revise` does once the app has closed the store
    out, taken = restored_after_cutting(tmp_path, capsys, 300)
    assert "Could not keep changes" not in out
    assert f"(taken {taken} UTC, 5 question records)" in out
    assert (
        "Nothing was saved after that backup was taken, so nothing is lost: sessions, exam dates, "
        "best times, settings and the deck list are as they were (2 sessions, 1 exam date, 1 best time, "
        "2 decks in the deck list)."
    ) in out
    assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sessions"] == 2  # what the line said


def test_a_save_after_the_quits_backup_is_still_said_to_be_rolled_back(tmp_path, capsys):
    """A later start that changed only progress.json's own tables (an exam date; no answer, so no
    new deck file) and closed without a backup: that change is not in the backup, and the line says so."""
    clock = Clock()
    start(tmp_path, clock, "first", 3)
    backup_at_quit(tmp_path, clock.now)
    quit_backup = list_backups(tmp_path)[-1].path
    # the backup was taken before the next start saved (files' own times: set, not waited for)
    saved_at = (tmp_path / "progress.json.journal").stat().st_mtime_ns
    os.utime(quit_backup, ns=(saved_at - 2_000_000_000, saved_at - 2_000_000_000))
    store = open_store(tmp_path, now=clock)
    readiness.set_exam_date(store, "first", date(2027, 6, 1))
    store.close()
    out, taken = restored_after_cutting(tmp_path, capsys, 300)
    assert f"Could not keep changes made after {taken} UTC" in out
    assert "As of then: 1 session, 0 exam dates, 0 best times, 1 deck in the deck list." in out
