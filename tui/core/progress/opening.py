"""Opening the progress store: owned for the app, read-only for `revise stats`."""

from __future__ import annotations

import errno
import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import tui.core.progress.schema as schema
import tui.core.progress.split as split
from tui.core.progress.backups import backup_deck_files, take_backup, thin_backups
from tui.core.progress.db import AtomicJSONStorage, ProgressDB, ReadOnlyStorage
from tui.core.progress.errors import ProgressCorruptError, ProgressError, ProgressWriteError
from tui.core.progress.files import (
    FILE_NAME,
    parse_tables,
    prepare_data_dir,
    read_regular_file,
    remove_stale_temp_files,
)
from tui.core.progress.journal import journal_path, load_state, read_journal, replay
from tui.core.progress.layout import encode_snapshot, journal_deltas, scan_snapshot
from tui.core.progress.lock import DataDirLock
from tui.core.progress.schema import Tables, readable_tables
from tui.core.progress.store import LAST_DECK, Clock, ProgressStore, utc_now

if TYPE_CHECKING:
    from tui.core.figures_cache import Columns

_Read = TypeVar("_Read")


def progress_path(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir) / FILE_NAME


def open_store(
    data_dir: str | os.PathLike[str],
    now: Clock = utc_now,
    *,
    deck: str | None = None,
    on_decks_written: Callable[[Path, list[split.DeckChange]], None] | None = None,
    check_later: bool = False,
) -> ProgressStore:
    """Open (creating if needed) the progress store in `data_dir`, owned by this process.

    Takes the data folder's lock, refuses a damaged or too-new file without
    touching it, backs up the last good file into `backups/` (thinned), and
    migrates an older file after that backup. A backup that cannot be taken
    (a full disk, an obstacle named `backups`) does not stop the store opening:
    `store.warnings` says so ("Backup skipped: the disk is full ..."), reads work
    and saves are tried as usual. Raises ProgressError (or a subclass) with a
    message for people.

    Question records live in one file per deck (`split`): the file of `deck` (default: the
    deck opened last) is read and checked here, so its damage is refused at start; another
    deck's file is read and checked when that deck is first used (ProgressCorruptError then).
    `on_decks_written(folder, changes)` is called after each save that wrote new deck files
    (`db.AtomicJSONStorage`), to keep a derived cache in step; what it raises is ignored.

    `check_later` (the app, issue 18): when nothing of the last session is left unfolded and the
    figures cache holds a sound entry for the opening deck's file (`figures_cache`), that file's
    read and check, the start's backup and the clean-up of unnamed deck files wait for
    `store.finish_opening()` (the app calls it right after home's first frame; the store's first
    write or first read of that deck's records runs it, or the check, at the latest); until then
    `store.opening_columns(deck)` gives home's figures' columns.
    """
    folder = Path(data_dir)
    path = folder / FILE_NAME
    warnings: list[str] = []  # shown by the app: the store opened, but not everything went well
    prepare_data_dir(folder)
    lock = DataDirLock(folder).acquire()
    try:
        remove_stale_temp_files(path)
        with no_gc_passes():
            loaded = load_state(path)
            saved = loaded is not None and (loaded.snapshot is not None or loaded.journal_lines > 0)
            # what the backup keeps: the file as it was, or, after a crash, with its journal folded in
            raw = b""
            if loaded is not None and saved:
                was_split = split.is_split(loaded.tables, path)
                raw = (
                    loaded.snapshot.raw
                    if loaded.snapshot and (was_split or not loaded.journal_lines)
                    else encode_snapshot(loaded.tables)
                )
            tables, version = split.split_tables(folder, path, loaded if saved else None)
            questions = tables[split.QUESTIONS]
            assert isinstance(questions, split.DeckFiles)
            opening = deck if deck is not None else _setting(tables, LAST_DECK)
            columns = None
            if isinstance(opening, str):
                # the figures' columns instead of the file (checked later), only with nothing to fold
                later = (
                    check_later
                    and loaded is not None
                    and not loaded.journal_bytes
                    and version >= schema.SCHEMA_VERSION
                )
                columns = _kept_columns(questions, opening) if later else None
                if columns is None:
                    questions.load(opening)  # a damaged file of the deck being opened: refused now
        migrated = loaded is not None and saved and version < schema.SCHEMA_VERSION
        if migrated:  # the upgrade rewrites the file: never without its copy
            _back_up(folder, path, raw, now(), questions, warnings, schema=version)
        storage = AtomicJSONStorage(
            path,
            tables,
            write_through=False,
            on_close=lock.release,
            snapshot_bytes=len(raw),
            on_decks_written=on_decks_written,
        )
        storage.journal.guard = lock.check
        if migrated or (loaded is not None and loaded.journal_bytes):
            try:
                storage.compact()  # the journal of a crashed session, or a migration (after its backup)
                raw = read_regular_file(path) or raw  # the backup below keeps the journal folded in
            except ProgressWriteError:
                if migrated:
                    raise
                storage.journal.needs_reset = True  # the journal keeps every change; folded at a later save
        elif (
            columns is None
        ):  # files a compaction killed before it removed them (no one else writes here: the lock)
            split.remove_unnamed_deck_files(folder, questions.summaries)
        if saved and not migrated and columns is None:
            _back_up(folder, path, raw, now(), questions, warnings)
        store = ProgressStore(ProgressDB(storage=lambda: storage), now=now)
        store.warnings.extend(warnings)
        if columns is not None:
            assert isinstance(opening, str)

            def finish(
                deck_id: str = opening, kept: Columns = columns, saved: bool = saved, raw: bytes = raw
            ) -> None:
                questions.load(deck_id)  # refused as at open: ProgressCorruptError, nothing written yet
                questions.keep_figures_base(deck_id, kept)  # a quit then makes only the changed rows
                split.remove_unnamed_deck_files(folder, questions.summaries)
                if saved:
                    _back_up(folder, path, raw, now(), questions, store.warnings)

            store.open_later(opening, columns, finish)
        return store
    except BaseException:
        lock.release()
        raise


