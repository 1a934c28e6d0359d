"""A one-line-per-row list that draws only the rows on screen.

Textual's DataTable measures every cell of every row it is given, so filling it
with 10,000 rows takes seconds. Here the owner hands over a row count and a
function that makes row `i`'s text; only the rows scrolled into view are ever
made (and kept until the rows change), so opening and scrolling cost the same
at 10,000 rows as at 10 (issue 18).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

RowText = Callable[[int], Text]


class LazyTable(ScrollView, can_focus=True):
    """Rows of text with a row cursor; `enter` or a click on the cursor row posts `Selected`."""

    DEFAULT_CSS = """
    LazyTable {
        background: $surface;
        overflow-x: hidden;
        & > .lazy-table--odd { background: $foreground 4%; }
        & > .lazy-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .lazy-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    COMPONENT_CLASSES = {"lazy-table--odd", "lazy-table--cursor"}
    BINDINGS = [
        Binding("enter", "select_cursor", "Select"),
        Binding("up", "cursor_up", "Previous row", show=False, key_display="↑"),
        Binding("down", "cursor_down", "Next row", show=False, key_display="↓"),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_top", show=False),
        Binding("end", "scroll_bottom", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to row `row`."""

        def __init__(self, table: LazyTable, row: int) -> None:
            super().__init__()
            self.table, self.row = table, row

    class Selected(Message):
        """`enter` (or a click on the cursor row) on row `row`."""

        def __init__(self, table: LazyTable, row: int) -> None:
            super().__init__()
            self.table, self.row = table, row

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.row_count = 0
        self._row_text: RowText = lambda index: Text()
        # (row, is cursor row, width) -> the drawn line; cleared when the rows or the styles change.
        self._lines: dict[tuple[int, bool, int], Strip] = {}

    def show_rows(self, count: int, row_text: RowText, cursor: int = 0) -> None:
        """Show `count` rows, row `i` drawn by `row_text(i)` when it first comes into view."""
        self.row_count = count
        self._row_text = row_text
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        self.cursor_row = max(0, min(cursor, count - 1))
        self.refresh()

    # -- drawing -----------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if index >= self.row_count:
            return Strip.blank(width, self.rich_style)
        key = (index, index == self.cursor_row, width)
        line = self._lines.get(key)
        if line is None:
            if index == self.cursor_row:
                style = self.rich_style + self.get_component_rich_style("lazy-table--cursor")
            elif index % 2:
                style = self.rich_style + self.get_component_rich_style("lazy-table--odd")
            else:
                style = self.rich_style
            text = self._row_text(index)
            text.no_wrap = True
            segments = Segment.apply_style(text.render(self.app.console, end=""), style)
            line = self._lines[key] = Strip(segments).crop_extend(0, width, style)
        return line

    # -- the cursor --------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, self.row_count - 1))

    def watch_cursor_row(self, row: int) -> None:
        if not self.row_count:
            return
        self.scroll_to_region(Region(0, row, 1, 1), animate=False, force=True, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, row))

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= max(1, self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self.cursor_row += max(1, self.scrollable_content_region.height)

    def action_scroll_top(self) -> None:
        self.cursor_row = 0

    def action_scroll_bottom(self) -> None:
        self.cursor_row = self.row_count - 1

    def action_select_cursor(self) -> None:
        if self.row_count:
            self.post_message(self.Selected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y
        if not 0 <= row < self.row_count:
            return
        if row == self.cursor_row or event.chain > 1:
            self.post_message(self.Selected(self, row))
        self.cursor_row = row
