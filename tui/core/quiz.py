"""The timed quiz: which questions, multiple-choice options, marking, the clock and the score.

No Textual here: the quiz screen drives a `Quiz` and shows what it says. Time
comes from an injected `now()` and chance from an injected `random.Random`, so
a test can replay any quiz exactly.
"""

from __future__ import annotations

import functools
import operator
import random
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Literal, TypeVar

from tui.core.marking import Mark, is_date_answer, mark_answer, marks_for, prepare_deck, same_answer
from tui.core.text import shift_years, years_in, years_in_all
from tui.core.weakness import weak_questions

if TYPE_CHECKING:
    from tui.core.deck import Card, Deck
    from tui.core.progress import QuestionStats

AnswerMode = Literal["choice", "typed", "flashcard"]
# A credit of at least this share of the marks counts as right for streaks, lapses and scheduling.
RIGHT_FROM = 0.5
OPTION_COUNT = 4
NEAR_YEARS = 6  # year distractors are drawn from this many of the deck's nearest years

Clock = Callable[[], datetime]
T = TypeVar("T")
# Flashcard grades, as FSRS and Anki name them.
GRADES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
# Relearning: a missed card comes back after this many other questions (or at the end) ...
RELEARN_GAP = 3
# ... until it is right, at most this many times in all per session.
RELEARN_ATTEMPTS = 3


@dataclass(frozen=True)
class QuizSettings:
    """What the setup modal decides. The defaults are what `enter` takes."""

    questions: int = 10
    minutes: int | None = 5  # None: no time limit
    topics: tuple[str, ...] = ()  # empty: every topic
    answer_mode: AnswerMode = "choice"
    exam: bool = False

    @property
    def limit_seconds(self) -> float | None:
        return self.minutes * 60.0 if self.minutes else None


def settings_to_dict(settings: QuizSettings) -> dict:
    """What the setup remembers per deck (topics are chosen afresh each time): plain JSON values."""
    return {
        "questions": settings.questions,
        "minutes": settings.minutes,
        "answer_mode": settings.answer_mode,
        "exam": settings.exam,
    }


def settings_from_dict(saved: dict) -> QuizSettings:
    """Settings remembered by `settings_to_dict`; a value missing or not understood takes the default."""
    default = QuizSettings()
    questions, minutes = saved.get("questions"), saved.get("minutes")
    mode = saved.get("answer_mode")
    return QuizSettings(
        questions=questions if isinstance(questions, int) and questions > 0 else default.questions,
        minutes=minutes if minutes is None or (isinstance(minutes, int) and minutes > 0) else default.minutes,
        answer_mode=mode if mode in ("choice", "typed", "flashcard") else default.answer_mode,
        exam=saved.get("exam") is True,
    )


class QuizClock:
    """Elapsed time on an injected clock that stops while anything holds it.

    Two things hold a quiz clock: the student pausing (`p`), and practice
    feedback between questions (reading the right answer is not answering time).
    """

    def __init__(self, now: Clock, limit_seconds: float | None = None, spent: float = 0.0) -> None:
        """`spent`: seconds already used (a saved paper resumed: its time left is as saved)."""
        self.now = now
        self.limit_seconds = limit_seconds
        self._banked = max(spent, 0.0)
        self._since: datetime | None = None
        self._holds: set[str] = set()
        self._started = self._stopped = False

    @property
    def started(self) -> bool:
        return self._started

    @property
    def stopped(self) -> bool:
        """Stopped for good: the paper is handed in (or the time ran out), or the quiz is over."""
        return self._stopped

    def is_held(self, reason: str) -> bool:
        return reason in self._holds

    def start(self) -> None:
        self._started = True
        self._update()

    def hold(self, reason: str = "paused") -> None:
        self._holds.add(reason)
        self._update()

    def release(self, reason: str = "paused") -> None:
        self._holds.discard(reason)
        self._update()

    def stop(self) -> None:
        """Stop for good (the quiz is over)."""
        self._stopped = True
        self._update()

    def elapsed(self) -> float:
        """Seconds counted so far; never past the limit (time up is time up)."""
        elapsed = self._banked
        if self._since is not None:
            elapsed += max((self.now() - self._since).total_seconds(), 0.0)
        return elapsed if self.limit_seconds is None else min(elapsed, self.limit_seconds)

    def remaining(self) -> float | None:
        """Seconds left, never below zero; None without a limit."""
        if self.limit_seconds is None:
            return None
        return max(self.limit_seconds - self.elapsed(), 0.0)

    @property
    def expired(self) -> bool:
        return self.limit_seconds is not None and self.elapsed() >= self.limit_seconds

    def _update(self) -> None:
        should_run = self._started and not self._stopped and not self._holds
        if should_run and self._since is None:
            self._since = self.now()
        elif not should_run and self._since is not None:
            self._banked = self.elapsed()
            self._since = None


