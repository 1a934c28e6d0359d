"""Text with the words a student searched for highlighted (reverse and bold, not colour alone)."""

from __future__ import annotations

from rich.text import Text

from tui.core.display import display_safe
from tui.core.search import match_spans

HIGHLIGHT_STYLE = "bold reverse"


def highlighted(text: str, terms: tuple[str, ...] | list[str], style: str = "") -> Text:
    """`text` styled `style`, with every occurrence of the search terms highlighted.

    Deck text: control characters are shown inertly (`display_safe`), never as markup.
    """
    text = display_safe(text)
    rich_text = Text(text, style=style)
    for start, end in match_spans(text, terms):
        rich_text.stylize(HIGHLIGHT_STYLE, start, end)
    return rich_text
