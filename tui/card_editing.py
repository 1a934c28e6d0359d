"""Editing and adding cards from the app: $VISUAL/$EDITOR or the in-app editor, then the deck file.

The text goes to the student's editor as a temporary file: the question, one
separator line, the answer. Without an editor set, the in-app dialog
(screens/edit_card.py) asks for the same. `tui.core.editing` writes the change
into the deck file in its own format; progress stays with the card: a notes
card whose question changed moves its record to its new id, an untitled deck
whose id follows its cards moves its records to the new id, and an edited
answer is noted on the record ("answer edited on <date>"). Imported decks are
read-only: the student may save a native copy (NAME.toml beside the file,
same deck id, so the same progress) and edit that.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from tui.context import AppContext
    from tui.core.deck import Card, Deck
    from tui.core.editing import SavedCard

SEPARATOR = "---- the question is above this line, the answer below ----"

OnSaved = Callable[["Card"], None]


def editor_command() -> list[str] | None:
    """The student's editor ($VISUAL, else $EDITOR) as a command line, or None when neither is set."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    return None


def editor_text(question: str, answer: str) -> str:
    """What the editor opens: the question, the separator line, the answer."""
    return f"{question}\n{SEPARATOR}\n{answer}\n"


def parse_editor_text(text: str) -> tuple[str, str]:
    """(question, answer) from the edited file. Raises ValueError when the separator line is gone."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == SEPARATOR:
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index + 1 :]).strip()
    raise ValueError("the separator line between question and answer was removed, so nothing was saved")


def native_copy_path(source: Path) -> Path:
    """NAME.toml beside the deck file, or NAME-copy.toml, NAME-copy-2.toml ... when taken."""
    candidate = source.with_suffix(".toml")
    number = 1
    while candidate.exists():
        suffix = "-copy" if number == 1 else f"-copy-{number}"
        candidate = source.with_name(f"{source.stem}{suffix}.toml")
        number += 1
    return candidate


def _is_shipped(source: Path) -> bool:
    """The deck file that comes with Revise (in its install, or the checkout's `data/`)."""
    from tui.paths import shipped_deck_path

    try:
        return source.resolve() == shipped_deck_path().resolve()
    except (OSError, FileNotFoundError):
        return False


def _same_deck(path: Path, deck: Deck) -> bool:
    """`path` is a native deck file with `deck`'s id (a copy made before)."""
    from tui.core.deck import DeckError
    from tui.core.formats import load_deck

    if not path.is_file():
        return False
    try:
        return load_deck(path, "native").id == deck.id
    except DeckError:
        return False


class CardEditing:
    """One edit or addition, from the key press to the saved file and the progress records."""

    def __init__(self, app: App[None], ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx

    # -- entry points ---------------------------------------------------------------

    def edit(
        self,
        card: Card,
        on_saved: OnSaved | None = None,
        on_done: Callable[[], None] | None = None,
        reading: tuple[Sequence[str], str] | None = None,
    ) -> None:
        """Edit `card`; `on_saved` gets the saved card; `on_done` runs once the edit is over, saved or not.
        `reading`: (card ids, context) of the card reader's run, shown again on a copy of the deck."""
        finished = on_done or (lambda: None)
        if not self._editable(lambda: self._edit_on_copy(card.id, reading), finished):
            return
        command = editor_command()
        if command is not None:
            answer = self._run_editor(command, card.question, card.answer)
            if answer is not None:
                self._save_edit(card, *answer, on_saved)
            finished()
            return
        from screens.edit_card import EditCardScreen

        def save(question: str, answer: str) -> str | None:
            return self._save_edit(card, question, answer, on_saved, in_editor=True)

        self.app.push_screen(
            EditCardScreen(f"Edit card · {card.topic}", card.question, card.answer, save),
            lambda _result: finished(),
        )

    def add(self, topic: str, on_saved: OnSaved | None = None) -> None:
        if not self._editable(lambda: self.add(topic, None)):
            return
        command = editor_command()
        if command is not None:
            answer = self._run_editor(command, "", "")
            if answer is not None and any(answer):
                self._save_add(topic, *answer, on_saved)
            return
        from screens.edit_card import EditCardScreen

        def save(question: str, answer: str) -> str | None:
            return self._save_add(topic, question, answer, on_saved, in_editor=True)

        self.app.push_screen(EditCardScreen(f"New card · {topic}", "", "", save))

    # -- read-only decks -------------------------------------------------------------

    def _edit_on_copy(self, card_id: str, reading: tuple[Sequence[str], str] | None = None) -> None:
        """The copy is open (on home): the card is shown again, read from the copy, and its edit goes on,
        so a save or escape comes back to the card, not to home. Read in the run it was read in (a
        topic's cards, a search's), at the same card; without one, in the whole deck."""
        from screens.card_reader import CardReaderScreen

        deck = self.ctx.deck
        ids, context = reading if reading is not None else ([card.id for card in deck.cards], "")
        cards = [deck.card(i) for i in ids if deck.has_card(i)]
        index = next((i for i, card in enumerate(cards) if card.id == card_id), None)
        if index is None:  # a copy that no longer has the card (edited outside): home says the deck
            return
        reader = CardReaderScreen(self.ctx, cards, index, context)
        self.app.push_screen(reader)
        reader.action_edit_card()

    def _editable(self, again: Callable[[], None], finished: Callable[[], None] = lambda: None) -> bool:
        """True for a native or notes deck with a file; else offer a native copy, then `again`
        (`finished` runs when the student declines, or there is nothing to offer)."""
        from tui.core.editing import EDITABLE_FORMATS

        deck = self.ctx.deck
        if deck.source is None:
            self.app.notify("This deck has no file to write to.", severity="warning", markup=False)
            finished()
            return False
        shipped = _is_shipped(Path(deck.source))
        if deck.format in EDITABLE_FORMATS and not shipped:
            return True
        from screens.edit_card import ConfirmScreen

        if shipped:  # an update of Revise would replace that file, and the student's edits with it
            own = self._own_decks() / Path(deck.source).name
            if _same_deck(own, deck):  # made before: that copy holds the edits, never a second one
                copy = own
                question = (
                    f"{deck.title!r} comes with Revise; your own copy is {own}.\n"
                    "Open your copy (progress comes along) and edit that?"
                )
            else:
                copy = native_copy_path(own)
                question = (
                    f"{deck.title!r} comes with Revise: an update would replace its file and your edits.\n"
                    f"Save your own copy as {copy} (progress comes along) and edit that?"
                )
        else:
            copy = native_copy_path(Path(deck.source))
            question = (
                f"{deck.title!r} is an imported {deck.format} deck: Revise does not change its file.\n"
                f"Save a native copy as {copy.name} beside it (progress comes along) and edit that?"
            )

        def answered(yes: bool | None) -> None:
            if yes and self._switch_to_copy(deck, copy):
                again()  # on the copy, from home: the screen that asked is gone
            else:
                finished()

        self.app.push_screen(ConfirmScreen(question), answered)
        return False

    def _own_decks(self) -> Path:
        """Where copies of the shipped deck go: the data folder's `my-decks/`."""
        from tui.paths import data_dir

        folder = getattr(self.app, "data_dir", None)
        return (Path(folder) if folder is not None else data_dir()) / "my-decks"

    def _switch_to_copy(self, deck: Deck, copy: Path) -> bool:
        from tui.core.deck import DeckError
        from tui.core.editing import EditError, write_atomic, write_native_copy
        from tui.core.formats import load_deck

        try:
            if _same_deck(copy, deck):
                pass  # the student's own copy already: open it as it is
            elif deck.format == "native" and deck.source is not None:  # the file as it is, comments too
                try:
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    data = Path(deck.source).read_bytes()
                except OSError as error:
                    raise EditError(
                        copy, f"cannot be written ({error.strerror})", "check the folder"
                    ) from None
                write_atomic(copy, data)
            else:
                write_native_copy(deck, copy)
            native = load_deck(copy, "native")
        except DeckError as error:
            self.app.notify(
                str(error), title="Could not save a copy", severity="error", timeout=10, markup=False
            )
            return False
        self.ctx.nav.switch_deck(native)  # same deck id: the same progress
        self.app.notify(f"Saved {copy}; this copy is the open deck now.", title="Native copy", markup=False)
        return True

    # -- the editor --------------------------------------------------------------------

    def _run_editor(self, command: list[str], question: str, answer: str) -> tuple[str, str] | None:
        """Suspend the app, let the editor change the temp file, read it back (None: nothing to save)."""
        from textual.app import SuspendNotSupported

        handle, name = tempfile.mkstemp(prefix="revise-card-", suffix=".txt")
        path = Path(name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(editor_text(question, answer))
            try:
                with self.app.suspend():
                    code = self._call(command, path)
            except SuspendNotSupported:  # no terminal to hand over (headless): run it as it is
                code = self._call(command, path)
            if code is None:
                return None
            if code != 0:
                self.app.notify(
                    f"{command[0]} exited with status {code}; nothing was saved.",
                    severity="warning",
                    markup=False,
                )
                return None
            text = path.read_text(encoding="utf-8", errors="replace")
        finally:
            path.unlink(missing_ok=True)
        try:
            return parse_editor_text(text)
        except ValueError as error:
            self.app.notify(
                f"{str(error).capitalize()}.", title="Not saved", severity="warning", timeout=8, markup=False
            )
            return None

    def _call(self, command: list[str], path: Path) -> int | None:
        try:
            return subprocess.call([*command, str(path)])
        except OSError as error:
            self.app.notify(
                f"Could not start the editor {command[0]!r} ({error.strerror}); check $VISUAL/$EDITOR.",
                severity="error",
                timeout=10,
                markup=False,
            )
            return None

    # -- writing ----------------------------------------------------------------------

    def _save_edit(
        self, card: Card, question: str, answer: str, on_saved: OnSaved | None, *, in_editor: bool = False
    ) -> str | None:
        """Write the edit; None when done, or why the file was not written when `in_editor` (the
        in-app editor then stays open with the text; otherwise a notice says it)."""
        from tui.core.editing import DeckChanged, EditError, edit_card

        deck = self.ctx.deck
        if not deck.has_card(card.id):
            self.app.notify("That card is no longer in the deck.", severity="warning", markup=False)
            return None
        also = ""
        try:
            try:
                saved = edit_card(deck, card.id, question=question, answer=answer)
            except DeckChanged:
                # Changed on disk: the edit still goes in when this card itself is as it was.
                fresh, also = self._reload_for_edit(deck, card)
                if fresh is None:
                    raise
                deck = fresh
                saved = edit_card(deck, card.id, question=question, answer=answer)
        except EditError as error:
            if in_editor:
                return str(error)
            self.app.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)
            return None
        saved = self._claimed(saved)
        if saved.deck is deck:
            if deck is not self.ctx.deck:  # the file's outside change is the open deck now
                self._apply(deck, saved)
            self.app.notify("Nothing changed." + also, timeout=3, markup=False)
            return None
        self._apply(deck, saved)
        if saved.id_changed:
            self.ctx.writer.move_card_progress(saved.deck.id, card.id, saved.card_id)
        if saved.answer_changed:
            self.ctx.writer.note_answer_edited(saved.deck.id, saved.card_id)
        self.app.notify(
            "Saved to the deck file; its progress is kept." + also, title="Card edited", markup=False
        )
        self._tell(saved, on_saved)
        return None

    def _reload_for_edit(self, deck: Deck, card: Card) -> tuple[Deck | None, str]:
        """The deck as its file is now, with the outside change's progress bookkeeping done (as
        ctrl+r does), when `card` is in it unchanged; else (None, ""): the edit stays refused.

        The open deck becomes the file's deck once the edit is written (`_apply`)."""
        from tui.core.deck import DeckError
        from tui.core.deck_diff import reload_deck
        from tui.core.library import claim_deck_id

        try:
            fresh, diff = reload_deck(deck)
        except DeckError:
            return None, ""
        fresh, _ = claim_deck_id(fresh, self.ctx.progress)  # kept apart from a same-titled file
        if not fresh.has_card(card.id) or fresh.card(card.id) != deck.card(card.id):
            return None, ""
        writer = self.ctx.writer
        if fresh.id != deck.id:  # an untitled deck's id follows its cards: its progress does too
            writer.carry_progress(deck.id, fresh.id)
        for old_id, new_id in diff.renamed:
            writer.move_card_progress(fresh.id, old_id, new_id)
        for card_id in diff.answer_edited:
            writer.note_answer_edited(fresh.id, card_id)
        return fresh, f" The other change to the file was loaded too: {diff.summary()}"

    def _save_add(
        self, topic: str, question: str, answer: str, on_saved: OnSaved | None, *, in_editor: bool = False
    ) -> str | None:
        """Add the card; None when done, or why not when `in_editor` (as `_save_edit`)."""
        from tui.core.editing import EditError, add_card

        deck = self.ctx.deck
        try:
            saved = add_card(deck, topic, question, answer)
        except EditError as error:
            if in_editor:
                return str(error)
            self.app.notify(str(error), title="Not added", severity="error", timeout=10, markup=False)
            return None
        saved = self._claimed(saved)
        self._apply(deck, saved)
        self.app.notify(f"Added to {topic}.", title="Card added", markup=False)
        self._tell(saved, on_saved)
        return None

    def _claimed(self, saved: SavedCard) -> SavedCard:
        """`saved` with its re-loaded deck under the id it goes by in the library: a file kept apart
        from a same-titled one (`claim_deck_id`) stays apart after an edit, its progress with it."""
        from dataclasses import replace

        from tui.core.library import claim_deck_id

        deck, _ = claim_deck_id(saved.deck, self.ctx.progress)
        return saved if deck is saved.deck else replace(saved, deck=deck)

    def _apply(self, old: Deck, saved: SavedCard) -> None:
        """The written deck is the open deck; records follow a changed deck id; the watcher is told."""
        ctx = self.ctx
        if saved.deck.id != old.id:
            ctx.writer.carry_progress(old.id, saved.deck.id)
        ctx.deck = saved.deck
        ctx.writer.remember_deck(saved.deck)
        watcher = getattr(self.app, "deck_watcher", None)
        if watcher is not None:
            watcher.watch(saved.deck)  # our own write is not a change to offer a reload for

    def _tell(self, saved: SavedCard, on_saved: OnSaved | None) -> None:
        if on_saved is None:
            return
        card = saved.deck.card(saved.card_id)
        self.ctx.writer.when_saved(lambda: on_saved(card))
