"""Crash-safe TinyDB storage for the progress file, its lock and its backups.

Stock TinyDB JSONStorage re-reads and re-parses the whole file on every
operation and rewrites it in place, so a crash or a full disk can leave a
cut-off file. `AtomicJSONStorage` reads the file once, keeps the tables in
memory and writes each change through atomically: serialise first, write a
temp file in the same folder, fsync it, `os.replace` it over the old file,
fsync the folder. On any failure the temp file is removed and the old file is
left byte-identical.

Each document is serialised once, just before the first change (off the UI
thread and outside the data lock, not at start-up), and its JSON kept; later
changes re-serialise only the documents they touched (`InPlaceTable` reports
them), so the cost of an answer does not grow with the number of answers, and
the data lock is held for microseconds while the file write happens outside it.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

FILE_NAME = "progress.json"
LOCK_NAME = FILE_NAME + ".lock"
BACKUP_FOLDER = "backups"
KEEP_NEWEST_BACKUPS = 10
KEEP_DAILY_BACKUPS_FOR_DAYS = 30
_BOM = b"\xef\xbb\xbf"
_RESTORE_HINT = "Run `revise restore` (with the same --data-dir, if you gave one)"

Tables = dict[str, dict[str, Any]]


# -- errors --------------------------------------------------------------------


class ProgressError(Exception):
    """The progress store cannot be used (locked by another copy, damaged, too new).

    The message says what happened and what to do; the CLI prints it and exits 1.
    """


class ProgressCorruptError(ProgressError):
    """The progress file exists but is not a progress file any more (cut off, not JSON, ...)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path} is damaged: {reason}. It was left untouched.\n"
            f"{_RESTORE_HINT} to move it aside and bring back the newest good backup."
        )


class ProgressTooNewError(ProgressError):
    """The progress file was written by a newer revise with a schema this one cannot read."""


class ProgressLockedError(ProgressError):
    """Another running copy of revise owns the data folder."""


class ProgressWriteError(ProgressError):
    """A change could not be written; the file on disk still holds the last saved state."""


# -- reading -------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedFile:
    raw: bytes
    tables: Tables


