"""Durations as a student reads them."""

from __future__ import annotations


def format_seconds(seconds: float) -> str:
    """`12.5 s` under a minute, `1:04.2` from a minute on."""
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:04.1f}" if minutes else f"{secs:.1f} s"


def clock_text(seconds: float) -> str:
    """`4:05` (minutes and seconds, rounded up so 0:00 means time is really up)."""
    whole = int(-(-max(seconds, 0.0) // 1))
    return f"{whole // 60}:{whole % 60:02d}"
