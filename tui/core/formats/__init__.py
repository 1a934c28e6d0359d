"""One module per deck format; `load` reads a file safely and detects which one it is in.

Formats: `native` (TOML, the shipped deck), `notes` (plain revision notes),
`anki` (Anki or Quizlet text exports) and `apkg` (Anki packages, detected by
extension or zip/SQLite magic). Anything wrong with the file becomes a
DeckError that says where and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tui.core.deck import MAX_DECK_BYTES, Card, Deck, DeckError, Topic
from tui.core.text import split_lines

FORMAT_NAMES = ("native", "notes", "anki", "apkg")
_MODULES = {"native": "native", "notes": "notes", "anki": "delimited"}
_ALIASES = {
    "toml": "native",
    "quizlet": "anki",
    "csv": "anki",
    "tsv": "anki",
    "delimited": "anki",
    "colpkg": "apkg",
    "package": "apkg",
}
FORMAT_HINT = (
    "decks can be native TOML (.toml), plain notes (.txt, .md), Anki/Quizlet text "
    "exports (.txt, .csv, .tsv) or Anki packages (.apkg, .colpkg); "
    "name the format with --format native|notes|anki|apkg"
)
_NATIVE_SUFFIXES = {".toml"}
_DELIMITED_SUFFIXES = {".csv", ".tsv"}
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
_PACKAGE_SUFFIXES = {".apkg", ".colpkg", ".anki2", ".anki21"}
_ZIP_MAGIC = b"PK\x03\x04"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ANKI_HEADER = re.compile(
    r"^#(separator|html|tags|columns|deck|notetype|deck column|tags column|guid column|notetype column):",
    re.IGNORECASE,
)


def load_deck(
    path: Path | str, format: str | None = None, *, cached: bool = True, read_later: bool = False
) -> Deck:
    """Load a deck file, detecting its format unless `format` is given.

    With `cached`, a parse kept from an earlier start of the same file (same size and
    mtime, same loader) is used instead of parsing again (`tui.core.formats.cache`); with
    `read_later` too, a kept parse's cards are decoded on first use (`DeckOutline`: the app's
    start draws home first), and a DeckError can then come from that first use.
    No garbage-collection pass runs while loading: a deck's objects all live on.
    Raises DeckError (and nothing else) for any file that cannot be opened.
    """
    import gc

    from tui.core.formats import cache

    path = Path(path)
    collecting = gc.isenabled()
    gc.disable()  # 10,000s of new objects and no garbage: a pass would only walk them (issue 18)
    try:
        parse = (lambda: load(path, format)) if read_later else None
        deck = cache.read_cached(path, format, read_later=parse) if cached else None
        if deck is None:
            deck = load(path, format)
            if cached:
                cache.write_cached(path, format, deck)
        return deck
    finally:
        if collecting:
            gc.enable()


def load(path: Path | str, format: str | None = None) -> Deck:
    """Load the deck at `path`; `format` ("native", "notes", "anki") skips detection.

    Raises DeckError, and nothing else, for any file that cannot be opened.
    """
    path = Path(path)
    chosen = _format_name(path, format)
    if chosen in (None, "anki", "apkg") and _is_package(path, chosen):
        from tui.core.formats.apkg import load_package

        return control_free(load_package(path))
    text = read_deck_text(path)
    chosen = chosen or detect_format(path, text)
    return parse(text, path, chosen)


def parse(text: str, path: Path | str, format: str) -> Deck:
    """Parse deck text already read from `path` in the named format."""
    from importlib import import_module

    module = import_module(f"tui.core.formats.{_MODULES[format]}")
    return control_free(module.parse(text, Path(path)))


def control_free(deck: Deck) -> Deck:
    """The deck with control characters and escape sequences removed from every text a
    student sees (title, topics, cards with their mark points, accepted answers and tags,
    event labels and dates), as `safe_text.strip_controls` leaves them; ids are left as the format made them.

    A card with a text over `field_limit.MAX_FIELD_CHARS` (a topic or mark point the format did
    not check) is left out and listed in `skipped`, as the loaders do; a title that long is refused.
    Raises DeckError when no card is left.
    """
    from msgspec.structs import replace

    from tui.core.deck import SkippedRecord, topics_in_order
    from tui.core.formats.field_limit import MAX_FIELD_CHARS, too_long
    from tui.core.formats.safe_text import strip_controls

    safe, question_text, answer_text = _shown_line, _shown_question, _shown_answer

    def texts(values: tuple[str, ...]) -> tuple[str, ...]:
        if all(map(str.isprintable, values)):
            return values
        return tuple(text for value in values if (text := " ".join(strip_controls(value).split())))

    where = deck.source or "deck"
    if len(deck.title) > MAX_FIELD_CHARS:
        raise DeckError(
            where, f"its title is {len(deck.title):,} characters long, over {MAX_FIELD_CHARS:,}", "shorten it"
        )
    deck.title = safe(deck.title)
    cards = []
    skipped = list(deck.skipped)
    for card in deck.cards:
        extras = card.points or card.accept or card.tags
        if (
            len(card.answer) > MAX_FIELD_CHARS
            or len(card.question) > MAX_FIELD_CHARS
            or len(card.topic) > MAX_FIELD_CHARS
            or len(card.id) > MAX_FIELD_CHARS  # an Anki guid column, say
            or extras
        ) and (reason := _too_long_part(card, too_long)):
            skipped.append(SkippedRecord(str(where), None, f"card {card.id[:80]!r}: {reason}"))
            continue
        topic, question, answer = safe(card.topic), question_text(card.question), answer_text(card.answer)
        if not (topic and question and answer):
            empty = "topic" if not topic else "question" if not question else "answer"
            reason = f"its {empty} is only control characters — write its {empty}"
            skipped.append(SkippedRecord(str(where), None, f"card {card.id[:80]!r}: {reason}"))
            continue
        if extras:
            card = replace(card, points=texts(card.points), accept=texts(card.accept), tags=texts(card.tags))
        cards.append(replace(card, topic=topic, question=question, answer=answer))
    if not cards:
        first = skipped[0]
        raise DeckError(where, f"has no card that can be used: {first.reason}", line=first.line)
    if len(cards) < len(deck.cards):
        kept = {card.id for card in cards}
        deck.topics = topics_in_order(cards, [safe(topic.name) for topic in deck.topics])
        deck.events = [event for event in deck.events if event.card_id in kept]
        deck.skipped = tuple(skipped)
    deck.cards = cards
    deck.topics = [Topic(safe(topic.name), topic.card_ids) for topic in deck.topics]
    deck.events = [replace(event, label=safe(event.label), date=safe(event.date)) for event in deck.events]
    deck.__post_init__()
    return deck


# Cleaning may leave white space at an end (or between lines) that the loaders trim: trim it
# as they do, so that an exported copy reads back the same.
def _shown_line(text: str) -> str:
    from tui.core.formats.safe_text import strip_controls

    if text.isprintable():
        return text
    return strip_controls(text).replace("\n", " ").replace("\t", " ").strip()


def _shown_question(text: str) -> str:
    from tui.core.formats.safe_text import strip_controls

    return text if text.isprintable() else strip_controls(text).strip()


def _shown_answer(text: str) -> str:
    from tui.core.formats.safe_text import strip_controls

    if text.isprintable():
        return text
    cleaned = strip_controls(text)
    return cleaned if cleaned == text else "\n".join(line.rstrip() for line in cleaned.strip().split("\n"))


def card_fields_as_loaded(topic: str, question: str, answer: str) -> tuple[str, str, str]:
    """(topic, question, answer) as `control_free` leaves a card's texts read from a file.

    For code that finds a card in its file's raw text (the card editor, `tui.core.editing`):
    it compares the file's fields cleaned this way with the loaded card's, so a zero-width
    space, a bidi control or an emoji joiner in the file never hides the card.
    """
    return _shown_line(topic), _shown_question(question), _shown_answer(answer)


def _too_long_part(card: Card, too_long: Callable[[str, str], str | None]) -> str | None:
    """Why `card` is too big to keep (its first text over the limit), or None."""
    texts = (("id", card.id), ("topic", card.topic), ("question", card.question), ("answer", card.answer))
    for what, text in texts:
        if reason := too_long(what, text):
            return reason
    for what, values in (("mark point", card.points), ("accepted answer", card.accept), ("tag", card.tags)):
        for text in values:
            if reason := too_long(what, text):
                return reason
    return None


def _is_package(path: Path, chosen: str | None) -> bool:
    """An Anki package or collection: by its extension, or a zip/SQLite file given as `anki`."""
    if chosen == "apkg" or (chosen is None and path.suffix.lower() in _PACKAGE_SUFFIXES):
        check_deck_path(path)
        return True
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False  # read_deck_text reports it
    return head.startswith(_ZIP_MAGIC) or head == _SQLITE_MAGIC


def _format_name(path: Path, format: str | None) -> str | None:
    if format is None:
        return None
    name = _ALIASES.get(format.lower(), format.lower())
    if name not in FORMAT_NAMES:
        raise DeckError(path, f"unknown deck format {format!r}", "use --format native, notes, anki or apkg")
    return name


def check_deck_path(path: Path) -> None:
    """Refuse a missing path, a folder or a special file (FIFO, device) with a clear DeckError."""
    try:
        if not path.exists() and path.is_symlink():
            raise _broken_link(path)
        if not path.exists():
            raise DeckError(
                path,
                "no such file",
                "check the spelling of the path (a relative path starts from the current folder)",
            )
        if path.is_dir():
            raise DeckError(path, "is a folder, not a deck file", "give the path of a deck file inside it")
        if not path.is_file():
            raise DeckError(path, "is not a regular file", "give the path of a deck file")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DeckError(
            path, f"cannot be read ({reason.lower()})", "check that the file exists and that you may read it"
        ) from None


def _broken_link(path: Path) -> DeckError:
    """A symbolic link that leads to no file: to itself (a loop) or to a missing target."""
    import errno
    import os

    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return DeckError(
                path,
                "is a symbolic link that loops back on itself",
                "point the link at a deck file, or give the deck file's own path",
            )
    return DeckError(
        path,
        f"is a symbolic link to {os.readlink(path)}, which does not exist",
        "point the link at a deck file, or give the deck file's own path",
    )


def read_deck_text(path: Path) -> str:
    """The text of a deck file, checked: exists, is a file, at most MAX_DECK_BYTES (20 MB), UTF-8 text."""
    from tui.core.formats.field_limit import megabytes

    check_deck_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DECK_BYTES:
            raise DeckError(
                path,
                f"is {megabytes(size)} ({size:,} bytes); decks over {megabytes(MAX_DECK_BYTES)}"
                f" ({MAX_DECK_BYTES:,} bytes) are refused",
                "split it into smaller decks",
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_DECK_BYTES + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DeckError(
            path, f"cannot be read ({reason.lower()})", "check that the file exists and that you may read it"
        ) from None
    if len(data) > MAX_DECK_BYTES:
        raise DeckError(
            path,
            f"is over {megabytes(MAX_DECK_BYTES)}; decks that large are refused",
            "split it into smaller decks",
        )
    return decode_deck_bytes(data, path)


def decode_deck_bytes(data: bytes, path: Path | str) -> str:
    """Decode a deck's bytes as UTF-8 (a BOM is fine), refusing binary, other encodings and empty files."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeckError(
            path,
            "is saved as UTF-16",
            "save it as UTF-8 (most editors offer this under 'Save as' or 'Encoding')",
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise DeckError(
            path,
            "looks like a binary file, not a text deck",
            "give a .toml, notes or Anki/Quizlet text file",
            line=line,
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        byte = data[error.start]
        raise DeckError(
            path,
            f"is not UTF-8 text (byte 0x{byte:02X})",
            "save it as UTF-8 (most editors offer this under 'Save as' or 'Encoding')",
            line=line,
            column=column,
        ) from None
    if not text.strip():
        raise DeckError(path, "is empty", "a deck needs at least one question and its answer")
    return text


def detect_format(path: Path, text: str) -> str:
    """Which format a file is in, from its extension and then its content."""
    suffix = path.suffix.lower()
    if suffix in _NATIVE_SUFFIXES:
        return "native"
    if suffix in _DELIMITED_SUFFIXES:
        return "anki"
    if suffix in _TEXT_SUFFIXES:
        detected = detect_text_format(text)
        if detected:
            return detected
        raise DeckError(path, "is neither plain notes nor an Anki/Quizlet export", FORMAT_HINT)
    raise DeckError(path, f"has an unknown deck format ({suffix})", FORMAT_HINT)


def detect_text_format(text: str) -> str | None:
    """`notes`, `anki` or None for a .txt/.md file, judged from its lines."""
    lines = split_lines(text)
    if any(_ANKI_HEADER.match(line) for line in lines):
        return "anki"
    data = [line for line in lines if line.strip() and not line.startswith("#")]
    if not data:
        return None
    tabbed = sum("\t" in line for line in data)
    if tabbed * 2 > len(data):
        return "anki"
    if _has_paragraphs(lines):
        return "notes"
    from tui.core.formats.delimited import splits_into_records

    if splits_into_records("\n".join(lines)):  # quotes understood: a quoted field may span lines
        return "anki"
    return None


def _has_paragraphs(lines: list[str]) -> bool:
    """True when some blank line sits between two lines of text (question, blank, answer)."""
    seen_text = blank_after_text = False
    for line in lines:
        if line.strip():
            if blank_after_text:
                return True
            seen_text = True
        elif seen_text:
            blank_after_text = True
    return False
