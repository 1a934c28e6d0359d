"""The journal beside the progress file: each saved change one fsync'd append.

`progress.json` is a snapshot; `progress.json.journal` holds the changes made
since, one line per save: a JSON list of operations `[table, doc_id, document]`
(the whole new document; `null` for a deleted one) or `[table, null, null]`
(the table emptied). Every operation sets a value, so replaying a line twice
gives the same tables: a crash between writing a new snapshot and emptying the
journal loses nothing and doubles nothing.

A line is acknowledged only once it ends in a newline and is fsync'd. A last
line without its newline is a save cut off by a crash (it was never
acknowledged) and is ignored; any other bad line means the journal is damaged.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import msgspec
import orjson

from tui.core.progress.errors import ProgressCorruptError, ProgressLockLostError, ProgressWriteError
from tui.core.progress.files import (
    LoadedFile,
    fsync_folder,
    read_regular_file,
    read_tables,
    reason,
    write_all,
    write_atomically,
)
from tui.core.progress.schema import Tables, is_doc_id, record_problem

JOURNAL_SUFFIX = ".journal"

Operation = tuple[str, str | None, dict[str, Any] | None]


def journal_path(path: Path) -> Path:
    """Where the journal of the snapshot `path` lives."""
    return path.with_name(path.name + JOURNAL_SUFFIX)


def encode(operations: Iterable[Operation]) -> bytes:
    """One journal line (newline included) for the operations of one save."""
    return orjson.dumps(list(operations)) + b"\n"


def read_journal(path: Path, raw: bytes | None = None) -> list[list[Operation]]:
    """The complete lines of a journal, oldest first ([] if there is no journal).

    A cut-off last line is left out. Raises ProgressCorruptError naming the
    journal and the line if a complete line is not a list of operations.
    """
    if raw is None:
        raw = read_regular_file(path)
        if raw is None:
            return []
    lines = raw.split(b"\n")[:-1]  # what follows the last newline was never acknowledged
    return [_parse_line(line, number, path) for number, line in enumerate(lines, 1)]


# Structs, not dataclasses: no methods generated at import on the start path (issue 18).
class DamagedLine(msgspec.Struct, frozen=True, gc=False):  # a number and a text: no cycle
    """A complete journal line that does not read or check: its number (1-based) and what is wrong
    (a sentence that starts with "line <number>")."""

    number: int
    problem: str


def read_journal_sound_lines(path: Path) -> tuple[list[list[Operation]], list[DamagedLine]]:
    """For `revise restore`: every complete line that reads and checks on its own, oldest first,
    and the damaged ones ([] and [] if there is no journal).

    Each line is one save, checked alone as `read_journal` checks it. A line after a damaged one is
    kept: every operation sets a whole record (or empties a table), so it does not build on the
    lines before it. A cut-off last line is left out, as at start (never acknowledged). Raises
    ProgressCorruptError if the journal is not a regular file.
    """
    raw = read_regular_file(path)
    if raw is None:
        return [], []
    kept: list[list[Operation]] = []
    damaged: list[DamagedLine] = []
    for number, line in enumerate(raw.split(b"\n")[:-1], 1):
        try:
            kept.append(_parse_line(line, number, path))
        except ProgressCorruptError as error:
            damaged.append(DamagedLine(number, error.reason))
    return kept, damaged


def write_journal(path: Path, lines: Iterable[list[Operation]]) -> None:
    """Replace the journal at `path` with `lines`, whole (written aside, fsync'd, renamed in)."""
    write_atomically(path, [encode(operations) for operations in lines] or [b""])


def _parse_line(line: bytes, number: int, path: Path) -> list[Operation]:
    try:
        operations = orjson.loads(line)
    except orjson.JSONDecodeError as error:  # cut off, or nested deeper than orjson's 1,024 levels
        raise ProgressCorruptError(path, f"line {number} is not valid JSON ({error})") from None
    if not isinstance(operations, list):
        raise ProgressCorruptError(path, f"line {number} is not a list of changes")
    for operation in operations:
        if not (
            isinstance(operation, list)
            and len(operation) == 3
            and isinstance(operation[0], str)
            and (operation[1] is None or is_doc_id(operation[1]))
            and (operation[2] is None or isinstance(operation[2], dict))
            and not (operation[1] is None and operation[2] is not None)
        ):
            raise ProgressCorruptError(
                path, f"line {number} holds a change {str(operation)[:80]} revise never writes"
            )
        table, doc_id, doc = operation
        problem = record_problem(table, doc) if doc is not None else None
        if problem is not None:
            raise ProgressCorruptError(path, f"line {number}, {table} record {doc_id}, {problem}")
    return operations


def replay(tables: Tables, lines: Iterable[list[Operation]]) -> None:
    """Apply journal lines to `tables` in place, in order."""
    for operations in lines:
        for table, doc_id, doc in operations:
            if doc_id is None:
                tables[table] = {}
            elif doc is None:
                tables.get(table, {}).pop(doc_id, None)
            else:
                tables.setdefault(table, {})[doc_id] = doc


class Journal:
    """The open journal of the owning process: appends, each fsync'd before it returns."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.size = 0
        # An append failed and could not be cut back: the next save must rewrite the snapshot.
        self.needs_reset = False
        # Called before each write: raises ProgressLockLostError if this copy lost the folder.
        self.guard: Callable[[], None] | None = None
        self._identity: tuple[int, int] | None = None  # (st_dev, st_ino) of the journal this copy writes
        self._lost: ProgressLockLostError | None = None

    def check_owner(self) -> None:
        """Raise ProgressLockLostError (for good: every later write too) if this copy lost the folder.

        Lost: the guard (the folder's lock) says so, or the journal this copy writes
        was deleted or replaced by another file.
        """
        if self._lost is not None:
            raise self._lost
        try:
            if self.guard is not None:
                self.guard()
            if self._identity is not None:
                try:
                    info = os.stat(self.path)
                except FileNotFoundError:
                    raise ProgressLockLostError(
                        self.path.parent, f"The journal {self.path} was deleted while Revise ran"
                    ) from None
                if (info.st_dev, info.st_ino) != self._identity:
                    raise ProgressLockLostError(
                        self.path.parent, f"The journal {self.path} was replaced while Revise ran"
                    )
        except ProgressLockLostError as error:
            self._lost = error
            raise

    def _open(self) -> int:
        if self._fd is None:
            created = not self.path.exists()
            fd = os.open(
                self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600
            )  # private, like progress.json (mkstemp makes it 0600)
            self._fd = fd
            info = os.fstat(fd)
            self.size = info.st_size
            self._identity = (info.st_dev, info.st_ino)
            if created:  # the new name must survive a power cut as well as the lines in it
                fsync_folder(self.path.parent)
        return self._fd

    def append(self, data: bytes) -> None:
        """Append `data` and fsync; on failure cut the journal back and raise ProgressWriteError.

        Raises ProgressLockLostError, writing nothing, if this copy lost the folder (`check_owner`).
        """
        self.check_owner()
        start = self.size
        try:
            fd = self._open()
            start = self.size
            write_all(fd, data)
            os.fsync(fd)
        except OSError as error:
            self._cut_back(start)
            raise ProgressWriteError(
                f"Could not save progress to {self.path}: {reason(error)}. Nothing on disk changed."
            ) from error
        self.size = start + len(data)

    def _cut_back(self, size: int) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, size)
            self.size = size
        except OSError:
            self.needs_reset = True

    def reset(self) -> None:
        """Replace the journal with an empty one (a new file: a reader holding the old one still reads it whole)."""
        write_atomically(self.path, [b""])
        self.close()
        self.size = 0
        self.needs_reset = False
        try:
            info = os.stat(self.path)
            self._identity = (info.st_dev, info.st_ino)
        except OSError:
            self._identity = None

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


class LoadedState(msgspec.Struct, frozen=True):
    """The progress as saved: the snapshot with its journal replayed."""

    snapshot: LoadedFile | None  # None: no snapshot written yet
    tables: Tables
    journal_lines: int  # complete lines replayed
    journal_bytes: int  # the journal's size, a cut-off last line included
    question_lines: tuple[list[Operation], ...] = ()  # the journal's changes of question records, in order
    snapshot_tables: frozenset[str] = frozenset()  # the tables the snapshot itself holds


def load_state(path: Path) -> LoadedState | None:
    """Read the snapshot `path` and replay its journal; None if neither exists.

    The journal is read before the snapshot: a snapshot written meanwhile already
    holds that journal's changes, and replaying them again changes nothing. Raises
    ProgressCorruptError naming the damaged file.
    """
    journal = journal_path(path)
    raw_journal = read_regular_file(journal)
    snapshot = read_tables(path)
    if snapshot is None and raw_journal is None:
        return None
    lines = read_journal(journal, raw_journal or b"")
    tables = snapshot.tables if snapshot is not None else {}
    names = frozenset(tables)
    replay(tables, lines)
    questions = tuple(ops for line in lines if (ops := [op for op in line if op[0] == "questions"]))
    return LoadedState(snapshot, tables, len(lines), len(raw_journal or b""), questions, names)
