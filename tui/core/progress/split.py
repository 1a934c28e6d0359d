"""Question records split per deck (issue 18): one file per deck, read when that deck is first used.

From schema 3 (`SPLIT_SCHEMA`) `progress.json` holds the shared tables (sessions, settings, the
library, best times, date matches, meta) and `deck_files`, one summary per deck that has question
records::

    {"deck": "<id>", "file": "decks/<safe id>.<blake2b-128 of the file, hex>.json",
     "records": 120, "max_id": 4711, "cards": "<its card ids, sorted, one a line>",
     "due": {"<quarter hour since the epoch>": 3, ...}}

Each deck file is a snapshot in the line layout (`layout`): the meta table and that deck's
question records, with the record ids and fields they always had. A deck file is named by the
hash of its bytes and never changed in place: a compaction writes the decks changed since the
last one, then `progress.json` naming them, then removes the files no longer named. A kill at
any moment leaves the old set or the new one whole, and a backup keeps a deck file once, however
many backups name it. A deck's file is read, checked against its name and validated like every
record the first time that deck is used; the summaries answer home's "due in other decks" and
the renamed-deck carry-over without reading other decks.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from collections.abc import Set as AbstractSet
from contextlib import suppress
from datetime import datetime
from itertools import pairwise, repeat
from operator import floordiv, itemgetter
from pathlib import Path
from typing import Any, TypeVar

import msgspec

import tui.core.progress.schema as schema
from tui.core.progress.errors import ProgressCorruptError
from tui.core.progress.files import fsync_folder, parse_tables, read_regular_file, write_atomically
from tui.core.progress.journal import LoadedState, Operation, journal_path, replay
from tui.core.progress.layout import LazyQuestions, record_lines, scan_snapshot, snapshot_chunks
from tui.core.progress.schema import Tables, check_documents, is_doc_id, readable_tables

SPLIT_SCHEMA = 3  # the first schema whose question records live in deck files
DECKS_FOLDER = "decks"
SUMMARIES = "deck_files"  # the table of progress.json that names each deck's file
QUESTIONS = "questions"
# Due times are counted per quarter hour: every UTC offset in use is a whole quarter hour, so a
# local midnight is a bucket's edge and "due before midnight" is exact.
DUE_BUCKET_SECONDS = 900

QUESTIONS_LEFT = "it holds question records, which live in deck files from schema 3"

_FILE = re.compile(r"decks/([A-Za-z0-9_-]{1,40})\.([0-9a-f]{32})\.json")
_BUCKET = re.compile(r"-?[0-9]{1,12}")


def is_split(tables: Tables, path: Path) -> bool:
    """Whether `tables` (a parsed progress.json) keep their question records in deck files."""
    return schema.schema_version(tables, path) >= SPLIT_SCHEMA


def deck_file_name(deck_id: str, digest: str) -> str:
    """`decks/<id with only letters, digits, - and _>.<digest>.json`: the digest makes it unique."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", deck_id)[:40] or "deck"
    return f"{DECKS_FOLDER}/{safe}.{digest}.json"


def digest_of(chunks: Iterable[bytes]) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for chunk in chunks:
        hasher.update(chunk)
    return hasher.hexdigest()


def deck_chunks(records: dict[str, dict[str, Any]]) -> list[bytes]:
    """A deck file's bytes, in pieces: the meta table, then the records (one a line)."""
    return snapshot_chunks({"meta": {"1": {"schema_version": schema.SCHEMA_VERSION}}, QUESTIONS: records})


def due_bucket(schedule: dict | None) -> int | None:
    if not schedule:
        return None
    return int(datetime.fromisoformat(schedule["due"]).timestamp()) // DUE_BUCKET_SECONDS


