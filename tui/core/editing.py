"""Writing a card's change back into its deck file, in the file's own format.

Native TOML decks are edited with tomlkit, which keeps comments and layout:
only the edited card's lines change. Plain-notes decks have just that card's
lines replaced. Every other byte of the file stays as it was.

Ids: a native card keeps its id. A notes card's id is derived from its
question (`card_id_for`), so editing the QUESTION of a notes card gives it a
new id; `SavedCard.old_id` and `SavedCard.card_id` name both, and the caller
moves the card's progress record from the old id to the new one.

Safety: the file is re-read before each edit and refused (DeckChanged) when it
no longer holds the deck the caller loaded, so an edit made in another window
is never overwritten; the new text is parsed before it is written and must
hold exactly the expected cards; writes are atomic (a temporary file in the
same folder, fsync, os.replace).

Imported decks (Anki/Quizlet text, .apkg) are read-only (ReadOnlyDeck):
`write_native_copy` saves any deck as a native TOML deck with its ids kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.deck import Card, DateEvent, Deck, DeckError, card_id_for
from tui.core.formats.field_limit import MAX_FIELD_CHARS

EDITABLE_FORMATS = ("native", "notes")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_ENDING = re.compile(r"(\r\n|\r|\n)\Z")
_CARDS_HEADER = re.compile(r"^\s*\[\[\s*(?:cards|\"cards\"|'cards')\s*\]\]")
_BOM = b"\xef\xbb\xbf"


class EditError(DeckError):
    """An edit that cannot be made: where, what, and what to do."""


class ReadOnlyDeck(EditError):
    """The deck was imported (Anki, Quizlet, .apkg) and is not edited in place."""


class DeckChanged(EditError):
    """The deck file changed on disk since it was loaded; the edit was refused."""


@dataclass(frozen=True)
class FileStamp:
    """What a deck file was when read: size in bytes, mtime in ns, SHA-256 of its bytes."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class SavedCard:
    """The result of an edit or an addition, after the file was written and re-loaded.

    `deck` is the deck as re-loaded from the written file; `card_id` the card's id
    in it; `old_id` its id before the edit (None for an added card). When
    `old_id != card_id` (a notes card whose question changed) the caller moves the
    card's progress from `old_id` to `card_id`.
    """

    deck: Deck
    card_id: str
    old_id: str | None
    stamp: FileStamp
    answer_changed: bool = True  # for the caller's "answer edited on ..." note

    @property
    def id_changed(self) -> bool:
        return self.old_id is not None and self.old_id != self.card_id


def file_stamp(path: Path | str) -> FileStamp:
    """The stamp of a file now. Raises EditError when it cannot be read."""
    path = Path(path)
    data = _read_bytes(path)
    return _stamp(path, data)


# -- public edits ---------------------------------------------------------------


def edit_card(
    deck: Deck,
    card_id: str,
    *,
    question: str | None = None,
    answer: str | None = None,
    topic: str | None = None,
    loaded: FileStamp | None = None,
) -> SavedCard:
    """Write a new question, answer and/or topic of card `card_id` into the deck's file.

    Text is normalised as the loader reads it (line breaks as \\n, ends of lines and
    of the text stripped; in notes decks a question on one line and runs of blank
    answer lines as one), so the re-loaded card holds exactly the normalised text.
    An edit that changes nothing writes nothing. `loaded`, when given, is the
    stamp taken when the deck was read: any change of the file's bytes since then
    refuses the edit; without it, the edit is refused when the file no longer
    loads to `deck`'s cards (a change elsewhere in the file, a comment say, is kept).

    Raises ReadOnlyDeck for imported decks, DeckChanged for a file changed on disk,
    EditError for an unknown card, empty text or text the format cannot hold.
    """
    _check_editable(deck)
    path, data, text = _current(deck, loaded)
    if not deck.has_card(card_id):
        raise EditError(path, f"has no card {card_id!r}", "reload the deck and pick the card again")
    old = deck.card(card_id)
    fields = {
        "question": _question(question, path) if question is not None else old.question,
        "answer": _answer(answer, path) if answer is not None else old.answer,
        "topic": _topic(topic, path) if topic is not None else old.topic,
    }
    if deck.format == "notes":
        fields["question"] = _one_line(fields["question"])
        fields["answer"] = _notes_answer(fields["answer"])
        _refuse_repeated_question(deck, fields["question"], path, old.id)
    if (fields["question"], fields["answer"], fields["topic"]) == (old.question, old.answer, old.topic):
        return SavedCard(deck, card_id, card_id, _stamp(path, data), answer_changed=False)
    if deck.format == "native":
        event = next((e for e in deck.events if e.card_id == card_id), None)
        if event is not None and (moved := event_date_after_edit(event.date, old.answer, fields["answer"])):
            fields["event_date"] = moved
        new_text = _native_edit(text, deck, card_id, fields, path)
    else:
        new_text = _notes_edit(text, deck, old, fields, path)
    index = deck.cards.index(old)
    others = deck.cards[:index] + deck.cards[index + 1 :]
    saved = _save(deck, path, data, new_text, others, fields, old_id=card_id)
    return SavedCard(
        saved.deck, saved.card_id, card_id, saved.stamp, answer_changed=fields["answer"] != old.answer
    )


