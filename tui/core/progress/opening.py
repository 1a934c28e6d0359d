"""Opening the progress store: owned for the app, read-only for `revise stats`."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

import tui.core.progress.schema as schema
from tui.core.progress.backups import take_backup, thin_backups
from tui.core.progress.db import AtomicJSONStorage, ProgressDB, ReadOnlyStorage
from tui.core.progress.files import FILE_NAME, prepare_data_dir, remove_stale_temp_files
from tui.core.progress.journal import load_state
from tui.core.progress.lock import DataDirLock
from tui.core.progress.schema import Tables, readable_tables
from tui.core.progress.store import Clock, ProgressStore, utc_now


def progress_path(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir) / FILE_NAME


def open_store(data_dir: str | os.PathLike[str], now: Clock = utc_now) -> ProgressStore:
    """Open (creating if needed) the progress store in `data_dir`, owned by this process.

    Takes the data folder's lock, refuses a damaged or too-new file without
    touching it, backs up the last good file into `backups/` (thinned), and
    migrates an older file after that backup. Raises ProgressError (or a
    subclass) with a message for people.
    """
    folder = Path(data_dir)
    path = folder / FILE_NAME
    prepare_data_dir(folder)
    lock = DataDirLock(folder).acquire()
    try:
        remove_stale_temp_files(path)
        loaded = load_state(path)
        tables: Tables = {}
        migrated = False
        snapshot_bytes = 0
        if loaded is not None and (loaded.snapshot is not None or loaded.journal_lines):
            tables = loaded.tables
            # what the backup keeps: the file as it was, or, after a crash, with its journal folded in
            raw = (
                loaded.snapshot.raw if loaded.snapshot and not loaded.journal_lines else orjson.dumps(tables)
            )
            snapshot_bytes = len(raw)
            version = readable_tables(tables, path)
            migrated = version < schema.SCHEMA_VERSION
            when = now()
            take_backup(folder, raw, when, schema=version if migrated else None)
            thin_backups(folder, when.date())
        storage = AtomicJSONStorage(
            path, tables, write_through=False, on_close=lock.release, snapshot_bytes=snapshot_bytes
        )
        if migrated or (loaded is not None and loaded.journal_bytes):
            storage.compact()  # after the backup: the journal of a crashed session, or a migration
        return ProgressStore(ProgressDB(storage=lambda: storage), now=now)
    except BaseException:
        lock.release()
        raise


def read_store(data_dir: str | os.PathLike[str], now: Clock = utc_now) -> ProgressStore | None:
    """The progress store read-only, without the lock (`revise stats`); None if there is none.

    `os.replace` means the snapshot read is always a whole one, even while the app runs,
    and a journal line still being appended is left out.
    """
    path = progress_path(data_dir)
    loaded = load_state(path)
    if loaded is None:
        return None
    readable_tables(loaded.tables, path)
    storage = ReadOnlyStorage(loaded.tables, path)
    return ProgressStore(ProgressDB(storage=lambda: storage), now=now)
