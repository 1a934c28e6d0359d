"""The in-app card editor (when no $VISUAL/$EDITOR is set) and a yes/no question."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.widgets.after_keys import after_keys


class EditCardScreen(ModalScreen[tuple[str, str] | None]):
    """A question and an answer in two text areas; ctrl+s saves, escape cancels.

    `save(question, answer)` writes the card and returns None, or why it could not (the deck file
    changed on disk, a full disk, ...): the editor then stays open with the text as typed.
    Without `save`, the screen is dismissed with the texts for the caller to write.
    """

    HELP_TITLE = "Edit a card"
    DEFAULT_CSS = """
    EditCardScreen { align: center middle; }
    #edit-card-box { width: 90%; max-width: 100; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 2; }
    #edit-card-box TextArea { height: 6; }
    #edit-card-answer { height: 10; }
    #edit-card-status { height: auto; }
    .edit-card-label { margin-top: 1; text-style: bold; }
    #edit-card-status { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(
        self, title: str, question: str, answer: str, save: Callable[[str, str], str | None] | None = None
    ) -> None:
        super().__init__()
        self.save = save
        self.heading = title
        self.question = question
        self.answer = answer
        self._status = Text("ctrl+s saves to the deck file · escape cancels · tab moves")

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-card-box"):
            yield Static(Text(self.heading, style="bold"), id="edit-card-title")
            yield Static("Question", classes="edit-card-label")
            yield TextArea(self.question, id="edit-card-question", soft_wrap=True)
            yield Static("Answer", classes="edit-card-label")
            yield TextArea(self.answer, id="edit-card-answer", soft_wrap=True)
            yield Static(self._status, id="edit-card-status")

    # Rows of the dialog besides its two text areas: border 2, title 1, two labels with their margin 4,
    # the status line's margin 1; the status itself is counted as it wraps.
    _FRAME_ROWS = 8
    _QUESTION_ROWS, _ANSWER_ROWS = 6, 10

    def on_mount(self) -> None:
        self.query_one("#edit-card-question", TextArea).focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Text areas as tall as the screen leaves room for, so the status line (a refused save's
        reason, the keys) is always on screen: at 80x24 the full-size dialog is taller than the screen."""
        status = self.query_one("#edit-card-status", Static)
        width = status.size.width or max(1, self.size.width - 10)
        lines = len(self._status.wrap(self.app.console, width))
        room = self.size.height - self._FRAME_ROWS - max(1, lines)
        question = max(2, min(self._QUESTION_ROWS, room * 3 // 8))
        answer = max(2, min(self._ANSWER_ROWS, room - question))
        self.query_one("#edit-card-question", TextArea).styles.height = question
        self.query_one("#edit-card-answer", TextArea).styles.height = answer

    def action_save(self) -> None:
        after_keys(self, self._save)  # the letters typed with it are in the text first

    def _save(self) -> None:
        question = self.query_one("#edit-card-question", TextArea).text.strip()
        answer = self.query_one("#edit-card-answer", TextArea).text.strip()
        if not question or not answer:
            self._say(Text("A card needs both a question and an answer.", style="bold red"))
            return
        refused = self.save(question, answer) if self.save is not None else None
        if refused is not None:  # the text stays as typed: nothing the student wrote is lost
            self._say(Text(f"Not saved: {refused}\nctrl+s tries again · escape cancels", style="bold red"))
            return
        self.dismiss((question, answer))

    def _say(self, text: Text) -> None:
        self._status = text
        self.query_one("#edit-card-status", Static).update(text)
        self._fit()  # room made for the message in the same refresh it is drawn in
        self.call_after_refresh(self._fit)  # and again once it has wrapped at its real width

    def action_cancel(self) -> None:
        """Escape: close; when the text was changed, only after "Discard your changes?" is answered y."""
        after_keys(self, self._cancel)  # letters typed with it are a change

    def _cancel(self) -> None:
        question = self.query_one("#edit-card-question", TextArea).text
        answer = self.query_one("#edit-card-answer", TextArea).text
        if (question.strip(), answer.strip()) == (self.question.strip(), self.answer.strip()):
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard your changes to this card? Your typed text is lost."), answered
        )


class ConfirmScreen(ModalScreen[bool]):
    """A question answered with y (yes) or n / escape (no)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    #confirm-box { width: 80; height: auto; border: round $accent; background: $surface; padding: 1 2; }
    #confirm-keys { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Text(self.question))
            yield Static("y yes · n no", id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
