"""Opening the progress store: owned for the app, read-only for `revise stats`."""

from __future__ import annotations

import os
from pathlib import Path

from tui.core.progress import schema
from tui.core.progress.backups import take_backup, thin_backups
from tui.core.progress.db import AtomicJSONStorage, ProgressDB, ReadOnlyStorage
from tui.core.progress.files import FILE_NAME, prepare_data_dir, read_tables, remove_stale_temp_files
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
        loaded = read_tables(path)
        tables: Tables = {}
        migrated = False
        if loaded is not None:
            tables = loaded.tables
            version = readable_tables(tables, path)
            migrated = version < schema.SCHEMA_VERSION
            when = now()
            take_backup(folder, loaded.raw, when, schema=version if migrated else None)
            thin_backups(folder, when.date())
        storage = AtomicJSONStorage(path, tables, write_through=False, on_close=lock.release)
        if migrated:
            storage.flush(storage.stage(tables))
        return ProgressStore(ProgressDB(storage=lambda: storage), now=now)
    except BaseException:
        lock.release()
        raise


def read_store(data_dir: str | os.PathLike[str], now: Clock = utc_now) -> ProgressStore | None:
    """The progress store read-only, without the lock (`revise stats`); None if there is none.

    `os.replace` means the file read is always a whole one, even while the app runs.
    """
    path = progress_path(data_dir)
    loaded = read_tables(path)
    if loaded is None:
        return None
    readable_tables(loaded.tables, path)
    storage = ReadOnlyStorage(loaded.tables, path)
    return ProgressStore(ProgressDB(storage=lambda: storage), now=now)
