"""The weak-spots screen through the Pilot: ranking shown, sorting, the card, drills."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from tests.conftest import FIXED_NOW, FakeClock
from tests.screen_text import screen_lines, screen_text
from tui.core.progress import ProgressStore

SIZE = (100, 30)
QUESTIONS = {
    "britain": "When did Britain recognise the USSR?",
    "rapallo": "What was the Treaty of Rapallo 1922?",
    "czech": "Why did the Czech Crisis worry Stalin?",
    "pact": "What was the Nazi-Soviet Pact 1939?",
    "purges": "Why was the Soviet army ill-prepared in 1941?",
    "comintern": "What was the Comintern?",
}


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch):
    """ "Today" and "yesterday" are local: pin the local zone so every machine sees the same."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def seed_progress(store: ProgressStore, clock: FakeClock, days: int = 5) -> None:
    """A few days of quizzes ending yesterday: britain always missed, czech recovering, pact and purges known."""
    clock.current = FIXED_NOW - timedelta(days=days)
    for day in range(days):
        session = store.start_session("quiz", "sample", [])
        answers = [
            ("rapallo", day % 2 == 0),
            ("britain", False),
            ("pact", True),
            ("czech", day >= days - 2),
            ("purges", True),
        ]
        for card_id, right in answers:
            store.record_answer("sample", card_id, right, 5.0, "quiz")
        store.finish_session(
            session, score=sum(r for _c, r in answers), questions=len(answers), duration=60.0
        )
        clock.advance(86400)


def table_questions(app) -> list[str]:
    """Which sample questions the table shows, top to bottom (as the screen shows them)."""
    found = []
    for line in screen_lines(app):
        for card_id, question in QUESTIONS.items():
            if question[:18] in line and card_id not in found:
                found.append(card_id)
    return found


async def open_weak_spots(app, pilot) -> None:
    await pilot.press("w")
    await pilot.pause()
    assert type(app.screen).__name__ == "WeakSpotsScreen"
    for _ in range(20):  # the Footer is rebuilt after the screen's first frame: on a busy machine, later
        if "Help" in screen_lines(app)[-1]:
            break
        await pilot.pause()