def read_tables(path: Path) -> LoadedFile | None:
    """The tables of a TinyDB JSON file, or None if there is no file.

    Raises ProgressCorruptError naming the file if it is empty, not JSON
    (cut off, BOM, NaN, ...) or not shaped like TinyDB tables.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ProgressCorruptError(path, "it is a folder, not a file") from None
    except OSError as error:
        raise ProgressError(f"Cannot read {path}: {error.strerror}.") from error
    return LoadedFile(raw, parse_tables(raw, path))


def parse_tables(raw: bytes, path: Path) -> Tables:
    """Parse and shape-check the bytes of a progress file (see `read_tables`)."""
    if not raw:
        raise ProgressCorruptError(path, "the file is empty (0 bytes)")
    if raw.startswith(_BOM):
        raise ProgressCorruptError(path, "it starts with a byte-order mark (BOM), which revise never writes")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise ProgressCorruptError(path, _json_problem(raw, error)) from None
    check_shape(data, path)
    return data


def _json_problem(raw: bytes, error: orjson.JSONDecodeError) -> str:
    import json

    try:  # the stdlib accepts NaN and Infinity, which are not JSON: name them
        json.loads(raw)
    except ValueError:
        pass
    else:
        return "it contains NaN or Infinity, which are not valid JSON numbers"
    if "end of data" in error.msg:
        return f"it is cut off after {len(raw)} bytes ({error})"
    return f"it is not valid JSON ({error})"


def check_shape(data: object, path: Path) -> None:
    """TinyDB's shape: an object of tables, each an object of numbered documents (objects)."""
    if not isinstance(data, dict):
        raise ProgressCorruptError(path, f"the top level is a {_json_type(data)}, not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ProgressCorruptError(path, f"table {name!r} is a {_json_type(table)}, not an object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit():
                raise ProgressCorruptError(
                    path, f"table {name!r} has a document id {doc_id!r} that is not a number"
                )
            if not isinstance(doc, dict):
                raise ProgressCorruptError(
                    path, f"document {doc_id} of table {name!r} is a {_json_type(doc)}, not an object"
                )


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")


# -- writing -------------------------------------------------------------------


def write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Replace `path` with `chunks` so that a crash leaves either the old or the new file.

    Temp file in the same folder, fsync, os.replace, fsync the folder. On any
    failure the temp file is removed, the old file is byte-identical and
    ProgressWriteError says why. `chunks` should be serialised already (it may
    be a generator that only frames ready bytes).
    """
    folder = path.parent
    temp_name: str | None = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            for chunk in chunks:
                _write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp_name, path)
    except BaseException as error:
        if temp_name is not None:
            with suppress(OSError):
                os.unlink(temp_name)
        if not isinstance(error, Exception):
            raise
        raise ProgressWriteError(
            f"Could not save progress to {path}: {_reason(error)}. The file on disk is unchanged."
        ) from error
    try:
        fsync_folder(folder)
    except OSError as error:
        raise ProgressWriteError(
            f"Saved {path}, but could not make the save durable: {_reason(error)}."
        ) from error


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _write_all(fd: int, chunk: bytes) -> None:
    view = memoryview(chunk)
    while view:
        view = view[os.write(fd, view) :]


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no folder fsync)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Delete temp files a killed writer left beside `path` (call only while holding the lock)."""
    removed = []
    for temp in path.parent.glob(f".{path.name}.*.tmp"):
        with suppress(OSError):
            temp.unlink()
            removed.append(temp)
    return removed


# -- the TinyDB storage and table ------------------------------------------------


class AtomicJSONStorage(Storage):
    """A TinyDB storage that reads its file once and writes every change atomically.

    `write` stages a snapshot (only touched documents are re-serialised) and,
    with `write_through` (the default), writes it at once. A caller holding its
    own data lock can pass `write_through=False`, stage under the lock, then
    `flush(seq)` outside it: flushes run one at a time and always write the
    newest staged snapshot, so an older snapshot never replaces a newer one.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        tables: Tables | None = None,
        *,
        write_through: bool = True,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path)
        if tables is None:
            loaded = read_tables(self.path)
            tables = loaded.tables if loaded else {}
        self._tables = tables
        self._write_through = write_through
        self._on_close = on_close
        # table name -> document id -> b'"id":{...}', in the tables' own order. Filled before
        # the first change (`prepare`, on the writer thread), not at load: start-up never needs them.
        self._pieces: dict[str, dict[str, bytes]] = {}
        self._piece_sources: dict[str, dict] = {}
        self._pieces_lock = threading.Lock()  # `prepare` hands its pieces over while no stage runs
        self._touched: dict[str, set[str] | None] = {}
        # Snapshot 0 is the file as loaded: it is on disk already, so it is never written.
        self._staged: tuple[int, list[tuple[bytes, list[bytes]]] | None] = (0, None)
        self._durable_seq = 0
        self._flush_lock = threading.Lock()
        self._closed = False

    # TinyDB's interface
    def read(self) -> Tables:
        return self._tables

    def write(self, data: Tables) -> None:
        self.stage(data)
        if self._write_through:
            self.flush()

    def close(self) -> None:
        if self._closed:
            return
        try:
            self.flush()
        finally:
            self._closed = True
            if self._on_close is not None:
                self._on_close()

    # staging and flushing
    def note_changed(self, table: str, doc_ids: Iterable[str] | None) -> None:
        """Documents of `table` that may have changed (None: any of them)."""
        if doc_ids is None:
            self._touched[table] = None
            return
        known = self._touched.setdefault(table, set())
        if known is not None:
            known.update(doc_ids)

    @property
    def staged_seq(self) -> int:
        """Number of the newest staged snapshot; `flush(n)` makes it durable."""
        return self._staged[0]

    @property
    def durable_seq(self) -> int:
        return self._durable_seq

    def prepare(self) -> None:
        """Serialise the documents of tables not serialised yet, so a `stage` only frames them.

        Meant to run outside the caller's data lock (the first change after loading
        10,000 documents would otherwise hold it ~10 ms): it only reads the tables, each
        document is dumped whole (orjson holds the GIL), and a document changed meanwhile
        is in the touched set the next `stage` re-serialises. A table a `stage` has
        serialised in the meantime keeps that newer serialisation.
        """
        tables = self._tables
        todo = [
            (name, table)
            for name, table in list(tables.items())
            if self._piece_sources.get(name) is not table
        ]
        if not todo:
            return
        built = [
            (name, table, {key: _piece(key, doc) for key, doc in list(table.items())}) for name, table in todo
        ]
        with self._pieces_lock:
            if self._tables is not tables:
                return
            for name, table, pieces in built:
                if self._piece_sources.get(name) is not table and tables.get(name) is table:
                    self._pieces[name] = pieces
                    self._piece_sources[name] = table

    def stage(self, data: Tables) -> int:
        """Snapshot `data` for writing; returns the snapshot's sequence number."""
        with self._pieces_lock:
            snapshot = self._snapshot(data)
        seq = self._staged[0] + 1
        self._staged = (seq, snapshot)
        return seq

    def _snapshot(self, data: Tables) -> list[tuple[bytes, list[bytes]]]:
        """The serialised tables, re-serialising only documents changed since the last snapshot."""
        if data is not self._tables:
            self._tables = data
            self._piece_sources.clear()
        for name in [name for name in self._pieces if name not in data]:
            del self._pieces[name]
            self._piece_sources.pop(name, None)
        for name, table in data.items():
            touched = self._touched.get(name)
            if self._piece_sources.get(name) is not table or (name in self._touched and touched is None):
                self._pieces[name] = {key: _piece(key, doc) for key, doc in table.items()}
                self._piece_sources[name] = table
            elif touched:
                pieces = self._pieces[name]
                for key in touched:
                    if key in table:
                        pieces[key] = _piece(key, table[key])
                    else:
                        pieces.pop(key, None)
        self._touched.clear()
        return [(orjson.dumps(name), list(self._pieces[name].values())) for name in data]

    def flush(self, upto: int | None = None) -> None:
        """Return once snapshot `upto` (default: the newest staged) or a newer one is on disk."""
        upto = self._staged[0] if upto is None else upto
        with self._flush_lock:
            if self._durable_seq >= upto:
                return
            seq, snapshot = self._staged
            if snapshot is not None:
                write_atomically(self.path, _assemble(snapshot))
            self._durable_seq = seq

    def serialised(self) -> bytes:
        """The bytes the newest staged snapshot writes (the loaded tables if none is staged; for tests)."""
        snapshot = self._staged[1]
        if snapshot is None:
            with self._pieces_lock:
                snapshot = self._snapshot(self._tables)
        return b"".join(_assemble(snapshot))