def add_card(
    deck: Deck, topic: str, question: str, answer: str, *, loaded: FileStamp | None = None
) -> SavedCard:
    """Add a card to a native or notes deck in `topic` (a new topic is allowed).

    The new card goes after the last card of its topic (a new topic at the end).
    Its id is stable: in a native deck the slug of the question (`card_id_for`:
    long questions cut at a word plus a short hash), made unique in the deck with
    -2, -3 ...; in a notes deck the id the loader derives from the
    question (`SavedCard.card_id` tells it). Text is normalised as in `edit_card`.

    Raises ReadOnlyDeck, DeckChanged, and EditError for empty text, a question the
    deck already asks (notes) or text the format cannot hold.
    """
    _check_editable(deck)
    path, data, text = _current(deck, loaded)
    fields = {
        "question": _question(question, path),
        "answer": _answer(answer, path),
        "topic": _topic(topic, path),
    }
    if deck.format == "native":
        new_text = _native_add(text, deck, fields, path)
    else:
        fields["question"] = _one_line(fields["question"])
        fields["answer"] = _notes_answer(fields["answer"])
        _refuse_repeated_question(deck, fields["question"], path)
        new_text = _notes_add(text, deck, fields, path)
    return _save(deck, path, data, new_text, list(deck.cards), fields, old_id=None)


def _refuse_repeated_question(deck: Deck, question: str, path: Path, own_id: str | None = None) -> None:
    """Notes ids come from the question: another card asking the same question would share its id."""
    same = card_id_for(question)
    if same != own_id and deck.has_card(same):
        raise EditError(
            path,
            f"the deck already asks this question (card {same!r})",
            "edit that card or reword the question",
        )


def native_text(deck: Deck) -> str:
    """Any loaded deck as the text of a native TOML deck: same title, id, topics, cards, ids, events.

    The text re-loads through the native loader to the same cards, topics and events.
    """
    import tomlkit

    doc = tomlkit.document()
    from tui.core.display import display_safe

    # a file name may carry controls or bidi overrides too: the export holds none
    where = f" from {display_safe(deck.source.name, keep_newlines=False)}" if deck.source else ""
    doc.add(tomlkit.comment(f"Exported by Revise{where} ({deck.format} deck)."))
    doc.add(tomlkit.comment("Card ids are kept: progress is stored against them, so never change one."))
    doc.add(tomlkit.nl())
    doc["title"] = deck.title
    doc["id"] = deck.id
    topics = tomlkit.array()
    topics.extend(topic.name for topic in deck.topics)
    doc["topics"] = topics.multiline(True)
    event_of: dict[str, DateEvent] = {}
    for event in deck.events:
        event_of.setdefault(event.card_id, event)
    cards = tomlkit.aot()
    for card in deck.cards:
        table = _card_table(card, {"question": card.question, "answer": card.answer, "topic": card.topic})
        if card.id in event_of:
            event = event_of[card.id]
            inline = tomlkit.inline_table()
            inline.update({"date": event.date, "label": event.label})
            table["event"] = inline
        cards.append(table)
    doc.add(tomlkit.nl())
    doc["cards"] = cards
    return tomlkit.dumps(doc)


