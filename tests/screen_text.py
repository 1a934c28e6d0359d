"""Read what a running app shows, as plain text lines (what a student would see)."""

from __future__ import annotations


def screen_lines(app) -> list[str]:
    """The visible screen, one string per terminal row, trailing spaces removed."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))
