"""The crash-safe TinyDB storage: reading, atomic writes, in-place tables, lock, backups."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from tui.core.progress import db as db_module
from tui.core.progress.backups import Backup, backups_to_keep, list_backups, take_backup, thin_backups
from tui.core.progress.db import AtomicJSONStorage, ProgressDB
from tui.core.progress.errors import ProgressCorruptError, ProgressLockedError, ProgressWriteError
from tui.core.progress.files import read_tables, remove_stale_temp_files, write_atomically
from tui.core.progress.journal import Journal, load_state, read_journal, replay
from tui.core.progress.lock import DataDirLock

GOOD = b'{"questions":{"1":{"deck":"d","card":"c","attempts":1}},"meta":{"1":{"schema_version":1}}}'

DAMAGED = {
    "empty": (b"", "empty"),
    "truncated": (GOOD[:40], "cut off"),
    "invalid": (b'{"questions": {"1": {deck: 1}}}', "not valid JSON"),
    "bom": (b"\xef\xbb\xbf" + GOOD, "byte-order mark"),
    "nan": (b'{"questions": {"1": {"mean_seconds": NaN}}}', "NaN"),
    "top-level list": (b"[1, 2]", "top level is a list"),
    "table not an object": (b'{"questions": [1]}', "table 'questions' is a list"),
    "document id not a number": (b'{"questions": {"x": {}}}', "record id 'x'"),
    "document not an object": (b'{"questions": {"1": "yes"}}', "document 1 of table 'questions' is a string"),
}


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# -- reading ---------------------------------------------------------------------


def test_a_missing_file_reads_as_none(tmp_path):
    assert read_tables(tmp_path / "progress.json") is None


def test_a_good_file_reads_as_its_tables_and_bytes(tmp_path):
    path = tmp_path / "progress.json"
    path.write_bytes(GOOD)
    loaded = read_tables(path)
    assert loaded.raw == GOOD
    assert loaded.tables["questions"]["1"]["card"] == "c"


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_file_is_an_error_naming_the_file_and_the_problem(tmp_path, kind):
    raw, problem = DAMAGED[kind]
    path = tmp_path / "progress.json"
    path.write_bytes(raw)
    with pytest.raises(ProgressCorruptError) as caught:
        read_tables(path)
    message = str(caught.value)
    assert str(path) in message and problem in message and "revise restore" in message
    assert path.read_bytes() == raw


# -- atomic writes -----------------------------------------------------------------


def test_write_atomically_replaces_the_file_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "progress.json"
    path.write_bytes(b"old")
    write_atomically(path, [b"new ", b"content"])
    assert path.read_bytes() == b"new content"
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failed_write_leaves_the_old_file_byte_identical(tmp_path, monkeypatch, failing):
    path = tmp_path / "progress.json"
    path.write_bytes(GOOD)

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(ProgressWriteError) as caught:
        write_atomically(path, [b'{"questions": {}}'])
    monkeypatch.undo()
    assert "Input/output error" in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == GOOD
    assert temp_files(tmp_path) == []


def test_a_write_interrupted_by_a_short_write_still_writes_everything(tmp_path, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    path = tmp_path / "progress.json"
    write_atomically(path, [GOOD])
    assert path.read_bytes() == GOOD


def test_stale_temp_files_of_a_killed_writer_are_removed(tmp_path):
    path = tmp_path / "progress.json"
    (tmp_path / ".progress.json.abc123.tmp").write_bytes(b"half")
    (tmp_path / "notes.tmp").write_bytes(b"not ours")
    assert [p.name for p in remove_stale_temp_files(path)] == [".progress.json.abc123.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.tmp"]


# -- the storage under TinyDB ------------------------------------------------------

operations = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), st.sampled_from(["a", "b"]), st.integers(0, 99)),
        st.tuples(st.just("update"), st.sampled_from(["a", "b"]), st.integers(0, 99)),
        st.tuples(st.just("remove"), st.sampled_from(["a", "b"]), st.integers(0, 99)),
        st.tuples(st.just("truncate"), st.sampled_from(["a", "b"]), st.just(0)),
        st.tuples(st.just("drop"), st.sampled_from(["a", "b"]), st.just(0)),
    ),
    max_size=25,
)


def apply(db: TinyDB, operation: tuple[str, str, int]) -> object:
    """One table operation; returns what TinyDB returned (ids), for comparison."""
    kind, name, value = operation
    table = db.table(name)
    ids = [doc.doc_id for doc in table.all()]
    if kind == "insert":
        return table.insert({"value": value, "nested": {"list": [value, True]}})
    if kind == "update" and ids:
        return table.update({"value": value}, doc_ids=[ids[value % len(ids)]])
    if kind == "remove" and ids:
        return table.remove(doc_ids=[ids[value % len(ids)]])
    if kind == "truncate":
        return table.truncate()
    if kind == "drop":
        return db.drop_table(name)
    return None


def staged_journal(ours: AtomicJSONStorage) -> list:
    """The journal lines staged but not yet appended, as the next open would read them."""
    return read_journal(Path("journal"), b"".join(line for _seq, line in ours._pending))


def loaded_tables() -> dict:
    return {
        "a": {str(n): {"value": n, "nested": {"list": [n]}} for n in range(1, 6)},
        "b": {"3": {"value": 3}},
    }


@settings(max_examples=80, deadline=None)
@given(operations, st.booleans())
def test_in_place_tables_behave_like_stock_tinydb_and_the_journal_replays_to_the_same_tables(ops, loaded):
    start = loaded_tables() if loaded else {}
    ours = AtomicJSONStorage(Path("unused.json"), loaded_tables() if loaded else {}, write_through=False)
    db = ProgressDB(storage=lambda: ours)
    stock = TinyDB(storage=MemoryStorage)
    stock.storage.write(loaded_tables() if loaded else {})
    for operation in ops:
        assert apply(db, operation) == apply(stock, operation)
        # what would be saved (the loaded tables plus the journal) is exactly the data in memory
        replayed = json.loads(json.dumps(start))
        replay(replayed, staged_journal(ours))
        assert {k: v for k, v in replayed.items() if v} == {k: v for k, v in ours.read().items() if v}
    assert ours.read() == json.loads(json.dumps(stock.storage.read() or {}))


def test_what_is_written_reopens_as_the_same_tables(tmp_path):
    path = tmp_path / "progress.json"
    db = ProgressDB(path, storage=AtomicJSONStorage)
    for n in range(5):
        db.table("questions").insert({"n": n})
    db.table("questions").update({"n": 99}, doc_ids=[3])
    db.table("questions").remove(doc_ids=[1])
    db.close()
    again = ProgressDB(path, storage=AtomicJSONStorage)
    assert [(d.doc_id, d["n"]) for d in again.table("questions").all()] == [(2, 1), (3, 99), (4, 3), (5, 4)]


def test_a_flush_of_an_older_change_after_a_newer_one_appends_nothing_twice(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    appends = []
    real = Journal.append
    monkeypatch.setattr(Journal, "append", lambda journal, data: appends.append(data) or real(journal, data))
    ours = AtomicJSONStorage(path, {}, write_through=False)
    db = ProgressDB(storage=lambda: ours)
    db.table("t").insert({"n": 1})
    first = ours.staged_seq
    db.table("t").insert({"n": 2})
    second = ours.staged_seq
    ours.flush(second)  # one append acknowledges both changes
    ours.flush(first)
    assert len(appends) == 1 and appends[0].count(b"\n") == 2
    assert load_state(path).tables == {"t": {"1": {"n": 1}, "2": {"n": 2}}}


def test_loading_serialises_nothing_and_a_change_only_itself(tmp_path, monkeypatch):
    dumped = []
    real_dumps = orjson.dumps
    monkeypatch.setattr(orjson, "dumps", lambda value: dumped.append(value) or real_dumps(value))
    path = tmp_path / "p.json"
    ours = AtomicJSONStorage(path, {"q": {str(n): {"n": n} for n in range(1, 1001)}}, write_through=False)
    db = ProgressDB(storage=lambda: ours)
    assert dumped == []  # start-up serialises nothing
    db.table("q").update({"n": -1}, doc_ids=[500])
    assert dumped == [[("q", "500", {"n": -1})]]
    dumped.clear()
    db.table("q").update({"n": -2}, doc_ids=[7])
    assert dumped == [[("q", "7", {"n": -2})]]
    ours.flush()
    expected = {str(n): {"n": n} for n in range(1, 1001)} | {"500": {"n": -1}, "7": {"n": -2}}
    ours.close()  # folds the journal into the snapshot
    assert orjson.loads(path.read_bytes()) == {"q": expected}


def test_a_file_opened_and_closed_without_a_change_is_not_rewritten(tmp_path):
    path = tmp_path / "progress.json"
    written = json.dumps({"questions": {"1": {"deck": "d", "n": 1.5}}}, indent=2).encode()  # not our layout
    path.write_bytes(written)
    ours = AtomicJSONStorage(path)
    assert ours.read() == orjson.loads(written)
    ours.close()
    assert path.read_bytes() == written


# -- the lock ----------------------------------------------------------------------


def test_a_second_owner_of_the_data_folder_is_refused_until_the_first_lets_go(tmp_path):
    first = DataDirLock(tmp_path).acquire()
    with pytest.raises(ProgressLockedError) as caught:
        DataDirLock(tmp_path).acquire()
    assert "Another copy of revise is already running" in str(caught.value)
    assert str(tmp_path) in str(caught.value)
    first.release()
    DataDirLock(tmp_path).acquire().release()
    assert (tmp_path / "progress.json.lock").exists()  # the lock is on the sidecar, which may stay


# -- backups -----------------------------------------------------------------------

NOW = datetime(2026, 11, 26, 15, 0)


def test_a_backup_copies_the_bytes_and_an_identical_one_is_skipped(tmp_path):
    first = take_backup(tmp_path, GOOD, NOW)
    assert first.read_bytes() == GOOD and first.name == "progress-20261126T150000.json"
    assert take_backup(tmp_path, GOOD, NOW + timedelta(minutes=1)) is None
    second = take_backup(tmp_path, GOOD + b" ", NOW)
    assert second.name == "progress-20261126T150000-2.json"
    assert [b.path.name for b in list_backups(tmp_path)] == [first.name, second.name]


def test_a_backup_of_the_same_size_but_other_bytes_is_taken(tmp_path):
    first = take_backup(tmp_path, GOOD, NOW)
    changed = GOOD.replace(b'"attempts":1', b'"attempts":2')
    second = take_backup(tmp_path, changed, NOW + timedelta(hours=1))
    assert len(changed) == len(GOOD) and second.read_bytes() == changed != first.read_bytes()


def test_files_in_backups_that_only_look_like_backups_are_left_out(tmp_path):
    taken = take_backup(tmp_path, GOOD, NOW)
    (tmp_path / "backups" / "progress-20261399T150000.json").write_bytes(GOOD)  # month 13
    (tmp_path / "backups" / "notes.json").write_bytes(b"{}")
    assert [b.path for b in list_backups(tmp_path)] == [taken]
    assert list_backups(tmp_path)[0].taken == NOW


def test_a_pre_migration_backup_is_tagged_with_its_schema_and_kept(tmp_path):
    tagged = take_backup(tmp_path, GOOD, NOW, schema=0)
    assert tagged.name == "progress-20261126T150000-schema0.json"
    for hour in range(30):
        take_backup(tmp_path, b"%d" % hour, NOW + timedelta(days=40, hours=hour))
    thin_backups(tmp_path, (NOW + timedelta(days=42)).date())
    assert tagged.exists()


def backup_at(when: datetime, counter: int = 1) -> Backup:
    return Backup(when, counter, Path(f"progress-{when:%Y%m%dT%H%M%S}.json"))


times = st.lists(
    st.datetimes(min_value=datetime(2026, 9, 1), max_value=datetime(2026, 11, 26, 23, 59)),
    unique=True,
    max_size=80,
)


@given(times)
def test_thinning_keeps_the_newest_ten_and_the_newest_of_each_of_the_last_30_days(stamps):
    backups = [backup_at(when) for when in stamps]
    today = date(2026, 11, 26)
    keep = backups_to_keep(backups, today)
    newest_first = sorted(backups, reverse=True)
    assert set(newest_first[:10]) <= keep
    for day in {b.taken.date() for b in backups}:
        newest_of_day = max(b for b in backups if b.taken.date() == day)
        recent = (today - day).days < 30
        assert (newest_of_day in keep) or not recent
    assert len(keep) <= 10 + 30
    assert all(b in newest_first[:10] or (today - b.taken.date()).days < 30 for b in keep)


def test_thinning_deletes_the_files_not_kept(tmp_path):
    for n in range(15):
        take_backup(tmp_path, b"%d" % n, NOW - timedelta(days=100, minutes=n))
    removed = thin_backups(tmp_path, NOW.date())
    assert len(removed) == 5 and len(list_backups(tmp_path)) == 10


# -- the TinyDB internals `InPlaceTable` relies on ----------------------------------------


def test_the_tinydb_internal_we_override_keeps_its_shape():
    """`InPlaceTable` replaces the private `Table._update_table`: fail loudly if TinyDB changes it.

    We rely on: its one parameter `updater`, called once with the table's documents keyed
    by `document_id_class`; one `_storage.read()` before and one `_storage.write(tables)`
    after; and the attributes `_storage`, `name`, `document_id_class`, `clear_cache`.
    """
    import inspect

    from tinydb.table import Table

    assert list(inspect.signature(Table._update_table).parameters) == ["self", "updater"]
    assert list(inspect.signature(db_module.InPlaceTable._update_table).parameters) == ["self", "updater"]

    calls: list[tuple[str, object]] = []

    class Recording(MemoryStorage):
        def read(self):
            calls.append(("read", None))
            return {"t": {"1": {"n": 1}, "2": {"n": 2}}}

        def write(self, data):
            calls.append(("write", data))

    stock = Table(Recording(), "t")
    assert stock.name == "t" and stock.document_id_class is int and callable(stock.clear_cache)
    assert isinstance(stock._storage, Recording)
    seen = []

    def updater(documents):
        seen.append(sorted(documents))
        documents[2]["n"] = 20

    calls.clear()
    stock._update_table(updater)
    assert seen == [[1, 2]]  # ids already converted with document_id_class
    assert [kind for kind, _ in calls] == ["read", "write"]
    assert calls[-1][1] == {"t": {"1": {"n": 1}, "2": {"n": 20}}}


def test_every_tinydb_write_we_use_goes_through_update_table(monkeypatch):
    """Each change the store makes must pass `_update_table`, or its document would not be re-serialised."""
    table = ProgressDB(storage=MemoryStorage).table("t")
    routed = []
    real = db_module.InPlaceTable._update_table
    monkeypatch.setattr(
        db_module.InPlaceTable, "_update_table", lambda self, updater: routed.append(1) or real(self, updater)
    )
    doc_id = table.insert({"n": 1})
    table.insert_multiple([{"n": 2}, {"n": 3}])
    table.update({"n": 10}, doc_ids=[doc_id])
    table.remove(doc_ids=[doc_id])
    table.truncate()
    assert len(routed) == 5 and table.all() == []