def write_native_copy(deck: Deck, path: Path | str, *, overwrite: bool = False) -> Path:
    """Write `deck` as a native TOML deck at `path` (atomic), ids kept; returns the path.

    Raises EditError when `path` is the deck's own file, exists (unless `overwrite`)
    or cannot be written.
    """
    path = Path(path)
    if deck.source is not None and path.exists() and path.resolve() == Path(deck.source).resolve():
        raise EditError(path, "is the deck's own file", "write the native copy to a new .toml file")
    if path.exists() and not overwrite:
        raise EditError(
            path, "already exists", "choose another file name (revise export overwrites it with --force)"
        )
    write_atomic(path, native_text(deck).encode("utf-8"))
    return path


def write_atomic(path: Path, data: bytes, expected: FileStamp | None = None) -> None:
    """Replace `path` with `data` atomically: temp file in the same folder, fsync, os.replace.

    `expected`, when given, is checked against the file just before the replace
    (DeckChanged when it differs). The file's permission bits are kept. Raises
    EditError when the folder cannot be written.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        if expected is not None and file_stamp(path) != expected:
            raise DeckChanged(path, "changed on disk while the edit was being saved", _RELOAD_HINT)
        os.replace(temp, path)
    except OSError as error:
        raise _write_error(path, error) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    with contextlib.suppress(OSError):  # the rename itself durable where the OS allows it
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- reading, checking, saving ----------------------------------------------------

_RELOAD_HINT = "reload the deck to see the other change, then edit again"


def _check_editable(deck: Deck) -> None:
    where = deck.source if deck.source is not None else deck.title
    if deck.format not in EDITABLE_FORMATS:
        raise ReadOnlyDeck(
            where,
            f"is an imported {deck.format} deck and is read-only in Revise",
            "save a native copy first (revise export --deck PATH --output COPY.toml) and edit that",
        )
    if deck.source is None:
        raise EditError(where, "has no file to write to", "open the deck from a file")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        raise EditError(
            path, f"cannot be read ({reason})", "check that the deck file is still there"
        ) from None


def _stamp(path: Path, data: bytes) -> FileStamp:
    try:
        info = path.stat()
    except OSError:
        return FileStamp(len(data), 0, hashlib.sha256(data).hexdigest())
    return FileStamp(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _current(deck: Deck, loaded: FileStamp | None) -> tuple[Path, bytes, str]:
    """The deck file's bytes and text now, refused when it no longer holds `deck`."""
    from tui.core.formats import decode_deck_bytes, parse

    path = Path(deck.source)  # type: ignore[arg-type]  # checked by _check_editable
    data = _read_bytes(path)
    if loaded is not None and hashlib.sha256(data).hexdigest() != loaded.sha256:
        raise DeckChanged(path, "changed on disk since it was loaded", _RELOAD_HINT)
    try:
        text = decode_deck_bytes(data, path)
        current = parse(text, path, deck.format)
    except DeckError as error:
        raise DeckChanged(
            path, f"changed on disk and no longer loads ({error.message})", _RELOAD_HINT
        ) from None
    if _content(current) != _content(deck):
        raise DeckChanged(path, "changed on disk since it was loaded", _RELOAD_HINT)
    return path, data, text


def _content(deck: Deck) -> tuple[Any, ...]:
    return (deck.title, deck.cards, deck.topics)


