"""The quiz screen and review drills. (Not built yet.)"""

from __future__ import annotations

from tui.screens import coming_soon


def open_review(app, card_ids: list[str], title: str, on_done=None) -> None:
    coming_soon(app, "Review drills")