def _piece(key: str, doc: Any) -> bytes:
    return orjson.dumps(key) + b":" + orjson.dumps(doc)


# Documents per written chunk: ~100 KB, small enough for malloc to reuse the memory
# (one 4 MB join per save costs a fresh, page-faulting allocation each time).
_PIECES_PER_CHUNK = 256


def _assemble(snapshot: list[tuple[bytes, list[bytes]]]) -> Iterator[bytes]:
    """The file's bytes in chunks, framing documents that are already serialised."""
    yield b"{"
    for index, (name, pieces) in enumerate(snapshot):
        yield (b"," if index else b"") + name + b":{"
        for start in range(0, len(pieces), _PIECES_PER_CHUNK):
            batch = pieces[start : start + _PIECES_PER_CHUNK]
            yield b",".join([b"", *batch] if start else batch)
        yield b"}"
    yield b"}"


class ReadOnlyStorage(Storage):
    """Tables parsed from a file, for commands that only read (`revise stats`)."""

    def __init__(self, tables: Tables, path: Path) -> None:
        self._tables = tables
        self.path = path

    def read(self) -> Tables:
        return self._tables

    def write(self, data: Tables) -> None:
        raise ProgressError(f"{self.path} was opened read-only.")


class _DocumentsById(MutableMapping):
    """A table's documents keyed by int id over the stored str-keyed dict; records touched ids."""

    def __init__(self, raw: dict[str, Any], id_class: Callable[[str], Any]) -> None:
        self._raw = raw
        self._id_class = id_class
        self.touched: set[str] = set()
        self.cleared = False

    def __getitem__(self, doc_id: Any) -> Any:
        key = str(doc_id)
        doc = self._raw[key]
        self.touched.add(key)  # the caller may change it in place
        return doc

    def __setitem__(self, doc_id: Any, doc: Any) -> None:
        key = str(doc_id)
        self._raw[key] = doc
        self.touched.add(key)

    def __delitem__(self, doc_id: Any) -> None:
        key = str(doc_id)
        del self._raw[key]
        self.touched.add(key)

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._raw

    def __iter__(self) -> Iterator[Any]:
        return iter([self._id_class(key) for key in self._raw])

    def __len__(self) -> int:
        return len(self._raw)

    def clear(self) -> None:
        self._raw.clear()
        self.cleared = True