def _save(
    deck: Deck,
    path: Path,
    data: bytes,
    new_text: str,
    others: list[Card],
    fields: dict[str, str],
    old_id: str | None,
) -> SavedCard:
    """Check the new text holds the other cards unchanged plus the expected card, then write it."""
    from tui.core.formats import decode_deck_bytes, parse

    prefix = _BOM if data.startswith(_BOM) else b""
    payload = prefix + new_text.encode("utf-8")
    try:  # the bytes as the loader will read them (a NUL byte, say, makes a file unreadable)
        new_deck = parse(decode_deck_bytes(payload, path), path, deck.format)
    except DeckError as error:
        raise EditError(
            path, f"the change cannot be written in this deck's format ({error.message})"
        ) from None
    kept = {card.id for card in others}
    fresh = [card for card in new_deck.cards if card.id not in kept]
    unchanged = [card for card in new_deck.cards if card.id in kept]
    wanted = (fields["topic"], fields["question"], fields["answer"])
    if (
        len(fresh) != 1
        or sorted(unchanged, key=lambda c: c.id) != sorted(others, key=lambda c: c.id)
        or (fresh[0].topic, fresh[0].question, fresh[0].answer) != wanted
    ):
        raise EditError(
            path,
            "the change would alter other cards or not read back as written",
            "reword the text (a notes deck cannot hold a line starting with '## ' there)",
        )
    write_atomic(path, payload, expected=_stamp(path, data))
    return SavedCard(new_deck, fresh[0].id, old_id, file_stamp(path))


def _write_error(path: Path, error: OSError) -> EditError:
    reason = (error.strerror or type(error).__name__).lower()
    return EditError(
        path, f"cannot be written ({reason})", "check that the folder exists and that you may write there"
    )


# -- normalising text as the loaders read it ----------------------------------------


def _lines(text: str) -> list[str]:
    """Lines of a text a student typed, without the control characters the loaders drop."""
    from tui.core.formats.safe_text import strip_controls

    return strip_controls(text).split("\n")


def _question(text: str, path: Path) -> str:
    question = "\n".join(_lines(text)).strip()
    if not question:
        raise EditError(path, "a card's question cannot be empty", "write the question")
    return _within_limit("question", question, path)


def _within_limit(what: str, text: str, path: Path) -> str:
    """`text`, unless it is longer than a card may hold (the loader would skip the card): EditError."""
    from tui.core.formats.field_limit import SHORTEN_HINT, too_long_message

    if len(text) > MAX_FIELD_CHARS:
        raise EditError(path, f"the card's {too_long_message(what, text).removeprefix('its ')}", SHORTEN_HINT)
    return text


def _answer(text: str, path: Path) -> str:
    answer = "\n".join(line.rstrip() for line in _lines(text)).strip()
    answer = "\n".join(line.rstrip() for line in answer.split("\n"))
    if not answer.strip():
        raise EditError(path, "a card's answer cannot be empty", "write the answer")
    return _within_limit("answer", answer.strip(), path)


def _topic(text: str, path: Path) -> str:
    topic = " ".join(" ".join(_lines(text)).split())
    if not topic:
        raise EditError(path, "a card's topic cannot be empty", "name the topic")
    return topic


def _one_line(question: str) -> str:
    """A notes question is one paragraph read as one line: its lines joined by a space."""
    return " ".join(line.strip() for line in _lines(question) if line.strip())


def _notes_answer(answer: str) -> str:
    """A notes answer: lines right-stripped, runs of blank lines as one (two would end the card)."""
    out: list[str] = []
    for line in _lines(answer):
        line = line.rstrip() if line.strip() else ""
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


# -- native TOML ------------------------------------------------------------------------


def _multiline(text: str) -> Any:
    """A TOML multi-line string in the deck's style: \"\"\" on its own line, text, \"\"\"."""
    from tomlkit.items import String, StringType, Trivia

    value = text + "\n"
    raw = String.from_raw(value, StringType.MLB).as_string()[3:-3]
    if not raw.startswith("\n"):
        raw = "\n" + raw  # the newline after the opening quotes is trimmed by TOML
    return String(StringType.MLB, value, raw, Trivia())


def _card_table(card: Card, fields: dict[str, str]) -> Any:
    import tomlkit

    table = tomlkit.table()
    table["id"] = card.id
    table["topic"] = fields["topic"]
    table["question"] = fields["question"]
    table["answer"] = _multiline(fields["answer"])
    # The mark scheme, where the Card has one (tui.core.marking).
    points = tuple(getattr(card, "points", ()) or ())
    accept = tuple(getattr(card, "accept", ()) or ())
    need = getattr(card, "need", None)
    if points:
        table["points"] = list(points)
    if need is not None:
        table["need"] = need
    if accept:
        table["accept"] = list(accept)
    tags = tuple(getattr(card, "tags", ()) or ())  # Anki tags of an imported card
    if tags:
        table["tags"] = list(tags)
    return table


