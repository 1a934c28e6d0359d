"""A stopwatch: elapsed time read from an injected clock.

It ticks on an interval timer only with animations on; tests move a fake
clock and call `refresh_time()` instead, so every frame is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from tui.widgets.time_text import format_seconds

TICK_SECONDS = 0.1


class Stopwatch(Static):
    """`Time 12.3 s`: counts up from `start()` until `stop()`."""

    DEFAULT_CSS = """
    Stopwatch {
        width: auto;
        height: 1;
    }
    """

    def __init__(
        self,
        now: Callable[[], datetime],
        label: str = "Time",
        *,
        animations: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.now = now
        self.animations = animations
        self.label = label
        self._started_at: datetime | None = None
        self._stopped_at: datetime | None = None
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        if self.animations:
            self._timer = self.set_interval(TICK_SECONDS, self.refresh_time, pause=self._started_at is None)
        self.refresh_time()

    @property
    def elapsed(self) -> float:
        """Seconds from start to stop (or to now while running); 0 before the start."""
        if self._started_at is None:
            return 0.0
        end = self._stopped_at or self.now()
        return max((end - self._started_at).total_seconds(), 0.0)

    def start(self, at: datetime | None = None) -> None:
        """Start counting from `at` (default: now), forgetting any earlier run."""
        self._started_at = at or self.now()
        self._stopped_at = None
        if self._timer is not None:
            self._timer.resume()
        self.refresh_time()

    def stop(self, at: datetime | None = None) -> None:
        """Freeze the time shown at `at` (default: now)."""
        if self._started_at is None:
            return
        self._stopped_at = at or self.now()
        if self._timer is not None:
            self._timer.pause()
        self.refresh_time()

    def refresh_time(self) -> None:
        """Show the elapsed time as of the clock now."""
        self.update(Text.assemble((f"{self.label} ", "bold"), format_seconds(self.elapsed)))