def summary_of(deck_id: str, file: str, records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The `deck_files` record of a deck whose file `file` holds `records` (record id -> record)."""
    cards = sorted(map(_CARD, records.values()))
    joined = "\n".join(cards)
    return {
        "deck": deck_id,
        "file": file,
        "records": len(records),
        "max_id": max(map(int, records)),
        # one string, not a list: 100,000 ids parse as one object; a line break in an id: unknown
        "cards": None if joined.count("\n") != len(cards) - 1 else joined,
        "due": due_counts(records),
    }


def due_counts(records: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Quarter hour since the epoch (as text) -> how many of `records` (record id -> question record)
    fall due in it, in time order: `due_bucket` of each scheduled record, with loops in C (issue 18)."""
    schedules = filter(None, map(dict.get, records.values(), repeat("schedule")))
    stamps = map(int, map(datetime.timestamp, map(datetime.fromisoformat, map(_DUE, schedules))))
    counted = Counter(map(floordiv, stamps, repeat(DUE_BUCKET_SECONDS)))
    return {str(bucket): counted[bucket] for bucket in sorted(counted)}


def check_summaries(table: dict[str, Any], path: Path) -> dict[str, dict[str, Any]]:
    """deck id -> its summary, each checked; raises ProgressCorruptError naming the first bad one."""
    found: dict[str, dict[str, Any]] = {}
    files: set[str] = set()
    for key, doc in table.items():
        problem = _summary_problem(doc)
        if problem is None and (doc["deck"] in found or doc["file"] in files):
            problem = "names a deck or a deck file named before"
        if problem is not None:
            raise ProgressCorruptError(path, f"{SUMMARIES} record {key}, {problem}")
        found[doc["deck"]] = doc
        files.add(doc["file"])
    return found


def _count(value: object, low: int = 0) -> bool:
    return type(value) is int and low <= value <= schema.MAX_COUNT


def _summary_problem(doc: object) -> str | None:
    if type(doc) is not dict:
        return "is not an object"
    if not isinstance(doc.get("deck"), str):
        return "field deck: not a deck id"
    found = _FILE.fullmatch(doc["file"]) if isinstance(doc.get("file"), str) else None
    if found is None or doc["file"] != deck_file_name(doc["deck"], found.group(2)):
        return "field file: not the name revise gives this deck's file"
    if not _count(doc.get("records"), 1) or not _count(doc.get("max_id"), 1):
        return "fields records and max_id: not whole numbers from 1"
    cards = doc.get("cards", 0)
    if cards is not None and (not isinstance(cards, str) or cards.count("\n") + 1 != doc["records"]):
        return "field cards: not one card id a line for each record"
    due = doc.get("due")
    if type(due) is not dict or not all(
        _BUCKET.fullmatch(bucket) and _count(count, 1) for bucket, count in due.items()
    ):
        return "field due: not counts of cards by quarter hour"
    if sum(due.values()) > doc["records"]:
        return "field due: counts more cards than records"
    return None


def read_deck_file(folder: Path, summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The question records (record id -> record) of the deck file `summary` names, fully checked.

    Raises ProgressCorruptError naming the deck file when it is missing, not the bytes its name
    promises, not a progress snapshot, holds a record revise cannot use, or does not match its
    summary (another deck's record, a count or id the summary does not give).
    """
    path = folder / summary["file"]
    raw = read_regular_file(path)
    if raw is None:
        raise ProgressCorruptError(path, f"it is missing, though {folder / 'progress.json'} names it")
    if digest_of([raw]) != _FILE.fullmatch(summary["file"]).group(2):  # type: ignore[union-attr]
        raise ProgressCorruptError(path, "its bytes are not those revise wrote (its name holds their hash)")
    tables = parse_tables(raw, path)
    if set(tables) - {"meta", QUESTIONS} or schema.schema_version(tables, path) < SPLIT_SCHEMA:
        raise ProgressCorruptError(
            path, "it is not a deck file of this progress (other tables, or an old schema)"
        )
    readable_tables(tables, path)
    records = tables.get(QUESTIONS, {})
    deck_id = summary["deck"]
    decks = list(map(_DECK, records.values()))  # loops in C: 10,000s of records (issue 18)
    if decks.count(deck_id) != len(decks):
        other = next(key for key, deck in zip(records, decks) if deck != deck_id)
        raise ProgressCorruptError(path, f"questions record {other} is of another deck than {deck_id!r}")
    check_against(summary, path, folder, list(map(int, records)), sorted(map(_CARD, records.values())))
    return records


_DECK, _CARD, _DUE = itemgetter("deck"), itemgetter("card"), itemgetter("due")


def check_against(
    summary: dict[str, Any], path: Path, folder: Path, ids: list[int], cards: list[str]
) -> None:
    """The deck file at `path` holds what its summary says: how many records, the highest id, the
    cards. Its due counts are the summary's own sum (trusted for a deck not read yet, worked out
    again from the records whenever the deck is read and saved)."""
    text = "\n".join(cards)
    joined = text if text.count("\n") == max(len(cards) - 1, 0) else None  # a line break in an id: unknown
    if (len(ids), max(ids, default=0), joined) != (summary["records"], summary["max_id"], summary["cards"]):
        raise ProgressCorruptError(
            path, f"its records are not those {folder / 'progress.json'} names for it (count, ids or cards)"
        )


class CardIds(AbstractSet[str]):
    """A deck's answered card ids as its summary keeps them (one string, one id a line), set-like.

    The first few membership tests look the id up in the string (100,000 ids: ~0.1 ms each);
    past `PROBES` a set is built (~10 ms), so a small deck checked against a big one (home's
    carry-over check at every start) never builds 100,000 strings.
    """

    PROBES = 64

    def __init__(self, joined: str, count: int) -> None:
        self._joined = "\n" + joined + "\n"
        self._count = count
        self._set: set[str] | None = None
        self._probes = 0

    @classmethod
    def _from_iterable(cls, values: Iterable[str]) -> set[str]:  # type: ignore[override]  # `&`, `-`: a set
        return set(values)

    def _as_set(self) -> set[str]:
        if self._set is None:
            self._set = set(self._joined[1:-1].split("\n"))
        return self._set

    def __contains__(self, card: object) -> bool:
        if self._set is None and self._probes < self.PROBES and isinstance(card, str) and "\n" not in card:
            self._probes += 1
            return f"\n{card}\n" in self._joined
        return card in self._as_set()

    def __iter__(self) -> Iterator[str]:
        return iter(self._as_set())

    def __len__(self) -> int:
        return self._count


# Structs, not dataclasses: no methods generated at import on the start path (issue 18).
class DeckChange(msgspec.Struct, frozen=True):
    """A deck whose new file differs from its last one by a few records (`DeckFiles.snapshot`):
    what a derived cache (`revise stats`' columns) needs to follow it without reading the new file."""

    deck: str
    old_file: str  # decks/<id>.<hash>.json, as its summary named it before
    new_file: str
    # the record ids changed, added or gone since the old file (each maybe of another deck now)
    keys: frozenset[str]
    # record id -> its line in the new file, of those of `keys` in it (`layout.record_lines`)
    lines: dict[str, bytes]


# A deck whose changed records number more than this is not followed (`DeckChange`): following
# costs about what writing that many records does, under the state lock, and what reading them
# costs the next `revise stats`.
MAX_CHANGED_RECORDS = 5_000


class DeckSnapshot(msgspec.Struct):
    """What a compaction writes: new deck files (name -> bytes in pieces) and every deck's summary."""

    files: dict[str, list[bytes]]
    summaries: dict[str, dict[str, Any]]
    changes: dict[str, int]  # deck -> its change count when snapshotted
    deck_changes: list[DeckChange] = msgspec.field(default_factory=list)  # with `snapshot(follow=True)`


class _Index(msgspec.Struct):
    cards: dict[str, str] = msgspec.field(default_factory=dict)  # card id -> record id


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _locked(method: _Method) -> _Method:
    @functools.wraps(method)
    def locked(self: DeckFiles, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]


class DeckFiles(MutableMapping[str, dict[str, Any]]):
    """The `questions` table of an open store: the records of the decks used so far, the others'
    summaries, and each deck's file read and checked on its first use (`load`).

    Record ids stay unique over every deck (`max_id`); a record's deck can change (a carried-over
    deck), and both decks' files are written again at the next compaction.
    """

    def __init__(self, folder: Path, summaries: dict[str, dict[str, Any]]) -> None:
        self.folder = folder
        self.summaries = summaries  # deck -> summary of its file on disk (the last compaction's)
        self._docs: dict[str, dict[str, Any]] = {}  # record id -> record, of the loaded decks
        self._where: dict[str, tuple[str, str]] = {}  # record id -> (deck, card)
        self.index: dict[str, dict[str, str]] = {}  # loaded deck -> card -> record id
        self.changes: dict[str, int] = {}  # deck -> changes since its file was written
        # deck -> the record ids changed, added or gone since its file was written (None: not known)
        self.touched: dict[str, set[str] | None] = {}
        # deck -> (its figures' columns as of some file of it, the record ids of their rows) and the
        # records changed since (`keep_figures` makes only those rows again: issue 18, quit at 10k)
        self._figures: dict[str, tuple[Any, list[str]]] = {}
        self._dirty: dict[str, set[str]] = {}
        # A read loads a deck (under the store's lock) while the writer thread snapshots (under the
        # storage's): both change or walk these dicts, so each method holds this lock.
        self.lock = threading.RLock()

    # -- loading -------------------------------------------------------------
    def loaded(self, deck_id: str) -> bool:
        return deck_id in self.index or deck_id not in self.summaries

    @_locked
    def load(self, deck_id: str) -> dict[str, str]:
        """card id -> record id of the deck's records, its file read and checked on first use."""
        cards = self.index.get(deck_id)
        if cards is not None:
            return cards
        summary = self.summaries.get(deck_id)
        records = read_deck_file(self.folder, summary) if summary is not None else {}
        clashes = records.keys() & self._docs.keys()  # in C: none, as a rule
        clash = next((key for key in records if key in clashes), None) if clashes else None
        if clash is not None:
            raise ProgressCorruptError(
                self.folder / summary["file"],  # type: ignore[index]
                f"questions record {clash} is kept in another deck's file too",
            )
        self._docs.update(records)
        card_ids = list(map(_CARD, records.values()))  # loops in C: 10,000s of records (issue 18)
        cards = self.index[deck_id] = dict(zip(card_ids, records))
        self._where.update(zip(records, zip(repeat(deck_id), card_ids)))
        return cards

    @_locked
    def records_of(self, deck_id: str) -> list[dict[str, Any]]:
        """The deck's records in the order of `load`'s card index (its file read on first use)."""
        return list(map(self._docs.__getitem__, self.load(deck_id).values()))

    @_locked
    def load_all(self) -> None:
        for deck_id in sorted(self.summaries):
            self.load(deck_id)

    @_locked
    def deck_ids(self) -> list[str]:
        """Every deck with question records, loaded or not."""
        decks = {deck for deck, cards in self.index.items() if cards}
        decks.update(deck for deck in self.summaries if deck not in self.index)
        return sorted(decks)

    @_locked
    def card_ids(self, deck_id: str) -> AbstractSet[str]:
        """The deck's answered card ids, from its summary (`CardIds`) when its file is not read yet."""
        summary = self.summaries.get(deck_id)
        if deck_id not in self.index and summary is not None and summary["cards"] is not None:
            return CardIds(summary["cards"], summary["records"])
        return set(self.load(deck_id))

    @_locked
    def due_before(self, deck_id: str, end: datetime) -> int | None:
        """Cards of an unread deck due before `end` (a whole quarter hour), from its summary; None
        once the deck is read (its records then say)."""
        summary = self.summaries.get(deck_id)
        if deck_id in self.index or summary is None:
            return None
        edge = int(end.timestamp()) // DUE_BUCKET_SECONDS
        return sum(count for bucket, count in summary["due"].items() if int(bucket) < edge)

    @_locked
    def max_id(self) -> int:
        """The highest record id in use in any deck (TinyDB's next id is one more)."""
        loaded = max(map(int, self._docs), default=0)
        return max(loaded, max((s["max_id"] for s in self.summaries.values()), default=0))

    # -- the mapping TinyDB changes -------------------------------------------
    def __getitem__(self, key: str) -> dict[str, Any]:
        return self._docs[key]

    @_locked
    def __setitem__(self, key: str, doc: dict[str, Any]) -> None:
        self.load(doc["deck"])  # the deck's other records first: its file is written whole
        self._docs[key] = doc
        self.changed([key])

    @_locked
    def __delitem__(self, key: str) -> None:
        del self._docs[key]
        self.changed([key])

    @_locked
    def __iter__(self) -> Iterator[str]:
        return iter(list(self._docs))

    @_locked
    def __len__(self) -> int:
        unread = sum(s["records"] for deck, s in self.summaries.items() if deck not in self.index)
        return len(self._docs) + unread

    def __contains__(self, key: object) -> bool:
        return key in self._docs

    @_locked
    def clear(self) -> None:
        self.load_all()
        keys = list(self._docs)
        self._docs.clear()
        self.changed(keys)

    @_locked
    def changed(self, keys: Iterable[str] | None) -> None:
        """Records changed in place, added or deleted (None: any): indexes follow, decks marked."""
        known = keys is not None
        if keys is None:
            self.load_all()
            keys = set(self._docs) | set(self._where)
        for key in keys:
            doc = self._docs.get(key)
            old = self._where.pop(key, None)
            if old is not None:
                if old[0] in self._dirty:
                    self._dirty[old[0]].add(key)
                cards = self.index.get(old[0], {})
                if cards.get(old[1]) == key:
                    del cards[old[1]]
                self.changes[old[0]] = self.changes.get(old[0], 0) + 1
                self._touch(old[0], key, known)
            if doc is not None:
                deck, card = doc["deck"], doc["card"]
                if deck in self._dirty:
                    self._dirty[deck].add(key)
                self.load(deck)
                self.index[deck][card] = key
                self._where[key] = (deck, card)
                self.changes[deck] = self.changes.get(deck, 0) + 1
                self._touch(deck, key, known)

    def _touch(self, deck_id: str, key: str, known: bool) -> None:
        keys = self.touched.setdefault(deck_id, set())
        if keys is not None:
            if known:
                keys.add(key)
            else:
                self.touched[deck_id] = None

    @_locked
    def replace_all(self, records: dict[str, dict[str, Any]], differing: set[str] | None = None) -> None:
        """Every deck's records at once (a migrated file, or journaled answers replayed): all marked
        changed. `differing`: the only record ids whose records may differ from those now held
        (journaled answers replayed over every deck's records); None: not known."""
        stale = set(self.summaries) | set(self.index)
        was = {key: self._where[key][0] for key in differing or () if key in self._where}
        self._figures, self._dirty = {}, {}
        self._docs = dict(records)
        self._where = {}
        self.index = {deck: {} for deck in stale}
        for key, doc in records.items():
            self.index.setdefault(doc["deck"], {})[doc["card"]] = key
            self._where[key] = (doc["deck"], doc["card"])
        self.changes = dict.fromkeys(set(self.index), 1)
        self.touched = dict.fromkeys(set(self.index))
        if differing is not None:  # each deck: the ids that left it or are in it now
            touched: dict[str, set[str]] = {deck: set() for deck in self.index}
            for key in differing:
                for deck in (was.get(key), self._where[key][0] if key in self._where else None):
                    if deck is not None:
                        touched.setdefault(deck, set()).add(key)
            self.touched = dict(touched)

    @_locked
    def all_records(self) -> dict[str, dict[str, Any]]:
        """Every record of every deck (each deck's file read): record id -> record."""
        self.load_all()
        return dict(self._docs)

    @_locked
    def keep_figures_base(self, deck_id: str, columns: Any) -> None:
        """`columns` (`figures_cache.Columns`) are those of the deck's file, just loaded: kept, so
        `keep_figures` makes only the rows of records changed since (if they fit the loaded records)."""
        cards = self.index.get(deck_id)
        if cards is not None and deck_id not in self.changes and list(cards) == columns.card:
            self._figures[deck_id] = (columns, list(cards.values()))
            self._dirty[deck_id] = set()

    def keep_figures(self, deck_ids: Iterable[str] | None = None) -> None:
        """Keep home's figures' columns (`figures_cache`) of each loaded deck (of `deck_ids`, default
        all) whose records are those of its file on disk and whose file has no sound entry yet; any
        failure is ignored (the cache is derived). Called where nothing else changes the records:
        the writer thread, or the store's close. Rows of records unchanged since columns were last
        kept or read are reused (10,000 records, a few answered: a few ms, not ~35)."""
        from tui.core import figures_cache

        with self.lock:
            wanted = [
                (deck_id, self.summaries[deck_id]["file"])
                for deck_id in (self.index if deck_ids is None else deck_ids)
                if deck_id in self.index and deck_id in self.summaries and deck_id not in self.changes
            ]
        for deck_id, file in wanted:
            kept = figures_cache.read_columns(file, deck_id)  # a sound one (an older code's is not)
            with self.lock:
                if self.summaries.get(deck_id, {}).get("file") != file or deck_id in self.changes:
                    continue
                if kept is not None:
                    self.keep_figures_base(deck_id, kept)
                    continue
                # in the file's order (by record id, as `snapshot` writes it): the entry depends on the file only
                keys = sorted(self.index[deck_id].values(), key=int)
                records = list(map(self._docs.__getitem__, keys))
                base = self._figures.get(deck_id)
                dirty = set(self._dirty.get(deck_id, ()))
            columns = (
                figures_cache.columns_of(records)
                if base is None
                else figures_cache.patched_columns(base[0], base[1], dirty, records, keys)
            )
            if columns is None:
                continue
            figures_cache.write_columns(file, deck_id, columns)
            with self.lock:
                if self.summaries.get(deck_id, {}).get("file") == file and deck_id not in self.changes:
                    self._figures[deck_id] = (columns, keys)
                    self._dirty[deck_id] = set()

    # -- compaction ------------------------------------------------------------
    @_locked
    def snapshot(self, follow: bool = False) -> DeckSnapshot:
        """The files of the decks changed since they were written, and every summary after (state lock held).

        `follow`: also each new file's `DeckChange` from the deck's last one, where the records
        changed since are known and at most `MAX_CHANGED_RECORDS` (their cost: about as many records
        written again, ~10 µs each).
        """
        files: dict[str, list[bytes]] = {}
        deck_changes: list[DeckChange] = []
        summaries = dict(self.summaries)
        # Read and unchanged: its file stays, and its due counts (never checked against the records
        # on reading) are worked out again; the rest of its summary was checked when it was read.
        for deck_id in set(self.index) - set(self.changes):
            if deck_id in summaries and self.index[deck_id]:
                due = due_counts({key: self._docs[key] for key in self.index[deck_id].values()})
                if due != summaries[deck_id]["due"]:
                    summaries[deck_id] = {**summaries[deck_id], "due": due}
        for deck_id in self.changes:
            keys = sorted(self.index.get(deck_id, {}).values(), key=int)
            if not keys:
                summaries.pop(deck_id, None)
                continue
            records = {key: self._docs[key] for key in keys}
            chunks = deck_chunks(records)
            name = deck_file_name(deck_id, digest_of(chunks))
            old = self.summaries.get(deck_id)
            summaries[deck_id] = summary_of(deck_id, name, records)
            if old is None or old["file"] != name:
                files[name] = chunks
                touched = self.touched.get(deck_id)
                if follow and old is not None and touched is not None and len(touched) <= MAX_CHANGED_RECORDS:
                    kept = sorted(touched & records.keys(), key=int)
                    lines = dict(zip(kept, record_lines(records, kept)))
                    deck_changes.append(DeckChange(deck_id, old["file"], name, frozenset(touched), lines))
        return DeckSnapshot(files, summaries, dict(self.changes), deck_changes)

    @_locked
    def committed(self, snapshot: DeckSnapshot) -> None:
        """The snapshot is on disk: its summaries are the files' now; later changes stay marked."""
        self.summaries = snapshot.summaries
        for deck_id, count in snapshot.changes.items():
            if self.changes.get(deck_id) == count:
                del self.changes[deck_id]
                self.touched.pop(deck_id, None)


def shared_tables(tables: Tables, summaries: dict[str, dict[str, Any]]) -> Tables:
    """progress.json's tables: every table but the question records, and the deck files' summaries."""
    shared = {name: docs for name, docs in tables.items() if name not in (QUESTIONS, SUMMARIES)}
    ordered = sorted(summaries.values(), key=lambda s: s["deck"])
    shared[SUMMARIES] = {str(n): summary for n, summary in enumerate(ordered, 1)}
    return shared


def write_deck_files(folder: Path, files: dict[str, list[bytes]]) -> None:
    """Write new deck files (each atomically); the folder made first. Raises ProgressWriteError."""
    if not files:
        return
    decks = folder / DECKS_FOLDER
    if not decks.is_dir():
        try:
            decks.mkdir()
        except OSError as error:
            from tui.core.progress.errors import ProgressWriteError
            from tui.core.progress.files import reason

            raise ProgressWriteError(
                f"Could not save progress in {decks}: {reason(error)}. Nothing on disk changed."
            ) from error
        fsync_folder(folder)
    for name, chunks in files.items():
        write_atomically(folder / name, chunks)


def remove_unnamed_deck_files(folder: Path, summaries: dict[str, dict[str, Any]]) -> None:
    """Delete deck files (and temp files of killed writers) progress.json no longer names (lock held)."""
    decks = folder / DECKS_FOLDER
    if not decks.is_dir():
        return
    named = {summary["file"] for summary in summaries.values()}
    for entry in os.listdir(decks):
        relative = f"{DECKS_FOLDER}/{entry}"
        ours = _FILE.fullmatch(relative) or (entry.startswith(".") and entry.endswith(".tmp"))
        if ours and relative not in named:
            with suppress(OSError):
                os.unlink(decks / entry)


def split_tables(folder: Path, path: Path, loaded: LoadedState | None) -> tuple[Tables, int]:
    """The saved tables with their question records as `DeckFiles`, and the schema the file had.

    A file from before schema 3 (every record in one file) is validated whole, brought to the
    current schema in memory and its records marked to be written into deck files. A split file:
    its shared tables and deck summaries validated; question changes in its journal (a crashed
    session) replayed over every deck's records, each deck file read and checked.
    """
    if loaded is None:
        tables: Tables = {QUESTIONS: DeckFiles(folder, {})}  # type: ignore[dict-item]
        return tables, schema.SCHEMA_VERSION
    tables = loaded.tables
    if not is_split(tables, path):
        version = readable_tables(tables, path)  # every record validated, migrated in memory
        questions = DeckFiles(folder, {})
        questions.replace_all(split_records(tables))
        tables[QUESTIONS] = questions  # type: ignore[assignment]
        return tables, version
    if schema.schema_version(tables, path) > schema.SCHEMA_VERSION:
        readable_tables(tables, path)  # raises ProgressTooNewError: for a newer revise, left alone
    if QUESTIONS in loaded.snapshot_tables:
        raise ProgressCorruptError(path, QUESTIONS_LEFT)
    tables.pop(QUESTIONS, None)  # the journal's changes, replayed below over the deck files
    summaries = check_summaries(tables.pop(SUMMARIES, {}), path)
    version = readable_tables(tables, path)
    questions = DeckFiles(folder, summaries)
    if loaded.question_lines:
        replayed: Tables = {QUESTIONS: questions.all_records()}
        replay(replayed, loaded.question_lines)
        check_documents(replayed, journal_path(path))  # one record per question, over every deck
        ids = [doc_id for line in loaded.question_lines for _table, doc_id, _doc in line]
        # None: the table emptied, any record may differ
        differing = {doc_id for doc_id in ids if doc_id is not None} if None not in ids else None
        questions.replace_all(replayed.get(QUESTIONS, {}), differing)
    tables[QUESTIONS] = questions  # type: ignore[assignment]
    return tables, version


class MergedQuestions(LazyQuestions):
    """The question records of every deck file, read-only, each parsed when asked for (`revise stats`)."""

    def __init__(self) -> None:
        super().__init__(b"", {})
        self._parts: dict[str, LazyQuestions | dict[str, Any]] = {}  # record id -> the deck's records

    def add(self, records: LazyQuestions | dict[str, Any], where: Path) -> None:
        clash = next((key for key in records if key in self._parts), None)
        if clash is not None:
            raise ProgressCorruptError(where, f"questions record {clash} is kept in another deck's file too")
        self._parts.update(dict.fromkeys(records, records))
        if isinstance(records, LazyQuestions):
            self.index.update(records.index)
        else:
            for key, doc in records.items():
                self.index.setdefault(doc["deck"], []).append((doc["card"], key))
            for cards in self.index.values():
                cards.sort()

    def apply(self, latest: dict[str, dict[str, Any] | None], where: Path) -> None:
        """Put the journal's records (record id -> record, None: deleted) over the files' records.

        Raises ProgressCorruptError naming `where` if a question ends up in two records.
        """
        touched: set[str] = set()
        for key, doc in latest.items():
            part = self._parts.get(key)
            if part is not None:  # the record as its file has it leaves its deck's index
                before = part[key]
                cards = self.index[before["deck"]]
                cards.remove((before["card"], key))
                if not cards:
                    del self.index[before["deck"]]
            if doc is None:
                self._parts.pop(key, None)
                continue
            self._parts[key] = {key: doc}
            bisect.insort(self.index.setdefault(doc["deck"], []), (doc["card"], key))
            touched.add(doc["deck"])
        for deck in touched:
            ordered = [card for card, _key in self.index[deck]]
            twice = next((card for card, after in pairwise(ordered) if card == after), None)
            if twice is not None:
                keys = [key for card, key in self.index[deck] if card == twice]
                raise ProgressCorruptError(
                    where, f"questions record {keys[1]} keeps question {twice!r} of record {keys[0]} again"
                )

    def __getitem__(self, doc_id: str) -> dict[str, Any]:
        return self._parts[doc_id][doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)


def read_only_tables(folder: Path, path: Path, tables: Tables, lines: list[list[Operation]]) -> Tables:
    """A split store's tables for `revise stats`: every deck file read, checked against its summary.

    Scanned a batch of records at a time where the file is in the line layout (`layout`); the
    journal's question changes (the app is running, or crashed) put over them, each record as
    the journal last saved it. Raises ProgressCorruptError naming the first damaged file.
    """
    summaries = check_summaries(tables.pop(SUMMARIES, {}), path)
    journaled = [ops for line in lines if (ops := [op for op in line if op[0] == QUESTIONS])]
    if any(doc_id is None for ops in journaled for _table, doc_id, _doc in ops):  # the table emptied
        replayed: Tables = {QUESTIONS: DeckFiles(folder, summaries).all_records()}
        replay(replayed, journaled)
        check_documents(replayed, journal_path(path))
        tables[QUESTIONS] = replayed.get(QUESTIONS, {})
        return tables
    merged = MergedQuestions()
    for deck_id in sorted(summaries):
        summary = summaries[deck_id]
        where = folder / summary["file"]
        raw = read_regular_file(where)
        records: LazyQuestions | dict[str, Any] | None = None
        if raw is not None and digest_of([raw]) == _FILE.fullmatch(summary["file"]).group(2):  # type: ignore[union-attr]
            scanned = scan_snapshot(raw, where, {})
            found = scanned.get(QUESTIONS) if scanned is not None else None
            if (
                isinstance(found, LazyQuestions)
                and set(scanned or {}) <= {"meta", QUESTIONS}
                and set(found.index) == {deck_id}
            ):
                cards = [card for card, _key in found.index[deck_id]]
                check_against(summary, where, folder, list(map(int, found)), cards)
                records = found
        if records is None:  # not as revise writes it: read whole, to say what is wrong
            records = read_deck_file(folder, summary)
        merged.add(records, where)
    if journaled:
        latest = {doc_id: doc for ops in journaled for _table, doc_id, doc in ops if doc_id is not None}
        merged.apply(latest, journal_path(path))
    tables[QUESTIONS] = merged  # type: ignore[assignment]
    return tables


def split_records(tables: Tables) -> dict[str, dict[str, Any]]:
    """Take the question records out of whole tables (a file from before schema 3), for `replace_all`."""
    records = tables.pop(QUESTIONS, None) or {}
    return {key: doc for key, doc in records.items() if is_doc_id(key)}
