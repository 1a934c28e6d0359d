"""The deck files tests read, and a way to write one of their own."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "decks"


def write_deck(tmp_path: Path, text: str, name: str) -> Path:
    """Write `text` as a UTF-8 deck file called `name` in `tmp_path`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def remember_two_my_notes(tmp_path: Path, store) -> list:
    """Two notes files both titled "My notes" (biology.txt, chemistry.txt) opened in `store`'s
    library as the app opens them: kept apart as my-notes and my-notes-2. Their decks, in order."""
    from tui.core.formats import load_deck
    from tui.core.library import claim_deck_id

    decks = []
    for name, text in (
        ("biology.txt", "What is DNA?\n\nGenes\n"),
        ("chemistry.txt", "What is H2O?\n\nWater\n"),
    ):
        path = write_deck(tmp_path, f"# My notes\n\n{text}", name)
        deck, _ = claim_deck_id(load_deck(path), store)
        store.remember_deck(deck.id, str(path), deck.title, deck.format, len(deck.cards))
        decks.append(deck)
    return decks
