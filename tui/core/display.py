"""Deck text made safe to show: data, never terminal control.

Deck files come from anywhere (a classmate, the internet). Their text may carry
escape sequences that would rename the terminal window, clear the screen, move
the cursor or write the clipboard (OSC 52) if printed raw. Every place that shows
deck text (the screens and the command line) passes it through `display_safe`;
loading keeps the original text for card ids and marking.
"""

from __future__ import annotations

import re
import unicodedata

ESCAPE_PICTURE = "\u241b"  # ␛, SYMBOL FOR ESCAPE
DELETE_PICTURE = "\u2421"  # ␡
C1_PICTURE = "\ufffd"  # no control picture exists for C1 controls
TAB_SIZE = 4

# C0 controls but newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that can make text read differently from what it is ("Trojan Source",
# CVE-2021-42574).
# Invisible characters Rich counts as no cells that some terminals draw one cell wide (a row with
# three of them lost its last three cells off the edge): zero-width space, left-to-right and
# right-to-left marks, word joiner and invisible operators, byte order mark, Mongolian vowel
# separator, Arabic letter mark. None has a look of its own.
_ZERO_WIDTH = "\u200b\u200e\u200f\u2060-\u2064\ufeff\u180e\u061c"
_UNSAFE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_ZERO_WIDTH}]")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH}]")
ZERO_WIDTH_JOINER = "\u200d"
ZERO_WIDTH_NON_JOINER = "\u200c"
_JOINERS = re.compile("\u200d+")
_NON_JOINERS = re.compile("\u200c+")
# What may sit between an emoji and the joiner after it: variation selectors, skin tones, tag letters.
_EMOJI_TRAILERS = frozenset(
    [
        *map(chr, range(0xFE00, 0xFE10)),
        *map(chr, range(0x1F3FB, 0x1F400)),
        *map(chr, range(0xE0020, 0xE0080)),
        "\u20e3",
    ]
)


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
    return ""  # a bidi override or isolate, or a zero-width character: dropped, it has no look of its own


def split_emoji_joins(text: str) -> str:
    """`text` with every zero-width joiner that glues emoji together removed ("👨‍👩‍👧" -> "👨👩👧").

    A joined emoji is one picture two cells wide in some terminals and its parts side by side
    (six cells) in others (xterm, GNOME's VTE, tmux's outer terminal), while Rich counts two: a
    border drawn after one is out of line wherever the terminal draws the parts. Its parts are
    two cells each everywhere. A joiner between letters (Devanagari, Malayalam shaping) stays:
    only one next to a symbol (Unicode category So) goes. A zero-width non-joiner stays only
    between letters (Persian, Indic shaping): elsewhere it is invisible and some terminals draw it.
    """
    if ZERO_WIDTH_NON_JOINER in text:  # shapes a script between letters; anywhere else only invisible
        text = _NON_JOINERS.sub(_letters_apart, text)
    if ZERO_WIDTH_JOINER not in text:
        return text
    return _JOINERS.sub(_split_join, text)


def _letters_apart(match: re.Match[str]) -> str:
    text, before, after = match.string, match.start() - 1, match.end()
    if (
        before >= 0
        and after < len(text)
        and {unicodedata.category(text[i])[0] for i in (before, after)} <= {"L", "M"}
    ):
        return match.group()
    return ""


def _split_join(match: re.Match[str]) -> str:
    text, before, after = match.string, match.start() - 1, match.end()
    while before >= 0 and text[before] in _EMOJI_TRAILERS:
        before -= 1
    if (before >= 0 and unicodedata.category(text[before]) == "So") or (
        after < len(text) and unicodedata.category(text[after]) == "So"
    ):
        return ""
    return match.group()


def display_safe(text: str, *, keep_newlines: bool = True) -> str:
    """Return `text` with every control character made visible and inert.

    - tabs become spaces (to the next multiple of 4 columns, per line);
    - ESC becomes ␛, other C0 controls their Unicode control picture (␀, ␇, ␍ …),
      DEL becomes ␡, C1 controls (U+0080–U+009F, which some terminals treat as
      ESC sequences) become U+FFFD; with the ESC shown, the rest of a sequence
      (`]0;title`) is only letters;
    - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are dropped;
    - emoji joined by zero-width joiners are shown as their parts (`split_emoji_joins`);
    - newlines stay, or with `keep_newlines=False` become spaces (one-line places
      such as table cells and `revise check`'s summary).

    Printable text, including accents and typographic characters, is unchanged,
    and the function is idempotent. Rich markup (`[bold]`) is not this function's
    concern: screens render deck text as `rich.text.Text`, never as markup.
    """
    if "\t" in text:
        text = "\n".join(line.expandtabs(TAB_SIZE) for line in text.split("\n"))
    text = _UNSAFE.sub(_picture, text)
    text = split_emoji_joins(text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return text


def is_display_safe(text: str) -> bool:
    """True when `text` holds no control character but newline (what `display_safe` returns)."""
    return _UNSAFE.search(text) is None and split_emoji_joins(text) == text


ELLIPSIS = "…"


def _char_cells(char: str) -> int:
    """Terminal cells one character takes: 0 for a combining mark, 2 for a wide or full-width one."""
    if unicodedata.combining(char) or char in "\u200c\u200d\ufe0e\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def cell_width(text: str) -> int:
    """The terminal cells `text` (one line, `display_safe`) takes: wide characters count 2 (Unicode
    East Asian Width W and F, as terminals draw them), combining marks 0."""
    return sum(map(_char_cells, text)) if not text.isascii() else len(text)


def cut_to_width(text: str, width: int) -> str:
    """`text` (one line) in at most `width` cells: whole if it fits, else cut at a character and
    ended with "…" (trailing spaces before it dropped). A `width` under 1 gives ""."""
    if cell_width(text) <= width:
        return text
    if width < 1:
        return ""
    room, used = width - 1, 0
    for end, char in enumerate(text):
        used += _char_cells(char)
        if used > room:  # `end` is the first character that does not fit
            return text[:end].rstrip() + ELLIPSIS
    return text
