"""An exam paper in progress, kept as it is answered, so a killed terminal loses none of it.

An exam records its answers only when it is handed in (answers stay open to change until
then). So that a killed terminal, a closed laptop or a power cut loses nothing a student
answered, the screen saves the paper as a plain JSON value each time an answer is given or
changed: the deck, its questions in order (card ids, options as shown), the answers given so
far, the answer being typed (`draft`), where the student is, the time used; and every few
seconds while the exam runs, when its clock or that draft moved. It lives in the progress
store's settings under `paper_key(deck_id)` (a key the store keeps without reading: see `tui.core.progress.schema`),
and is cleared once every answer of it is recorded (the marking done) or the paper is left on
purpose. A paper handed in is still saved while its typed answers wait for the student's mark:
killed then, it is offered again and resumes into marking, the answers recorded already kept
as recorded (`handed_in`, and per question `recorded` and the student's `marked`).

The saved value comes back from disk, so `read_paper` trusts none of it: every field is
checked, a paper with a bad field is refused with a message saying which (never an error),
and questions whose cards the deck no longer has (or whose answer changed under the options
shown) are dropped, with a line saying how many. No Textual here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from tui.core.deck import Deck
    from tui.core.quiz import Question, Quiz, QuizSettings

# The quiz and the marker are imported when a paper is read or written: home asks only for the key.

PAPER_PREFIX = "exam_paper:"  # + deck id: the settings key of that deck's paper in progress
VERSION = 1  # of the saved shape below; a paper of another version is refused, not guessed at
KINDS = ("choice", "typed", "flashcard")
FLASHCARD_RESPONSES = {"knew it": True, "did not know": False}  # what `Quiz.self_mark` writes
MAX_QUESTIONS = 10_000  # far above any paper the setup makes (it offers up to a few hundred)
MAX_TEXT = 100_000  # characters of one answer or option: a deck file is at most 20 MB


# + deck id: a saved paper that could not be read, kept as it was (never offered, never read) so
# nothing the student answered is deleted by a refusal; a later refused paper replaces it.
SET_ASIDE_PREFIX = "exam_paper_set_aside:"


def paper_key(deck_id: str) -> str:
    """The settings key under which deck `deck_id`'s paper in progress is kept."""
    return PAPER_PREFIX + deck_id


def set_aside_key(deck_id: str) -> str:
    """The settings key under which deck `deck_id`'s paper that could not be used is kept as it was."""
    return SET_ASIDE_PREFIX + deck_id


def paper_to_dict(quiz: Quiz, deck_id: str, saved_at: datetime, session: int | None = None) -> dict[str, Any]:
    """The exam `quiz` as it stands, as plain JSON values (see `read_paper` for every field).

    `saved_at`: when (aware); `elapsed`: seconds of the time limit used so far; `session`: the
    id of the session record its marked answers went to (handed in), for a resumed marking to go on with.
    """
    settings = quiz.settings
    saved: dict[str, Any] = {
        "version": VERSION,
        "deck": deck_id,
        "title": quiz.title,
        "saved": saved_at.astimezone(UTC).isoformat(),
        "settings": {
            "questions": settings.questions,
            "minutes": settings.minutes,
            "topics": list(settings.topics),
            "answer_mode": settings.answer_mode,
        },
        "elapsed": round(quiz.clock.elapsed(), 3),
        "index": quiz.index,
        "handed_in": quiz.handed_in,
        "questions": [_question_to_dict(q, quiz.handed_in) for q in quiz.questions],
    }
    if quiz.handed_in and session is not None:
        saved["session"] = session
    return saved


def _question_to_dict(question: Question, handed_in: bool = False) -> dict[str, Any]:
    saved: dict[str, Any] = {
        "card": question.card.id,
        "kind": question.kind,
        "options": list(question.options),
        "response": question.response,
        "chosen": question.chosen,
        "seconds": round(question.seconds, 3),
        "reached": question.reached,
    }
    if question.kind == "flashcard" and question.rating is not None:
        saved["rating"] = question.rating
    if question.kind == "typed" and question.draft and not handed_in:  # being typed, not yet given
        saved["draft"] = question.draft
    if handed_in:  # marking: what is recorded already, and the typed answers the student has marked
        saved["recorded"] = question.recorded
        if question.amend:  # recorded, then its mark undone: marked again, it replaces the record
            saved["amend"] = True
        if question.kind == "typed" and question.answered and question.final:
            saved["marked"] = {
                "correct": question.correct,
                "credit": question.credit,
                "overruled": question.overruled,
                "ticked": question.ticked,
            }
    return saved


