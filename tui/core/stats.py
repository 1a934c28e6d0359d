"""`revise stats`: every deck's answered questions as rows, read once and worked out column by column.

Issue 18: at 100,000 question records `revise stats --json` took 3.7-5 s. The read-only store
(`progress.read_store`) checks each deck file, then parses every record a second time and makes a
`QuestionStats` of it per row. Here each deck file is decoded once, a run of record lines at a time,
straight into the checked msgspec types of `progress.fast_schema` (every field checked in C before
use), and only what a row needs is kept (`DeckRecords`): what the weakness at the report's time is
worked out from, and the rest of the row already written as JSON. Those columns are kept by
`stats_cache` under the deck file's name (the hash of its bytes), so a later run reads them back
instead of decoding the file again; the file is hashed again unless nothing has written to it since
it was hashed (`SETTLED_NS`), so damage is refused as before. The first run after the app saved a
deck finds no entry for its new file, but the delta the app kept for it (`stats_cache.follow`):
the old file's columns with the rows of the records changed since put in again (`followed_columns`),
the same columns as decoding the new file gives. The weaknesses are worked out a
column at a time (`weakness.weakness_scores`: the weak-spot rules, in one place) and each row's
pieces joined in one call.

Whatever this fast reading does not take as is (a file not in the line layout, an older schema, a
record with a field revise does not read, any damage) is read the checked way instead, with the
same functions as `read_store`: a damaged file is refused with the same message, an unusual but
sound one gives the same rows.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial, reduce
from itertools import chain, compress, islice, pairwise, repeat
from operator import add, attrgetter, eq, itemgetter, truediv
from pathlib import Path
from typing import Any

import orjson
from msgspec import UNSET

import tui.core.progress.split as split
from tui.core import stats_cache
from tui.core.progress import ProgressCorruptError, ProgressStore, progress_path
from tui.core.progress.db import ProgressDB, ReadOnlyStorage
from tui.core.progress.fast_schema import Question, QuestionColumns, decode_questions_by_id
from tui.core.progress.files import MAX_FILE_BYTES, read_regular_file
from tui.core.progress.journal import journal_path, replay
from tui.core.progress.kinds import doc_id_numbers
from tui.core.progress.layout import LazyQuestions, scan_snapshot
from tui.core.progress.opening import no_gc_passes, read_snapshot, read_while_saving
from tui.core.progress.schema import SCHEMA_VERSION, check_documents
from tui.core.weakness import (
    days_since_each,
    leech_each,
    microseconds_each,
    unaged_scores,
    weakness_scores,
    weighted_accuracies,
)

QUESTIONS = split.QUESTIONS
# A deck file as revise writes it (`split.deck_chunks`): its meta table, then one record a line.
_HEAD = b'{\n"meta":{\n"1":{"schema_version":%d}\n},\n"questions":{\n' % SCHEMA_VERSION
_TAIL = b"\n}\n}\n"
BATCH_BYTES = 1 << 18  # record lines decoded together: ~600 records (~256 KB), their objects freed after

# The row of one answered question, in the order `revise stats --json` prints its keys.
ROW_KEYS = (
    "card",
    "attempts",
    "correct",
    "accuracy",  # share of the marks, as on screen (the same as mean_credit)
    "last_credit",  # share 0–1 of the marks of the last answer
    "mean_credit",  # share 0–1 of the marks over every answer
    "last_answered",
    "weakness",  # higher is weaker (`weakness.weakness_score`), at the report's time
    "leech",
    "due",
    "question",  # the card's text where its deck's file is known and holds it, else None
)


class DeckRecords:
    """One deck's answered questions: what a row needs of each record, a column per field (`FIELDS`).

    Columns, not a record object each, and each record already boiled down to what a row needs:
    the part of its weakness time does not change and its last answer, for the weakness at the
    report's time, and the rest of its row already as JSON text. 100,000 records cost ~40 MB, not the ~120 MB of decoded
    records; the rows are worked out a column at a time; the columns are what `stats_cache` keeps.
    """

    # card id, record id, where in its deck file (0 first; journaled records after), answers,
    # answers right, credit summed over every answer (0–1 each), the part of the weakness that time
    # does not change (`weakness.unaged_scores`), last answered as `weakness.microseconds_since_epoch`
    # (or None), and the row's JSON text but for its weakness and question (`_row_pieces`: what the
    # record alone decides, written once, and kept by `stats_cache`)
    FIELDS = (
        "card",
        "key",
        "order",
        "attempts",
        "correct",
        "credit_sum",
        "unaged",
        "last_us",
        "head",
        "tail",
    )

    def __init__(self, columns: list[list[Any]] | None = None, by_id: bool = False) -> None:
        self.columns: list[list[Any]] = columns if columns is not None else [[] for _ in self.FIELDS]
        self.by_id = by_id  # its file lists its records by id: `order` is each record id's rank
        self._next = max(self.columns[2], default=-1) + 1  # the `order` of the next record added

    def __len__(self) -> int:
        return len(self.columns[0])

    @property
    def cards(self) -> list[str]:
        return self.columns[0]

    @property
    def keys(self) -> list[str]:
        return self.columns[1]

    def file_order(self) -> list[str]:
        """The record ids in the order their deck file lists them."""
        return [key for _order, key in sorted(zip(self.columns[2], self.keys))]

    def add_decoded(
        self, deck_id: str, keys: Sequence[str], records: list[Question], checked: QuestionColumns
    ) -> bool:
        """Records decoded by `fast_schema`, with their record ids and what their check read
        (`fast_schema.question_columns`), next in their file; False (nothing added) if one is not of
        `deck_id`."""
        if list(map(_DECK, records)).count(deck_id) != len(records):
            return False
        self._add(
            list(map(_CARD, records)),
            keys,
            checked.attempts,
            list(map(_CORRECT, records)),
            list(map(_CREDIT_SUM, records)),
            list(map(_RECENT_CREDIT, records)),
            checked.recent,
            checked.lapses,
            checked.last_answered,
            checked.due,
        )
        return True

    def add_docs(self, docs: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Checked records (record id, parsed JSON), read as `QuestionStats.from_doc` reads them."""
        fields: list[tuple[Any, ...]] = []
        for key, doc in docs:
            get = doc.get
            given = get("recent_credit")
            credit_sum = get("credit_sum", UNSET)
            schedule = get("schedule")
            fields.append(
                (
                    doc["card"],
                    key,
                    get("attempts", 0),
                    get("correct", 0),
                    credit_sum if isinstance(credit_sum, int | float) else UNSET,
                    list(map(float, given)) if isinstance(given, list) else UNSET,
                    get("recent", ""),
                    get("lapses", 0),
                    get("last_answered") or None,
                    schedule["due"] if schedule else None,
                )
            )
        if fields:
            columns: list[list[Any]] = list(map(list, zip(*fields)))
            columns[-2:] = map(_parsed_times, columns[-2:])
            # new lists, not these grown in place: a cache entry still to be written may hold them
            self.columns = [column.copy() for column in self.columns]
            self._add(*columns)  # the columns of `fields`, in order

    def _add(
        self,
        cards: list[str],
        keys: Sequence[str],
        attempts: list[int],
        correct: list[int],
        sums: Sequence[Any],
        kept: Sequence[Any],
        recents: Sequence[str],
        lapses: list[int],
        last_times: list[datetime | None],
        due_times: list[datetime | None],
    ) -> None:
        # A credit sum not kept: the answers right; recent credits not kept (or not one an answer):
        # 1 or 0 an answer, from the outcomes (`QuestionStats.from_doc`).
        if UNSET in sums:
            sums = [right if given is UNSET else given for given, right in zip(sums, correct)]
        if UNSET in kept or not all(map(eq, map(len, kept), map(len, recents))):
            credits = [
                tuple(given) if given is not UNSET and len(given) == len(recent) else _from_outcomes(recent)
                for given, recent in zip(kept, recents)
            ]
        else:
            credits = list(map(tuple, kept))
        sums = list(map(float, sums))
        last, last_us = _time_columns(last_times, True)
        heads, tails = _row_pieces(
            cards,
            attempts,
            correct,
            _means(sums, attempts),
            list(map(_LAST, credits))
            if all(credits)
            else [given[-1] if given else None for given in credits],
            last,
            leech_each(attempts, correct),
            _time_columns(due_times, False)[0],
        )
        first, self._next = self._next, self._next + len(cards)
        values: tuple[Iterable[Any], ...] = (
            cards,
            keys,
            range(first, first + len(cards)),
            attempts,
            correct,
            sums,
            unaged_scores(weighted_accuracies(credits), lapses),
            last_us,
            heads,
            tails,
        )
        for column, more in zip(self.columns, values):
            column += more

    def drop(self, keys: set[str]) -> None:
        """Leave out the records of these record ids."""
        kept = [key not in keys for key in self.keys]
        self.columns = [list(compress(column, kept)) for column in self.columns]

    def sort_by_card(self) -> None:
        """Every column in the order of the card ids (one record per card: no ties)."""
        order = sorted(range(len(self)), key=self.cards.__getitem__)
        self.columns = [list(map(column.__getitem__, order)) for column in self.columns]


