"""One-line headers that never wrap: the title gives way (with an ellipsis), the figures do not."""

from __future__ import annotations

from rich.text import Text

ELLIPSIS = "…"


def _join(title: Text, separator: str, rest: Text) -> Text:
    """`title` + `separator` + `rest` as one Text in the title's style (one run where styles agree)."""
    line = title.copy()
    line.append(separator)
    start = len(line)
    line.append(rest.plain)
    if rest.style and rest.style != title.style:
        line.stylize(rest.style, start, len(line))
    line.spans.extend(span.move(start) for span in rest.spans)
    return line


def fit_title(title: Text, rest: Text, width: int, separator: str = " · ") -> Text:
    """`title`, `separator`, `rest` in at most `width` cells: the title is cut with an ellipsis
    first (down to one character), then the whole line.

    A `width` under 1 (not laid out yet) leaves the line whole. Widths are terminal cells (Rich's
    `cell_len`), so a wide character counts twice.
    """
    line = _join(title, separator, rest)
    if width < 1 or line.cell_len <= width:
        return line
    room = width - len(separator) - rest.cell_len
    if room >= len(ELLIPSIS) + 1:
        cut = title.copy()
        cut.truncate(room - len(ELLIPSIS), overflow="crop")
        cut.rstrip()
        cut.append(ELLIPSIS)
        return _join(cut, separator, rest)
    line.truncate(width, overflow="ellipsis")
    return line
