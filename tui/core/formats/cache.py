"""A cache of parsed decks, so a big deck opens on its second start without being parsed again.

One orjson file per deck path in the user cache folder ($REVISE_CACHE_DIR, else
platformdirs' user_cache_dir("revise")/decks), keyed by the deck file's resolved
path, size, mtime_ns and inode, the format asked for, and the loader's version (this
module's CACHE_FORMAT plus the size and mtime of every loader source file, so an
edited parser never reads an old parse). A cache that is missing, stale, damaged
or of the wrong shape is ignored and rebuilt, never trusted: every field's type
is checked, and the texts go through the same control-character cleaning as a
fresh parse. Writing the cache is best effort (a read-only folder just means no
cache). Issue 18: parsing a 50,000-card TOML deck took 2.47 s at every start.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

from tui.core.deck import Card, DateEvent, Deck, SkippedRecord, Topic

CACHE_FORMAT = 1
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
    except OSError:
        return None
    return [str(resolved), stat.st_size, stat.st_mtime_ns, stat.st_ino, format or "", loader_version()]


def _cache_file(key: list[Any]) -> Path:
    return cache_dir() / (hashlib.sha256(f"{key[0]}\0{key[4]}".encode()).hexdigest()[:32] + ".json")


def read_cached(path: Path, format: str | None) -> Deck | None:
    """The deck as parsed before, if a cache entry for exactly this file and loader exists and is sound."""
    import orjson

    key = cache_key(path, format)
    if key is None:
        return None
    try:
        data = orjson.loads(_cache_file(key).read_bytes())
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        deck = _deck_from(data.get("deck"), path)
    except (OSError, orjson.JSONDecodeError, _Invalid, TypeError, ValueError):
        return None
    return deck


def write_cached(path: Path, format: str | None, deck: Deck) -> None:
    """Keep `deck` (just parsed from `path`) for the next start; any failure is ignored."""
    import orjson

    key = cache_key(path, format)
    if key is None:
        return
    target = _cache_file(key)
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(orjson.dumps({"key": key, "deck": _deck_to(deck)}))
        os.replace(temp, target)  # whole or not at all: a reader never sees half a file
    except (OSError, TypeError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _deck_to(deck: Deck) -> dict[str, Any]:
    return {
        "id": deck.id,
        "title": deck.title,
        "format": deck.format,
        "topics": [[t.name, list(t.card_ids)] for t in deck.topics],
        "cards": [
            [c.id, c.topic, c.question, c.answer, list(c.points), c.need, list(c.accept), list(c.tags)]
            for c in deck.cards
        ],
        "events": [[e.date, e.sort_key, e.label, e.card_id] for e in deck.events],
        "skipped": [[s.path, s.line, s.reason] for s in deck.skipped],
    }


def _str(value: object) -> str:
    if type(value) is not str:
        raise _Invalid
    return value


def _text(value: object) -> str:
    """A card's text as a parse leaves it: no control characters or escape sequences (else _Invalid)."""
    if type(value) is not str:
        raise _Invalid
    if not value.isprintable():  # the fast test passes for most texts; the rest are checked in full
        from tui.core.formats.safe_text import strip_controls

        if strip_controls(value) != value:
            raise _Invalid
    return value


def _line(value: object) -> str:
    """A title, topic or label as a parse leaves it: one line, no control characters (else _Invalid)."""
    text = _text(value)
    if "\n" in text or "\t" in text:
        raise _Invalid
    return text


def _strs(value: object) -> tuple[str, ...]:
    if type(value) is not list:
        raise _Invalid
    return tuple(map(_text, value)) if value else ()


def _int_or_none(value: object) -> int | None:
    if value is not None and type(value) is not int:
        raise _Invalid
    return value


def _rows(value: object, length: int) -> list[list[Any]]:
    if type(value) is not list or not all(type(row) is list and len(row) == length for row in value):
        raise _Invalid
    return value


def _deck_from(data: object, path: Path) -> Deck:
    """The deck a cache entry describes; _Invalid for anything of the wrong shape or type."""
    if not isinstance(data, dict):
        raise _Invalid
    cards = [
        Card(_str(i), _line(t), _text(q), _text(a), _strs(p), _int_or_none(n), _strs(acc), _strs(tags))
        for i, t, q, a, p, n, acc, tags in _rows(data.get("cards"), 8)
    ]
    topics = [Topic(_line(name), _strs(ids)) for name, ids in _rows(data.get("topics"), 2)]
    events = []
    for date, sort_key, label, card_id in _rows(data.get("events"), 4):
        if type(sort_key) is not int:
            raise _Invalid
        events.append(DateEvent(_str(date), sort_key, _line(label), _str(card_id)))
    skipped = tuple(
        SkippedRecord(_str(where), _int_or_none(line), _str(reason))
        for where, line, reason in _rows(data.get("skipped"), 3)
    )
    if not cards:
        raise _Invalid
    deck = Deck(
        id=_str(data.get("id")),
        title=_line(data.get("title")),
        topics=topics,
        cards=cards,
        events=events,
        format=_str(data.get("format")),
        source=path,
        skipped=skipped,
    )
    # Every id a topic or event names must be a card of the deck, as a parse guarantees.
    if any(not deck.has_card(c) for t in topics for c in t.card_ids) or any(
        not deck.has_card(e.card_id) for e in events
    ):
        raise _Invalid
    return deck
