"""The progress file on disk: reading it whole, and replacing it atomically.

A write never changes the file in place: serialise first, write a temp file in
the same folder, fsync it, `os.replace` it over the old file, fsync the folder.
On any failure the temp file is removed and the old file is left byte-identical.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import orjson

from tui.core.progress.errors import ProgressCorruptError, ProgressError, ProgressWriteError
from tui.core.progress.schema import Tables, check_shape

FILE_NAME = "progress.json"

_BOM = b"\xef\xbb\xbf"


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
            f"Could not save progress to {path}: {reason(error)}. The file on disk is unchanged."
        ) from error
    try:
        fsync_folder(folder)
    except OSError as error:
        raise ProgressWriteError(
            f"Saved {path}, but could not make the save durable: {reason(error)}."
        ) from error


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
