"""A cache of parsed decks, so a big deck opens on its second start without being parsed again.

One JSON file per deck path in the user cache folder ($REVISE_CACHE_DIR, else
platformdirs' user_cache_dir("revise")/decks), keyed by the deck file's resolved
path, size, mtime_ns and inode, the format asked for, and the loader's version (this
module's CACHE_FORMAT plus the size and mtime of every loader source file, so an
edited parser never reads an old parse). A cache that is missing, stale, damaged
or of the wrong shape is ignored and rebuilt, never trusted: msgspec checks every
field's type as it decodes, and the texts must be as the control-character cleaning
of a fresh parse leaves them. Writing the cache is best effort (a read-only folder just means no
cache). Issue 18: parsing a 50,000-card TOML deck took 2.47 s at every start.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import zlib
from collections.abc import Callable
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgspec

from tui.core.deck import Card, DateEvent, Deck, DeckOutline, SkippedRecord, Topic

CACHE_FORMAT = 4  # 2: msgspec, cards as objects; 3: warnings; 4: CRC line, outline line, then cards
_LOADER_FILES = ("deck.py", "text.py", "formats")


class _Invalid(Exception):
    """The cache file is not what this version writes."""


def cache_dir() -> Path:
    """Where parsed decks are kept: $REVISE_CACHE_DIR, else the user cache folder's `decks`."""
    env = os.environ.get("REVISE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("revise", appauthor=False)) / "decks"


def loader_version() -> str:
    """CACHE_FORMAT and the size and mtime (ns) of every loader source file, hashed."""
    core = Path(__file__).resolve().parents[1]
    parts = [str(CACHE_FORMAT)]
    for name in _LOADER_FILES:
        path = core / name
        files = sorted(path.glob("*.py")) if path.is_dir() else [path]
        for file in files:
            stat = file.stat()
            parts.append(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def cache_key(path: Path, format: str | None) -> list[Any] | None:
    """[resolved path, size, mtime_ns, inode, format, loader version]; None if it cannot be stat'ed.

    The inode too: an editor that saves by replacing the file makes a new one, so two saves of
    the same size within the clock's tick are still told apart.
    """
    try:
        resolved = path.resolve()
        stat = resolved.stat()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11); the loader says so
        return None
    return [str(resolved), stat.st_size, stat.st_mtime_ns, stat.st_ino, format or "", loader_version()]


def _cache_file(key: list[Any]) -> Path:
    return cache_dir() / (hashlib.sha256(f"{key[0]}\0{key[4]}".encode()).hexdigest()[:32] + ".json")


class _Outline(msgspec.Struct):
    """What home's first frame needs of a deck: the cache file's first line (`DeckOutline`)."""

    id: str
    title: str
    format: str
    topics: list[Topic]
    card_ids: list[str]
    event_count: int
    skipped: list[SkippedRecord]
    warnings: list[SkippedRecord]


class _Entry(msgspec.Struct):
    key: list[str | int]
    deck: _Outline


class _Rest(msgspec.Struct):
    """The rest of the cache file, after the outline's line: the parse's own Card and DateEvent objects."""

    cards: list[Card]
    events: list[DateEvent]


@functools.cache
def _decoders() -> tuple[Any, Any]:
    # msgspec builds the cards and checks every field's type in C: no per-card Python (issue 18).
    return msgspec.json.Decoder(_Entry), msgspec.json.Decoder(_Rest)


def read_cached(
    path: Path, format: str | None, *, read_later: Callable[[], Deck] | None = None
) -> Deck | None:
    """The deck as parsed before, if a cache entry for exactly this file and loader exists and is sound.

    The file is a line of two CRC-32s, then two JSON lines: the outline (key, title, topics, card ids
    in order) and the rest (cards, dated events), each checked against its CRC before it is decoded
    (a byte changed on the disk that leaves valid JSON is caught so). With `read_later` (the deck's parse: `formats.load`) the rest is decoded
    and checked on the deck's first use of a card (`DeckOutline`), so a big deck's start decodes the
    outline only; a rest found unsound then is parsed again with it (DeckError if that fails or the
    file now holds another deck).
    """
    key = cache_key(path, format)
    if key is None:
        return None
    outline_decoder, _rest = _decoders()
    try:
        data = _cache_file(key).read_bytes()
        start = data.index(b"\n") + 1
        end = data.index(b"\n", start)  # msgspec writes a newline in a text as \n: a line ends at one
        outline_crc, rest_crc = (int(crc, 16) for crc in data[: start - 1].split(b" "))
        if zlib.crc32(data[start:end]) != outline_crc:
            return None
        entry = outline_decoder.decode(data[start:end])
        if entry.key != key:
            return None
        outline = entry.deck
        _check_outline(outline)
    except (OSError, msgspec.DecodeError, _Invalid, TypeError, ValueError):
        return None
    rest = data[end + 1 :]
    if read_later is None:
        try:
            cards, events = _rest_of(rest, rest_crc, outline)
        except (msgspec.DecodeError, _Invalid, TypeError, ValueError):
            return None
        return _deck(outline, cards, events, path)

    def read_cards() -> tuple[list[Card], list[DateEvent]]:
        try:
            return _rest_of(rest, rest_crc, outline)
        except (msgspec.DecodeError, _Invalid, TypeError, ValueError):
            return _parsed_again(read_later, path, format, outline)

    return DeckOutline(
        id=outline.id,
        title=outline.title,
        topics=outline.topics,
        card_ids=outline.card_ids,
        event_count=outline.event_count,
        read_cards=read_cards,
        format=outline.format,
        source=path,
        skipped=tuple(outline.skipped),
        warnings=tuple(outline.warnings),
    )


def write_cached(path: Path, format: str | None, deck: Deck) -> None:
    """Keep `deck` (just parsed from `path`) for the next start; any failure is ignored."""
    key = cache_key(path, format)
    if key is None:
        return
    target = _cache_file(key)
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    outline = {
        "id": deck.id,
        "title": deck.title,
        "format": deck.format,
        "topics": deck.topics,
        "card_ids": deck.ordered_card_ids(),
        "event_count": deck.event_count(),
        "skipped": deck.skipped,
        "warnings": deck.warnings,
    }
    rest = {"cards": [_card_row(card) for card in deck.cards], "events": deck.events}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = msgspec.json.encode({"key": key, "deck": outline}), msgspec.json.encode(rest)
        crcs = b"%08x %08x" % tuple(map(zlib.crc32, lines))
        temp.write_bytes(b"\n".join((crcs, *lines)))
        os.replace(temp, target)  # whole or not at all: a reader never sees half a file
    except (OSError, TypeError, msgspec.EncodeError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


_CARD_FIELDS = [(f.name, f.default) for f in msgspec.structs.fields(Card)]


def _card_row(card: Card) -> dict[str, Any]:
    """A card as the cache keeps it: fields still at their default are left out (read back as
    the default), so a deck of plain cards is a third less to decode."""
    return {
        name: value
        for name, default in _CARD_FIELDS
        if (value := getattr(card, name)) != default or default is msgspec.NODEFAULT
    }


def _control_free(texts: list[str], *, lines: bool) -> None:
    """Every text as a parse leaves it: no control characters or escape sequences (else _Invalid).

    `lines`: titles, topics and labels, one line each (no newline or tab either).
    """
    joined = " ".join(texts)
    if joined.isprintable():  # one C pass over all of them: most decks stop here
        return
    if not lines and joined.replace("\n", " ").replace("\t", " ").isprintable():
        return  # newlines and tabs are kept by a parse in questions and answers
    from tui.core.formats.safe_text import strip_controls

    for text in texts:
        if not text.isprintable() and (
            strip_controls(text) != text or (lines and ("\n" in text or "\t" in text))
        ):
            raise _Invalid


def _check_outline(outline: _Outline) -> None:
    """_Invalid for an outline a parse could not have made: no cards, texts with control
    characters, a topic naming a card the deck lacks."""
    if not outline.card_ids:
        raise _Invalid
    _control_free([outline.title, *(topic.name for topic in outline.topics)], lines=True)
    ids = set(outline.card_ids)
    if not all(map(ids.__contains__, chain.from_iterable(topic.card_ids for topic in outline.topics))):
        raise _Invalid


def _rest_of(data: bytes, crc: int, outline: _Outline) -> tuple[list[Card], list[DateEvent]]:
    """The cards and dated events the rest of a cache file holds; _Invalid for bytes other than
    those written (`crc`), anything a parse could not have made, or what is not the outline's deck
    (other cards, events of other cards)."""
    if zlib.crc32(data) != crc:
        raise _Invalid
    rest = _decoders()[1].decode(data)
    cards, events = rest.cards, rest.events
    if list(map(_ID, cards)) != outline.card_ids or len(events) != outline.event_count:
        raise _Invalid
    topic_names = dict.fromkeys(map(_TOPIC, cards))  # each checked once: 50,000 cards, 50 topics
    _control_free([*topic_names, *(e.label for e in events)], lines=True)
    texts = [*map(_QUESTION, cards), *map(_ANSWER, cards)]
    for field in (_POINTS, _ACCEPT, _TAGS):
        if any(map(field, cards)):  # most decks have none: one C pass says so
            texts += chain.from_iterable(map(field, cards))
    _control_free(texts, lines=False)
    ids = set(outline.card_ids)
    if not all(map(ids.__contains__, map(_CARD_OF, events))):
        raise _Invalid
    return cards, events


def _deck(outline: _Outline, cards: list[Card], events: list[DateEvent], path: Path) -> Deck:
    return Deck(
        id=outline.id,
        title=outline.title,
        topics=outline.topics,
        cards=cards,
        events=events,
        format=outline.format,
        source=path,
        skipped=tuple(outline.skipped),
        warnings=tuple(outline.warnings),
    )


def _parsed_again(
    parse: Callable[[], Deck], path: Path, format: str | None, outline: _Outline
) -> tuple[list[Card], list[DateEvent]]:
    """The cards and events of `path` parsed afresh, when the cache's were unsound after its outline
    was used: the parse is kept for the next start. DeckError if the file no longer parses, or
    now holds another deck than the outline home was drawn from."""
    from tui.core.deck import DeckError

    deck = parse()
    if (deck.id, deck.title, deck.topics, deck.ordered_card_ids(), deck.event_count()) != (
        outline.id,
        outline.title,
        outline.topics,
        outline.card_ids,
        outline.event_count,
    ):
        raise DeckError(path, "the deck file changed as it was opened", "open it again")
    write_cached(path, format, deck)
    return deck.cards, deck.events


_ID = attrgetter("id")
_CARD_OF = attrgetter("card_id")
_TOPIC = attrgetter("topic")
_QUESTION = attrgetter("question")
_ANSWER = attrgetter("answer")
_POINTS = attrgetter("points")
_ACCEPT = attrgetter("accept")
_TAGS = attrgetter("tags")
