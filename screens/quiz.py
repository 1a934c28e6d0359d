"""The quiz: one question at a time against the clock; practice, exam, and review drills.

The screen shows what the `Quiz` engine says and turns keys into calls on it.
What the student may press depends on the quiz's phase (asking, feedback, marking ...):
`KEYS_BY_PHASE` says which keys each phase allows, `FITS` what the question must be for them,
and `check_action` keeps the Footer to exactly the keys that do something now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, TypeVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.visual import visualize
from textual.widget import Widget
from textual.widgets import Header, Input, Static
from textual.widgets.input import Selection

from tui.core.marking import marks_for
from tui.core.paper import PaperError, SavedPaper, paper_key, paper_to_dict, read_paper, set_aside_key
from tui.core.quiz import OPTION_COUNT, Phase, Question, Quiz
from tui.core.text import plural
from tui.widgets.answer_box import AnswerBox
from tui.widgets.answer_feedback import RIGHT, WRONG, AnswerFeedback, verdict_text
from tui.widgets.answer_text import answer_text
from tui.widgets.countdown import Countdown
from tui.widgets.deck_text import deck_text
from tui.widgets.drawn_ahead import DrawnAhead
from tui.widgets.header_line import fit_title
from tui.widgets.key_bar import KeyBar
from tui.widgets.option_row import OptionRow
from tui.widgets.time_text import clock_text

if TYPE_CHECKING:
    from datetime import datetime

    from tui.context import AppContext
    from tui.writer import Session

W = TypeVar("W", bound=Widget)
NEXT_HINT = "enter or space: next question"
# The widest ✓/✗ words an option gets in practice feedback: held beside the options while asking.
MARK_ROOM = Text(f"{RIGHT} your answer, right").cell_len
OPTION_GUTTER = 7  # pointer, key and the gaps between the columns of an option row (see OptionRow)
MIN_OPTION_LINE = 60  # cells of option text that read as a full line: a narrower column is not held
MAX_POINT_KEYS = 9  # mark points toggled by digit keys; a tenth point and on are marked with y/n


# Keys typed on a mark awaiting the student (checklist, self-mark) act only this long after the
# mark appeared and after the last stray key: a student typing on into the next answer's box
# ("new deal", "1917") would otherwise mark with its n, y or digits unseen.
TYPE_AHEAD_GUARD = 1.5  # seconds
# The actions a stray key must not take on a mark awaiting the student.
MARK_ACTIONS = ("tick", "confirm_checklist", "all_points", "mark")
NOT_TAKEN = "Your typing was not taken: this answer waits for your mark · "
PAPER_SAVE_EVERY = 10.0  # seconds: the most of an exam's clock and typing a killed terminal loses

REVEAL_PROMPT = "How well did you know it?"
REVEAL_HINT = "1 Again (no) · 2 Hard · 3 Good (y) · 4 Easy"
TYPE_HINT = "Type your answer, then enter"
GIVE_UP_HINT = "Nothing typed: type your answer, or press enter again to give up on this one"

# Keys that work in every phase.
ALWAYS = frozenset({"leave", "help", "back"})
# Which actions each phase of the quiz allows; `FITS` narrows them to the question on screen.
KEYS_BY_PHASE: dict[Phase, frozenset[str]] = {
    Phase.ASKING: frozenset(
        {"choose", "highlight", "choose_highlighted", "reveal", "keep", "previous", "pause", "undo"}
    ),
    Phase.REVEALED: frozenset({"grade", "previous", "pause"}),
    Phase.FEEDBACK: frozenset({"next", "overrule", "edit_card"}),
    Phase.SELF_MARK: frozenset({"mark", "edit_card"}),
    Phase.HAND_IN: frozenset({"hand_in", "previous", "pause"}),
    Phase.MARKING: frozenset({"mark", "overrule", "accept_mark", "undo"}),
    Phase.CHECKLIST: frozenset({"tick", "confirm_checklist", "all_points", "undo", "edit_card"}),
    Phase.PAUSED: frozenset({"resume"}),
    Phase.OVER: frozenset(),
}


def _option_fits(quiz: Quiz, parameters: tuple[object, ...], _typing: bool) -> bool:
    # "1" is bound once per option count: only the binding for this question's count shows.
    question = quiz.on_screen
    count = len(question.options)
    index = parameters[0]
    return (
        question.kind == "choice"
        and isinstance(index, int)
        and index < count
        and parameters[1:] in ((), (count,))
    )


def _tick_fits(quiz: Quiz, parameters: tuple[object, ...], _typing: bool) -> bool:
    # Like "choose": "1" is bound once per point count, so the Footer says 1–2 ... 1–9 as the answer has.
    count = len(quiz.on_screen.ticked or ())
    index = parameters[0]
    return isinstance(index, int) and index < count and parameters[1:] in ((), (count,))


def _auto_mark_open(quiz: Quiz) -> bool:
    question = quiz.on_screen
    auto = question.kind == "typed" and question.mark is not None and not question.mark.needs_student
    return auto and not question.final and bool(question.response)


def _overruled_note(question: Question) -> str:
    """Beside the verdict of a mark the student overruled: what the marker had said."""
    marker = f"{WRONG} wrong" if question.correct else f"{RIGHT} right"
    return f"overruled by you: the marker said {marker}"


# (quiz, the binding's parameters, whether the answer box has the keyboard) -> does the key fit now.
# Keys with two bindings (p/f2, b/f3, o/f5) use the function key while typing, the letter otherwise.
FITS: dict[str, Callable[[Quiz, tuple[object, ...], bool], bool]] = {
    "choose": _option_fits,
    "highlight": lambda quiz, _p, _t: quiz.on_screen.kind == "choice",
    "choose_highlighted": lambda quiz, _p, _t: quiz.on_screen.kind == "choice",
    "reveal": lambda quiz, _p, _t: quiz.on_screen.kind == "flashcard",
    "keep": lambda quiz, _p, _t: quiz.exam and quiz.current.answered and quiz.current.kind == "flashcard",
    "previous": lambda quiz, p, typing: quiz.can_go_back() and p[0] == ("f3" if typing else "b"),
    "pause": lambda _quiz, p, typing: p[0] == ("f2" if typing else "p"),
    "mark": lambda quiz, _p, _t: quiz.phase is not Phase.MARKING or quiz.on_screen.correct is None,
    "tick": _tick_fits,
    "undo": lambda quiz, p, typing: quiz.can_undo and p[0] == ("f4" if typing else "u"),
    # Practice feedback follows a typed answer, whose student may type on: a key that types nothing.
    "overrule": lambda quiz, p, _t: _auto_mark_open(quiz) and p[0] == ("o" if quiz.handed_in else "f5"),
    "accept_mark": lambda quiz, _p, _t: quiz.on_screen.correct is not None,
}


def _confirm_keys(yes: str) -> list[BindingType]:
    """y or enter for `yes` ("Leave", "Reload"), n or escape to stay."""
    return [
        Binding("y", "answer(True)", yes),
        Binding("enter", "answer(True)", yes, show=False),
        Binding("n", "answer(False)", "Stay"),
        Binding("escape", "answer(False)", "Stay", show=False),
    ]


class ConfirmLeaveScreen(ModalScreen[bool]):
    """Leaving a running quiz asks first: one stray escape should not end a paper."""

    HELP_TITLE = "Leave the quiz?"
    BINDINGS = _confirm_keys("Leave")

    def __init__(self, message: str, yes: str = "leave") -> None:
        """`yes`: what y does, in the hint ("leave", "reload")."""
        super().__init__()
        self.message = message
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="leave-box"):
            yield Static(self.message, id="leave-message")
            yield Static(
                Text.assemble(
                    ("y", "bold"), f" {self.yes} · ", ("n", "bold"), " or ", ("esc", "bold"), " stay"
                )
            )
        yield KeyBar()

    def action_answer(self, leave: bool) -> None:
        self.dismiss(leave)


class ConfirmReloadScreen(ConfirmLeaveScreen, inherit_bindings=False):
    """ctrl+r in a running quiz: the same question, with y named for what it does."""

    HELP_TITLE = "Reload the deck?"
    BINDINGS = _confirm_keys("Reload")


class QuizScreen(Screen[None]):
    """One quiz (or review drill) from the first question to the marked paper."""

    ALLOWS_SEARCH = False  # `/` and the palette's search stay closed here
    # Nothing focused by Textual on its own: the quiz gives the answer box the keyboard when it
    # asks for a typed answer and no widget otherwise. The question area focused at the start lost
    # it on the first answer, which repainted the whole screen under the verdict (issue 18).
    AUTO_FOCUS = ""
    # Textual repaints the whole screen when its focus changes: a typed answer's enter (the answer box
    # gives the keyboard back) drew a frame of the whole screen before its verdict's (issue 18).
    # The widgets gaining or losing focus redraw themselves (`Widget._on_focus`, `_on_blur`).
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

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
        # The checklist of a typed answer's mark points: one "1" per point count, as for the options.
        *(
            Binding(
                "1",
                f"tick(0, {count})",
                "Tick/untick a point",
                key_display=f"1–{count}" if count > 1 else "1",
            )
            for count in range(MAX_POINT_KEYS, 0, -1)
        ),
        *(Binding(str(n + 1), f"tick({n})", show=False) for n in range(1, MAX_POINT_KEYS)),
        Binding("enter", "confirm_checklist", "Confirm marks"),
        Binding("y", "all_points(True)", "Full marks"),
        Binding("n", "all_points(False)", "No marks"),
        Binding("space", "reveal", "Reveal answer"),
        # A revealed flashcard: FSRS's four grades; y and n stay as Good and Again.
        Binding("1", "grade(1)", "Again"),
        Binding("2", "grade(2)", "Hard"),
        Binding("3", "grade(3)", "Good", key_display="3/y"),
        Binding("4", "grade(4)", "Easy"),
        Binding("y", "grade(3)", "Good", show=False),
        Binding("n", "grade(1)", "Again", show=False),
        Binding("y", "mark(True)", "Mark right"),
        Binding("n", "mark(False)", "Mark wrong"),
        Binding("o", "overrule('o')", "Overrule mark"),
        Binding("f5", "overrule('f5')", "Overrule mark"),
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
        Binding("u", "undo('u')", "Undo last mark"),
        Binding("f4", "undo('f4')", "Undo last mark"),
        Binding("ctrl+e", "edit_card", "Edit card", key_display="^e", show=False),  # in help (?)
        # Feedback taller than its room (a long checklist at 80×24) scrolls under the question.
        Binding("pagedown", "scroll_feedback(1)", "Scroll the marking", key_display="pgdn pgup", show=False),
        Binding("pageup", "scroll_feedback(-1)", show=False),
        Binding("escape", "leave", "Leave quiz"),
    ]

    def __init__(
        self,
        ctx: AppContext,
        quiz: Quiz,
        record_mode: str,
        session_mode: str,
        on_done: Callable[[], None] | None = None,
        *,
        saved: SavedPaper | None = None,
        hand_in_saved: bool = False,
    ) -> None:
        """`saved`: an exam paper saved before (`quiz` is its quiz), resumed where it stood, or with
        `hand_in_saved` handed in as it stands."""
        super().__init__()
        self.ctx = ctx
        self.quiz = quiz
        self.record_mode = record_mode
        self.session_mode = session_mode
        self.on_done = on_done
        self._saved = saved
        self._hand_in_saved = hand_in_saved
        # The exam paper in progress as last saved (`_save_paper`): what it was saved from, and whether one is on disk.
        self._paper_saved_from: tuple[object, ...] | None = None
        self._paper_on_disk = saved is not None
        self._paper_saved_elapsed = -1.0  # the clock (seconds used) the paper was last saved at
        # Answers of a resumed paper recorded before it was killed: "N answers saved" counts them too.
        self._recorded_before = sum(1 for q in quiz.questions if q.recorded) if saved is not None else 0
        self._session: Session | None = None
        self._time_up_pending = False
        self.highlighted = 0  # the option `enter` chooses; up/down move it
        self._empty_enter_at: int | None = None  # the question where enter was pressed on an empty answer
        self._highlight_of: Question | None = None
        self._draft_of: Question | None = None  # the question whose answer the box holds now
        self._question_drawn: tuple[Question, object] | None = (
            None  # the question (and card) whose text is shown
        )
        self._mark_room = 0  # cells held beside the options for the verdict's ✓/✗ words
        self._found: dict[str, Widget] = {}  # selector -> the widget (`_get`)
        self._verdict_held = False  # the verdict box holds the rows of this question's verdict
        self._options_drawn: tuple[Question, int] | None = None  # the options' question and mark column
        # option -> (highlighted, mark, style, note) as drawn
        self._row_looks: dict[int, tuple[bool, str, str, str]] = {}
        # A practice mark awaiting the student: when its keys start to act (`on_key`); and whether
        # keys typed meanwhile were not taken (said on screen).
        self._marks_open_at: datetime | None = None
        self._not_taken = False

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quiz-body"):
            with Horizontal(id="quiz-top"):
                yield DrawnAhead(id="quiz-progress")
                yield Countdown(self.quiz.clock, animations=self.ctx.animations, id="quiz-clock")
            with VerticalScroll(id="quiz-main"):
                yield Static(id="quiz-question")
                with Vertical(id="quiz-options"):
                    yield Static(id="quiz-prompt")
                    # One widget per option, so the highlighted one can be scrolled into view.
                    for i in range(OPTION_COUNT):
                        yield DrawnAhead(id=f"quiz-option-{i}")
                # Not select_on_focus: a question's answer comes back whole, the cursor where it was (`_show_typed`).
                answer_box = AnswerBox(placeholder=TYPE_HINT, id="quiz-typed", select_on_focus=False)
                # Without animations (tests, snapshots) the cursor is drawn steadily, not blinking.
                answer_box.cursor_blink = self.ctx.animations
                yield answer_box
            # Below the scrolling question, so the verdict is in view however long the options;
            # it scrolls itself when long (a checklist of many points), leaving the question in view.
            with VerticalScroll(id="quiz-feedback-scroll"):
                yield AnswerFeedback(id="quiz-feedback")
            yield Static(id="quiz-paused")
        yield KeyBar()

    def on_mount(self) -> None:
        if self._saved is not None and self._hand_in_saved:
            self._saved.hand_in_as_it_stands()
            self._update()  # marked as any paper handed in: the typed answers to check, or the results
            return
        if self._saved is not None and self.quiz.handed_in:  # killed while marking: the marking goes on
            self._session = self._open_session(self._saved.session)
            if all(q.final for q in self.quiz.marking):
                self.quiz.finish()  # every answer was marked: only the recording was left
            self._update()
            return
        self.quiz.start(self._saved.at if self._saved is not None else 0)
        self._show()
        if self.quiz.exam:  # a kill loses at most this much of the clock and of the answer being typed
            self.set_interval(PAPER_SAVE_EVERY, self.save_paper_in_passing)

    def on_screen_resume(self) -> None:
        if self._time_up_pending:
            self._time_up_pending = False
            self.on_countdown_expired(Countdown.Expired())

    def hold_clock(self) -> None:
        """The app is hidden (terminal too small): the clock stops, as for a pause, without changing the quiz."""
        self.quiz.clock.hold("hidden")
        self.countdown.tick()

    def release_clock(self) -> None:
        self.quiz.clock.release("hidden")
        self.countdown.tick()

    def _get(self, selector: str, expect_type: type[W]) -> W:
        """`query_one`, each widget found once: the quiz's widgets stay for its whole life, and an
        answer looks a dozen of them up (a search of the screen each)."""
        found = self._found.get(selector)
        if found is None or not found.is_attached:
            found = self._found[selector] = self.query_one(selector, expect_type)
        return cast(W, found)

    @property
    def countdown(self) -> Countdown:
        return self._get("#quiz-clock", Countdown)

    @property
    def phase(self) -> Phase:
        return self.quiz.phase

    @property
    def typing(self) -> bool:
        """The answer box has the keyboard: letters type, actions use function keys."""
        return self.phase is Phase.ASKING and self.quiz.current.kind == "typed"

    # -- keys -------------------------------------------------------------------------

    def typing_help(self) -> list[tuple[str, str]]:
        """Help (f1) while the answer box has the keyboard: the quiz's keys then, in plain words with
        when each works, for this quiz (practice or exam); the Footer shows only those working now."""
        keys = [
            ("enter", "Send your answer; twice when empty: give up"),
            ("f2", "Pause the clock (the question is hidden)"),
        ]
        if self.quiz.exam:
            keys.append(("f3", "Previous question, to change its answer"))
        else:
            keys.append(("f4", "Undo last mark, on the question after it"))
            keys.append(("f5", "Overrule mark, on a typed answer's ✓ or ✗"))
        return keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key works (and shows in the Footer) when its phase allows it and the question fits."""
        if action in ALWAYS:
            return True
        if action == "scroll_feedback":
            return self._get("#quiz-feedback-scroll", VerticalScroll).max_scroll_y > 0
        if action not in KEYS_BY_PHASE[self.phase]:
            return False
        fits = FITS.get(action)
        return fits is None or fits(self.quiz, parameters, self.typing)

    def action_choose(self, option: int, _option_count: int | None = None) -> None:
        self.quiz.choose(option)
        self._after_answer()

    def action_highlight(self, step: int) -> None:
        question, before = self.quiz.on_screen, self.highlighted
        self.highlighted = (before + step) % len(question.options)
        self._show_options(question, only=(before, self.highlighted))
        highlighted = self._get(f"#quiz-option-{self.highlighted}", Widget)
        self._get("#quiz-main", VerticalScroll).scroll_to_widget(highlighted, animate=False)

    def action_choose_highlighted(self) -> None:
        self.action_choose(self.highlighted)

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Keys typed in the same instant as enter were held by the box: handled once the answer is in.
        held = self._get("#quiz-typed", AnswerBox).take_held()
        self._take_answer(event.value)
        await self._replay(held)

    def _take_answer(self, value: str) -> None:
        """The typed answer sent with enter: `value`, the box's text at that key."""
        if not self.typing:
            return
        # A stray enter (say, one meant to go on) must not throw a question away:
        # an empty answer counts only when enter is pressed on it twice.
        if not value.strip() and self._empty_enter_at != self.quiz.index:
            self._empty_enter_at = self.quiz.index
            self._get("#quiz-typed", Input).placeholder = GIVE_UP_HINT
            return
        self._draft_of = None  # handed in: the answer is the response now, not a draft
        self.quiz.submit_typed(value)
        self._not_taken = False
        self._marks_open_at = None
        if self.phase in (Phase.CHECKLIST, Phase.SELF_MARK):
            self._marks_open_at = self.ctx.now() + timedelta(seconds=TYPE_AHEAD_GUARD)
        self._after_answer()

    async def _replay(self, held: list[events.Key | events.Paste]) -> None:
        """Keys (and pastes) typed just after an answer's enter, handled in order as the app would
        have handled them a moment later: a binding, the answer box, or this screen's type-ahead."""
        box = self._get("#quiz-typed", AnswerBox)
        for event in held:
            if isinstance(event, events.Paste):
                if self.typing and event.text:
                    box.type_text(event.text.splitlines()[0])  # the first line, as the box takes a paste
                continue
            key = event.key
            character = event.character if event.is_printable else None
            active = self.active_bindings.get(key)
            binding = active if active is not None and active.enabled else None
            if binding is not None and binding.binding.priority:
                await self.app.run_action(binding.binding.action, binding.node)
            elif self.typing and key == "enter":
                self._take_answer(box.value)  # another answer, sent at once: the keys after it go on it
            elif self.typing and character:
                box.type_text(character)
            elif self._take_key(key, character):
                continue
            elif binding is not None:
                await self.app.run_action(binding.binding.action, binding.node)

    def on_key(self, event: events.Key) -> None:
        if self._take_key(event.key, event.character if event.is_printable else None):
            event.stop()
            event.prevent_default()

    def _take_key(self, key: str, character: str | None) -> bool:
        """Keys typed on after a typed answer, meant for the next one, never mark this one; True if taken.

        On a verdict (✓/✗) a key that is not one of its commands is the start of the next answer:
        the quiz goes on and the key lands in the next answer box. On a mark awaiting the student
        (checklist, self-mark) its keys act only `TYPE_AHEAD_GUARD` seconds after it appeared and
        after the last stray key; a key not taken says so on screen. `character`: what a printable
        key types, else None.
        """
        if self.typing and character and not self._bound(key):
            # Typed on faster than the box took the keyboard (type-ahead): the key is the answer's too.
            self._get("#quiz-typed", AnswerBox).type_text(character)
            return True
        after_typed = self.phase in (Phase.FEEDBACK, Phase.CHECKLIST, Phase.SELF_MARK)
        if not after_typed or self.quiz.exam or self.quiz.on_screen.kind != "typed":
            return False
        active = self.active_bindings.get(key)
        action = active.binding.action if active is not None and active.enabled else None
        if self.phase is Phase.FEEDBACK:
            if action is None and character:
                self._type_ahead(character)
                return True
            return False
        opening = self._marks_open_at
        marks = action is not None and action.startswith(MARK_ACTIONS)
        now = self.ctx.now()
        # A deliberate key (help, undo, leave, scrolling), or a mark key once the mark was read: it acts.
        if opening is None or (action is not None and not marks) or (marks and now >= opening):
            return False
        if not (marks or character):
            return False  # a key that neither marks nor types (an arrow, a function key)
        if not marks:  # a stray key: the student is typing on, so the mark keys wait again
            self._marks_open_at = max(opening, now + timedelta(seconds=TYPE_AHEAD_GUARD))
        if not self._not_taken:
            self._not_taken = True
            self._show()
        return True

    def _bound(self, key: str) -> bool:
        """`key` does something on this screen now (an enabled binding: a command, not typing)."""
        active = self.active_bindings.get(key)
        return active is not None and active.enabled

    def _type_ahead(self, character: str) -> None:
        """A key typed on a typed answer's verdict: on to the next question, the key in its answer box.

        The next question must take typing (a typed one); otherwise the key is not taken, and said so.
        """
        quiz = self.quiz
        following = quiz.index + 1  # a missed card asked again comes later (`RELEARN_GAP`), never next
        if following < len(quiz.questions) and quiz.questions[following].kind == "typed":
            self._advance()
            if self.typing:
                self._get("#quiz-typed", Input).insert_text_at_cursor(character)
            return
        if not self._not_taken:
            self._not_taken = True
            self._show()

    def action_reveal(self) -> None:
        self.quiz.reveal()
        self._show()

    def action_tick(self, point: int, _point_count: int | None = None) -> None:
        self.quiz.tick(point)
        self._show()

    def action_confirm_checklist(self) -> None:
        self.quiz.confirm_checklist()
        if self.quiz.handed_in:
            self._update()
        else:
            self._advance()

    def action_undo(self, _key: str) -> None:
        self.quiz.undo()
        self.notify("Your last mark is undone: mark this answer again.", title="Undo", timeout=3)
        self._show()

    def action_all_points(self, correct: bool) -> None:
        """Overrule the checklist: full marks, or none."""
        self.action_mark(correct)

    def action_grade(self, rating: int) -> None:
        self.quiz.grade(rating)
        self._advance()

    def action_mark(self, correct: bool) -> None:
        if self.quiz.handed_in:
            self.quiz.self_mark(correct, self.quiz.on_screen)
            self._update()
            return
        self.quiz.self_mark(correct)
        self._advance()

    def action_overrule(self, _key: str) -> None:
        self.quiz.overrule(self.quiz.on_screen)
        self._record()  # a mark recorded when shown is replaced at once
        self._show()

    def action_next(self) -> None:
        self._advance()

    def action_keep(self) -> None:
        self._advance()

    def action_accept_mark(self) -> None:
        self.quiz.confirm(self.quiz.on_screen)
        self._update()

    def action_hand_in(self) -> None:
        self.quiz.hand_in()
        self._update()

    def action_previous(self, _key: str) -> None:
        self.quiz.go_back()
        self._show()

    def action_pause(self, _key: str) -> None:
        self.quiz.pause()
        self._show()

    def action_resume(self) -> None:
        self.quiz.resume()
        self._show()

    def action_scroll_feedback(self, pages: int) -> None:
        scroll = self._get("#quiz-feedback-scroll", VerticalScroll)
        scroll.scroll_page_down(animate=False) if pages > 0 else scroll.scroll_page_up(animate=False)

    def action_edit_card(self) -> None:
        self.quiz.clock.hold("editing")  # mending a card costs no exam time
        self.ctx.nav.edit_card(self.quiz.on_screen.card, on_done=lambda: self.quiz.clock.release("editing"))

    @property
    def running(self) -> bool:
        """Still asking or marking: leaving now ends it early."""
        return self.phase is not Phase.OVER

    def action_leave(self) -> None:
        if self.phase is Phase.OVER:
            return
        self._ask_to_leave()

    def leave_to_reload(self, reload: Callable[[], None]) -> None:
        """ctrl+r after the deck file changed: reloading ends the quiz, so ask as escape does, then `reload`."""
        if self.phase is Phase.OVER:
            reload()
            return
        self._ask_to_leave(reload)

    def _ask_to_leave(self, reload: Callable[[], None] | None = None) -> None:
        self.quiz.clock.hold("leaving")
        self.countdown.tick()
        unsent_exam = self.quiz.exam and not self.quiz.handed_in
        if unsent_exam:
            question = "Leave the exam?"
            outcome = "The paper is not handed in: none of its answers are marked, recorded or kept."
        else:
            given = sum(
                1 for q in self.quiz.questions if q.recorded or (q.answered and q.correct is not None)
            )
            question = "Leave the quiz?"
            outcome = f"The {given} answer{'s' * (given != 1)} marked so far {'stay' if given != 1 else 'stays'} recorded."
        if reload is not None:
            question = f"Reload the deck?\n\nIts file changed on disk; reloading ends this {'exam' if unsent_exam else 'quiz'}."
        self.app.push_screen(
            ConfirmLeaveScreen(f"{question}\n\n{outcome}")
            if reload is None
            else ConfirmReloadScreen(f"{question}\n\n{outcome}", "reload"),
            partial(self._leave_answered, reload),
        )

    def _leave_answered(self, then: Callable[[], None] | None, leave: bool | None) -> None:
        self.quiz.clock.release("leaving")
        if not leave:
            self.countdown.tick()
            return
        self._end_early()
        self._clear_paper()  # left on purpose: the paper is not offered back
        self.ctx.nav.done(self.on_done)
        if then is not None:
            then()

    def close_before_exit(self) -> None:
        """The app is quitting (ctrl+q) with this quiz open: end it as leaving would, session finished."""
        if self.phase is not Phase.OVER:
            self._end_early()
            if self.quiz.handed_in:  # its answers are recorded as marked: nothing is left to offer
                self._clear_paper()

    def _end_early(self) -> None:
        """Stop the quiz where it is: marked answers are recorded, questions not reached are not attempts."""
        self.quiz.finish()
        self._record()
        # The paper as far as it went: each card once, as first answered (as the header and results count).
        recorded = [q for q in self.quiz.result().questions if q.recorded]
        marks = (sum(q.marks_awarded for q in recorded), sum(q.marks_available for q in recorded))
        self._close_session(sum(1 for q in recorded if q.status == "right"), len(recorded), marks)

    def on_countdown_expired(self, _message: Countdown.Expired) -> None:
        if self.phase is Phase.OVER or self.quiz.handed_in:
            return
        if self.app.screen is not self:  # help is open: end the paper when the student is back
            self._time_up_pending = True
            return
        self.notify("Time is up.", title="Quiz", timeout=3)
        self._keep_draft()  # in an exam the answer being typed is on the paper: it is handed in with it
        self.quiz.time_up()
        self._update()

    # -- flow -------------------------------------------------------------------------

    def _after_answer(self) -> None:
        if self.quiz.exam:  # no verdict in an exam: straight on to the next question
            self._advance()
        elif self.phase is Phase.FEEDBACK:
            # The verdict first, then the answer to the writer: its thread would share the CPU with
            # drawing the verdict (issue 18). Any later move records it as well (`_update`, `_end_early`).
            self._show()
            self.call_after_refresh(self._record)
        else:
            self._update()

    def _advance(self) -> None:
        self._not_taken, self._marks_open_at = False, None
        self.quiz.advance()
        self._update()

    def _update(self) -> None:
        """After a move: record the answers now final, then show the phase the quiz is in."""
        self._record()
        if self.phase is Phase.OVER:
            self._finish()
            return
        if self.quiz.handed_in:
            self.countdown.stop()  # the paper stays saved (`_save_paper`) until its last answer is recorded
        self._show()

    def _finish(self) -> None:
        self.countdown.stop()
        self._clear_paper()
        result = self.quiz.result()
        # The marked paper says "saved" on itself: a notice would cover its first questions.
        marks = (result.marks_awarded, result.marks_available)
        self._close_session(result.score, result.total, marks, notice=False)
        self.ctx.nav.show_results(
            self.quiz, self.record_mode, self.session_mode, self.on_done, session=self._session
        )

    def save_paper_in_passing(self) -> None:
        """Every `PAPER_SAVE_EVERY` seconds while an exam runs: save the paper if its clock or the
        answer being typed moved since it was last saved, so a kill loses at most that much."""
        if self.quiz.exam and not self.quiz.handed_in and self.phase is not Phase.PAUSED:
            self._note_draft()
            self._save_paper(clock_moved=True)

    def _save_paper(self, *, clock_moved: bool = False) -> None:
        """An exam not yet handed in is saved as it stands each time an answer is given or changed,
        or the student moves or pauses, so a killed terminal keeps it (`tui.core.paper`); handed in,
        each time an answer is marked and recorded, until the marking is done (`_finish`).

        `clock_moved`: saved also when only its clock moved (a whole second or more) since last saved.
        """
        quiz = self.quiz
        drafted = any(q.draft and q.draft.strip() for q in quiz.questions)
        if not quiz.exam or quiz.finished or not (quiz.answered_count or quiz.skipped_count or drafted):
            return
        answers = tuple(
            (q.response, q.chosen, q.rating, q.final, q.recorded, q.credit, q.draft) for q in quiz.questions
        )
        source = (quiz.index, self.phase is Phase.PAUSED, quiz.handed_in, answers)
        elapsed = quiz.clock.elapsed()
        ticked = clock_moved and abs(elapsed - self._paper_saved_elapsed) >= 1
        if source == self._paper_saved_from and not ticked:
            return
        self._paper_saved_elapsed = elapsed
        session = self._session
        if session is not None and session.id is None and not session.failed:  # its record is being written
            self._paper_saved_from = None
            self.ctx.writer.when_saved(self._save_paper)  # saved again with the record's id
        else:
            self._paper_saved_from = source
        self._paper_on_disk = True
        deck_id = self.ctx.deck.id
        value = paper_to_dict(quiz, deck_id, self.ctx.now(), session.id if session else None)
        self.ctx.writer.set_setting(paper_key(deck_id), value)

    def _open_session(self, session_id: int | None) -> Session | None:
        """The session record a resumed marking goes on with: the paper's own, if still open."""
        from tui.writer import Session

        if session_id is None:
            return None
        deck_id = self.ctx.deck.id
        records = self.ctx.progress.recent_sessions(deck_id, limit=100)
        if not any(r.id == session_id and r.finished is None for r in records):
            return None  # gone or closed: the rest of the marking opens a session of its own
        return Session(self.session_mode, deck_id, id=session_id, answers=self._recorded_before)

    def _clear_paper(self) -> None:
        """The paper is handed in or left on purpose: it is no longer offered back."""
        if self._paper_on_disk:
            self._paper_on_disk = False
            self.ctx.writer.set_setting(paper_key(self.ctx.deck.id), None)

    def _record(self) -> None:
        """Hand every answer whose mark is now final to the writer, each exactly once.

        The session is opened with its first answer: one left before any answer leaves no record.
        """
        for question in self.quiz.take_records():
            if self._session is None:
                topics = sorted({q.card.topic for q in self.quiz.questions})
                self._session = self.ctx.writer.start_session(self.session_mode, self.ctx.deck.id, topics)
                # The paper's answers recorded before a kill are saved too (in the record it went on from).
                self._session.answers += self._recorded_before
            seconds = round(question.seconds, 3)
            # An undone mark marked again replaces its stored answer rather than adding one.
            amend = question.amend
            question.amend = False
            if amend:
                self.ctx.writer.amend_last_answer(
                    self._session,
                    question.card.id,
                    bool(question.correct),
                    seconds,
                    self.record_mode,
                    question.credit,
                    marks=(question.marks_awarded, question.marks_available),
                )
                continue
            self.ctx.writer.record_answer(
                self._session,
                question.card.id,
                bool(question.correct),
                seconds,
                self.record_mode,
                question.credit,
                rating=question.rating,
                marks=(question.marks_awarded, question.marks_available),
            )

    def _close_session(self, score: int, questions: int, marks: tuple[int, int], notice: bool = True) -> None:
        """Close the session with its `marks` (earned, available); "10 answers saved" is said once
        they and it are on disk (`notice`)."""
        if self._session is None:  # nothing was answered: there is no session to close
            return
        seconds = self.quiz.clock.elapsed()
        title = self.quiz.title if notice else None
        self.ctx.writer.finish_session(
            self._session, score, questions, seconds, marks=marks, notice_title=title
        )

    # -- drawing ------------------------------------------------------------------------

    def _keep_draft(self) -> None:
        """The answer box's text and cursor go with its question, so a redraw never loses them."""
        self._note_draft()
        self._draft_of = None

    def _note_draft(self) -> None:
        """The answer box's text and cursor, as they are now, on the question it is typed for."""
        question = self._draft_of
        if question is None:
            return
        typed = self._get("#quiz-typed", Input)
        # A draft kept before stays in step with the box, even once the box is cleared again.
        if typed.value != (question.response or "") or question.draft is not None:
            question.draft, question.draft_cursor = typed.value, typed.cursor_position

    def _show(self) -> None:
        """Draw the phase the quiz is in."""
        self._keep_draft()
        self.countdown.tick()
        progress = self._get("#quiz-progress", DrawnAhead)
        question_box = self._get("#quiz-question", Static)
        options = self._get("#quiz-options", Vertical)
        typed = self._get("#quiz-typed", Input)
        feedback = self._get("#quiz-feedback", AnswerFeedback)
        paused = self._get("#quiz-paused", Static)
        main = self._get("#quiz-main", VerticalScroll)

        is_paused = self.phase is Phase.PAUSED
        main.display = not is_paused
        paused.display = is_paused
        if is_paused:
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
            self._save_paper()
            return

        self._show_progress(progress)
        if not (self.phase is Phase.FEEDBACK and self.quiz.on_screen.kind == "choice"):
            feedback.clear()  # (a choice's verdict replaces what the box shows: not cleared first, then drawn)

        if self.phase is Phase.HAND_IN:
            typed.display = options.display = False
            self._question_drawn = None
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
            self._save_paper()
            return

        question = self.quiz.on_screen
        if question is not self._highlight_of:  # a new question: the highlight starts on the given answer
            self._highlight_of, self.highlighted = question, question.chosen or 0
            self._get("#quiz-feedback-scroll", VerticalScroll).scroll_home(animate=False)
            self._reserve_verdict(question)
            if not self._get("#quiz-main", Widget).size:  # not laid out yet: worked out once it is
                self.call_after_refresh(self._replan_verdict)
        marking = self.phase in (Phase.CHECKLIST, Phase.MARKING)
        # Each display set once, to what it ends as: a hide-then-show would lay the screen out for nothing.
        typed.display = not marking and question.kind == "typed" and self.phase is Phase.ASKING
        options.display = not marking and (
            question.kind == "choice" or (question.kind == "flashcard" and self.phase is not Phase.REVEALED)
        )
        drawn = self._question_drawn  # the question text is redrawn only when it changes
        if drawn is None or drawn[0] is not question or drawn[1] is not question.card:
            self._question_drawn = (question, question.card)
            question_box.update(self._question_text(question))
        if self.phase is Phase.CHECKLIST:
            self._show_checklist(question, feedback)
        elif self.phase is Phase.MARKING:
            self._show_marking(question, feedback)
        elif question.kind == "choice":
            self._show_options(question)
            if self.phase is Phase.FEEDBACK and self._verdict_held:  # its rows were held with the question
                feedback.show_verdict(bool(question.correct), question.card.answer, hint=NEXT_HINT, held=True)
        elif question.kind == "typed":
            self._show_typed(question, typed, feedback)
        else:
            self._show_flashcard(question, feedback)
        if not self.typing:
            self.set_focus(None)
        if self._verdict_below(question):  # the verdict's line, below the last option, in view
            last = self._get(f"#quiz-option-{len(question.options) - 1}", Widget)
            main.scroll_to_widget(last, animate=False)
        else:
            main.scroll_home(animate=False)
        self.refresh_bindings()
        self._save_paper()
        if self.phase is Phase.ASKING and question.kind == "choice" and not self.quiz.exam:
            self.call_after_refresh(self._draw_answer_ahead)  # once the question is drawn and laid out
        elif self.phase is Phase.ASKING and question.kind == "typed":
            self.call_after_refresh(self._prepare_marking)

    def _show_typed(self, question: Question, typed: Input, feedback: AnswerFeedback) -> None:
        if self.phase is Phase.ASKING:
            typed.placeholder = GIVE_UP_HINT if self._empty_enter_at == self.quiz.index else TYPE_HINT
            value = question.draft if question.draft is not None else question.response or ""
            typed.value = value
            # The box keeps the cursor (and selection) of the answer it showed before: this answer's
            # own place (where the student left it, else the end), nothing selected.
            cursor = question.draft_cursor if question.draft is not None else len(value)
            typed.selection = Selection.cursor(min(cursor, len(value)))
            typed.focus()
            self._draft_of = question
            return
        not_taken = NOT_TAKEN if self._not_taken else ""
        if self.phase is Phase.SELF_MARK:
            feedback.show_comparison(
                question.response or "",
                question.card.answer,
                prompt="Is your answer right? Compare it with the model answer.",
                hint=f"{not_taken}y: yes, mark it right · n: no, mark it wrong",
            )
            return
        overrule = "f5: overrule this mark"
        if self._not_taken:  # typed on, and the next question takes no typing (or there is none)
            hint = f"Your typing was not taken · {NEXT_HINT} · {overrule}"
        else:
            hint = f"{NEXT_HINT} · {overrule}"
        note = question.mark.note if question.mark else ""
        if question.overruled:
            hint = f"{NEXT_HINT} · f5: change it back"
            note = _overruled_note(question)
        feedback.show_verdict(
            bool(question.correct),
            question.card.answer,
            response=question.response,
            note=note,
            hint=hint,
        )

    def _show_checklist(self, question: Question, feedback: AnswerFeedback) -> None:
        mark = question.mark
        assert mark is not None and question.ticked is not None  # the CHECKLIST phase has both
        marks = f"{question.ticked_marks} of {question.marks_available} mark{'s' * (question.marks_available != 1)}"
        count = min(len(question.ticked), MAX_POINT_KEYS)
        keys = f"1–{count}" if count > 1 else "1"
        feedback.show_checklist(
            question.response or "",
            [
                (point.text, ticked, point.found)
                for point, ticked in zip(mark.points, question.ticked, strict=True)
            ],
            marks=marks,
            note=mark.note,
            hint=f"{NOT_TAKEN if self._not_taken else ''}{keys}: tick or untick a point · enter: confirm {marks} · "
            "y: full marks · n: no marks",
        )

    def _show_flashcard(self, question: Question, feedback: AnswerFeedback) -> None:
        if self.phase is Phase.REVEALED:
            feedback.show_answer(question.card.answer, prompt=REVEAL_PROMPT, hint=REVEAL_HINT)
        else:
            for option in self.query("#quiz-options > Static"):
                option.display = False
            prompt = self._get("#quiz-prompt", Static)
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
        note = question.mark.note if question.mark else ""
        hint = "enter: accept this mark · o: overrule it"
        if question.overruled:
            note = _overruled_note(question)
            hint = "enter: accept this mark · o: change it back"
        feedback.show_verdict(
            question.correct,
            question.card.answer,
            response=question.response,
            note=note or "marked automatically",
            hint=hint,
        )

    @staticmethod
    def _question_text(question: Question) -> Text:
        again = " · again: you missed it earlier" if question.attempt > 1 else ""
        return Text.assemble(
            deck_text(question.card.topic + again, "dim", one_line=True),
            "\n",
            deck_text(question.card.question, "bold"),
        )

    def _show_progress(self, progress: DrawnAhead) -> None:
        """The line above the question; a line that stays one line long redraws alone, without a layout."""
        text = self._progress_text()
        one_line = progress.size.height == 1 and text.cell_len <= progress.size.width
        progress.show(text.markup, text, layout=not one_line)

    def _reserve_verdict(self, question: Question) -> None:
        """Hold the room the answer's verdict will take, blank, while the question still fits above it.

        Practice shows a verdict after each answer: the box below, and each option's ✓/✗ words in a
        column on its right. With their room held from the start, showing them redraws the verdict
        box and the options' marks alone (issue 18: a box appearing laid the whole quiz out again,
        and the options wrapped anew under the student's eyes). When the question and its options
        would not fit above the held rows (long options at 80×24), nothing is held: the question
        keeps all the room, and the verdict makes its own when it comes.
        """
        plan = self._verdict_room(question)
        self._mark_room = plan[0] if plan else 0
        self._verdict_held = plan is not None
        self._get("#quiz-feedback", AnswerFeedback).reserve(plan[1] if plan else None)

    def _verdict_room(self, question: Question) -> tuple[int, int] | None:
        """(cells of the options' mark column, rows of the verdict box) to hold for `question`, or None.

        Worked out from the room the question had last laid out, by drawing the question and its
        options off screen; None when nothing is laid out yet or they would not fit with it.
        """
        if self.quiz.exam or question.kind != "choice" or self.phase is not Phase.ASKING:
            return None  # no verdict now (exam), or one as long as what is typed (typed answers)
        main = self._get("#quiz-main", VerticalScroll)
        scroll = self._get("#quiz-feedback-scroll", VerticalScroll)
        width, room = main.size.width, main.size.height + scroll.size.height
        if not width or not room:
            return None
        feedback = self._get("#quiz-feedback", AnswerFeedback)
        # ✓ Right and ✗ Wrong take as many rows.
        rows = feedback.rows_for(
            feedback.verdict(False, question.card.answer, hint=NEXT_HINT), scroll.size.width
        )
        body = self._get("#quiz-body", Widget).content_size.height
        if rows > body * 7 // 10:  # the verdict box's max-height
            return None
        # Measured as Textual will draw them (it wraps a question's text its own way, not as rich does),
        # and as if a scrollbar took its cells: a scroll that had one keeps it for content that fits only
        # without it, so the question must fit with it.
        narrow = width - main.styles.scrollbar_size_vertical
        question_box = self._get("#quiz-question", Static)
        needed = _height(question_box, self._question_text(question), narrow)
        needed += question_box.styles.margin.bottom + self._get("#quiz-options", Widget).styles.margin.bottom
        row = self._get("#quiz-option-0", Static)

        def option_heights(room_for_marks: int, at: int) -> list[int]:
            blank = Text("")
            return [
                _height(row, self._option_row(question, i, blank, "", room_for_marks), at)
                for i in range(len(question.options))
            ]

        # The marks' column is held where it wraps no option anew, or leaves the options a full line
        # (at 80 columns it would squeeze them: there they take the width until the marks come).
        wide = width - OPTION_GUTTER - MARK_ROOM >= MIN_OPTION_LINE
        marks_room = MARK_ROOM if wide or option_heights(MARK_ROOM, width) == option_heights(0, width) else 0
        if marks_room and needed + sum(option_heights(marks_room, narrow)) + rows > room:
            marks_room = 0  # the options keep the width: the verdict may yet fit below them
        needed += sum(option_heights(marks_room, narrow))
        return (marks_room, rows) if needed + rows <= room else None

    def on_resize(self) -> None:
        self.call_after_refresh(self._replan_verdict)  # the room held is worked out for the new size

    def _replan_verdict(self) -> None:
        """Work out the verdict's room again now that the screen is laid out (first question, resize)."""
        if not self.is_attached or self.phase is not Phase.ASKING:
            return
        question = self.quiz.on_screen
        before = self._mark_room
        self._reserve_verdict(question)
        if self._mark_room != before and question.kind == "choice":
            self._show_options(question)
        if question.kind == "choice" and not self.quiz.exam:
            self.call_after_refresh(self._draw_answer_ahead)  # at the new size

    def _progress_text(self, marks: tuple[int, int] | None = None) -> Text:
        """The line above the question; `marks`: (earned, available) so far, if not the quiz's now.

        One line beside the clock: the figures whole, the title cut to the room left beside the
        figures at their widest in this quiz, so it reads the same at every answer.
        """
        quiz = self.quiz
        title = deck_text(quiz.title, "bold", one_line=True)
        progress = self._get("#quiz-progress", DrawnAhead)
        width = self._progress_width(progress)
        if not width:  # not laid out yet: fitted to the line once it is
            self.call_after_refresh(self._show_progress, progress)
        total = quiz.card_count
        if quiz.handed_in and self.phase in (Phase.MARKING, Phase.CHECKLIST):
            count = len(quiz.marking)
            rest = self._progress_figures(marking=(quiz.marking_at + 1, count))
            widest = self._progress_figures(marking=(count, count))
        elif self.phase is Phase.HAND_IN:
            rest = widest = self._progress_figures(answered=quiz.answered_count, skipped=quiz.skipped_count)
        else:
            # "of N" counts cards: a missed card asked again (relearning) is not one more question.
            question = quiz.current
            earned, available = marks if marks is not None else quiz.marks_so_far()
            rest = self._progress_figures(
                number=quiz.card_number(question),
                again=question.attempt > 1,
                answered=quiz.answered_count if quiz.exam else None,
                skipped=quiz.skipped_count if quiz.exam else 0,
                marks=None if quiz.exam or not available else (earned, available),
            )
            most = sum(q.marks_available for q in quiz.questions if q.attempt == 1)
            widest = self._progress_figures(
                number=total,
                again=not quiz.exam,  # relearning asks a missed card again, in practice only
                answered=total if quiz.exam else None,
                marks=None if quiz.exam else (most, most),
            )
        return fit_title(title, rest, width, reserve=widest.cell_len)

    def _progress_figures(
        self,
        *,
        number: int | None = None,
        again: bool = False,
        answered: int | None = None,
        skipped: int = 0,
        marks: tuple[int, int] | None = None,
        marking: tuple[int, int] | None = None,
    ) -> Text:
        """The figures after the title: where the quiz is, what is answered, the marks so far."""
        total = self.quiz.card_count
        text = Text(style="bold")  # bold as the title, as before
        if marking is not None:
            return text.append(f"marking your paper: answer {marking[0]} of {marking[1]}")
        if number is None:
            text.append(f"{answered:,} of {total:,} answered")
            return text.append(f" · {skipped:,} skipped" if skipped else "")
        if again:  # the topic line below says why: "again: you missed it earlier"
            text.append(f"Again: question {number:,} of {total:,}", style="bold yellow")
        else:
            text.append(f"Question {number:,} of {total:,}")
        if answered is not None:
            text.append(f" · {answered:,} answered", style="dim")
            if skipped:
                text.append(f" · {skipped:,} skipped", style="dim")
        if marks is not None:  # in marks, as the marked paper adds them
            earned, available = marks
            text.append(f" · {earned}/{available} mark{'s' * (available != 1)} so far", style="dim")
        return text

    def _progress_width(self, progress: DrawnAhead) -> int:
        """Cells for the line above the question: the top row less the clock as it reads now.

        Worked out from the clock's text rather than read off the line's last layout, which lags a
        change of the clock's width (handing in adds "Handed in · ") by one drawing.
        """
        top = self._get("#quiz-top", Horizontal)
        if not top.size.width:
            return progress.size.width
        clock = self.countdown
        if not clock.display:
            return top.content_size.width
        return max(0, top.content_size.width - clock.describe().cell_len - clock.styles.margin.left)

    def _show_options(self, question: Question, only: tuple[int, ...] | None = None) -> None:
        """The options, each with its key, the highlight (`enter` chooses it) and, after answering, ✓/✗.

        `only`: redraw just these rows, whose size does not change (the highlight moved).
        """
        self._get("#quiz-prompt", Widget).display = False
        looks = self._option_looks(question, question.chosen, feedback=self.phase is Phase.FEEDBACK)
        mark_width = self._mark_width(looks)
        # The same question in columns of the same widths wraps as before: its rows keep their heights.
        same_rows = self._options_drawn == (question, mark_width)
        if self._options_drawn is None or self._options_drawn[0] is not question:
            for i in range(OPTION_COUNT):  # what was drawn ahead for the last question is not shown
                self._get(f"#quiz-option-{i}", DrawnAhead).forget_ahead()
        self._options_drawn = (question, mark_width)
        for i in range(OPTION_COUNT) if only is None else only:
            row = self._get(f"#quiz-option-{i}", DrawnAhead)
            row.display = i < len(question.options)
            if not row.display:
                continue
            mark, style = looks[i]
            highlighted = self.phase is Phase.ASKING and i == self.highlighted
            note = self._verdict_note(question, i, question.chosen) if self._verdict_below(question) else None
            look = (highlighted, mark.markup, style, note.markup if note else "")
            if same_rows and self._row_looks.get(i) == look:
                continue  # drawn as it is already (after an answer, all but the chosen and right ones)
            self._row_looks[i] = look
            drawn = self._option_row(question, i, mark, style, mark_width, highlighted=highlighted, note=note)
            # Keyed by the option's text too: a card mended mid-quiz (ctrl+e) keeps its question.
            row.show((mark_width, look, question.options[i]), drawn, layout=only is None and not same_rows)

    def _option_looks(
        self, question: Question, chosen: int | None, *, feedback: bool
    ) -> list[tuple[Text, str]]:
        """Each option's (mark, style) when `chosen` is the answer given; `feedback`: the verdict is shown."""
        looks = []
        for i in range(len(question.options)):
            mark, style = Text(""), ""
            if feedback and i == question.right_option:
                label = "your answer, right" if i == chosen else "right answer"
                mark, style = Text(f"{RIGHT} {label}", style="bold green"), "green"
            elif feedback and i == chosen:
                mark, style = Text(f"{WRONG} your answer", style="bold red"), "red"
            elif self.quiz.exam and i == chosen:
                mark = Text("◂ your answer", style="bold")
            looks.append((mark, style))
        return looks

    def _mark_width(self, looks: list[tuple[Text, str]]) -> int:
        """The marks' column: the same for every row, so the texts line up; at least the room held for it.

        In practice with no room held, none: the marks go on the blank line below each option.
        """
        if self._marks_below:
            return 0
        return max([self._mark_room, *(mark.cell_len for mark, _style in looks)])

    @property
    def _marks_below(self) -> bool:
        """Practice with no column held for the marks: each option's mark goes on the blank line
        below it, so the options never wrap anew on an answer (issue 18)."""
        return not self.quiz.exam and not self._mark_room

    def _verdict_below(self, question: Question) -> bool:
        """The verdict box has no rows held: an answer's verdict goes on the line below the last option."""
        return self.phase is Phase.FEEDBACK and question.kind == "choice" and not self._verdict_held

    def _verdict_note(self, question: Question, i: int, chosen: int | None) -> Text | None:
        """The verdict's words on the line below option `i` when `chosen` is the answer: the last option's."""
        if i != len(question.options) - 1 or chosen is None:
            return None
        note = verdict_text(chosen == question.right_option)
        note.append(f" · {NEXT_HINT}", style="dim")
        return note

    def _draw_answer_ahead(self) -> None:
        """While the student reads the question: draw what an answer will show (issue 18).

        Whichever option is chosen, the verdict box (or, with no rows held for it, the line below
        the last option) shows ✓ Right or ✗ Wrong and each option one of a few looks; none of them
        changes a size, so they are drawn now and the answer's frame only places them (`DrawnAhead`).
        """
        if not self.is_attached or self.phase is not Phase.ASKING or self.quiz.exam:
            return
        question = self.quiz.on_screen
        if question.kind != "choice" or self._options_drawn is None or self._options_drawn[0] is not question:
            return
        self._get("#quiz-feedback", AnswerFeedback).draw_verdict_ahead(question.card.answer, hint=NEXT_HINT)
        # The line above with the marks so far after a right or a wrong answer, as `Quiz.marks_so_far`
        # will add them (a first answer adds its marks); shown only if the line then says exactly that.
        earned, available = self.quiz.marks_so_far()
        worth = question.marks_available if question.attempt == 1 else 0
        progress = self._get("#quiz-progress", DrawnAhead)
        for marks in ((earned + worth, available + worth), (earned, available + worth)):
            text = self._progress_text(marks)
            progress.draw_ahead(text.markup, text)
        drawn: set[tuple[int, object]] = set()
        for chosen in range(len(question.options)):
            looks = self._option_looks(question, chosen, feedback=True)
            mark_width = self._mark_width(looks)
            if mark_width != self._options_drawn[1]:
                return  # the marks need a wider column: the answer lays the rows out anew, nothing to draw
            for i, (mark, style) in enumerate(looks):
                note = None if self._verdict_held else self._verdict_note(question, i, chosen)
                key = (
                    mark_width,
                    (False, mark.markup, style, note.markup if note else ""),
                    question.options[i],
                )
                if (i, key) not in drawn:
                    drawn.add((i, key))
                    row = self._get(f"#quiz-option-{i}", DrawnAhead)
                    drawn_row = self._option_row(question, i, mark, style, mark_width, note=note)
                    row.draw_ahead(key, drawn_row)

    def _prepare_marking(self) -> None:
        """While the student types: work out the question's mark scheme (cached by the marker), half of
        what marking an answer costs, so `enter` only matches the answer against it (issue 18)."""
        question = self.quiz.on_screen
        if self.is_attached and self.phase is Phase.ASKING and question.kind == "typed":
            marks_for(question.card)

    def _option_row(
        self,
        question: Question,
        i: int,
        mark: Text,
        style: str,
        mark_width: int,
        *,
        highlighted: bool = False,
        note: Text | None = None,
    ) -> OptionRow:
        """Option `i` as drawn: the highlight (`enter` chooses it), its key, its text, its mark (in its
        column, or on the blank line below: `_marks_below`), and `note` (the verdict) on that line.

        Every option has its blank line below, the last too (the options' margin in the stylesheet
        is 0): the verdict's words can go there without adding a line.
        """
        option_text = answer_text(question.options[i])
        option_text.stylize("reverse" if highlighted else style)
        pointer = Text("▸" if highlighted else " ", style="bold")
        key = Text(f" {i + 1} ", style="bold reverse")
        if self._marks_below and not mark_width:
            return OptionRow(pointer, key, option_text, Text(""), 0, last=False, below=mark, note=note)
        return OptionRow(pointer, key, option_text, mark, mark_width, last=False, note=note)


