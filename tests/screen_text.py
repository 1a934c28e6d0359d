"""Read what a running app shows, as plain text lines (what a student would see)."""

from __future__ import annotations


def screen_lines(app) -> list[str]:
    """The visible screen, one string per terminal row, trailing spaces removed."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))


async def shown(pilot, app, *needles: str, frames: int = 200) -> str:
    """The screen's text once it shows every one of `needles`, waiting frame by frame, not by time.

    Some parts are drawn a frame after the key that changed them (the Footer recomposes after a
    bindings change): a single `pilot.pause()` can read the screen between the two.
    """
    text = screen_text(app)
    for _ in range(frames):
        if all(needle in text for needle in needles):
            break
        await pilot.pause()
        text = screen_text(app)
    return text
