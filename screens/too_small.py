"""Shown instead of the app while the terminal is smaller than 80×24."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """A polite request for a bigger terminal; goes away by itself when it is.

    The app gives it the size from each resize event (`show_size`): `App.size` lags one
    event behind while the event is handled.
    """

    BINDINGS = [("escape", "noop", "")]

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.width, self.height = width, height

    def compose(self) -> ComposeResult:
        yield Static(self._describe(), id="too-small-message")

    def show_size(self, width: int, height: int) -> None:
        """The terminal is `width`×`height` now (still too small)."""
        self.width, self.height = width, height
        if self.is_mounted:
            self.query_one("#too-small-message", Static).update(self._describe())

    def _describe(self) -> Text:
        return Text(
            f"Revise needs a terminal of at least 80×24.\n"
            f"This one is {self.width}×{self.height}: please make it larger.\n\n"
            "A quiz or match clock is stopped until then. ctrl+q quits."
        )

    def action_noop(self) -> None:
        """Escape cannot go back from here: the screen beneath does not fit."""
