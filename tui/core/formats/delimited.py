"""Anki and Quizlet text exports: one card per record, fields split by a separator.

    #separator:tab
    #html:true
    #deck column:3
    What was the Treaty of Rapallo?<TAB>"A secret deal<br>with Germany"<TAB>History::Soviet

Separators: tab, comma, semicolon, pipe, colon (sniffed over the first
records, quotes understood, as Anki does) or whatever `#separator:` names. The
Anki 2.1.54+ headers are honoured, also when a spreadsheet saved them with
trailing separators (`#separator:Comma,,`); other `#` lines are comments.
Fields may be double-quoted, with newlines, separators and `""` inside. The
first note field is the question, the second the answer; HTML becomes text
(also without `#html:true`), a cloze note (`{{c1::...}}`) one card per number.
Anki deck names `A::B` become topics. Quizlet exports (term, separator,
definition) are the simplest case: without headers, commas or semicolons
after the first separator belong to the definition, and a line without any
separator right after a card continues its definition.

A record that cannot be a card is skipped and listed (`Deck.skipped`); only a
file with no usable card is refused.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.deck import MAX_DECK_BYTES, Deck, DeckError, SkippedRecord, card_id_for, ordinal_id
from tui.core.formats.cloze import cloze_card, cloze_numbers, has_cloze, reveal
from tui.core.formats.collect import CardCollector
from tui.core.formats.html_text import field_text
from tui.core.text import split_lines

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
_SNIFF_RECORDS = 200
_PROSE_SEPARATORS = (",", ";")  # occur inside definitions; tab and pipe separate columns
_SPREADSHEET_TAIL = re.compile(r"[,;\t]+$")


@dataclass
class _Headers:
    separator: str | None = None
    html: bool | None = None
    columns: list[str] | None = None
    deck: str | None = None
    tags: tuple[str, ...] = ()
    special: dict[str, int] = field(default_factory=dict)  # role -> 0-based column
    first_data_line: int = 1  # 1-based line after the header block


@dataclass
class _Record:
    line: int
    fields: list[str]
    end_line: int = 0  # last line of the record (quoted fields may run over several)


def parse(text: str, path: Path) -> Deck:
    """Parse an Anki or Quizlet text export; records that cannot be cards go to `Deck.skipped`.

    Raises DeckError naming path:line when no card can be read at all.
    """

    lines = split_lines(text.removeprefix("\ufeff"))
    headers = _read_headers(lines, path)
    separator = headers.separator or _sniff_separator(lines, headers.first_data_line, path)
    records, skipped = _records(lines, headers.first_data_line, separator, path)
    if headers.columns is not None:
        _roles_from_column_names(headers)
    plain_export = headers.separator is None and headers.columns is None and not headers.special
    if plain_export:
        records = _quizlet_records(records, separator)
        if records and _is_column_names(records[0].fields):  # a spreadsheet's header row
            records = records[1:]
    widths = {len(record.fields) for record in records if any(value.strip() for value in record.fields)}
    # Without headers, a comma or semicolon that splits only some records is inside a definition
    # (Quizlet writes them unquoted); extra columns every record has are further answer lines.
    rejoin = plain_export and separator in _PROSE_SEPARATORS and len(widths) > 1
    extra_lines = plain_export and len(widths) == 1
    question_col, answer_col = _note_columns(headers, records)
    no_answer_hint = (
        f"put the answer after a {_SEPARATOR_WORDS.get(separator, repr(separator))} on the same line"
    )

    cards = CardCollector(path)
    cards.skipped.extend(skipped)
    for record in sorted(records, key=lambda record: record.line):
        if not any(value.strip() for value in record.fields):
            continue
        raw_question = _field(record.fields, question_col)
        answer = field_text(_field(record.fields, answer_col), headers.html)
        if rejoin and len(record.fields) > 2:
            answer = field_text(separator.join(record.fields[1:]), headers.html)
        elif extra_lines and len(record.fields) > 2:
            answer = "\n".join(
                text for value in record.fields[1:] if (text := field_text(value, headers.html))
            )
        deck_name = field_text(_field(record.fields, headers.special.get("deck")), False).strip()
        deck = [part.strip() for part in (deck_name or headers.deck or "").split("::") if part.strip()]
        tags = headers.tags + tuple(
            field_text(_field(record.fields, headers.special.get("tags")), False).split()
        )
        guid = " ".join(field_text(_field(record.fields, headers.special.get("guid")), False).split())
        question = field_text(raw_question, headers.html)
        numbers = cloze_numbers(question) if has_cloze(question) else []
        if numbers:  # a cloze note: one card per number, the answer column is its Back Extra
            base = guid or card_id_for(reveal(question))
            for number in numbers:
                front, back = cloze_card(question, number)
                back = back + ("\n" + answer if answer and back else "")
                hint = f"write the hidden text inside {{{{c{number}::...}}}}"
                cards.add(record.line, front, back, deck, tags, ordinal_id(base, number - 1), hint)
            continue
        card_id = cards.add(record.line, question, answer, deck, tags, guid or None, no_answer_hint)
        note_type = _field(record.fields, headers.special.get("notetype")).casefold()
        if card_id and "reversed" in note_type and "optional" not in note_type:
            # "Basic (and reversed card)": Anki makes a second card asking the other way round.
            hint = "write the answer the reversed card asks about"
            cards.add(record.line, answer, question, deck, tags, ordinal_id(card_id, 1), hint)
    # The deck id is a fingerprint of the cards: a `#deck:` name is shared by many exports.
    return cards.deck("anki")


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
        key, raw_value = match.group(1).strip().lower(), match.group(2)
        if key != "columns":
            raw_value = _without_spreadsheet_tail(raw_value)
        value = raw_value.strip()
        if key == "separator":
            headers.separator = _separator_named(raw_value, path, number)
        elif key == "html":
            headers.html = value.lower() == "true"
        elif key == "deck":
            headers.deck = value
        elif key == "tags":
            headers.tags = tuple(value.split())
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


def _without_spreadsheet_tail(value: str) -> str:
    """A header value without the empty cells a spreadsheet adds (`Comma,,` -> `Comma`), but a
    separator given as the character itself (`,`) stays."""
    stripped = _SPREADSHEET_TAIL.sub("", value)
    return stripped if stripped.strip() else value[:1]


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
    """The separator of the data, judged over the first records with quotes understood.

    Of the separators present, the one that splits the most records into two
    or more fields wins, then the one that splits them most alike, then
    Anki's order of preference (tab, pipe, semicolon, colon, comma).
    """
    data = [line for line in lines[start - 1 :] if line.strip() and not line.startswith("#")]
    if not data:
        raise DeckError(path, "has no cards", "write one card per line: question, separator, answer")
    sample_text = "\n".join(data[: _SNIFF_RECORDS * 2])
    present = [separator for separator in _SNIFF_ORDER if separator in sample_text]
    if not present:
        number = lines.index(data[0]) + 1
        raise DeckError(
            path,
            "cannot tell how question and answer are separated on this line",
            "separate them with a tab, comma, semicolon, pipe or colon, or add a #separator: line at the top",
            line=number,
        )
    best = max(present, key=lambda separator: _split_score(lines, start, separator, path))
    return best


def _split_score(lines: list[str], start: int, separator: str, path: Path) -> tuple[float, float, float, int]:
    """(share split into 2+ fields, share with the usual field count, -share unreadable, preference)."""
    sample, bad = _records(lines, start, separator, path, limit=_SNIFF_RECORDS)
    counts = [len(record.fields) for record in sample if any(value.strip() for value in record.fields)]
    total = len(counts) + len(bad) or 1
    split = sum(count >= 2 for count in counts) / total
    usual = max((counts.count(count) for count in set(counts)), default=0) / total
    return (split, usual, -len(bad) / total, -_SNIFF_ORDER.index(separator))


def splits_into_records(text: str) -> bool:
    """True when some separator splits the first record of `text` and at least half of all
    (quotes understood) into two or more fields: the shape of a delimited export."""

    lines = split_lines(text)
    for separator in _SNIFF_ORDER:
        records, bad = _records(lines, 1, separator, Path("-"), limit=_SNIFF_RECORDS)
        split = [len(record.fields) >= 2 for record in records]
        if split and split[0] and sum(split) * 2 >= len(split) + len(bad):
            return True
    return False


def _records(
    lines: list[str], start: int, separator: str, path: Path, limit: int | None = None
) -> tuple[list[_Record], list[SkippedRecord]]:
    """Records from line `start` on, skipping blank and `#` lines between records, and the
    records whose quoting cannot be read (listed with their line and what to do).

    Quoted fields may run over several lines; the record keeps its first line number.
    """
    csv.field_size_limit(MAX_DECK_BYTES)  # a long field is a long answer, not an error
    records: list[_Record] = []
    skipped: list[SkippedRecord] = []
    begin: int | None = start
    while begin is not None and (limit is None or len(records) < limit):
        state = {"at_start": True, "line": begin - 1, "record_line": begin}

        def feed(first: int = begin, state: dict = state) -> Iterator[str]:
            for number in range(first, len(lines) + 1):
                line = lines[number - 1]
                if state["at_start"] and (not line.strip() or line.startswith("#")):
                    continue
                if state["at_start"]:
                    state["record_line"] = number
                    state["at_start"] = False
                state["line"] = number
                yield line + "\n"

        reader = csv.reader(feed(), delimiter=separator, quotechar='"', doublequote=True, strict=True)
        begin = None
        while limit is None or len(records) < limit:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                skipped.append(_csv_problem(error, path, state["record_line"], state["line"]))
                state["at_start"] = True
                if "unexpected end of data" in str(error):
                    # Read on from the line after the opening quote (this happens at most once or
                    # twice: a later quote in the file would have closed the field instead).
                    begin = state["record_line"] + 1
                    break
                continue
            records.append(_Record(state["record_line"], fields, state["line"]))
            state["at_start"] = True
    return records, skipped


def _csv_problem(error: csv.Error, path: Path, record_line: int, line: int) -> SkippedRecord:
    reason = str(error)
    if "unexpected end of data" in reason:
        return SkippedRecord(
            str(path),
            record_line,
            'a quoted field starts here and never ends — close it with a " '
            '(write "" for a quote inside a field), or remove the quote if it is part of the text',
        )
    if "expected after" in reason and record_line != line:
        return SkippedRecord(
            str(path),
            record_line,
            f"the quoted field that opens here ends on line {line} with text after its closing quote — "
            'if that first " is part of the text, put the whole field in quotes and write it as ""',
        )
    if "expected after" in reason:
        return SkippedRecord(
            str(path),
            line,
            "text follows the closing quote of a field — "
            'write "" for a quote inside a quoted field, or put the whole field in quotes',
        )
    return SkippedRecord(
        str(path), line, f"cannot read this record ({reason}) — check its quotes and separators"
    )


def _is_column_names(fields: list[str]) -> bool:
    """True for a spreadsheet's header row: "Front, Back", "Term; Definition", "Question | Answer"."""
    names = [field.strip().casefold() for field in fields[:2]]
    return len(names) == 2 and names[0] in _QUESTION_NAMES and names[1] in _ANSWER_NAMES


def _quizlet_records(records: list[_Record], separator: str) -> list[_Record]:
    """Quizlet's plain export writes multi-line definitions as they are: a line with no
    separator right after a card continues that card's definition."""
    joined: list[_Record] = []
    for record in records:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and len(record.fields) == 1
            and len(previous.fields) >= 2
            and record.line == previous.end_line + 1
        ):
            previous.fields[-1] += "\n" + record.fields[0]
            previous.end_line = record.end_line
            continue
        joined.append(_Record(record.line, list(record.fields), record.end_line))
    return joined


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
