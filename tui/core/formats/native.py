"""The native deck format: human-editable TOML.

title = "Soviet foreign policy 1917–1945"
id = "soviet-foreign-policy"          # stable: progress is stored under it
topics = ["Early diplomacy", "Recognition"]   # optional: topic order

[[cards]]
id = "rapallo-1922"                    # stable: progress is stored under it
topic = "Early diplomacy"
question = "What was the Treaty of Rapallo 1922?"
answer = \"\"\"
Secret agreements made for German troops to train in the USSR
= gain access to German technology
\"\"\"
event = { date = "1922", label = "Treaty of Rapallo signed with Germany" }
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from tui.core.deck import (
    Card,
    DateEvent,
    Deck,
    DeckError,
    SkippedRecord,
    fingerprint_id,
    first_year,
    mask_years,
    slugify,
    title_from_path,
    topics_in_order,
)
from tui.core.formats.field_limit import MAX_FIELD_CHARS, SHORTEN_HINT, too_long_message
from tui.core.formats.safe_text import strip_controls

_CARDS_HEADER = re.compile(r"^\s*\[\[\s*(?:cards|\"cards\"|'cards')\s*\]\]")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")
_REQUIRED = ("id", "topic", "question", "answer")


def parse(text: str, path: Path) -> Deck:
    """Parse a native TOML deck. Raises DeckError naming path:line for any mistake."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").split("\n")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(error, path, lines) from None
    except RecursionError:
        raise DeckError(path, "is nested too deeply to be a deck", "check the TOML brackets") from None

    title = _text_field(data, "title", path, default=title_from_path(path))
    # the id comes from the title the student sees: an escape sequence goes whole, not just its ESC
    named = strip_controls(given) if isinstance(given := data.get("title"), str) else ""
    deck_id = _text_field(data, "id", path, default=slugify(named) or "-")  # "-": from the cards, below
    order = _topic_order(data, path)

    raw_cards = data.get("cards")
    if raw_cards is None:
        raise DeckError(
            path, "has no cards", "add cards as [[cards]] tables with id, topic, question and answer"
        )
    if not isinstance(raw_cards, list) or not all(isinstance(card, dict) for card in raw_cards):
        raise DeckError(
            path, "`cards` must be a list of [[cards]] tables", "write each card under a [[cards]] line"
        )
    if not raw_cards:
        raise DeckError(
            path, "has no cards", "add cards as [[cards]] tables with id, topic, question and answer"
        )

    card_lines = [number for number, line in enumerate(lines, 1) if _CARDS_HEADER.match(line)]
    cards: list[Card] = []
    events: list[DateEvent] = []
    first_line_of: dict[str, int | None] = {}
    # A card that cannot be read is left out and listed, as in every format: only a file where
    # nothing loads is refused (its first card's error is the one told).
    skipped: list[DeckError] = []
    for index, raw in enumerate(raw_cards):
        line = card_lines[index] if len(card_lines) == len(raw_cards) else None
        try:
            card = _card(raw, index, line, path, order)
            if card.id in first_line_of:
                earlier = first_line_of[card.id]
                where = f" (first at line {earlier})" if earlier else ""
                raise DeckError(
                    path, f"card id {card.id!r} is used twice{where}", "give every card its own id", line=line
                )
            event = _event(raw["event"], card, line, path) if "event" in raw else None
        except DeckError as error:
            skipped.append(error)
            continue
        first_line_of[card.id] = line
        cards.append(card)
        if event is not None:
            events.append(event)
    if not cards:
        raise skipped[0]
    return Deck(
        id=deck_id if deck_id != "-" or "id" in data else fingerprint_id([card.id for card in cards]),
        title=title,
        topics=topics_in_order(cards, order),
        cards=cards,
        events=events,
        format="native",
        source=path,
        skipped=tuple(
            SkippedRecord(
                error.path, error.line, f"{error.message} — {error.hint}" if error.hint else error.message
            )
            for error in skipped
        ),
    )


def _toml_error(error: tomllib.TOMLDecodeError, path: Path, lines: list[str]) -> DeckError:
    message = str(error)
    position = _TOML_POSITION.search(message)
    if position:
        message = message[: position.start()]
        line, column = int(position.group(1)), int(position.group(2))
    else:
        message = _TOML_END.sub("", message)
        line, column = len(lines), None
    message = message[:1].lower() + message[1:]
    return DeckError(
        path,
        f"is not valid TOML: {message}",
        "fix the TOML there (text goes in quotes; answers over several lines in triple quotes)",
        line=line,
        column=column,
    )


