"""A key that answers a quiz question vs a key that only moves the highlight, side by side.

On the shipped deck with a real progress folder (the answer is written to disk
on the writer thread, as in use), one quiz screen; each round presses `down`
(the highlight moves) and then `1` (the question is answered and the verdict
drawn), then `enter` to the next question, which is not timed. Per key press,
wall time from the press until the screen shows the change (Pilot press, then
pause until it is there) and the CPU time the process spent on it. Medians are
printed with their ratio; target: answering <= 2x moving. Printed, not asserted.

Run: python -m pytest -m perf -s tests/perf/bench_keys.py
"""

from __future__ import annotations

import random
import time

import pytest

from tests.perf.measure import side_by_side
from tui.core.formats import load_deck
from tui.core.progress import open_store
from tui.core.quiz import QuizSettings
from tui.paths import shipped_deck_path

pytestmark = pytest.mark.perf
ROUNDS = 15  # one question each; the shipped deck has more than enough


async def timed(pilot, key: str, drawn) -> tuple[float, float]:
    """(wall, CPU) seconds from pressing `key` until `drawn()` is true after a pause."""
    started, cpu_started = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await pilot.pause()
    while not drawn():
        await pilot.pause()
    return time.perf_counter() - started, time.process_time() - cpu_started


async def test_answer_key_vs_highlight_key(tmp_path):
    from screens.quiz import QuizScreen, open_quiz
    from tui.app import RevisionApp

    deck = load_deck(shipped_deck_path())
    store = open_store(tmp_path)
    app = RevisionApp(deck, store, rng=random.Random(3), animations=False)
    moves: list[tuple[float, float]] = []
    answers: list[tuple[float, float]] = []
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            open_quiz(app, QuizSettings(questions=ROUNDS, minutes=None))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuizScreen)
            feedback = screen.query_one("#quiz-feedback")
            for _ in range(ROUNDS):
                target = (screen.highlighted + 1) % len(screen.quiz.current.options)
                moves.append(await timed(pilot, "down", lambda target=target: screen.highlighted == target))
                answers.append(
                    await timed(pilot, "1", lambda: feedback.display and not feedback.has_class("-hidden"))
                )
                await pilot.press("enter")
                await pilot.pause()
            app.writer.wait_until_saved()
        answered = sum(s.attempts for s in store.all_question_stats(deck.id).values())
    finally:
        store.close()
    assert answered == ROUNDS  # every timed answer really went to the store
    saved = open_store(tmp_path)
    try:
        assert sum(s.attempts for s in saved.all_question_stats(deck.id).values()) == ROUNDS  # and to disk
    finally:
        saved.close()

    print(f"\nQuiz keys on the shipped deck, real progress folder: {ROUNDS} rounds, side by side")
    for label, column in (("wall", 0), ("CPU", 1)):
        print(f" {label} seconds per key press:")
        # The Pilot is async, so the rounds alternate above; side_by_side takes the recorded times in turn.
        side_by_side(
            "answer (1 → verdict drawn)",
            iter(a[column] for a in answers).__next__,
            "highlight (down → moved)",
            iter(m[column] for m in moves).__next__,
            rounds=ROUNDS,
        )
