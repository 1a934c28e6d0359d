"""Anki and Quizlet text exports: one card per record, fields split by a separator.

    #separator:tab
    #html:true
    #deck column:3
    What was the Treaty of Rapallo?<TAB>"A secret deal<br>with Germany"<TAB>History::Soviet

Separators: tab, comma, semicolon, pipe, colon (sniffed from the first data
line) or whatever `#separator:` names. The Anki 2.1.54+ headers are honoured;
other `#` lines are comments. Fields may be double-quoted, with newlines,
separators and `""` inside. The first note field is the question, the second
the answer. Anki deck names `A::B` become topics. Quizlet exports (term TAB
definition per line) are the simplest case.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.deck import (
    Card,
    Deck,
    DeckError,
    card_id_for,
    derive_event,
    slugify,
    title_from_path,
    topics_in_order,
)

_SEPARATOR_NAMES = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":", "space": " "}
_SEPARATOR_WORDS = {sep: name for name, sep in _SEPARATOR_NAMES.items()}
# Anki's own order of preference when guessing from a line.
_SNIFF_ORDER = ("\t", "|", ";", ":", ",")
_HEADER = re.compile(r"^#([a-z ]+):(.*)$", re.IGNORECASE)
_COLUMN_HEADERS = {
    "deck column": "deck",
    "tags column": "tags",
    "guid column": "guid",
    "notetype column": "notetype",
}
_QUESTION_NAMES = {"front", "question", "term", "text", "word"}
_ANSWER_NAMES = {"back", "answer", "definition", "meaning", "extra"}
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:div|p|li)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_DECK_JOIN = " / "
_SNIFF_RECORDS = 20


@dataclass
class _Headers:
    separator: str | None = None
    html: bool | None = None
    columns: list[str] | None = None
    deck: str | None = None
    special: dict[str, int] = field(default_factory=dict)  # role -> 0-based column
    first_data_line: int = 1  # 1-based line after the header block


@dataclass
class _Record:
    line: int
    fields: list[str]


def parse(text: str, path: Path) -> Deck:
    """Parse an Anki or Quizlet text export. Raises DeckError naming path:line for any mistake."""
    from tui.core.formats import split_lines

    lines = split_lines(text.removeprefix("\ufeff"))
    headers = _read_headers(lines, path)
    separator = headers.separator or _sniff_separator(lines, headers.first_data_line, path)
    records = _records(lines, headers.first_data_line, separator, path)
    if headers.columns is not None:
        _roles_from_column_names(headers)
    question_col, answer_col = _note_columns(headers, records)

    notes: list[tuple[str, str, str]] = []  # (id, question, answer) in file order
    decks: list[list[str]] = []
    seen: dict[str, int] = {}
    for record in records:
        fields = [_clean(value, headers.html) for value in record.fields]
        if not any(fields):
            continue
        question = " ".join(_field(fields, question_col).split())
        answer = _field(fields, answer_col)
        if not question:
            raise DeckError(
                path, "this card has no question", "write its question before the answer", line=record.line
            )
        if not answer:
            raise DeckError(
                path,
                "this card has no answer",
                f"put the answer after a {_SEPARATOR_WORDS.get(separator, repr(separator))} on the same line",
                line=record.line,
            )
        guid = _field(fields, headers.special.get("guid")).strip()
        card_id = guid or card_id_for(question)
        if card_id in seen:
            what = "card id" if guid else "question"
            raise DeckError(
                path,
                f"this {what} already appears at line {seen[card_id]}",
                "merge the two cards or reword one question",
                line=record.line,
            )
        seen[card_id] = record.line
        deck_name = _field(fields, headers.special.get("deck")).strip() or headers.deck or ""
        decks.append([part.strip() for part in deck_name.split("::") if part.strip()])
        notes.append((card_id, question, answer))

    if not notes:
        raise DeckError(path, "has no cards", "write one card per line: question, separator, answer")
    title, topic_names = _title_and_topics(decks, path)
    cards = [
        Card(card_id, topic, question, answer)
        for (card_id, question, answer), topic in zip(notes, topic_names)
    ]
    events = [event for card in cards if (event := derive_event(card))]
    return Deck(
        id=slugify(path.stem) or "deck",
        title=title,
        topics=topics_in_order(cards),
        cards=cards,
        events=events,
        format="anki",
        source=path,
    )


def _read_headers(lines: list[str], path: Path) -> _Headers:
    """The `#key:value` header block at the top; other `#` lines there are comments."""
    headers = _Headers()
    columns_text: str | None = None
    number = 0
    for number, line in enumerate(lines, 1):
        if line.strip() and not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1).strip().lower(), match.group(2).strip()
        if key == "separator":
            headers.separator = _separator_named(match.group(2), path, number)
        elif key == "html":
            headers.html = value.lower() == "true"
        elif key == "deck":
            headers.deck = value
        elif key == "columns":
            columns_text = match.group(2)
        elif key in _COLUMN_HEADERS:
            if not (value.isascii() and value.isdigit()) or int(value) < 1:
                raise DeckError(
                    path, f"#{key} must be a column number (1 is the first)", f"write #{key}:3", line=number
                )
            headers.special[_COLUMN_HEADERS[key]] = int(value) - 1
    else:
        number = len(lines) + 1
    headers.first_data_line = number
    if columns_text is not None:
        headers.separator = headers.separator or _sniff_line(columns_text) or "\t"
        headers.columns = [name.strip() for name in columns_text.split(headers.separator)]
    return headers


def _separator_named(value: str, path: Path, line: int) -> str:
    """`#separator:` by name (Tab, Comma, ...) or as the character itself (a tab, a space, /)."""
    if len(value) == 1 and value != '"':
        return value
    named = _SEPARATOR_NAMES.get(value.strip().lower())
    if named:
        return named
    raise DeckError(
        path,
        f"unknown separator {value!r}",
        "use #separator: with Tab, Comma, Semicolon, Pipe, Colon, Space or a single character",
        line=line,
    )


def _sniff_line(line: str) -> str | None:
    """Anki's guess from one line: the first separator in its preference order that appears."""
    for separator in _SNIFF_ORDER:
        if separator in line:
            return separator
    return None