async def test_without_answers_the_screen_says_how_to_get_some(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_weak_spots(app, pilot)
        text = screen_text(app)
        assert "No answers yet" in text
        assert "Take a quiz with q from home" in text
        assert "Accuracy" not in text  # no empty table
        await pilot.press("r")
        await pilot.pause()
        assert "Nothing to review yet" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_questions_answered_wrong_come_first(make_app, clock, memory_store):
    for card_id in ("pact", "purges", "comintern"):
        memory_store.record_answer("sample", card_id, True, 4.0, "quiz")
    for card_id in ("britain", "czech"):
        memory_store.record_answer("sample", card_id, False, 4.0, "quiz")
        memory_store.record_answer("sample", card_id, False, 4.0, "quiz")
    clock.advance(3600)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_weak_spots(app, pilot)
        order = table_questions(app)
        assert set(order[:2]) == {"britain", "czech"}
        assert set(order[2:]) == {"pact", "purges", "comintern"}
        text = screen_text(app)
        assert "0/2 · 0%" in text and "1/1 · 100%" in text
        assert "✗✗" in text
        assert "1 h ago" in text
        assert "5 answered questions" in text


async def test_table_topic_bars_sessions_and_due(make_app, clock, memory_store):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_weak_spots(app, pilot)
        text = screen_text(app)
        assert table_questions(app)[0] == "britain"
        assert "0/5 · 0%" in text and "✗✗✗✗✗" in text
        assert "yesterday" in text
        # Topic bars weakest first: Recognition (rapallo, britain) below Road to war.
        lines = screen_lines(app)
        recognition = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Recognition"))
        road = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Road to war"))
        early = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Early diplomacy"))
        assert recognition < road < early
        assert "not started" in lines[early]
        assert "5 sessions" in text and "last 80%" in text and "best 80%" in text
        # britain was missed yesterday: due again today.
        assert "Due today 1 card" in text


async def test_s_cycles_the_sort_column(make_app, clock, memory_store):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_weak_spots(app, pilot)
        assert "sorted weakest first" in screen_text(app)
        assert table_questions(app) == ["britain", "rapallo", "czech", "pact", "purges"]
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "sorted lowest accuracy first" in text and "Accuracy ▾" in text
        # rapallo (3/5, two lapses) ranks weaker than czech (2/5, recovering); by accuracy czech comes first.
        assert table_questions(app) == ["britain", "czech", "rapallo", "pact", "purges"]
        for expected in (
            "longest unseen first",
            "soonest due first",
            "by topic",
            "by question, A–Z",
            "weakest first",
        ):
            await pilot.press("s")
            await pilot.pause()
            assert f"sorted {expected}" in screen_text(app)
        await pilot.press("s", "s", "s", "s", "s")
        await pilot.pause()
        assert "Question ▾" in screen_text(app)
        assert table_questions(app) == ["pact", "rapallo", "britain", "czech", "purges"]  # What…, When…, Why…


async def test_enter_shows_the_card_and_escape_closes_it(make_app, clock, memory_store):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_weak_spots(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "In 1924" in text  # britain's answer
        assert "#1 weakest · Recognition" in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "WeakSpotsScreen"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "#2 weakest" in screen_text(app)


async def test_a_leech_is_marked(make_app, clock, memory_store):
    for _ in range(8):
        memory_store.record_answer("sample", "zinoviev", False, 4.0, "quiz")
    memory_store.record_answer("sample", "pact", False, 4.0, "quiz")
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_weak_spots(app, pilot)
        text = screen_text(app)
        assert "leech · Why did relations" in text
        assert "Leeches 1" in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Leech: missed 8 times" in screen_text(app)


async def test_d_with_nothing_due_says_when_the_next_is(make_app, clock, memory_store):
    memory_store.record_answer("sample", "pact", True, 4.0, "quiz")
    memory_store.record_answer("sample", "britain", False, 4.0, "quiz")
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_weak_spots(app, pilot)
        assert "Due today 0 cards" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        toast = " ".join(line.split("▌", 1)[1] for line in screen_lines(app) if "▌" in line)
        assert " ".join(toast.split()) == "Nothing due No cards are due today. The next is due tomorrow."


def row_of(app, card_id: str) -> str:
    return next(line for line in screen_lines(app) if QUESTIONS[card_id][:18] in line)


async def test_r_drills_the_ten_weakest_and_the_table_shows_what_moved(make_app, clock, memory_store):
    """`r` hands the 10 weakest to the review drill; once it is done the ranks move in place."""
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    drills = []

    async with app.run_test(size=SIZE) as pilot:
        await open_weak_spots(app, pilot)
        app.navigation.start_review = lambda card_ids, title, on_done=None: drills.append(
            (card_ids, title, on_done)
        )
        before = table_questions(app)
        assert before == ["britain", "rapallo", "czech", "pact", "purges"]
        await pilot.press("r")
        await pilot.pause()
        ((card_ids, title, on_done),) = drills
        assert card_ids == before  # fewer than ten answered: all of them, weakest first
        assert title == "Review: the 5 weakest"
        # The drill as the student gives it: the three weak ones right, pact missed.
        drill = app.writer.start_session("review", "sample")
        for card_id in ("britain", "rapallo", "czech", "purges"):
            app.writer.record_answer(drill, card_id, True, 3.0, "review")
        app.writer.record_answer(drill, "pact", False, 3.0, "review")
        on_done()
        app.writer.wait_until_saved()  # the table re-ranks once the drill's answers are on disk
        await pilot.pause()
        assert table_questions(app) == ["britain", "rapallo", "pact", "czech", "purges"]
        assert "↑1" in row_of(app, "pact") and "↓1" in row_of(app, "czech")
        assert "↑" not in row_of(app, "britain") and "↓" not in row_of(app, "britain")
        assert "After the drill: ↓ 1 moved down the list, ↑ 1 moved up." in screen_text(app)
        assert "1/6 · 17%" in row_of(app, "britain")
        # Leaving clears the marks; the next visit starts fresh.
        await pilot.press("escape")
        await pilot.pause()
        await open_weak_spots(app, pilot)
        assert "↓" not in screen_text(app) and "After the drill" not in screen_text(app)


async def test_d_drills_the_cards_due_today(make_app, clock, memory_store):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    drills = []
    async with app.run_test(size=SIZE) as pilot:
        await open_weak_spots(app, pilot)
        app.navigation.start_review = lambda card_ids, title, on_done=None: drills.append((card_ids, title))
        await pilot.press("d")
        await pilot.pause()
        assert drills == [(["britain"], "Review: 1 due today")]


async def test_home_counts_weak_spots_and_cards_due_today(make_app, clock, memory_store):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1 today" in text  # britain, missed yesterday
        # britain 0/5, rapallo 3/5 with two lapses, czech 2/5; not pact or purges (5/5).
        assert "Weak spots  3 questions" in text


async def test_fits_80_by_24(make_app, clock, memory_store):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_weak_spots(app, pilot)
        lines = screen_lines(app)
        assert all(len(line) <= 80 for line in lines)
        row = next(line for line in lines if "When did Britain" in line)
        assert "0/5 · 0%" in row and "now" in row  # every column still on screen
        assert "r Review weakest 10" in lines[-1] and "? Help" in lines[-1]
        assert "s changes the sort" in screen_text(app)  # s is off the Footer, said above the table
        assert app.screen.query_one("#weak-table").max_scroll_x == 0  # no sideways scrollbar


async def answer_by_keys(app, pilot, wrong: set[str], count: int) -> list[str]:
    """Answer `count` multiple-choice questions with keys, wrong for the cards in `wrong`; the order seen."""
    from tests.screens.test_quiz import card_on_screen, right_key, wrong_key

    seen = []
    for _ in range(count):
        card = card_on_screen(app)
        await pilot.press(wrong_key(app) if card.id in wrong else right_key(app))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        seen.append(card.id)
    return seen


async def test_quiz_misses_come_first_and_a_right_drill_moves_them_down(make_app, clock, memory_store):
    """The whole loop by keys: a quiz with misses, `w`, `r` drills them, right answers move them down."""
    missed = {"britain", "czech", "comintern"}
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")  # the setup's defaults: multiple choice, practice
        await pilot.pause()
        asked = await answer_by_keys(app, pilot, missed, count=8)
        assert set(asked) == {card.id for card in app.context.deck.cards}
        await pilot.press("enter")  # results -> home
        await pilot.pause()
        clock.advance(600)

        await open_weak_spots(app, pilot)
        assert set(table_questions(app)[:3]) == missed
        assert "8 answered questions" in screen_text(app)

        await pilot.press("r")
        await pilot.pause()
        assert "Review: the 8 weakest" in screen_text(app)
        # The drill asks weakest first: the missed ones, now answered right; pact and purges slip.
        drilled = await answer_by_keys(app, pilot, {"pact", "purges"}, count=8)
        assert set(drilled[:3]) == missed
        # Relearning: pact and purges, missed, come back in the drill (missed again: twice more).
        again = await answer_by_keys(app, pilot, {"pact", "purges"}, count=4)
        assert sorted(again) == ["pact", "pact", "purges", "purges"]
        await pilot.press("enter")  # results -> back to weak spots
        await pilot.pause()
        assert type(app.screen).__name__ == "WeakSpotsScreen"
        after = table_questions(app)
        assert set(after[:2]) == {"pact", "purges"}
        assert set(after[2:5]) == missed
        for card_id in missed:
            assert "↓2" in row_of(app, card_id) and "1/2 · 50%" in row_of(app, card_id)
        for card_id in ("pact", "purges"):
            assert "↑" in row_of(app, card_id)
        # The fourth to move down is a card that was right both times, passed by pact and purges.
        assert "After the drill: ↓ 4 moved down the list, ↑ 2 moved up." in screen_text(app)


async def test_help_lists_the_weak_spots_keys(make_app, clock, memory_store):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_weak_spots(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for key, description in [
            ("enter", "Show card"),
            ("r", "Review weakest 10"),
            ("d", "Review due"),
            ("s", "Sort"),
            ("escape", "Back"),
            ("↓", "Next row"),
        ]:
            assert any(key in line and description in line for line in text.splitlines()), (key, text)
        assert "Cursor left" not in text  # the table moves by rows only


async def test_the_sessions_chart_counts_question_sessions_not_match_boards(make_app, clock, memory_store):
    seed_progress(memory_store, clock)
    board = memory_store.start_session("match", "sample", [])
    memory_store.finish_session(board, score=6, questions=6, duration=30.0)  # a perfect board: 100%
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_weak_spots(app, pilot)
        text = screen_text(app)
        assert "5 sessions" in text and "last 80%" in text and "best 80%" in text
