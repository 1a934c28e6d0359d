"""`revise restore` never loses an answer kept in an intact file (a fresh-user trial found two ways).

1. progress.json damaged, the deck files intact: the backup gives the shared tables, and every
   deck keeps its records from its own file (a deck answered after the newest backup included).
2. one deck file damaged, progress.json healthy: only that file is set aside and replaced by the
   deck's newest good backup copy (or the deck emptied, said so); progress.json's other tables
   and the other decks' files stay as they were.

Each test runs `revise restore` as a user types it and then reads what a fresh start and
`revise stats --json` see. An interrupted restore (a kill before any of its renames) is run
again and must end where an uninterrupted one does.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from tests.progress_files import saved_state
from tests.reliability.damage import folder_state
from tui.cli import main
from tui.core.progress import list_backups, open_store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def later(self, hours: float = 1) -> None:
        self.now += timedelta(hours=hours)


def session(folder: Path, clock: Clock, deck: str, cards: range) -> None:
    """One start of the app: answer `cards` of `deck` (card ids "<deck>-<n>"), then quit."""
    store = open_store(folder, now=clock)
    start = store.start_session("quiz", deck, [])
    for n in cards:
        store.record_answer(deck, f"{deck}-{n}", n % 3 != 0, 2.0, "quiz")
    store.finish_session(start, len(cards), len(cards), 30.0)
    store.close()
    clock.later()


def trial_folder(folder: Path, clock: Clock) -> None:
    """The trial: 13 answers in the shipped deck, a start later (backup of those) 14 in another deck."""
    session(folder, clock, "shipped", range(13))
    session(folder, clock, "other", range(14))


def deck_file(folder: Path, deck: str) -> Path:
    tables = orjson.loads((folder / "progress.json").read_bytes())
    [summary] = [s for s in tables["deck_files"].values() if s["deck"] == deck]
    return folder / summary["file"]


def restore(folder: Path, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(folder), "restore"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def answered(folder: Path, capsys) -> dict[str, dict[str, int]]:
    """deck -> card -> attempts, as `revise stats --json` reports them (it reads every deck file)."""
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "stats", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    return {
        deck["deck"]: {row["card"]: row["attempts"] for row in deck["questions"]} for deck in report["decks"]
    }


def started_twice(folder: Path, clock: Clock) -> dict[str, int]:
    """Answered questions per deck after two fresh starts (the second sees what the first's clean-up left)."""
    for _ in range(2):
        store = open_store(folder, now=clock)
        counts = {deck: len(store.all_question_stats(deck)) for deck in ("shipped", "other")}
        store.close()
        clock.later()
    return counts


def test_a_damaged_progress_json_keeps_every_deck_answered_since_the_backup(tmp_path, capsys):
    clock = Clock()
    trial_folder(tmp_path, clock)
    before = answered(tmp_path, capsys)
    raw = (tmp_path / "progress.json").read_bytes()
    (tmp_path / "progress.json").write_bytes(raw[: len(raw) // 2])
    newest = list_backups(tmp_path)[-1]

    code, out, err = restore(tmp_path, capsys)

    assert code == 0, err
    [aside] = tmp_path.glob("progress.json.damaged-*")
    assert aside.read_bytes() == raw[: len(raw) // 2]
    assert f"Moved the damaged file aside to {aside}" in out
    assert f"from backup {newest.path.name}" in out and "27 question records" in out
    assert "Kept the answers in the intact deck files of 'other' (14 question records), 'shipped' (13" in out
    assert started_twice(tmp_path, clock) == {"shipped": 13, "other": 14}
    assert answered(tmp_path, capsys) == before


def test_a_damaged_deck_file_alone_is_replaced_by_its_newest_backup_copy_and_nothing_else_changes(
    tmp_path, capsys
):
    clock = Clock()
    trial_folder(tmp_path, clock)
    session(tmp_path, clock, "other", range(14, 20))  # a start backed up "other" at 14; now 20 answered
    shipped = deck_file(tmp_path, "shipped")
    kept = {"shipped": shipped.read_bytes()}
    progress = orjson.loads((tmp_path / "progress.json").read_bytes())
    damaged = deck_file(tmp_path, "other")
    bad = damaged.read_bytes()[:-50]
    damaged.write_bytes(bad)
    [copy] = (tmp_path / "backups" / "decks").glob("other.*.json")

    code, out, err = restore(tmp_path, capsys)

    assert code == 0, err
    [aside] = (tmp_path / "decks").glob("other.*.damaged-*")
    assert aside.read_bytes() == bad and aside.name.startswith(damaged.name)
    assert out.splitlines() == [
        f"Moved a damaged deck file aside to {aside}",
        f"Restored deck 'other' from its backup copy {copy.name} (14 question records).",
        f"Kept {tmp_path / 'progress.json'} and every other deck's file as they were.",
    ]
    assert not list(tmp_path.glob("progress.json.damaged-*"))
    after = orjson.loads((tmp_path / "progress.json").read_bytes())
    summaries = after.pop("deck_files")
    assert after == {name: table for name, table in progress.items() if name != "deck_files"}
    assert [s for s in summaries.values() if s["deck"] == "shipped"] == [
        s for s in progress["deck_files"].values() if s["deck"] == "shipped"
    ]
    assert shipped.read_bytes() == kept["shipped"]
    assert answered(tmp_path, capsys) == {
        "shipped": {f"shipped-{n}": 1 for n in range(13)},
        "other": {f"other-{n}": 1 for n in range(14)},
    }
    assert started_twice(tmp_path, clock) == {"shipped": 13, "other": 14}
    assert aside.exists()  # a start leaves what restore set aside


def test_a_damaged_deck_file_with_no_backup_copy_empties_that_deck_only_and_says_so(tmp_path, capsys):
    clock = Clock()
    trial_folder(tmp_path, clock)  # "other" was answered after the newest backup: no copy of it
    shipped = deck_file(tmp_path, "shipped").read_bytes()
    sessions = orjson.loads((tmp_path / "progress.json").read_bytes())["sessions"]
    damaged = deck_file(tmp_path, "other")
    damaged.write_bytes(b"{")

    code, out, err = restore(tmp_path, capsys)

    assert code == 0, err
    [aside] = (tmp_path / "decks").glob("other.*.damaged-*")
    assert aside.read_bytes() == b"{"
    assert out.splitlines() == [
        f"Moved a damaged deck file aside to {aside}",
        "No good copy of deck 'other' is left in the backups: it has no answers now.",
        f"Kept {tmp_path / 'progress.json'} and every other deck's file as they were.",
    ]
    assert deck_file(tmp_path, "shipped").read_bytes() == shipped
    assert orjson.loads((tmp_path / "progress.json").read_bytes())["sessions"] == sessions
    assert answered(tmp_path, capsys) == {"shipped": {f"shipped-{n}": 1 for n in range(13)}}


def test_progress_json_and_a_deck_file_both_damaged(tmp_path, capsys):
    clock = Clock()
    trial_folder(tmp_path, clock)
    session(tmp_path, clock, "other", range(14, 20))  # the next start backs up "other" at 20
    session(tmp_path, clock, "shipped", range(13, 15))  # "shipped" at 15, after the newest backup
    other = deck_file(tmp_path, "other")
    other.write_bytes(other.read_bytes()[:100])
    (tmp_path / "progress.json").write_bytes(b"\x00" * 40)

    code, out, err = restore(tmp_path, capsys)

    assert code == 0, err
    [deck_aside] = (tmp_path / "decks").glob("other.*.damaged-*")
    assert f"Moved a damaged deck file aside to {deck_aside}" in out
    assert "Kept the answers in the intact deck files of 'shipped' (15 question records)." in out
    assert "Restored deck 'other' from its backup copy other." in out and "(20 question records)" in out
    counts = {deck: len(cards) for deck, cards in answered(tmp_path, capsys).items()}
    assert counts == {"shipped": 15, "other": 20}
    assert started_twice(tmp_path, clock) == {"shipped": 15, "other": 20}


def test_restore_twice_in_a_row_changes_nothing_the_second_time(tmp_path, capsys):
    clock = Clock()
    trial_folder(tmp_path, clock)
    (tmp_path / "progress.json").write_bytes(b"")
    assert restore(tmp_path, capsys)[0] == 0
    restored = folder_state(tmp_path)
    code, out, _err = restore(tmp_path, capsys)
    assert code == 0 and out == f"Nothing to restore: {tmp_path / 'progress.json'} is healthy.\n"
    assert folder_state(tmp_path) == restored


def test_with_no_backup_and_no_intact_deck_file_restore_fails_clearly_and_deletes_nothing(tmp_path, capsys):
    clock = Clock()
    session(tmp_path, clock, "other", range(5))  # the first start takes no backup: nothing saved yet
    assert not list_backups(tmp_path)
    deck_file(tmp_path, "other").write_bytes(b"[")
    (tmp_path / "progress.json").write_bytes(b"{")
    before = folder_state(tmp_path)

    code, out, err = restore(tmp_path, capsys)

    assert code == 1 and out == ""
    assert err.startswith("revise: Nothing was restored: there is no backup in")
    assert "The damaged file was left in place." in err
    assert folder_state(tmp_path) == before


def test_with_no_backup_progress_json_is_made_anew_around_the_intact_deck_files(tmp_path, capsys):
    clock = Clock()
    session(tmp_path, clock, "other", range(5))
    assert not list_backups(tmp_path)
    (tmp_path / "progress.json").write_bytes(b"{")

    code, out, err = restore(tmp_path, capsys)

    assert code == 0, err
    assert "No backup of" in out and "made a new one around the intact deck files (5 question records)" in out
    assert "Kept the answers in the intact deck files of 'other' (5 question records)." in out
    assert answered(tmp_path, capsys) == {"other": {f"other-{n}": 1 for n in range(5)}}


def test_a_healthy_journal_of_a_crashed_session_is_kept_over_the_intact_deck_files(tmp_path, capsys):
    clock = Clock()
    trial_folder(tmp_path, clock)
    crashed = tmp_path / "crashed"
    store = open_store(tmp_path, now=clock)
    store.record_answer("other", "other-20", True, 2.0, "quiz")  # in the journal only
    shutil.copytree(tmp_path, crashed, ignore=shutil.ignore_patterns("crashed", "*.lock"))
    store.close()
    raw = (crashed / "progress.json").read_bytes()
    (crashed / "progress.json").write_bytes(raw[: len(raw) // 3])

    code, out, err = restore(crashed, capsys)

    assert code == 0, err
    assert "Kept the journal of later changes: 1 save since the last full save" in out
    report = answered(crashed, capsys)
    assert len(report["other"]) == 15 and report["other"]["other-20"] == 1 and len(report["shipped"]) == 13


class Killed(BaseException):
    """Raised in place of a rename: caught by no handler in revise (ctrl+c's KeyboardInterrupt is)."""


def deck_answers(folder: Path) -> dict[tuple[str, str], int]:
    return {(doc["deck"], doc["card"]): doc["attempts"] for doc in saved_state(folder)["questions"].values()}


def test_a_restore_killed_before_any_rename_ends_as_an_uninterrupted_one_when_run_again(
    tmp_path, capsys, monkeypatch
):
    clock = Clock()
    template = tmp_path / "template"
    template.mkdir()
    trial_folder(template, clock)
    session(template, clock, "other", range(14, 20))
    session(template, clock, "shipped", range(13, 15))
    other = deck_file(template, "other")
    other.write_bytes(other.read_bytes()[:100])
    damaged = (template / "progress.json").read_bytes()[:200]
    (template / "progress.json").write_bytes(damaged)

    reference = tmp_path / "reference"
    shutil.copytree(template, reference)
    assert restore(reference, capsys)[0] == 0
    expected = deck_answers(reference)
    assert {deck for deck, _card in expected} == {"shipped", "other"}

    real_replace = os.replace
    for kill_at in range(1, 50):
        folder = tmp_path / f"killed-{kill_at}"
        shutil.copytree(template, folder)
        calls = 0

        def replace(src, dst, kill_at=kill_at):
            nonlocal calls
            calls += 1
            if calls == kill_at:
                raise Killed  # nothing after this point runs, as after a kill -9
            real_replace(src, dst)

        monkeypatch.setattr(os, "replace", replace)
        try:
            main(["--data-dir", str(folder), "restore"])
            finished = True
        except Killed:
            finished = False
        finally:
            monkeypatch.setattr(os, "replace", real_replace)
        if not finished:
            assert restore(folder, capsys)[0] == 0, f"killed at rename {kill_at}"
        assert deck_answers(folder) == expected, f"killed at rename {kill_at}"
        asides = [p.read_bytes() for p in folder.glob("progress.json.damaged-*")]
        assert damaged in asides, f"killed at rename {kill_at}: the damaged file was not kept"
        assert list((folder / "decks").glob("other.*.damaged-*")), f"killed at rename {kill_at}"
        if finished:
            break
    else:
        pytest.fail("restore never finished")
    # killed before each of its renames: the deck file aside, the deck's copy in, progress.json's
    # damaged copy kept, progress.json in
    assert kill_at > 4


def test_a_deck_carried_over_to_a_new_id_is_not_brought_back_beside_it(tmp_path, capsys):
    clock = Clock()
    session(tmp_path, clock, "old", range(6))
    open_store(tmp_path, now=clock).close()  # a backup naming "old"
    store = open_store(tmp_path, now=clock)
    assert store.carry_progress("old", "new") == 6  # the deck's id changed: its records (ids kept) follow
    store.record_answer("new", "new-1", True, 2.0, "quiz")
    store.close()
    (tmp_path / "progress.json").write_bytes(b"{}}")

    code, out, err = restore(tmp_path, capsys)

    assert code == 0, err
    assert "Kept the answers in the intact deck files of 'new' (7 question records)." in out
    assert "'old'" not in out  # its records live on in "new": not restored beside them, not "lost"
    assert {deck: len(cards) for deck, cards in answered(tmp_path, capsys).items()} == {"new": 7}


def test_of_two_intact_files_of_one_deck_the_one_with_more_answers_is_kept(tmp_path, capsys):
    clock = Clock()
    trial_folder(tmp_path, clock)
    session(tmp_path, clock, "other", range(14, 20))  # the next start backs up "other" at 20 answers
    session(tmp_path, clock, "other", range(20, 25))  # now 25, not backed up yet
    [older] = [
        p
        for p in (tmp_path / "backups" / "decks").glob("other.*.json")
        if len(orjson.loads(p.read_bytes())["questions"]) == 14
    ]
    shutil.copy(older, tmp_path / "decks" / older.name)  # as a save killed before it removed the old file
    (tmp_path / "progress.json").write_bytes(b"")

    code, out, err = restore(tmp_path, capsys)

    assert code == 0, err
    assert "'other' (25 question records)" in out
    assert {deck: len(cards) for deck, cards in answered(tmp_path, capsys).items()} == {
        "shipped": 13,
        "other": 25,
    }
