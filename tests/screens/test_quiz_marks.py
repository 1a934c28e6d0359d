"""Typed answers marked by mark points: the checklist, marks on the results, credit in the store, undo."""

from __future__ import annotations

import random
import re

from tests.screen_text import screen_text
from tests.screens.screen_tour import shipped_deck
from tui.core.progress import ProgressStore
from tui.core.quiz import QuizSettings

HITLER = "barbarossa-motives-1941"  # "Why did Hitler invade the USSR 1941?": five points, four for full marks
TWO_POINTS = "He wanted Lebensraum and he hated Bolshevism"
SIZE = (110, 45)


def shipped_app(clock, store):
    from tui.app import RevisionApp

    return RevisionApp(shipped_deck(), store, now=clock, rng=random.Random(3), animations=False)


async def type_answer(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_two_points_show_the_checklist_and_the_results_add_marks(clock):
    store = ProgressStore.in_memory(now=clock)
    app = shipped_app(clock, store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        assert "Why did Hitler invade the USSR 1941?" in screen_text(app)
        await type_answer(pilot, TWO_POINTS)
        clock.advance(2)  # the checklist read: its keys act (typed-on keys would not)
        text = screen_text(app)
        assert "Check the mark points: 2 of 4 marks" in text
        assert text.count("✓ covered") == 2 and text.count("✗ missing") == 3
        assert re.search(r"✓ covered\s+Lebensraum", text)
        # The points are the model answer's, one a row; beneath them what the student wrote.
        assert "You wrote: He wanted Lebensraum" in text and "felt there was no real Western Front" in text
        assert "1–5 Tick/untick a point" in text and "⏎ Confirm marks" in text  # the Footer
        assert app.screen.focused is None  # the answer box has let go: digits tick, they do not type
        await pilot.press("1")  # "felt there was no real Western Front": the student says they had it
        await pilot.pause()
        assert "3 of 4 marks" in screen_text(app) and screen_text(app).count("✓ covered") == 3
        await pilot.press("1")  # on second thoughts, no
        await pilot.pause()
        assert "2 of 4 marks" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app)
        # A missed card comes back later in a drill (relearning): miss it each time it is asked;
        # the paper counts each card once, as first answered.
        for _ in range(5):
            await type_answer(pilot, "idk")
            await pilot.press("enter")
            await pilot.pause()
            if "Typed drill —" in screen_text(app):
                break
        text = screen_text(app)
        assert re.search(r"◐ part marks\s+Why did Hitler", text) and "2/4 marks" in text
        assert f"Typed drill — 2/{4 + store_marks(app)} marks" in text  # the paper adds its questions' marks
        assert "◐ 1 part marks" in text
        app.writer.wait_until_saved()
    stats = store.question_stats(shipped_deck().id, HITLER)
    assert stats is not None and stats.recent_credit == (0.5,) and stats.mean_credit == 0.5
    assert stats.correct == 1  # a credit of 0.5 or more counts as right for the streak and the schedule


def store_marks(app) -> int:
    """Marks of the second question (zinoviev-letter), from its mark scheme."""
    return app.screen.result.questions[1].marks_available


async def test_results_retry_takes_the_questions_below_full_marks(clock):
    store = ProgressStore.in_memory(now=clock)
    app = shipped_app(clock, store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review([HITLER], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await type_answer(pilot, TWO_POINTS)
        clock.advance(2)  # the checklist read: its keys act (typed-on keys would not)
        await pilot.press("enter")
        await pilot.pause()
        assert "Typed drill — 2/4 marks  50%" in screen_text(app)
        assert "r Retry those below full marks" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert "Why did Hitler invade the USSR 1941?" in screen_text(app)


async def test_a_mis_keyed_mark_is_undone_on_the_next_question_and_the_record_replaced(clock):
    store = ProgressStore.in_memory(now=clock)
    app = shipped_app(clock, store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await type_answer(pilot, TWO_POINTS)
        clock.advance(2)  # the checklist read: its keys act (typed-on keys would not)
        await pilot.press("y")  # mis-keyed: full marks
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app) and "f4 Undo last mark" in screen_text(app)
        app.writer.wait_until_saved()
        assert store.question_stats(shipped_deck().id, HITLER).recent_credit == (1.0,)
        await pilot.press("f4")  # letters type here: undo is on a function key
        await pilot.pause()
        text = screen_text(app)
        assert "Question 1 of 2" in text and "Check the mark points: 2 of 4 marks" in text
        assert "Undo last mark" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 2 of 2" in screen_text(app)
        app.writer.wait_until_saved()
    stats = store.question_stats(shipped_deck().id, HITLER)
    assert stats.attempts == 1 and stats.recent_credit == (0.5,)  # replaced, not added to


async def test_exam_marking_shows_the_same_checklist_after_hand_in(clock):
    store = ProgressStore.in_memory(now=clock)
    app = shipped_app(clock, store)
    async with app.run_test(size=SIZE) as pilot:
        settings = QuizSettings(questions=1, minutes=None, answer_mode="typed", exam=True)
        from screens.quiz import QuizScreen
        from tui.core.quiz import Quiz

        ctx = app.context
        quiz = Quiz.of_cards(
            ctx.deck, [ctx.deck.card(HITLER)], settings, ctx.now, ctx.rng, title="Exam rehearsal"
        )
        app.push_screen(QuizScreen(ctx, quiz, "exam", "exam"))
        await pilot.pause()
        await type_answer(pilot, TWO_POINTS)
        clock.advance(2)  # the checklist read: its keys act (typed-on keys would not)
        assert "All questions answered" in screen_text(app)
        await pilot.press("enter")  # hand in
        await pilot.pause()
        text = screen_text(app)
        assert "marking your paper: answer 1 of 1" in text and "Check the mark points: 2 of 4 marks" in text
        await pilot.press("3")  # "Stalin demanding territories"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Exam rehearsal — 3/4 marks  75%" in screen_text(app)
        app.writer.wait_until_saved()
    assert store.question_stats(shipped_deck().id, HITLER).recent_credit == (0.75,)


async def test_a_part_marked_answer_is_part_marks_on_home_and_weak_spots_never_right(clock):
    """One measure everywhere: the marks. A half-marked answer is neither "right" nor "1/1" anywhere."""
    store = ProgressStore.in_memory(now=clock)
    app = shipped_app(clock, store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review([HITLER], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await type_answer(pilot, TWO_POINTS)
        clock.advance(2)  # the checklist read: its keys act (typed-on keys would not)
        await pilot.press("enter")  # confirm the checklist: 2 of 4 marks
        await pilot.pause()
        assert "Typed drill — 2/4 marks" in screen_text(app)
        await pilot.press("enter")  # results -> home
        await pilot.pause()
        app.writer.wait_until_saved()
        [session] = store.recent_sessions(shipped_deck().id)
        assert (session.score, session.questions, session.marks, session.out_of) == (0, 1, 2, 4)
        await pilot.pause()
        assert re.search(
            r"Last session\s+Review drill · 2/4 marks · ", screen_text(app)
        )  # a drill, as it ran
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(app)
        row = next(line for line in text.splitlines() if "Why did Hitler" in line)
        assert "0.5/1 · 50%" in row and "◐" in row and "✓" not in row
        assert "0 of 1 wrong, 1 part-marked · last part-marked (50%)" in text
