"""The progress file on disk: reading it whole, and replacing it atomically.

A write never changes the file in place: serialise first, write a temp file in
the same folder, fsync it, `os.replace` it over the old file, fsync the folder.
On any failure the temp file is removed and the old file is left byte-identical.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

import msgspec
import orjson

from tui.core.progress.errors import ProgressCorruptError, ProgressError, ProgressWriteError
from tui.core.progress.schema import Tables, check_shape

FILE_NAME = "progress.json"

_BOM = b"\xef\xbb\xbf"


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
class LoadedFile(msgspec.Struct, frozen=True):
    raw: bytes
    tables: Tables


# A progress file of 600,000 answered questions is ~230 MB: past this, it is not one revise wrote.
MAX_FILE_BYTES = 256 << 20


def _kind_of(mode: int) -> str:
    kinds = {
        stat.S_IFDIR: "a folder",
        stat.S_IFIFO: "a named pipe (FIFO)",
        stat.S_IFCHR: "a device",
        stat.S_IFBLK: "a device",
        stat.S_IFSOCK: "a socket",
    }
    return kinds.get(stat.S_IFMT(mode), "not a regular file")


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of `path` if it is a regular file (a link to one is followed); None if there is none.

    Opened without blocking (a FIFO never hangs the open) and checked before a
    byte is read: a folder, FIFO, device or socket, a link to nothing or in a
    loop, or a file over `limit` bytes raises ProgressCorruptError saying which;
    any other failure to read raises ProgressError.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise ProgressCorruptError(
                path, f"it is a link to {os.readlink(path)}, which does not exist"
            ) from None
        return None
    except IsADirectoryError:  # Windows
        raise ProgressCorruptError(path, "it is a folder, not a file") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ProgressCorruptError(path, "it is a link in a loop of links") from None
        with suppress(OSError):  # a socket cannot be opened at all (ENXIO): say what it is
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                raise ProgressCorruptError(path, f"it is {_kind_of(mode)}, not a file") from None
        raise ProgressError(f"Cannot read {path}: {error.strerror}.") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ProgressCorruptError(path, f"it is {_kind_of(info.st_mode)}, not a file")
        if info.st_size > limit:
            raise ProgressCorruptError(
                path, f"it is {info.st_size:,} bytes, more than the {limit:,} a progress file can be"
            )
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise ProgressCorruptError(
                    path, f"it is more than the {limit:,} bytes a progress file can be"
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise ProgressError(f"Cannot read {path}: {error.strerror}.") from error
    finally:
        os.close(fd)


def read_tables(path: Path) -> LoadedFile | None:
    """The tables of a TinyDB JSON file, or None if there is no file.

    Raises ProgressCorruptError naming the file if it is not a regular file
    (see `read_regular_file`), empty, not JSON (cut off, BOM, NaN, nested
    deeper than 1,024, ...) or not shaped like TinyDB tables.
    """
    raw = read_regular_file(path)
    if raw is None:
        return None
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
    """Why orjson refused `raw`, in words (orjson never recurses: deep nesting is its own error)."""
    if "depth limit" in error.msg or "recursion" in error.msg.lower():
        return "it is nested deeper than the 1,024 levels JSON readers allow"
    if b"NaN" in raw or b"Infinity" in raw:
        import json

        try:  # the stdlib accepts NaN and Infinity, which are not JSON: name them
            json.loads(raw)
        except (ValueError, RecursionError):
            pass
        else:
            return "it contains NaN or Infinity, which are not valid JSON numbers"
    if "end of data" in error.msg:
        return f"it is cut off after {len(raw)} bytes ({error})"
    return f"it is not valid JSON ({error})"


def write_atomically(path: Path, chunks: Iterable[bytes], what: str = "progress") -> None:
    """Replace `path` with `chunks` so that a crash leaves either the old or the new file.

    Temp file in the same folder, fsync, os.replace, fsync the folder. On any
    failure the temp file is removed, the old file is byte-identical and
    ProgressWriteError says why. `chunks` should be serialised already (it may
    be a generator that only frames ready bytes). A symbolic link stays one: its
    target is replaced (the temp file is made in the target's folder). `what` names
    the file in messages ("progress", "the backup").
    """
    path = link_target(path)
    folder = path.parent
    temp_name: str | None = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            for chunk in chunks:
                write_all(fd, chunk)
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
            f"Could not save {what} to {path}: {reason(error)}. The file on disk is unchanged."
        ) from error
    try:
        fsync_folder(folder)
    except OSError as error:
        raise ProgressWriteError(
            f"Saved {path}, but could not make the save durable: {reason(error)}."
        ) from error


def link_target(path: Path) -> Path:
    """Where a write to `path` goes: the file a symbolic link (or chain of links) ends at, else `path`."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def write_all(fd: int, chunk: bytes) -> None:
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
