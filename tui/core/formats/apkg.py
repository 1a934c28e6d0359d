"""Anki packages: `.apkg` (decks) and `.colpkg` (a whole collection), and bare `.anki2` files.

A package is a zip holding an SQLite collection: `collection.anki21b` (zstd
compressed, schema 18, current Anki), `collection.anki21` or
`collection.anki2` (schema 11). Current Anki also writes a dummy
`collection.anki2` whose only note asks to update Anki: the newest
collection is always read first and the dummy is never imported.

Schema 11 keeps note types as JSON in `col.models` and decks in `col.decks`;
schema 18 has `notetypes`, `fields`, `templates` and `decks` tables whose
configs are protobuf messages (rslib/src/notetype, proto/anki/notetypes.proto):
only the note type's kind (field 1: 0 normal, 1 cloze) and a template's
question and answer formats (fields 1 and 2) are read from them.

Each card of the collection becomes one card here: the fields its template
shows on the front are the question, the fields its back adds (and a
`{{type:...}}` field) the answer; cloze cards come from `cloze.py`. Card ids
are the note's guid and the card's ordinal (`ordinal_id`), so re-importing a
package keeps progress. Deck paths (`History::Soviet::Recognition`) become
the title and topics as in text exports; tags are kept.

The file is untrusted: the collection is copied into an in-memory SQLite
database (`deserialize`), read with SELECT only and `trusted_schema` off, and
both the zip member and its decompression are capped at 200 MB.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.core.deck import Deck, DeckError, card_id_for, ordinal_id
from tui.core.formats.cloze import cloze_card, cloze_numbers
from tui.core.formats.collect import CardCollector
from tui.core.formats.field_limit import megabytes
from tui.core.formats.html_text import field_text, strip_controls

MAX_COLLECTION_BYTES = 200_000_000  # 200 MB, MB = 10^6 bytes (formats.megabytes)
_MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")  # newest first
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_DUMMY_MARK = "update to the latest anki"  # the text of the dummy note current Anki writes
_REFERENCE = re.compile(r"\{\{([^{}]+)\}\}")
_SPECIAL_NAMES = {"frontside", "tags", "deck", "subdeck", "card", "cardflag", "type", "cardid"}
_EXPORT_HINT = "in Anki use File > Export > 'Anki Deck Package' and open the new .apkg"


@dataclass
class _Template:
    name: str
    question_format: str = ""
    answer_format: str = ""


@dataclass
class _NoteType:
    name: str
    cloze: bool
    fields: list[str] = field(default_factory=list)
    templates: dict[int, _Template] = field(default_factory=dict)
    layouts: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)  # see _layout


def load_package(path: Path) -> Deck:
    """The cards of an Anki package or collection file. Raises DeckError (only) when unusable."""
    data = _collection_bytes(path)
    connection = _open_database(data, path)
    try:
        return _read_collection(connection, path)
    except (sqlite3.Error, ValueError, TypeError, OverflowError) as error:  # hostile values, not ours
        raise DeckError(
            path, f"holds an Anki collection that cannot be read ({error})", _EXPORT_HINT
        ) from None
    finally:
        connection.close()


@dataclass(frozen=True)
class AnkiReview:
    """One answer from Anki's review log: the card (ids as `load_package` gives them), when
    (UTC), whether it was right (Anki's Hard, Good or Easy) and how long it took (seconds)."""

    card_id: str
    answered_at: datetime
    correct: bool
    seconds: float


_MAX_REVIEW_SECONDS = 3600.0  # Anki caps its answer timer too; longer is a card left open


def review_history(path: Path) -> list[AnkiReview]:
    """Every answer in the package's review log, oldest first, for carrying a student's
    history over (a package exported "with scheduling information"; others give []).

    Manual reschedules (ease 0) are not answers and are left out, as are cards whose
    note has no guid. Raises DeckError as `load_package` does.
    """
    from datetime import UTC

    connection = _open_database(_collection_bytes(path), path)
    try:
        guids = {note_id: _text(guid) for note_id, guid in connection.execute("SELECT id, guid FROM notes")}
        rows = connection.execute(
            "SELECT r.id, r.ease, r.time, c.nid, c.ord FROM revlog r JOIN cards c ON c.id = r.cid ORDER BY r.id"
        )
        reviews = []
        for when, ease, took, note_id, ordinal in rows:
            guid = " ".join(strip_controls(guids.get(note_id, "")).split())
            ordinal, when, ease = _whole(ordinal), _whole(when), _whole(ease)
            if not guid or ordinal is None or when is None or ease not in (1, 2, 3, 4):
                continue
            seconds = min(max(_whole(took) or 0, 0) / 1000, _MAX_REVIEW_SECONDS)
            try:
                answered = datetime.fromtimestamp(when / 1000, UTC)
            except (OverflowError, OSError, ValueError):  # a time no clock can show: not an answer
                continue
            reviews.append(AnkiReview(ordinal_id(guid, ordinal), answered, ease > 1, seconds))
        return reviews
    except (sqlite3.Error, ValueError, TypeError, OverflowError, OSError) as error:
        raise DeckError(path, f"holds a review log that cannot be read ({error})", _EXPORT_HINT) from None
    finally:
        connection.close()


def _collection_bytes(path: Path) -> bytes:
    """The SQLite bytes of the newest collection in the package (or of the file itself)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
            if head == _SQLITE_MAGIC:
                handle.seek(0)
                return _capped(handle.read(MAX_COLLECTION_BYTES + 1), path)
        with zipfile.ZipFile(path) as package:
            members = {info.filename: info for info in package.infolist()}
            name = next((member for member in _MEMBERS if member in members), None)
            if name is None:
                raise DeckError(path, "is a zip file but holds no Anki collection", _EXPORT_HINT)
            info = members[name]
            if info.file_size > MAX_COLLECTION_BYTES:
                raise _too_large(path)
            with package.open(info) as member:
                data = _capped(member.read(MAX_COLLECTION_BYTES + 1), path)
    except DeckError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as error:
        raise DeckError(path, f"is not a readable Anki package ({error})", _EXPORT_HINT) from None
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        raise DeckError(path, f"cannot be read ({reason})", "check that you may read the file") from None
    if name.endswith("21b") or data.startswith(_ZSTD_MAGIC):
        data = _decompress(data, path)
    return data


def _capped(data: bytes, path: Path) -> bytes:
    if len(data) > MAX_COLLECTION_BYTES:
        raise _too_large(path)
    return data


def _too_large(path: Path) -> DeckError:
    return DeckError(
        path,
        f"holds a collection over {megabytes(MAX_COLLECTION_BYTES)}, which Revise refuses",
        "export only the decks you revise (File > Export > one deck, without media)",
    )


def _decompress(data: bytes, path: Path) -> bytes:
    """zstd-decompress at most MAX_COLLECTION_BYTES (a small file may claim to hold much more)."""
    try:
        import zstandard
    except ImportError:  # pragma: no cover - a declared dependency
        raise DeckError(
            path,
            "is a current Anki package (zstd compressed), and the zstandard module is missing",
            "reinstall Revise, or in Anki export with 'Support older Anki versions' ticked",
        ) from None
    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            chunks: list[bytes] = []
            size = 0
            while chunk := reader.read(1024 * 1024):
                size += len(chunk)
                if size > MAX_COLLECTION_BYTES:
                    raise _too_large(path)
                chunks.append(chunk)
    except zstandard.ZstdError as error:
        raise DeckError(path, f"holds a damaged compressed collection ({error})", _EXPORT_HINT) from None
    return b"".join(chunks)


def _open_database(data: bytes, path: Path) -> sqlite3.Connection:
    """An in-memory, query-only copy of the collection; the package's file is never opened by SQLite."""
    if not data.startswith(_SQLITE_MAGIC):
        raise DeckError(path, "holds a collection that is not an SQLite database", _EXPORT_HINT)
    if data[18:20] == b"\x02\x02":  # WAL mode cannot be deserialized: mark it as a rollback journal
        data = data[:18] + b"\x01\x01" + data[20:]
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("PRAGMA trusted_schema=OFF")
        connection.deserialize(data)
        connection.execute("PRAGMA trusted_schema=OFF")
        connection.execute("PRAGMA query_only=ON")
        tables = {
            name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.Error as error:
        connection.close()
        raise DeckError(path, f"holds a damaged Anki collection ({error})", _EXPORT_HINT) from None
    if not {"notes", "cards", "col"} <= tables:
        connection.close()
        raise DeckError(path, "holds a database that is not an Anki collection", _EXPORT_HINT)
    return connection


def _read_collection(db: sqlite3.Connection, path: Path) -> Deck:
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if {"notetypes", "fields", "templates", "decks"} <= tables:
        note_types, deck_names = _schema18(db)
    else:
        note_types, deck_names = _schema11(db)
    notes = {
        note_id: (_text(guid), model_id, _text(tags), _text(fields))
        for note_id, guid, model_id, tags, fields in db.execute("SELECT id, guid, mid, tags, flds FROM notes")
    }
    if notes and all(_DUMMY_MARK in fields.lower() for _, _, _, fields in notes.values()):
        raise DeckError(
            path,
            "holds only Anki's 'please update' note: its real collection is missing or unreadable",
            "in Anki export again with 'Support older Anki versions' ticked",
        )
    cards = CardCollector(path)
    rows = db.execute(
        "SELECT nid, CASE WHEN odid != 0 THEN odid ELSE did END, ord FROM cards ORDER BY nid, ord"
    )
    for number, (note_id, deck_id, ordinal) in enumerate(rows, 1):
        note = notes.get(note_id)
        if note is None:
            continue
        guid, model_id, tags_text, fields_text = note
        note_type = note_types.get(model_id)
        values = fields_text.split("\x1f")
        deck = deck_names.get(deck_id, [])
        tags = tuple(strip_controls(tag) for tag in tags_text.split())
        ordinal = _whole(ordinal)
        if ordinal is None or not 0 <= ordinal < 1000:  # Anki allows 500 cloze numbers
            continue
        where = f"note {strip_controls(guid) or _whole(note_id)}, card {ordinal + 1}"
        _add_card(cards, number, where, note_type, values, ordinal, guid, deck, tags)
    return cards.deck("apkg")


def _add_card(
    cards: CardCollector,
    number: int,
    where: str,
    note_type: _NoteType | None,
    values: list[str],
    ordinal: int,
    guid: str,
    deck: list[str],
    tags: tuple[str, ...],
) -> None:
    """One collection card (the `number`th read) as a question and answer."""
    by_name = dict(zip(note_type.fields, values)) if note_type else {}
    guid = " ".join(strip_controls(guid).split())
    if note_type and note_type.cloze:
        template = note_type.templates.get(0) or next(iter(note_type.templates.values()), None)
        cloze_field = _cloze_field(template, note_type) if template else None
        text = field_text(by_name.get(cloze_field or "", values[0] if values else ""), True)
        if ordinal + 1 not in cloze_numbers(text):
            cards.skip(
                None,
                f"{where}: its cloze {ordinal + 1} is not in the note's text"
                f" — Anki shows it as an empty card; remove it there with Tools > Empty Cards",
            )
            return
        question, answer = cloze_card(text, ordinal + 1)
        extra = [
            field_text(by_name.get(name, ""), True)
            for name in _fields_in(template.answer_format if template else "", by_name)
            if name != cloze_field
        ]
        answer = "\n".join([answer, *[text for text in extra if text]])
        base = guid or card_id_for(question)
        cards.add(None, question, answer, deck, tags, ordinal_id(base, ordinal), "fill in its text", where)
        return
    layout = _layout(note_type, ordinal) if note_type else None
    if layout is not None:
        question = _join(by_name, layout[0])
        answer = _join(by_name, layout[1])
    else:  # an unknown note type or card: the first field asks, the second answers
        question = field_text(values[0], True) if values else ""
        answer = field_text(values[1], True) if len(values) > 1 else ""
    base = guid or card_id_for(question)
    cards.add(
        None, question, answer, deck, tags, ordinal_id(base, ordinal), "fill in its back in Anki", where
    )


def _layout(note_type: _NoteType, ordinal: int) -> tuple[list[str], list[str]] | None:
    """(question fields, answer fields) of a note type's card `ordinal`, worked out once per type:
    the front's fields ask, `{{type:...}}` fields and those the back adds answer."""
    if ordinal not in note_type.layouts:
        template = note_type.templates.get(ordinal)
        if template is None:
            return None
        names = dict.fromkeys(note_type.fields, "")
        front = _fields_in(template.question_format, names)
        typed = _fields_in(template.question_format, names, typed=True)
        back = [name for name in _fields_in(template.answer_format, names) if name not in front]
        note_type.layouts[ordinal] = (
            [name for name in front if name not in typed],
            typed + [name for name in back if name not in typed],
        )
    return note_type.layouts[ordinal]


def _join(values: dict[str, str], names: list[str]) -> str:
    return "\n".join(text for name in names if (text := field_text(values.get(name, ""), True)))


def _fields_in(template: str, fields: dict[str, str], typed: bool = False) -> list[str]:
    """Names of the note's fields a template shows, in order (`typed`: only `{{type:...}}` ones)."""
    names: list[str] = []
    for match in _REFERENCE.finditer(template):
        reference = match.group(1).strip()
        if reference[:1] in "#^/!":  # conditional sections and comments show nothing themselves
            continue
        filters, _, name = reference.rpartition(":")
        name = name.strip()
        if name.lower() in _SPECIAL_NAMES or name not in fields:
            continue
        if typed and "type" not in filters.split(":"):
            continue
        if name not in names:
            names.append(name)
    return names


def _cloze_field(template: _Template, note_type: _NoteType) -> str | None:
    for match in _REFERENCE.finditer(template.question_format):
        filters, _, name = match.group(1).strip().rpartition(":")
        if "cloze" in filters.split(":") and name.strip() in note_type.fields:
            return name.strip()
    return note_type.fields[0] if note_type.fields else None


def _schema11(db: sqlite3.Connection) -> tuple[dict[int, _NoteType], dict[int, list[str]]]:
    """Note types and deck paths from the JSON in `col.models` and `col.decks`."""
    row = db.execute("SELECT models, decks FROM col LIMIT 1").fetchone()
    models = _json_object(row[0] if row else "")
    decks = _json_object(row[1] if row else "")
    note_types: dict[int, _NoteType] = {}
    for key, model in models.items():
        if not isinstance(model, dict) or not _is_id(key):
            continue
        fields = [_text(f.get("name")) for f in _sorted_by_ord(model.get("flds"))]
        templates: dict[int, _Template] = {}
        for index, t in enumerate(_sorted_by_ord(model.get("tmpls"))):
            ordinal = _whole(t.get("ord"))
            templates[index if ordinal is None else ordinal] = _Template(
                _text(t.get("name")), _text(t.get("qfmt")), _text(t.get("afmt"))
            )
        note_types[int(key)] = _NoteType(_text(model.get("name")), model.get("type") == 1, fields, templates)
    deck_names = {
        int(key): _deck_path(_text(deck.get("name")), "::")
        for key, deck in decks.items()
        if isinstance(deck, dict) and _is_id(key)
    }
    return note_types, deck_names


def _schema18(db: sqlite3.Connection) -> tuple[dict[int, _NoteType], dict[int, list[str]]]:
    """Note types and deck paths from the schema 18 tables (protobuf configs read minimally)."""
    note_types: dict[int, _NoteType] = {}
    for type_id, name, config in db.execute("SELECT id, name, config FROM notetypes"):
        kind = _proto_fields(config).get(1, 0)
        note_types[type_id] = _NoteType(_text(name), kind == 1)
    for type_id, _, name in db.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
        if type_id in note_types:
            note_types[type_id].fields.append(_text(name))
    for type_id, ordinal, name, config in db.execute(
        "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"
    ):
        if type_id in note_types:
            formats = _proto_fields(config)
            note_types[type_id].templates[_whole(ordinal) or 0] = _Template(
                _text(name), _proto_text(formats.get(1)), _proto_text(formats.get(2))
            )
    deck_names = {
        deck_id: _deck_path(_text(name), "\x1f") for deck_id, name in db.execute("SELECT id, name FROM decks")
    }
    return note_types, deck_names


def _is_id(key: Any) -> bool:
    text = str(key).removeprefix("-")
    return text.isascii() and text.isdecimal()


def _text(value: Any) -> str:
    """A text column as str: bytes decoded (bad UTF-8 replaced), numbers written, NULL empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _whole(value: Any) -> int | None:
    """An integer column or JSON value as int; None for anything else (SQLite columns are untyped)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _deck_path(name: str, separator: str) -> list[str]:
    return [clean for part in name.split(separator) if (clean := " ".join(strip_controls(part).split()))]


def _sorted_by_ord(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        return []
    good = [item for item in items if isinstance(item, dict)]
    return sorted(good, key=lambda item: item.get("ord", 0) if isinstance(item.get("ord"), int) else 0)


def _json_object(text: Any) -> dict[str, Any]:
    try:
        value = json.loads(text) if isinstance(text, str | bytes) else None
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _proto_text(value: int | bytes | None) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def _proto_fields(blob: Any) -> dict[int, int | bytes]:
    """Top-level fields of a protobuf message: varints as int, length-delimited as bytes.

    Stops quietly at anything malformed; fixed-width fields are skipped; the first value wins.
    """
    if not isinstance(blob, bytes):
        return {}
    found: dict[int, int | bytes] = {}
    position = 0

    def varint() -> int | None:
        nonlocal position
        result = shift = 0
        while position < len(blob) and shift < 64:
            byte = blob[position]
            position += 1
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7
        return None

    while position < len(blob):
        key = varint()
        if key is None:
            break
        number, wire = key >> 3, key & 7
        if wire == 0:
            value = varint()
            if value is None:
                break
            found.setdefault(number, value)
        elif wire == 2:
            length = varint()
            if length is None or position + length > len(blob):
                break
            found.setdefault(number, blob[position : position + length])
            position += length
        elif wire == 1:
            position += 8
        elif wire == 5:
            position += 4
        else:
            break
    return found