_LAST = itemgetter(-1)
_DECK, _CARD, _CORRECT, _CREDIT_SUM, _RECENT_CREDIT = map(
    attrgetter, ("deck", "card", "correct", "credit_sum", "recent_credit")
)


@dataclass
class StatsSource:
    """A data folder's progress read for `revise stats`: the shared tables (sessions, the deck
    library) as a read-only store, and every deck's answered questions (deck id -> `DeckRecords`, by card).
    """

    path: Path  # progress.json
    store: ProgressStore  # read-only; its question records are not read (`decks` has them)
    decks: dict[str, DeckRecords]  # deck ids sorted; each deck's records sorted by card


@dataclass
class DeckRows:
    """One deck's rows (`ROW_KEYS`) as JSON text in pieces, and its totals."""

    heads: list[bytes]  # each row's text up to its weakness (`_row_pieces`)
    weakness: list[float]
    tails: list[bytes]  # each row's text from its weakness to its question
    questions: list[str | None] | None  # None: no question text known for any row
    attempts: int
    correct: int
    marks: float  # credit (0–1) summed over every answer, added in card order

    def __len__(self) -> int:
        return len(self.heads)

    def rows(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """Rows `start` to `stop` as dicts keyed by `ROW_KEYS`, in that order: `json_lines` read back
        (the same values: orjson writes each number so that it reads back as itself)."""
        return orjson.loads(b"[" + self.json_lines(start, stop, b",") + b"]")

    def json_lines(self, start: int = 0, stop: int | None = None, separator: bytes = b",\n") -> bytes:
        """Rows `start` to `stop` as JSON objects (keys in `ROW_KEYS` order, written by orjson),
        `separator` between one and the next.

        Each row's head and tail were written when its record was read; the weaknesses and the
        questions are written a column at a time (`_json_values`), and the pieces joined in one call.
        """
        heads = self.heads[start:stop]
        if not heads:
            return b""
        weakness = _json_values(self.weakness[start:stop], False)
        questions = (
            repeat(b"null") if self.questions is None else _json_values(self.questions[start:stop], True)
        )
        pieces = zip(heads, weakness, self.tails[start:stop], questions, repeat(b"}" + separator))
        text = b"".join(chain.from_iterable(pieces))
        return text[: len(text) - len(separator)]


# A row's JSON text but for its weakness and question, which the report's time and the deck
# library decide: `{"card":…,…,"weakness":` and `,"leech":…,"due":…,"question":`.
_KEY_TEXT = [b'"%s":' % key.encode() for key in ROW_KEYS]
# (the card's quotes in the template: its text goes in as orjson escapes it)
_HEAD_TEXT = (
    b"{" + b",".join(key + b"%b" for key in _KEY_TEXT[:7]).replace(b"%b", b'"%b"', 1) + b"," + _KEY_TEXT[7]
)
_TAIL_TEXT = b"".join(b"," + key + b"%b" for key in _KEY_TEXT[8:10]) + b"," + _KEY_TEXT[10]


def _row_pieces(
    cards: list[str],
    attempts: list[int],
    correct: list[int],
    means: list[float | None],
    last_credits: list[float | None],
    last: list[Any],
    leech: list[bool],
    dues: list[Any],
) -> tuple[list[bytes], list[bytes]]:
    """The head and tail of each row (`_HEAD_TEXT`, `_TAIL_TEXT`): a column written by one orjson
    call, then each row's values put in with one bytes formatting (issue 18: several times as fast
    as a dict a row for orjson). `means` is both the accuracy and the mean credit."""
    mean_text = _json_values(means, False)
    heads = zip(
        orjson.dumps(cards)[2:-2].split(b'","') if cards else [],  # card ids are text (checked)
        _json_values(attempts, False),
        _json_values(correct, False),
        mean_text,
        _json_values(last_credits, False),
        mean_text,
        _json_values(last, False),
    )
    tails = zip(_json_values(leech, False), _json_values(dues, False))
    return list(map(_HEAD_TEXT.__mod__, heads)), list(map(_TAIL_TEXT.__mod__, tails))


def _json_values(column: list[Any], free: bool) -> list[bytes]:
    """Each value of `column` as JSON (orjson), from one call for the whole column where it can be split."""
    if not column:
        return []
    if not free or column.count(None) == len(column):  # numbers, flags, times, nulls: no comma inside
        return orjson.dumps(column)[1:-1].split(b",")
    if all(map(str.__instancecheck__, column)):
        # texts: `","` is only ever between two of them, since a quote inside a JSON string is escaped
        return [b'"' + text + b'"' for text in orjson.dumps(column)[2:-2].split(b'","')]
    return list(map(orjson.dumps, column))


def read_stats(data_dir: str | os.PathLike[str]) -> StatsSource | None:
    """The progress in `data_dir` read for `revise stats`, without the lock; None if there is none.

    What `progress.read_store` reads (the snapshot, its journal, each deck file checked against
    its summary and every record checked), with the question records decoded once. The app may
    save meanwhile (deck files replaced, then progress.json): a deck file found missing or changed
    after progress.json was replaced is tried again, as `read_store` does. Raises ProgressError
    (ProgressCorruptError naming the damaged file) with a message for people.
    """
    return read_while_saving(progress_path(data_dir), _read_once)


def _read_once(path: Path) -> StatsSource | None:
    """`read_store`'s reading (`progress.opening`), the question records kept as `DeckRecords`."""
    read = read_snapshot(path)
    if read is None:
        return None
    tables, lines, one_file = read
    with no_gc_passes():
        if one_file:
            decks = _by_deck(tables.pop(QUESTIONS, {}))
        else:
            decks = _split_decks(path.parent, path, tables, lines)
    store = ProgressStore(ProgressDB(storage=lambda: ReadOnlyStorage(tables, path)))
    return StatsSource(path, store, decks)


def _by_deck(docs: Mapping[str, dict[str, Any]]) -> dict[str, DeckRecords]:
    """Checked records (record id -> parsed JSON) by deck, each deck's sorted by card."""
    by_deck: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key, doc in docs.items():
        by_deck.setdefault(doc["deck"], []).append((key, doc))
    decks: dict[str, DeckRecords] = {}
    for deck_id, items in by_deck.items():
        decks[deck_id] = DeckRecords()
        decks[deck_id].add_docs(items)
        decks[deck_id].sort_by_card()
    return {deck_id: decks[deck_id] for deck_id in sorted(decks)}


def _split_decks(
    folder: Path, path: Path, tables: dict[str, Any], lines: list[Any]
) -> dict[str, DeckRecords]:
    """`split.read_only_tables`: every deck file read and checked against its summary, the
    journal's question changes put over them; each deck's records sorted by card."""
    summaries = split.check_summaries(tables.pop(split.SUMMARIES, {}), path)
    journaled = [ops for line in lines if (ops := [op for op in line if op[0] == QUESTIONS])]
    if any(doc_id is None for ops in journaled for _table, doc_id, _doc in ops):  # the table emptied
        replayed: dict[str, Any] = {QUESTIONS: split.DeckFiles(folder, summaries).all_records()}
        replay(replayed, journaled)
        check_documents(replayed, journal_path(path))
        return _by_deck(replayed.get(QUESTIONS, {}))
    latest = {doc_id: doc for ops in journaled for _table, doc_id, doc in ops if doc_id is not None}
    decks: dict[str, DeckRecords] = {}
    owner: dict[str, str] = {}  # record id -> the deck whose file holds it
    order = sorted(summaries)
    for deck_id in order:
        summary = summaries[deck_id]
        records = _deck_file(folder, summary)
        clash = None
        if owner and not owner.keys().isdisjoint(records.keys):
            clash = next(key for key in records.file_order() if key in owner)
        if clash is not None:
            raise ProgressCorruptError(
                folder / summary["file"], f"questions record {clash} is kept in another deck's file too"
            )
        if latest or deck_id != order[-1]:  # the last deck's ids: only for the journal's changes
            owner.update(dict.fromkeys(records.keys, deck_id))
        decks[deck_id] = records
    if latest:
        for deck_id in _apply(decks, owner, latest, journal_path(path)):
            decks[deck_id].sort_by_card()
    return {deck_id: decks[deck_id] for deck_id in sorted(decks) if decks[deck_id]}


def _apply(
    decks: dict[str, DeckRecords], owner: dict[str, str], latest: dict[str, Any], where: Path
) -> set[str]:
    """`split.MergedQuestions.apply`: each journaled record in place of its file's (None: deleted);
    the decks given records.

    Raises ProgressCorruptError naming the journal if a question ends up in two records.
    """
    leaving: dict[str, set[str]] = {}
    for key in latest:
        if key in owner:
            leaving.setdefault(owner[key], set()).add(key)
    for deck_id, keys in leaving.items():
        decks[deck_id].drop(keys)
    added: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key, doc in latest.items():
        if doc is not None:
            added.setdefault(doc["deck"], []).append((key, doc))
    for deck_id, docs in added.items():
        decks.setdefault(deck_id, DeckRecords()).add_docs(docs)
    touched = set(added)
    for deck_id in sorted(touched):
        index = sorted(zip(decks[deck_id].cards, decks[deck_id].keys))
        twice = next((card for (card, _), (after, _) in pairwise(index) if card == after), None)
        if twice is not None:
            ids = [key for card, key in index if card == twice]
            raise ProgressCorruptError(
                where, f"questions record {ids[1]} keeps question {twice!r} of record {ids[0]} again"
            )
    return touched


def _deck_file(folder: Path, summary: dict[str, Any]) -> DeckRecords:
    """The deck file's records (sorted by card), every record checked; raises ProgressCorruptError
    naming the file as `read_store` does.

    Its name holds the hash of its bytes, so damage is refused as `read_store` refuses it. Its
    columns come from `stats_cache` when a sound entry for that name is kept (the same bytes,
    decoded and checked before) and the file is unchanged since it was hashed (`SETTLED_NS`) or
    hashes to its name again; else from decoding the file, and are then kept for the next run.
    """
    where = folder / summary["file"]
    expected = summary["file"].rsplit(".", 2)[1]  # "decks/<id>.<digest>.json", checked by `check_summaries`
    cached, summed_up = _cached_deck(where, summary, expected)
    if cached is not None:
        if not summed_up and not _as_summed_up(summary, cached):  # `check_against` says what is wrong
            split.check_against(summary, where, folder, list(map(int, cached.keys)), cached.cards)
        return cached
    before = _identity(where)
    raw = read_regular_file(where)
    if raw is not None:
        digest: list[str] = []
        hashing = threading.Thread(target=lambda: digest.append(split.digest_of([raw])))
        hashing.start()  # blake2b lets go of the GIL: the file is hashed while it is decoded
        try:
            decoded = _decode_deck(raw, summary["deck"])
        finally:
            hashing.join()
        if decoded is not None and digest == [expected]:
            decoded.sort_by_card()  # the order rows are printed in, and the cards' order for the check
            if not _as_summed_up(summary, decoded):
                split.check_against(summary, where, folder, list(map(int, decoded.keys)), decoded.cards)
            del raw  # 42 MB at 100,000 records: not held while the cache entry is written
            _keep(summary["file"], summary["deck"], decoded.columns, _settled(before, where), decoded.by_id)
            return decoded
    # not as revise writes it, or damaged: `split.read_only_tables`' own reading names what is wrong
    records: Mapping[str, dict[str, Any]] | None = None
    if raw is not None and split.digest_of([raw]) == expected:
        scanned = scan_snapshot(raw, where, {})
        found = scanned.get(QUESTIONS) if scanned is not None else None
        if (
            isinstance(found, LazyQuestions)
            and set(scanned or {}) <= {"meta", QUESTIONS}
            and set(found.index) == {summary["deck"]}
        ):
            cards = [card for card, _key in found.index[summary["deck"]]]
            split.check_against(summary, where, folder, list(map(int, found)), cards)
            records = found
    if records is None:
        records = split.read_deck_file(folder, summary)
    checked = DeckRecords()
    checked.add_docs((key, records[key]) for key in records)
    checked.sort_by_card()
    return checked


# The cache writes a reading put off (`cache_writes_after`), or None: write each at once.
_put_off: list[Callable[[], None]] | None = None


def _keep(file: str, deck_id: str, columns: list[list[Any]], identity: list[int], by_id: bool) -> None:
    """`stats_cache.write_columns` now, or once the report is out (`cache_writes_after`)."""
    if _put_off is None:
        stats_cache.write_columns(file, deck_id, columns, identity, by_id)
    else:
        _put_off.append(partial(stats_cache.write_columns, file, deck_id, columns, identity, by_id))


@contextmanager
def cache_writes_after() -> Iterator[None]:
    """Within it, the cache entries `read_stats` makes are written when it ends, not as each deck is
    read: `revise stats` prints first and writes the entries after (the student sees the report
    ~0.1 s sooner at 100,000 records on a first run). Written even if the report fails (a reader
    gone): each entry is sound on its own, made from a deck file that hashed to its name."""
    global _put_off
    outer, _put_off = _put_off, []
    try:
        yield
    finally:
        writes, _put_off = _put_off, outer
        for write in writes:
            write()


def _cached_deck(where: Path, summary: dict[str, Any], expected: str) -> tuple[DeckRecords | None, bool]:
    """The columns `stats_cache` keeps for the deck file at `where`, if it has a sound entry and the
    file is the one hashed then (`SETTLED_NS`) or still hashes to its name, or a delta the app kept
    for it (`_followed_deck`); None: read the file. And whether they are checked against the
    summary already."""
    entry = stats_cache.read_entry(summary["file"], summary["deck"])
    if entry is None:
        return _followed_deck(where, summary, expected), True
    found = stats_cache.entry_columns(entry, summary["file"], summary["deck"], len(DeckRecords.FIELDS))
    del entry
    if found is None:
        return None, False
    columns, identity, by_id = found
    now = _identity(where)
    if identity and identity == now:
        return DeckRecords(columns, by_id), False
    if _file_digest(where) != expected:
        return None, False
    settled = _settled(now, where)
    if settled:  # written just before the entry was made, or touched since: not hashed again next run
        _keep(summary["file"], summary["deck"], columns, settled, by_id)
    return DeckRecords(columns, by_id), False


def _followed_deck(where: Path, summary: dict[str, Any], expected: str) -> DeckRecords | None:
    """The deck file's columns from the delta the app kept when it wrote it (`stats_cache.follow`)
    put over its base's entry (`followed_columns`), if both are sound, the file hashes to its name
    and the columns are what its summary says; they are then kept as its entry (the base and the
    delta removed). None: read the file."""
    file, deck_id = summary["file"], summary["deck"]
    delta = stats_cache.read_delta(file, deck_id)
    if delta is None:
        return None
    before = _identity(where)
    digest: list[str | None] = []
    hashing = threading.Thread(target=lambda: digest.append(_file_digest(where)))
    hashing.start()  # blake2b and reading let go of the GIL: the file is hashed while the rows follow
    try:
        columns = _followed_columns(delta)
    finally:
        hashing.join()
    if columns is None or digest != [expected]:
        return None
    followed = DeckRecords(columns, True)  # the app writes a deck file's records by id (`split`)
    if not _as_summed_up(summary, followed):
        return None
    _keep(file, deck_id, columns, _settled(before, where), True)
    return followed


def _followed_columns(delta: stats_cache.Delta) -> list[list[Any]] | None:
    """`followed_columns` of `delta` over its base's entry; None if that is missing or not sound."""
    entry = stats_cache.read_entry(delta.base, delta.deck)
    if entry is None:
        return None
    found = stats_cache.entry_columns(entry, delta.base, delta.deck, len(DeckRecords.FIELDS))
    del entry
    if found is None or not found[2]:  # an old file not by id: its `order` is not the ids' ranks
        return None
    try:
        return followed_columns(found[0], delta.deck, delta.gone, delta.lines)
    except (ValueError, IndexError):  # columns not as `stats_cache` keeps them: read the file
        return None


# A deck file whose size, times (ns), inode and device are those it had when it was hashed is not
# hashed again if it had not changed for this long then: any write since would have set its change
# time later (the clock's tick, a few ms, is far shorter), and no program can set that time back.
SETTLED_NS = 2_000_000_000


def _identity(path: Path) -> list[int] | None:
    """The regular file's size, modification and change times (ns), inode and device; None if none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _settled(before: list[int] | None, path: Path) -> list[int]:
    """`before` (the file's `_identity` before it was read) if it is still the file's and the file
    had not changed for `SETTLED_NS` by then; else empty (hash it on every run)."""
    if before is None or _identity(path) != before or time.time_ns() - before[2] < SETTLED_NS:
        return []
    return before


def _file_digest(path: Path) -> str | None:
    """`split.digest_of` the bytes of the regular file at `path`, read 1 MiB at a time (never the whole
    file in memory); None if it is not a regular file within `MAX_FILE_BYTES` or cannot be read (the
    usual reading, `read_regular_file`, then says what is wrong)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        return split.digest_of(iter(partial(os.read, fd, 1 << 20), b""))
    except OSError:
        return None
    finally:
        os.close(fd)


def _as_summed_up(summary: dict[str, Any], records: DeckRecords) -> bool:
    """Whether `split.check_against` passes these records (sorted by card), in a few passes in C."""
    cards = records.cards
    joined = "\n".join(cards)
    return (
        len(cards) == summary["records"]
        and joined.count("\n") == len(cards) - 1  # no line break in an id
        and joined == summary["cards"]
        and max(map(int, records.keys)) == summary["max_id"]
    )


def _decode_deck(raw: bytes, deck_id: str) -> DeckRecords | None:
    """The records of a deck file in the layout revise writes, decoded and checked a run of lines at
    a time (`fast_schema.decode_by_id`); None if it is not in that layout, or anything is amiss
    (the caller reads it the checked way, which names the problem)."""
    if not raw.startswith(_HEAD) or not raw.endswith(_TAIL) or len(raw) <= len(_HEAD) + len(_TAIL):
        return None
    decoded = DeckRecords()
    view = memoryview(raw)
    pos, end = len(_HEAD), len(raw) - len(_TAIL)
    while pos < end:
        stop = raw.find(b"\n", min(pos + BATCH_BYTES, end), end)
        stop = end if stop < 0 else stop
        if stop < end and raw[stop - 1 : stop] != b",":
            return None
        last = stop - 1 if stop < end else stop  # the lines, less the comma before the next
        found = decode_questions_by_id(b"".join((b"{", view[pos:last], b"}")))  # one copy
        if (
            found is None or len(found[0]) != raw.count(b"\n", pos, last) + 1
        ):  # one record a line, no id twice
            return None
        records, checked = found
        if not decoded.add_decoded(deck_id, list(records), list(records.values()), checked):
            return None
        pos = stop + 1
    keys, cards = decoded.keys, decoded.cards
    ids = doc_id_numbers(keys)  # in the file's order
    if ids is None:
        return None
    decoded.by_id = all(map(int.__lt__, ids, islice(ids, 1, None)))  # then no id twice
    if (not decoded.by_id and len(set(keys)) != len(keys)) or len(set(cards)) != len(cards):
        return None  # an id twice, or one question in two records
    return decoded


# -- following the app's saves ----------------------------------------------------------------


def followed_columns(
    columns: list[list[Any]], deck_id: str, gone: Iterable[str], lines: list[bytes]
) -> list[list[Any]] | None:
    """The columns (`DeckRecords.FIELDS`, by card) of a deck file, made from those of an older file
    of the deck that lists its records by id (by card, as `stats_cache` keeps them; `Entry.by_id`):
    the rows of the record ids `gone` (changed, added or gone since) taken out, and those of
    `lines` (the new file's lines of those still in it, by id) decoded and checked as a deck file
    is (`_decode_deck`) and put in. The same columns as decoding the new file would give. None if
    they cannot be made so (a line `_decode_deck` does not take, a card twice); ValueError if the
    columns are not as an entry keeps them. Its cost: the records of `lines` decoded, and a few
    passes in C over the columns (~50 ms at 100,000 records)."""
    if lines:
        added = _decode_deck(b"".join((_HEAD, b",\n".join(lines), _TAIL)), deck_id)
        if added is None:
            return None
        added.sort_by_card()
    else:
        added = DeckRecords()
    cards, keys, order = columns[0], columns[1], columns[2]
    count = len(keys)
    highest = int(keys[order.index(count - 1)]) if count else 0  # the old file's last record, by id
    gone = set(gone)
    at = list(compress(range(count), map(gone.__contains__, keys)))  # the rows taken out
    # where each added row goes among the old ones, by card (one record per card: a card found
    # there is the row of a record taken out, or two records would keep one question)
    places = [bisect_left(cards, card) for card in added.cards]
    out = set(at)
    if any(
        place < count and cards[place] == card and place not in out
        for place, card in zip(places, added.cards)
    ):
        return None
    # each record's place in the new file (by id): the kept ones' own where every id taken out
    # came back and the new ones come after them all; else every id ranked again
    old_place = {keys[n]: order[n] for n in at}
    fresh = sorted((key for key in added.keys if key not in old_place), key=int)
    ranked = old_place.keys() <= set(added.keys) and (not fresh or int(fresh[0]) > highest)
    if ranked:
        old_place.update({key: count + n for n, key in enumerate(fresh)})
        added.columns[2] = list(map(old_place.__getitem__, added.keys))
    # one pass per column: the old rows between the changes copied a run at a time (in C)
    steps = sorted([(place, 0, n) for n, place in enumerate(places)] + [(n, 1, -1) for n in at])
    merged = [_spliced(column, more, steps) for column, more in zip(columns, added.columns)]
    if not ranked:
        numbers = list(map(int, merged[1]))
        ranking = sorted(range(len(numbers)), key=numbers.__getitem__)
        merged[2] = [0] * len(numbers)
        list(map(merged[2].__setitem__, ranking, range(len(numbers))))
    return merged


def _spliced(column: list[Any], values: list[Any], steps: list[tuple[int, int, int]]) -> list[Any]:
    """A copy of `column` changed by `steps`, in order: (place, 0, n) puts `values[n]` in before
    `column[place]`, (place, 1, -1) leaves `column[place]` out."""
    pieces: list[Any] = []
    start = 0
    for place, leave_out, n in steps:
        pieces += column[start:place]
        if leave_out:
            start = place + 1
        else:
            pieces.append(values[n])
            start = place
    pieces += column[start:]
    return pieces


# -- rows ------------------------------------------------------------------------------------


def deck_rows(records: DeckRecords, now: datetime, questions: Mapping[str, str] | None = None) -> DeckRows:
    """One deck's rows (`ROW_KEYS`) from its records, in their order, at `now` (aware).

    `questions`: card id -> question text (None where unknown). The weak-spot rules are
    `weakness.weakness_scores` and `weakness.leech_each`; a share of the marks is rounded to 4
    places (`_means`, as the weakness); times are the `isoformat` text of the records' times.
    """
    cards, _keys, _order, attempts, correct, sums, unaged, last_us, heads, tails = records.columns
    scores = weakness_scores(unaged, days_since_each(last_us, now))
    return DeckRows(
        heads,
        list(map(round, scores, repeat(4))),
        tails,
        list(map(questions.get, cards)) if questions else None,
        sum(attempts),
        sum(correct),
        reduce(add, sums, 0.0),
    )


def _means(sums: list[float], attempts: list[int]) -> list[float | None]:
    """Each credit sum over its answers, rounded to 4 places (None: no answer)."""
    if 0 in attempts:
        return [round(total / count, 4) if count else None for total, count in zip(sums, attempts)]
    return list(map(round, map(truediv, sums, attempts), repeat(4)))


def _from_outcomes(recent: str) -> tuple[float, ...]:
    """Credits of answers from before credit was kept: 1 right, 0 wrong."""
    return tuple(1.0 if outcome == "1" else 0.0 for outcome in recent)


def _parsed_times(texts: list[str | None]) -> list[datetime | None]:
    """Checked ISO times parsed (None: no time)."""
    return [None if text is None else datetime.fromisoformat(text) for text in texts]


def _time_columns(times: list[datetime | None], with_us: bool) -> tuple[list[Any], list[Any]]:
    """Checked aware times (None: none) as a row shows them, for orjson (`_row_pieces`): a UTC time
    as is (orjson writes it in C exactly as `isoformat` does, ~0.2 µs, not ~1.3 µs), any other
    offset as `isoformat` text (orjson drops an offset's seconds); and, `with_us`, as
    `weakness.microseconds_since_epoch` (else an empty list). None where there is no time."""
    given: list[datetime] = times if None not in times else [when for when in times if when is not None]  # type: ignore[assignment]
    if set(map(_TZINFO, given)) <= {UTC}:
        shown: list[Any] = given
    else:
        shown = [when if when.tzinfo is UTC else when.isoformat() for when in given]
    micros = microseconds_each(given) if with_us else []
    if given is times:
        return shown, micros
    where = iter(range(len(given)))
    at = [None if when is None else next(where) for when in times]
    return (
        [None if n is None else shown[n] for n in at],
        [None if n is None else micros[n] for n in at] if with_us else [],
    )


_TZINFO = attrgetter("tzinfo")
