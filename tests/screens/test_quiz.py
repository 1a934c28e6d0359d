"""The quiz as a student drives it: setup, practice, exam, typed answers, the clock, leaving."""

from __future__ import annotations

import re
import threading

from tests.conftest import build_sample_deck
from tests.screen_text import screen_lines, screen_text, shown
from tui.core.deck import Card, Deck, Topic
from tui.core.progress import ProgressError, open_store
from tui.widgets.countdown import Countdown

DECK = build_sample_deck()
SIZE = (100, 40)
TALL = (120, 70)  # the whole marked paper on one screen
# "  ▸  2  Option text      ✓ right answer": pointer (the highlight), key, text, mark.
OPTION_LINE = re.compile(r"^\s+(?:▸\s+)?([1-4])\s{2}(\S.*?)(\s{2,}[✓✗◂].*)?$")


def card_on_screen(app, text: str | None = None):
    """The card whose question the screen shows."""
    text = text if text is not None else screen_text(app)
    shown = [card for card in DECK.cards if card.question in text]
    assert len(shown) == 1, text
    return shown[0]


def option_keys(app) -> tuple[str, str]:
    """The key of the right option and of a wrong one, read off the screen."""
    lines = screen_lines(app)
    answer = card_on_screen(app, "\n".join(lines)).answer
    options = {}
    for line in lines:
        match = OPTION_LINE.match(line)
        if match:
            options[match.group(1)] = match.group(2).strip()
    assert len(options) >= 2, "\n".join(lines)
    right = [key for key, text in options.items() if answer.startswith(text)]
    assert len(right) == 1, "\n".join(lines)
    return right[0], next(key for key in options if key != right[0])


def highlighted_key(app) -> str | None:
    """The key of the option the ▸ points at (what `enter` would choose)."""
    for line in screen_lines(app):
        if (match := OPTION_LINE.match(line)) and "▸" in line:
            return match.group(1)
    return None


def option_count(app) -> int:
    return sum(bool(OPTION_LINE.match(line)) for line in screen_lines(app))


def right_key(app) -> str:
    return option_keys(app)[0]


def wrong_key(app) -> str:
    return option_keys(app)[1]


async def type_answer(app, pilot, text: str) -> None:
    """Put a long answer in the box as a paste would, then submit it with enter."""
    app.screen.query_one("#quiz-typed").insert_text_at_cursor(text)
    await pilot.press("enter")
    await pilot.pause()


async def open_setup(app, pilot, topics=None):
    app.navigation.start_quiz(topics)
    await pilot.pause()


async def start_typed_exam(app, pilot, topics=("Recognition",)):
    """A quiz of `topics` set to typed answers and exam marking, started."""
    await open_setup(app, pilot, list(topics))
    await pilot.press("down", "down", "right", "down", "right", "enter")
    await pilot.pause()


