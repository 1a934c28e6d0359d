"""A countdown: time left and a bar, a warning in the last 30 seconds, pausable.

It reads a `QuizClock` (which reads the app's injected clock). It ticks on an
interval timer only with animations on; tests move a fake clock and call
`tick()` themselves, so every frame is deterministic.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from tui.core.quiz import QuizClock
from tui.widgets.accuracy_bar import EMPTY, FULL
from tui.widgets.time_text import clock_text

TICK_SECONDS = 0.25
WARNING_SECONDS = 30.0
BAR_WIDTH = 12


class Countdown(Static):
    """`4:32 left ████████░░`, `Hurry! 0:25 left` near the end, `Paused · ...` while paused;
    `Time is up` once it ran out, `Handed in · 1:10 left` once the paper is in early.

    Without a time limit it counts up instead. Posts `Countdown.Expired` once
    when the time runs out.
    """

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        height: 1;
        margin-left: 2;
    }
    Countdown.-warning {
        color: $warning;
        text-style: bold;
    }
    """

    class Expired(Message):
        """The time limit has been reached."""

    def __init__(
        self, clock: QuizClock, *, animations: bool = True, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.clock = clock
        self.animations = animations
        self._expired_sent = False
        self._timer: Timer | None = None
        self._shown_width = -1  # cells of the text on show: a tick of the same width needs no layout
        self._shown: tuple[object, ...] | None = None  # the text on show: words, style, spans

    def on_mount(self) -> None:
        if self.animations:
            self._timer = self.set_interval(TICK_SECONDS, self.tick)
        self.tick()

    @property
    def paused(self) -> bool:
        return self.clock.is_held("paused")

    def stop(self) -> None:
        """The quiz is over: freeze the display and stop ticking."""
        self.clock.stop()
        if self._timer is not None:
            self._timer.stop()
        self.tick()

    def tick(self) -> None:
        """Show the time as of the clock now; announce expiry the first time it happens."""
        remaining = self.clock.remaining()
        hurry = (
            remaining is not None
            and remaining <= WARNING_SECONDS
            and not self.paused
            and not self.clock.stopped
        )
        self.set_class(hurry, "-warning")
        text = self.describe()
        look = (text.plain, str(text.style), tuple(text.spans))
        if look != self._shown:  # the same time (held for feedback, or within a second) is not drawn again
            # Four ticks a second: only a change of width (5:00 to 4:59 is none) makes the screen lay out again.
            self.update(text, layout=text.cell_len != self._shown_width)
            self._shown, self._shown_width = look, text.cell_len
        if self.clock.expired and not self._expired_sent:
            self._expired_sent = True
            self.post_message(self.Expired())

    def describe(self) -> Text:
        # Plain words, no emoji: emoji widths differ between terminals and break the layout.
        remaining = self.clock.remaining()
        limit = self.clock.limit_seconds
        if remaining is None or not limit:
            text = Text(f"Time {clock_text(self.clock.elapsed())}", style="bold")
            text.append(" · no time limit", style="dim")
        elif self.clock.expired:  # the paper was taken in at the end of the time: no more hurry
            text = Text("Time is up ", style="bold")
        elif self.clock.stopped:  # handed in early: the time left is what it was
            text = Text(f"Handed in · {clock_text(remaining)} left ", style="bold")
        else:
            warning = remaining <= WARNING_SECONDS
            text = Text(f"{'Hurry! ' if warning else ''}{clock_text(remaining)} left ", style="bold")
        if remaining is not None and limit:
            filled = round(BAR_WIDTH * remaining / limit)
            text.append(FULL * filled)
            text.append(EMPTY * (BAR_WIDTH - filled), style="dim")
        if self.paused:
            text = Text("Paused · ", style="bold") + text
        return text
