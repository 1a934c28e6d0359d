"""The quiz: one question at a time against the clock; practice, exam, and review drills.

The screen shows what the `Quiz` engine says and turns keys into calls on it.
What the student may press depends on the phase (asking, feedback, marking ...);
`check_action` keeps the Footer to exactly the keys that do something now.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Static

from tui.core.quiz import OPTION_COUNT, Question, Quiz, QuizSettings
from tui.widgets.answer_feedback import RIGHT, WRONG, AnswerFeedback
from tui.widgets.answer_text import answer_text
from tui.widgets.countdown import Countdown

if TYPE_CHECKING:
    from tui.app import RevisionApp
    from tui.core.progress import QuestionStats

NEXT_HINT = "enter or space: next question"


TYPE_HINT = "Type your answer, then enter"
GIVE_UP_HINT = "Nothing typed: type your answer, or press enter again to give up on this one"


class ConfirmLeaveScreen(ModalScreen[bool]):
    """Leaving a running quiz asks first: one stray escape should not end a paper."""

    HELP_TITLE = "Leave the quiz?"
    BINDINGS = [
        Binding("y", "answer(True)", "Leave"),
        Binding("enter", "answer(True)", "Leave", show=False),
        Binding("n", "answer(False)", "Stay"),
        Binding("escape", "answer(False)", "Stay", show=False),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-box"):
            yield Static(self.message, id="leave-message")
            yield Static(
                Text.assemble(("y", "bold"), " leave · ", ("n", "bold"), " or ", ("esc", "bold"), " stay")
            )
        yield Footer()

    def action_answer(self, leave: bool) -> None:
        self.dismiss(leave)


class QuizScreen(Screen[None]):
    """One quiz (or review drill) from the first question to the marked paper."""

    app: RevisionApp
    HELP_TITLE = "Quiz"
    BINDINGS = [
        # One "1" per option count, so the Footer says 1–2, 1–3 or 1–4 as the question has. The
        # arrows and enter share its Footer entry: an exam's Footer has no room for another at 80 columns.
        Binding("1", "choose(0, 4)", "Choose", key_display="1–4 or ↑↓⏎"),
        Binding("1", "choose(0, 3)", "Choose", key_display="1–3 or ↑↓⏎"),
        Binding("1", "choose(0, 2)", "Choose", key_display="1–2 or ↑↓⏎"),
        Binding("2", "choose(1)", show=False),
        Binding("3", "choose(2)", show=False),
        Binding("4", "choose(3)", show=False),
        # Priority: the scrolling question area has focus, and would take the arrows to scroll.
        Binding("up", "highlight(-1)", "Move the highlight ▸", key_display="↑↓", show=False, priority=True),
        Binding("down", "highlight(1)", show=False, priority=True),
        Binding("space", "reveal", "Reveal answer"),
        Binding("y", "mark(True)", "Mark right"),
        Binding("n", "mark(False)", "Mark wrong"),
        Binding("o", "overrule", "Overrule mark"),
        Binding("enter", "next", "Next"),
        Binding("space", "next", "Next", show=False),
        Binding("enter", "keep", "Keep answer"),
        Binding("enter", "choose_highlighted", "Choose the highlighted ▸", show=False),
        Binding("enter", "hand_in", "Hand in"),
        Binding("enter", "accept_mark", "Accept mark"),
        Binding("b", "previous('b')", "Previous"),
        Binding("f3", "previous('f3')", "Previous"),
        Binding("p", "pause('p')", "Pause"),
        Binding("f2", "pause('f2')", "Pause"),
        Binding("p", "resume", "Resume"),
        Binding("f2", "resume", "Resume", show=False),
        Binding("escape", "leave", "Leave quiz"),
    ]

    def __init__(
        self, quiz: Quiz, record_mode: str, session_mode: str, on_done: Callable[[], None] | None = None
    ) -> None:
        super().__init__()
        self.quiz = quiz
        self.record_mode = record_mode
        self.session_mode = session_mode
        self.on_done = on_done
        # asking · revealed · feedback · self_mark · hand_in · marking · over
        self.phase = "asking"
        self.paused = False
        self._marking: list[Question] = []
        self._marking_at = 0
        self._session: Future[int] | None = None
        self._saves: list[Future[QuestionStats]] = []  # this quiz's answers, on their way to disk
        self._time_up_pending = False
        self.highlighted = 0  # the option `enter` chooses; up/down move it
        self._empty_enter_at: int | None = None  # the question where enter was pressed on an empty answer
        self._highlight_of: Question | None = None

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quiz-body"):
            with Horizontal(id="quiz-top"):
                yield Static(id="quiz-progress")
                yield Countdown(self.quiz.clock, id="quiz-clock")
            with VerticalScroll(id="quiz-main"):
                yield Static(id="quiz-question")
                with Vertical(id="quiz-options"):
                    yield Static(id="quiz-prompt")
                    # One widget per option, so the highlighted one can be scrolled into view.
                    for i in range(OPTION_COUNT):
                        yield Static(id=f"quiz-option-{i}")
                yield Input(placeholder=TYPE_HINT, id="quiz-typed")
            # Below the scrolling question, so the verdict is in view however long the options.
            yield AnswerFeedback(id="quiz-feedback")
            yield Static(id="quiz-paused")
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        topics = sorted({q.card.topic for q in self.quiz.questions})
        self._session = app.persist(app.store.start_session, self.session_mode, app.deck.id, topics)
        self.quiz.start()
        self._show()

    def on_screen_resume(self) -> None:
        if self._time_up_pending:
            self._time_up_pending = False
            self.on_countdown_expired(Countdown.Expired())

    @property
    def countdown(self) -> Countdown:
        return self.query_one("#quiz-clock", Countdown)

    @property
    def typing(self) -> bool:
        """The answer box has the keyboard: letters type, actions use function keys."""
        return self.phase == "asking" and not self.paused and self._question().kind == "typed"

    def _question(self) -> Question:
        if self.phase == "marking":
            return self._marking[self._marking_at]
        return self.quiz.current

    # -- keys -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("leave", "help", "back"):
            return True
        if action == "resume":
            return self.paused
        if action == "pause":
            if self.paused or self.phase not in ("asking", "revealed", "hand_in"):
                return False
            return parameters[0] == ("f2" if self.typing else "p")
        if self.paused or self.phase == "over":
            return False
        quiz = self.quiz
        if self.phase == "hand_in":
            if action == "previous":
                return parameters[0] == "b" and quiz.can_go_back()
            return action == "hand_in"
        question = self._question()
        choosing = self.phase == "asking" and question.kind == "choice"
        if action == "choose":
            fits = parameters[0] < len(question.options) and parameters[1:] in ((), (len(question.options),))
            return choosing and fits
        if action == "highlight":
            return choosing
        if action == "choose_highlighted":
            return choosing
        if action == "reveal":
            return self.phase == "asking" and question.kind == "flashcard"
        if action == "mark":
            return self.phase in ("revealed", "self_mark") or (
                self.phase == "marking" and question.correct is None
            )
        if action == "overrule":
            auto = question.kind == "typed" and question.mark is not None and not question.mark.needs_student
            return (
                auto
                and not question.final
                and self.phase in ("feedback", "marking")
                and bool(question.response)
            )
        if action == "next":
            return self.phase == "feedback"
        if action == "keep":
            return self.phase == "asking" and quiz.exam and question.answered and question.kind == "flashcard"
        if action == "accept_mark":
            return self.phase == "marking" and question.correct is not None
        if action == "previous":
            allowed = self.phase in ("asking", "revealed") and quiz.can_go_back()
            return allowed and parameters[0] == ("f3" if self.typing else "b")
        return False

    def action_choose(self, option: int, _option_count: int | None = None) -> None:
        self.quiz.choose(option)
        self._after_answer()

    def action_highlight(self, step: int) -> None:
        question, before = self._question(), self.highlighted
        self.highlighted = (before + step) % len(question.options)
        self._show_options(question, only=(before, self.highlighted))
        highlighted = self.query_one(f"#quiz-option-{self.highlighted}")
        self.query_one("#quiz-main", VerticalScroll).scroll_to_widget(highlighted, animate=False)

    def action_choose_highlighted(self) -> None:
        self.action_choose(self.highlighted)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.typing:
            return
        # A stray enter (say, one meant to go on) must not throw a question away:
        # an empty answer counts only when enter is pressed on it twice.
        if not event.value.strip() and self._empty_enter_at != self.quiz.index:
            self._empty_enter_at = self.quiz.index
            event.input.placeholder = GIVE_UP_HINT
            return
        self.quiz.submit_typed(event.value)
        self._after_answer()

    def action_reveal(self) -> None:
        self.quiz.reveal()
        self.phase = "revealed"
        self._show()

    def action_mark(self, correct: bool) -> None:
        if self.phase == "marking":
            question = self._question()
            self.quiz.self_mark(correct, question)
            self._next_to_mark()
            return
        self.quiz.self_mark(correct)
        self._record()
        self._advance()

    def action_overrule(self) -> None:
        self.quiz.overrule(self._question())
        self._show()

    def action_next(self) -> None:
        self._advance()

    def action_keep(self) -> None:
        self._advance()

    def action_accept_mark(self) -> None:
        self.quiz.confirm(self._question())
        self._next_to_mark()

    def action_hand_in(self) -> None:
        self._hand_in()

    def action_previous(self, _key: str) -> None:
        self.quiz.go_back()
        self.phase = "asking"
        self._show()

    def action_pause(self, _key: str) -> None:
        self.paused = True
        self.countdown.pause()
        self._show()

    def action_resume(self) -> None:
        self.paused = False
        self.countdown.resume()
        self._show()

    def action_leave(self) -> None:
        if self.phase == "over":
            return
        self.quiz.clock.hold("leaving")
        self.countdown.tick()
        if self.quiz.exam and not self.quiz.handed_in:
            message = (
                "Leave the exam?\n\nThe paper is not handed in: none of its answers are marked or recorded."
            )
        else:
            given = sum(
                1 for q in self.quiz.questions if q.recorded or (q.answered and q.correct is not None)
            )
            message = (
                f"Leave the quiz?\n\nThe {given} answer{'s' * (given != 1)} marked so far stay recorded."
            )
        self.app.push_screen(ConfirmLeaveScreen(message), self._leave_answered)

    def _leave_answered(self, leave: bool | None) -> None:
        self.quiz.clock.release("leaving")
        if not leave:
            self.countdown.tick()
            return
        self._announce_saved(self._end_early())
        self.app.pop_screen()
        if self.on_done is not None:
            self.on_done()

    def close_before_exit(self) -> None:
        """The app is quitting (ctrl+q) with this quiz open: end it as leaving would, session finished."""
        if self.phase != "over":
            self._end_early()

    def _end_early(self) -> Future[None]:
        """Stop the quiz where it is: marked answers are recorded, questions not reached are not attempts."""
        self.quiz.finish()
        self._record()
        recorded = [q for q in self.quiz.questions if q.recorded]
        self.phase = "over"
        return self._close_session(sum(1 for q in recorded if q.correct), len(recorded))

    def on_countdown_expired(self, _message: Countdown.Expired) -> None:
        if self.phase == "over" or self.quiz.finished or self.quiz.handed_in:
            return
        if self.app.screen is not self:  # help is open: end the paper when the student is back
            self._time_up_pending = True
            return
        self.notify("Time is up.", title="Quiz", timeout=3)
        self.quiz.time_up()
        self._record()
        self._start_marking_or_finish()

    # -- flow -------------------------------------------------------------------------

    def _after_answer(self) -> None:
        question = self.quiz.current
        self._record()
        if self.quiz.exam:
            self._advance()
        elif question.kind == "typed" and question.correct is None:
            self.phase = "self_mark"
            self._show()
        else:
            self.phase = "feedback"
            self._show()

    def _advance(self) -> None:
        more = self.quiz.advance()
        self._record()
        if more:
            self.phase = "asking"
            self._show()
        elif self.quiz.exam:
            self.phase = "hand_in"
            self._show()
        else:
            self._finish()

    def _hand_in(self) -> None:
        self.quiz.hand_in()
        self._record()
        self._start_marking_or_finish()

    def _start_marking_or_finish(self) -> None:
        self._marking = self.quiz.to_mark() if self.quiz.exam else []
        self._marking_at = 0
        if self._marking:
            self.countdown.stop()
            self.phase = "marking"
            self._show()
        else:
            self._finish()

    def _next_to_mark(self) -> None:
        self._record()
        self._marking_at += 1
        if self._marking_at < len(self._marking):
            self._show()
        else:
            self._finish()

    def _finish(self) -> None:
        from screens.results import ResultsScreen

        self.quiz.finish()
        self._record()
        self.countdown.stop()
        self.phase = "over"
        result = self.quiz.result()
        self._announce_saved(self._close_session(result.score, result.total))
        self.app.switch_screen(ResultsScreen(self.quiz, self.record_mode, self.session_mode, self.on_done))

    def _record(self) -> None:
        """Hand every answer whose mark is now final to the store, each exactly once."""
        for question in self.quiz.take_records():
            seconds = round(question.seconds, 3)
            self._saves.append(
                self.app.save_answer(question.card.id, bool(question.correct), seconds, self.record_mode)
            )

    def _close_session(self, score: int, questions: int) -> Future[None]:
        store, started, seconds = self.app.store, self._session, self.quiz.clock.elapsed()
        return self.app.persist(lambda: store.finish_session(started.result(), score, questions, seconds))

    def _announce_saved(self, session_closed: Future[None]) -> None:
        """Say "10 answers saved" once this quiz's answers and session are on disk."""
        count = len(self._saves)
        if count:
            message = f"{count} answer{'s' * (count != 1)} saved"
            self.app.notify_when_saved([*self._saves, session_closed], message, self.quiz.title)

    # -- drawing ------------------------------------------------------------------------

    def _show(self) -> None:
        """Draw the phase the quiz is in."""
        self.countdown.tick()
        progress = self.query_one("#quiz-progress", Static)
        question_box = self.query_one("#quiz-question", Static)
        options = self.query_one("#quiz-options", Vertical)
        typed = self.query_one("#quiz-typed", Input)
        feedback = self.query_one("#quiz-feedback", AnswerFeedback)
        paused = self.query_one("#quiz-paused", Static)
        main = self.query_one("#quiz-main", VerticalScroll)

        main.display = not self.paused
        paused.display = self.paused
        if self.paused:
            feedback.clear()
            paused.update(
                Text.assemble(
                    ("Paused", "bold"),
                    "\n\nThe clock is stopped and the question is hidden.\n\n",
                    (" p ", "bold reverse"),
                    " resumes · ",
                    (" esc ", "bold reverse"),
                    " leaves the quiz",
                )
            )
            self.set_focus(None)
            self.refresh_bindings()
            return

        progress.update(self._progress_text())
        typed.display = False
        options.display = False
        feedback.clear()

        if self.phase == "hand_in":
            question_box.update(
                Text.assemble(
                    ("All questions answered.", "bold"),
                    "\n\n",
                    "The clock is still running. Press enter to hand in your paper, "
                    "or b to go back and check your answers.",
                )
            )
            self.set_focus(None)
            self.refresh_bindings()
            return

        question = self._question()
        if question is not self._highlight_of:  # a new question: the highlight starts on the given answer
            self._highlight_of, self.highlighted = question, question.chosen or 0
        question_box.update(
            Text.assemble((question.card.topic, "dim"), "\n", (question.card.question, "bold"))
        )
        if self.phase == "marking":
            self._show_marking(question, feedback)
        elif question.kind == "choice":
            options.display = True
            self._show_options(question)
            if self.phase == "feedback":
                feedback.show_verdict(question.correct, question.card.answer, hint=NEXT_HINT)
        elif question.kind == "typed":
            self._show_typed(question, typed, feedback)
        else:
            self._show_flashcard(question, feedback)
        if not self.typing:
            self.set_focus(None)
        main.scroll_home(animate=False)
        self.refresh_bindings()

    def _show_typed(self, question: Question, typed: Input, feedback: AnswerFeedback) -> None:
        if self.phase == "asking":
            typed.display = True
            typed.placeholder = GIVE_UP_HINT if self._empty_enter_at == self.quiz.index else TYPE_HINT
            typed.value = question.response or ""
            typed.focus()
            return
        if self.phase == "self_mark":
            feedback.show_comparison(
                question.response or "",
                question.card.answer,
                prompt="Is your answer right? Compare it with the model answer.",
                hint="y: yes, mark it right · n: no, mark it wrong",
            )
            return
        note = "overruled by you" if question.overruled else question.mark.note if question.mark else ""
        feedback.show_verdict(
            bool(question.correct),
            question.card.answer,
            response=question.response,
            note=note,
            hint=f"{NEXT_HINT} · o: overrule this mark",
        )

    def _show_flashcard(self, question: Question, feedback: AnswerFeedback) -> None:
        if self.phase == "revealed":
            feedback.show_answer(
                question.card.answer,
                prompt="Did you know it?",
                hint="y: yes, I knew it · n: no",
            )
        else:
            self.query_one("#quiz-options").display = True
            for option in self.query("#quiz-options > Static"):
                option.display = False
            prompt = self.query_one("#quiz-prompt", Static)
            prompt.display = True
            if self.quiz.exam and question.answered:
                prompt.update(
                    Text.assemble(
                        "Your mark so far: ",
                        (str(question.response), "bold"),
                        ". Press space to see the answer again and mark it anew, or enter to keep your mark.",
                    )
                )
            else:
                prompt.update(Text("Think of the answer, then press space to see it.", style="dim italic"))

    def _show_marking(self, question: Question, feedback: AnswerFeedback) -> None:
        if question.correct is None:
            feedback.show_comparison(
                question.response or "",
                question.card.answer,
                prompt="Is your answer right? Compare it with the model answer.",
                hint="y: yes, mark it right · n: no, mark it wrong",
            )
            return
        note = "overruled by you" if question.overruled else (question.mark.note if question.mark else "")
        feedback.show_verdict(
            question.correct,
            question.card.answer,
            response=question.response,
            note=note or "marked automatically",
            hint="enter: accept this mark · o: overrule it",
        )

    def _progress_text(self) -> Text:
        quiz = self.quiz
        total = len(quiz.questions)
        text = Text(f"{quiz.title} · ", style="bold")
        if self.phase == "marking":
            text.append(f"marking your paper: answer {self._marking_at + 1} of {len(self._marking)}")
            return text
        if self.phase == "hand_in":
            text.append(f"{quiz.answered_count} of {total} answered")
            return text
        text.append(f"Question {quiz.index + 1} of {total}")
        if quiz.exam:
            text.append(f" · {quiz.answered_count} answered", style="dim")
        elif done := sum(1 for q in quiz.questions if q.final):
            text.append(f" · {quiz.score_so_far} of {done} right", style="dim")
        return text

    def _show_options(self, question: Question, only: tuple[int, ...] | None = None) -> None:
        """The options, each with its key, the highlight (`enter` chooses it) and, after answering, ✓/✗.

        `only`: redraw just these rows, whose size does not change (the highlight moved).
        """
        self.query_one("#quiz-prompt").display = False
        feedback = self.phase == "feedback"
        choosing = self.phase == "asking" and not self.paused
        marks, styles = [], []
        for i in range(len(question.options)):
            mark, style = Text(""), ""
            if feedback and i == question.right_option:
                label = "your answer, right" if i == question.chosen else "right answer"
                mark, style = Text(f"{RIGHT} {label}", style="bold green"), "green"
            elif feedback and i == question.chosen:
                mark, style = Text(f"{WRONG} your answer", style="bold red"), "red"
            elif self.quiz.exam and i == question.chosen:
                mark = Text("◂ your answer", style="bold")
            marks.append(mark)
            styles.append(style)
        mark_width = max(mark.cell_len for mark in marks)  # the same for every row: the texts line up
        for i in range(OPTION_COUNT) if only is None else only:
            row = self.query_one(f"#quiz-option-{i}", Static)
            row.display = i < len(question.options)
            if not row.display:
                continue
            highlighted = choosing and i == self.highlighted
            table = Table.grid(padding=(0, 1), expand=True)
            table.add_column(no_wrap=True)
            table.add_column(no_wrap=True)
            table.add_column(ratio=1)
            table.add_column(no_wrap=True, min_width=mark_width)
            option_text = answer_text(question.options[i])
            option_text.stylize("reverse" if highlighted else styles[i])
            pointer = Text("▸" if highlighted else " ", style="bold")
            table.add_row(pointer, Text(f" {i + 1} ", style="bold reverse"), option_text, marks[i])
            if i < len(question.options) - 1:
                table.add_row("", "", "", "")
            row.update(table, layout=only is None)


