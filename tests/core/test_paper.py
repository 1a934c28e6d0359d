"""A saved exam paper: written as plain JSON, read back whole, and every field of it checked."""

from __future__ import annotations

import contextlib
import copy
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from tests.conftest import FakeClock, build_sample_deck
from tui.core.deck import Deck
from tui.core.paper import PaperError, paper_key, paper_to_dict, read_paper
from tui.core.quiz import Phase, Quiz, QuizSettings

DECK = build_sample_deck()


def exam(mode: str = "choice", clock: FakeClock | None = None) -> Quiz:
    clock = clock or FakeClock()
    settings = QuizSettings(questions=5, minutes=5, answer_mode=mode, exam=True)  # type: ignore[arg-type]
    quiz = Quiz.build(DECK, settings, {}, clock, random.Random(3))
    quiz.title = "Exam rehearsal"
    quiz.start()
    return quiz


def on_disk(quiz: Quiz, clock: FakeClock | None = None) -> dict:
    """The paper as written, then read back from a JSON file."""
    return json.loads(json.dumps(paper_to_dict(quiz, DECK.id, (clock or FakeClock())())))


def answer_choice(quiz: Quiz, clock: FakeClock, right: bool) -> None:
    question = quiz.current
    option = question.right_option if right else (question.right_option + 1) % len(question.options)
    clock.advance(15)
    quiz.choose(option)
    quiz.advance()


def test_a_choice_paper_comes_back_as_it_stood():
    clock = FakeClock()
    quiz = exam(clock=clock)
    answer_choice(quiz, clock, right=True)
    answer_choice(quiz, clock, right=False)
    paper = read_paper(on_disk(quiz), DECK, clock)
    assert paper.at == 2 and paper.dropped == 0
    assert paper.seconds_left == 270.0  # 30 s of 5 minutes used
    restored = paper.quiz
    assert [q.card.id for q in restored.questions] == [q.card.id for q in quiz.questions]
    assert [q.options for q in restored.questions] == [q.options for q in quiz.questions]
    assert [(q.chosen, q.response, q.correct) for q in restored.questions] == [
        (q.chosen, q.response, q.correct) for q in quiz.questions
    ]
    assert restored.exam and restored.title == "Exam rehearsal" and paper.answered == 2
    restored.start(paper.at)
    assert restored.phase is Phase.ASKING and restored.current.card.id == quiz.current.card.id
    assert restored.clock.remaining() == 270.0


def test_typed_answers_are_marked_again_and_flashcard_grades_kept():
    clock = FakeClock()
    typed = exam("typed", clock)
    typed.submit_typed(typed.current.card.answer)
    typed.advance()
    paper = read_paper(on_disk(typed), DECK, clock)
    first = paper.quiz.questions[0]
    assert first.response == typed.questions[0].response and first.correct is True and first.mark is not None

    cards = exam("flashcard", clock)
    cards.reveal()
    cards.grade(4)
    paper = read_paper(on_disk(cards), DECK, clock)
    first = paper.quiz.questions[0]
    assert (first.response, first.correct, first.rating) == ("knew it", True, 4)


def test_an_answer_being_typed_comes_back_as_a_draft_and_a_misplaced_one_is_refused():
    clock = FakeClock()
    typed = exam("typed", clock)
    typed.submit_typed(typed.current.card.answer)
    typed.advance()
    typed.current.draft = "half an answ"  # typed, not yet given
    saved = on_disk(typed)
    assert saved["questions"][1]["draft"] == "half an answ" and "draft" not in saved["questions"][0]
    second = read_paper(saved, DECK, clock).quiz.questions[1]
    assert (second.draft, second.draft_cursor, second.response) == ("half an answ", 12, None)
    for number, bad in ((2, ""), (2, 7), (3, "not reached")):
        damaged = copy.deepcopy(saved)
        damaged["questions"][number - 1]["draft"] = bad
        with pytest.raises(PaperError, match=f"question {number}: draft"):
            read_paper(damaged, DECK, clock)
    choice = on_disk(exam(clock=clock))
    choice["questions"][0]["draft"] = "typed"
    with pytest.raises(PaperError, match="question 1: draft"):
        read_paper(choice, DECK, clock)


def test_questions_whose_cards_left_the_deck_are_dropped_and_the_place_follows():
    clock = FakeClock()
    quiz = exam(clock=clock)
    answer_choice(quiz, clock, right=True)
    answer_choice(quiz, clock, right=True)
    gone = quiz.questions[0].card.id
    smaller = Deck(
        id=DECK.id,
        title=DECK.title,
        topics=[replace(t, card_ids=tuple(c for c in t.card_ids if c != gone)) for t in DECK.topics],
        cards=[c for c in DECK.cards if c.id != gone],
        events=[e for e in DECK.events if e.card_id != gone],
    )
    paper = read_paper(on_disk(quiz), smaller, clock)
    assert paper.dropped == 1 and paper.at == 1
    assert gone not in {q.card.id for q in paper.quiz.questions}
    paper.quiz.start(paper.at)
    assert paper.quiz.current.card.id == quiz.questions[2].card.id  # the third question, now the second


