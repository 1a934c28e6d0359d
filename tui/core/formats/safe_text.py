"""Deck text made safe to show in a terminal: no control characters, no escape sequences.

Kept apart from the HTML converter so that loading a native deck does not import html.parser.
"""

from __future__ import annotations

import re

from tui.core.display import BIDI_CONTROLS, ZERO_WIDTH, split_emoji_joins

# ESC sequences first (CSI, OSC/DCS/APC/PM strings, then any other ESC + one char), then lone
# controls; a C1 control (U+009B CSI ...) is removed alone, since mis-decoded text has them too.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[P_^X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[\s\S]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """`text` without terminal escape sequences and control characters (tab and newline kept).

    A carriage return becomes a newline; everything else (ESC sequences whole,
    C0, DEL, C1, bidirectional overrides and isolates, zero-width characters that some terminals
    draw a cell wide though Rich counts none: `tui.core.display.ZERO_WIDTH`) is removed, so deck text can
    never move the cursor, retitle the window, write the clipboard (issue 13, item 1)
    or read in another order than it is stored; emoji glued by zero-width joiners
    become their parts (`tui.core.display.split_emoji_joins`), as the screens show them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():
        return text
    text = ZERO_WIDTH.sub("", BIDI_CONTROLS.sub("", _CONTROLS.sub("", _ESCAPES.sub("", text))))
    return split_emoji_joins(text)
