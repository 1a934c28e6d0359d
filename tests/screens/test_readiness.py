"""Exam readiness through the Pilot: the exam date from home, the readiness line, the screen,
today's session moving the prediction, cram leaving schedules alone, and `revise plan --json`
agreeing with the screen (issue 15)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.conftest import FIXED_NOW, FakeClock, build_sample_deck
from tests.screen_text import screen_text
from tui.core import readiness
from tui.core.progress import ProgressStore

SIZE = (100, 40)
EXAM = date(2026, 12, 19)  # 23 days after FIXED_NOW


def seed_history(store: ProgressStore, clock: FakeClock, deck_id: str = "sample", card_ids=None) -> None:
    """Five of the sample deck's cards answered over the past week, one session a day; the clock ends at FIXED_NOW."""
    card_ids = card_ids or ["comintern", "first-recognition", "rapallo", "britain", "zinoviev"]
    for days_ago, right in ((7, (True, False, True, True, False)), (3, (True, True, False, True, True))):
        clock.current = FIXED_NOW - timedelta(days=days_ago)
        session = store.start_session("quiz", deck_id)
        for card_id, correct in zip(card_ids, right, strict=False):
            store.record_answer(deck_id, card_id, correct, 8.0, "quiz")
        store.finish_session(session, sum(right), len(right), 60.0)
    clock.current = FIXED_NOW


async def settle(app, pilot) -> None:
    """Writes on disk, then the readiness worked out on its thread and drawn."""
    app.writer.wait_until_saved()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def answer_all(app, pilot, wrong: set[str] = frozenset()) -> list[str]:
    """Answer the multiple-choice drill on screen to its end, then leave its results with enter."""
    from tests.screens.test_quiz import card_on_screen, right_key, wrong_key

    seen = []
    while type(app.screen).__name__ == "QuizScreen":
        card = card_on_screen(app)
        await pilot.press(wrong_key(app) if card.id in wrong else right_key(app))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        seen.append(card.id)
    assert type(app.screen).__name__ == "ResultsScreen"
    await pilot.press("enter")
    await pilot.pause()
    return seen


