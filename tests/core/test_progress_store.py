"""The progress store on disk: reopening, refusing bad files, migrating, backups, restore, threads."""

from __future__ import annotations

import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from tests.core.test_storage import DAMAGED, temp_files
from tests.progress_files import saved_state
from tui.core.progress import (
    MIGRATIONS,
    ProgressCorruptError,
    ProgressError,
    ProgressLockedError,
    ProgressTooNewError,
    ProgressWriteError,
    list_backups,
    open_store,
    read_store,
    restore_newest_backup,
    schema,
)
from tui.core.progress.journal import Journal


def file_tables(folder) -> dict:
    """The tables saved on disk: the snapshot and its deck files, with its journal replayed."""
    return saved_state(folder)


def answered(folder) -> dict[tuple[str, str], int]:
    """(deck, card) -> attempts, as the file on disk says."""
    return {(d["deck"], d["card"]): d["attempts"] for d in file_tables(folder).get("questions", {}).values()}


def test_everything_recorded_is_there_after_reopening(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    store.record_answer("sample", "rapallo", True, 4.0, "quiz")
    clock.advance(60)
    after = store.record_answer("sample", "rapallo", False, 8.0, "quiz")
    session = store.start_session("quiz", "sample", ["Recognition"])
    store.finish_session(session, score=1, questions=2, duration=12.5)
    store.record_match_time("sample", 5, 21.5)
    store.set_setting("theme", "nord")
    store.close()

    again = open_store(tmp_path, now=clock)
    assert again.question_stats("sample", "rapallo") == after
    assert after.attempts == 2 and after.correct == 1 and after.lapses == 1 and after.mean_seconds == 6.0
    assert again.last_session("sample").score == 1
    assert again.best_match_time("sample", 5) == 21.5
    assert again.setting("theme") == "nord"
    assert again.session_count() == again.session_count("sample") == 1
    again.close()


def test_the_file_grows_with_questions_not_with_answers(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    for _ in range(25):
        store.record_answer("sample", "rapallo", True, 1.0, "quiz")
    store.close()  # folds the journal into the snapshot
    size_after_25 = (tmp_path / "progress.json").stat().st_size
    store = open_store(tmp_path, now=clock)
    for _ in range(200):
        store.record_answer("sample", "rapallo", False, 1.0, "quiz")
    store.close()
    assert abs((tmp_path / "progress.json").stat().st_size - size_after_25) < 20
    assert len(file_tables(tmp_path)["questions"]) == 1


def test_each_deck_finds_its_own_records_after_reopening(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    for deck, card in (("a", "x"), ("b", "x"), ("a", "y")):
        store.record_answer(deck, card, True, 1.0, "quiz")
    store.close()

    again = open_store(tmp_path, now=clock)
    assert again.record_answer("b", "x", False, 1.0, "quiz").attempts == 2  # its stored record, not a new one
    again.record_answer("b", "z", True, 1.0, "quiz")
    again.record_answer("c", "x", True, 1.0, "quiz")
    assert again.deck_ids() == ["a", "b", "c"]
    assert sorted(again.all_question_stats("a")) == ["x", "y"]
    assert sorted(again.all_question_stats("b")) == ["x", "z"]
    again.close()
    assert answered(tmp_path) == {("a", "x"): 1, ("a", "y"): 1, ("b", "x"): 2, ("b", "z"): 1, ("c", "x"): 1}


def test_an_answer_appends_only_its_own_record_and_the_snapshot_is_left_alone(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    with store.batch():
        for n in range(50):
            store.record_answer("d", f"c{n}", True, 1.0, "quiz")
    store.close()
    snapshot = (tmp_path / "progress.json").read_bytes()
    store = open_store(tmp_path, now=clock)
    store.record_answer("d", "c7", False, 1.0, "quiz")
    assert (tmp_path / "progress.json").read_bytes() == snapshot
    [line] = (tmp_path / "progress.json.journal").read_bytes().splitlines()
    [(table, _doc_id, doc)] = orjson.loads(line)
    assert table == "questions" and (doc["card"], doc["attempts"]) == ("c7", 2)
    assert answered(tmp_path)[("d", "c7")] == 2  # the saved progress: snapshot plus journal
    store.close()
    assert not (tmp_path / "progress.json.journal").read_bytes()  # folded in at close
    assert answered(tmp_path)[("d", "c7")] == 2 and len(answered(tmp_path)) == 50


def test_an_answer_given_nan_seconds_keeps_a_usable_mean(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    store.record_answer("sample", "rapallo", True, float("nan"), "quiz")
    assert store.record_answer("sample", "rapallo", True, 4.0, "quiz").mean_seconds == 2.0
    store.close()


def test_a_batch_writes_once(tmp_path, clock, monkeypatch):
    store = open_store(tmp_path, now=clock)
    writes = []
    real = Journal.append
    monkeypatch.setattr(Journal, "append", lambda journal, data: writes.append(data) or real(journal, data))
    with store.batch():
        for card in ("rapallo", "britain", "pact"):
            store.record_answer("sample", card, True, 1.0, "quiz")
    assert len(writes) == 1 and len(answered(tmp_path)) == 3
    store.close()


# -- never blocking readers, acknowledging only what is on disk ---------------------


def test_readers_never_wait_for_a_slow_disk_and_the_writer_waits_for_it(
    tmp_path, clock, monkeypatch, sample_deck
):
    store = open_store(tmp_path, now=clock)
    store.record_answer("sample", "rapallo", True, 1.0, "quiz")
    in_fsync, release = threading.Event(), threading.Event()
    real_fsync = os.fsync

    def slow_fsync(fd):
        in_fsync.set()
        release.wait(10)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    with ThreadPoolExecutor(max_workers=1) as writer:
        saving = writer.submit(store.record_answer, "sample", "britain", False, 2.0, "quiz")
        assert in_fsync.wait(10)
        # the disk stays blocked until `release`: a reader that waited for it would never finish
        reads: list = []

        def read() -> None:
            reads.append(store.question_stats("sample", "britain").attempts)  # memory has it
            reads.append(set(store.all_question_stats("sample")))
            reads.append(store.deck_summary(sample_deck).answered)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(60)  # a hang guard, not a measurement
        assert reads == [1, {"rapallo", "britain"}, 2]
        assert not saving.done()  # not acknowledged while the disk is still writing it
        release.set()
        assert saving.result(10).attempts == 1
    monkeypatch.undo()
    assert answered(tmp_path)[("sample", "britain")] == 1
    store.close()


def test_the_scheduler_runs_outside_the_lock_and_a_racing_answer_is_not_lost(tmp_path, clock, monkeypatch):
    from tui.core import scheduling

    store = open_store(tmp_path, now=clock)
    real_review = scheduling.review
    in_review, go_on = threading.Event(), threading.Event()

    def first_call_is_slow(schedule, correct, when, fsrs_id, rating=None):
        if not in_review.is_set():
            in_review.set()
            go_on.wait(10)
        return real_review(schedule, correct, when, fsrs_id, rating)

    monkeypatch.setattr(scheduling, "review", first_call_is_slow)
    with ThreadPoolExecutor(max_workers=1) as writer:
        slow = writer.submit(store.record_answer, "sample", "rapallo", False, 1.0, "quiz")
        assert in_review.wait(10)
        # the data lock is free while the slow answer is being scheduled
        store.record_answer("sample", "rapallo", True, 1.0, "quiz")
        go_on.set()
        final = slow.result(10)
    assert final.attempts == 2 and final.recent == (True, False)
    expected = real_review(
        real_review(None, True, clock(), scheduling.stable_fsrs_id("sample", "rapallo")),
        False,
        clock(),
        scheduling.stable_fsrs_id("sample", "rapallo"),
    )
    assert final.schedule == expected
    store.close()


def test_a_failed_save_says_so_keeps_the_old_file_and_goes_out_with_the_next_save(
    tmp_path, clock, monkeypatch
):
    store = open_store(tmp_path, now=clock)
    store.record_answer("sample", "rapallo", True, 1.0, "quiz")
    journal = tmp_path / "progress.json.journal"
    before = journal.read_bytes()
    real_write = os.write

    def half_then_no_space(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_no_space)
    with pytest.raises(ProgressWriteError, match="No space left on device"):
        store.record_answer("sample", "britain", True, 1.0, "quiz")
    monkeypatch.undo()
    assert journal.read_bytes() == before  # the half-written line was cut off again
    assert set(answered(tmp_path)) == {("sample", "rapallo")}
    assert temp_files(tmp_path) == []
    store.record_answer("sample", "pact", True, 1.0, "quiz")
    assert set(answered(tmp_path)) == {("sample", "rapallo"), ("sample", "britain"), ("sample", "pact")}
    store.close()


# -- one owner ---------------------------------------------------------------------


def test_a_second_store_on_the_same_folder_is_refused_and_readers_need_no_lock(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    store.record_answer("sample", "rapallo", True, 1.0, "quiz")
    with pytest.raises(ProgressLockedError, match="already running"):
        open_store(tmp_path, now=clock)
    assert read_store(tmp_path).question_stats("sample", "rapallo").attempts == 1
    store.close()
    open_store(tmp_path, now=clock).close()


# -- damaged and too-new files --------------------------------------------------------


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_file_is_refused_untouched_and_not_backed_up(tmp_path, clock, kind):
    raw, _problem = DAMAGED[kind]
    (tmp_path / "progress.json").write_bytes(raw)
    with pytest.raises(ProgressCorruptError, match="revise restore"):
        open_store(tmp_path, now=clock)
    assert (tmp_path / "progress.json").read_bytes() == raw
    assert list_backups(tmp_path) == []
    with pytest.raises(ProgressCorruptError):  # not "locked": the refusal let go of the folder
        open_store(tmp_path, now=clock)


def test_a_record_missing_a_field_is_damage_naming_the_record(tmp_path, clock):
    raw = b'{"meta":{"1":{"schema_version":1}},"questions":{"7":{"card":"x","attempts":1}}}'
    (tmp_path / "progress.json").write_bytes(raw)
    with pytest.raises(ProgressCorruptError, match="questions record 7, field deck: missing"):
        open_store(tmp_path, now=clock)


GOOD_RECORDS = {
    "questions": {
        "deck": "d",
        "card": "c",
        "attempts": 2,
        "correct": 1,
        "streak": 0,
        "lapses": 1,
        "recent": "10",
        "mean_seconds": 4.5,
        "schedule": None,
    },
    "sessions": {"mode": "quiz", "deck": "d", "started": "2026-11-26T10:00:00+00:00"},
    "best_times": {"deck": "d", "board_size": 5, "seconds": 21.5},
    "settings": {"key": "theme", "value": "nord"},
}
WRONG_VALUES = [None, True, "7", 7, 1.5, [], {}]


@pytest.mark.parametrize("table", GOOD_RECORDS)
def test_every_missing_or_mistyped_field_among_many_good_records_is_damage_naming_the_first_bad_record(table):
    fields = {name: field for name, field in schema.RECORDS[table].items() if field.required}
    for field, spec in fields.items():
        for wrong in [
            schema._MISSING,
            *(value for value in WRONG_VALUES if spec.kind.one(value) is not None),
        ]:
            records = {str(n): dict(GOOD_RECORDS[table], n=n, card=f"c{n}") for n in range(1, 1001)}
            for bad_id in ("700", "300"):  # both bad: the first in the file is named
                if wrong is schema._MISSING:
                    del records[bad_id][field]
                else:
                    records[bad_id][field] = wrong
            tables = {name: {"1": dict(record)} for name, record in GOOD_RECORDS.items()} | {table: records}
            with pytest.raises(ProgressCorruptError, match=f"{table} record 300, field {field}: "):
                schema.check_documents(tables, Path("progress.json"))
    good = {
        name: {str(n): dict(record, card=f"c{n}") for n in range(1, 1001)}
        for name, record in GOOD_RECORDS.items()
    }
    schema.check_documents(good, Path("progress.json"))  # no error


def test_a_file_from_a_newer_revise_is_refused_untouched(tmp_path, clock):
    raw = b'{"meta":{"1":{"schema_version":99}},"questions":{"1":{"new":"shape"}}}'
    (tmp_path / "progress.json").write_bytes(raw)
    with pytest.raises(ProgressTooNewError) as caught:
        open_store(tmp_path, now=clock)
    assert "newer version of revise" in str(caught.value) and "Upgrade revise" in str(caught.value)
    assert (tmp_path / "progress.json").read_bytes() == raw
    assert list_backups(tmp_path) == []


# -- migrations --------------------------------------------------------------------


def test_an_unversioned_file_is_backed_up_then_migrated(tmp_path, clock):
    old = b'{"questions":{"1":{"deck":"sample","card":"rapallo","attempts":2,"correct":1}}}'
    (tmp_path / "progress.json").write_bytes(old)
    store = open_store(tmp_path, now=clock)
    [backup] = list_backups(tmp_path)
    assert backup.schema == 0 and backup.path.read_bytes() == old
    tables = file_tables(tmp_path)
    assert [doc["schema_version"] for doc in tables["meta"].values()] == [schema.SCHEMA_VERSION]
    assert tables["questions"]["1"]["recent"] == "" and tables["questions"]["1"]["lapses"] == 0
    assert store.record_answer("sample", "rapallo", True, 1.0, "quiz").attempts == 3
    store.close()


def test_a_schema_1_file_gets_compact_outcomes_after_a_backup(tmp_path, clock):
    version_1 = (
        b'{"meta":{"1":{"schema_version":1}},"questions":{"1":{"deck":"sample","card":"rapallo",'
        b'"attempts":3,"correct":2,"streak":1,"lapses":1,"recent":[true,false,true],'
        b'"mean_seconds":2.3333333333333335,"schedule":null,"last_answered":"2026-11-25T10:00:00+00:00"}}}'
    )
    (tmp_path / "progress.json").write_bytes(version_1)
    store = open_store(tmp_path, now=clock)
    stats = store.question_stats("sample", "rapallo")
    assert stats.recent == (True, False, True) and stats.mean_seconds == 2.333
    assert store.record_answer("sample", "rapallo", False, 1.0, "quiz").lapses == 2
    store.close()
    assert [b.path.read_bytes() for b in list_backups(tmp_path) if b.schema == 1] == [version_1]
    assert file_tables(tmp_path)["questions"]["1"]["recent"] == "1010"


def test_a_future_migration_runs_after_the_backup(tmp_path, clock, monkeypatch):
    store = open_store(tmp_path, now=clock)
    store.record_answer("sample", "rapallo", True, 1.0, "quiz")
    store.close()
    current = schema.SCHEMA_VERSION
    before = (tmp_path / "progress.json").read_bytes()

    def add_a_setting(tables):
        tables.setdefault("settings", {})["1"] = {"key": "migrated", "value": True}

    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(MIGRATIONS, current, add_a_setting)
    clock.advance(3600)
    store = open_store(tmp_path, now=clock)
    assert store.setting("migrated") is True
    assert store.question_stats("sample", "rapallo").attempts == 1
    store.close()
    assert [b.path.read_bytes() for b in list_backups(tmp_path) if b.schema == current] == [before]
    assert [d["schema_version"] for d in file_tables(tmp_path)["meta"].values()] == [current + 1]


# -- backups at start-up --------------------------------------------------------------


def test_each_start_backs_up_the_last_good_file_once(tmp_path, clock):
    open_store(tmp_path, now=clock).close()  # a new store: nothing to back up yet
    assert list_backups(tmp_path) == []
    for card in ("rapallo", "britain"):
        clock.advance(60)
        store = open_store(tmp_path, now=clock)
        store.record_answer("sample", card, True, 1.0, "quiz")
        store.close()
    clock.advance(60)
    open_store(tmp_path, now=clock).close()
    clock.advance(60)
    open_store(tmp_path, now=clock).close()  # nothing changed since the last backup
    backups = list_backups(tmp_path)
    assert len(backups) == 3
    assert backups[-1].path.read_bytes() == (tmp_path / "progress.json").read_bytes()


def test_backups_are_thinned_at_start_up(tmp_path, clock):
    for n in range(14):
        store = open_store(tmp_path, now=clock)
        store.record_answer("sample", f"card-{n}", True, 1.0, "quiz")
        store.close()
        clock.advance(60)
    assert len(list_backups(tmp_path)) == 10


# -- restore -------------------------------------------------------------------------


def make_history(folder, clock, answers: int = 3) -> None:
    """Start the app `answers` times, answering one question each time (a backup each start)."""
    for n in range(answers):
        store = open_store(folder, now=clock)
        store.record_answer("sample", f"card-{n}", True, 1.0, "quiz")
        store.close()
        clock.advance(3600)


def test_restore_moves_the_damaged_file_aside_and_brings_back_the_newest_good_backup(tmp_path, clock):
    make_history(tmp_path, clock)
    backups = list_backups(tmp_path)
    backups[-1].path.write_bytes(b'{"questions": ')  # the newest backup is damaged too
    (tmp_path / "progress.json").write_bytes(b"\x00\x00\x00")
    result = restore_newest_backup(tmp_path, now=clock)
    assert result.backup == backups[-2] and result.skipped == (backups[-1],)
    assert result.moved_aside.read_bytes() == b"\x00\x00\x00"
    assert result.moved_aside.name.startswith("progress.json.damaged-")
    # the deck's own file is intact and holds every answer: kept, named by the restored progress.json
    assert [(d.deck, d.source, d.records) for d in result.decks] == [("sample", "file", 3)]
    store = open_store(tmp_path, now=clock)
    assert set(store.all_question_stats("sample")) == {"card-0", "card-1", "card-2"}
    store.close()


def test_restore_with_the_deck_files_lost_too_brings_back_the_newest_good_backup_whole(tmp_path, clock):
    make_history(tmp_path, clock)
    backups = list_backups(tmp_path)
    backups[-1].path.write_bytes(b'{"questions": ')  # the newest backup is damaged too
    (tmp_path / "progress.json").write_bytes(b"\x00\x00\x00")
    shutil.rmtree(tmp_path / "decks")
    result = restore_newest_backup(tmp_path, now=clock)
    assert result.backup == backups[-2] and result.skipped == (backups[-1],)
    assert (tmp_path / "progress.json").read_bytes() == backups[-2].path.read_bytes()
    assert [(d.deck, d.source, d.records) for d in result.decks] == [("sample", "backup", 1)]
    store = open_store(tmp_path, now=clock)
    assert set(store.all_question_stats("sample")) == {"card-0"}
    store.close()


def test_restore_leaves_a_healthy_file_alone(tmp_path, clock):
    make_history(tmp_path, clock)
    before = (tmp_path / "progress.json").read_bytes()
    assert restore_newest_backup(tmp_path, now=clock) is None
    assert (tmp_path / "progress.json").read_bytes() == before


def test_restore_without_a_good_backup_changes_nothing(tmp_path, clock):
    (tmp_path / "progress.json").write_bytes(b"")
    with pytest.raises(ProgressError, match="damaged file was left in place"):
        restore_newest_backup(tmp_path, now=clock)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json", "progress.json.lock"]


def test_restore_brings_back_a_lost_file(tmp_path, clock):
    make_history(tmp_path, clock, answers=2)
    (tmp_path / "progress.json").unlink()
    result = restore_newest_backup(tmp_path, now=clock)
    assert result.moved_aside is None and result.questions == 2  # the backup's tables, the deck's own file


def test_restore_refuses_while_the_app_runs_and_for_a_newer_file(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    with pytest.raises(ProgressLockedError):
        restore_newest_backup(tmp_path, now=clock)
    store.close()
    raw = b'{"meta":{"1":{"schema_version":99}}}'
    (tmp_path / "progress.json").write_bytes(raw)
    with pytest.raises(ProgressTooNewError):
        restore_newest_backup(tmp_path, now=clock)
    assert (tmp_path / "progress.json").read_bytes() == raw


def test_the_backup_clock_follows_the_store_clock(tmp_path, clock):
    make_history(tmp_path, clock, answers=2)
    taken = [b.taken for b in list_backups(tmp_path)]
    assert taken == [(clock.current - timedelta(hours=1)).replace(tzinfo=None)]


def test_a_session_keeps_its_papers_marks_and_says_them_as_the_results_did(tmp_path):
    store = open_store(tmp_path)
    typed = store.start_session("quiz", "deck")
    store.finish_session(typed, score=1, questions=3, duration=60.0, marks=(7, 12))
    choice = store.start_session("quiz", "deck")
    store.finish_session(choice, score=2, questions=3, duration=30.0, marks=(2, 3))
    older = store.start_session("quiz", "deck")
    store.finish_session(older, score=1, questions=2, duration=30.0)  # as before marks were kept
    with pytest.raises(ValueError):
        store.finish_session(older, score=1, questions=2, duration=30.0, marks=(5, 4))
    store.close()
    again = open_store(tmp_path)
    first, second, third = again.recent_sessions("deck")
    assert (first.marks, first.out_of, first.score_label, first.percent) == (7, 12, "7/12 marks", 7 / 12)
    assert (second.score_label, second.percent) == ("2/3 marks", 2 / 3)  # one mark a question: still marks
    assert (third.marks, third.score_label, third.percent) == (None, "1/2 right", 0.5)
    again.close()