class InPlaceTable(Table):
    """A TinyDB table that changes documents where they are in the storage's memory.

    Stock `Table._update_table` copies the whole table twice per operation;
    here an update costs the same with 10 documents or 100,000, and the storage
    is told which documents changed so it re-serialises only those.
    """

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        raw = tables.get(self.name)
        if raw is None:
            raw = tables[self.name] = {}
        documents = _DocumentsById(raw, self.document_id_class)
        try:
            updater(documents)  # type: ignore[arg-type]
        finally:
            self.clear_cache()
            note_changed = getattr(self._storage, "note_changed", None)
            if note_changed is not None:
                note_changed(self.name, None if documents.cleared else documents.touched)
        self._storage.write(tables)


class ProgressDB(TinyDB):
    """TinyDB whose tables update in place (see `InPlaceTable`)."""

    table_class = InPlaceTable


# -- the lock ------------------------------------------------------------------


class DataDirLock:
    """Exclusive ownership of a data folder: an OS lock on `progress.json.lock` beside the data.

    The lock is on a sidecar file (os.replace swaps the data file out), and the
    OS drops it when the owner dies, even by kill -9: a lock file left behind
    does not block the next start. POSIX takes it with flock directly (the
    filelock package costs ~12 ms of imports at every start); Windows uses filelock.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._fd: int | None = None
        self._portable: Any = None  # filelock's FileLock, where there is no flock

    def acquire(self) -> DataDirLock:
        try:
            if fcntl is None:
                self._acquire_portable()
            else:
                self._acquire_flock()
        except ProgressLockedError:
            raise ProgressLockedError(
                f"Another copy of revise is already running with the data folder {self.folder}.\n"
                "Quit it first, or give this one a different --data-dir."
            ) from None
        except OSError as error:
            raise data_dir_error(self.folder, error) from error
        return self

    def _acquire_flock(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            # flock, not lockf: a second lock from this same process is refused too.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BaseException as error:
            os.close(fd)
            if isinstance(error, BlockingIOError):
                raise ProgressLockedError() from None
            raise
        self._fd = fd

    def _acquire_portable(self) -> None:
        from filelock import FileLock, Timeout

        self._portable = FileLock(str(self.path), timeout=0, thread_local=False)
        try:
            self._portable.acquire()
        except Timeout:
            raise ProgressLockedError() from None

    def release(self) -> None:
        if self._portable is not None:
            self._portable.release()
        elif self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the only descriptor drops the flock

    @property
    def is_locked(self) -> bool:
        return self._fd is not None or (self._portable is not None and self._portable.is_locked)


def data_dir_error(folder: Path, error: OSError) -> ProgressError:
    """A clear message for a data folder revise cannot create or write in."""
    return ProgressError(
        f"Cannot use the data folder {folder}: {error.strerror or error}.\n"
        "Revise keeps your progress there and needs to write in it: make it writable, "
        "or choose another folder with --data-dir or REVISE_DATA_DIR."
    )


def prepare_data_dir(folder: Path) -> None:
    """Create the folder if needed and prove it is writable (a temp file made and removed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".revise-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise data_dir_error(folder, error) from error


# -- backups ---------------------------------------------------------------------

_BACKUP_NAME = re.compile(r"^progress-(\d{8}T\d{6})(?:-(\d+))?(?:-schema(\d+))?\.json$")
_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True, order=True)
class Backup:
    """One file in `backups/`: when it was taken and, for pre-migration copies, its old schema."""

    taken: datetime
    counter: int
    path: Path
    schema: int | None = None

    @classmethod
    def from_path(cls, path: Path) -> Backup | None:
        match = _BACKUP_NAME.match(path.name)
        if not match:
            return None
        stamp, counter, schema = match.groups()
        try:  # fromisoformat reads the basic form too, without strptime's ~2 ms first-use import
            taken = datetime.fromisoformat(stamp)
        except ValueError:  # digits that are no date (month 13): not one of ours
            return None
        return cls(taken, int(counter or 1), path, int(schema) if schema is not None else None)


