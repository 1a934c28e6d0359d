"""One module per deck format; `load` detects which one a file is in. (Not built yet.)"""

from __future__ import annotations

from pathlib import Path

from tui.core.deck import Deck, DeckError


def load(path: Path, format: str | None = None) -> Deck:
    raise DeckError(path, "deck loading is not built yet")
