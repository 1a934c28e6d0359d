"""Help: every key of the screen the student was on."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
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
    ("ctrl+p", "Command palette"),
]


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys of the screen beneath it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("f1", "dismiss", "Close", show=False),
    ]

    def __init__(self, beneath: Screen, bindings: list[Binding]) -> None:
        super().__init__()
        self.beneath_title = getattr(beneath, "HELP_TITLE", None) or type(beneath).__name__.removesuffix(
            "Screen"
        )
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 1))
        table.add_column(justify="right")
        table.add_column()
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
            table.add_row(Text.assemble((f" {key} ", "bold reverse")), Text(binding.description))
        table.add_row("", "")
        for key, description in GLOBAL_KEYS:
            if key not in shown_keys:
                table.add_row(Text.assemble((f" {key} ", "bold reverse")), Text(description))
        with Vertical(id="help-box"):
            yield Static(deck_text(f"Keys — {self.beneath_title}", one_line=True), id="help-title")
            yield Static(table, id="help-keys")
            yield Static("escape closes this list", id="help-hint")
