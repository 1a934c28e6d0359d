"""A cache of each deck file's columns for `revise stats`, so a second run need not decode it again.

Issue 18: at 100,000 question records, decoding and checking the deck file (msgspec, in C) is
most of `revise stats --json` (~1.2 s of CPU). A deck file is never changed in place: revise
writes a new one, named by the blake2b hash of its bytes (`progress.split`), so the columns
`tui.core.stats` makes of it can be kept under that name and are never stale.

One file per deck file in a `stats` folder of the user cache folder ($REVISE_CACHE_DIR, else
platformdirs' user cache folder for revise, beside the parsed decks of `formats.cache`):
`<safe deck id>.<deck id's hash>.<hash>.msgpack`, holding the CRC-32 of the rest, a line break, then the columns
(msgpack). It is derived and never required:
- read: the checksum must match, msgspec checks every column's type as it decodes, the entry must
  name the same deck file, deck and code version (`code_version`), and every column must be
  as long as the first; anything else (missing, unreadable, damaged, older) is ignored and the
  deck file decoded instead;
- written whole or not at all (a temporary file, then a rename), any failure ignored (a
  read-only cache folder just means no cache); older entries of the same deck are removed then.
The store itself is only read by `revise stats`. The app, when it writes a deck's new file (a
compaction), keeps a `Delta` for it if the deck's old file has an entry or a delta (`follow`): the
ids of the records changed since that entry's file and the new file's lines for them, so the first
`revise stats` after a save decodes those records only (`stats._followed_deck`); its cost at the
app's quit grows with the records changed (~1 ms for 50), not with the deck.
A deck file is hashed again on every run unless its size, times,
inode and device are those it had when it was hashed, and it had not changed for a while then
(`stats.SETTLED_NS`): every write to a file changes its change time (which no program can set
back), so damage done by any write is refused exactly as before, cache or not; only bytes that
rot on the disk with no write go unseen by `revise stats` (the app still hashes a deck's file
when it opens that deck).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from tui.core.checked_file import decoded, read_decoded, source_version, write_checked

if TYPE_CHECKING:
    from tui.core.progress.split import DeckChange

CACHE_FORMAT = 3  # bump when the columns change meaning; 2: `unaged`, not accuracy and lapses; 3: `by_id`
# The code that decides what a deck file's columns are: the check of a record, its reading, the
# weak-spot rules; and the entries' and deltas' own shapes, and the record lines a delta keeps
_SOURCES = (
    "stats.py",
    "weakness.py",
    "progress/fast_schema.py",
    "progress/schema.py",
    "progress/kinds.py",
    "stats_cache.py",
    "progress/layout.py",
)
_SUFFIX = ".msgpack"


class Entry(msgspec.Struct, array_like=True, forbid_unknown_fields=True, gc=False):
    """What is kept of one deck file: `tui.core.stats.DeckRecords.FIELDS`, in that order."""

    version: str
    file: str  # the deck file's name in the data folder: decks/<id>.<hash>.json
    deck: str
    # the deck file's size, modification and change times (ns), inode and device when it was hashed,
    # if it had not changed for a while then (`tui.core.stats.SETTLED_NS`); else empty
    identity: list[int]
    by_id: bool  # the file lists its records by id, so `order` is each record id's rank
    card: list[str]
    key: list[str]
    order: list[int]
    attempts: list[int]
    correct: list[int]
    credit_sum: list[float]
    unaged: list[float]
    last_us: list[int | None]
    head: list[bytes]
    tail: list[bytes]


_COLUMNS = Entry.__struct_fields__[5:]


class Delta(msgspec.Struct, array_like=True, forbid_unknown_fields=True, gc=False):
    """A deck file's columns as those of an older file of the deck (`base`, an `Entry`), with the
    records changed since put over them: kept by the app when it writes a deck file (`follow`)."""

    version: str
    file: str
    deck: str
    base: str  # the older deck file whose `Entry` this is put over
    gone: list[str]  # every record id changed, added or gone since `base` (by id)
    lines: list[bytes]  # those of them in `file`, each its line there (`layout.record_lines`), by id


_DELTA_SUFFIX = ".delta"
# A delta past this many records is not kept: the next `revise stats` decodes the deck file.
MAX_DELTA_RECORDS = 5_000


@functools.cache
def code_version() -> str:
    """The version of the code that makes this cache's columns (`checked_file.source_version`)."""
    return source_version(CACHE_FORMAT, _SOURCES)


