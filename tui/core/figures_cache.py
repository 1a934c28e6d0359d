"""Home's figures of a deck file kept as a few columns, so a start draws home before reading the file.

Issue 18: at 10,000 answered questions, reading and checking the open deck's file (4 MB: hash,
parse, typed check) and working home's figures out of its records cost ~150-200 ms of CPU before
home's first frame. A deck file is never changed in place: revise writes a new one, named by the
blake2b hash of its bytes (`progress.split`), so the few numbers home's figures need of each
record can be kept under that name and are never stale.

One file per deck file in a `figures` folder of the user cache folder ($REVISE_CACHE_DIR, else
platformdirs' user cache folder for revise): `<safe deck id>.<deck id's hash>.<hash>.msgpack`, holding
the CRC-32 of the rest, a line break, then the columns (msgpack). It is derived and never required:
- read: the checksum must match, msgspec checks every column's type as it decodes, the entry must
  name the same deck file, deck and code version (`code_version`), and every column must be as
  long as the first; anything else (missing, unreadable, damaged, older) is `None`: the deck file
  is read and the figures worked out from its records, as without the cache;
- written whole or not at all (a temporary file, then a rename), any failure ignored; the deck's
  entries of older files are removed then.
The store's own check of the deck file is not skipped: it runs right after home's first frame
(`ProgressStore.finish_opening`), before any record is used or anything written.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
from collections.abc import Iterable
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

import msgspec

from tui.core.checked_file import read_decoded, source_version, write_checked
from tui.core.weakness import _unaged, _weighted_accuracy, microseconds_each

CACHE_FORMAT = 1  # bump when a column changes meaning
# The code that decides what the columns hold: the record's reading (here), the weakness rule
_SOURCES = ("figures_cache.py", "weakness.py")
_SUFFIX = ".msgpack"
_NUMBER = (int, float)


class Columns(msgspec.Struct, array_like=True, forbid_unknown_fields=True, gc=False):
    """The deck file's question records, one row each (one record a card) in the file's own order.

    `credit`: marks earned over every answer (`credit_sum` as `QuestionStats.from_doc` reads it);
    `unaged`: the part of `weakness.weakness_score` time does not change (`weakness._unaged`);
    `last_us` / `due_us`: the last answer and the schedule's due time as microseconds since
    1970-01-01 UTC (`weakness.microseconds_since_epoch`), None for never / no schedule.
    """

    card: list[str]
    attempts: list[int]
    correct: list[int]
    credit: list[float]
    unaged: list[float]
    last_us: list[int | None]
    due_us: list[int | None]


class _Entry(msgspec.Struct, array_like=True, forbid_unknown_fields=True, gc=False):
    version: str
    file: str  # the deck file's name in the data folder: decks/<id>.<hash>.json
    deck: str
    columns: Columns


def columns_of(records: Iterable[dict[str, Any]]) -> Columns | None:
    """The columns of a deck's question records as stored (`store.fold_question_records`), each
    field read as `dashboard.figures_from_records` reads it; None if a time is one they cannot hold
    (not an aware ISO time), so no entry is kept for such a file. Loops in C where they can be: it
    runs at quit after a session changed the deck (10,000 records: ~20 ms)."""
    enabled = gc.isenabled()
    gc.disable()  # 10,000s of new tuples and no cycle among them: no collector pass over the records
    try:
        return _columns(list(records))
    finally:
        if enabled:
            gc.enable()


def _columns(docs: list[dict[str, Any]]) -> Columns | None:
    get = dict.get
    try:
        card = list(map(itemgetter("card"), docs))
        attempts = list(map(get, docs, repeat("attempts"), repeat(0)))
        correct = list(map(get, docs, repeat("correct"), repeat(0)))
        earned: list[Any] = list(map(get, docs, repeat("credit_sum"), correct))
        if not set(map(type, earned)) <= {int, float}:  # a number, else the count right (as read)
            earned = [value if isinstance(value, _NUMBER) else right for value, right in zip(earned, correct)]
        credit = list(map(float, earned))
        recents = list(map(get, docs, repeat("recent"), repeat("")))
        credits = list(map(get, docs, repeat("recent_credit")))
        accuracy = [
            _weighted_accuracy(
                tuple(given)
                if isinstance(given, list) and len(given) == len(recent)
                else tuple(1.0 if outcome == "1" else 0.0 for outcome in recent)  # before credit was kept
            )
            for given, recent in zip(credits, recents)
        ]
        unaged = list(map(_unaged, accuracy, map(get, docs, repeat("lapses"), repeat(0))))
        last_us = _micros_each(list(map(get, docs, repeat("last_answered"))))
        schedules = list(map(get, docs, repeat("schedule")))
        due_us = _micros_each([None if schedule is None else schedule["due"] for schedule in schedules])
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
    return Columns(card, attempts, correct, credit, unaged, last_us, due_us)


def patched_columns(
    base: Columns, base_keys: list[str], changed: set[str], records: list[dict[str, Any]], keys: list[str]
) -> Columns | None:
    """The columns of `records` (record ids `keys`, in that order) made from `base`, the columns of
    the records `base_keys` once were, with only the rows of records in `changed` (or not in the base
    at all) made again: `columns_of(records)`, row for row."""
    position = dict(zip(base_keys, range(len(base_keys))))
    rows = list(map(position.get, keys))
    fresh = [i for i, (key, row) in enumerate(zip(keys, rows)) if row is None or key in changed]
    made = columns_of([records[i] for i in fresh])
    if made is None:
        return None
    for n, i in enumerate(fresh, start=len(base_keys)):
        rows[i] = n  # after the base's rows: its row in base + made
    return Columns(
        *(
            list(map((getattr(base, name) + getattr(made, name)).__getitem__, rows))
            for name in Columns.__struct_fields__
        )
    )


def _micros_each(times: list[Any]) -> list[int | None]:
    """`microseconds_since_epoch` of ISO times, None for none ("" or None); TypeError for a time
    without its UTC offset (it cannot be set against an aware `now`)."""
    given = [i for i, when in enumerate(times) if when]
    micros: list[int | None] = [None] * len(times)
    parsed = list(map(datetime.fromisoformat, map(times.__getitem__, given)))
    # an aware time minus a naive one raises TypeError
    for i, value in zip(given, microseconds_each(parsed)):
        micros[i] = value
    return micros


@functools.cache
def code_version() -> str:
    """The version of the code that makes this cache's columns (`checked_file.source_version`)."""
    return source_version(CACHE_FORMAT, _SOURCES)