async def test_enter_takes_the_defaults(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        text = screen_text(app)
        for default in ("‹ all 8 ›", "‹ 5 minutes for the whole quiz ›", "‹ multiple choice ›", "‹ practice"):
            assert default in text
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Question 1 of 8" in text  # the sample deck has 8 cards, fewer than 10
        assert "5:00 left" in text
        assert option_count(app) == 4


async def test_setup_starts_with_the_topic_given_and_escape_cancels(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot, ["Road to war"])
        assert "3 questions (all the chosen topics have) from 1 of 3 topics" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        await open_setup(app, pilot, ["Road to war"])
        await pilot.press("enter")
        await pilot.pause()
        assert card_on_screen(app).topic == "Road to war"
        assert "Question 1 of 3" in screen_text(app)


async def test_a_whole_practice_quiz(make_app, memory_store, clock):
    app = make_app(store=memory_store)
    async with app.run_test(size=TALL) as pilot:
        await open_setup(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        expected = {}
        for number in range(8):
            card = card_on_screen(app)
            right = number % 2 == 0
            clock.advance(3)
            await pilot.press(right_key(app) if right else wrong_key(app))
            await pilot.pause()
            text = screen_text(app)
            assert ("✓ Right" if right else "✗ Wrong") in text
            assert f"Answer: {card.answer}" in text
            clock.advance(20)  # reading feedback is not counted
            await pilot.press("enter" if number % 3 else "space")
            await pilot.pause()
            expected[card.id] = right
        text = screen_text(app)
        assert "Quiz — 4/8  50%" in text
        assert "Time used 0:24 · 3.0 s per question" in text
        assert text.count("✓ right") == 4 and text.count("✗ wrong") == 4
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert {card_id: (s.attempts, s.correct == 1) for card_id, s in stats.items()} == {
        card_id: (1, right) for card_id, right in expected.items()
    }
    assert all(s.mean_seconds == 3.0 for s in stats.values())
    [session] = memory_store.recent_sessions("sample")
    assert (session.mode, session.score, session.questions, session.duration) == ("quiz", 4, 8, 24.0)


async def test_arrows_move_the_highlight_and_enter_chooses_it(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert highlighted_key(app) == "1"
        assert "1–4 or ↑↓⏎ Choose" in text
        await pilot.press("down", "down")
        await pilot.pause()
        assert highlighted_key(app) == "3"
        await pilot.press("up", "up", "up")  # past the first option: round to the last
        await pilot.pause()
        assert highlighted_key(app) == "4"
        assert "✓" not in screen_text(app) and "✗" not in screen_text(app)  # moving answers nothing
        card = card_on_screen(app)
        right, wrong = option_keys(app)
        await pilot.press(*["down"] * (int(wrong) % 4), "enter")  # from 4 round to the wrong one
        await pilot.pause()
        text = screen_text(app)
        assert "✗ Wrong" in text and highlighted_key(app) is None and "↑↓" not in text
        assert re.search(rf"^\s+{wrong}\s{{2}}.*✗ your answer$", text, re.M)
        await pilot.press("enter")
        await pilot.pause()
        assert highlighted_key(app) == "1"  # the next question starts at the top
        right, _wrong = option_keys(app)
        await pilot.press(*["down"] * (int(right) - 1), "enter")
        await pilot.pause()
        assert "✓ Right" in screen_text(app)
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert stats[card.id].correct == 0 and sum(s.correct for s in stats.values()) == 1


def deck_of_answers(*answers: str) -> Deck:
    """One topic whose cards have these answers: fewer different answers, fewer options."""
    cards = [Card(f"c{i}", "Only", f"Question {i}?", answer) for i, answer in enumerate(answers)]
    return Deck(
        id="few", title="Few answers", topics=[Topic("Only", tuple(c.id for c in cards))], cards=cards
    )


async def test_a_question_with_fewer_options_says_so_in_the_footer_and_help(make_app):
    for answers, keys in ((("Lenin", "Trotsky", "Stalin"), "1–3"), (("Lenin", "Trotsky"), "1–2")):
        app = make_app(deck=deck_of_answers(*answers))
        async with app.run_test(size=SIZE) as pilot:
            await open_setup(app, pilot)
            await pilot.press("enter")
            await pilot.pause()
            assert option_count(app) == len(answers)
            text = screen_text(app)
            assert f"{keys} or ↑↓⏎ Choose" in text and "1–4" not in text
            await pilot.press("question_mark")
            await pilot.pause()
            text = screen_text(app)
            assert re.search(rf"{keys} or ↑↓⏎\s+Choose\s", text) and "1–4" not in text
            await pilot.press(
                "escape", str(len(answers) + 1), "up"
            )  # no such option; up goes round to the last
            await pilot.pause()
            assert "✓" not in screen_text(app) and "✗" not in screen_text(app)
            assert highlighted_key(app) == str(len(answers))


async def test_an_exam_where_the_clock_runs_out(make_app, memory_store, clock):
    app = make_app(store=memory_store)
    async with app.run_test(size=TALL) as pilot:
        await open_setup(app, pilot)
        await pilot.press("down", "down", "down", "right")  # Marking: exam
        assert "‹ exam — marked when handed in ›" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        answered = []
        for _ in range(3):
            answered.append(card_on_screen(app).id)
            clock.advance(60)
            await pilot.press(right_key(app))
            await pilot.pause()
            assert "✓" not in screen_text(app) and "✗" not in screen_text(app)  # no feedback in an exam
        missed = card_on_screen(app).id
        app.writer.wait_until_saved()
        assert memory_store.all_question_stats("sample") == {}  # nothing recorded before hand-in
        clock.advance(90)
        countdown = app.screen.query_one(Countdown)
        countdown.tick()
        assert "Hurry! 0:30 left" in await shown(pilot, app, "Hurry! 0:30 left")
        clock.advance(31)
        countdown.tick()
        await pilot.pause()
        text = await shown(pilot, app, "Exam rehearsal — 3/8  38%", "Time used")
        assert "Exam rehearsal — 3/8  38%" in text
        assert "Time used 5:00" in text
        assert text.count("✓ right") == 3
        assert text.count("✗ time up") == 1
        assert text.count("– not reached") == 4
        assert text.count("0/1 mark") == 5  # time up and not reached say their marks: the total adds up
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert set(stats) == {*answered, missed}
    assert all(stats[c].correct == 1 for c in answered) and stats[missed].correct == 0
    assert stats[missed].mean_seconds == 120.0
    [session] = memory_store.recent_sessions("sample")
    assert (session.score, session.questions, session.duration) == (3, 8, 300.0)


async def test_an_exam_answer_changed_with_b_is_recorded_once(make_app, memory_store, clock):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot, ["Road to war"])
        await pilot.press("down", "down", "down", "right", "enter")
        await pilot.pause()
        first = card_on_screen(app)
        await pilot.press(wrong_key(app))
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert card_on_screen(app) == first
        assert "◂ your answer" in screen_text(app)
        right, wrong = option_keys(app)
        assert highlighted_key(app) == wrong  # the highlight starts on the answer given: enter keeps it
        await pilot.press("enter")
        await pilot.pause()
        assert card_on_screen(app) != first
        await pilot.press("b")
        await pilot.pause()
        assert re.search(rf"^\s+▸\s+{wrong}\s.*◂ your answer$", screen_text(app), re.M)
        await pilot.press(*["down"] * ((int(right) - int(wrong)) % option_count(app)))
        await pilot.pause()
        assert highlighted_key(app) == right
        await pilot.press("enter")
        await pilot.pause()
        assert card_on_screen(app) != first
        for _ in range(3):
            if "All questions answered" in screen_text(app):
                break
            await pilot.press(right_key(app))
            await pilot.pause()
        assert "All questions answered" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Exam rehearsal — 3/3  100%" in screen_text(app)
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert (stats[first.id].attempts, stats[first.id].correct) == (1, 1)
    assert sum(s.attempts for s in stats.values()) == 3


async def test_typed_answers_marked_overruled_and_self_marked(make_app, memory_store, clock):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(
            ["britain", "purges", "first-recognition"], "Typed drill", answer_mode="typed"
        )
        await pilot.pause()
        assert "f2 Pause" in await shown(pilot, app, "f2 Pause")  # letters type: function keys
        await pilot.press(*"in 1924", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "✓ Right" in text and "You wrote" in text and "Model answer" in text
        await pilot.press("f5")
        await pilot.pause()
        assert "✗ Wrong — overruled by you" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await type_answer(app, pilot, "the purges")
        text = screen_text(app)
        assert "Is your answer right?" in text
        assert "the purges" in text and "Due to the purges of army officers" in text
        clock.advance(2)  # read before marking: keys typed as the mark appears are not taken
        await pilot.press("y")
        await pilot.pause()
        await type_answer(app, pilot, "Estonia, Latvia, Lithuana and Finland")
        assert "✓ Right — small typo forgiven" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        # The paper in marks: britain 0/1 (overruled), purges 1/1 (self-marked), the four countries 4/4.
        text = screen_text(app)
        # A drill relearns: the card marked wrong comes back at the end, once more, as the same
        # question 1 of 3 (not a fourth); the header adds marks as the paper does (britain's 0/1).
        assert "Again: question 1 of 3 · 5/6 marks so far" in text
        assert "again: you missed it earlier" in text
        await pilot.press(*"in 1924", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        # The paper scores each card as first answered: the relearned britain stays 0/1.
        assert "Typed drill — 5/6 marks  83% of this quiz's marks" in screen_text(
            app
        ) and "✓ 2 right" in screen_text(app)
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert {c: (s.attempts, s.correct) for c, s in stats.items()} == {
        "britain": (2, 1),
        "purges": (1, 1),
        "first-recognition": (1, 1),
    }


async def test_letters_type_while_the_answer_box_has_focus_and_f2_pauses(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        await pilot.press("down", "down", "right", "enter")  # Answer mode: typed
        await pilot.pause()
        question = card_on_screen(app).question
        await pilot.press("p", "b", "y")
        await pilot.pause()
        assert "Paused" not in screen_text(app)
        assert app.screen.query_one("#quiz-typed").value == "pby"
        clock.advance(10)
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "Paused" in text and question not in text
        clock.advance(500)  # a long pause costs nothing
        await pilot.press("p")
        await pilot.pause()
        assert "4:50 left" in screen_text(app) and question in screen_text(app)


async def test_pause_stops_the_clock_and_hides_the_question(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        question = card_on_screen(app).question
        clock.advance(65)
        await pilot.press("p")
        await pilot.pause()
        text = screen_text(app)
        assert "Paused ·" in text and "3:55 left" in text and question not in text
        await pilot.press("1")  # answering is off while paused
        clock.advance(600)
        await pilot.press("p")
        await pilot.pause()
        text = screen_text(app)
        assert "3:55 left" in text and question in text and "✓" not in text and "✗" not in text


async def test_flashcards_grade_with_four_keys_and_y_n_and_a_miss_comes_back(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["rapallo", "czech"], "Flashcards", answer_mode="flashcard")
        await pilot.pause()
        rapallo = DECK.card("rapallo")
        assert rapallo.answer not in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        assert rapallo.answer in text and "How well did you know it?" in text
        assert "1 Again  2 Hard  3/y Good  4 Easy" in text  # the Footer offers the four grades
        await pilot.press("y", "space", "n")  # y is Good, n is Again
        await pilot.pause()
        text = screen_text(app)
        # Relearning asks czech again: still question 2 of the drill's 2 cards, marked as a relearn.
        assert "Again: question 2 of 2" in text and "again: you missed it earlier" in text
        await pilot.press("space", "2")  # Hard: known, with effort
        await pilot.pause()
        assert "Flashcards — 1/2" in screen_text(app)  # czech as first answered: missed
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert {c: (s.attempts, s.correct) for c, s in stats.items()} == {"rapallo": (1, 1), "czech": (2, 1)}


async def test_escape_asks_before_leaving_and_keeps_the_answers_given(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_setup(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(right_key(app), "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "Leave the quiz?" in screen_text(app) and "The 1 answer marked so far stay" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert "Question 2 of 8" in screen_text(app)
        await pilot.press("escape", "y")
        app.writer.wait_until_saved()
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen" and "1 answer saved" in screen_text(app)
    assert sum(s.attempts for s in memory_store.all_question_stats("sample").values()) == 1
    [session] = memory_store.recent_sessions("sample")
    assert (session.score, session.questions) == (1, 1)


async def test_ctrl_q_mid_quiz_finishes_the_session_with_the_answers_given(make_app, clock, tmp_path):
    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        answered = []
        for right in (True, False):
            answered.append(card_on_screen(app).id)
            clock.advance(5)
            await pilot.press(right_key(app) if right else wrong_key(app))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert "Question 3 of 8" in screen_text(app)
        clock.advance(5)
        await pilot.press("ctrl+q")  # the app goes, its queued writes with it
    assert not app.is_running
    store.close()

    store = open_store(tmp_path, now=clock)  # what the next run reads from disk
    [session] = store.recent_sessions("sample")
    assert (session.mode, session.score, session.questions, session.duration) == ("quiz", 1, 2, 15.0)
    assert {c: s.attempts for c, s in store.all_question_stats("sample").items()} == dict.fromkeys(
        answered, 1
    )
    again = make_app(store=store)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert re.search(r"Last session\s+Timed quiz · 1/2 marks · ", screen_text(again))
    store.close()


async def test_the_end_of_a_quiz_says_the_answers_are_saved_once_they_are(
    make_app, memory_store, monkeypatch
):
    on_disk = threading.Event()
    record_answer = memory_store.record_answer

    def slow_disk(*args, **kwargs):
        on_disk.wait(timeout=10)
        return record_answer(*args, **kwargs)

    monkeypatch.setattr(memory_store, "record_answer", slow_disk)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_setup(app, pilot, ["Road to war"])
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(3):
            await pilot.press(right_key(app), "enter")
            await pilot.pause()
        assert "Quiz — 3/3" in screen_text(app)
        await pilot.pause(0.1)
        assert "answers saved" not in screen_text(app)  # the answers are still on their way
        on_disk.set()
        app.writer.wait_until_saved()
        await pilot.pause()
        assert "3 answers saved" in screen_text(app)


async def test_a_failed_save_is_not_announced_as_saved(make_app, memory_store, monkeypatch):
    def full_disk(*args):
        raise ProgressError("progress.json: the disk is full (No space left on device)")

    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_setup(app, pilot, ["Road to war"])
        await pilot.press("enter")
        await pilot.pause()
        for number in range(3):
            if number == 2:
                monkeypatch.setattr(memory_store, "record_answer", full_disk)
            await pilot.press(right_key(app), "enter")
            await pilot.pause()
        app.writer.wait_until_saved()
        await pilot.pause()
        text = screen_text(app)
        assert "Quiz — 3/3" in text and "Could not save" in text and "answers saved" not in text


async def test_leaving_an_exam_records_nothing(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        await pilot.press("down", "down", "down", "right", "enter")
        await pilot.pause()
        await pilot.press("1", "1", "escape")
        await pilot.pause()
        assert "The paper is not handed in" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        app.writer.wait_until_saved()
    assert memory_store.all_question_stats("sample") == {}
    assert memory_store.recent_sessions("sample") == []  # nothing recorded: no empty "Last session"


async def test_a_review_drill_has_no_clock_and_returns_to_its_caller(make_app, memory_store):
    app = make_app(store=memory_store)
    done = []
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["pact", "britain"], "Weakest 2", lambda: done.append(True))
        await pilot.pause()
        text = screen_text(app)
        assert "Weakest 2 · Question 1 of 2" in text and "no time limit" in text
        assert card_on_screen(app).id == "pact"
        await pilot.press(right_key(app), "enter")
        await pilot.pause()
        assert card_on_screen(app).id == "britain"
        await pilot.press(wrong_key(app), "enter")
        await pilot.pause()
        # The miss is relearnt at the end, as the drill's second card again, not a third question.
        assert "Weakest 2 · Again: question 2 of 2" in screen_text(app)
        assert card_on_screen(app).id == "britain"
        await pilot.press(right_key(app), "enter")
        await pilot.pause()
        assert "Weakest 2 — 1/2" in screen_text(app)  # britain as first answered: missed
        await pilot.press("enter")
        await pilot.pause()
        assert done == [True]
        assert type(app.screen).__name__ == "HomeScreen"
        app.writer.wait_until_saved()
    [session] = memory_store.recent_sessions("sample")
    assert (session.mode, session.score, session.questions) == (
        "review",
        1,
        2,
    )  # the session is the paper: each card as first answered


async def test_an_exam_of_typed_answers_is_marked_after_it_is_handed_in(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        typed = {"britain": "1924", "rapallo": "German troops trained in the USSR", "zinoviev": "1931"}
        for _ in range(3):
            await type_answer(app, pilot, typed[card_on_screen(app).id])
            assert "Right" not in screen_text(app) and "Wrong" not in screen_text(app)
        assert "All questions answered" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        for number in range(1, 4):
            text = screen_text(app)
            assert f"marking your paper: answer {number} of 3" in text
            assert "You wrote" in text and "Model answer" in text
            if "Is your answer right?" in text:
                await pilot.press("y")  # the Rapallo answer is too long to mark by machine
            else:
                await pilot.press("enter")  # accept the automatic mark
            await pilot.pause()
        assert "Exam rehearsal — 2/3" in screen_text(app)
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert {c: s.correct for c, s in stats.items()} == {"britain": 1, "rapallo": 1, "zinoviev": 0}


async def test_time_running_out_under_the_help_screen_ends_the_paper_on_return(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        quiz_screen = app.screen
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Keys — Quiz" in screen_text(app)
        clock.advance(301)
        quiz_screen.query_one(Countdown).tick()
        await pilot.pause()
        assert "Keys — Quiz" in screen_text(app)  # the help list stays until closed
        await pilot.press("escape")
        await pilot.pause()
        assert "Quiz — 0/8" in screen_text(app) and "✗ time up" in screen_text(app)


async def test_a_stray_enter_on_an_empty_answer_asks_before_giving_up(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain", "purges"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press("enter")  # nothing typed: not an answer yet
        await pilot.pause()
        text = screen_text(app)
        assert "Question 1 of 2" in text and "press enter again to give up" in text
        assert "Wrong" not in text
        await pilot.press(*"1924", "enter")  # typing still answers it
        await pilot.pause()
        assert "✓ Right" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Type your answer, then enter" in screen_text(app)  # the next question asks afresh
        await pilot.press("enter", "enter")  # twice on nothing: given up, marked wrong
        await pilot.pause()
        assert "✗ Wrong — no answer given" in screen_text(app)
        await pilot.press("enter")  # a mark is final (and saved) once the student goes on
        await pilot.pause()
        assert "Again: question 2 of 2" in screen_text(app)  # the given-up card comes back
        await pilot.press(*DECK.card("purges").answer, "enter", "enter")
        await pilot.pause()
        assert "Typed drill — 1/2" in screen_text(app)  # purges as first answered: given up
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert {c: (s.attempts, s.correct) for c, s in stats.items()} == {"britain": (1, 1), "purges": (2, 1)}


async def test_f1_opens_help_while_typing_an_answer(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain", "purges"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Keys —" in text and "f2" in text
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.query_one("#quiz-typed").value == ""  # f1 typed nothing


async def test_a_typed_answer_is_saved_as_its_mark_shows_and_an_overrule_replaces_it(make_app, memory_store):
    """A terminal killed while the verdict is on screen keeps the answer (it used to wait for enter)."""
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain", "purges"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"in 1924", "enter")
        assert "✓ Right" in await shown(pilot, app, "✓ Right")
        app.writer.wait_until_saved()
        saved = memory_store.question_stats("sample", "britain")
        assert saved is not None and (saved.attempts, saved.correct) == (1, 1)  # on disk before enter
        await pilot.press("f5")
        assert "overruled by you" in await shown(pilot, app, "overruled by you")
        app.writer.wait_until_saved()
        saved = memory_store.question_stats("sample", "britain")
        assert saved is not None and (saved.attempts, saved.correct) == (1, 0)  # replaced, not added
        # were the terminal killed now, the open session would say what the paper says: 0/1 marks
        [open_session] = memory_store.recent_sessions("sample")
        assert open_session.finished is None
        assert (open_session.questions, open_session.score, open_session.marks, open_session.out_of) == (
            1,
            0,
            0,
            1,
        )
        await pilot.press("enter")
        await pilot.pause()
        app.writer.wait_until_saved()
    saved = memory_store.question_stats("sample", "britain")
    assert saved is not None and (saved.attempts, saved.correct) == (1, 0)


async def test_a_drill_left_after_a_relearn_scores_each_card_once_as_first_answered(make_app, memory_store):
    """Leaving early closes the session as the paper counts: the relearned card's second go is practice."""
    app = make_app(store=memory_store)
    cards = ["britain", "purges", "pact", "rapallo", "zinoviev"]
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(cards, "Drill", answer_mode="choice")
        await pilot.pause()
        for number in range(1, 6):  # miss the first card; it comes back after three others
            await pilot.press(wrong_key(app) if number == 1 else right_key(app))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert "Question 5 of 5" in await shown(pilot, app, "Question 5 of 5")  # the relearn was answered
        await pilot.press("ctrl+q")
    [session] = memory_store.recent_sessions("sample")
    assert (session.score, session.questions, session.marks, session.out_of) == (3, 4, 3, 4)
    assert memory_store.question_stats("sample", "britain").attempts == 2  # both goes are in the record


async def test_marking_after_the_time_ran_out_says_time_is_up_not_hurry(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        await type_answer(app, pilot, "1924")
        clock.advance(290)
        countdown = app.screen.query_one(Countdown)
        countdown.tick()
        assert "Hurry! 0:10 left" in await shown(pilot, app, "Hurry! 0:10 left")
        clock.advance(11)
        countdown.tick()
        text = await shown(pilot, app, "marking your paper")
        assert "marking your paper: answer 1 of" in text
        assert "Time is up" in text and "Hurry" not in text and "0:00 left" not in text
        assert not countdown.has_class("-warning")  # no warning colour either: there is nothing to hurry


async def test_marking_after_an_early_hand_in_shows_the_time_left_without_hurry(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        for _ in range(3):
            await type_answer(app, pilot, "1924")
        clock.advance(280)  # 0:20 left: inside the last half minute
        await pilot.press("enter")  # hand in
        await pilot.pause()
        text = screen_text(app)
        assert "marking your paper" in text
        assert "Handed in · 0:20 left" in text and "Hurry" not in text


async def test_going_back_to_a_typed_answer_puts_the_cursor_at_its_end_with_nothing_selected(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        box = app.screen.query_one("#quiz-typed")
        await pilot.press(*"longfirstanswer", "enter")
        await pilot.pause()
        await pilot.press("x", "y")  # the second answer, not handed in: a draft
        await pilot.press("f3")
        await pilot.pause()
        assert box.value == "longfirstanswer"
        await pilot.press("W")  # appended: nothing deleted, nothing typed into the middle
        assert box.value == "longfirstanswerW"
        await pilot.press("enter")
        await pilot.pause()
        assert box.value == "xy"  # the draft, where the student left it
        await pilot.press("left", "f3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("Z")
        assert box.value == "xZy"  # the cursor where the student left it in THIS answer


async def test_an_answer_is_saved_once_its_verdict_shows_before_any_other_key(make_app, memory_store, clock):
    """The answer goes to the writer right after its verdict is drawn: no further key is needed."""
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        card = card_on_screen(app)
        clock.advance(4)
        await pilot.press(wrong_key(app))
        await pilot.pause()
        assert "✗ Wrong" in screen_text(app)
        app.writer.wait_until_saved()
        stats = memory_store.all_question_stats("sample")
        assert {c: (s.attempts, s.correct) for c, s in stats.items()} == {card.id: (1, 0)}
        assert stats[card.id].mean_seconds == 4.0


async def test_an_answer_given_as_the_quiz_ends_is_recorded_once(make_app, memory_store):
    """Quitting (ctrl+q) between an answer and its verdict's frame still records that answer, once."""
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        card = card_on_screen(app)
        screen = app.screen
        screen.action_choose(int(right_key(app)) - 1)  # answered; the frame that draws its verdict is to come
        screen.close_before_exit()  # what ctrl+q does before the app goes
        await pilot.pause()
        await pilot.pause()
        app.writer.wait_until_saved()
    assert {c: s.attempts for c, s in memory_store.all_question_stats("sample").items()} == {card.id: 1}
    [session] = memory_store.recent_sessions("sample")
    assert (session.score, session.questions) == (1, 1)


async def test_a_point_the_marker_found_but_doubts_reads_check_not_missing(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"after 1924", "enter")
        text = await shown(pilot, app, "? check")
        assert "? check" in text and "✗ missing" not in text
        assert "check the date" in text
