"""The snapshot's layout: one record a line, so read-only commands can read it a record at a time.

A snapshot is TinyDB's JSON (an object of tables, each an object of numbered records), written
with a line break before each table and each record:

    {
    "meta":{
    "1":{"schema_version":2}
    },
    "questions":{
    "1":{"deck":"d","card":"c",...},
    "2":{...}
    }
    }

It is still one JSON document (orjson, `json` and TinyDB read it whole, as the app does). `revise
stats` at 100,000 records cannot hold every record parsed (~300 MiB): `scan_snapshot` splits each
table into its records' JSON (one msgspec call, views of the file's bytes, one record a line),
decodes and validates the question records a batch at a time in C (`fast_schema`), and keeps only
where each one is; `LazyQuestions` parses a record again when it is asked for. A file in any
other layout (one written before issue 18, or by hand) is read whole, as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from itertools import compress
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import msgspec
import orjson

from tui.core.progress.errors import ProgressCorruptError, ProgressError
from tui.core.progress.journal import Operation
from tui.core.progress.schema import SCHEMA_VERSION, Tables, are_doc_ids, check_documents, schema_version

if TYPE_CHECKING:
    import msgspec

# A record's JSON text in the snapshot: a view of its bytes, without a copy
Span: TypeAlias = "msgspec.Raw"

QUESTIONS = "questions"  # the one table that grows with the work; every other table is small
BATCH = 2_000  # question records parsed and validated together: checks in C, ~1 MB of records at a time


def encode_snapshot(tables: Tables) -> bytes:
    """`tables` as a snapshot in the layout above (one record a line; see the module doc)."""
    return b"".join(snapshot_chunks(tables))


def snapshot_chunks(tables: Tables) -> list[bytes]:
    """`encode_snapshot` in pieces of about `CHUNK_RECORDS` records, to write one after another.

    Never the whole file in one more buffer: at 100,000 records that would be another 42 MB.
    map in C: ~2x one orjson.dumps of the whole tables (100,000 records: ~0.35 s against ~0.15 s).
    """
    chunks = [b"{"]
    for number, (name, docs) in enumerate(tables.items()):
        head = b"\n" if number == 0 else b",\n"
        if not docs:
            chunks.append(head + orjson.dumps(name) + b":{}")
            continue
        chunks.append(head + orjson.dumps(name) + b":{")
        keys = list(docs)
        for first in range(0, len(keys), CHUNK_RECORDS):
            lines = record_lines(docs, keys[first : first + CHUNK_RECORDS])
            chunks.append((b"\n" if first == 0 else b",\n") + b",\n".join(lines))
        chunks.append(b"\n}")
    chunks.append(b"\n}\n" if len(chunks) > 1 else b"}\n")
    return chunks


CHUNK_RECORDS = 1_000  # ~400 KB a piece


def record_lines(docs: Mapping[str, Any], keys: list[str]) -> list[bytes]:
    """The lines of the records `keys` of `docs` as a snapshot holds them, `"<id>":{...}`, no comma."""
    return list(
        map(
            bytes.__add__,
            map(b"%b:".__mod__, map(orjson.dumps, keys)),
            map(orjson.dumps, map(docs.__getitem__, keys)),
        )
    )


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
class Delta(msgspec.Struct):
    """What a journal changes in one table: emptied first or not, then record id -> record (None: deleted)."""

    cleared: bool = False
    docs: dict[str, dict[str, Any] | None] = msgspec.field(default_factory=dict)


def journal_deltas(lines: list[list[Operation]]) -> dict[str, Delta]:
    """The journal's changes per table, as `journal.replay` would apply them, in order."""
    deltas: dict[str, Delta] = {}
    for operations in lines:
        for table, doc_id, doc in operations:
            delta = deltas.setdefault(table, Delta())
            if doc_id is None:
                delta.cleared, delta.docs = True, {}
            else:
                delta.docs[doc_id] = doc
    return deltas


