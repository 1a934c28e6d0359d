"""Right or wrong, said in words and symbols as well as colour, with the right answer.

Shared by the quiz (practice feedback, exam marking) and the review drills.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.css.types import EdgeType
from textual.visual import visualize

from tui.core.display import display_safe
from tui.widgets.answer_text import answer_text
from tui.widgets.deck_text import deck_text
from tui.widgets.drawn_ahead import DrawnAhead

RIGHT, WRONG = "✓", "✗"


def verdict_text(correct: bool, note: str = "") -> Text:
    """`✓ Right` in green or `✗ Wrong` in red, with a short reason if there is one."""
    text = Text(
        f"{RIGHT} Right" if correct else f"{WRONG} Wrong", style="bold green" if correct else "bold red"
    )
    if note:
        text.append_text(deck_text(f" — {note}", one_line=True))  # a note may quote the answer
    return text


def comparison_table(response: str, model: str) -> Table:
    """What the student typed beside the model answer, each wrapped in its own column."""
    table = Table(box=None, padding=(0, 2, 0, 0), expand=True, show_edge=False)
    table.add_column("You wrote", ratio=1, style="", header_style="bold")
    table.add_column("Model answer", ratio=1, header_style="bold")
    table.add_row(deck_text(response or "(nothing)", "" if response else "dim italic"), answer_text(model))
    return table


# A mark point's state in words: ticked, found but doubted by the marker (the student decides), missing.
POINT_MARKS = {
    "ticked": Text(f"{RIGHT} covered", style="bold green"),
    "doubted": Text("? check", style="bold yellow"),
    "missing": Text(f"{WRONG} missing", style="bold red"),
}
# The marks' column is as wide as the widest mark, whichever marks a list has: a tick or an untick
# never moves the points' texts (a list of "? check" only widened as one was ticked).
POINT_MARK_WIDTH = max(mark.cell_len for mark in POINT_MARKS.values())


def checklist_rows(points: list[tuple[str, bool, bool]]) -> Table:
    """The mark points, a row each: its key, its mark in words, its text; every text starts in the
    same column whatever the marks. `points`: (text, ticked, found) as `AnswerFeedback.show_checklist`."""
    rows = Table.grid(padding=(0, 1))
    rows.add_column(no_wrap=True)
    rows.add_column(no_wrap=True, min_width=POINT_MARK_WIDTH)
    rows.add_column(ratio=1)
    for number, (point, ticked, found) in enumerate(points, start=1):
        mark = POINT_MARKS["ticked" if ticked else "doubted" if found else "missing"].copy()
        rows.add_row(Text(f" {number} ", style="bold reverse"), mark, answer_text(point))
    return rows


# The border's look, as the CSS below gives it, by class: (edge, theme colour variable).
BORDER_LOOKS: dict[str, tuple[EdgeType, str]] = {
    "": ("round", "panel"),
    "-right": ("round", "success"),
    "-wrong": ("round", "error"),
    "-blank": ("blank", "panel"),
}


class AnswerFeedback(DrawnAhead):
    """The verdict on an answer, the right answer, and what to press next."""

    DEFAULT_CSS = """
    AnswerFeedback {
        height: auto;
        padding: 0 1;
        border: round $panel;
    }
    AnswerFeedback.-right {
        border: round $success;
    }
    AnswerFeedback.-wrong {
        border: round $error;
    }
    AnswerFeedback.-hidden {
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.add_class("-hidden")
        self.reserved: int | None = None  # rows held for what comes next (border included); None: none
        self._border_look: tuple[str, str] | None = (
            None  # the border set on the box itself (`_inline_border`)
        )

    def clear(self) -> None:
        """Nothing to show: the box takes no room, or stays blank in the rows it holds (`reserve`)."""
        if self.reserved is None:
            self._inline_border(None)
            self.set_classes("-hidden")
            self.update("")
        else:  # a blank border of the same width: the box keeps its size, so no layout
            self.set_classes("")
            self._inline_border("-blank")
            self.update("", layout=False)

    def _inline_border(self, look: str | None) -> None:
        """While rows are held, the border's look ("-right", "-wrong", "", "-blank") is set on the box
        itself: a class change would match the whole stylesheet against it again (half an answer's
        work), a colour set here only redraws it. None: the stylesheet's border again."""
        if look is None:
            if self._border_look is not None:
                self._border_look = None
                self.styles.border = None
            return
        edge, colour = BORDER_LOOKS[look]
        variables = self.app.theme_variables or self.app.get_css_variables()
        wanted = (edge, variables.get(colour, "grey"))  # the theme's colour now, as the CSS rules say
        if wanted != self._border_look:
            self._border_look = wanted
            self.styles.border = wanted

    def reserve(self, rows: int | None) -> None:
        """Hold `rows` rows (border included) blank until something is shown; None: take no room.

        Showing what fits the rows held then redraws this box alone: the screen is not laid out
        again (issue 18: an answer's verdict relaid the whole quiz).
        """
        if rows == self.reserved:
            return
        self.reserved = rows
        self.styles.height = rows if rows is not None else "auto"
        self.clear()

    def rows_for(self, content: RenderableType, width: int) -> int:
        """Rows `content` takes in this box, border included, when the box is `width` cells wide."""
        inner = max(width - 4, 1)  # the border and a cell of padding each side
        # As Textual will draw it (Widget passes its styles the same way).
        return visualize(self, content).get_height(self.styles, inner) + 2  # type: ignore[arg-type]

    def verdict(
        self,
        correct: bool,
        answer: str,
        *,
        response: str | None = None,
        note: str = "",
        hint: str = "",
    ) -> RenderableType:
        """What `show_verdict` shows."""
        parts: list[RenderableType] = [verdict_text(correct, note)]
        if response is not None:
            parts.append(comparison_table(response, answer))
        else:
            parts.append(Text.assemble(("Answer: ", "bold"), answer_text(answer)))
        if hint:
            parts.append(Text(hint, style="dim"))
        return Group(*parts)

    def answer_shown(self, answer: str, *, prompt: str = "", hint: str = "") -> RenderableType:
        """What `show_answer` shows."""
        parts: list[RenderableType] = [Text.assemble(("Answer: ", "bold"), answer_text(answer))]
        if prompt:
            parts.append(Text(prompt, style="bold"))
        if hint:
            parts.append(Text(hint, style="dim"))
        return Group(*parts)

    def show_verdict(
        self,
        correct: bool,
        answer: str,
        *,
        response: str | None = None,
        note: str = "",
        hint: str = "",
        held: bool = False,
    ) -> None:
        """✓/✗, the right answer (and what the student gave, if it was typed), the next step.

        `held`: the caller reserved the rows of this very verdict (✓ or ✗ alike), so it is not measured again.
        """
        content = self.verdict(correct, answer, response=response, note=note, hint=hint)
        key = ("verdict", correct, answer, response, note, hint)
        self._show(content, "-right" if correct else "-wrong", held, key)

    def draw_verdict_ahead(self, answer: str, *, hint: str = "") -> None:
        """Draw ✓ Right and ✗ Wrong with `answer` now, in the rows held, for a `show_verdict` to come."""
        if self.reserved is None:
            return
        for correct in (True, False):
            key = ("verdict", correct, answer, None, "", hint)
            self.draw_ahead(key, self.verdict(correct, answer, hint=hint))

    def show_comparison(self, response: str, answer: str, *, prompt: str, hint: str = "") -> None:
        """A typed answer awaiting the student's own mark: theirs beside the model answer."""
        parts: list[RenderableType] = [Text(prompt, style="bold"), comparison_table(response, answer)]
        if hint:
            parts.append(Text(hint, style="dim"))
        self._show(Group(*parts), "")

    def show_checklist(
        self,
        response: str,
        points: list[tuple[str, bool, bool]],
        *,
        marks: str,
        note: str = "",
        hint: str = "",
    ) -> None:
        """A typed answer's mark points, each ✓ covered, ✗ missing or "? check" (found, but the marker
        doubts the claim: `(text, ticked, found)`) in words, the marks, what was written.

        The points are the model answer's, one a row: the model answer is not shown twice, so at
        80×24 the checklist leaves the question in view.
        """
        heading = Text.assemble(("Check the mark points: ", "bold"), (marks, "bold reverse"))
        if note:
            heading.append(f" — the app's marking: {display_safe(note, keep_newlines=False)}", style="dim")
        rows = checklist_rows(points)
        written = Text.assemble(("You wrote: ", "bold"), deck_text(response or "(nothing)"))
        parts: list[RenderableType] = [heading, rows, written]
        if hint:
            parts.append(Text(hint, style="dim"))
        self._show(Group(*parts), "")

    def show_answer(self, answer: str, *, prompt: str = "", hint: str = "") -> None:
        """A flashcard turned over."""
        self._show(self.answer_shown(answer, prompt=prompt, hint=hint), "")

    def _show(
        self, content: RenderableType, verdict_class: str, held: bool = False, key: object = None
    ) -> None:
        if self.reserved is not None and (
            held or self.rows_for(content, self.outer_size.width) == self.reserved
        ):
            # It fills the rows held: this box alone is redrawn, with the lines drawn ahead if any
            # (checked against its style before its border's colour changes that style's cache key).
            self.show(key, content) if key is not None else self.update(content, layout=False)
            self._inline_border(verdict_class)
            return
        self.reserved = None  # it needs other room: the box takes what it shows
        self._inline_border(None)
        self.set_classes(verdict_class)
        self.styles.height = "auto"
        self.update(content)
