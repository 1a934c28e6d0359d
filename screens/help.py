"""Help: every key of the screen the student was on, its own keys first.

With a text box focused, the screen's keys for while typing come first (`typing_help`), and the
box's editing keys are a few in plain words (`EDITING_KEYS`), not Textual's Input bindings one by
one ("accept the completion suggestion" in a box that suggests nothing).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

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

# The editing keys worth knowing in a text box: (shown as, the keys, what they do). An entry is listed
# only if the focused box has every one of its keys (a screen's own binding can take one over).
EDITING_KEYS = [
    ("←→", ("left", "right"), "Move the cursor"),
    ("ctrl+←→", ("ctrl+left", "ctrl+right"), "Move the cursor a word at a time"),
    ("home end", ("home", "end"), "Go to the start, the end"),
    ("backspace", ("backspace",), "Delete the character before the cursor"),
    ("ctrl+w", ("ctrl+w",), "Delete the word before the cursor"),
    ("ctrl+u", ("ctrl+u",), "Delete everything before the cursor"),
]
SUGGESTION_KEY = ("→", "At the end: take the suggestion shown after the cursor")


def _key_table() -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(justify="right")
    table.add_column()
    return table


def _key(key: str) -> Text:
    return Text.assemble((f" {key} ", "bold reverse"))


class HelpScreen(ModalScreen[None]):
    """A modal listing the keys of the screen beneath: its own, then everywhere's, then the text box's.

    `typing_bindings` are the keys of a focused text box (move the cursor, delete a word): the same
    in every box, so they come last, under "While typing", as the few of `EDITING_KEYS` the box has.
    A screen whose text box has the keyboard may say its keys for then, in plain words, with when
    each works: `typing_help() -> [(key, description)]`, listed first (its Footer shows only the
    keys working at this moment).
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
        box = beneath.focused
        self.box_suggests = isinstance(box, Input) and box.suggester is not None
        typing_help = getattr(beneath, "typing_help", None)
        self.typing_keys: list[tuple[str, str]] = (
            typing_help() if isinstance(box, Input) and typing_help is not None else []
        )

    def compose(self) -> ComposeResult:
        own = _key_table()
        shown_keys: set[str] = set()
        # A key kept off the Footer that does what a listed key does ("left" beside "←→ Change") is said once.
        footer_descriptions = {binding.description for binding in self.bindings if binding.show}
        for key, description in self.typing_keys:
            shown_keys.add(key)
            own.add_row(_key(key), Text(description))
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
        """The focused text box's editing keys worth knowing (`EDITING_KEYS`), those it has."""
        table = _key_table()
        bound = {binding.key for binding in self.typing_bindings}
        for shown_as, keys, description in EDITING_KEYS:
            if bound.issuperset(keys) and not shown_keys.intersection(keys):
                table.add_row(_key(shown_as), Text(description))
        if self.box_suggests and "right" in bound:
            table.add_row(_key(SUGGESTION_KEY[0]), Text(SUGGESTION_KEY[1]))
        return table

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