def _sniff_separator(lines: list[str], start: int, path: Path) -> str:
    """The separator of the data: the preferred one that splits the first records into
    the same number (at least two) of fields; else the first one the first data line has."""
    first = next((line for line in lines[start - 1 :] if line.strip() and not line.startswith("#")), None)
    if first is None:
        raise DeckError(path, "has no cards", "write one card per line: question, separator, answer")
    present = [separator for separator in _SNIFF_ORDER if separator in first]
    if not present:
        number = lines.index(first) + 1 if first in lines else start
        raise DeckError(
            path,
            "cannot tell how question and answer are separated on this line",
            "separate them with a tab, comma, semicolon, pipe or colon, or add a #separator: line at the top",
            line=number,
        )
    for separator in present:
        try:
            sample = _records(lines, start, separator, path, limit=_SNIFF_RECORDS)
        except DeckError:
            continue
        counts = {len(record.fields) for record in sample if any(value.strip() for value in record.fields)}
        if len(counts) == 1 and counts.pop() >= 2:
            return separator
    return present[0]


def _records(
    lines: list[str], start: int, separator: str, path: Path, limit: int | None = None
) -> list[_Record]:
    """Records from line `start` on, skipping blank and `#` lines between records.

    Quoted fields may run over several lines; the record keeps its first line number.
    """
    state = {"at_start": True, "line": start - 1, "record_line": start}

    def feed() -> Iterator[str]:
        for number in range(start, len(lines) + 1):
            line = lines[number - 1]
            if state["at_start"] and (not line.strip() or line.startswith("#")):
                continue
            if state["at_start"]:
                state["record_line"] = number
                state["at_start"] = False
            state["line"] = number
            yield line + "\n"

    reader = csv.reader(feed(), delimiter=separator, quotechar='"', doublequote=True, strict=True)
    records: list[_Record] = []
    while limit is None or len(records) < limit:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise _csv_error(error, path, state["record_line"], state["line"]) from None
        records.append(_Record(state["record_line"], fields))
        state["at_start"] = True
    return records


