"""`revise restore` clears a backup's exam paper whose every answer was recorded since, unanswered
questions or not: no phantom paper "0 of 5 answered · 4:59 left".

A tester: a timed exam, some questions answered and the paper saved (a start backed it up), then
handed in as it stood (its answers recorded, the questions never reached not), progress.json damaged
and restored from that backup. Restore took the recorded answers out of the backup's paper but kept
it for its unanswered questions, and home offered it again with nothing answered.
"""

from __future__ import annotations

import random

from tests.reliability.test_restore_exam_paper import DECK, Clock, attempts, restore
from tui.core.paper import paper_key, paper_to_dict, read_paper
from tui.core.progress import open_store
from tui.core.quiz import Quiz, QuizSettings


def timed_paper(clock: Clock, answered: int) -> Quiz:
    """A typed 5-minute exam of 5 questions, the first `answered` of them answered, not handed in."""
    settings = QuizSettings(questions=5, minutes=5, answer_mode="typed", exam=True)
    quiz = Quiz.build(DECK, settings, {}, clock, random.Random(5))
    quiz.start()
    for _ in range(answered):
        quiz.submit_typed(quiz.current.card.answer)
        quiz.advance()
    return quiz


def backed_up_then_handed_in(folder, clock: Clock, answered: int) -> Quiz:
    store = open_store(folder, now=clock)
    quiz = timed_paper(clock, answered)
    store.set_setting(paper_key(DECK.id), paper_to_dict(quiz, DECK.id, clock()))
    store.close()
    clock.later()
    store = open_store(folder, now=clock)  # the start's backup holds the paper
    clock.later()
    quiz.hand_in()
    for question in quiz.to_mark():
        quiz.confirm(question)
    for question in quiz.take_records():
        store.record_answer(DECK.id, question.card.id, bool(question.correct), 3.0, "exam", question.credit)
    store.set_setting(paper_key(DECK.id), None)  # marked: the quiz screen clears it
    store.close()
    (folder / "progress.json").write_bytes(b"{")
    return quiz


def test_a_paper_handed_in_after_the_backup_with_questions_never_answered_is_cleared(tmp_path, capsys):
    clock = Clock()
    quiz = backed_up_then_handed_in(tmp_path, clock, answered=3)
    recorded = [q.card.id for q in quiz.questions if q.recorded]
    assert len(recorded) == 3

    out = restore(tmp_path, capsys)

    assert f"Cleared the exam paper of deck {DECK.id!r} that backup held" in out
    store = open_store(tmp_path, now=clock)
    assert store.setting(paper_key(DECK.id)) is None  # home offers no paper
    store.close()
    assert attempts(tmp_path, clock) == dict.fromkeys(recorded, 1)


def test_a_paper_with_answers_not_recorded_since_keeps_them_and_its_unanswered_questions(tmp_path, capsys):
    clock = Clock()
    store = open_store(tmp_path, now=clock)
    quiz = timed_paper(clock, answered=2)
    first = quiz.questions[0].card.id
    saved = paper_to_dict(quiz, DECK.id, clock())
    store.set_setting(paper_key(DECK.id), saved)
    store.close()
    clock.later()
    store = open_store(tmp_path, now=clock)  # backed up
    clock.later()
    store.record_answer(DECK.id, first, True, 2.0, "quiz")  # one of its cards answered again since
    store.close()
    (tmp_path / "progress.json").write_bytes(b"{")

    out = restore(tmp_path, capsys)

    assert f"Took 1 answer out of the exam paper of deck {DECK.id!r}" in out
    store = open_store(tmp_path, now=clock)
    paper = read_paper(store.setting(paper_key(DECK.id)), DECK, clock)
    store.close()
    assert (paper.answered, len(paper.quiz.questions)) == (1, 4)
