"""A section that is not built yet says so honestly, with a way back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ComingSoonScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.back", "Back")]
    FEATURE = "This section"

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(), Center():
            yield Static(f"{self.FEATURE} is coming soon.\n\nescape goes back.", id="coming-soon")
        yield Footer()