# -- choosing questions -------------------------------------------------------


def select_cards(
    cards: Iterable[Card],
    stats: Mapping[str, QuestionStats],
    count: int,
    rng: random.Random,
    now: datetime,
) -> list[Card]:
    """Up to `count` different cards: the weak ones, then the unanswered, then the rest at random.

    Weak is what the weak-spots screen and the dashboard call weak (a weakness
    score of `WEAK_AT` or more, see `tui.core.weakness`), taken in its order;
    cards never answered come next (an unknown, not a known weakness); then the
    cards the student knows, at random, so practice goes round them all. The
    chosen cards come back shuffled, so the paper does not start with the
    hardest questions. The cards are read in random order only as far as the
    paper needs (issue 18: a whole shuffle of 200,000 cards took seconds).
    """
    by_id = dict(zip(map(_card_id, cards), cards))  # each card once; map and zip run in C
    return _select(list(by_id.values()), by_id, stats, count, rng, now)


def choose_cards(
    deck: Deck,
    topics: Collection[str],
    stats: Mapping[str, QuestionStats],
    count: int,
    rng: random.Random,
    now: datetime,
) -> list[Card]:
    """`select_cards` over the cards of these topics of `deck` (KeyError for a topic it lacks).

    A deck asked for whole is read as it is, without a copy of its cards (200,000 in a big deck).
    """
    names = {topic.name for topic in deck.topics}
    if names <= set(topics) and len(deck.card_ids()) == len(deck.cards):
        return _select(deck.cards, deck.by_id(), stats, count, rng, now)
    return select_cards([card for name in topics for card in deck.cards_in(name)], stats, count, rng, now)


def _select(
    pool: Sequence[Card],
    by_id: Mapping[str, Card],
    stats: Mapping[str, QuestionStats],
    count: int,
    rng: random.Random,
    now: datetime,
) -> list[Card]:
    """`select_cards` over `pool`, cards of different ids, `by_id` finding each of them by id."""
    answered = [s for card_id, s in stats.items() if s.attempts and card_id in by_id]
    weak = [by_id[spot.card_id] for spot in weak_questions(answered, now)][: max(count, 0)]
    need = max(count, 0) - len(weak)
    unanswered: list[Card] = []
    known: list[Card] = []
    if need > 0:
        weak_ids = {card.id for card in weak}
        # Unanswered cards come before known ones: read until the paper is full of each it can take.
        want_unanswered = min(need, len(pool) - len(answered))
        want_known = need - want_unanswered
        for card in lazy_shuffle(pool, rng):
            if len(unanswered) >= want_unanswered and len(known) >= want_known:
                break
            answers = stats.get(card.id)
            if answers is None or not answers.attempts:
                unanswered.append(card)
            elif card.id not in weak_ids:
                known.append(card)
    chosen = weak + unanswered[: max(need, 0)] + known[: max(need - len(unanswered), 0)]
    rng.shuffle(chosen)
    return chosen


_card_id = operator.attrgetter("id")


def lazy_shuffle(items: Sequence[T], rng: random.Random) -> Iterator[T]:
    """`items` in a uniformly random order, one at a time: a Fisher–Yates shuffle run only as far as read.

    Each item taken costs O(1) whatever the length, so a reader that stops after a few of
    200,000 cards pays for a few (Knuth, TAOCP vol. 2, Algorithm P, with the swaps in a dict).
    """
    size = len(items)
    moved: dict[int, int] = {}  # slot -> the index of the item now there, for slots a swap touched
    for slot in range(size):
        pick = rng.randrange(slot, size)
        here = moved.pop(slot, slot)
        if pick == slot:
            yield items[here]
        else:
            taken = moved.get(pick, pick)
            moved[pick] = here
            yield items[taken]


# -- multiple choice ------------------------------------------------------------


def deck_years(deck: Deck) -> set[int]:
    """Every year the deck mentions in its dates and answers (worked out once per loaded deck)."""
    return deck.derived("quiz.years", lambda: _deck_years(deck))


def _deck_years(deck: Deck) -> set[int]:
    years = {event.sort_key for event in deck.events}
    years |= years_in_all(event.date for event in deck.events)
    return years | years_in_all(map(_answer, deck.cards))


_answer = operator.attrgetter("answer")


