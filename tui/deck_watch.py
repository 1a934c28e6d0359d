"""Reload on change: the open deck's file is checked every few seconds; a change is offered as a reload.

Only the file's size and modification time are read (one `stat`), so checking
costs nothing while the student revises. Reloading keeps progress by card id,
moves the records of notes cards whose question (and so id) changed, notes
edited answers, and says what changed (`DeckDiff.summary`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import Notification
    from textual.timer import Timer

    from tui.core.deck import Deck

CHECK_SECONDS = 3.0
RELOAD_KEY = "ctrl+r"


def _stat(path: os.PathLike[str] | str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class DeckWatcher:
    """Watches the open deck's file for the app; `check` is also called directly by tests."""

    def __init__(self, app: App[None], every: float | None = CHECK_SECONDS) -> None:
        self.app = app
        self.every = every
        self._path: str | None = None
        self._seen: tuple[int, int] | None = None
        self._told: tuple[int, int] | None = None
        self._notice: Notification | None = None  # "Deck changed … ctrl+r", while it may still show
        self._timer: Timer | None = None

    def watch(self, deck: Deck) -> None:
        """Watch `deck`'s file from its state now (after opening it, or after the app wrote it).

        A "press ctrl+r" notice still showing is withdrawn: the file as it is now is the open deck
        (a save that loaded the outside change with it, a reload), so there is nothing to reload."""
        self._path = str(deck.source) if deck.source is not None else None
        self._seen = _stat(self._path) if self._path else None
        self._told = None
        if self._notice is not None:
            self.app._unnotify(self._notice)  # Textual has no public call to take back one toast
            self._notice = None
        if self._timer is None and self.every and self._path:
            self._timer = self.app.set_interval(self.every, self.check)

    @property
    def changed(self) -> bool:
        """The file is not as last seen (edited in another window, replaced, or gone)."""
        return self._path is not None and _stat(self._path) != self._seen

    def check(self) -> bool:
        """Tell the student once per change that the deck file changed; True when it has."""
        if not self.changed or self._path is None:
            return False
        now = _stat(self._path)
        if now is not None and now != self._told:
            from textual.notifications import Notification, Notify

            self._told = now
            quiz = getattr(self.app, "running_quiz", lambda: None)()
            kind = "exam" if quiz is not None and quiz.quiz.exam and not quiz.quiz.handed_in else "quiz"
            what = (
                f"Press {RELOAD_KEY} to reload it: that ends this {kind} (it asks first), "
                f"or press it once the {kind} is over."
                if quiz is not None
                else f"Press {RELOAD_KEY} to reload it (progress is kept)."
            )
            # Posted as App.notify does, keeping the notification so `watch` can withdraw it.
            self._notice = Notification(
                f"Its file changed on disk. {what}",
                title="Deck changed",
                timeout=10,
                markup=False,
            )
            self.app.post_message(Notify(self._notice))
        return True

    def reload(self) -> None:
        """Load the deck's file again and make it the open deck, saying what changed."""
        from tui.core.deck import DeckError
        from tui.core.deck_diff import reload_deck

        ctx = self.app.context  # type: ignore[attr-defined]
        old = ctx.deck
        if not self.changed:
            self.app.notify("The deck file has not changed since it was opened.", timeout=3, markup=False)
            return
        try:
            new, diff = reload_deck(old)
        except DeckError as error:
            self.app.notify(str(error), title="Could not reload", severity="error", timeout=10, markup=False)
            return
        from tui.core.library import claim_deck_id

        new, _ = claim_deck_id(new, ctx.progress)  # a file kept apart from a same-titled one stays apart
        if new.id != old.id:  # an untitled deck's id follows its cards: its progress does too
            ctx.writer.carry_progress(old.id, new.id)
        for old_id, new_id in diff.renamed:
            ctx.writer.move_card_progress(new.id, old_id, new_id)
        for card_id in diff.answer_edited:
            ctx.writer.note_answer_edited(new.id, card_id)
        ctx.nav.switch_deck(new)
        self.app.notify(diff.summary(), title=f"Reloaded {new.title}", markup=False)