# -- an exam paper left unfinished (the terminal was killed): offered back ---------------------


def _height(widget: Widget, content: object, width: int) -> int:
    """Rows `content` takes drawn in `widget` `width` cells wide, as Textual draws it."""
    return visualize(widget, content).get_height(widget.styles, width)  # type: ignore[arg-type]  # as Widget does


class SavedPaperScreen(ModalScreen[str | None]):
    """An exam paper not handed in was saved: resume it where it stood, or hand it in as it stands."""

    HELP_TITLE = "Unfinished exam paper"
    BINDINGS = [
        Binding("r", "answer('resume')", "Resume the paper"),
        Binding("h", "answer('hand_in')", "Hand it in as it stands"),
        Binding("d", "answer('discard')", "Discard it, start the new quiz"),
        Binding("escape", "answer(None)", "Not now"),
    ]

    def __init__(self, paper: SavedPaper, *, new_quiz: bool = False) -> None:
        """`new_quiz`: offered as a new quiz starts, which would replace it: `d` discards it for the new one."""
        super().__init__()
        self.paper = paper
        self.new_quiz = new_quiz

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.new_quiz or parameters != ("discard",)

    def compose(self) -> ComposeResult:
        paper = self.paper
        quiz = paper.quiz
        when = paper.saved.astimezone().strftime("%d %b %H:%M")
        left = paper.seconds_left
        time_left = "no time limit" if left is None else f"{clock_text(left)} left"
        facts = f"{quiz.answered_count:,} of {quiz.card_count:,} answered · {time_left} · saved {when}"
        if quiz.handed_in:
            to_mark = sum(1 for q in quiz.marking if not q.final)
            facts = f"{plural(to_mark, 'answer')} still to mark · saved {when}"
        heading = (
            "Your exam paper was handed in, not all marked"
            if quiz.handed_in
            else "Your exam paper was not handed in"
        )
        lines = [
            Text(heading, style="bold"),
            Text.assemble(deck_text(quiz.title, one_line=True), f" · {facts}"),
        ]
        if paper.dropped:
            lines.append(
                Text(
                    f"{plural(paper.dropped, 'question')} set aside: the card is no longer in the deck, "
                    "or its answer changed.",
                    style="dim",
                )
            )
        if self.new_quiz:
            lines.append(Text("A new quiz would replace it: keep it, or discard it first.", style="bold"))
        with Vertical(id="paper-box"):
            yield Static(Text("\n").join(lines), id="paper-message")
            # keep it first (r, h), then what replaces it (d), then neither (esc): no dangling "·"
            yield Static(
                Text.assemble(
                    ("r", "bold"),
                    " resume marking · " if quiz.handed_in else " resume where you were · ",
                    ("h", "bold"),
                    " end it, marked as it stands" if quiz.handed_in else " hand it in as it stands",
                    *(
                        ()
                        if self.new_quiz
                        else (" · ", ("esc", "bold"), " not now (p on home offers it again)")
                    ),
                )
            )
            if self.new_quiz:
                yield Static(
                    Text.assemble(
                        ("d", "bold"),
                        " discard it and start the new quiz · ",
                        ("esc", "bold"),
                        " neither, for now",
                    )
                )
        yield KeyBar()

    def action_answer(self, choice: str | None) -> None:
        self.dismiss(choice)


