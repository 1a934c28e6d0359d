"""Deck text made safe to show: data, never terminal control.

Deck files come from anywhere (a classmate, the internet). Their text may carry
escape sequences that would rename the terminal window, clear the screen, move
the cursor or write the clipboard (OSC 52) if printed raw. Every place that shows
deck text (the screens and the command line) passes it through `display_safe`;
loading keeps the original text for card ids and marking.
"""

from __future__ import annotations

import re

ESCAPE_PICTURE = "\u241b"  # ␛, SYMBOL FOR ESCAPE
DELETE_PICTURE = "\u2421"  # ␡
C1_PICTURE = "\ufffd"  # no control picture exists for C1 controls
TAB_SIZE = 4

# C0 controls but newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that can make text read differently from what it is ("Trojan Source",
# CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\x1b":
        return ESCAPE_PICTURE
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode Control Pictures block: ␀ ␇ ␍ …
    if code == 0x7F:
        return DELETE_PICTURE
    if code <= 0x9F:
        return C1_PICTURE
    return ""  # a bidi override or isolate: dropped, it has no look of its own


def display_safe(text: str, *, keep_newlines: bool = True) -> str:
    """Return `text` with every control character made visible and inert.

    - tabs become spaces (to the next multiple of 4 columns, per line);
    - ESC becomes ␛, other C0 controls their Unicode control picture (␀, ␇, ␍ …),
      DEL becomes ␡, C1 controls (U+0080–U+009F, which some terminals treat as
      ESC sequences) become U+FFFD; with the ESC shown, the rest of a sequence
      (`]0;title`) is only letters;
    - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are dropped;
    - newlines stay, or with `keep_newlines=False` become spaces (one-line places
      such as table cells and `revise check`'s summary).

    Printable text, including accents and typographic characters, is unchanged,
    and the function is idempotent. Rich markup (`[bold]`) is not this function's
    concern: screens render deck text as `rich.text.Text`, never as markup.
    """
    if "\t" in text:
        text = "\n".join(line.expandtabs(TAB_SIZE) for line in text.split("\n"))
    text = _UNSAFE.sub(_picture, text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return text


def is_display_safe(text: str) -> bool:
    """True when `text` holds no control character but newline (what `display_safe` returns)."""
    return _UNSAFE.search(text) is None
