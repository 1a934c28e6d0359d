"""The quiz engine's checklist, credit, marks and undo (no screen)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FakeClock
from tui.core.deck import Card, Deck, Topic
from tui.core.quiz import Phase, Quiz, QuizSettings

CAUSES = Card(
    "causes", "War", "Why did the war start?", "Alliances; militarism; imperialism",
    points=("alliances", "militarism", "imperialism"),
)  # fmt: skip
LEADER = Card("leader", "War", "Who led Britain in 1940?", "Churchill")
DECK = Deck(id="w", title="War", topics=[Topic("War", ("causes", "leader"))], cards=[CAUSES, LEADER])


def typed_quiz(exam: bool = False, cards: tuple[Card, ...] = (CAUSES, LEADER)) -> Quiz:
    settings = QuizSettings(answer_mode="typed", exam=exam, minutes=None)
    quiz = Quiz.of_cards(DECK, list(cards), settings, FakeClock(), random.Random(0))
    quiz.start()
    return quiz


def test_a_partial_answer_opens_the_checklist_and_the_ticks_are_the_credit():
    quiz = typed_quiz()
    quiz.submit_typed("alliances and militarism")
    assert quiz.phase is Phase.CHECKLIST and quiz.current.ticked == [True, True, False]
    quiz.tick(2)
    assert quiz.current.ticked_marks == 3
    quiz.tick(0)
    quiz.confirm_checklist()
    question = quiz.current
    assert question.credit == pytest.approx(2 / 3) and question.correct and question.status == "partial"
    quiz.advance()
    quiz.submit_typed("Churchill")
    quiz.advance()
    result = quiz.result()
    assert (result.marks_awarded, result.marks_available, result.score) == (3, 4, 1)
    assert result.missed_card_ids == ["causes"]  # below full marks: retried


def test_a_tick_beyond_the_points_is_refused():
    quiz = typed_quiz()
    quiz.submit_typed("alliances")
    with pytest.raises(ValueError):
        quiz.tick(3)


@given(st.lists(st.integers(0, 2), max_size=8))
def test_the_credit_is_always_the_ticked_share_of_the_marks(toggles):
    quiz = typed_quiz()
    quiz.submit_typed("alliances")
    for point in toggles:
        quiz.tick(point)
    ticked = sum(quiz.current.ticked)
    quiz.confirm_checklist()
    assert quiz.current.credit == pytest.approx(ticked / 3)
    assert quiz.current.correct == (ticked / 3 >= 0.5)


def test_a_checklist_left_open_when_the_quiz_ends_is_marked_as_its_ticks_stand():
    """ctrl+q or leaving with the checklist on screen: the answer is kept, marked by its ticks."""
    quiz = typed_quiz()
    quiz.submit_typed("alliances and militarism")
    quiz.tick(1)  # the student unticks militarism, then quits before confirming
    quiz.finish()
    [kept] = quiz.take_records()
    assert kept.card.id == "causes" and kept.credit == pytest.approx(1 / 3) and kept.correct is False


def test_an_exam_left_before_hand_in_keeps_its_open_checklists_unmarked():
    quiz = typed_quiz(exam=True)
    quiz.submit_typed("alliances and militarism")
    quiz.finish()
    assert quiz.take_records() == []


def test_undo_on_the_next_question_reopens_the_checklist_and_the_record_is_amended():
    quiz = typed_quiz()
    quiz.submit_typed("alliances")
    quiz.self_mark(True)  # mis-keyed: full marks
    quiz.advance()
    [recorded] = quiz.take_records()
    assert recorded.credit == 1.0 and quiz.can_undo
    quiz.undo()
    assert (
        quiz.phase is Phase.CHECKLIST and quiz.current is recorded and recorded.ticked == [True, False, False]
    )
    assert not quiz.can_undo
    quiz.confirm_checklist()
    quiz.advance()
    [again] = quiz.take_records()
    assert again is recorded and again.amend and again.credit == pytest.approx(1 / 3)
    assert quiz.phase is Phase.ASKING and quiz.current.card is LEADER


def test_no_undo_once_the_next_question_is_answered():
    quiz = typed_quiz()
    quiz.submit_typed("alliances")
    quiz.self_mark(False)
    quiz.advance()
    quiz.submit_typed("Churchill")
    assert not quiz.can_undo
    with pytest.raises(ValueError):
        quiz.undo()


def test_an_undone_overrule_goes_back_to_the_overruled_verdict():
    quiz = typed_quiz(cards=(LEADER, CAUSES))
    quiz.submit_typed("Churchill")
    quiz.overrule()
    quiz.advance()
    quiz.undo()
    assert quiz.phase is Phase.FEEDBACK and quiz.current.overruled and quiz.current.correct is False
    quiz.overrule()  # back to the marker's "right"
    assert quiz.current.credit == 1.0 and not quiz.can_undo


def test_exam_marking_uses_the_checklist_and_undo_returns_to_the_answer():
    quiz = typed_quiz(exam=True)
    quiz.submit_typed("alliances and militarism")
    quiz.advance()
    quiz.submit_typed("Attlee")
    quiz.advance()
    quiz.hand_in()
    assert quiz.phase is Phase.CHECKLIST and quiz.on_screen.card is CAUSES
    quiz.confirm_checklist()
    assert quiz.phase is Phase.MARKING and quiz.on_screen.card is LEADER
    assert [q.card.id for q in quiz.take_records()] == ["causes"]
    quiz.undo()
    assert quiz.phase is Phase.CHECKLIST and quiz.on_screen.card is CAUSES
    quiz.self_mark(False, quiz.on_screen)  # no marks after all
    assert quiz.on_screen.card is LEADER
    quiz.confirm(quiz.on_screen)
    assert quiz.phase is Phase.OVER
    records = quiz.take_records()
    assert [(q.card.id, q.credit, q.amend) for q in records] == [
        ("causes", 0.0, True),
        ("leader", 0.0, False),
    ]
