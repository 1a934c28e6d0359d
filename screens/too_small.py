"""Shown instead of the app while the terminal is smaller than 80×24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """A polite request for a bigger terminal; goes away by itself when it is."""

    BINDINGS = [("escape", "noop", "")]

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self._describe()

    def on_resize(self) -> None:
        self._describe()

    def _describe(self) -> None:
        width, height = self.app.size
        self.query_one(Static).update(
            f"Revise needs a terminal of at least 80×24.\n"
            f"This one is {width}×{height}: please make it larger.\n\n"
            f"ctrl+q quits."
        )

    def action_noop(self) -> None:
        """Escape cannot go back from here: the screen beneath does not fit."""
