"""`revise restore` never brings back an exam paper whose answers the kept deck files recorded since.

A fresh-user trial: an exam handed in, its typed answers marked (recorded), ctrl+q; progress.json
cut short; `revise restore` put back the older progress.json from the start's backup, whose
settings still held the paper "handed in, 7 answers still to mark", while the intact deck files
already held those answers: marking them again recorded each answer twice. Restore now takes out
of a backup's paper every answer recorded after the paper was saved (clearing the paper when
nothing is left to mark) and says so; answers recorded before it was saved leave it as it was.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import build_sample_deck
from tui.cli import main
from tui.core.paper import paper_key, paper_to_dict, read_paper
from tui.core.progress import list_backups, open_store
from tui.core.quiz import Quiz, QuizSettings

DECK = build_sample_deck()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def later(self, minutes: float = 10) -> None:
        self.now += timedelta(minutes=minutes)


def handed_in_paper(clock: Clock) -> Quiz:
    """A typed exam of 5 questions, every one answered, handed in: 5 answers wait for their marks."""
    settings = QuizSettings(questions=5, minutes=None, answer_mode="typed", exam=True)
    quiz = Quiz.build(DECK, settings, {}, clock, random.Random(3))
    quiz.start()
    for _ in range(5):
        quiz.submit_typed(quiz.current.card.answer)
        quiz.advance()
    quiz.hand_in()
    assert len(quiz.to_mark()) == 5 and not quiz.take_records()
    return quiz


def mark(store, quiz: Quiz, count: int) -> None:
    """The student accepts the marks of `count` answers; each is recorded as the quiz screen does."""
    for _ in range(count):
        quiz.confirm(quiz.on_screen_marking)
    for question in quiz.take_records():
        store.record_answer(DECK.id, question.card.id, bool(question.correct), 3.0, "exam", question.credit)


def trial(folder: Path, clock: Clock, marked: int) -> Quiz:
    """Answers in another deck; the paper saved at hand-in; a start (its backup holds the paper);
    `marked` answers marked then (the paper cleared once all are); quit; progress.json cut short."""
    store = open_store(folder, now=clock)
    store.record_answer("other", "o1", True, 2.0, "quiz")
    quiz = handed_in_paper(clock)
    store.set_setting(paper_key(DECK.id), paper_to_dict(quiz, DECK.id, clock()))
    store.close()
    clock.later()
    store = open_store(folder, now=clock)  # the start's backup: the paper, nothing of it recorded
    clock.later()
    mark(store, quiz, marked)
    done = marked == 5
    store.set_setting(paper_key(DECK.id), None if done else paper_to_dict(quiz, DECK.id, clock()))
    store.close()
    assert list_backups(folder)
    raw = (folder / "progress.json").read_bytes()
    (folder / "progress.json").write_bytes(raw[: len(raw) // 2])
    return quiz


def restore(folder: Path, capsys) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "restore"]) == 0
    return capsys.readouterr().out


def attempts(folder: Path, clock: Clock) -> dict[str, int]:
    store = open_store(folder, now=clock)
    counts = {card: stats.attempts for card, stats in store.all_question_stats(DECK.id).items()}
    store.close()
    return counts


def test_a_paper_marked_after_the_backup_is_not_offered_again(tmp_path, capsys):
    clock = Clock()
    quiz = trial(tmp_path, clock, marked=5)
    cards = [question.card.id for question in quiz.questions]
    assert len(set(cards)) == 5

    out = restore(tmp_path, capsys)

    assert (
        f"Cleared the exam paper of deck {DECK.id!r} that backup held: its 5 answers left to record were "
        "recorded after it was saved" in out
    )
    store = open_store(tmp_path, now=clock)
    assert store.setting(paper_key(DECK.id)) is None  # home offers no paper to mark again
    store.close()
    assert attempts(tmp_path, clock) == dict.fromkeys(cards, 1)


def test_a_paper_partly_marked_after_the_backup_keeps_only_the_answers_still_to_mark(tmp_path, capsys):
    clock = Clock()
    quiz = trial(tmp_path, clock, marked=2)
    recorded = [q.card.id for q in quiz.questions if q.recorded]
    waiting = [q.card.id for q in quiz.questions if not q.recorded]
    assert len(recorded) == 2 and len(waiting) == 3

    out = restore(tmp_path, capsys)

    assert f"Took 2 answers out of the exam paper of deck {DECK.id!r} that backup held" in out
    store = open_store(tmp_path, now=clock)
    paper = read_paper(store.setting(paper_key(DECK.id)), DECK, clock)
    assert [q.card.id for q in paper.quiz.questions] == waiting
    paper.hand_in_as_it_stands()  # marking resumed and left: each answer marked as it stands
    for question in paper.quiz.take_records():
        store.record_answer(DECK.id, question.card.id, bool(question.correct), 3.0, "exam")
    store.close()
    assert attempts(tmp_path, clock) == dict.fromkeys(recorded + waiting, 1)  # never twice


def test_a_paper_with_nothing_recorded_since_comes_back_whole(tmp_path, capsys):
    clock = Clock()
    store = open_store(tmp_path, now=clock)
    quiz = handed_in_paper(clock)
    first = quiz.questions[0].card.id
    store.record_answer(DECK.id, first, True, 2.0, "quiz")  # answered before the paper was saved
    clock.later()
    saved = paper_to_dict(quiz, DECK.id, clock())
    store.set_setting(paper_key(DECK.id), saved)
    store.close()
    clock.later()
    open_store(tmp_path, now=clock).close()  # backed up; the student quits before marking
    (tmp_path / "progress.json").write_bytes(b"{")

    out = restore(tmp_path, capsys)

    # nothing taken out or set aside; the deck has no file here, so the paper is left for the app to read
    assert [line for line in out.splitlines() if "exam paper" in line] == [
        "Could not check the exam paper saved for deck 'sample': the deck list has no file that loads as "
        "that deck now. Revise checks the paper when that deck is opened."
    ]
    store = open_store(tmp_path, now=clock)
    assert store.setting(paper_key(DECK.id)) == saved
    store.close()


def test_restore_reads_papers_and_exam_dates_under_the_keys_the_app_writes():
    # restore keeps its own copies of the two settings prefixes (importing them would make an import
    # loop): they must name what the paper and the exam dates write
    from tui.core import exam_dates, paper
    from tui.core.progress import restore

    assert restore.PAPER_PREFIX == paper.PAPER_PREFIX
    assert restore.EXAM_DATE_PREFIX == exam_dates.SETTING_PREFIX
