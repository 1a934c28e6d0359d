"""Open another deck: a path, loaded off the UI thread, errors shown where they happen."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.deck import Deck, DeckError
from tui.core.formats import load_deck
from tui.widgets.deck_text import deck_text
from tui.widgets.path_suggester import PathSuggester

# Every format `load_deck` opens, with the file names it knows them by (tui.core.formats.FORMAT_HINT).
OPENS = (
    "Opens a Revise deck (.toml), your notes in the plain format (.txt, .md), an Anki or Quizlet "
    "text export (.txt, .csv, .tsv) or an Anki package (.apkg, .colpkg)."
)


class OpenDeckScreen(ModalScreen[Deck | None]):
    """Type a deck path (native TOML, plain notes, Anki/Quizlet text, Anki package) and press enter."""

    HELP_TITLE = "Open a deck"
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, missing: tuple[str, str] | None = None) -> None:
        """`missing`: (title, old path) of a library deck whose file is gone, to be found again."""
        super().__init__()
        self.missing = missing

    def compose(self) -> ComposeResult:
        with Vertical(id="open-deck-box"):
            if self.missing is None:
                yield Static("Open a deck", id="open-deck-title")
                yield Static(OPENS, id="open-deck-help")
            else:
                title, old_path = self.missing
                yield Static(deck_text(f"Where is “{title}” now?"), id="open-deck-title")
                yield Static(
                    deck_text(
                        f"It was {old_path}, which is not there any more. Type where the file is now: "
                        "its progress comes with it."
                    ),
                    id="open-deck-help",
                )
            yield Input(placeholder="path to the deck file", id="open-deck-path", suggester=PathSuggester())
            yield Static("→ completes the path · enter opens · escape cancels", id="open-deck-status")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            self._status("Type the path of a deck file first.", error=True)
            return
        self._status(f"Opening {path} …")
        self.load(Path(path).expanduser())

    @work(thread=True, exclusive=True)
    def load(self, path: Path) -> None:
        try:
            deck = load_deck(path)
        except DeckError as error:
            self.app.call_from_thread(self._status, str(error), True)
            return
        self.app.call_from_thread(self.dismiss, deck)

    def _status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#open-deck-status", Static)
        status.update(deck_text(message))  # an error may quote the file: never markup, never control
        status.set_class(error, "error")

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
