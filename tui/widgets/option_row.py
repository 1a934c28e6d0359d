"""One multiple-choice option as the quiz draws it: pointer, key, the option (wrapped), the verdict mark.

It draws what a rich `Table.grid(padding=(0, 1), expand=True)` of those four columns drew
(the option's column taking the width left, a blank line below all but the last option),
without the grid's cost: the grid measured every cell on each draw, and a quiz draws every
option twice per answer (once for its height, once for its lines). Widths too narrow for
the layout (never at 80 columns) fall back to the grid itself.

Where no column is held for the mark (`below`), it goes at the right end of the option's own
last line when it fits beside the text there, else on the blank line below after an arrow up
("↑ ✓ right answer"), so it never reads as the next option's. A `note` (the quiz's verdict) goes
on the blank line below the last option, from the row's left edge (left of the keys) and ruled
off to the right, so it reads as the question's verdict, not a mark on that option. An answer
then fills lines that are there already, and no option wraps anew (issue 18).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

GAP = 1  # the grid's padding between columns
UP = "↑ "  # before a mark on the line below its option: it points at the option above, not below
RULE = "─"  # the verdict note's line is ruled off: a line of the question, not of an option
MIN_OPTION_WIDTH = 8  # below this the grid's own squeezing rules apply


class OptionRow:
    """A rich renderable: `pointer`, `key`, `option` (wrapped to the width left), `mark` (`mark_width` wide)."""

    def __init__(
        self,
        pointer: Text,
        key: Text,
        option: Text,
        mark: Text,
        mark_width: int,
        *,
        last: bool,
        below: Text | None = None,
        note: Text | None = None,
    ) -> None:
        """`below`: the mark without a column (on the option's last line, or the line below with ↑);
        `note`: the verdict, on the blank line below the option, from the left edge. That line is
        there unless `last`, with either of them or not."""
        self.pointer, self.key, self.option, self.mark = pointer, key, option, mark
        self.mark_width = max(mark_width, mark.cell_len)
        self.last = last
        self.below, self.note = below or Text(""), note or Text("")
        # Textual draws a row twice per layout, to measure its height and then its lines: one width, one drawing.
        self._drawn: tuple[int, list[Segment]] | None = None

    def as_grid(self) -> Table:
        """The same row as the rich grid it replaces (its reference drawing)."""
        table = Table.grid(padding=(0, GAP), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        table.add_column(no_wrap=True, min_width=self.mark_width)
        table.add_row(self.pointer, self.key, self.option, self.mark)
        if not self.last:
            table.add_row("", "", "", "")
        return table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(options.max_width, options.max_width)  # expand=True: always the full width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self._drawn is None or self._drawn[0] != options.max_width:
            self._drawn = (options.max_width, list(self._draw(console, options)))
        yield from self._drawn[1]

    def _draw(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width
        pointer_width, key_width = self.pointer.cell_len + GAP, self.key.cell_len + GAP
        option_width = width - pointer_width - key_width - self.mark_width
        if option_width - GAP < MIN_OPTION_WIDTH:
            yield from console.render(self.as_grid(), options)
            return
        if not self.mark_width:
            # The grid's quirk, kept so that every option wraps where it did: with an empty last
            # column it squeezes the option's column by one and then fits it to the option.
            option_width -= 1
            longest = Measurement.get(console, options.update_width(option_width - GAP), self.option).maximum
            option_width = min(longest + GAP, option_width)
        cell_options = options.update(
            width=option_width - GAP,
            justify="left",
            no_wrap=False,
            overflow="ellipsis",
            height=None,
            highlight=False,
        )
        # An empty option still has its row, as the grid gave it.
        option_lines = console.render_lines(self.option, cell_options, pad=True) or [
            [Segment(" " * (option_width - GAP))]
        ]
        gap = Segment(" " * GAP)
        first = [
            *_cell(console, self.pointer, pointer_width),
            *_cell(console, self.key, key_width),
        ]
        indent = Segment(" " * (pointer_width + key_width))
        mark = _cell(console, self.mark, self.mark_width, gap=0)
        blank_mark = Segment(" " * self.mark_width)
        new_line = Segment.line()
        below_inline = self._fits_on_last_line(option_lines[-1], width - pointer_width - key_width)
        for line_no, line in enumerate(option_lines):
            if line_no == 0:
                yield from first
            else:
                yield indent
            if below_inline and line_no == len(option_lines) - 1:
                used = width - pointer_width - key_width - self.below.cell_len
                yield from Segment.adjust_line_length(line, used)
                yield from _cell(console, self.below, self.below.cell_len, gap=0)
                yield new_line
                continue
            yield from line
            yield gap
            if line_no == 0:
                yield from mark
            elif self.mark_width:
                yield blank_mark
            yield new_line
        if not self.last:
            row_width = pointer_width + key_width + option_width + self.mark_width
            below = (
                Text("") if below_inline or not self.below else Text(UP, style=self.below.style) + self.below
            )
            yield from self._line_below(console, row_width, width, below)
            yield new_line

    def _fits_on_last_line(self, line: list[Segment], room: int) -> bool:
        """The mark without a column fits at the right end of the option's last line (`room` cells
        after the key), a space clear of the text."""
        if not self.below:
            return False
        text = "".join(segment.text for segment in line).rstrip()
        return Segment.get_line_length([Segment(text)]) + GAP + self.below.cell_len <= room

    def _line_below(self, console: Console, row_width: int, width: int, below: Text) -> Iterator[Segment]:
        """The blank line below the option (`row_width` cells, as the grid drew it), or with the note
        from the left edge, ruled off, and `below` at the right edge of `width`; a note too long for
        the line left beside the mark is cut short."""
        note = self.note
        if not below and not note:
            yield Segment(" " * row_width)
            return
        room = max(width - below.cell_len - (GAP if below else 0), 0)
        note = note.copy()
        note.truncate(room, overflow="ellipsis")
        yield from _cell(console, note, note.cell_len, gap=0)
        fill = width - note.cell_len - below.cell_len
        if note and fill > 2 * GAP:  # " ──── " between the verdict and the mark, or to the edge
            rule = Text(" " + RULE * (fill - GAP - (GAP if below else 0)), style="dim")
            yield from _cell(console, rule, rule.cell_len, gap=0)
            fill -= rule.cell_len
        yield Segment(" " * fill)
        yield from _cell(console, below, below.cell_len, gap=0)


def _cell(console: Console, text: Text, width: int, gap: int = GAP) -> list[Segment]:
    """A one-line cell of the grid: the text, padded in its own style as rich pads it, then the gap."""
    # Text.render leaves the text's own style to whoever lays it out: below its spans, as rich does.
    styled = text.copy()
    if styled.style:
        styled.stylize_before(styled.style)
        styled.style = ""
    segments = list(styled.render(console))
    missing = width - gap - text.cell_len
    if missing > 0:
        segments.append(Segment(" " * missing, console.get_style(text.style) if text.style else None))
    if gap:
        segments.append(Segment(" " * gap))
    return segments