class LazyQuestions(MutableMapping[str, dict[str, Any]]):
    """The question records of a scanned snapshot (journal applied), each parsed when asked for.

    `index`: deck id -> [(card id, record id)], sorted by card; iterating follows the file's order,
    as the whole-file path does.
    """

    def __init__(self, raw: bytes, spans: Mapping[str, Span | dict[str, Any]]) -> None:
        self._raw = raw
        # record id -> its JSON (a view into `raw`), or the journal's record
        self._spans = spans
        self.index: dict[str, list[tuple[str, str]]] = {}

    def __getitem__(self, doc_id: str) -> dict[str, Any]:
        where = self._spans[doc_id]
        if isinstance(where, dict):
            return where
        return orjson.loads(bytes(where))  # validated when scanned; orjson reads bytes faster than a view

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __setitem__(self, doc_id: str, doc: dict[str, Any]) -> None:
        raise ProgressError("The progress was opened read-only.")  # TinyDB's insert, on a read-only store

    def __delitem__(self, doc_id: str) -> None:
        raise ProgressError("The progress was opened read-only.")


def scan_snapshot(raw: bytes, path: Path, deltas: dict[str, Delta]) -> Tables | None:
    """The tables of a snapshot in the line layout with the journal's `deltas` applied, questions lazily.

    Returns None when `raw` is not in the layout (the caller reads it whole), or when its schema is
    older than this revise's (migrations work on whole tables). Every record is validated as the
    whole-file path validates it (`schema.check_documents`, duplicates included); raises
    ProgressCorruptError naming the first bad one.
    """
    if not raw.startswith(b"{\n") or not raw.endswith(b"\n}\n"):
        return None
    view = memoryview(raw)
    tables: Tables = {}
    spans: dict[str, Span] = {}
    end = len(raw) - 2  # the closing brace's line
    pos = 2
    while pos < end:
        stop = raw.find(b"\n", pos)
        line = raw[pos:stop]
        last_table = stop == end - 1  # the line before the closing brace: no comma after it
        if line.endswith(b":{}" if last_table else b":{},"):  # an empty table
            name = _name(line[: line.rindex(b":")])
            if name is None or name in tables:
                return None
            tables[name] = {}
            pos = stop + 1
            continue
        if not line.endswith(b":{"):
            return None
        name = _name(line[:-2])
        if name is None or name in tables:
            return None
        pos = stop + 1
        found = _records(raw, view, pos, end)
        if found is None:
            return None
        records, pos, closed = found
        if closed != (b"}" if pos >= end else b"},"):
            return None
        if name == QUESTIONS:
            spans = records
            tables[name] = {}
            continue
        try:
            tables[name] = {key: orjson.loads(_buffer(text)) for key, text in records.items()}
        except orjson.JSONDecodeError:
            return None  # the whole-file path names what is wrong
        if not all(type(doc) is dict for doc in tables[name].values()):
            return None
    for name, delta in deltas.items():  # the small tables: the journal replayed as `journal.replay` does
        if name == QUESTIONS:
            continue
        table = {} if delta.cleared else tables.setdefault(name, {})
        tables[name] = table
        for doc_id, doc in delta.docs.items():
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = doc
    if schema_version(tables, path) != SCHEMA_VERSION:
        return None
    check_documents({name: docs for name, docs in tables.items() if name != QUESTIONS}, path)
    questions = _questions(raw, path, spans, deltas.get(QUESTIONS, Delta()))
    if questions is None:
        return None
    if questions or QUESTIONS in tables:
        tables[QUESTIONS] = questions  # type: ignore[assignment]
    return tables


def _buffer(text: Span) -> memoryview:
    """A record's JSON as bytes orjson reads (`msgspec.Raw` has the buffer protocol)."""
    return memoryview(text)


def _name(quoted: bytes) -> str | None:
    """A table's name from its JSON text, or None if it is not one JSON string."""
    try:
        name = orjson.loads(quoted)
    except orjson.JSONDecodeError:
        return None
    return name if type(name) is str else None


