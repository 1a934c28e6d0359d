"""`revise` without --deck: the deck used last, or the shipped deck with a notice saying why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.deck import Deck
    from tui.core.progress import ProgressStore


def last_or_shipped_deck(store: ProgressStore) -> tuple[Deck, list[str]]:
    """The library's last deck loaded from its file, else the shipped deck; and notices for the app.
    A kept parse's cards are read on first use (`load_deck(read_later=True)`): after home is drawn.

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
            return load_deck(Path(entry.path), read_later=True), notices
        except DeckError as error:
            notices.append(
                f"Your last deck {entry.title!r} could not be opened ({error.message}): "
                f"{entry.path}. The shipped deck is open; d shows your decks."
            )
    return load_deck(shipped_deck_path(), read_later=True), notices


def own_copy_notices(deck: Deck, data_folder: Path) -> list[str]:
    """A notice when `deck` is the shipped deck's file while the student's own copy of it (same deck id,
    in the data folder's `my-decks/`, made by editing a card) holds their edits; else none.

    The file asked for stays open (an explicit `--deck` is what the student typed); the notice
    names the copy and how to open it, so the edits are never silently out of sight.
    """
    from tui.card_editing import _is_shipped, _same_deck

    if deck.source is None or not _is_shipped(Path(deck.source)):
        return []
    own = data_folder / "my-decks" / Path(deck.source).name
    if not _same_deck(own, deck):
        return []
    return [
        f"This is {deck.title!r} as shipped with Revise, without your edits. "
        f"Your own copy is {own}: d (Your decks) opens it."
    ]