def _native_edit(text: str, deck: Deck, card_id: str, fields: dict[str, str], path: Path) -> str:
    """The text with the card's table changed; only its [[cards]] block is parsed when it can be found."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    old = deck.card(card_id)
    lines = _split(text)
    headers = _card_headers(lines, deck)
    if headers is not None:
        index = deck.cards.index(old)
        start = headers[index]
        end = headers[index + 1] if index + 1 < len(headers) else len(lines)
        try:  # a [[cards]] block is a TOML document of its own; tomlkit is slow on a whole large deck
            block = tomlkit.parse("".join(lines[start:end]))
            table = block["cards"][0]
        except (TOMLKitError, KeyError, IndexError, TypeError):
            table = None
        if table is not None and str(table.get("id", "")).strip() == card_id:
            _change_table(table, old, fields)
            new_block = tomlkit.dumps(block)
            if _newline(lines) == "\r\n":  # tomlkit writes new values with \n; keep the file's own breaks
                new_block = re.sub(r"(?<!\r)\n", "\r\n", new_block)
            edited = "".join([*lines[:start], new_block, *lines[end:]])
            return edited if fields["topic"] == old.topic else _with_topic_name(edited, fields["topic"])
    doc = tomlkit.parse(text)
    tables = [table for table in doc.get("cards", []) if str(table.get("id", "")).strip() == card_id]
    if len(tables) != 1:
        raise EditError(path, f"card {card_id!r} was not found in the file", _RELOAD_HINT)
    _change_table(tables[0], old, fields)
    _add_topic_name(doc, fields["topic"])
    return tomlkit.dumps(doc)


def event_date_after_edit(date: str, old_answer: str, new_answer: str) -> str | None:
    """The date a card's match-the-date event takes when its answer is edited, or None to keep it.

    The event follows the answer when the old answer gave the event's date and the new one no longer
    does but gives exactly one other date of the same shape ("In 1924" edited to "In 1925": the event
    "1924" becomes "1925"; a range stays a range). Any other edit leaves the event as it was.
    """
    from tui.core.text import year_spans

    def dates(text: str) -> set[str]:
        return {text[span.begin : span.stop] for span in year_spans(text)}

    new = dates(new_answer)
    if date not in dates(old_answer) or date in new:
        return None
    same_shape = [d for d in new if ("-" in d or "–" in d) == ("-" in date or "–" in date)]
    return same_shape[0] if len(same_shape) == 1 else None


def _change_table(table: Any, old: Card, fields: dict[str, str]) -> None:
    """Set only the fields that changed, so untouched lines (and their comments) stay as they were."""
    if "event_date" in fields and isinstance(table.get("event"), dict):
        table["event"]["date"] = fields["event_date"]
    if fields["question"] != old.question:
        table["question"] = fields["question"]
    if fields["answer"] != old.answer:
        table["answer"] = _multiline(fields["answer"])
    if fields["topic"] != old.topic:
        table["topic"] = fields["topic"]


def _card_headers(lines: list[str], deck: Deck) -> list[int] | None:
    """Line indexes of the [[cards]] headers, when there is one per card (else None: unsure)."""
    headers = [i for i, line in enumerate(lines) if _CARDS_HEADER.match(line)]
    return headers if len(headers) == len(deck.cards) else None


def _add_topic_name(doc: Any, topic: str) -> None:
    """Add a new topic to the deck's `topics` list, when it has one (the loader requires it)."""
    order = doc.get("topics")
    if order is not None and topic not in [str(name).strip() for name in order]:
        order.append(topic)