def offer_saved_paper(
    ctx: AppContext, offered: set[str] | None = None, new_quiz: Callable[[], None] | None = None
) -> bool:
    """Offer the open deck's unfinished exam paper, if one was saved (`tui.core.paper`); True if offered.

    `offered`: papers offered already (their saved times), so one is offered once by itself;
    None offers it whatever (the student asked). A paper that cannot be used is said so and
    set aside, never shown as an error. `new_quiz`: a new quiz is starting, which would replace
    the paper: the offer also discards it (`d`) and then calls `new_quiz`; nothing is said
    when there is no paper (the caller starts its quiz).
    """
    app = ctx.nav.app
    key = paper_key(ctx.deck.id)
    value = ctx.progress.setting(key)
    if value is None:
        if offered is None and new_quiz is None:
            app.notify("No unfinished exam paper is saved for this deck.", title="Exam paper", timeout=4)
        return False
    try:
        paper = read_paper(value, ctx.deck, ctx.now)
    except PaperError as error:
        aside = set_aside_key(ctx.deck.id)
        app.notify(
            f"An unfinished exam paper was saved, but it cannot be used ({error}), so it cannot be "
            f"resumed or handed in. It is set aside as it was, in progress.json under the setting "
            f"{aside!r}, and is no longer offered.",
            title="Exam paper",
            severity="warning",
            timeout=10,
            markup=False,
        )
        ctx.writer.set_setting(aside, value)  # kept: nothing the student answered is deleted by a refusal
        ctx.writer.set_setting(key, None)
        return False
    stamp = paper.saved.isoformat()
    if offered is not None:
        if stamp in offered:
            return False
        offered.add(stamp)

    def chosen(choice: str | None) -> None:
        if choice is None:
            return
        if choice == "discard":
            ctx.writer.set_setting(key, None)
            app.notify("The unfinished exam paper is discarded.", title="Exam paper", timeout=4)
            if new_quiz is not None:
                new_quiz()
            return
        quiz = paper.quiz
        app.push_screen(QuizScreen(ctx, quiz, "exam", "exam", saved=paper, hand_in_saved=choice == "hand_in"))

    app.push_screen(SavedPaperScreen(paper, new_quiz=new_quiz is not None), chosen)
    return True