def year_distractors(
    answer: str,
    known_years: Iterable[int],
    rng: random.Random,
    count: int,
    avoid: Collection[int] = (),
) -> list[str]:
    """Wrong answers shaped like `answer` ("In 1924" → "In 1922"), years near the right one.

    Years come from the deck's own (the nearest few, picked at random); when the
    deck has too few, neighbouring years fill in. Years in `avoid` (the answers of
    the quiz's other questions) are never offered: knowing one answer must not
    rule out an option of another.
    """
    anchor = years_in(answer)[0]
    pool = sorted(
        {y for y in known_years if y != anchor and y not in avoid and 1000 <= y <= 2099},
        key=lambda y: (abs(y - anchor), rng.random()),
    )[:NEAR_YEARS]
    rng.shuffle(pool)
    deltas = [y - anchor for y in pool[:count]]
    step = 1
    while len(deltas) < count:
        for delta in (step, -step):
            if delta not in deltas and anchor + delta not in avoid and len(deltas) < count:
                deltas.append(delta)
        step += 1
    return [shift_years(answer, delta) for delta in deltas]


@functools.lru_cache(maxsize=1 << 18)
def _answer_kind(answer: str) -> str:
    # Cached: every multiple-choice question classes the deck's other answers (200,000 in a big deck).
    if is_date_answer(answer):
        return "date"
    return "dated" if years_in(answer) else "text"


def choice_options(
    card: Card,
    deck: Deck,
    rng: random.Random,
    count: int = OPTION_COUNT,
    avoid: Collection[str] = (),
) -> list[str]:
    """The right answer and up to `count - 1` wrong ones of the same kind, in random order.

    A date answer gets other plausible years; any other answer gets answers from
    the same topic first, then from other topics, answers of the same kind
    (with or without a year) before the rest. No option is empty and no two
    would be marked right for each other. Answers in `avoid` (the right answers
    of the quiz's other questions, stripped) come last, so no question can be
    answered by ruling out the answers of others while the deck has enough others
    (issue 16). A deck with too few different answers gives fewer options (possibly
    just the right one; the caller falls back). Candidates are drawn at random one
    at a time, the topic's own cards first, and drawing stops once the best kind
    fills every option: the cost does not grow with the deck (issue 18).
    """
    right = card.answer
    if is_date_answer(right):
        avoid_years = {years_in(a)[0] for a in avoid if is_date_answer(a)}
        wrong = year_distractors(right, deck_years(deck), rng, count - 1, avoid_years)
    else:
        wrong = _wrong_answers(card, deck, rng, count - 1, avoid)
    options = list(wrong)
    options.insert(rng.randrange(len(options) + 1), right)
    return options


def _wrong_answers(
    card: Card, deck: Deck, rng: random.Random, wanted: int, avoid: Collection[str]
) -> list[str]:
    """Up to `wanted` other answers, best first: same kind and topic, same kind, the rest; `avoid` last."""
    right = card.answer
    kind = _answer_kind(right)
    wrong: list[str] = []
    # Second choices by rank (2 * other kind + other topic, + 4 if avoided), kept while better ones are drawn.
    later: list[list[str]] = [[] for _ in range(8)]

    def take(answer: str) -> None:
        if len(wrong) < wanted and not any(same_answer(answer, t) for t in [right, *wrong]):
            wrong.append(answer)

    def draw(candidates: Iterable[Card], other_topic: int) -> None:
        for other in candidates:
            if len(wrong) >= wanted:
                return
            answer = other.answer
            if other.id == card.id or not answer.strip() or (other_topic and other.topic == card.topic):
                continue
            rank = 4 * (answer.strip() in avoid) + 2 * (_answer_kind(answer) != kind) + other_topic
            if rank == other_topic:  # the best still to be had: same kind, not another question's answer
                take(answer)
            else:
                later[rank].append(answer)

    try:
        topic_ids: Sequence[str] = deck.topic(card.topic).card_ids
    except KeyError:  # a card of no listed topic (a deck built by hand): its topic's cards found by reading
        topic_ids = [other.id for other in deck.cards if other.topic == card.topic]
    draw((deck.card(i) for i in lazy_shuffle(topic_ids, rng) if deck.has_card(i)), 0)
    draw(lazy_shuffle(deck.cards, rng), 1)
    for answers in later[1:]:
        for answer in answers:
            take(answer)
    return wrong


# -- one quiz -------------------------------------------------------------------