def _kept_columns(questions: split.DeckFiles, deck_id: str) -> Columns | None:
    """The figures cache's columns of the deck's file as `progress.json` names it, if sound."""
    summary = questions.summaries.get(deck_id)
    if summary is None:
        return None
    from tui.core.figures_cache import read_columns

    return read_columns(summary["file"], deck_id)


def _setting(tables: Tables, key: str) -> object:
    for doc in tables.get("settings", {}).values():
        if doc.get("key") == key:
            return doc.get("value")
    return None


def _back_up(
    folder: Path,
    path: Path,
    raw: bytes,
    when: datetime,
    questions: split.DeckFiles,
    warnings: list[str],
    schema: int | None = None,
) -> None:
    """Back up `raw` (progress.json's bytes) and the deck files it names; thin the backups.

    A failure is a warning (`warnings`), except before an upgrade (`schema`: the old schema),
    where it raises ProgressError and nothing is changed.
    """
    try:
        backup_deck_files(folder, questions.summaries)  # first: a backup never names a missing one
        take_backup(folder, raw, when, schema=schema)
        thin_backups(folder, when.date())
    except (OSError, ProgressWriteError) as error:
        if schema is not None:
            raise ProgressError(
                f"Could not back up {path} before upgrading it: {_backup_problem(error)}. "
                "It was left untouched; free some space and start Revise again."
            ) from error
        warnings.append(f"Backup skipped: {_backup_problem(error)}. Your progress is still saved.")


@contextmanager
def no_gc_passes() -> Iterator[None]:
    """No garbage collection while records are parsed, checked and worked on (issue 18): the app's
    start and `revise stats`.

    Every few hundred new dicts the collector walks the young ones, and now and then all of
    them: at 100,000 records that was about a third of the parse. Nothing made here is
    garbage in a cycle, so collecting can wait until the records are loaded.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _backup_problem(error: BaseException) -> str:
    """Why a backup failed, in words; never calls the backup "progress"."""
    cause = error if isinstance(error, OSError) else error.__cause__
    if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if isinstance(error, ProgressWriteError):
        return str(error).rstrip(".")
    return getattr(error, "strerror", None) or str(error)


def read_store(data_dir: str | os.PathLike[str], now: Clock = utc_now) -> ProgressStore | None:
    """The progress store read-only, without the lock (`revise stats`); None if there is none.

    `os.replace` means the snapshot read is always a whole one, even while the app runs,
    and a journal line still being appended is left out. A snapshot in the line layout
    (`layout`) is validated a batch at a time and its question records parsed when asked
    for, so 100,000 records never sit in memory parsed at once.

    The app may save meanwhile: it writes new deck files, then progress.json naming them, then
    removes the old ones. A deck file found missing or changed after progress.json was replaced
    is that save, not damage: the whole read is tried again (twice at most).
    """
    return read_while_saving(progress_path(data_dir), lambda path: _read_store_once(path, now))


def read_while_saving(path: Path, read_once: Callable[[Path], _Read]) -> _Read:
    """`read_once(path)`, tried again (twice at most) when it finds damage but progress.json was
    replaced meanwhile: a deck file missing or changed then is the app's save, not damage.

    Raises ProgressCorruptError when the damage stays with the file unchanged (or a third time).
    """
    for attempt in range(3):
        before = _identity(path)
        try:
            return read_once(path)
        except ProgressCorruptError:
            if attempt == 2 or _identity(path) == before:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def read_snapshot(path: Path) -> tuple[dict[str, Any], list[Any], bool] | None:
    """progress.json and its journal read and checked, changing nothing: (its tables with the
    journal's changes, the journal's lines, whether it is one file from before schema 3 holding
    every question record), or None when neither file exists. A split store's question records
    are in its deck files: the caller reads them (the journal's question changes go over them).

    Raises ProgressCorruptError for damage, and for a split store that still holds records.
    """
    journal = journal_path(path)
    raw_journal = read_regular_file(journal)  # before the snapshot: see `journal.load_state`
    raw = read_regular_file(path)
    if raw is None and raw_journal is None:
        return None
    with no_gc_passes():
        lines = read_journal(journal, raw_journal or b"")
        deltas = journal_deltas(lines)
        deltas.pop(split.QUESTIONS, None)  # a scanned snapshot is split: its decks' files take them
        tables = scan_snapshot(raw, path, deltas) if raw is not None else None
        if tables is not None and split.QUESTIONS in tables:
            raise ProgressCorruptError(path, split.QUESTIONS_LEFT)
        if tables is not None:
            return tables, lines, False
        tables = parse_tables(raw, path) if raw is not None else {}
        if (
            split.QUESTIONS in tables
            and split.SPLIT_SCHEMA <= schema.schema_version(tables, path) <= schema.SCHEMA_VERSION
        ):
            raise ProgressCorruptError(path, split.QUESTIONS_LEFT)
        replay(tables, lines)
        one_file = not split.is_split(tables, path)  # from before schema 3: every record in it
        readable_tables(tables, path)
        return tables, lines, one_file


def _read_store_once(path: Path, now: Clock) -> ProgressStore | None:
    read = read_snapshot(path)
    if read is None:
        return None
    tables, lines, one_file = read
    if not one_file:
        with no_gc_passes():
            tables = split.read_only_tables(path.parent, path, tables, lines)
    storage = ReadOnlyStorage(tables, path)
    return ProgressStore(ProgressDB(storage=lambda: storage), now=now)
