"""The deck files tests read, and a way to write one of their own."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "decks"


def write_deck(tmp_path: Path, text: str, name: str) -> Path:
    """Write `text` as a UTF-8 deck file called `name` in `tmp_path`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