class Phase(Enum):
    """Where a quiz is: what the student sees and may do next."""

    ASKING = "asking"  # a question is on screen, waiting for its answer
    REVEALED = "revealed"  # flashcard: the answer is shown, waiting for the student's mark
    FEEDBACK = "feedback"  # practice: the verdict on the answer is shown
    SELF_MARK = "self_mark"  # practice: a typed answer only the student can mark
    HAND_IN = "hand_in"  # exam: past the last question, the paper not yet handed in
    MARKING = "marking"  # exam, handed in: the student checks the typed answers
    CHECKLIST = "checklist"  # a typed answer's mark points, ticked ✓/✗, for the student to confirm
    PAUSED = "paused"  # the clock is stopped and the question hidden
    OVER = "over"  # finished, or left


@dataclass
class Question:
    """One card as asked in this quiz, and what became of it."""

    card: Card
    kind: AnswerMode
    options: tuple[str, ...] = ()
    response: str | None = None  # the chosen option or typed text; None: not answered
    chosen: int | None = None  # 0-based option index, multiple choice only
    mark: Mark | None = None  # the automatic mark of a typed answer
    correct: bool | None = None  # the final mark; None: not marked (yet)
    overruled: bool = False
    seconds: float = 0.0
    reached: bool = False
    timed_out: bool = False
    final: bool = False  # the mark can no longer change
    recorded: bool = False
    ticked: list[bool] | None = None  # the checklist as the student leaves it (None: no checklist)
    credit: float | None = None  # share of the marks, 0–1, once marked
    amend: bool = False  # recorded, then undone: its next record replaces the stored one

    @property
    def has_checklist(self) -> bool:
        """A typed answer marked partial, or left to the student with two or more points to tick."""
        mark = self.mark
        if self.kind != "typed" or mark is None or not self.response:
            return False
        return mark.verdict == "partial" or (mark.verdict == "self" and len(mark.points) >= 2)

    @property
    def marks_available(self) -> int:
        """Marks this question is worth: a typed answer's mark scheme (answered or not), else 1."""
        if self.kind != "typed":
            return 1
        return self.mark.marks_available if self.mark is not None else marks_for(self.card)

    @property
    def marks_awarded(self) -> int:
        """Whole marks earned: the credit's share of `marks_available` (0 while unmarked)."""
        if self.correct is None:
            return 0
        credit = self.credit if self.credit is not None else float(self.correct)
        return round(credit * self.marks_available)

    @property
    def ticked_marks(self) -> int:
        """Marks the ticked checklist earns: ticked points, at most the marks available."""
        return min(sum(self.ticked or ()), self.marks_available)

    # A typed answer being written: kept while the student pauses, goes back or reads help.
    draft: str | None = None
    draft_cursor: int = 0
    rating: int | None = None  # flashcard: the student's FSRS grade, 1 Again … 4 Easy
    attempt: int = 1  # 2 and on: the card came back in the same session (relearning)

    @property
    def right_option(self) -> int | None:
        return self.options.index(self.card.answer) if self.card.answer in self.options else None

    @property
    def answered(self) -> bool:
        return self.response is not None

    @property
    def status(self) -> str:
        """ "right", "wrong", "not reached", or "unmarked" (awaiting the student's mark)."""
        if not self.reached:
            return "not reached"
        if self.correct is None:
            return "wrong" if not self.answered else "unmarked"
        if self.credit is not None and 0.0 < self.credit < 1.0:
            return "partial"
        return "right" if self.correct else "wrong"


@dataclass(frozen=True)
class QuizResult:
    """The marked paper."""

    score: int
    total: int
    reached: int
    seconds: float
    questions: tuple[Question, ...]

    @property
    def marks_awarded(self) -> int:
        """The paper's marks, added like a real paper's ("17/24 marks")."""
        return sum(q.marks_awarded for q in self.questions)

    @property
    def marks_available(self) -> int:
        return sum(q.marks_available for q in self.questions)

    @property
    def percent(self) -> float:
        """Share of the paper's marks, 0–1 (a question of one mark counts one)."""
        return self.marks_awarded / self.marks_available if self.marks_available else 0.0

    @property
    def average_seconds(self) -> float:
        """Time per question reached (answered, or on screen when time ran out)."""
        return self.seconds / self.reached if self.reached else 0.0

    @property
    def missed_card_ids(self) -> list[str]:
        """Cards below full marks at their last attempt: partly right, wrong, missed or never reached (once each)."""
        last = {q.card.id: q for q in self.questions}
        return [card_id for card_id, q in last.items() if q.status != "right"]


