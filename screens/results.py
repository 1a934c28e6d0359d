"""Results: the marked paper — score, time, and every question with the right answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.core.quiz import Question, Quiz, QuizResult
from tui.widgets.answer_feedback import RIGHT, WRONG
from tui.widgets.answer_text import answer_text
from tui.widgets.deck_text import deck_text
from tui.widgets.key_bar import KeyBar
from tui.widgets.time_text import clock_text

if TYPE_CHECKING:
    from tui.context import AppContext
    from tui.writer import Session


def status_text(question: Question) -> Text:
    """✓ right / ✗ wrong / ✗ time up / – not reached: words with the colour."""
    status = question.status
    available = question.marks_available
    # Every line says its marks, so the paper's total can be checked by adding them up.
    marks = f"\n{question.marks_awarded}/{available} mark{'s' * (available != 1)}"
    if status == "not reached":
        return Text(f"– not reached{marks}", style="dim")
    if status == "unmarked":
        return Text("? not marked", style="yellow")
    if question.timed_out:
        return Text.assemble((f"{WRONG} time up", "bold red"), marks)
    words = {"right": (f"{RIGHT} right", "bold green"), "partial": ("◐ part marks", "bold yellow")}
    text = Text(*words.get(status, (f"{WRONG} wrong", "bold red")))
    text.append(marks)
    if question.overruled or (
        question.kind == "typed" and question.mark is not None and question.mark.needs_student
    ):
        text.append("\n(your mark)", style="dim")
    return text


def response_text(question: Question) -> Text:
    if not question.reached or question.timed_out:
        return Text("—", style="dim")
    if question.response is None:
        return Text("(no answer)", style="dim")
    if question.response == "":
        return Text("(blank)", style="dim")
    return answer_text(question.response) if question.kind == "choice" else deck_text(question.response)


def score_text(result: QuizResult, title: str) -> Group:
    right = result.score
    partial = sum(1 for q in result.questions if q.status == "partial")
    wrong = sum(1 for q in result.questions if q.status == "wrong")
    unreached = sum(1 for q in result.questions if q.status == "not reached")
    headline = deck_text(f"{title} — ", "bold", one_line=True)
    if result.marks_available == result.total and not partial:  # one mark a question: marks are questions
        headline.append(f"{right}/{result.total}", style="bold reverse")
    else:  # the paper's marks, added like a real paper's: each question is worth its mark scheme's marks
        headline.append(f"{result.marks_awarded}/{result.marks_available} marks", style="bold reverse")
    headline.append(f"  {result.percent:.0%}", style="bold")
    if result.marks_available != result.total or partial:  # home's accuracy counts answers, not marks
        headline.append(" of this quiz's marks", style="dim")
    times = Text(f"Time used {clock_text(result.seconds)} · ")
    times.append(f"{result.average_seconds:.1f} s per question" if result.reached else "no question reached")
    counts = Text.assemble((f"{RIGHT} {right} right", "green"), " · ")
    if partial:
        counts.append(f"◐ {partial} part marks", style="yellow")
        counts.append(" · ")
    counts.append(f"{WRONG} {wrong} wrong", style="red")
    if unreached:
        counts.append(f" · – {unreached} not reached", style="dim")
    return Group(headline, times, counts)


def questions_table(result: QuizResult) -> Table:
    """One entry per question: number, mark, the question, the student's answer and the right one."""
    # A blank line between questions (a grid collapses padding unless told not to).
    table = Table.grid(padding=(0, 1, 1, 0), collapse_padding=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for number, question in enumerate(result.questions, start=1):
        body = deck_text(question.card.question, "bold")
        shown_right = question.status == "right" and question.kind == "choice"
        if question.reached:
            body.append("\nYour answer: ", style="dim")
            body.append_text(response_text(question))
        if not shown_right:
            body.append("\nAnswer: ", style="dim")
            body.append_text(answer_text(question.card.answer))
        table.add_row(f"{number}.", status_text(question), body)
    return table


class ResultsScreen(Screen[None]):
    """Score, percentage, time used, and the paper question by question."""

    HELP_TITLE = "Results"
    BINDINGS = [
        Binding("r", "retry", "Retry those below full marks"),
        Binding("enter", "home", "Home"),
        Binding("enter", "done", "Done"),
        Binding("escape", "done", "Back", show=False),
    ]

    def __init__(
        self,
        ctx: AppContext,
        quiz: Quiz,
        record_mode: str,
        session_mode: str,
        on_done: Callable[[], None] | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.ctx = ctx
        self.quiz = quiz
        self.result = quiz.result()
        self.record_mode = record_mode
        self.session_mode = session_mode
        self.on_done = on_done

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="results-body"):
            yield Static(score_text(self.result, self.quiz.title), id="results-score")
            # "10 answers saved" is said here, beside the score, never on top of the paper.
            yield Static(Text("Saving your answers…", style="dim"), id="results-saved")
            yield Static(questions_table(self.result), id="results-table")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#results-body").focus()
        saved = self.query_one("#results-saved", Static)
        saved.display = self.session is not None
        if self.session is not None:
            self.ctx.writer.when_saved(self._show_saved)

    def _show_saved(self) -> None:
        session = self.session
        lines = self.query("#results-saved").results(Static)
        line = next(lines, None)
        if session is None or line is None:  # the results were closed meanwhile
            return
        if session.failed:  # the error notice says what happened
            line.update(Text("Not all answers could be saved: see the notice.", style="bold red"))
        elif session.answers:
            count = session.answers
            line.update(Text(f"✓ {count:,} answer{'s' * (count != 1)} saved", style="green"))
        else:
            line.display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.result.missed_card_ids)
        if action == "home":
            return self.on_done is None
        return True

    def action_retry(self) -> None:
        self.ctx.nav.retry(self.quiz, self.record_mode, self.session_mode, self.on_done)

    def action_home(self) -> None:
        self.ctx.nav.go_home()

    def action_done(self) -> None:
        """Back to the screen the quiz started from (a review drill's caller hears of it)."""
        self.ctx.nav.done(self.on_done)