def cache_folder() -> Path:
    """`$REVISE_CACHE_DIR/figures`, else `figures` in the user cache folder for revise."""
    env = os.environ.get("REVISE_CACHE_DIR")
    if env:
        return Path(env).expanduser() / "figures"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("revise", appauthor=False)) / "figures"


def _entry_path(file: str, deck_id: str) -> Path:
    """decks/<safe id>.<hash>.json -> <cache folder>/<safe id>.<id's hash>.<hash>.msgpack (the id's own
    hash too: two ids that differ only where the safe id has `_` never share a name)."""
    safe, digest = Path(file).name.removesuffix(".json").rsplit(".", 1)
    deck_hash = hashlib.blake2b(deck_id.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    return cache_folder() / f"{safe}.{deck_hash}.{digest}{_SUFFIX}"


@functools.cache
def _decoder() -> msgspec.msgpack.Decoder[_Entry]:
    return msgspec.msgpack.Decoder(_Entry)


def read_columns(file: str, deck_id: str) -> Columns | None:
    """The columns kept for the deck file `file` (as `progress.json` names it) of `deck_id`; None if
    there is no sound entry for exactly that file, deck and code version."""
    try:
        path = _entry_path(file, deck_id)
    except ValueError:
        return None
    entry = read_decoded(path, _decoder())
    if entry is None:
        return None
    if (entry.version, entry.file, entry.deck) != (code_version(), file, deck_id):
        return None
    columns = entry.columns
    if len({len(getattr(columns, name)) for name in Columns.__struct_fields__}) != 1:
        return None
    if len(set(columns.card)) != len(columns.card):  # one row a card, as a deck's records are
        return None
    return columns


def write_columns(file: str, deck_id: str, columns: Columns) -> None:
    """Keep `columns` (`columns_of` the records of the deck file `file`) for the next start, and
    remove the entries of this deck's older files; any failure is ignored."""
    try:
        target = _entry_path(file, deck_id)
    except ValueError:
        return
    if not write_checked(
        target, lambda: [msgspec.msgpack.encode(_Entry(code_version(), file, deck_id, columns))]
    ):
        return
    prefix = target.name.rsplit(".", 2)[0] + "."  # <safe id>.<id's hash>.
    with contextlib.suppress(OSError):
        for old in target.parent.iterdir():
            name = old.name
            if (
                name.startswith(prefix)
                and name.endswith(_SUFFIX)
                and name.count(".") == 3
                and name != target.name
            ):
                with contextlib.suppress(OSError):
                    old.unlink()
