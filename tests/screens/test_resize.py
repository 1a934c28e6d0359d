"""The too-small notice follows each resize, stops the clocks beneath and gives back the same place (issue 13, item 6)."""

from __future__ import annotations

from tests.screen_text import screen_text
from tui.core.quiz import QuizSettings

SIZE = (100, 30)


async def shrink(pilot, width: int = 70, height: int = 20) -> str:
    await pilot.resize_terminal(width, height)
    await pilot.pause()
    return screen_text(pilot.app)


async def test_the_notice_comes_with_the_first_small_size_and_goes_with_the_first_big_one(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = await shrink(pilot)  # a single resize event: no lag of one event
        assert type(app.screen).__name__ == "TooSmallScreen"
        assert "This one is 70×20: please make it larger." in text
        text = await shrink(pilot, 75, 22)
        assert "This one is 75×22" in text
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert "at least 80×24" not in screen_text(app)


async def test_starting_small_then_growing_shows_the_app(make_app):
    app = make_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert "This one is 70×20" in screen_text(app)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_the_quiz_clock_stops_while_hidden_and_the_quiz_comes_back_as_it_was(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.open_quiz(QuizSettings(questions=5, minutes=5))
        await pilot.pause()
        quiz_screen = app.screen
        quiz = quiz_screen.quiz
        await pilot.press("2")  # a wrong or right answer: feedback is showing
        await pilot.press("enter")  # on to question 2
        clock.advance(30)
        quiz_screen.countdown.tick()
        await pilot.pause()
        left, index = quiz.clock.remaining(), quiz.index
        assert index == 1
        await shrink(pilot)
        clock.advance(120)  # the student looks for a bigger window for two minutes
        assert quiz.clock.remaining() == left
        await pilot.press("1")  # keys do not reach the hidden quiz
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert app.screen is quiz_screen
        assert quiz.index == index and quiz.clock.remaining() == left
        assert quiz.current.response is None  # the "1" typed while hidden answered nothing
        assert "4:30 left" in screen_text(app) and "Question 2 of 5" in screen_text(app)
        clock.advance(10)
        assert quiz.clock.remaining() == left - 10  # running again


async def test_a_quiz_paused_by_the_student_stays_paused_after_the_notice(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.open_quiz(QuizSettings(questions=5, minutes=5))
        await pilot.pause()
        quiz = app.screen.quiz
        await pilot.press("p")
        await shrink(pilot)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        left = quiz.clock.remaining()
        clock.advance(60)
        assert quiz.clock.remaining() == left and "Paused" in screen_text(app)


async def test_the_match_clock_stops_while_hidden(make_app, clock):
    from screens.match import DATE_LABELS, EVENT_LABELS

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        match_screen = app.screen
        board = match_screen.board
        clock.advance(5)
        await pilot.press(EVENT_LABELS[0], DATE_LABELS[board.date_index_for(0)])
        await pilot.pause()
        before = board.elapsed()
        await shrink(pilot)
        clock.advance(300)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert app.screen is match_screen and board.elapsed() == before
        assert "Paired 1 of" in screen_text(app)
        clock.advance(4)
        for event in range(1, board.size):
            await pilot.press(EVENT_LABELS[event], DATE_LABELS[board.date_index_for(event)])
        await pilot.pause()
        assert board.result().elapsed == before + 4  # the five minutes hidden never counted