def list_backups(folder: Path) -> list[Backup]:
    """Backups in `folder/backups`, oldest first."""
    found = (Backup.from_path(path) for path in (folder / BACKUP_FOLDER).glob("progress-*.json"))
    return sorted(backup for backup in found if backup is not None)


def take_backup(folder: Path, raw: bytes, now: datetime, schema: int | None = None) -> Path | None:
    """Copy the bytes of a good progress file into `backups/` (None if the newest backup is the same).

    A pre-migration copy is tagged with its schema and never thinned.
    """
    backup_dir = folder / BACKUP_FOLDER
    backup_dir.mkdir(exist_ok=True)
    existing = list_backups(folder)
    if schema is None and existing and _same_bytes(existing[-1].path, raw):
        return None
    stamp = now.strftime(_STAMP)
    tag = f"-schema{schema}" if schema is not None else ""
    counter = 1 + max((b.counter for b in existing if b.taken.strftime(_STAMP) == stamp), default=0)
    name = f"progress-{stamp}{f'-{counter}' if counter > 1 else ''}{tag}.json"
    write_atomically(backup_dir / name, [raw])
    return backup_dir / name


def _same_bytes(path: Path, raw: bytes, chunk: int = 1 << 18) -> bool:
    """Whether `path` holds exactly `raw`: the size first, then chunk by chunk (no second 4 MB buffer)."""
    try:
        with open(path, "rb", buffering=0) as file:
            if os.fstat(file.fileno()).st_size != len(raw):
                return False
            for offset in range(0, len(raw), chunk):
                if file.read(chunk) != raw[offset : offset + chunk]:
                    return False
            return not file.read(1)
    except OSError:
        return False


def backups_to_keep(backups: list[Backup], today: date) -> set[Backup]:
    """The newest few, plus the newest of each of the last days; pre-migration copies always."""
    regular = sorted(b for b in backups if b.schema is None)
    keep = set(regular[-KEEP_NEWEST_BACKUPS:])
    newest_of_day: dict[date, Backup] = {}
    for backup in regular:
        newest_of_day[backup.taken.date()] = backup
    first_day = today - timedelta(days=KEEP_DAILY_BACKUPS_FOR_DAYS - 1)
    keep.update(b for day, b in newest_of_day.items() if first_day <= day <= today)
    keep.update(b for b in backups if b.schema is not None)
    return keep


def thin_backups(folder: Path, today: date) -> list[Path]:
    """Delete backups `backups_to_keep` does not keep; the paths removed."""
    backups = list_backups(folder)
    keep = backups_to_keep(backups, today)
    removed = []
    for backup in backups:
        if backup not in keep:
            with suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed
