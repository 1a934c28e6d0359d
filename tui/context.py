"""What every screen needs, handed to it as one typed object instead of fished off the app."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from tui.core.deck import Deck
    from tui.core.progress import ProgressStore
    from tui.navigation import Navigation
    from tui.writer import ProgressWriter

Clock = Callable[[], datetime]


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
class AppContext(msgspec.Struct):
    """The open deck, progress to read, the one write path, the clock, randomness and navigation.

    One object per app: opening another deck changes `deck` here, so every screen sees it.
    `progress` is for reading; every change goes through `writer`.
    """

    deck: Deck
    progress: ProgressStore
    writer: ProgressWriter
    now: Clock
    rng: random.Random
    nav: Navigation
    # Snapshots and tests turn clocks, blinking and flashes off for stable frames.
    animations: bool = True