def test_a_choice_question_whose_answer_changed_is_dropped():
    clock = FakeClock()
    quiz = exam(clock=clock)
    answer_choice(quiz, clock, right=True)
    changed = quiz.questions[0].card
    edited = Deck(
        id=DECK.id,
        title=DECK.title,
        topics=DECK.topics,
        cards=[replace(c, answer="Something else entirely") if c.id == changed.id else c for c in DECK.cards],
        events=DECK.events,
    )
    paper = read_paper(on_disk(quiz), edited, clock)
    assert paper.dropped == 1 and changed.id not in {q.card.id for q in paper.quiz.questions}


def test_hand_in_as_it_stands_marks_the_answers_and_leaves_the_rest_not_reached():
    clock = FakeClock()
    quiz = exam(clock=clock)
    answer_choice(quiz, clock, right=True)
    answer_choice(quiz, clock, right=False)
    paper = read_paper(on_disk(quiz), DECK, clock)
    paper.hand_in_as_it_stands()
    result = paper.quiz.result()
    assert (result.score, result.total, result.reached) == (1, 5, 2)
    assert [q.status for q in result.questions] == ["right", "wrong", *["not reached"] * 3]
    assert len(paper.quiz.take_records()) == 2  # only the two answers become attempts


def handed_in_typed(clock: FakeClock) -> Quiz:
    """A typed exam, every question answered, handed in, its first typed answer marked and recorded."""
    quiz = exam("typed", clock)
    while not quiz.at_end:
        quiz.submit_typed(quiz.current.card.answer if quiz.index % 2 else "no idea at all")
        quiz.advance()
    quiz.hand_in()
    first = quiz.on_screen
    if first.correct is None:
        quiz.self_mark(True, first)
    else:
        quiz.overrule(first)
        quiz.confirm(first)
    assert [q.card.id for q in quiz.take_records()] == [first.card.id]
    return quiz


def test_a_paper_handed_in_comes_back_into_marking_with_its_marks_and_records():
    clock = FakeClock()
    quiz = handed_in_typed(clock)
    first = quiz.marking[0]
    paper = read_paper(on_disk(quiz), DECK, clock)
    restored = paper.quiz
    assert restored.handed_in and restored.phase in (Phase.MARKING, Phase.CHECKLIST)
    assert restored.marking_at == 1 and restored.on_screen.card.id == quiz.on_screen.card.id
    again = restored.marking[0]
    assert (again.correct, again.credit, again.overruled, again.final, again.recorded) == (
        first.correct,
        first.credit,
        first.overruled,
        True,
        True,
    )
    assert restored.take_records() == []  # recorded before the kill: not again
    paper.hand_in_as_it_stands()  # the marking ended as it stands
    assert restored.finished
    records = {q.card.id for q in restored.take_records()}
    assert first.card.id not in records and records  # the rest, once each


@pytest.mark.parametrize(
    ("field", "value", "refusal"),
    [
        ("handed_in", "yes", "handed_in"),
        ("recorded", 1, "recorded"),
        ("amend", True, "amend"),  # recorded and amended at once
        ("marked", {"correct": True, "credit": 2, "overruled": False, "ticked": None}, "marked: credit"),
        ("marked", {"correct": None, "credit": 1, "overruled": False, "ticked": None}, "marked: correct"),
        ("marked", None, "recorded"),  # a typed answer recorded without its mark
    ],
)
def test_every_damaged_marking_field_is_refused_by_name(field, value, refusal):
    clock = FakeClock()
    paper = on_disk(handed_in_typed(clock))
    number, target = next((n, q) for n, q in enumerate(paper["questions"], start=1) if q.get("recorded"))
    if field == "handed_in":
        paper[field] = value
    elif value is None:
        del target[field]
    else:
        target[field] = value
    with pytest.raises(PaperError) as refused:
        read_paper(paper, DECK, clock)
    expected = refusal if field == "handed_in" else f"question {number}: {refusal}"
    assert str(refused.value).startswith(expected)


def test_a_handed_in_paper_keeps_its_session_record_and_refuses_a_bad_one():
    clock = FakeClock()
    quiz = handed_in_typed(clock)
    paper = json.loads(json.dumps(paper_to_dict(quiz, DECK.id, clock(), session=7)))
    assert read_paper(copy.deepcopy(paper), DECK, clock).session == 7
    for bad in (0, "7", True):
        paper["session"] = bad
        with pytest.raises(PaperError, match=r"^session: "):
            read_paper(paper, DECK, clock)


