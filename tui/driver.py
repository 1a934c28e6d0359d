"""The terminal driver: Textual's Linux driver with `escape` delivered as soon as it is known.

A terminal sends the escape key as one lone byte, ESC, which also starts every other key's
sequence (arrows: ESC [ A). Textual's parser takes a lone ESC for the escape key once no more
bytes followed it for `ESCDELAY` (100 ms), but its input thread only looks at that deadline on
its 100 ms select tick: every `escape` (back, the most used key here) waited 100–200 ms while
any other key took a few. This driver's input loop sleeps exactly until the parser's deadline,
and waits `QUICK_ESCAPE` for the rest of a sequence unless the student set `ESCDELAY` (ms).

`read_keys` is a copy of Textual 8's `LinuxDriver.run_input_thread` loop with those two changes
(the project pins `textual<9`; tests/test_driver.py fails when the copied method changes shape).
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Callable
from threading import Event

from textual import constants
from textual._loop import loop_last
from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

# Seconds a lone ESC waits for the rest of a key's sequence. A terminal (and ssh) sends a key's
# sequence in one write, so its bytes arrive together; tmux 3.5 waits 10 ms for the same reason.
QUICK_ESCAPE = 0.02
IDLE_TICK = 0.1  # Textual's own select timeout when no sequence is pending: idle CPU as Textual's

Select = Callable[[float], list[tuple[selectors.SelectorKey, int]]]


def escape_wait() -> float:
    """Seconds a lone ESC waits: the student's `ESCDELAY` (ms, read by Textual) if set, else QUICK_ESCAPE."""
    return constants.ESCAPE_DELAY if "ESCDELAY" in os.environ else QUICK_ESCAPE


def read_keys(
    select: Select,
    read: Callable[[], bytes],
    emit: Callable[[Message], None],
    stop: Event,
    *,
    wait: float | None = None,
    debug: bool = False,
) -> None:
    """Parse the terminal's bytes into Textual's messages and `emit` them until `stop` is set.

    `select(timeout)` waits up to `timeout` seconds for input (selector events, [] if none);
    `read()` returns the bytes available. A lone ESC becomes the escape key `wait` seconds
    (default `escape_wait()`) after it arrived with nothing after it; a sequence split across
    reads within that time is still one key. Raises nothing of its own; EOF ends the parse.
    """
    wait = escape_wait() if wait is None else wait
    parser = XTermParser(debug)
    feed, tick = parser.feed, parser.tick
    decode = getincrementaldecoder("utf-8")().decode
    event_read = selectors.EVENT_READ

    def process_selector_events(
        selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
    ) -> None:
        for last, (_selector_key, mask) in loop_last(selector_events):
            if mask & event_read:
                unicode_data = decode(read(), final=final and last)
                if not unicode_data:
                    break  # stdin is piped and at its end
                for event in feed(unicode_data):
                    emit(event)
                # The parser's deadline for the rest of a sequence: ours, unless the student's is shorter.
                pending = parser._timeout_time
                if pending is not None:
                    parser._timeout_time = min(pending, get_time() + wait)
        for event in tick():
            emit(event)

    def timeout() -> float:
        # Sleep until the parser's deadline when a sequence is pending, else Textual's idle tick.
        pending = parser._timeout_time
        if pending is None:
            return IDLE_TICK
        return min(IDLE_TICK, max(0.0, pending - get_time()))

    try:
        while not stop.is_set():
            process_selector_events(select(timeout()))
        process_selector_events(select(timeout()), final=True)
    finally:
        try:
            for _event in feed(""):
                pass
        except (EOFError, ParseError):
            pass


class QuickEscapeDriver(LinuxDriver):
    """Textual's Linux/macOS driver whose input thread delivers a lone escape on time."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, as `read_keys`)."""
        selector = selectors.SelectSelector()
        fileno = self.fileno
        selector.register(fileno, selectors.EVENT_READ)
        stop = self.exit_event

        def select(timeout: float) -> list[tuple[selectors.SelectorKey, int]]:
            if stop.is_set() and fileno in selector.get_map():  # the last look, as Textual's loop does
                selector.unregister(fileno)
            return selector.select(timeout)

        try:
            read_keys(
                select, lambda: os.read(fileno, 1024 * 4), self.process_message, stop, debug=self._debug
            )
        finally:
            selector.close()
