"""Deck text as a widget shows it: plain `rich.text.Text`, control characters made visible.

A `str` given to a Static, a Table cell or a notice is parsed as Rich/Textual markup, so a topic
named `Arrays [/] slices` would crash a screen and `[link=…]` would become a live link; raw escape
sequences would reach the terminal. Every screen builds deck text (titles, topics, questions,
answers, options, labels, dates) through `deck_text`, which is never markup and never control.
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text

from tui.core.display import display_safe


def deck_text(text: str, style: StyleType = "", *, one_line: bool = False) -> Text:
    """`text` from a deck as inert Rich text in `style`.

    Control characters and escape sequences are shown as control pictures (␛) by
    `display_safe`; with `one_line`, newlines become spaces (table cells, titles).
    """
    return Text(display_safe(text, keep_newlines=not one_line), style=style)


def safe_line(text: str) -> str:
    """`text` from a deck as one inert line for places that take a plain string (a header's subtitle).

    Only for strings that are not parsed as markup; everywhere else use `deck_text`.
    """
    return display_safe(text, keep_newlines=False)


def cut_line(text: Text, width: int) -> Text:
    """`text` (one line) in at most `width` cells: whole if it fits, else cut and ended with "…",
    with no space left before the "…". Styles are kept."""
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(max(0, width - 1), overflow="crop")
    cut.rstrip()
    cut.append("…")
    return cut
