"""One module per screen, named after what the student sees."""

from __future__ import annotations

from textual.app import App


def coming_soon(app: App, feature: str) -> None:
    """Say honestly that a section is not built yet."""
    app.notify(f"{feature} is coming soon.", title="Not built yet", severity="warning")
