"""Shown instead of the app while the terminal is smaller than 80×24."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

# Keys kept while the notice is up and given to the answer box beneath when it goes.
EDITING_KEYS = frozenset({"backspace"})


def type_into_focused(app: App[object], keys: list[tuple[str, str | None]]) -> None:
    """Give `keys` (key, character) to the text box that has the keyboard now, as if typed there.

    Anything else (no text box, a key that is not text) is dropped: a hidden screen takes no actions.
    """
    box = app.screen.focused
    for key, character in keys:
        if isinstance(box, Input):
            if key == "backspace":
                box.action_delete_left()
            elif character:
                box.insert_text_at_cursor(character)
        elif isinstance(box, TextArea) and not box.read_only:
            if key == "backspace":
                box.action_delete_left()
            elif character:
                box.insert(character)


class TooSmallScreen(ModalScreen[None]):
    """A polite request for a bigger terminal; goes away by itself when it is.

    The app gives it the size from each resize event (`show_size`): `App.size` lags one
    event behind while the event is handled. Letters typed meanwhile (a student typing an
    answer while dragging the window) are kept and typed into the answer box when it goes.
    """

    BINDINGS = [("escape", "noop", "")]

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.kept: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield Static(self._describe(), id="too-small-message")

    def on_key(self, event: events.Key) -> None:
        if event.is_printable or event.key in EDITING_KEYS:
            self.kept.append((event.key, event.character))
            event.stop()
            event.prevent_default()

    def on_unmount(self) -> None:
        if self.kept:  # the screen beneath has the keyboard back once this one is gone
            kept, app = self.kept, self.app
            self.kept = []
            app.call_later(type_into_focused, app, kept)

    def show_size(self, width: int, height: int) -> None:
        """The terminal is `width`×`height` now (still too small)."""
        self.width, self.height = width, height
        if self.is_mounted:
            self.query_one("#too-small-message", Static).update(self._describe())

    def _describe(self) -> Text:
        return Text(
            f"Revise needs a terminal of at least 80×24.\n"
            f"This one is {self.width}×{self.height}: please make it larger.\n\n"
            "A quiz or match clock is stopped until then;\n"
            "what you type goes into the answer box. ctrl+q quits."
        )

    def action_noop(self) -> None:
        """Escape cannot go back from here: the screen beneath does not fit."""
