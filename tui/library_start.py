"""`revise` without --deck: the deck used last, or the shipped deck with a notice saying why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.deck import Deck
    from tui.core.progress import ProgressStore


def last_or_shipped_deck(store: ProgressStore) -> tuple[Deck, list[str]]:
    """The library's last deck loaded from its file, else the shipped deck; and notices for the app.

    A last deck whose file is gone or no longer loads gives the shipped deck and a notice
    naming the file and the problem (the Decks screen, `d`, can locate it again).
    """
    from tui.core.deck import DeckError
    from tui.core.formats import load_deck
    from tui.paths import shipped_deck_path

    entry = store.last_deck()
    notices: list[str] = []
    if entry is not None:
        try:
            return load_deck(Path(entry.path)), notices
        except DeckError as error:
            notices.append(
                f"Your last deck {entry.title!r} could not be opened ({error.message}): "
                f"{entry.path}. The shipped deck is open; d shows your decks."
            )
    return load_deck(shipped_deck_path()), notices