# Structs, not dataclasses: no methods generated at import on the start path (issue 18).
class SavedPaper(msgspec.Struct, frozen=True):
    """A saved paper as read back: the quiz to go on with, where, and what was set aside."""

    quiz: Quiz
    at: int  # the question the student was on (0-based; the number of questions: the hand-in page)
    saved: datetime
    dropped: int  # questions set aside: their cards are gone from the deck, or their answer changed
    session: int | None = None  # handed in: the session record its marked answers went to, if known

    @property
    def answered(self) -> int:
        return self.quiz.answered_count

    @property
    def seconds_left(self) -> float | None:
        return self.quiz.clock.remaining()

    def hand_in_as_it_stands(self) -> None:
        """Hand the paper in with what it has: questions never answered count as not reached
        (not recorded as attempts, as DESIGN says of questions time never reached). A paper handed
        in already, killed during marking, ends as leaving the marking would: each answer marked
        as it stands (a checklist by its ticks), as the results show it."""
        quiz = self.quiz
        if quiz.handed_in:
            quiz.finish()
            return
        quiz.start(self.at)
        for question in quiz.questions:
            if not question.answered:
                question.reached = False
        quiz.hand_in()


class PaperError(ValueError):
    """A saved paper that cannot be used; the message says which field and why."""


class PaperCheck(msgspec.Struct, frozen=True):
    """One saved paper as `check_saved_papers` found it."""

    deck: str  # the deck id its settings key names
    value: object  # the saved value, as it is
    problem: str | None  # why it cannot be used (`PaperError`); None: it reads, or was not checked
    # False: its deck could not be loaded, so it was not read (the app reads it when the deck opens)
    checked: bool


def check_saved_papers(
    papers: Mapping[str, object], deck_of: Callable[[str], Deck | None], now: Callable[[], datetime]
) -> list[PaperCheck]:
    """Read each saved paper (`papers`: settings key under `PAPER_PREFIX` -> value) against its deck
    as the quiz screen does before offering it (`read_paper`), for `revise restore`.

    `deck_of(deck_id)`: the deck, or None when it cannot be loaded. In key order.
    """
    checks = []
    for key in sorted(papers):
        deck_id = key[len(PAPER_PREFIX) :]
        deck = deck_of(deck_id)
        if deck is None:
            checks.append(PaperCheck(deck_id, papers[key], None, checked=False))
            continue
        try:
            read_paper(papers[key], deck, now)
        except PaperError as error:
            checks.append(PaperCheck(deck_id, papers[key], str(error), checked=True))
        else:
            checks.append(PaperCheck(deck_id, papers[key], None, checked=True))
    return checks


def read_paper(value: object, deck: Deck, now: Callable[[], datetime]) -> SavedPaper:
    """The paper saved for `deck` (a value from `paper_to_dict`, as read back from disk).

    Raises PaperError naming the first bad field ("question 3: chosen: ...") for anything
    `paper_to_dict` would not have written, or when no question of it is left in the deck.
    Questions whose card the deck lost, or whose right answer is no longer among the options
    shown, are dropped and counted in `SavedPaper.dropped`.
    """
    from tui.core.marking import prepare_deck
    from tui.core.quiz import Phase, Quiz, QuizClock

    fields = _mapping(value, "the paper")
    if fields.get("version") != VERSION:
        raise PaperError(f"version: {fields.get('version')!r} is not {VERSION}")
    if fields.get("deck") != deck.id:
        raise PaperError("deck: it is another deck's paper")
    title = _text(fields.get("title"), "title", limit=200)
    saved = _when(fields.get("saved"))
    settings = _settings(fields.get("settings"))
    elapsed = _seconds(fields.get("elapsed"), "elapsed")
    if settings.limit_seconds is not None:
        elapsed = min(elapsed, settings.limit_seconds)
    raw = fields.get("questions")
    if type(raw) is not list or not raw or len(raw) > MAX_QUESTIONS:
        raise PaperError("questions: not a list of 1 to 10,000 questions")
    index = fields.get("index")
    if type(index) is not int or not 0 <= index <= len(raw):
        raise PaperError(f"index: {index!r} is not a question of the paper")
    handed_in = fields.get("handed_in", False)  # absent: a paper saved before marking was kept
    if type(handed_in) is not bool:
        raise PaperError(f"handed_in: {_short(handed_in)} is not true or false")
    session = fields.get("session")
    if session is not None and (not handed_in or type(session) is not int or session < 1):
        raise PaperError(f"session: {_short(session)} is not the record of a paper handed in")
    if settings.answer_mode == "typed":
        prepare_deck(deck)  # the marker knows the deck's words and years, as when the paper was made
    questions: list[Question] = []
    dropped = 0
    at = index
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        question = _question(item, number, deck, seen, handed_in)
        if question is None:
            dropped += 1
            if number - 1 < index:
                at -= 1  # the student's place moves up with the questions before it
            continue
        questions.append(question)
    if not questions:
        raise PaperError("none of its questions' cards is in the deck any more")
    clock = QuizClock(now, settings.limit_seconds, spent=elapsed)
    quiz = Quiz(questions, settings, clock, title)
    if handed_in:  # into marking, as `Quiz.hand_in` left it: the typed answers not yet marked
        quiz.handed_in = True
        clock.stop()
        quiz.index = at = len(questions)
        # Every typed answer `hand_in` gave the student to check, marked or not, so "answer 2 of 3" reads on.
        quiz.marking = [q for q in questions if q.kind == "typed" and q.response]
        left = [i for i, q in enumerate(quiz.marking) if not q.final]
        quiz.marking_at = left[0] if left else 0
        quiz.phase = Phase.HAND_IN
        if left:
            quiz.phase = Phase.CHECKLIST if quiz.on_screen_marking.ticked is not None else Phase.MARKING
    return SavedPaper(quiz, min(at, len(questions)), saved, dropped, session)


