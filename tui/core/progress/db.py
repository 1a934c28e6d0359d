"""TinyDB over the progress file: read once, changed in place, each change one journal append.

Stock TinyDB JSONStorage re-reads and re-parses the whole file on every
operation and rewrites it in place, so a crash or a full disk can leave a
cut-off file, and every answer costs as much as the whole file.
`AtomicJSONStorage` reads the snapshot and its journal once, keeps the tables
in memory, and saves each change as one fsync'd journal line holding only the
documents it touched (`InPlaceTable` reports them): the cost of an answer does
not grow with the number of records. The snapshot is rewritten atomically
(`files.write_atomically`) only when the journal is compacted: at open if it
is not empty, at close, and when it outgrows `COMPACT_AT_BYTES`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from contextlib import suppress
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

import tui.core.progress.split as split
from tui.core.progress.errors import ProgressError, ProgressWriteError
from tui.core.progress.files import write_atomically
from tui.core.progress.journal import Journal, Operation, encode, journal_path, load_state
from tui.core.progress.layout import snapshot_chunks
from tui.core.progress.schema import Tables

# Past this size (or the snapshot's, if larger) the journal is folded into a new snapshot:
# ~10,000 answers, so replaying it at the next start stays a few milliseconds.
COMPACT_AT_BYTES = 4 << 20


class AtomicJSONStorage(Storage):
    """A TinyDB storage over a snapshot file and its journal (see the module doc).

    `write` stages the touched documents as a journal line and, with
    `write_through` (the default), appends it at once. A caller holding its own
    data lock can pass `write_through=False`, stage under the lock, then
    `flush(seq)` outside it: flushes run one at a time and append every line
    staged so far, in order, so one fsync may acknowledge several changes.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        tables: Tables | None = None,
        *,
        write_through: bool = True,
        on_close: Callable[[], None] | None = None,
        snapshot_bytes: int = 0,
        on_decks_written: Callable[[Path, list[split.DeckChange]], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.journal = Journal(journal_path(self.path))
        if tables is None:
            loaded = load_state(self.path)
            tables = loaded.tables if loaded else {}
            if loaded is not None and loaded.journal_bytes:
                self.journal.needs_reset = True  # fold it in at the first save
            snapshot_bytes = len(loaded.snapshot.raw) if loaded and loaded.snapshot else 0
        self._tables = tables
        self._write_through = write_through
        self._on_close = on_close
        self._on_decks_written = on_decks_written
        self._compact_at = max(COMPACT_AT_BYTES, snapshot_bytes)
        self._touched: dict[str, set[str] | None] = {}
        self._known_tables = set(tables)
        self._state_lock = threading.Lock()  # staging vs. reading the whole tables for a snapshot
        self._pending: list[tuple[int, bytes]] = []  # staged journal lines not yet appended
        self._staged_seq = 0
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
        """Append what is staged, fold the journal into the snapshot, give up the folder.

        A failed fold is not an error: the journal holds every saved change and the
        next open folds it.
        """
        if self._closed:
            return
        try:
            self.flush()
            if self.journal.size or self.journal.needs_reset:
                with suppress(ProgressWriteError), self._flush_lock:
                    self._compact()
            questions = self._tables.get(split.QUESTIONS)
            if isinstance(questions, split.DeckFiles):  # home's figures for the next start (issue 18)
                with suppress(Exception):  # a derived cache: never a reason for a close to fail
                    questions.keep_figures()
        finally:
            self._closed = True
            self.journal.close()
            if self._on_close is not None:
                self._on_close()

    # staging and flushing
    def note_changed(self, table: str, doc_ids: Iterable[str] | None) -> None:
        """Documents of `table` that may have changed (None: any of them)."""
        questions = self._tables.get(table) if table == split.QUESTIONS else None
        if isinstance(questions, split.DeckFiles):  # a record's deck or card may have changed in place
            questions.changed(None if doc_ids is None else list(doc_ids))
        if doc_ids is None:
            self._touched[table] = None
            return
        known = self._touched.setdefault(table, set())
        if known is not None:
            known.update(doc_ids)

    @property
    def staged_seq(self) -> int:
        """Number of the newest staged change; `flush(n)` makes it durable."""
        return self._staged_seq

    def stage(self, data: Tables) -> int:
        """Serialise the documents changed since the last stage as one journal line; its number."""
        with self._state_lock:
            if data is not self._tables:  # a whole new set of tables: every table changed
                self._tables = data
                self._touched = dict.fromkeys(set(data) | self._known_tables)
            line = encode(self._operations(data))
            self._touched.clear()
            self._known_tables = set(data)
            self._staged_seq += 1
            self._pending.append((self._staged_seq, line))
            return self._staged_seq

    def _operations(self, data: Tables) -> Iterator[Operation]:
        for name in self._known_tables - set(data):  # a dropped table
            yield (name, None, None)
        for name, touched in self._touched.items():
            table = data.get(name)
            if table is None:
                continue
            if touched is None:  # emptied, or changed as a whole: its documents from scratch
                yield (name, None, None)
                yield from ((name, key, doc) for key, doc in table.items())
            else:
                yield from ((name, key, table.get(key)) for key in sorted(touched, key=int))

    def flush(self, upto: int | None = None) -> None:
        """Return once change `upto` (default: the newest staged) is on disk, with every one before it."""
        upto = self._staged_seq if upto is None else upto
        with self._flush_lock:
            if self._durable_seq >= upto:
                return
            if self.journal.needs_reset:
                self._compact()
                return
            with self._state_lock:
                batch = list(self._pending)
            self.journal.append(b"".join(line for _seq, line in batch))
            with self._state_lock:
                del self._pending[: len(batch)]
            self._durable_seq = batch[-1][0]
            if self.journal.size > self._compact_at:
                with suppress(ProgressWriteError):  # the journal holds everything; retried at the next save
                    self._compact()

    def _compact(self) -> None:
        """Write the whole tables as the new snapshot, then start an empty journal (flush lock held).

        Question records split per deck (`split.DeckFiles`): the files of the decks changed since
        they were written first, then progress.json naming them, then the files it no longer names;
        then `on_decks_written` is told how each new deck file differs from the deck's last one
        (`split.DeckChange`; any error it raises is ignored).
        """
        self.journal.check_owner()  # a copy that lost the data folder writes nothing
        with self._state_lock:  # no change is staged halfway through this copy
            questions = self._tables.get(split.QUESTIONS)
            follow = self._on_decks_written is not None
            decks = questions.snapshot(follow) if isinstance(questions, split.DeckFiles) else None
            tables = self._tables if decks is None else split.shared_tables(self._tables, decks.summaries)
            chunks = snapshot_chunks(tables)
            seq = self._staged_seq
        if decks is not None:
            split.write_deck_files(self.path.parent, decks.files)
        write_atomically(self.path, chunks)
        if decks is not None and isinstance(questions, split.DeckFiles):
            with self._state_lock:
                questions.committed(decks)
            split.remove_unnamed_deck_files(self.path.parent, decks.summaries)
        with self._state_lock:
            self._pending = [(n, line) for n, line in self._pending if n > seq]
        self._durable_seq = max(self._durable_seq, seq)
        self._compact_at = max(COMPACT_AT_BYTES, sum(map(len, chunks)))
        self.journal.reset()
        if decks is not None and decks.deck_changes and self._on_decks_written is not None:
            with suppress(Exception):  # a derived cache only: the save is done whatever happens to it
                self._on_decks_written(self.path.parent, decks.deck_changes)

    def compact(self) -> None:
        """Fold the journal into the snapshot now (open does it when the journal is not empty)."""
        with self._flush_lock:
            self._compact()


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
    is told which documents changed so it journals only those.
    """

    def _get_next_id(self) -> int:
        if self._next_id is None:  # question records split per deck: the unread decks' ids count too
            max_id = getattr(self._read_table(), "max_id", None)
            if max_id is not None:
                self._next_id = max_id() + 1
        return super()._get_next_id()

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