@dataclass
class Quiz:
    """A paper in progress: the questions, where the student is, the clock and the marks.

    Practice marks each answer as it is given; exam keeps every answer open to
    change (`go_back`) until `hand_in`. Answers whose mark is final and not yet
    recorded come out of `take_records()` exactly once. `phase` says where the
    quiz is; every method below moves it, so a screen only reads it.
    """

    questions: list[Question]
    settings: QuizSettings
    clock: QuizClock
    title: str = "Quiz"
    index: int = 0
    finished: bool = False
    handed_in: bool = False
    phase: Phase = Phase.ASKING
    # Exam, after hand-in: the typed answers the student checks, and which one is on screen.
    marking: list[Question] = field(default_factory=list)
    marking_at: int = 0
    # The last question the student marked themselves (self-mark, checklist, overrule): `undo` reopens it.
    undoable: Question | None = None
    _undo_phase: Phase = field(default=Phase.SELF_MARK, repr=False)
    # A review or drill: a missed card comes back later in the same session (Anki's relearning).
    relearn: bool = False
    _shown_at: float = field(default=0.0, repr=False)
    _paused_from: Phase = field(default=Phase.ASKING, repr=False)

    @classmethod
    def build(
        cls,
        deck: Deck,
        settings: QuizSettings,
        stats: Mapping[str, QuestionStats],
        now: Clock,
        rng: random.Random,
    ) -> Quiz:
        """A new paper from the chosen topics (all when none are chosen)."""
        topics = settings.topics or tuple(t.name for t in deck.topics)
        chosen = choose_cards(deck, topics, stats, settings.questions, rng, now())
        return cls.of_cards(deck, chosen, settings, now, rng)

    @classmethod
    def of_cards(
        cls,
        deck: Deck,
        cards: list[Card],
        settings: QuizSettings,
        now: Clock,
        rng: random.Random,
        title: str = "Quiz",
    ) -> Quiz:
        """A paper of exactly these cards, in this order (a review drill, a retry)."""
        questions = []
        seen: set[str] = set()
        if settings.answer_mode == "typed":
            prepare_deck(deck)  # the marker knows the other cards' words and the deck's years
        answers = {card.answer.strip() for card in cards}
        for card in cards:
            if card.id in seen:
                continue
            seen.add(card.id)
            question = Question(card=card, kind=settings.answer_mode)
            if settings.answer_mode == "choice":
                options = choice_options(card, deck, rng, avoid=answers - {card.answer.strip()})
                if len(options) >= 2:
                    question.options = tuple(options)
                else:  # nothing to choose between: the student reveals and marks it
                    question.kind = "flashcard"
            questions.append(question)
        return cls(questions, settings, QuizClock(now, settings.limit_seconds), title)

    # -- where we are ------------------------------------------------------------

    @property
    def exam(self) -> bool:
        return self.settings.exam

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    @property
    def on_screen(self) -> Question:
        """The question shown: the one being marked after hand-in, else the current one."""
        if self.handed_in and self.phase in (Phase.MARKING, Phase.CHECKLIST):
            return self.marking[self.marking_at]
        return self.current

    @property
    def at_end(self) -> bool:
        """Exam: every question has an answer and the student is past the last one."""
        return self.index >= len(self.questions)

    def start(self, at: int = 0) -> None:
        """The clock starts and question `at` (0-based; past the last: the hand-in page) is shown."""
        self.clock.start()
        self._show(min(max(at, 0), len(self.questions)))

    def _show(self, index: int) -> None:
        self.index = index
        self.phase = Phase.HAND_IN if self.at_end else Phase.ASKING
        if not self.at_end:
            self.current.reached = True
        self._shown_at = self.clock.elapsed()
        self.clock.release("feedback")

    def _leave(self) -> None:
        """Add the time spent on the question on screen to its total."""
        if not self.at_end:
            self.current.seconds += self.clock.elapsed() - self._shown_at
        self._shown_at = self.clock.elapsed()

    def _answered(self) -> None:
        self._leave()
        if not self.exam:
            self.clock.hold("feedback")  # practice feedback is reading time, not answering time

    # -- answering ----------------------------------------------------------------

    def choose(self, option: int) -> Question:
        """Multiple choice: the student picks option `option` (0-based)."""
        question = self.current
        if question.kind != "choice" or not 0 <= option < len(question.options):
            raise ValueError(f"no option {option + 1} for this question")
        question.chosen = option
        question.response = question.options[option]
        question.correct = question.response == question.card.answer
        question.final = not self.exam
        self._answered()
        self.phase = Phase.ASKING if self.exam else Phase.FEEDBACK
        return question

    def submit_typed(self, text: str) -> Mark:
        """Typed answer: mark it automatically (or leave it for the student, "self")."""
        question = self.current
        mark = self._take_typed(question, text)
        self.undoable = None  # a new answer: the mark before it stands
        self._answered()
        if self.exam:
            self.phase = Phase.ASKING
        elif question.correct is None:
            self.phase = Phase.CHECKLIST if question.has_checklist else Phase.SELF_MARK
        else:
            self.phase = Phase.FEEDBACK
        return mark

    @staticmethod
    def _take_typed(question: Question, text: str) -> Mark:
        """`text` is `question`'s answer now: marked automatically, or left for the student."""
        question.response = text.strip()
        question.draft = None
        question.mark = mark = mark_answer(question.card, text)
        question.overruled = False
        question.correct = None if question.mark.needs_student else question.mark.right
        question.credit = None if question.correct is None else question.mark.credit
        question.ticked = [p.covered for p in question.mark.points] if question.has_checklist else None
        question.final = False
        return mark

    def reveal(self) -> None:
        """Flashcard: show the answer (the student then marks it)."""
        self.phase = Phase.REVEALED

    def self_mark(self, correct: bool, question: Question | None = None) -> None:
        """The student's own mark: a flashcard, or a typed answer left for them."""
        question = question or self.current
        undo_phase = self.phase
        question.correct = correct
        question.credit = 1.0 if correct else 0.0
        if question.ticked is not None:  # an overrule of the checklist: every point, or none
            question.ticked = [correct] * len(question.ticked)
        if question.kind == "flashcard":
            question.response = "knew it" if correct else "did not know"
            self._answered()
        question.final = not self.exam or self.handed_in
        self._remember_undo(question, undo_phase)
        self._marked(question)

    def tick(self, point: int, question: Question | None = None) -> None:
        """Checklist: turn mark point `point` (0-based) from ✓ to ✗ or back."""
        question = question or self.on_screen
        if question.ticked is None or not 0 <= point < len(question.ticked):
            raise ValueError(f"no mark point {point + 1} for this answer")
        question.ticked[point] = not question.ticked[point]

    def confirm_checklist(self, question: Question | None = None) -> None:
        """Checklist: the ticked points are the mark; credit = ticked marks / marks available."""
        question = question or self.on_screen
        if question.ticked is None:
            raise ValueError("this answer has no checklist to confirm")
        question.credit = question.ticked_marks / question.marks_available
        question.correct = question.credit >= RIGHT_FROM
        question.final = not self.exam or self.handed_in
        self._remember_undo(question, Phase.CHECKLIST)
        self._marked(question)
        if not self.handed_in and self.phase is Phase.CHECKLIST:
            self.phase = Phase.FEEDBACK  # practice: the screen moves on at once (`advance`)

    def _remember_undo(self, question: Question, phase: Phase) -> None:
        self.undoable, self._undo_phase = question, phase

    @property
    def can_undo(self) -> bool:
        """A mark the student gave can be reopened while the next question is not yet answered."""
        question = self.undoable
        if question is None or self.finished or question.correct is None:
            return False
        if self.handed_in:
            return self.phase in (Phase.MARKING, Phase.CHECKLIST) and self.on_screen is not question
        return self.phase is Phase.ASKING and not self.at_end and self.current is not question

    def undo(self) -> Question:
        """Reopen the last mark the student gave, on its question, as it was before they marked it.

        A mark already recorded is flagged `amend`: its next record replaces the stored one.
        """
        question = self.undoable
        if question is None or not self.can_undo:
            raise ValueError("there is no mark to undo here")
        self.undoable = None
        self._leave()
        question.amend = question.recorded
        question.recorded = False
        question.final = False
        if self._undo_phase is Phase.FEEDBACK:  # an overrule: back to the automatic mark, overruled
            question.credit = float(bool(question.correct))
        else:
            question.correct = question.credit = None
            if question.has_checklist:
                question.ticked = [p.covered for p in question.mark.points] if question.mark else None
        if self.handed_in:
            self.marking_at = self.marking.index(question)
            self.phase = Phase.CHECKLIST if question.ticked is not None else Phase.MARKING
            return question
        self.index = self.questions.index(question)
        self._shown_at = self.clock.elapsed()
        self.phase = self._undo_phase
        if self.phase is Phase.REVEALED or question.kind == "flashcard":
            self.phase = Phase.REVEALED
        if not self.exam:
            self.clock.hold("feedback")
        return question

    def grade(self, rating: int) -> None:
        """Flashcard: the student's grade, FSRS's four (1 Again, 2 Hard, 3 Good, 4 Easy).

        Again is a miss; Hard, Good and Easy are right. The grade goes to the scheduler
        with the answer (see `tui.core.scheduling.review`).
        """
        if rating not in GRADES:
            raise ValueError(f"a grade is 1 to 4, not {rating}")
        self.current.rating = rating
        self.self_mark(rating >= 2)

    def _relearn_if_missed(self, question: Question) -> None:
        """A review's missed card is asked again `RELEARN_GAP` questions later (or last).

        Anki's relearning steps do this within minutes; here within the session, at most
        `RELEARN_ATTEMPTS` times a card, so a card never known cannot hold the drill forever.
        """
        if not self.relearn or question.correct or question.attempt >= RELEARN_ATTEMPTS:
            return
        if any(q.card.id == question.card.id and not q.reached for q in self.questions):
            return  # already coming back
        again = Question(card=question.card, kind=question.kind, options=question.options)
        again.attempt = question.attempt + 1
        at = min(self.index + 1 + RELEARN_GAP, len(self.questions))
        self.questions.insert(at, again)

    def overrule(self, question: Question | None = None) -> None:
        """Turn an automatic mark the other way; the overrule is what counts."""
        question = question or self.current
        if question.final or question.correct is None or question.mark is None or question.mark.needs_student:
            raise ValueError("only an automatic mark not yet final can be overruled")
        question.correct = not question.correct
        question.overruled = not question.overruled
        question.credit = float(question.correct) if question.overruled else question.mark.credit
        if question.recorded:  # the shown mark was recorded already: the overrule replaces it
            question.amend, question.recorded = True, False
        if question.overruled:
            self._remember_undo(question, Phase.FEEDBACK)
        elif self.undoable is question:
            self.undoable = None

    # -- moving -----------------------------------------------------------------------

    def advance(self) -> bool:
        """On to the next question; False when there is none (practice: the quiz is over)."""
        self._leave()
        if not self.at_end and not self.exam and self.current.correct is not None:
            self.current.final = True
            self._relearn_if_missed(self.current)
        if self.index + 1 >= len(self.questions):
            self.index = len(self.questions)
            self.phase = Phase.HAND_IN
            if not self.exam:
                self.finish()
            return False
        self._show(self.index + 1)
        return True

    def can_go_back(self) -> bool:
        return self.exam and not self.handed_in and not self.finished and self.index > 0

    def go_back(self) -> None:
        """Exam: back to the previous question to change its answer."""
        if not self.can_go_back():
            raise ValueError("going back is for exams, before the paper is handed in")
        self._leave()
        self._show(self.index - 1)

    # -- the end ----------------------------------------------------------------------

    def time_up(self) -> None:
        """The clock ran out: the question on screen, and any seen but unanswered, count as missed.

        An exam is taken in as a real paper is, with whatever is on it: a typed draft not yet
        handed in (kept in `Question.draft`) is the answer and is marked like one. In practice
        only answers given count (the design: "the question on screen counts as missed").
        """
        if self.finished:
            return
        self._leave()
        for question in self.questions if self.exam else ():
            draft = question.draft
            if question.kind == "typed" and question.reached and draft is not None and draft.strip():
                self._take_typed(question, draft)
        for question in self.questions:
            if question.reached and not question.answered:
                question.timed_out = True
                question.correct = False
                question.final = True
        self.hand_in() if self.exam else self.finish()

    def hand_in(self) -> None:
        """Exam: the paper is in. Every mark but typed ones (open to overrule) is final.

        Typed answers go to the student to check (phase MARKING); with none, the quiz is over.
        """
        self.handed_in = True
        self.clock.stop()
        for question in self.questions:
            open_to_check = question.kind == "typed" and bool(question.response)
            if question.correct is not None and not open_to_check:
                question.final = True
        self.marking, self.marking_at = self.to_mark(), 0
        if self.marking:
            self._marking_phase()
        else:
            self.finish()

    def _marking_phase(self) -> None:
        """Exam marking: the checklist for an answer with one, else accept/overrule or y/n."""
        self.phase = Phase.CHECKLIST if self.on_screen_marking.ticked is not None else Phase.MARKING

    @property
    def on_screen_marking(self) -> Question:
        return self.marking[self.marking_at]

    def confirm(self, question: Question) -> None:
        """Exam marking: the student accepts the mark of a typed answer (perhaps overruled)."""
        if question.correct is None:
            raise ValueError("mark this answer right or wrong first")
        question.final = True
        if question.credit is None:  # a self-mark or an automatic mark accepted as it is
            auto = question.mark is not None and not question.overruled and not question.mark.needs_student
            question.credit = question.mark.credit if auto and question.mark else float(question.correct)
        self._marked(question)

    def _marked(self, question: Question) -> None:
        """Marking after hand-in: on to the next answer to check, or the end of the quiz."""
        if not self.handed_in or self.phase not in (Phase.MARKING, Phase.CHECKLIST):
            return
        if question is not self.marking[self.marking_at]:
            return
        # On to the next answer not yet marked (after an undo, the ones after it are marked already).
        rest = [i for i in range(len(self.marking)) if not self.marking[i].final]
        if not rest:
            self.finish()
            return
        self.marking_at = next((i for i in rest if i > self.marking_at), rest[0])
        self._marking_phase()

    # -- pausing ------------------------------------------------------------------------

    @property
    def can_pause(self) -> bool:
        return self.phase in (Phase.ASKING, Phase.REVEALED, Phase.HAND_IN)

    def pause(self) -> None:
        """Stop the clock and hide the question until `resume`."""
        if not self.can_pause:
            raise ValueError(f"a quiz cannot be paused while {self.phase.value}")
        self._paused_from, self.phase = self.phase, Phase.PAUSED
        self.clock.hold("paused")

    def resume(self) -> None:
        if self.phase is Phase.PAUSED:
            self.phase = self._paused_from
            self.clock.release("paused")

    def to_mark(self) -> list[Question]:
        """Exam, after hand-in: typed answers the student checks (self-marks or overrules)."""
        return [q for q in self.questions if q.kind == "typed" and q.answered and not q.final]

    def finish(self) -> None:
        """The quiz is over: marks are final and the clock stops.

        A checklist left open (the student quit or left) is marked as its ticks stand: an
        answer given is never dropped, and only the ticked points earn marks.
        """
        for question in self.questions:
            open_checklist = question.ticked is not None and question.correct is None and question.answered
            if open_checklist and (self.handed_in or not self.exam):
                question.credit = question.ticked_marks / question.marks_available
                question.correct = question.credit >= RIGHT_FROM
        if not self.at_end and self.current.answered and self.current.correct is not None:
            self.current.final = True
        for question in self.questions:
            if question.answered and question.correct is not None and (self.handed_in or not self.exam):
                question.final = True
        self.finished = True
        self.phase = Phase.OVER
        self.clock.stop()

    def take_records(self) -> list[Question]:
        """Answers whose mark is final and that were not handed out before: record these.

        A question with `amend` set was recorded, undone and marked again: its record replaces the last one.
        """
        fresh = [
            q for q in self.questions if (q.final or self._shown_mark(q)) and q.reached and not q.recorded
        ]
        for question in fresh:
            question.recorded = True
        return fresh

    def _shown_mark(self, question: Question) -> bool:
        """A practice typed answer whose automatic mark is on screen: recorded at once, so a killed
        terminal keeps it; an overrule then replaces the record (`amend`)."""
        mark = question.mark
        return (
            not self.exam
            and question.kind == "typed"
            and question.correct is not None
            and question.credit is not None
            and mark is not None
            and not mark.needs_student
            and question.ticked is None
        )

    def result(self) -> QuizResult:
        """The marked paper: each card once, as first answered.

        A card relearned in the same drill is practice, not a second question: the paper
        scores what the student knew when first asked (as Anki's retention counts first answers).
        """
        paper = [q for q in self.questions if q.attempt == 1]
        return QuizResult(
            score=sum(1 for q in paper if q.status == "right"),  # full marks
            total=len(paper),
            reached=sum(1 for q in paper if q.reached),
            seconds=self.clock.elapsed(),
            questions=tuple(paper),
        )

    @property
    def card_count(self) -> int:
        """Cards in the session: each once, however often relearning asks it again."""
        return sum(1 for q in self.questions if q.attempt == 1)

    def card_number(self, question: Question) -> int:
        """1-based place of `question`'s card among the session's cards (a relearn: its first asking).

        Raises ValueError if the card is not in this quiz.
        """
        firsts = [q.card.id for q in self.questions if q.attempt == 1]
        return firsts.index(question.card.id) + 1

    def marks_so_far(self) -> tuple[int, int]:
        """(marks earned, marks available) over the answers marked for good, as the paper adds them.

        Counted like `result()`: first answers only (a relearned card is practice), each worth
        its mark scheme's marks (a question of one mark counts one).
        """
        done = [q for q in self.questions if q.attempt == 1 and q.final and q.correct is not None]
        return sum(q.marks_awarded for q in done), sum(q.marks_available for q in done)

    @property
    def answered_count(self) -> int:
        """Questions with an answer given; one given up on (a blank sent twice) is skipped, not answered."""
        return sum(1 for q in self.questions if q.response)

    @property
    def skipped_count(self) -> int:
        """Questions given up on: a blank answer sent (enter twice on an empty box)."""
        return sum(1 for q in self.questions if q.response == "")
