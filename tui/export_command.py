"""`revise export`: any deck (native, notes, Anki/Quizlet) written as a native TOML deck, ids kept.

Exit codes as `revise check`: 0 written, 2 a deck that cannot be read or an
output that cannot be written (one line on stderr, no traceback).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.exit_codes import EXIT_OK, EXIT_USAGE


def run_export(deck_path: str | None, deck_format: str | None, output: str | None, force: bool) -> int:
    """Write the deck at `deck_path` (default: the shipped deck) as native TOML to `output` or stdout."""
    from tui.core.deck import DeckError
    from tui.core.editing import native_text, write_native_copy
    from tui.core.formats import load_deck
    from tui.paths import shipped_deck_path

    try:
        deck = load_deck(Path(deck_path) if deck_path else shipped_deck_path(), deck_format)
        if output is None:
            _print(native_text(deck))
            return EXIT_OK
        write_native_copy(deck, Path(output), overwrite=force)
    except DeckError as error:
        print(f"revise: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"revise: wrote {len(deck.cards)} cards of {deck.title!r} to {output}", file=sys.stderr)
    return EXIT_OK


def _print(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `revise export | head`: the reader left; stay quiet about it
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
