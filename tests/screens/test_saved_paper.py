"""An exam paper not handed in survives the app ending: the next start offers to resume it or hand it in."""

from __future__ import annotations

import re

from tests.screen_text import screen_text
from tests.screens.test_quiz import (
    SIZE,
    TALL,
    card_on_screen,
    open_setup,
    option_keys,
    start_typed_exam,
    type_answer,
)
from tui.core.paper import paper_key
from tui.core.progress import open_store


async def start_exam(app, pilot, topics=None) -> None:
    await open_setup(app, pilot, topics)
    await pilot.press("down", "down", "down", "right", "enter")  # Marking: exam
    await pilot.pause()


async def answer_two(app, pilot, clock) -> dict[str, str]:
    """Answer the first two questions (the first right, the second wrong): card id -> option key pressed."""
    given = {}
    for right in (True, False):
        card = card_on_screen(app)
        right_key, wrong_key = option_keys(app)
        key = right_key if right else wrong_key
        clock.advance(20)
        await pilot.press(key)
        await pilot.pause()
        given[card.id] = key
    return given


async def run_and_end_without_hand_in(make_app, clock, folder) -> tuple[dict[str, str], str]:
    """A run that answers two questions of an exam and ends there, as a killed terminal would."""
    store = open_store(folder, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start_exam(app, pilot)
        given = await answer_two(app, pilot, clock)
        third = card_on_screen(app).id
        app.writer.wait_until_saved()
        assert store.all_question_stats("sample") == {}  # an exam records nothing before hand-in
    store.close()
    return given, third


async def test_an_exam_left_by_the_app_ending_is_offered_and_resumed_with_its_answers(
    make_app, clock, tmp_path
):
    given, third = await run_and_end_without_hand_in(make_app, clock, tmp_path)

    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Your exam paper was not handed in" in text
        assert "2 of 8 answered · 4:20 left" in text  # the time used is kept: 40 s of 5 minutes
        assert "r resume where you were" in text and "h hand it in as it stands" in text
        await pilot.press("r")
        await pilot.pause()
        assert card_on_screen(app).id == third  # where the student was
        assert "Question 3 of 8 · 2 answered" in screen_text(app)
        assert "4:20 left" in screen_text(app)
        for expected in reversed(list(given.items())):  # back through the answers given before
            await pilot.press("b")
            await pilot.pause()
            card_id, key = expected
            assert card_on_screen(app).id == card_id
            assert re.search(rf"^\s+▸?\s*{key}\s.*◂ your answer$", screen_text(app), re.M)
    store.close()


async def test_an_exam_left_by_the_app_ending_can_be_handed_in_as_it_stands(make_app, clock, tmp_path):
    given, _third = await run_and_end_without_hand_in(make_app, clock, tmp_path)

    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        assert "Your exam paper was not handed in" in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        text = screen_text(app)
        assert "Exam rehearsal — 1/8" in text  # the right one of the two answers, out of the paper's 8
        assert text.count("– not reached") == 6  # never answered: not attempts
        app.writer.wait_until_saved()
        stats = store.all_question_stats("sample")
        assert {card: (s.attempts, s.correct) for card, s in stats.items()} == {
            first: (1, 1) if i == 0 else (1, 0) for i, first in enumerate(given)
        }
        assert store.setting(paper_key("sample")) is None  # handed in: not offered again
    store.close()


async def test_leaving_an_exam_on_purpose_keeps_no_paper(make_app, clock, tmp_path):
    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start_exam(app, pilot)
        await answer_two(app, pilot, clock)
        app.writer.wait_until_saved()
        assert store.setting(paper_key("sample")) is not None  # saved as it is answered
        await pilot.press("escape")
        await pilot.pause()
        box = " ".join(line.strip(" │") for line in screen_text(app).splitlines())
        assert "none of its answers are marked, recorded or kept" in re.sub(r"\s+", " ", box)
        await pilot.press("y")
        await pilot.pause()
        app.writer.wait_until_saved()
        assert store.setting(paper_key("sample")) is None
    store.close()


async def test_a_damaged_saved_paper_is_set_aside_with_a_notice(make_app, clock, tmp_path):
    await run_and_end_without_hand_in(make_app, clock, tmp_path)
    store = open_store(tmp_path, now=clock)
    paper = store.setting(paper_key("sample"))
    paper["questions"][1]["chosen"] = 7  # no such option
    store.set_setting(paper_key("sample"), paper)
    app = make_app(store=store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        notices = "\n".join(notification.message for notification in app._notifications)
        assert "cannot be used (question 2: chosen: 7 is not the option answered)" in notices
        # where it went, said (a tester found "it is set aside" and no paper anywhere)
        assert (
            "set aside as it was, in progress.json under the setting 'exam_paper_set_aside:sample'" in notices
        )
        assert "Your exam paper was not handed in" not in screen_text(app)
        app.writer.wait_until_saved()
        assert store.setting(paper_key("sample")) is None
        assert store.setting("exam_paper_set_aside:sample") == paper  # kept whole, as it was
    store.close()


async def test_a_resumed_typed_paper_keeps_each_answer_whole_going_back(make_app, clock, tmp_path):
    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        await pilot.press(*"first", "enter")
        await pilot.pause()
        await pilot.press(*"secondanswer", "enter")
        await pilot.pause()
        app.writer.wait_until_saved()
    store.close()

    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        box = app.screen.query_one("#quiz-typed")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("W")
        assert box.value == "secondanswerW"
        await pilot.press("enter", "f3")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("V")
        assert box.value == "firstV"
    store.close()


async def test_the_clock_and_the_answer_being_typed_are_saved_in_passing(make_app, clock, tmp_path):
    """A kill mid-exam loses at most `PAPER_SAVE_EVERY` seconds of the clock and of typing."""
    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        await pilot.press(*"first", "enter")
        await pilot.pause()
        clock.advance(30)
        await pilot.press(*"half an ans")  # not handed in yet
        app.screen.save_paper_in_passing()  # as its timer does every few seconds
        app.writer.wait_until_saved()
        saved = store.setting(paper_key("sample"))
        assert saved["elapsed"] == 30.0 and saved["questions"][1]["draft"] == "half an ans"
        await pilot.press("ctrl+u")  # the box cleared: the draft saved goes too
        app.screen.save_paper_in_passing()
        app.writer.wait_until_saved()
        assert "draft" not in store.setting(paper_key("sample"))["questions"][1]
        await pilot.press(*"half an ans")
        app.screen.save_paper_in_passing()
        app.writer.wait_until_saved()
        clock.advance(0.5)
        app.screen.save_paper_in_passing()  # nothing moved by a second: no write
        app.writer.wait_until_saved()
        assert store.setting(paper_key("sample"))["elapsed"] == 30.0
    store.close()

    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1 of 3 answered · 4:30 left" in text
        await pilot.press("r")
        await pilot.pause()
        assert "4:30 left" in screen_text(app)
        assert app.screen.query_one("#quiz-typed").value == "half an ans"
        await pilot.press("w")  # the cursor at its end
        assert app.screen.query_one("#quiz-typed").value == "half an answ"
    store.close()


TYPED = {"britain": "1924", "rapallo": "German troops trained in the USSR", "zinoviev": "1931"}


async def mark_one(app, pilot) -> None:
    """Mark the answer on screen: the student's y when asked, else the automatic mark accepted."""
    await pilot.press("y" if "Is your answer right?" in screen_text(app) else "enter")
    await pilot.pause()


async def run_and_end_while_marking(make_app, clock, folder) -> None:
    """A typed exam of three answers handed in, the first marked, then the app ends (as a kill would)."""
    store = open_store(folder, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        for _ in range(3):
            await type_answer(app, pilot, TYPED[card_on_screen(app).id])
        await pilot.press("enter")  # hand in
        await pilot.pause()
        assert "marking your paper: answer 1 of 3" in screen_text(app)
        await mark_one(app, pilot)
        assert "marking your paper: answer 2 of 3" in screen_text(app)
        app.writer.wait_until_saved()
        assert store.setting(paper_key("sample")) is not None  # two answers still wait for their mark
    store.close()


async def test_a_paper_killed_while_marking_is_offered_and_resumes_into_marking(make_app, clock, tmp_path):
    await run_and_end_while_marking(make_app, clock, tmp_path)
    store = open_store(tmp_path, now=clock)
    recorded_before = {card: s.attempts for card, s in store.all_question_stats("sample").items()}
    assert sum(recorded_before.values()) == 1  # the one answer marked before the kill
    app = make_app(store=store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Your exam paper was handed in, not all marked" in text
        assert "2 answers still to mark" in text and "r resume marking" in text
        await pilot.press("r")
        await pilot.pause()
        assert "marking your paper: answer 2 of 3" in screen_text(app)
        await mark_one(app, pilot)
        await mark_one(app, pilot)
        assert "Exam rehearsal — 2/3" in screen_text(app)  # the whole paper, as if never killed
        app.writer.wait_until_saved()
        await pilot.pause()
        # every answer of the paper is saved: the one recorded before the kill counts too
        assert "✓ 3 answers saved" in screen_text(app)
        stats = store.all_question_stats("sample")
        assert {card: s.attempts for card, s in stats.items()} == dict.fromkeys(TYPED, 1)  # each once
        assert {card: s.correct for card, s in stats.items()} == {"britain": 1, "rapallo": 1, "zinoviev": 0}
        assert store.setting(paper_key("sample")) is None  # every answer recorded: not offered again
        sessions = store.recent_sessions("sample")
        assert [(s.mode, s.score, s.questions, s.finished is not None) for s in sessions] == [
            ("exam", 2, 3, True)  # one session for the paper, its record gone on with, closed with its score
        ]
    store.close()


async def test_a_paper_killed_while_marking_can_be_ended_as_it_stands(make_app, clock, tmp_path):
    await run_and_end_while_marking(make_app, clock, tmp_path)
    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=TALL) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert "Exam rehearsal — " in screen_text(app)
        app.writer.wait_until_saved()
        stats = store.all_question_stats("sample")
        assert all(s.attempts == 1 for s in stats.values())  # none recorded twice
        assert "britain" in stats and "zinoviev" in stats  # marked automatically: recorded as they stand
        assert store.setting(paper_key("sample")) is None
    store.close()


async def test_a_new_quiz_asks_before_it_would_replace_a_saved_paper(make_app, clock, tmp_path):
    _given, third = await run_and_end_without_hand_in(make_app, clock, tmp_path)
    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # not now
        await pilot.pause()
        assert "An unfinished exam paper is waiting: p resumes it" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        text = screen_text(app)
        assert "A new quiz would replace it" in text and "d discard it and start the new quiz" in text
        assert "r resume where you were" in text and "h hand it in as it stands" in text
        await pilot.press("escape")  # neither: the paper stays, no quiz starts
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        app.writer.wait_until_saved()
        assert len([q for q in store.setting(paper_key("sample"))["questions"] if q["response"]]) == 2
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("r")  # resumed instead of a new quiz
        await pilot.pause()
        assert card_on_screen(app).id == third and "Question 3 of 8 · 2 answered" in screen_text(app)
    store.close()


async def test_discarding_a_saved_paper_for_a_new_exam(make_app, clock, tmp_path):
    await run_and_end_without_hand_in(make_app, clock, tmp_path)
    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("d")  # discarded: the setup of the new quiz opens
        await pilot.pause()
        await pilot.press("enter")  # the setup as chosen last time: an exam
        await pilot.pause()
        assert "Exam rehearsal · Question 1 of 8 · 0 answered" in screen_text(app)
        await pilot.press(option_keys(app)[0])
        await pilot.pause()
        app.writer.wait_until_saved()
        paper = store.setting(paper_key("sample"))
        assert len([q for q in paper["questions"] if q["response"]]) == 1  # the new paper
        await pilot.press("escape", "y")  # left on purpose: no paper, and home no longer says one waits
        await pilot.pause()
        app.writer.wait_until_saved()
        await pilot.pause()
        assert store.setting(paper_key("sample")) is None
        assert "exam paper is waiting" not in screen_text(app)
    store.close()
