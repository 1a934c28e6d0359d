"""Match the date. (Not built yet.)"""

from __future__ import annotations

from tui.screens import coming_soon


def open_match(app, topic: str | None) -> None:
    coming_soon(app, "Match the date")