def _question(item: object, number: int, deck: Deck, seen: set[str], handed_in: bool) -> Question | None:
    """One saved question as a `Question`, or None when its card is gone or changed under it."""
    from tui.core.quiz import GRADES, OPTION_COUNT, Question, Quiz

    where = f"question {number}"
    fields = _mapping(item, where)
    card_id = _text(fields.get("card"), f"{where}: card", limit=MAX_TEXT)
    if card_id in seen:
        raise PaperError(f"{where}: card: {card_id!r} is asked twice")
    seen.add(card_id)
    kind = fields.get("kind")
    if kind not in KINDS:
        raise PaperError(f"{where}: kind: {kind!r} is not one of {', '.join(KINDS)}")
    options = fields.get("options")
    if type(options) is not list or not all(type(o) is str and len(o) <= MAX_TEXT for o in options):
        raise PaperError(f"{where}: options: not a list of texts")
    if (kind == "choice") != (2 <= len(options) <= OPTION_COUNT):
        raise PaperError(f"{where}: options: {len(options)} options for a {kind} question")
    response = fields.get("response")
    if response is not None:
        response = _text(response, f"{where}: response", limit=MAX_TEXT, empty=True)
    chosen = fields.get("chosen")
    if kind == "choice" and response is not None:
        if type(chosen) is not int or not 0 <= chosen < len(options) or options[chosen] != response:
            raise PaperError(f"{where}: chosen: {chosen!r} is not the option answered")
    elif chosen is not None:
        raise PaperError(f"{where}: chosen: {chosen!r} for a question not answered by choosing")
    if kind == "flashcard" and response is not None and response not in FLASHCARD_RESPONSES:
        raise PaperError(f"{where}: response: {response!r} is not a flashcard's mark")
    rating = fields.get("rating")
    if rating is not None and (
        kind != "flashcard" or response is None or type(rating) is not int or rating not in GRADES
    ):
        raise PaperError(f"{where}: rating: {rating!r} is not a grade of an answered flashcard")
    seconds = _seconds(fields.get("seconds"), f"{where}: seconds")
    reached = fields.get("reached")
    if type(reached) is not bool or (response is not None and not reached):
        raise PaperError(f"{where}: reached: {reached!r}")
    recorded = fields.get("recorded", False)
    if type(recorded) is not bool or (recorded and (not handed_in or response is None)):
        raise PaperError(f"{where}: recorded: {_short(recorded)} for an answer not handed in")
    amend = fields.get("amend", False)
    if type(amend) is not bool or (amend and (not handed_in or response is None or recorded)):
        raise PaperError(f"{where}: amend: {_short(amend)} for an answer not recorded and undone")
    marked = fields.get("marked")
    if marked is not None:
        if not handed_in or kind != "typed" or response is None:
            raise PaperError(f"{where}: marked: a mark for an answer not handed in typed")
        marked = _marked(marked, where)
    if recorded and kind == "typed" and marked is None:
        raise PaperError(f"{where}: recorded: a typed answer recorded without its mark")
    draft = fields.get("draft")
    if draft is not None:
        draft = _text(draft, f"{where}: draft", limit=MAX_TEXT)
        if kind != "typed" or handed_in or not reached:
            raise PaperError(f"{where}: draft: an answer being typed for a question not typed or not open")
    if not deck.has_card(card_id):
        return None
    card = deck.card(card_id)
    if kind == "choice" and card.answer not in options:
        return None  # the card's answer was edited: none of the options shown is right any more
    question = Question(card=card, kind=kind, options=tuple(options), seconds=seconds, reached=reached)
    if draft is not None:  # comes back in the answer box, the cursor at its end
        question.draft, question.draft_cursor = draft, len(draft)
    if response is None:
        return question
    if kind == "choice":
        question.chosen, question.response = chosen, response
        question.correct = response == card.answer
    elif kind == "typed":
        Quiz._take_typed(question, response)  # marked again, as when it was given
        if marked is not None:  # the student's mark (a checklist, a self-mark, an overrule) stands
            question.correct, question.credit, question.overruled, ticked = marked
            if ticked is not None and (question.ticked is None or len(ticked) != len(question.ticked)):
                raise PaperError(f"{where}: marked: ticked: not one tick per mark point")
            question.ticked = ticked
            question.final = True
    else:
        correct = FLASHCARD_RESPONSES[response]
        question.response, question.correct = response, correct
        question.credit = 1.0 if correct else 0.0
        question.rating = rating
    if handed_in:  # as `Quiz.hand_in` leaves an answer; a typed one waits for its mark unless `marked`
        question.final = question.final or (kind != "typed" and question.correct is not None)
        question.recorded, question.amend = recorded, amend
    return question


