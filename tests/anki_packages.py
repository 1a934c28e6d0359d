"""Anki packages built by the tests themselves with sqlite3 and zipfile, in each schema.

`Note` describes a note; `write_package` writes an .apkg/.colpkg holding a
collection in schema 11 (`collection.anki2` of Anki 2.0, `collection.anki21`
of 2.1) or schema 18 (`collection.anki21b`, zstd, beside the dummy
`collection.anki2` current Anki writes). The table layouts follow Anki's
rslib/src/storage/schema11.sql and upgrades/schema18; the protobuf configs
are written with the few fields the reader uses.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

BASIC = "Basic"
REVERSED = "Basic (and reversed card)"
TYPE_IN = "Basic (type in the answer)"
CLOZE = "Cloze"

# name -> (id, kind (1 cloze), fields, templates as (name, question format, answer format))
NOTE_TYPES: dict[str, tuple[int, int, list[str], list[tuple[str, str, str]]]] = {
    BASIC: (1001, 0, ["Front", "Back"], [("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}")]),
    REVERSED: (
        1002,
        0,
        ["Front", "Back"],
        [
            ("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
            ("Card 2", "{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}"),
        ],
    ),
    TYPE_IN: (
        1003,
        0,
        ["Front", "Back"],
        [("Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}<hr id=answer>{{type:Back}}")],
    ),
    CLOZE: (
        1004,
        1,
        ["Text", "Back Extra"],
        [("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")],
    ),
}
DUMMY_TEXT = "Please update to the latest Anki version, then import the .colpkg/.apkg file again."


@dataclass
class Note:
    fields: list[str]
    note_type: str = BASIC
    deck: str = "Default"
    tags: list[str] = field(default_factory=list)
    guid: str = ""
    cards: list[int] | None = None  # ordinals; default: one per template, or per cloze number


def _cloze_ordinals(text: str) -> list[int]:
    import re

    return sorted(
        {int(n) - 1 for group in re.findall(r"\{\{c(\d+(?:,\d+)*)::", text) for n in group.split(",")}
    )


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def proto(*fields: tuple[int, int | str | bytes]) -> bytes:
    """A protobuf message of varint (int) and length-delimited (str/bytes) fields."""
    out = b""
    for number, value in fields:
        if isinstance(value, int):
            out += _varint(number << 3) + _varint(value)
        else:
            data = value.encode() if isinstance(value, str) else value
            out += _varint(number << 3 | 2) + _varint(len(data)) + data
    return out


SCHEMA11 = """
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null,
  left integer not null, odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
  type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
"""
SCHEMA18_EXTRA = """
CREATE TABLE notetypes (id integer not null primary key, name text not null, mtime_secs integer not null,
  usn integer not null, config blob not null);
CREATE TABLE fields (ntid integer not null, ord integer not null, name text not null, config blob not null,
  primary key (ntid, ord));
CREATE TABLE templates (ntid integer not null, ord integer not null, name text not null,
  mtime_secs integer not null, usn integer not null, config blob not null, primary key (ntid, ord));
CREATE TABLE decks (id integer primary key not null, name text not null, mtime_secs integer not null,
  usn integer not null, common blob not null, kind blob not null);
"""


def collection_bytes(
    notes: list[Note], schema: int = 11, reviews: list[tuple[int, int, int, int, int]] = ()
) -> bytes:
    """An Anki collection database holding `notes`, as the bytes of its file; `reviews` are
    revlog rows (note index, card ordinal, ease 0-4, milliseconds taken, epoch milliseconds)."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA11 + (SCHEMA18_EXTRA if schema == 18 else ""))
    deck_ids = {
        name: 1 if name == "Default" else 1000 + index
        for index, name in enumerate(sorted({n.deck for n in notes} | {"Default"}))
    }
    models = {}
    for name, (type_id, kind, field_names, templates) in NOTE_TYPES.items():
        models[str(type_id)] = {
            "id": type_id,
            "name": name,
            "type": kind,
            "flds": [{"name": f, "ord": i} for i, f in enumerate(field_names)],
            "tmpls": [{"name": t, "ord": i, "qfmt": q, "afmt": a} for i, (t, q, a) in enumerate(templates)],
        }
        if schema == 18:
            db.execute(
                "INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)",
                (type_id, name, proto((1, kind)) if kind else proto((3, ".card {}"))),
            )
            for i, f in enumerate(field_names):
                db.execute("INSERT INTO fields VALUES (?, ?, ?, ?)", (type_id, i, f, b""))
            for i, (t, q, a) in enumerate(templates):
                db.execute(
                    "INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)", (type_id, i, t, proto((1, q), (2, a)))
                )
    decks = {str(i): {"id": i, "name": name} for name, i in deck_ids.items()}
    if schema == 18:
        for name, i in deck_ids.items():
            db.execute(
                "INSERT INTO decks VALUES (?, ?, 0, 0, ?, ?)", (i, name.replace("::", "\x1f"), b"", b"")
            )
        models, decks = {}, {}
    db.execute(
        "INSERT INTO col VALUES (1, 0, 0, 0, ?, 0, 0, 0, '{}', ?, ?, '{}', '{}')",
        (schema, json.dumps(models), json.dumps(decks)),
    )
    card_id = 1
    for index, note in enumerate(notes):
        type_id, kind, _, templates = NOTE_TYPES[note.note_type]
        note_id = 1_600_000_000_000 + index
        guid = note.guid or f"g{index:05d}"
        tags = f" {' '.join(note.tags)} " if note.tags else ""
        db.execute(
            "INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, ?, 0, 0, '')",
            (note_id, guid, type_id, tags, "\x1f".join(note.fields), note.fields[0]),
        )
        ordinals = (
            note.cards
            if note.cards is not None
            else (_cloze_ordinals(note.fields[0]) if kind == 1 else list(range(len(templates))))
        )
        for ordinal in ordinals:
            db.execute(
                "INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                (card_id, note_id, deck_ids[note.deck], ordinal),
            )
            card_id += 1
    for note_index, ordinal, ease, took, when in reviews:
        (card,) = db.execute(
            "SELECT id FROM cards WHERE nid = ? AND ord = ?", (1_600_000_000_000 + note_index, ordinal)
        ).fetchone()
        db.execute("INSERT INTO revlog VALUES (?, ?, 0, ?, 1, 0, 2500, ?, 1)", (when, card, ease, took))
    db.commit()
    data = db.serialize()
    db.close()
    return data


def write_package(
    path: Path,
    notes: list[Note],
    member: str = "collection.anki21",
    reviews: list[tuple[int, int, int, int, int]] = (),
) -> Path:
    """An .apkg/.colpkg at `path` whose collection is `member` (anki2, anki21 or anki21b + dummy)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        if member == "collection.anki21b":
            import zstandard

            data = collection_bytes(notes, schema=18, reviews=reviews)
            package.writestr("collection.anki21b", zstandard.ZstdCompressor().compress(data))
            package.writestr("collection.anki2", collection_bytes([Note([DUMMY_TEXT, ""])], schema=11))
            package.writestr("meta", b"\x08\x03")
        else:
            package.writestr(member, collection_bytes(notes, schema=11, reviews=reviews))
        package.writestr("media", "{}")
    return path