def _text_field(data: dict[str, Any], key: str, path: Path, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise DeckError(path, f"the deck's `{key}` must be non-empty text", f'write {key} = "..." at the top')
    return value.strip()


def _topic_order(data: dict[str, Any], path: Path) -> list[str] | None:
    order = data.get("topics")
    if order is None:
        return None
    if not isinstance(order, list) or not all(isinstance(name, str) and name.strip() for name in order):
        raise DeckError(
            path, "`topics` must be a list of topic names", 'write topics = ["First topic", "Second topic"]'
        )
    return [name.strip() for name in order]


def _card(raw: dict[str, Any], index: int, line: int | None, path: Path, order: list[str] | None) -> Card:
    which = f"card {index + 1}"
    for key in _REQUIRED:
        value = raw.get(key)
        if value is None:
            hint = f'add {key} = "..." to it' if key != "answer" else 'add answer = """...""" to it'
            raise DeckError(path, f"{which} has no `{key}`", hint, line=line)
        if not isinstance(value, str):
            raise DeckError(path, f"{which}: `{key}` must be text", f"put the {key} in quotes", line=line)
    for key in _REQUIRED:
        if len(raw[key]) > MAX_FIELD_CHARS and len(raw[key].strip()) > MAX_FIELD_CHARS:
            # the text as the card holds it: a multi-line string's own line breaks do not count
            raise DeckError(path, f"{which}: {too_long_message(key, raw[key])}", SHORTEN_HINT, line=line)
    fields = {key: raw[key].strip("\n").strip() for key in ("id", "topic", "question")}
    answer = "\n".join(part.rstrip() for part in raw["answer"].strip().split("\n"))
    for key, value in fields.items():
        if not value:
            raise DeckError(path, f"{which}: `{key}` is empty", f"give the card a {key}", line=line)
    if not answer:
        raise DeckError(path, f"card {fields['id']!r} has an empty answer", "write its answer", line=line)
    if order is not None and fields["topic"] not in order:
        raise DeckError(
            path,
            f"card {fields['id']!r} has topic {fields['topic']!r}, which is not in `topics`",
            "add the topic to the `topics` list or correct its spelling",
            line=line,
        )
    points = _text_list(raw, "points", fields["id"], line, path)
    accept = _text_list(raw, "accept", fields["id"], line, path)
    tags = _text_list(raw, "tags", fields["id"], line, path)  # kept from an imported deck's copy
    need = raw.get("need")
    if need is not None:
        available = len(points) if points else None
        if isinstance(need, bool) or not isinstance(need, int) or need < 1:
            raise DeckError(
                path,
                f"card {fields['id']!r}: `need` must be a whole number of points, 1 or more",
                "write need = 2 (points needed for full marks) or leave it out for all of them",
                line=line,
            )
        if available is not None and need > available:
            raise DeckError(
                path,
                f"card {fields['id']!r}: `need` is {need} but the card has only {available} points",
                f"lower need to {available} or add points",
                line=line,
            )
    return Card(
        id=fields["id"],
        topic=fields["topic"],
        question=fields["question"],
        answer=answer,
        points=points,
        need=need,
        accept=accept,
        tags=tags,
    )


def _text_list(raw: dict[str, Any], key: str, card_id: str, line: int | None, path: Path) -> tuple[str, ...]:
    """An optional list of non-empty texts (`points`, `accept`, `tags`), or ()."""
    value = raw.get(key)
    if value is None:
        return ()
    example = {
        "points": 'points = ["First point / another way to say it", "Second point"]',
        "tags": 'tags = ["rapallo", "1922"]',
    }.get(key, 'accept = ["another whole answer that is right"]')
    if not isinstance(value, list) or not value:
        raise DeckError(
            path, f"card {card_id!r}: `{key}` must be a list of texts", f"write {example}", line=line
        )
    texts = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise DeckError(
                path,
                f"card {card_id!r}: every entry of `{key}` must be non-empty text",
                f"write {example}",
                line=line,
            )
        if len(item) > MAX_FIELD_CHARS:
            what = {"points": "mark point", "tags": "tag"}.get(key, "accepted answer")
            raise DeckError(
                path, f"card {card_id!r}: {too_long_message(what, item)}", SHORTEN_HINT, line=line
            )
        texts.append(" ".join(item.split()))
    return tuple(texts)


def _event(raw: Any, card: Card, line: int | None, path: Path) -> DateEvent:
    hint = 'write event = { date = "1922", label = "What happened" }'
    if not isinstance(raw, dict):
        raise DeckError(path, f"card {card.id!r}: `event` must be a table", hint, line=line)
    date, label = raw.get("date"), raw.get("label")
    if isinstance(date, int) and not isinstance(date, bool):
        date = str(date)
    if not isinstance(date, str) or not isinstance(label, str) or not label.strip():
        raise DeckError(path, f"card {card.id!r}: the event needs a text `date` and `label`", hint, line=line)
    for what, text in (("event date", date), ("event label", label)):
        if len(text) > MAX_FIELD_CHARS:
            raise DeckError(
                path, f"card {card.id!r}: {too_long_message(what, text)}", SHORTEN_HINT, line=line
            )
    year = first_year(date)
    if year is None:
        raise DeckError(
            path, f"card {card.id!r}: event date {date!r} has no four-digit year", hint, line=line
        )
    date = date.strip()
    return DateEvent(date=date, sort_key=year, label=mask_years(label.strip(), date), card_id=card.id)
