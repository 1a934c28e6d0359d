"""The journal beside the progress file: replay, cut-off lines, damage, folding, readers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.progress_files import saved_state, saved_tables
from tui.cli import main
from tui.core.progress import ProgressCorruptError, db, list_backups, open_store, read_store
from tui.core.progress.journal import encode


def saved(folder) -> dict[str, int]:
    """card -> attempts as saved: the snapshot and its deck files with its journal replayed."""
    return {doc["card"]: doc["attempts"] for doc in saved_state(folder).get("questions", {}).values()}


def store_with_answers(folder, clock, cards=("a", "b")) -> bytes:
    store = open_store(folder, now=clock)
    for card in cards:
        store.record_answer("d", card, True, 1.0, "quiz")
    store.close()
    return (folder / "progress.json").read_bytes()


def journal_line(doc_id: str, card: str, attempts: int) -> bytes:
    doc = {
        "deck": "d",
        "card": card,
        "attempts": attempts,
        "correct": attempts,
        "streak": attempts,
        "lapses": 0,
        "recent": "1" * attempts,
        "mean_seconds": 1.0,
        "schedule": None,
    }
    return encode([("questions", doc_id, doc)])


def test_a_crashed_session_s_journal_is_replayed_its_cut_off_line_dropped_and_folded_in_at_open(
    tmp_path, clock
):
    store_with_answers(tmp_path, clock)
    journal = tmp_path / "progress.json.journal"
    journal.write_bytes(
        journal_line("1", "a", 5) + journal_line("3", "c", 1) + journal_line("1", "a", 6)[:30]
    )
    assert saved(tmp_path) == {"a": 5, "b": 1, "c": 1}  # the cut-off line was never acknowledged
    clock.advance(60)
    store = open_store(tmp_path, now=clock)
    assert store.question_stats("d", "a").attempts == 5 and store.question_stats("d", "c").attempts == 1
    assert journal.read_bytes() == b""  # folded into the snapshot, the cut-off line gone
    assert {doc["card"] for doc in saved_tables(tmp_path)["questions"].values()} == {"a", "b", "c"}
    # the start-up backup holds the state with the journal replayed (its deck files in backups/decks)
    newest = saved_tables(tmp_path / "backups", list_backups(tmp_path)[-1].path.name)
    assert {doc["card"]: doc["attempts"] for doc in newest["questions"].values()} == {"a": 5, "b": 1, "c": 1}
    store.record_answer("d", "b", True, 1.0, "quiz")
    store.close()
    assert saved(tmp_path) == {"a": 5, "b": 2, "c": 1}


def test_a_damaged_journal_is_refused_untouched_and_restore_sets_aside_its_damaged_line(
    tmp_path, clock, capsys
):
    store_with_answers(tmp_path, clock)
    open_store(tmp_path, now=clock).close()  # a second start: now there is a backup
    snapshot = (tmp_path / "progress.json").read_bytes()
    journal = tmp_path / "progress.json.journal"
    damaged = b'[["questions", "1", {"deck": "d"]]\n' + journal_line("2", "b", 3)
    journal.write_bytes(damaged)
    with pytest.raises(ProgressCorruptError, match=r"progress.json.journal is damaged: line 1"):
        open_store(tmp_path, now=clock)
    assert main(["--data-dir", str(tmp_path), "stats"]) == 1
    assert "progress.json.journal is damaged" in capsys.readouterr().err
    assert journal.read_bytes() == damaged and (tmp_path / "progress.json").read_bytes() == snapshot
    assert main(["--data-dir", str(tmp_path), "restore"]) == 0
    out = capsys.readouterr().out
    [aside] = tmp_path.glob("progress.json.journal.damaged-*")
    assert f"Copied its journal of changes, whole, aside to {aside}" in out
    assert "Kept 1 of the journal's 2 saves" in out and "line 1 is not valid JSON" in out
    assert aside.read_bytes() == damaged and journal.read_bytes() == journal_line("2", "b", 3)
    assert saved(tmp_path) == {"a": 1, "b": 3}  # line 2's save of b is kept
    open_store(tmp_path, now=clock).close()


def test_a_line_revise_never_writes_is_damage_not_a_cut_off_save(tmp_path, clock):
    store_with_answers(tmp_path, clock)
    (tmp_path / "progress.json.journal").write_bytes(b'[["questions", "x", {}]]\n')
    with pytest.raises(ProgressCorruptError, match="line 1 holds a change"):
        open_store(tmp_path, now=clock)


def test_a_reader_sees_what_the_running_app_has_saved(tmp_path, clock):
    store_with_answers(tmp_path, clock)
    store = open_store(tmp_path, now=clock)
    store.record_answer("d", "a", False, 1.0, "quiz")
    store.record_answer("d", "new", True, 1.0, "quiz")
    reader = read_store(tmp_path, now=clock)  # `revise stats` while the app runs: no lock
    assert reader.question_stats("d", "a").attempts == 2 and reader.question_stats("d", "new").attempts == 1
    store.close()


def test_a_journal_past_its_size_is_folded_in_while_the_app_runs(tmp_path, clock, monkeypatch):
    monkeypatch.setattr(db, "COMPACT_AT_BYTES", 2_000)
    store_with_answers(tmp_path, clock)
    journal = tmp_path / "progress.json.journal"
    store = open_store(tmp_path, now=clock)
    sizes = []
    for n in range(40):
        store.record_answer("d", f"c{n % 7}", n % 2 == 0, 1.0, "quiz")
        sizes.append(journal.stat().st_size)
    assert sizes.count(0) >= 2  # folded in as it grew (the limit is also at least the snapshot's size)
    assert saved(tmp_path)["c0"] == 6
    store.close()
    assert journal.read_bytes() == b"" and saved(tmp_path)["c0"] == 6


def test_a_store_never_closed_keeps_every_answer_in_its_journal(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    store.record_answer("d", "a", True, 1.0, "quiz")
    store._db.storage.journal.close()  # as if killed: no close, no snapshot written
    store._db.storage._on_close()  # the OS drops the lock of a dead process
    assert not (tmp_path / "progress.json").exists()
    assert saved(tmp_path) == {"a": 1}
    again = open_store(tmp_path, now=clock)
    assert again.question_stats("d", "a").attempts == 1
    again.close()


def test_with_no_backup_restore_still_moves_a_damaged_journal_aside(tmp_path, clock, capsys):
    store_with_answers(tmp_path, clock)
    assert list_backups(tmp_path) == []
    (tmp_path / "progress.json.journal").write_bytes(b"not json\n")
    assert main(["--data-dir", str(tmp_path), "restore"]) == 0
    assert "Kept" in capsys.readouterr().out
    assert saved(tmp_path) == {"a": 1, "b": 1}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=8), st.data())
def test_a_journal_cut_at_any_byte_gives_exactly_the_saves_before_the_cut(tmp_path_factory, attempts, data):
    folder = tmp_path_factory.mktemp("cut")
    lines = [journal_line(str(n % 3 + 1), f"card{n % 3}", count) for n, count in enumerate(attempts)]
    journal = b"".join(lines)
    cut = data.draw(st.integers(min_value=0, max_value=len(journal)))
    (folder / "progress.json.journal").write_bytes(journal[:cut])
    complete, end = 0, 0
    for line in lines:  # the saves wholly before the cut, newline included
        if end + len(line) > cut:
            break
        end += len(line)
        complete += 1
    expected: dict[str, int] = {}
    for n, count in enumerate(attempts[:complete]):
        expected[f"card{n % 3}"] = count
    assert saved(folder) == expected


def test_restore_of_a_damaged_file_keeps_a_healthy_journal_so_no_answer_since_is_lost(
    tmp_path, clock, capsys
):
    store_with_answers(tmp_path, clock)
    open_store(tmp_path, now=clock).close()  # a second start: now there is a backup of a and b
    journal = tmp_path / "progress.json.journal"
    # answers saved since (a killed session): a answered again, c new
    journal.write_bytes(journal_line("1", "a", 2) + journal_line("3", "c", 1))
    raw = (tmp_path / "progress.json").read_bytes()
    (tmp_path / "progress.json").write_bytes(raw[: len(raw) // 2])  # the full save is damaged
    with pytest.raises(ProgressCorruptError):
        open_store(tmp_path, now=clock)
    assert main(["--data-dir", str(tmp_path), "restore"]) == 0
    out = capsys.readouterr().out
    assert "Kept the journal of later changes: 2 saves" in out and "journal of changes aside" not in out
    assert saved(tmp_path) == {"a": 2, "b": 1, "c": 1}  # the backup with the journal's answers on top
    store = open_store(tmp_path, now=clock)
    assert store.question_stats("d", "c").attempts == 1
    store.close()


def test_the_journal_is_as_private_as_the_progress_file(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    store.record_answer("d", "a", True, 1.0, "quiz")
    mode = (tmp_path / "progress.json.journal").stat().st_mode & 0o777
    store.close()
    assert mode == (tmp_path / "progress.json").stat().st_mode & 0o777 == 0o600