def _with_topic_name(text: str, topic: str) -> str:
    """The text with `topic` added to the `topics` list; only the part before the first card is parsed."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    lines = _split(text)
    first = next((i for i, line in enumerate(lines) if _CARDS_HEADER.match(line)), len(lines))
    try:
        head = tomlkit.parse("".join(lines[:first]))
    except TOMLKitError:
        head = None
    if head is None or "topics" not in head:
        doc = tomlkit.parse(text)
        _add_topic_name(doc, topic)
        return tomlkit.dumps(doc)
    _add_topic_name(head, topic)
    return "".join([tomlkit.dumps(head), *lines[first:]])


def _native_add(text: str, deck: Deck, fields: dict[str, str], path: Path) -> str:
    import tomlkit

    base = card_id_for(fields["question"])
    card_id, number = base, 1
    while deck.has_card(card_id):
        number += 1
        card_id = f"{base}-{number}"
    if fields["topic"] not in {topic.name for topic in deck.topics}:
        text = _with_topic_name(text, fields["topic"])
    block = tomlkit.dumps({"cards": [_card_table(Card(card_id, "", "", ""), fields)]})
    lines = _split(text)
    after = _native_topic_end(lines, deck, fields["topic"])
    if after is None:  # a new topic: at the end of the file, after its last line of text
        after = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    return _insert(lines, after, ["", *block.rstrip("\n").split("\n")])


def _native_topic_end(lines: list[str], deck: Deck, topic: str) -> int | None:
    """Index of the last line of text of the topic's last card, or None (no such card or unsure)."""
    headers = _card_headers(lines, deck)
    if headers is None:
        return None
    last = max((i for i, card in enumerate(deck.cards) if card.topic == topic), default=None)
    if last is None:
        return None
    end = headers[last + 1] if last + 1 < len(headers) else len(lines)
    end -= 1
    while end > headers[last] and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
        end -= 1  # blank lines and the next section's comments stay with the next card
    return end


# -- plain notes ----------------------------------------------------------------------------

_HEADING_1 = re.compile(r"#[ \t]+\S")
_HEADING_2 = re.compile(r"##[ \t]+\S")


@dataclass
class _NotesCard:
    topic: str
    question: str
    answer: str
    start: int  # index of the question's first line
    end: int  # index of the answer's last line


def _notes_cards(lines: list[str]) -> list[_NotesCard]:
    """Every question paragraph with its answer and line span, read as tui.core.formats.notes reads them."""
    paragraphs: list[list[Any]] = []  # [first index, lines, blanks before]
    blanks = 2
    for index, line in enumerate(lines):
        if not line.strip():
            blanks += 1
            continue
        if blanks or not paragraphs:
            paragraphs.append([index, [], blanks])
        paragraphs[-1][1].append(line.rstrip())
        blanks = 0
    from tui.core.formats import card_fields_as_loaded
    from tui.core.formats.safe_text import strip_controls

    title = None
    if paragraphs and _HEADING_1.match(paragraphs[0][1][0]):
        title = strip_controls(paragraphs[0][1][0][1:]).strip()  # as tui.core.formats.notes reads it
        _drop_heading(paragraphs, 0)
    default = title or "All cards"
    topic = default
    found: list[_NotesCard] = []
    index = 0
    while index < len(paragraphs):
        first, body, _ = paragraphs[index]
        if _HEADING_2.match(body[0]):
            topic = body[0][2:].strip() or default
            _drop_heading(paragraphs, index)
            continue
        parts: list[list[str]] = []
        following = index + 1
        while (
            following < len(paragraphs)
            and paragraphs[following][2] == 1
            and not _HEADING_2.match(paragraphs[following][1][0])
        ):
            parts.append(paragraphs[following][1])
            following += 1
        if parts:
            last_first, last_body, _ = paragraphs[following - 1]
            # the card's texts cleaned as the loader leaves them (zero-width and bidi characters gone),
            # so a card is found by the text the deck holds, not the file's raw bytes
            shown = card_fields_as_loaded(
                topic, " ".join(line.strip() for line in body), "\n\n".join("\n".join(part) for part in parts)
            )
            found.append(_NotesCard(*shown, first, last_first + len(last_body) - 1))
        index = following
    return found


def _drop_heading(paragraphs: list[list[Any]], index: int) -> None:
    paragraph = paragraphs[index]
    if len(paragraph[1]) == 1:
        del paragraphs[index]
        if index < len(paragraphs):
            paragraphs[index][2] = max(paragraphs[index][2], 2)
        return
    paragraph[1].pop(0)
    paragraph[0] += 1
    paragraph[2] = 2


