"""The parsed-deck cache's files as tests read and damage them: a line of two CRC-32s (outline,
rest), the outline's JSON line, then the rest's (cards and events) (`tui.core.formats.cache`)."""

from __future__ import annotations

import zlib
from pathlib import Path

import orjson


def split_entry(entry: Path) -> tuple[bytes, bytes]:
    """The entry's outline line and its rest, as written (the CRC line left out)."""
    _crcs, outline, rest = entry.read_bytes().split(b"\n", 2)
    return outline, rest


def join_entry(
    entry: Path, outline: bytes, rest: bytes, *, crcs_of: tuple[bytes, bytes] | None = None
) -> None:
    """Write an entry of `outline` and `rest`, its CRCs those of `crcs_of` (as first written: a
    change made since is damage the CRCs catch) or, without it, of `outline` and `rest` themselves
    (a well-formed entry saying what it says)."""
    crcs = b"%08x %08x" % tuple(map(zlib.crc32, crcs_of or (outline, rest)))
    entry.write_bytes(b"\n".join((crcs, outline, rest)))


def read_entry(entry: Path) -> dict:
    """The entry as one dict: {"key", "deck"}, the deck's outline and rest together."""
    outline, rest = split_entry(entry)
    data = orjson.loads(outline)
    data["deck"].update(orjson.loads(rest))
    return data


def write_entry(entry: Path, data: dict) -> None:
    """`data` (as `read_entry` gives it) written back as a well-formed entry, CRCs and all."""
    outline = dict(data["deck"])
    rest = {name: outline.pop(name) for name in ("cards", "events") if name in outline}
    join_entry(entry, orjson.dumps({**data, "deck": outline}), orjson.dumps(rest))