def open_quiz(app: RevisionApp, settings: QuizSettings, on_done: Callable[[], None] | None = None) -> None:
    """Start a quiz of the deck with these settings (the setup modal calls this)."""
    stats = app.store.all_question_stats(app.deck.id)
    quiz = Quiz.build(app.deck, settings, stats, app.now, app.rng)
    quiz.title = "Exam rehearsal" if settings.exam else "Quiz"
    if not quiz.questions:
        app.notify("The chosen topics have no cards.", severity="warning")
        return
    app.push_screen(QuizScreen(quiz, "exam" if settings.exam else "quiz", "quiz", on_done))


def open_review(
    app: RevisionApp,
    card_ids: list[str],
    title: str,
    on_done: Callable[[], None] | None = None,
    answer_mode: str = "choice",
) -> None:
    """A drill of exactly these cards, in this order: no setup, no clock, practice marking."""
    cards = [app.deck.card(card_id) for card_id in card_ids if app.deck.has_card(card_id)]
    if not cards:
        app.notify("Nothing to review.", title=title)
        if on_done is not None:
            on_done()
        return
    settings = QuizSettings(questions=len(cards), minutes=None, answer_mode=answer_mode, exam=False)  # type: ignore[arg-type]
    quiz = Quiz.of_cards(app.deck, cards, settings, app.now, app.rng, title=title)
    app.push_screen(QuizScreen(quiz, "review", "review", on_done))
