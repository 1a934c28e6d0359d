"""Run a screen's key action only once the keys typed before it have had their effect.

A priority binding (enter on a list screen) is taken by the app the moment its key is read,
but the keys read before it in the same instant ("↓⏎" from one read of the terminal) still
wait in the focused widget's queue, and a list's own keys act only once they have bubbled
back up to the app. `after_keys` sends the action along that same road, so it runs after them.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.screen import Screen


class AfterKeys(Message):
    """Bubbles from the focused widget to the app, behind the keys sent that way before it."""

    def __init__(self, screen: Screen, callback: Callable[[], object]) -> None:
        super().__init__()
        self.screen = screen
        self.callback = callback


def after_keys(screen: Screen, callback: Callable[[], object]) -> None:
    """Call `callback` once every key sent to `screen`'s focused widget before now is handled.

    The app runs it (`RevisionApp.on_after_keys`) only if `screen` is still the one shown:
    a key among them (escape) may have left it.
    """
    target = screen.focused or screen
    target.post_message(AfterKeys(screen, callback))
