"""Help: every key of the screen the student was on, its own keys first."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.widgets.deck_text import deck_text

# Keys every Textual screen has; listing them would bury the screen's own keys.
FRAMEWORK_KEYS = {"tab", "shift+tab", "ctrl+c", "super+c", "ctrl+q", "ctrl+p", "^p", "^q"}
GLOBAL_KEYS = [
    ("ctrl+q", "Quit"),
    ("escape", "Back"),
    ("?", "Help (this list)"),
    ("f1", "Help, also while typing an answer"),
    ("/", "Search cards (where it types nothing)"),
    ("ctrl+p", "Command palette"),
]


def _key_table() -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(justify="right")
    table.add_column()
    return table


def _key(key: str) -> Text:
    return Text.assemble((f" {key} ", "bold reverse"))


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys of the screen beneath: its own, then everywhere's, then the text box's.

    `typing_bindings` are the keys of a focused text box (move the cursor, delete a word):
    the same in every box, so they come last, under "While typing", and the list scrolls.
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("f1", "dismiss", "Close", show=False),
        Binding("down,j", "scroll(1)", "Scroll", show=False),
        Binding("up,k", "scroll(-1)", "Scroll", show=False),
        Binding("pagedown,space", "scroll(10)", "Scroll", show=False),
        Binding("pageup", "scroll(-10)", "Scroll", show=False),
    ]

    def __init__(
        self, beneath: Screen, bindings: list[Binding], typing_bindings: Sequence[Binding] = ()
    ) -> None:
        super().__init__()
        self.beneath_title = getattr(beneath, "HELP_TITLE", None) or type(beneath).__name__.removesuffix(
            "Screen"
        )
        self.bindings = bindings
        self.allows_search = getattr(beneath, "ALLOWS_SEARCH", True)
        self.typing_bindings = list(typing_bindings)

    def compose(self) -> ComposeResult:
        own = _key_table()
        shown_keys: set[str] = set()
        # A key kept off the Footer that does what a listed key does ("left" beside "←→ Change") is said once.
        footer_descriptions = {binding.description for binding in self.bindings if binding.show}
        for binding in self.bindings:
            key = binding.key_display or binding.key
            if key in FRAMEWORK_KEYS or key in shown_keys or binding.description == "Help":
                continue
            if not binding.show and binding.description in footer_descriptions:
                continue
            shown_keys.add(key)
            own.add_row(_key(key), Text(binding.description))
        everywhere = _key_table()
        for key, description in GLOBAL_KEYS:
            if key == "/" and not self.allows_search:
                continue
            if key not in shown_keys:
                everywhere.add_row(_key(key), Text(description))
        with Vertical(id="help-box"):
            yield Static(deck_text(f"Keys — {self.beneath_title}", one_line=True), id="help-title")
            with VerticalScroll(id="help-scroll", can_focus=False):
                yield Static(own, id="help-keys")
                yield Static(Text("Everywhere", style="bold"), classes="help-section")
                yield Static(everywhere, id="help-global")
                typing = self._typing_table(shown_keys)
                if typing.row_count:
                    yield Static(Text("While typing", style="bold"), classes="help-section")
                    yield Static(typing, id="help-typing")
            yield Static("escape closes · ↑↓ scroll", id="help-hint")

    def _typing_table(self, shown_keys: set[str]) -> Table:
        table = _key_table()
        seen: set[str] = set()
        for binding in self.typing_bindings:
            key = binding.key_display or binding.key
            if key in FRAMEWORK_KEYS or key in shown_keys or binding.description in seen:
                continue
            seen.add(binding.description)
            table.add_row(_key(key), Text(binding.description))
        return table

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