def _csv_error(error: csv.Error, path: Path, record_line: int, line: int) -> DeckError:
    reason = str(error)
    if "unexpected end of data" in reason:
        return DeckError(
            path,
            "a quoted field starts here and never ends",
            'close it with a " (write "" for a quote inside a field)',
            line=record_line,
        )
    if "expected after" in reason:
        return DeckError(
            path,
            "text follows the closing quote of a field",
            'write "" for a quote inside a quoted field, or end the field at the quote',
            line=line,
        )
    if "field larger than field limit" in reason:
        return DeckError(
            path,
            "a field here is too long to be a card",
            "check for a missing closing quote",
            line=record_line,
        )
    return DeckError(
        path, f"cannot read this record ({reason})", "check its quotes and separators", line=line
    )


def _roles_from_column_names(headers: _Headers) -> None:
    """`#columns:` names can mark the deck, tags, guid and notetype columns too."""
    for index, name in enumerate(headers.columns or []):
        role = name.strip().lower()
        if role in ("deck", "tags", "guid", "notetype") and role not in headers.special:
            headers.special[role] = index


def _note_columns(headers: _Headers, records: list[_Record]) -> tuple[int | None, int | None]:
    """Which columns hold the question and the answer."""
    special = set(headers.special.values())
    names = [name.strip().lower() for name in headers.columns or []]
    question = next((i for i, name in enumerate(names) if name in _QUESTION_NAMES and i not in special), None)
    answer = next((i for i, name in enumerate(names) if name in _ANSWER_NAMES and i not in special), None)
    width = max([len(record.fields) for record in records] + [len(names), 2])
    note_fields = [
        index for index in range(width) if index not in special and index not in (question, answer)
    ]
    if question is None:
        question = note_fields.pop(0) if note_fields else None
    if answer is None:
        answer = next((index for index in note_fields if index != question), None)
    return question, answer


def _field(fields: list[str], index: int | None) -> str:
    if index is None or index >= len(fields):
        return ""
    return fields[index]


def _clean(value: str, is_html: bool | None) -> str:
    """A field as plain text: HTML line breaks become newlines (all tags go when #html:true)."""
    if is_html is not False:
        value = _BR.sub("\n", value)
    if is_html:
        value = _BLOCK_END.sub("\n", value)
        value = html.unescape(_TAG.sub("", value)).replace("\xa0", " ")
    lines = [line.rstrip() for line in value.strip().split("\n")]
    return "\n".join(lines).strip()


def _title_and_topics(decks: list[list[str]], path: Path) -> tuple[str, list[str]]:
    """Deck title and each card's topic from Anki deck paths ("History::Soviet::War").

    The path parts every card shares make the title (all of it when there is
    one deck); the rest names the topic. Cards without a deck share one topic.
    """
    named = [parts for parts in decks if parts]
    prefix: list[str] = []
    if named:
        shortest = min(len(parts) for parts in named)
        for depth in range(shortest - 1):
            if all(parts[depth] == named[0][depth] for parts in named):
                prefix.append(named[0][depth])
            else:
                break
        if len(named) < len(decks):
            prefix = []
    if named and len(named) == len(decks) and all(parts == named[0] for parts in named):
        title = _DECK_JOIN.join(named[0])  # one deck: it names the whole file
    else:
        title = _DECK_JOIN.join(prefix) if prefix else title_from_path(path)
    topics = [_DECK_JOIN.join(parts[len(prefix) :]) if parts else "All cards" for parts in decks]
    return title, topics
