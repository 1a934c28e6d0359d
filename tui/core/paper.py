"""An exam paper in progress, kept as it is answered, so a killed terminal loses none of it.

An exam records its answers only when it is handed in (answers stay open to change until
then). So that a killed terminal, a closed laptop or a power cut loses nothing a student
answered, the screen saves the paper as a plain JSON value each time an answer is given or
changed: the deck, its questions in order (card ids, options as shown), the answers given so
far, where the student is, the time used. It lives in the progress store's settings under
`paper_key(deck_id)` (a key the store keeps without reading: see `tui.core.progress.schema`),
and is cleared when the paper is handed in or left on purpose.

The saved value comes back from disk, so `read_paper` trusts none of it: every field is
checked, a paper with a bad field is refused with a message saying which (never an error),
and questions whose cards the deck no longer has (or whose answer changed under the options
shown) are dropped, with a line saying how many. No Textual here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

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


def paper_key(deck_id: str) -> str:
    """The settings key under which deck `deck_id`'s paper in progress is kept."""
    return PAPER_PREFIX + deck_id


def paper_to_dict(quiz: Quiz, deck_id: str, saved_at: datetime) -> dict[str, Any]:
    """The exam `quiz` as it stands, as plain JSON values (see `read_paper` for every field).

    `saved_at`: when (aware); `elapsed`: seconds of the time limit used so far.
    """
    settings = quiz.settings
    return {
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
        "questions": [_question_to_dict(q) for q in quiz.questions],
    }


def _question_to_dict(question: Question) -> dict[str, Any]:
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
    return saved


@dataclass(frozen=True)
class SavedPaper:
    """A saved paper as read back: the quiz to go on with, where, and what was set aside."""

    quiz: Quiz
    at: int  # the question the student was on (0-based; the number of questions: the hand-in page)
    saved: datetime
    dropped: int  # questions set aside: their cards are gone from the deck, or their answer changed

    @property
    def answered(self) -> int:
        return self.quiz.answered_count

    @property
    def seconds_left(self) -> float | None:
        return self.quiz.clock.remaining()

    def hand_in_as_it_stands(self) -> None:
        """Hand the paper in with what it has: questions never answered count as not reached
        (not recorded as attempts, as DESIGN says of questions time never reached)."""
        quiz = self.quiz
        quiz.start(self.at)
        for question in quiz.questions:
            if not question.answered:
                question.reached = False
        quiz.hand_in()


class PaperError(ValueError):
    """A saved paper that cannot be used; the message says which field and why."""


def read_paper(value: object, deck: Deck, now: Callable[[], datetime]) -> SavedPaper:
    """The paper saved for `deck` (a value from `paper_to_dict`, as read back from disk).

    Raises PaperError naming the first bad field ("question 3: chosen: ...") for anything
    `paper_to_dict` would not have written, or when no question of it is left in the deck.
    Questions whose card the deck lost, or whose right answer is no longer among the options
    shown, are dropped and counted in `SavedPaper.dropped`.
    """
    from tui.core.marking import prepare_deck
    from tui.core.quiz import Quiz, QuizClock

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
    if settings.answer_mode == "typed":
        prepare_deck(deck)  # the marker knows the deck's words and years, as when the paper was made
    questions: list[Question] = []
    dropped = 0
    at = index
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        question = _question(item, number, deck, seen)
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
    return SavedPaper(quiz, min(at, len(questions)), saved, dropped)


def _question(item: object, number: int, deck: Deck, seen: set[str]) -> Question | None:
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
    if not deck.has_card(card_id):
        return None
    card = deck.card(card_id)
    if kind == "choice" and card.answer not in options:
        return None  # the card's answer was edited: none of the options shown is right any more
    question = Question(card=card, kind=kind, options=tuple(options), seconds=seconds, reached=reached)
    if response is None:
        return question
    if kind == "choice":
        question.chosen, question.response = chosen, response
        question.correct = response == card.answer
    elif kind == "typed":
        Quiz._take_typed(question, response)  # marked again, as when it was given
    else:
        correct = FLASHCARD_RESPONSES[response]
        question.response, question.correct = response, correct
        question.credit = 1.0 if correct else 0.0
        question.rating = rating
    return question


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