def cache_folder() -> Path:
    """Where the columns are kept: `$REVISE_CACHE_DIR/stats`, else `stats` beside the parsed decks'
    folder in the user cache folder."""
    env = os.environ.get("REVISE_CACHE_DIR")
    if env:  # as `formats.cache.cache_dir`, without importing the deck formats (~20 ms)
        return Path(env).expanduser() / "stats"
    from tui.core.formats.cache import cache_dir

    return cache_dir().parent / "stats"


def _entry_path(file: str, deck_id: str, suffix: str = _SUFFIX) -> Path:
    """decks/<safe id>.<hash>.json -> <cache folder>/<safe id>.<id's hash>.<hash>.msgpack: the id's own
    hash too, so two decks whose ids differ only where the safe id has `_` never share a prefix."""
    safe, digest = Path(file).name.removesuffix(".json").rsplit(".", 1)
    return cache_folder() / f"{safe}.{_id_hash(deck_id)}.{digest}{suffix}"


def _id_hash(deck_id: str) -> str:
    return hashlib.blake2b(deck_id.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


@functools.cache
def _decoder() -> msgspec.msgpack.Decoder[Entry]:
    return msgspec.msgpack.Decoder(Entry)


@functools.cache
def _delta_decoder() -> msgspec.msgpack.Decoder[Delta]:
    return msgspec.msgpack.Decoder(Delta)


def read_entry(file: str, deck_id: str) -> bytes | None:
    """The bytes kept for the deck file `file` (as the data folder names it) of `deck_id`, or None if
    none can be read."""
    try:
        return _entry_path(file, deck_id).read_bytes()
    except (OSError, ValueError):
        return None


def entry_columns(
    raw: bytes, file: str, deck_id: str, count: int
) -> tuple[list[list[Any]], list[int], bool] | None:
    """The `count` columns an entry (`read_entry`) keeps for the deck file `file` of `deck_id`, the
    file's identity when it was hashed (`Entry.identity`) and whether it lists its records by id
    (`Entry.by_id`); None if it is not a sound entry for them."""
    entry = decoded(raw, _decoder())
    if entry is None:
        return None
    if (entry.version, entry.file, entry.deck) != (code_version(), file, deck_id):
        return None
    columns = [getattr(entry, name) for name in _COLUMNS]
    if len(columns) != count or len(set(map(len, columns))) != 1:
        return None
    return columns, entry.identity, entry.by_id


def write_columns(
    file: str, deck_id: str, columns: list[list[Any]], identity: list[int], by_id: bool
) -> None:
    """Keep `columns` (`DeckRecords.columns`, just made from the deck file `file`, whose `identity`
    and `by_id` are as `Entry` says) for the next run, and remove the entries and deltas of this
    deck's older files; any failure is ignored."""
    target = _entry_path(file, deck_id)
    fields = [code_version(), file, deck_id, identity, by_id, *columns]
    if len(fields) == len(Entry.__struct_fields__) and write_checked(target, lambda: _entry_pieces(fields)):
        # the deck's older files are never read again (each save names a new one); another data
        # folder with a deck of the same id just makes its entry again
        _remove_others(target, (_SUFFIX, _DELTA_SUFFIX))


def _entry_pieces(fields: list[Any]) -> Iterator[bytes]:
    """`msgspec.msgpack.encode(Entry(*fields))`, a field at a time: the same bytes (an array's
    header, then each item's), but never the whole entry in memory (~28 MB at 100,000 records)."""
    yield _ENTRY_HEADER
    for value in fields:
        yield msgspec.msgpack.encode(value)


_ENTRY_HEADER = msgspec.msgpack.encode([None] * len(Entry.__struct_fields__))[: -len(Entry.__struct_fields__)]


def _remove_others(target: Path, suffixes: tuple[str, ...]) -> None:
    """Remove the entries (files ending in one of `suffixes`) of the deck `target` is for, but
    `target`, and the deck's temporary files of writers no longer running (killed mid-write)."""
    prefix = target.name.rsplit(".", 2)[0] + "."  # <safe id>.<id's hash>.
    with contextlib.suppress(OSError):
        for old in target.parent.iterdir():
            name = old.name
            if not name.startswith(prefix) or name == target.name:
                continue
            if (name.endswith(suffixes) and name.count(".") == 3) or _left_by_the_dead(name):
                with contextlib.suppress(OSError):
                    old.unlink()


def _left_by_the_dead(name: str) -> bool:
    """Whether `name` is a temporary file (`_write`) of a process that is not running."""
    parts = name.rsplit(".", 2)
    if os.name != "posix" or len(parts) != 3 or parts[2] != "tmp" or not parts[1].isdigit():
        return False  # (signal 0 asks whether a process runs only on POSIX)
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError, ValueError):
        return False
    return False