async def test_home_hints_at_the_exam_date_until_one_is_set(make_app, clock, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "e: set an exam date" in screen_text(app)
        assert "Exam date" in screen_text(app)  # the footer names the key


async def test_e_sets_the_exam_date_and_home_shows_the_readiness_line(make_app, clock, memory_store):
    seed_history(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamDateScreen"
        await pilot.press(*"2026-12-19", "enter")
        await settle(app, pilot)
        assert readiness.exam_date(memory_store, "sample") == EXAM
        expected = readiness.readiness_for(memory_store, app.context.deck, FIXED_NOW)
        assert expected is not None
        text = screen_text(app)
        assert expected.home_line() in text
        assert expected.home_line().startswith("Exam in 23 days · predicted ")
        assert "e: set an exam date" not in text


async def test_a_past_date_is_refused_politely_and_nothing_is_stored(make_app, clock, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"2026-11-01", "enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "The exam date 2026-11-01 has passed (today is 2026-11-26)." in text
        assert type(app.screen).__name__ == "ExamDateScreen"  # still open: the student can fix it
        await pilot.press(*"x", "enter")
        await pilot.pause()
        assert "is not a date: write it as YYYY-MM-DD" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert readiness.exam_date(memory_store, "sample") is None


async def test_an_emptied_date_clears_it(make_app, clock, memory_store):
    readiness.set_exam_date(memory_store, "sample", EXAM)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "Exam in 23 days" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert "2026-12-19" in screen_text(app)  # the box starts with the date set
        app.screen.query_one("#exam-date-input").value = ""
        await pilot.press("enter")
        await settle(app, pilot)
        assert readiness.exam_date(memory_store, "sample") is None
        assert "e: set an exam date" in screen_text(app)


async def test_the_palette_offers_the_exam_commands(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        commands = {command.title: command.callback for command in app.get_system_commands(app.screen)}
        assert {"Set exam date", "Readiness", "Today's session"} <= set(commands)
        commands["Readiness"]()  # no date yet: it asks for one first
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamDateScreen"
        await pilot.press(*"2026-12-19", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ReadinessScreen"
        assert "Exam in 23 days" in screen_text(app)


async def test_r_opens_the_readiness_screen_with_its_sections(make_app, clock, memory_store):
    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", EXAM)
    expected = readiness.readiness_for(memory_store, build_sample_deck(), FIXED_NOW)
    assert expected is not None
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ReadinessScreen"
        text = screen_text(app)
        assert expected.home_line() in text
        assert "Exam day, doing nothing" in text and expected.without_plan.text() in text
        assert expected.with_plan.text() in text and expected.now.text() in text
        assert "Predicted recall per topic" in text
        for topic in expected.topics:
            assert topic.name in text
        plan = expected.days[0]
        assert f"{len(plan.reviews)} review" in text and f"{len(plan.new)} new card" in text
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "Answers per day in your sessions, past 14 days, newest first" in text
        assert "Mon 23 Nov" in text and "5 answers · 80% of the marks" in text  # the session 3 days ago
        assert "in no session kept" not in text  # the sessions count every answer home counts


async def test_answers_no_session_counts_are_said_beside_the_days(make_app, clock, memory_store):
    """After a restore from a backup the deck files keep answers whose sessions were set back: home
    counts them, the days cannot place them; the screen says how many and why, so the two agree."""
    seed_history(memory_store, clock)  # 10 answers in 2 sessions
    for card_id in ("comintern", "rapallo", "pact"):  # answers whose session is gone
        memory_store.record_answer("sample", card_id, True, 5.0, "quiz")
    readiness.set_exam_date(memory_store, "sample", EXAM)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "(13 answers)" in screen_text(app)  # home
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("end")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "3 of the 13 answers home counts are in no session kept" in text
        assert "so no day here shows them" in text


async def test_r_without_a_date_asks_for_one_first(make_app, clock, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExamDateScreen"
        await pilot.press(*"2026-12-19", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ReadinessScreen"


async def test_todays_session_answered_moves_the_prediction(make_app, clock, memory_store):
    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", EXAM)
    deck = build_sample_deck()
    before = readiness.readiness_for(memory_store, deck, FIXED_NOW)
    assert before is not None and before.today_cards
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert before.home_line() in screen_text(app)
        clock.advance(60)
        await pilot.press("s")
        await pilot.pause()
        assert f"Today's session: {len(before.today_cards)} cards" in screen_text(app)
        asked = await answer_all(app, pilot)
        await settle(app, pilot)
        assert sorted(asked) == sorted(before.today_cards)
        assert type(app.screen).__name__ == "HomeScreen"
        stats = memory_store.all_question_stats("sample")
        for card_id in before.today_cards:
            assert stats[card_id].schedule is not None  # rescheduled as usual
        after = readiness.readiness_for(memory_store, deck, clock())
        assert after is not None
        assert after.home_line() != before.home_line()
        assert after.now.mean > before.now.mean  # answered right: more of the deck is known now
        assert after.home_line() in screen_text(app)


async def test_todays_session_from_the_readiness_screen_redraws_it(make_app, clock, memory_store):
    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", EXAM)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        before = app.screen.readiness
        await pilot.press("s")
        await pilot.pause()
        await answer_all(app, pilot)
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ReadinessScreen"
        after = app.screen.readiness
        assert after.now.mean > before.now.mean
        assert after.now.text() in screen_text(app)


async def test_cram_records_answers_and_leaves_schedules_untouched(make_app, clock, memory_store):
    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", FIXED_NOW.date() + timedelta(days=2))
    schedules = {c: json.dumps(s.schedule) for c, s in memory_store.all_question_stats("sample").items()}
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert "offered: the exam is within 3 days" in screen_text(app)
        await pilot.press("minus", "minus", "minus")  # 5 minutes
        await settle(app, pilot)
        assert "5 minutes" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "Cram:" in screen_text(app)
        asked = await answer_all(app, pilot, wrong={"comintern"})
        await settle(app, pilot)
    stats = memory_store.all_question_stats("sample")
    for card_id in asked:
        assert stats[card_id].last_answered == FIXED_NOW
    for card_id, schedule in schedules.items():
        assert json.dumps(stats[card_id].schedule) == schedule
    assert {s.mode for s in memory_store.recent_sessions("sample")} == {"quiz", "cram"}


async def test_a_cycles_the_answer_mode_of_the_session_and_it_is_remembered(make_app, clock, memory_store):
    readiness.set_exam_date(memory_store, "sample", EXAM)
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        assert "Answer mode: multiple choice" in screen_text(app)
        await pilot.press("a")
        await settle(app, pilot)
        assert "Answer mode: typed answers" in screen_text(app)
        assert app.navigation.answer_mode() == "typed"
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.query_one("#quiz-typed") is not None


async def test_plan_json_agrees_with_the_screen(make_app, tmp_path, capsys):
    from tui.core.formats import load_deck
    from tui.core.progress import open_store
    from tui.paths import shipped_deck_path
    from tui.plan_command import run_plan

    deck = load_deck(shipped_deck_path(), None)
    clock = FakeClock()
    store = open_store(tmp_path, now=clock)
    seed_history(store, clock, deck.id, [card.id for card in deck.cards[:5]])
    readiness.set_exam_date(store, deck.id, EXAM)
    app = make_app(deck=deck, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        text = screen_text(app)
    capsys.readouterr()  # only what `revise plan` prints (a running app takes stdout over)
    assert run_plan(str(tmp_path), None, None, None, None, True, now=clock) == 0
    store.close()
    printed = json.loads(capsys.readouterr().out)
    predicted = printed["predicted"]
    assert printed["days_left"] == 23

    def shown(score: dict) -> str:
        return f"{score['mean']:.0%} ({score['low'] * 100:.0f}–{score['high'] * 100:.0f})"

    for key in ("now", "exam_without_plan", "exam_with_plan"):
        assert shown(predicted[key]) in text, key
    assert f"{len(printed['plan'][0]['reviews'])} review" in text
    assert f"{len(printed['plan'][0]['new'])} new card" in text


async def test_an_exam_today_has_no_plan_left_and_offers_cram(make_app, clock, memory_store):
    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", FIXED_NOW.date())
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        assert "Exam today · predicted " in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert "Nothing planned for today" in " ".join(screen_text(app).split())
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("r")
        await settle(app, pilot)
        text = screen_text(app)
        assert "The exam is today: no plan is left; c crams the weakest cards." in text
        assert "offered: the exam is within 3 days" in text


async def test_a_date_gone_by_is_said_on_home_with_the_key_to_set_the_next(make_app, clock, memory_store):
    readiness.set_exam_date(memory_store, "sample", date(2026, 11, 20))
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "The exam date 2026-11-20 has passed · e: set an exam date" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#exam-date-input").value == "2026-11-20"


async def test_a_target_out_of_reach_says_what_would_meet_it(make_app, clock, memory_store):
    """120 unseen cards and a week: 20 minutes a day cannot reach 90%; the screen says what would."""
    from tests.generated_deck import build_generated_deck

    deck = build_generated_deck(120, topics=4)
    exam = FIXED_NOW.date() + timedelta(days=7)
    readiness.set_exam_date(memory_store, deck.id, exam)
    expected = readiness.readiness_for(memory_store, deck, FIXED_NOW)
    assert expected is not None and not expected.target_met
    needed = readiness.minutes_needed(deck, {}, exam, FIXED_NOW)
    dropped = readiness.topics_to_defer(expected, deck, {}, FIXED_NOW)
    assert needed is not None and dropped
    app = make_app(deck=deck, store=memory_store)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        text = " ".join(screen_text(app).split())
        assert (
            f"Target 90% on the exam day: not met in 20 minutes a day ({expected.with_plan.mean:.0%})."
            in text
        )
        assert f"{needed} minutes a day would meet it." in text
        assert f"Or leave to a later pass: {', '.join(dropped)}." in text


def test_daily_history_sums_sessions_per_local_day_and_fills_empty_days():
    from datetime import datetime

    from screens.readiness import daily_history
    from tui.core.progress import SessionRecord

    def session(when: datetime, score: int, questions: int) -> SessionRecord:
        return SessionRecord(1, "quiz", "sample", (), when, when, 60.0, score, questions)

    today = FIXED_NOW.date()
    rows = daily_history(
        [
            session(FIXED_NOW - timedelta(days=2), 3, 4),
            session(FIXED_NOW - timedelta(days=2, hours=1), 1, 6),
            session(FIXED_NOW, 5, 5),
            session(FIXED_NOW - timedelta(days=30), 9, 9),  # before the window: left out
        ],
        today,
        days=3,
    )
    assert rows == [(today - timedelta(days=2), 10, 4), (today - timedelta(days=1), 0, 0), (today, 5, 5)]


async def test_the_chart_axis_ends_on_the_exam_day_and_labels_sit_on_their_rows(
    make_app, clock, memory_store
):
    from tests.screen_text import screen_lines

    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", FIXED_NOW.date() + timedelta(days=20))
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        lines = screen_lines(app)
        labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
        assert labels == ["100", "75", "50", "25", "0"]
        numbers = next(line for line in lines if line.strip().startswith("0 "))
        assert numbers.split()[-1] == "20"  # the exam day, not a tick short of it
        # the headline is one line with every figure, at 100 and at 80 columns
        assert any(line.strip().endswith("with today's plan") for line in lines)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert any(line.strip().endswith("with today's plan") for line in screen_lines(app))


async def test_on_the_exam_day_there_is_no_one_point_chart_and_now_is_in_words(make_app, clock, memory_store):
    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", FIXED_NOW.date())
    expected = readiness.readiness_for(memory_store, build_sample_deck(), FIXED_NOW)
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        text = screen_text(app)
        assert "┤" not in text and "Predicted score % by days" not in text
        now_row = next(line for line in text.splitlines() if line.strip().startswith("Now "))
        assert now_row.rstrip().endswith(expected.now.text())


async def test_cram_is_offered_only_in_the_last_three_days(make_app, clock, memory_store):
    from tests.screen_text import shown

    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", FIXED_NOW.date() + timedelta(days=14))
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(app, pilot)
        await pilot.press("end")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        opens = (FIXED_NOW.date() + timedelta(days=11)).strftime("%a %d %b")
        assert f"Cram opens in the last 3 days before the exam, on {opens}" in text
        assert "c Cram" not in text  # not in the key bar
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReadinessScreen"  # c starts nothing yet
        # three days out: offered, in the key bar, and c starts it
        readiness.set_exam_date(memory_store, "sample", FIXED_NOW.date() + timedelta(days=3))
        app.screen.refresh_view()
        await settle(app, pilot)
        text = await shown(pilot, app, "c Cram")
        assert "offered: the exam is within 3 days" in text
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "QuizScreen" and "Cram:" in screen_text(app)
