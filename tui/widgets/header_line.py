"""One-line headers that never wrap: the title gives way (with an ellipsis), the figures do not."""

from __future__ import annotations

from rich.text import Text

ELLIPSIS = "…"
MIN_TITLE = 3  # characters of a cut title worth showing ("Cra…"); fewer and it is left out


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


def fit_title(title: Text, rest: Text, width: int, separator: str = " · ", *, reserve: int = 0) -> Text:
    """`title`, `separator`, `rest` in at most `width` cells: the title is cut with an ellipsis
    first, then left out; the figures in `rest` are cut only when they alone are wider than `width`.

    `reserve`: the cells `rest` may take at its widest (a quiz's last question with its most
    marks): the title is cut to the room left beside that, so it is cut the same at every
    answer while `width` stays, however the figures grow. A title with room for less than
    `MIN_TITLE` characters is left out rather than shown as a letter and an ellipsis.
    A `width` under 1 (not laid out yet) leaves the line whole. Widths are terminal cells (Rich's
    `cell_len`), so a wide character counts twice.
    """
    line = _join(title, separator, rest)
    widest = max(rest.cell_len, reserve)
    if width < 1 or title.cell_len + len(separator) + widest <= width:
        return line
    room = width - len(separator) - widest
    if room >= MIN_TITLE + len(ELLIPSIS):
        cut = title.copy()
        cut.truncate(room - len(ELLIPSIS), overflow="crop")
        cut.rstrip()
        cut.append(ELLIPSIS)
        return _join(cut, separator, rest)
    alone = rest.copy()
    if alone.cell_len > width:  # the figures alone are wider than the line: nothing else can give way
        alone.truncate(width, overflow="ellipsis")
    return alone