# -- deltas: kept by the app as it saves -----------------------------------------------------------


def read_delta(file: str, deck_id: str) -> Delta | None:
    """The delta kept for the deck file `file` of `deck_id` (`Delta`), if a sound one is."""
    try:
        path = _entry_path(file, deck_id, _DELTA_SUFFIX)
    except ValueError:
        return None
    delta = read_decoded(path, _delta_decoder())
    if delta is None:
        return None
    if (delta.version, delta.file, delta.deck) != (code_version(), file, deck_id):
        return None
    if len(delta.lines) > len(delta.gone) or delta.base == file:
        return None
    return delta


def follow(changes: Iterable[DeckChange]) -> None:
    """Keep a delta (`Delta`) for each new deck file the app just wrote (issue 18), where the deck's
    old file has an entry or a delta: the first `revise stats` after a save then puts the changed
    records over the old entry's columns (`stats._followed_deck`) instead of decoding the whole
    file (~1.5 s of CPU at 100,000 records). The cost grows only with the records changed (a small
    file written). A delta past `MAX_DELTA_RECORDS`, or any failure, just leaves none: that
    `revise stats` decodes the file, as before. Never raises."""
    for change in changes:
        with contextlib.suppress(Exception):
            _follow_one(change)


def _follow_one(change: DeckChange) -> None:
    if _entry_path(change.old_file, change.deck).is_file():
        base, gone, lines = change.old_file, set(change.keys), dict(change.lines)
    else:
        before = read_delta(change.old_file, change.deck)
        if before is None:
            return
        # the records changed since the base, as they are now: the older delta's, but those changed again
        base, gone = before.base, set(before.gone) | change.keys
        lines = {_line_key(line): line for line in before.lines}
        lines = {key: line for key, line in lines.items() if key not in change.keys}
        lines.update(change.lines)
    if len(gone) > MAX_DELTA_RECORDS or base == change.new_file:
        return
    order = sorted(lines, key=int)
    delta = Delta(
        code_version(),
        change.new_file,
        change.deck,
        base,
        sorted(gone, key=int),
        list(map(lines.__getitem__, order)),
    )
    target = _entry_path(change.new_file, change.deck, _DELTA_SUFFIX)
    if write_checked(target, lambda: [msgspec.msgpack.encode(delta)]):
        _remove_others(target, (_DELTA_SUFFIX,))  # the base's entry stays: the delta is put over it


def _line_key(line: bytes) -> str:
    """The record id a record line starts with (`"<id>":{...}`)."""
    return line[1 : line.index(b'"', 1)].decode()
