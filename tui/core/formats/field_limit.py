"""How long one text of a card may be (past this, the card is skipped and listed, not loaded),
and how a file's size is told against the deck size limits.

A deck file from anywhere may hold a 5 MB answer on one line (the fresh-user trial: flipping
that card took 8 s, each key on home or search 10–43 s, 455 MB of memory). No real card comes
near 10,000 characters: that is about 1,600 words, four printed pages, more than a whole exam
essay (a 12-mark answer is 300–500 words), while the longest answer of the shipped deck is a few
hundred characters. Below it a card stays quick to show, search and mark.
"""

from __future__ import annotations

MAX_FIELD_CHARS = 10_000
SHORTEN_HINT = "shorten it or split it into several cards"


def too_long(what: str, text: str) -> str | None:
    """The reason to skip a card whose `what` ("question", "answer", "mark point" ...) is `text`,
    when `text` is over MAX_FIELD_CHARS characters; None when it is not. The reason never quotes
    the text, and ends with what to do (SHORTEN_HINT)."""
    if len(text) <= MAX_FIELD_CHARS:
        return None
    return f"{too_long_message(what, text)} — {SHORTEN_HINT}"


def too_long_message(what: str, text: str) -> str:
    """What is wrong, without what to do: "its answer is 5,000,000 characters long, over the ..."."""
    return f"its {what} is {len(text):,} characters long, over the {MAX_FIELD_CHARS:,} a card may hold"


def megabytes(size: int) -> str:
    """`size` bytes in MB (10^6 bytes, as file managers count them, and as the limits are set), one
    decimal, rounded up: a file over a limit never reads as the limit itself (21,000,000 bytes is
    "21.0 MB", 20,000,001 is "20.1 MB" against a 20 MB limit)."""
    tenths = -(-size // 100_000)
    return f"{tenths // 10}.{tenths % 10} MB"