def test_a_paper_not_handed_in_has_no_marks_to_keep():
    clock = FakeClock()
    quiz = exam(clock=clock)
    answer_choice(quiz, clock, right=True)
    paper = on_disk(quiz)
    paper["questions"][0]["recorded"] = True
    with pytest.raises(PaperError, match="question 1: recorded"):
        read_paper(paper, DECK, clock)


def _mutations():
    """(what to damage, the field the refusal names)."""

    def set_(path, value):
        def damage(paper):
            target = paper
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value

        return damage

    def drop(path):
        def damage(paper):
            target = paper
            for step in path[:-1]:
                target = target[step]
            del target[path[-1]]

        return damage

    return [
        (set_(["version"], 2), "version"),
        (set_(["deck"], "another"), "deck"),
        (set_(["title"], 5), "title"),
        (set_(["saved"], "yesterday"), "saved"),
        (set_(["saved"], "2026-11-26T15:00:00"), "saved"),  # no zone
        (set_(["settings"], []), "settings"),
        (set_(["settings", "questions"], 0), "settings: questions"),
        (set_(["settings", "minutes"], "5"), "settings: minutes"),
        (set_(["settings", "topics"], [1]), "settings: topics"),
        (set_(["settings", "answer_mode"], "essay"), "settings: answer_mode"),
        (set_(["elapsed"], -1), "elapsed"),
        (set_(["elapsed"], True), "elapsed"),
        (set_(["index"], 99), "index"),
        (set_(["questions"], []), "questions"),
        (set_(["questions", 0], "q"), "question 1"),
        (drop(["questions", 0, "card"]), "question 1: card"),
        (set_(["questions", 1, "card"], None), "question 2: card"),
        (set_(["questions", 0, "kind"], "essay"), "question 1: kind"),
        (set_(["questions", 0, "options"], ["only one"]), "question 1: options"),
        (set_(["questions", 0, "options"], "abc"), "question 1: options"),
        (set_(["questions", 0, "response"], 3), "question 1: response"),
        (set_(["questions", 0, "chosen"], 9), "question 1: chosen"),
        (set_(["questions", 0, "chosen"], None), "question 1: chosen"),
        (set_(["questions", 2, "chosen"], 1), "question 3: chosen"),  # not answered
        (set_(["questions", 0, "rating"], 3), "question 1: rating"),  # not a flashcard
        (set_(["questions", 0, "rating"], [3]), "question 1: rating"),
        (set_(["questions", 0, "seconds"], float("nan")), "question 1: seconds"),
        (set_(["questions", 0, "reached"], "yes"), "question 1: reached"),
        (set_(["questions", 0, "reached"], False), "question 1: reached"),  # answered, never reached
    ]


@pytest.mark.parametrize(("damage", "field"), _mutations())
def test_every_damaged_field_is_refused_by_name(damage, field):
    clock = FakeClock()
    quiz = exam(clock=clock)
    answer_choice(quiz, clock, right=True)
    answer_choice(quiz, clock, right=False)
    paper = on_disk(quiz)
    read_paper(copy.deepcopy(paper), DECK, clock)  # the undamaged paper reads
    damage(paper)
    with pytest.raises(PaperError) as refused:
        read_paper(paper, DECK, clock)
    assert str(refused.value).startswith(field)


def test_a_card_asked_twice_is_refused():
    clock = FakeClock()
    quiz = exam(clock=clock)
    paper = on_disk(quiz)
    paper["questions"][1] = dict(paper["questions"][0])
    with pytest.raises(PaperError, match=r"question 2: card: .* is asked twice"):
        read_paper(paper, DECK, clock)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_value_is_a_paper_or_a_refusal_never_an_error(value):
    with contextlib.suppress(PaperError):  # any other exception fails the test
        read_paper(value, DECK, FakeClock())


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 30), st.sampled_from(["version", "index", "elapsed", "questions", "settings"]), json_values
)
def test_a_paper_with_any_field_replaced_is_read_or_refused_never_an_error(seed, field, value):
    clock = FakeClock()
    quiz = exam(clock=clock)
    answer_choice(quiz, clock, right=bool(seed % 2))
    paper = on_disk(quiz)
    paper[field] = value
    with contextlib.suppress(PaperError):  # any other exception fails the test
        read_paper(paper, DECK, clock)


def test_the_key_is_per_deck():
    assert paper_key("sample") != paper_key("other") and paper_key("sample").endswith("sample")
