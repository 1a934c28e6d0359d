"""Quiz setup modal. (Not built yet.)"""

from __future__ import annotations

from tui.screens import coming_soon


def open_quiz_setup(app, topics: list[str] | None) -> None:
    coming_soon(app, "The timed quiz")
