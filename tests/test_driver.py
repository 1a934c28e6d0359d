"""The terminal driver (tui.driver): a lone escape is the escape key at its deadline, sequences stay whole."""

from __future__ import annotations

import hashlib
import inspect
import selectors
import time
from threading import Event

import pytest
from textual import events
from textual._parser import Parser
from textual.drivers.linux_driver import LinuxDriver

from tui import driver
from tui.app import RevisionApp
from tui.driver import IDLE_TICK, QuickEscapeDriver, read_keys

WAIT = 0.005  # the escape wait these tests use: short, so a test takes milliseconds

# sha256 of Textual 8.2's LinuxDriver.run_input_thread, which tui.driver.read_keys copies.
COPIED_SOURCE = "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c"


def test_the_copied_textual_input_loop_is_unchanged():
    """A Textual upgrade that changes the loop we copied fails here: compare tui.driver with the new
    LinuxDriver.run_input_thread, carry its changes over, then record the new hash."""
    source = inspect.getsource(LinuxDriver.run_input_thread)
    assert hashlib.sha256(source.encode()).hexdigest() == COPIED_SOURCE, (
        "Textual's LinuxDriver.run_input_thread changed: update tui.driver.read_keys to match"
    )
    # The parser's pending deadline that read_keys reads and shortens.
    assert "_timeout_time" in inspect.getsource(Parser.feed)
    assert "_timeout_time" in inspect.getsource(Parser.tick)


class Terminal:
    """Bytes arriving in chunks; `None` in the script is a select that finds nothing (it waits)."""

    def __init__(self, *chunks: bytes | None) -> None:
        self.script = list(chunks)
        self.pending: bytes = b""
        self.timeouts: list[float] = []
        self.keys: list[str] = []
        self.keys_at_select: list[tuple[float, int]] = []  # (timeout asked, keys emitted by then)
        self.stop = Event()

    def select(self, timeout: float) -> list[tuple[selectors.SelectorKey, int]]:
        self.keys_at_select.append((timeout, len(self.keys)))
        if not self.script:
            self.stop.set()
            return []
        chunk = self.script.pop(0)
        if chunk is None:
            time.sleep(timeout)  # nothing came: select waited its whole timeout
            return []
        self.pending = chunk
        return [(None, selectors.EVENT_READ)]  # type: ignore[list-item]

    def read(self) -> bytes:
        chunk, self.pending = self.pending, b""
        return chunk

    def emit(self, message: object) -> None:
        if isinstance(message, events.Key):
            self.keys.append(message.key)

    def run(self, wait: float = WAIT) -> list[str]:
        read_keys(self.select, self.read, self.emit, self.stop, wait=wait)
        return self.keys


def test_a_lone_escape_is_the_escape_key_at_its_deadline_not_on_the_idle_tick():
    terminal = Terminal(b"\x1b", None, None, None)
    assert terminal.run() == ["escape"]
    after_escape = terminal.keys_at_select[1:]
    # The loop slept until the escape's deadline (at most the wait), never a whole idle tick before it.
    first_idle = next(i for i, (timeout, _keys) in enumerate(after_escape) if timeout == IDLE_TICK)
    assert all(timeout <= WAIT for timeout, _keys in after_escape[:first_idle])
    assert after_escape[first_idle][1] == 1  # the escape was out before the loop went idle


@pytest.mark.parametrize(
    ("chunks", "key"),
    [
        ((b"\x1b", b"[A"), "up"),
        ((b"\x1b[", b"B"), "down"),
        ((b"\x1bO", b"P"), "f1"),
        ((b"\x1b[1", b"5~"), "f5"),
        ((b"\x1b[A",), "up"),
    ],
)
def test_a_key_sequence_split_across_reads_is_still_one_key(chunks, key):
    assert Terminal(*chunks, None).run(wait=0.5) == [key]


def test_escape_then_a_letter_after_the_wait_are_two_keys():
    assert Terminal(b"\x1b", None, None, b"j", None).run() == ["escape", "j"]


def test_keys_typed_together_come_out_in_order():
    assert Terminal(b"ab\x1b[Dc", None).run() == ["a", "b", "left", "c"]


def test_the_students_escdelay_is_kept(monkeypatch):
    monkeypatch.setenv("ESCDELAY", "250")
    monkeypatch.setattr(driver.constants, "ESCAPE_DELAY", 0.25)
    assert driver.escape_wait() == 0.25
    monkeypatch.delenv("ESCDELAY")
    assert driver.escape_wait() == driver.QUICK_ESCAPE


def test_the_app_uses_it_in_a_terminal_and_textuals_own_when_told(monkeypatch):
    from tui.core.formats import load_deck
    from tui.paths import shipped_deck_path

    deck = load_deck(shipped_deck_path())
    assert RevisionApp(deck).driver_class is QuickEscapeDriver
    monkeypatch.setattr(driver.constants, "DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    assert RevisionApp(deck).driver_class is LinuxDriver


def test_the_textual_internals_the_app_leans_on_are_there():
    """RevisionApp skips Textual's frame hold and CSS re-parse on a mode switch (tui.app): a Textual
    upgrade that renames what it overrides or reads fails here instead of silently costing time."""
    from textual.app import App
    from textual.screen import Screen

    switch = inspect.getsource(App.switch_mode)
    assert "self.delay_update()" in switch and "_screen_stacks" in switch
    init_mode = inspect.getsource(App._init_mode)
    assert "self._load_screen_css(screen)" in init_mode and "_css_update_count" in init_mode
    assert "refresh_styles" in inspect.getsource(Screen._on_screen_resume)
