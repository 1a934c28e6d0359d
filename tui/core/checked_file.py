"""Derived cache files kept whole and checked: a CRC-32 line, then a msgpack body.

The caches of `revise stats` (`stats_cache`) and of home's figures (`figures_cache`) keep entries
made again from the store at will: the checksum is against damage, not a secret. A file is written
whole or not at all (a temporary file, then a rename: a reader never sees half of one), and read
back only when its checksum matches and msgspec's typed decode takes it; anything else is None,
so a caller makes the entry again from the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import msgspec

T = TypeVar("T")
_CHECKSUM_WIDTH = 8  # hex digits of a CRC-32


def source_version(cache_format: int, sources: Iterable[str]) -> str:
    """`cache_format` and the size and mtime (ns) of each named file of `tui/core`, hashed (16 hex
    digits): a cache's entries name the code that made them, so a changed rule never trusts columns
    an older one made."""
    core = Path(__file__).resolve().parent
    parts = [str(cache_format)]
    for name in sources:
        with contextlib.suppress(OSError):
            stat = (core / name).stat()
            parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.blake2b("|".join(parts).encode(), digest_size=8).hexdigest()


def checksum(body: bytes | memoryview) -> bytes:
    """The CRC-32 of `body` as the file's first line holds it (8 hex digits)."""
    return b"%08x" % zlib.crc32(body)


def checked_body(raw: bytes) -> memoryview | None:
    """The body of a checked file's bytes `raw` (a view, no copy), or None if its checksum is wrong."""
    end = raw.find(b"\n", 0, 64)
    if end < 0:
        return None
    body = memoryview(raw)[end + 1 :]
    return body if raw[:end] == checksum(body) else None


def decoded(raw: bytes, decoder: msgspec.msgpack.Decoder[T]) -> T | None:
    """The checked file `raw` decoded by `decoder` (msgspec checks every field's type), or None if
    its checksum is wrong or it does not decode."""
    body = checked_body(raw)
    if body is None:
        return None
    try:
        return decoder.decode(body)
    except (msgspec.DecodeError, RecursionError):
        return None


def read_decoded(path: Path, decoder: msgspec.msgpack.Decoder[T]) -> T | None:
    """`decoded` of the file at `path`; None too when it cannot be read."""
    try:
        raw = path.read_bytes()
    except (OSError, ValueError):
        return None
    return decoded(raw, decoder)


def write_checked(target: Path, pieces: Callable[[], Iterable[bytes]]) -> bool:
    """`target` holding the checksum of the bytes `pieces()` yields, a line break, then those bytes,
    whole or not at all (a temporary file, then a rename). The pieces are written as they come (an
    entry of ~28 MB is never held whole). False, with no file left, if it could not be."""
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with temp.open("wb") as out:
            out.write(b"0" * _CHECKSUM_WIDTH + b"\n")  # the checksum goes here once it is known
            crc = 0
            for piece in pieces():
                crc = zlib.crc32(piece, crc)
                out.write(piece)
            out.seek(0)
            out.write(b"%08x" % crc)
        os.replace(temp, target)
    except (OSError, TypeError, ValueError, msgspec.EncodeError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        return False
    return True
