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
from dataclasses import MISSING, dataclass, fields
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any

from tui.core.deck import Card, DateEvent, Deck, SkippedRecord, Topic

CACHE_FORMAT = 3  # 2: msgspec, cards as objects; 3: warnings
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


@dataclass
class _DeckShape:
    """A deck as the cache keeps it: the parse's own Card, Topic, DateEvent and SkippedRecord objects."""

    id: str
    title: str
    format: str
    topics: list[Topic]
    cards: list[Card]
    events: list[DateEvent]
    skipped: list[SkippedRecord]
    warnings: list[SkippedRecord]


@dataclass
class _Entry:
    key: list[str | int]
    deck: _DeckShape


@functools.cache
def _decoder() -> Any:
    import msgspec

    # msgspec builds the cards and checks every field's type in C: no per-card Python (issue 18).
    return msgspec.json.Decoder(_Entry)


def read_cached(path: Path, format: str | None) -> Deck | None:
    """The deck as parsed before, if a cache entry for exactly this file and loader exists and is sound."""
    import msgspec

    key = cache_key(path, format)
    if key is None:
        return None
    try:
        entry = _decoder().decode(_cache_file(key).read_bytes())
        if entry.key != key:
            return None
        deck = _deck_from(entry.deck, path)
    except (OSError, msgspec.DecodeError, _Invalid, TypeError, ValueError):
        return None
    return deck


def write_cached(path: Path, format: str | None, deck: Deck) -> None:
    """Keep `deck` (just parsed from `path`) for the next start; any failure is ignored."""
    import msgspec

    key = cache_key(path, format)
    if key is None:
        return
    target = _cache_file(key)
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    shape = {
        "id": deck.id,
        "title": deck.title,
        "format": deck.format,
        "topics": deck.topics,
        "cards": [_card_row(card) for card in deck.cards],
        "events": deck.events,
        "skipped": deck.skipped,
        "warnings": deck.warnings,
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(msgspec.json.encode({"key": key, "deck": shape}))
        os.replace(temp, target)  # whole or not at all: a reader never sees half a file
    except (OSError, TypeError, msgspec.EncodeError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


_CARD_FIELDS = [(f.name, f.default) for f in fields(Card)]


def _card_row(card: Card) -> dict[str, Any]:
    """A card as the cache keeps it: fields still at their default are left out (read back as
    the default), so a deck of plain cards is a third less to decode."""
    return {
        name: value
        for name, default in _CARD_FIELDS
        if (value := getattr(card, name)) != default or default is MISSING
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


def _deck_from(shape: _DeckShape, path: Path) -> Deck:
    """The deck a decoded cache entry describes; _Invalid for anything a parse could not have made."""
    cards, topics, events = shape.cards, shape.topics, shape.events
    if not cards:
        raise _Invalid
    topic_names = dict.fromkeys(map(_TOPIC, cards))  # each checked once: 50,000 cards, 50 topics
    _control_free(
        [shape.title, *(t.name for t in topics), *topic_names, *(e.label for e in events)], lines=True
    )
    texts = [*map(_QUESTION, cards), *map(_ANSWER, cards)]
    for field in (_POINTS, _ACCEPT, _TAGS):
        if any(map(field, cards)):  # most decks have none: one C pass says so
            texts += chain.from_iterable(map(field, cards))
    _control_free(texts, lines=False)
    deck = Deck(
        id=shape.id,
        title=shape.title,
        topics=topics,
        cards=cards,
        events=events,
        format=shape.format,
        source=path,
        skipped=tuple(shape.skipped),
        warnings=tuple(shape.warnings),
    )
    # Every id a topic or event names must be a card of the deck, as a parse guarantees.
    named = chain(chain.from_iterable(t.card_ids for t in topics), (e.card_id for e in events))
    if not all(map(deck.card_ids().__contains__, named)):
        raise _Invalid
    return deck


_TOPIC = attrgetter("topic")
_QUESTION = attrgetter("question")
_ANSWER = attrgetter("answer")
_POINTS = attrgetter("points")
_ACCEPT = attrgetter("accept")
_TAGS = attrgetter("tags")
