"""Durations as a student reads them."""

from __future__ import annotations


def format_seconds(seconds: float) -> str:
    """`12.5 s` under a minute, `1:04.2` from a minute on."""
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:04.1f}" if minutes else f"{secs:.1f} s"