def _notes_span(lines: list[str], deck: Deck, card: Card, path: Path) -> _NotesCard:
    """The lines of `card` in the file: cards are matched to the deck's in order, by content."""
    spans = iter(_notes_cards(lines))
    for wanted in deck.cards:
        for span in spans:
            if (span.topic, span.question, span.answer) == (wanted.topic, wanted.question, wanted.answer):
                if wanted is card:
                    return span
                break
    raise EditError(path, f"card {card.id!r} was not found in the file", _RELOAD_HINT)


def _notes_block(fields: dict[str, str], path: Path) -> list[str]:
    question, answer = fields["question"], fields["answer"].split("\n")
    if _HEADING_1.match(question) or _HEADING_2.match(question):
        raise EditError(
            path, "in a notes deck a question starting with '# ' is read as a heading", "reword it"
        )
    for index, line in enumerate(answer):
        if (index == 0 or not answer[index - 1]) and _HEADING_2.match(line):
            raise EditError(
                path,
                "in a notes deck an answer paragraph starting with '## ' is read as a topic",
                "reword it",
            )
    return [question, "", *answer]


def _notes_edit(text: str, deck: Deck, old: Card, fields: dict[str, str], path: Path) -> str:
    lines = _split(text)
    span = _notes_span(lines, deck, old, path)
    block = _notes_block(fields, path)
    if fields["topic"] == old.topic:
        return _replace(lines, span.start, span.end, block)
    start, end = span.start, span.end
    while start > 0 and not lines[start - 1].strip():
        start -= 1  # the blank lines that separated the card go with it
    while start == 0 and end + 1 < len(lines) and not lines[end + 1].strip():
        end += 1  # the first card: the blank lines after it go instead
    removed = _replace(lines, start, end, [])
    reduced = deck.cards.copy()
    reduced.remove(old)
    return _notes_insert(removed, reduced, fields, path)


def _notes_add(text: str, deck: Deck, fields: dict[str, str], path: Path) -> str:
    return _notes_insert(text, deck.cards, fields, path)


def _notes_insert(text: str, cards: list[Card], fields: dict[str, str], path: Path) -> str:
    """Text with the card after the last card of its topic, or under a new heading at the end."""
    lines = _split(text)
    block = _notes_block(fields, path)
    spans = [span for span in _notes_cards(lines) if span.topic == fields["topic"]]
    if spans and any(card.topic == fields["topic"] for card in cards):
        return _insert(lines, spans[-1].end, ["", "", *block])
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    return _insert(lines, last, ["", "", f"## {fields['topic']}", "", *block])


# -- line splicing that keeps every other byte ---------------------------------------------


def _split(text: str) -> list[str]:
    """Lines with their endings kept ("a\\r\\n"), so joining them gives the text back."""
    return _LINE.findall(text)


def _newline(lines: list[str]) -> str:
    for line in lines:
        match = _ENDING.search(line)
        if match:
            return match.group(1)
    return "\n"


def _replace(lines: list[str], start: int, end: int, new: list[str]) -> str:
    """Lines start..end (inclusive) replaced by `new` (plain text lines), as text."""
    newline = _newline(lines)
    ending = _ENDING.search(lines[end])
    tail = ending.group(1) if ending else ""
    if not new:
        return "".join([*lines[:start], *lines[end + 1 :]])
    rendered = [line + newline for line in new]
    rendered[-1] = new[-1] + tail
    return "".join([*lines[:start], *rendered, *lines[end + 1 :]])


def _insert(lines: list[str], after: int, new: list[str]) -> str:
    """`new` (plain text lines) inserted after line index `after` (-1: at the start), as text."""
    newline = _newline(lines)
    if after < 0:
        return "".join([*(line + newline for line in new), *lines])
    ending = _ENDING.search(lines[after])
    if ending:
        rendered = [line + newline for line in new]
        return "".join([*lines[: after + 1], *rendered, *lines[after + 1 :]])
    # the file's last line had no line break: it gets one, and the new last line goes without
    rendered = [newline + line for line in new]
    return "".join([*lines[: after + 1], *rendered, *lines[after + 1 :]])