def _marked(value: object, where: str) -> tuple[bool, float | None, bool, list[bool] | None]:
    """A typed answer's mark as the student left it: (correct, credit 0–1 or None, overruled, ticks)."""
    fields = _mapping(value, f"{where}: marked")
    correct, credit = fields.get("correct"), fields.get("credit")
    overruled, ticked = fields.get("overruled"), fields.get("ticked")
    if type(correct) is not bool:
        raise PaperError(f"{where}: marked: correct: {_short(correct)} is not true or false")
    if credit is not None and (
        not isinstance(credit, int | float) or type(credit) is bool or not 0 <= credit <= 1
    ):
        raise PaperError(f"{where}: marked: credit: {_short(credit)} is not a share from 0 to 1")
    if type(overruled) is not bool:
        raise PaperError(f"{where}: marked: overruled: {_short(overruled)} is not true or false")
    if ticked is not None and (type(ticked) is not list or not all(type(t) is bool for t in ticked)):
        raise PaperError(f"{where}: marked: ticked: not a list of ticks")
    return correct, None if credit is None else float(credit), overruled, ticked


def _mapping(value: object, where: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise PaperError(f"{where}: not a table of fields")
    return value


def _text(value: object, where: str, *, limit: int, empty: bool = False) -> str:
    if type(value) is not str or (not value and not empty) or len(value) > limit:
        raise PaperError(f"{where}: {_short(value)} is not a text of 1 to {limit:,} characters")
    return value


def _seconds(value: object, where: str) -> float:
    if not isinstance(value, int | float) or type(value) is bool or not math.isfinite(value):
        raise PaperError(f"{where}: {_short(value)} is not a number of seconds")
    if not 0 <= value <= 10**7:  # ~4 months: no paper lasts longer
        raise PaperError(f"{where}: {_short(value)} is not a number of seconds")
    return float(value)


def _when(value: object) -> datetime:
    try:
        when = datetime.fromisoformat(value) if type(value) is str else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise PaperError(f"saved: {_short(value)} is not a time with its zone")
    return when


def _settings(value: object) -> QuizSettings:
    from tui.core.quiz import QuizSettings

    fields = _mapping(value, "settings")
    questions, minutes, topics = fields.get("questions"), fields.get("minutes"), fields.get("topics")
    mode = fields.get("answer_mode")
    if type(questions) is not int or not 1 <= questions <= MAX_QUESTIONS:
        raise PaperError(f"settings: questions: {_short(questions)} is not a number of questions")
    if minutes is not None and (type(minutes) is not int or not 1 <= minutes <= 10_000):
        raise PaperError(f"settings: minutes: {_short(minutes)} is not a number of minutes")
    if type(topics) is not list or not all(type(t) is str for t in topics):
        raise PaperError("settings: topics: not a list of topic names")
    if mode not in KINDS:
        raise PaperError(f"settings: answer_mode: {_short(mode)} is not one of {', '.join(KINDS)}")
    return QuizSettings(
        questions=questions, minutes=minutes, topics=tuple(topics), answer_mode=mode, exam=True
    )


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
