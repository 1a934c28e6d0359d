"""TinyDB over the progress file: read once, changed in place, every change written atomically.

Stock TinyDB JSONStorage re-reads and re-parses the whole file on every
operation and rewrites it in place, so a crash or a full disk can leave a
cut-off file. `AtomicJSONStorage` reads the file once, keeps the tables in
memory and writes each change through `files.write_atomically`.

Each document is serialised once, just before the first change (off the UI
thread and outside the data lock, not at start-up), and its JSON kept; later
changes re-serialise only the documents they touched (`InPlaceTable` reports
them), so the data lock is held for microseconds while the file write happens
outside it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from tui.core.progress.errors import ProgressError
from tui.core.progress.files import read_tables, write_atomically
from tui.core.progress.schema import Tables


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