def _records(raw: bytes, view: memoryview, pos: int, end: int) -> tuple[dict[str, Span], int, bytes] | None:
    """The records of the table whose first record line starts at `pos`: {id: its JSON}, where the
    table ends, its closing line; None if they are not one record a line with TinyDB's ids.

    One msgspec call in C splits the table (its JSON from "{" to "}") into its records, each kept as a
    view of `raw` and parsed later; a line layout per record was ~5 µs a record of Python.
    """
    import msgspec

    close = raw.find(b"\n}", pos - 1, end)  # the table's closing line: the first to start with "}"
    if close < 0:
        return None
    stop = raw.find(b"\n", close + 1)
    try:
        records = msgspec.json.decode(view[pos - 2 : close + 2], type=dict[str, msgspec.Raw])
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):  # RecursionError: nested deep
        return None
    # one record a line (so no id twice: orjson and msgspec keep the last of two), each a TinyDB id
    if len(records) != raw.count(b"\n", pos, close + 1) or not are_doc_ids(records):
        return None
    return records, stop + 1, raw[close + 1 : stop]


def _questions(raw: bytes, path: Path, spans: dict[str, Span], delta: Delta) -> LazyQuestions | None:
    """The question records, validated a batch at a time, the journal's changes applied; None if
    a line holds something other than one record (the whole-file path says what).

    Each batch is decoded and checked in one msgspec call (`fast_schema`); only a batch it refuses is
    parsed again by orjson for the hand check, which names the bad record or accepts what the
    fast types leave to it (fields revise does not read, for one).
    """
    from tui.core.progress.fast_schema import decode_fine

    if delta.cleared:
        spans = {}
    scanned = [key for key in spans if key not in delta.docs]
    keys: dict[str, tuple[str, str]] = {}  # record id -> (deck, card), in the tables' order
    for first in range(0, len(scanned), BATCH):
        batch = scanned[first : first + BATCH]
        text = b"[" + b",".join(map(spans.__getitem__, batch)) + b"]"
        records: list[Any] | None = decode_fine(QUESTIONS, text)
        if records is not None and len(records) == len(batch):
            decks, cards = map(_DECK_ATTR, records), map(_CARD_ATTR, records)
        else:
            try:
                docs = orjson.loads(text)
            except orjson.JSONDecodeError:
                return None  # the whole-file path names what is wrong
            if len(docs) != len(batch) or not all(type(doc) is dict for doc in docs):
                return None
            check_documents({QUESTIONS: dict(zip(batch, docs))}, path)
            decks, cards = map(_DECK, docs), map(_CARD, docs)
        keys.update(zip(batch, zip(decks, cards)))
    ordered: dict[str, Span | dict[str, Any]]
    if not delta.docs:  # the usual file: no journal, or one that changed no question
        ordered = dict(spans)
    else:
        ordered = {}
        for key, where in spans.items():  # file order; a record the journal changed keeps its place
            if key in delta.docs:
                doc = delta.docs[key]
                if doc is None:
                    continue
                ordered[key] = doc
                keys[key] = (doc["deck"], doc["card"])
            else:
                ordered[key] = where
        for key, doc in delta.docs.items():  # records the journal added, in its order
            if key not in spans and doc is not None:
                ordered[key] = doc
                keys[key] = (doc["deck"], doc["card"])
        keys = {key: keys[key] for key in ordered}
    _check_unique(keys, path)
    questions = LazyQuestions(raw, ordered)
    # deck -> [(card, record id)] sorted by card, grouped with loops in C (one pass per deck)
    decks_of = list(map(_DECK_OF_KEY, keys.values()))
    cards_of = list(map(_CARD_OF_KEY, keys.values()))
    for deck in set(decks_of):
        mine = list(map(deck.__eq__, decks_of))
        questions.index[deck] = sorted(zip(compress(cards_of, mine), compress(keys, mine)))
    return questions


_DECK, _CARD = itemgetter("deck"), itemgetter("card")
_DECK_ATTR, _CARD_ATTR = attrgetter("deck"), attrgetter("card")  # of a decoded record
_DECK_OF_KEY, _CARD_OF_KEY = itemgetter(0), itemgetter(1)  # of a (deck, card) pair


def _check_unique(keys: dict[str, tuple[str, str]], path: Path) -> None:
    """One record per question (deck, card), as `schema.check_documents` requires; `keys`: record id
    -> (deck, card) in the tables' order."""
    if len(set(keys.values())) == len(keys):
        return
    seen: dict[tuple[str, str], str] = {}
    for key, question in keys.items():
        first = seen.setdefault(question, key)
        if first != key:
            raise ProgressCorruptError(
                path, f"questions record {key} keeps question {question[1]!r} of record {first} again"
            )
