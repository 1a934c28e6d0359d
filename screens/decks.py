"""Decks: every deck the student has opened, with its figures; open one, add one, find a moved one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from tui.core.library import DeckRow, deck_names, library_rows
from tui.widgets.after_keys import after_keys
from tui.widgets.deck_text import cut_line, deck_text
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.context import AppContext


def _accuracy(row: DeckRow) -> Text:
    return Text("–", style="dim") if row.accuracy is None else Text(f"{row.accuracy:.0%}")


COLUMNS = ("Deck", "Cards", "Accuracy", "Due today", "Exam", "File")
CELL_PADDING = 1  # DataTable's default, each side of every cell
MIN_TITLE = 12  # cells of a cut deck title worth showing, however narrow the terminal
OPEN_MARK = " (open)"  # after the deck that is open
MIN_FILE = 8  # cells of a cut file name ("soviet-…"); the line under the table names the whole path


def name_rooms(
    width: int, figures: list[list[Text]], titles: list[Text], files: list[Text]
) -> tuple[int, int]:
    """Cells for the deck titles and the file names when the table is `width` cells wide: the figure
    columns (`figures`, a row each, headers included) keep their widths; the titles take what is left
    but what the file names need, which give way first down to `MIN_FILE`."""
    columns = len(figures[0]) + 2
    fixed = sum(max(row[i].cell_len for row in figures) for i in range(len(figures[0])))
    room = width - fixed - 2 * CELL_PADDING * columns
    title_need = max(text.cell_len for text in titles)
    file_need = max(text.cell_len for text in files)
    file_room = max(MIN_FILE, min(file_need, room - title_need))
    return max(MIN_TITLE, min(title_need, room - file_room)), file_room


class DecksScreen(Screen[None]):
    """The deck library: cards, accuracy, due today, exam date and file of each deck."""

    HELP_TITLE = "Decks"
    DEFAULT_CSS = """
    #decks-body { padding: 0 1; }
    #decks-heading { text-style: bold; margin: 1 0 0 0; }
    #decks-table { height: 1fr; }
    #decks-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "open_deck", "Open", priority=True),
        Binding("a", "add_deck", "Add a deck"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[DeckRow] = []
        self.names: dict[str, str] = {}  # deck id -> its title, with its file where the title is shared

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="decks-body"):
            yield Static("Your decks", id="decks-heading")
            yield DataTable(id="decks-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="decks-path")
            yield Static(id="decks-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        self.ctx.writer.when_saved(self._fill_if_mounted)

    def on_screen_resume(self) -> None:
        self.ctx.writer.when_saved(self._fill_if_mounted)

    def _fill_if_mounted(self) -> None:
        if self.is_mounted:
            self.fill()

    def fill(self) -> None:
        """The rows again from the store (after a deck was opened, moved or answered)."""
        self.rows = library_rows(self.ctx.progress, self.ctx.now())
        self.names = deck_names(row.entry for row in self.rows)
        self._show_rows()

    def _show_rows(self, keep_cursor: bool = False) -> None:
        """`rows` in the table, titles and file names cut to the screen's width; with `keep_cursor`
        the same row stays highlighted (the same rows, cut to a new width)."""
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        current = self.ctx.deck.id
        titles, figures, files = (
            [Text(COLUMNS[0])],
            [[Text(name) for name in COLUMNS[1:-1]]],
            [Text(COLUMNS[-1])],
        )
        for row in self.rows:
            is_open = row.entry.deck_id == current
            shown = self.names.get(row.entry.deck_id, row.entry.title)
            title = deck_text(shown, "bold" if is_open else "", one_line=True)
            if is_open:
                title.append(OPEN_MARK, style="dim")
            name = deck_text(Path(row.entry.path).name, one_line=True)
            where = Text.assemble(("missing ", "bold red"), name) if row.missing else name.copy()
            if not row.missing:
                where.stylize("dim")
            if row.damaged:
                where = Text.assemble(("progress damaged ", "bold red"), name)
            titles.append(title)
            files.append(where)
            figures.append(
                [
                    Text(f"{row.cards:,}"),
                    _accuracy(row),
                    Text(f"{row.due:,}") if row.due else Text("–", style="dim"),
                    Text(row.exam.isoformat()) if row.exam else Text("–", style="dim"),
                ]
            )
        # the table's width: the screen's but for the body's padding and a scrollbar's room
        title_room, file_room = name_rooms(self.app.size.width - 4, figures, titles, files)
        for row, title, where, row_figures in zip(self.rows, titles[1:], files[1:], figures[1:]):
            if title.cell_len > title_room and row.entry.deck_id == current:  # the mark stays whole
                title = cut_line(title[: -len(OPEN_MARK)], title_room - len(OPEN_MARK))
                title.append(OPEN_MARK, style="dim")
            title, where = cut_line(title, title_room), cut_line(where, file_room)
            table.add_row(title, *row_figures, where)
        if keep_cursor:
            table.move_cursor(row=cursor)
        hint = (
            "enter opens the highlighted deck (a missing one: say where its file is now) · a adds a deck"
            if self.rows
            else "No decks yet: a adds one by its path."
        )
        self.query_one("#decks-hint", Static).update(hint)
        self._show_path()

    def on_resize(self) -> None:
        if self.rows:
            self._show_rows(keep_cursor=True)  # the titles are cut to the new width

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_path()

    def _show_path(self) -> None:
        row = self._highlighted()
        line = Text()
        if row is not None:
            if row.damaged:
                line.append("Progress damaged: ", style="bold red")
                line.append(row.damaged)
            elif row.missing:
                line.append("Missing: ", style="bold red")
                line.append(row.entry.path)
                line.append(" (moved? enter says where it is now; its progress is kept)", style="dim")
            else:
                line.append("File: ", style="bold")
                line.append(row.entry.path)
        self.query_one("#decks-path", Static).update(line)

    def _highlighted(self) -> DeckRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_open_deck(self) -> None:
        after_keys(self, self._open_deck)  # a ↓ typed with the enter moves the cursor first

    def _open_deck(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        if row.damaged:
            self.notify(row.damaged, title="Progress damaged", severity="error", timeout=12, markup=False)
            return
        if row.missing:  # the dialog names the deck and where its file was
            self.ctx.nav.locate_deck(row.entry.deck_id)
            return
        if row.entry.deck_id == self.ctx.deck.id:
            self.ctx.nav.go_home()
            return
        self.load(Path(row.entry.path))

    @work(thread=True, exclusive=True)
    def load(self, path: Path) -> None:
        from tui.core.deck import DeckError
        from tui.core.formats import load_deck

        try:
            deck = load_deck(path)  # detected again: the file may have changed format
        except DeckError as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Could not open", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.ctx.nav.switch_deck, deck)

    def action_add_deck(self) -> None:
        self.ctx.nav.open_deck()
