"""Revising without friction (issue 16): drafts kept, help that fits, keys that work everywhere."""

from __future__ import annotations

import re

from tests.screen_text import screen_lines, screen_text
from tui.core.quiz import QuizSettings

SMALL = (80, 24)


def answer_box(app):
    return app.screen.query_one("#quiz-typed")


async def start_typed_exam(app, pilot, cards=("britain", "purges", "pact")):
    settings = QuizSettings(questions=len(cards), minutes=None, answer_mode="typed", exam=True)
    from screens.quiz import QuizScreen
    from tui.core.quiz import Quiz

    ctx = app.context
    quiz = Quiz.of_cards(
        ctx.deck, [ctx.deck.card(c) for c in cards], settings, ctx.now, ctx.rng, title="Exam"
    )
    app.push_screen(QuizScreen(ctx, quiz, "exam", "exam"))
    await pilot.pause()


async def test_a_draft_survives_pause_help_and_the_too_small_screen_with_its_cursor(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await start_typed_exam(app, pilot)
        await pilot.press(*"in 1294", "left", "left")
        await pilot.press("f2")
        await pilot.pause()
        assert "Paused" in screen_text(app) and "in 1294" not in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "in 1294" in screen_text(app)
        assert answer_box(app).cursor_position == len("in 12")
        await pilot.press("f1")
        await pilot.pause()
        assert "Keys — Quiz" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert "needs a terminal of at least 80×24" in screen_text(app)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert "in 1294" in screen_text(app)
        await pilot.press("x")  # the cursor is where it was: typing goes in the middle
        assert answer_box(app).value == "in 12x94"


async def test_a_draft_survives_going_back_in_an_exam(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await start_typed_exam(app, pilot)
        await pilot.press(*"in 1924", "enter")
        await pilot.pause()
        await pilot.press(*"the pur")
        await pilot.press("f3")  # back to question 1, its answer as given
        await pilot.pause()
        assert "Question 1 of 3" in screen_text(app) and answer_box(app).value == "in 1924"
        await pilot.press("enter")  # keep it: on to question 2, the draft still there
        await pilot.pause()
        assert "Question 2 of 3" in screen_text(app) and answer_box(app).value == "the pur"
        assert answer_box(app).cursor_position == len("the pur")


async def test_help_while_typing_shows_the_quizs_keys_first_and_text_keys_last(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await start_typed_exam(app, pilot)
        await pilot.press(*"in 1924", "enter", "f1")
        await pilot.pause()
        text = screen_text(app)
        # The quiz's own keys are in view at 80×24, before anything about editing text.
        for key, what in (("f2", "Pause"), ("f3", "Previous"), ("escape", "Leave quiz")):
            assert any(key in line and what in line for line in screen_lines(app)), (key, text)
        assert "Move the cursor" not in text.split("While typing")[0]
        for _ in range(30):
            await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        # The list scrolls to the text box's keys at the end, the last of them in view.
        assert "Delete everything before the cursor" in text and "Keys — Quiz" in text


async def test_arrows_move_in_the_card_reader(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        deck = app.context.deck
        app.navigation.read_cards(deck.cards, 0)
        await pilot.pause()
        assert f"1 / {len(deck.cards)}" in screen_text(app)
        await pilot.press("right", "right")
        await pilot.pause()
        assert f"3 / {len(deck.cards)}" in screen_text(app) and deck.cards[2].question in screen_text(app)
        await pilot.press("left")
        await pilot.pause()
        assert f"2 / {len(deck.cards)}" in screen_text(app)
        assert "→/↓/j/n Next" in screen_text(app)


async def test_slash_searches_from_home_and_forgives_a_typo(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert "Search questions and answers" in screen_text(app)
        await pilot.press(*"rapalo")
        await pilot.pause()
        text = screen_text(app)
        assert "No card has “rapalo” as typed; 1 card with close words" in text
        assert "Treaty of Rapallo" in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Treaty of Rapallo" in screen_text(app) and "Card reader" not in screen_text(app)


async def test_slash_types_in_an_answer_box_and_does_not_search_mid_quiz(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await start_typed_exam(app, pilot)
        await pilot.press(*"1/2")
        await pilot.pause()
        assert answer_box(app).value == "1/2"
        await pilot.press("f2", "slash")
        await pilot.pause()
        assert "Search questions and answers" not in screen_text(app)


async def test_the_palette_searches_and_saves_a_screenshot_where_it_says(make_app, tmp_path):
    from tui.app import RevisionApp

    base = make_app()
    app = RevisionApp(
        base.context.deck, base.context.progress, now=base.context.now, animations=False, data_dir=tmp_path
    )
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"keys")
        await pilot.pause()
        assert "summary of available keys" not in screen_text(app)  # Textual's Keys panel is hidden
        await pilot.press(*["backspace"] * 4, *"screenshot", "enter")
        await pilot.pause(0.3)
        saved = list((tmp_path / "screenshots").glob("*.svg"))
        assert len(saved) == 1 and saved[0].read_text().startswith("<svg")
        # The notice wraps a long path over its lines: read the notice's own text.
        notices = " ".join(str(toast.render()) for toast in app.screen.query("Toast"))
        assert "Screenshot saved" in notices and str(saved[0]) in notices
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"search cards", "enter")
        await pilot.pause()
        assert "Search questions and answers" in screen_text(app)


async def test_the_marked_paper_says_saved_on_itself_not_in_a_notice_over_it(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        app.navigation.start_review(["pact", "britain"], "Drill")
        await pilot.pause()
        for _ in range(2):
            await pilot.press("1", "enter")
            await pilot.pause()
        while type(app.screen).__name__ == "QuizScreen":  # relearning: missed cards come back
            await pilot.press("1", "enter")
            await pilot.pause()
        app.writer.wait_until_saved()
        await pilot.pause()
        lines = screen_lines(app)
        assert any("answers saved" in line for line in lines[:8])  # beside the score, near the top
        assert not app.screen.query("Toast")  # nothing covers the paper
        assert "1." in screen_text(app) and "Drill — " in lines[1]


async def test_quiz_setup_remembers_the_last_choices_and_drills_take_its_answer_mode(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("right", "down", "down", "right", "enter")  # all 8 → 5 questions, typed answers
        await pilot.pause()
        assert "Question 1 of 5" in screen_text(app)
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        text = screen_text(app)
        assert "‹ 5 ›" in text and "‹ typed answers ›" in text
        # the README's key table says so too (it once promised the defaults every time)
        setup_row = readme_row("quiz setup")
        assert "the defaults" in setup_row and "then your last choices on this deck" in setup_row
        await pilot.press("escape")
        await pilot.pause()
        app.navigation.start_review(["britain"], "Weakest 1")
        await pilot.pause()
        assert answer_box(app).display  # the drill asks for typed answers too
        app.writer.wait_until_saved()
    assert memory_store.setting("quiz_setup:sample")["answer_mode"] == "typed"


async def test_a_one_topic_deck_says_1_topic_and_an_exam_is_called_an_exam(make_app, memory_store):
    from tui.core.deck import Card, Deck, Topic

    cards = [Card(f"c{i}", "Only", f"Question {i}?", f"Answer {i}") for i in range(4)]
    deck = Deck("one", "One topic", [Topic("Only", tuple(c.id for c in cards))], cards)
    app = make_app(deck=deck, store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        text = screen_text(app)
        assert "4 cards · 1 topic · 0 dated events" in text and "1 topics" not in text
        app.navigation.open_quiz(QuizSettings(questions=4, minutes=None, exam=True))
        await pilot.pause()
        for _ in range(4):
            await pilot.press("1")
            await pilot.pause()
        await pilot.press("enter")  # hand in
        await pilot.pause()
        await pilot.press("enter")  # home
        app.writer.wait_until_saved()
        await pilot.pause()
        app.screen.refresh_dashboard()
        await pilot.pause()
        assert any("Last session" in line and "Exam rehearsal ·" in line for line in screen_lines(app))


async def test_letters_typed_under_the_too_small_notice_reach_the_answer_box(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await start_typed_exam(app, pilot)
        await pilot.press(*"in 19")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert "needs a terminal of at least 80×24" in screen_text(app)
        await pilot.press(*"25", "backspace", *"4 !")  # the student types on while resizing
        await pilot.pause()
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.pause()
        assert "needs a terminal" not in screen_text(app)
        assert answer_box(app).value == "in 1924 !" and "in 1924 !" in screen_text(app)
        await pilot.press("backspace", "enter")  # the answer box still has the keyboard
        await pilot.pause()
        assert "Question 2 of 3" in screen_text(app)
        assert app.screen.quiz.questions[0].response == "in 1924"


async def test_keys_under_the_too_small_notice_take_no_action_on_a_hidden_screen(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        app.navigation.start_review(["pact", "britain"], "Drill")
        await pilot.pause()
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.press("1", "escape")  # no option chosen, no leaving, unseen
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert "Drill · Question 1 of 2" in screen_text(app) and "Right" not in screen_text(app)
        assert app.screen.quiz.current.response is None


async def test_the_sessions_chart_counts_every_session_the_store_has(make_app, memory_store):
    from tests.screens.test_quiz import right_key
    from tests.screens.test_weak_spots import open_weak_spots

    for n in range(21):  # more sessions than the chart draws
        session = memory_store.start_session("quiz", "sample", [])
        memory_store.record_answer("sample", "britain", n % 2 == 0, 5.0, "quiz")
        memory_store.finish_session(session, n % 2 == 0, 1, 30.0)
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.navigation.start_review(["pact"], "Drill")  # one more, played here
        await pilot.pause()
        await pilot.press(right_key(app), "enter")
        await pilot.pause()
        await pilot.press("enter")
        app.writer.wait_until_saved()
        await pilot.pause()
        await open_weak_spots(app, pilot)
        stored = memory_store.session_count("sample")
        assert stored == 22
        assert f"{stored} sessions (chart: last 20)" in screen_text(app)


async def test_a_relearned_card_does_not_add_to_todays_session_count(make_app, clock, memory_store):
    from datetime import date

    from tests.screens.test_quiz import card_on_screen, right_key, wrong_key
    from tests.screens.test_readiness import seed_history
    from tui.core import readiness

    seed_history(memory_store, clock)
    readiness.set_exam_date(memory_store, "sample", date(2026, 12, 19))
    app = make_app(store=memory_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("s")
        await pilot.pause()
        quiz = app.screen.quiz
        cards = quiz.card_count
        assert quiz.title == f"Today's session: {cards} cards"
        # at 80 columns the title gives way to the figures at their widest ("Again: ... marks so far")
        assert cards >= 2 and re.search(rf"  Toda\S*… · Question 1 of {cards}\s", screen_text(app))
        missed = card_on_screen(app).id
        await pilot.press(wrong_key(app), "enter")
        await pilot.pause()
        headers = []
        while type(app.screen).__name__ == "QuizScreen":
            headers.append(screen_lines(app)[1])
            again = card_on_screen(app).id == missed
            await pilot.press(right_key(app), "enter")
            await pilot.pause()
            if again:
                break
        # Every header counts the session's cards; the missed card comes back marked as a relearn.
        assert all(f" of {cards}" in line for line in headers), headers
        assert f"Again: question 1 of {cards}" in headers[-1]
        assert [f"Question {k} of {cards}" in line for k, line in enumerate(headers[:-1], start=2)] == [
            True
        ] * (len(headers) - 1)


async def test_a_drill_left_before_any_answer_records_no_session(make_app, memory_store):
    from tests.screens.test_quiz import right_key

    app = make_app(store=memory_store)
    async with app.run_test(size=SMALL) as pilot:
        app.navigation.start_review(["pact", "britain"], "Cram: 2 cards, 5 minutes", record_mode="cram")
        await pilot.pause()
        await pilot.press("escape", "y")  # opened and left at once
        app.writer.wait_until_saved()
        await pilot.pause()
        app.screen.refresh_dashboard()
        await pilot.pause()
        assert memory_store.recent_sessions("sample") == []
        assert any("Last session" in line and "none yet" in line for line in screen_lines(app))
        app.navigation.start_review(["pact", "britain"], "Drill")
        await pilot.pause()
        await pilot.press(right_key(app), "enter", "escape", "y")  # one answer, then left
        app.writer.wait_until_saved()
        await pilot.pause()
        app.screen.refresh_dashboard()
        await pilot.pause()
        [session] = memory_store.recent_sessions("sample")
        assert (session.mode, session.score, session.questions) == ("review", 1, 1)
        assert any(
            "Last session" in line and "Review drill · 1/1 mark ·" in line for line in screen_lines(app)
        )


async def test_an_old_empty_session_is_not_the_last_session_on_home(make_app, memory_store):
    session = memory_store.start_session("quiz", "sample", [])
    memory_store.record_answer("sample", "pact", True, 5.0, "quiz")
    memory_store.finish_session(session, 1, 1, 30.0)
    empty = memory_store.start_session("cram", "sample", [])  # kept by an older version
    memory_store.finish_session(empty, 0, 0, 2.0)
    app = make_app(store=memory_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert any("Last session" in line and "Timed quiz · 1/1 right" in line for line in screen_lines(app))


async def test_the_quiz_header_adds_marks_as_the_paper_does(make_app):
    from tests.screens.test_quiz_snapshots import HITLER, TWO_POINTS, shipped_quiz_app

    app = shipped_quiz_app()
    async with app.run_test(size=(90, 36)) as pilot:
        app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*TWO_POINTS, "enter")
        app.context.now.advance(2)  # the checklist read: its keys act
        await pilot.press("enter", "enter")
        await pilot.pause()
        hitler = app.screen.quiz.questions[0]
        earned, available = hitler.marks_awarded, hitler.marks_available
        assert available > 1 and 0 < earned < available  # part marks: questions right would say 0 of 1
        assert f"Question 2 of 2 · {earned}/{available} marks so far" in screen_text(app)
        await pilot.press(*"idk", "enter", "enter")
        await pilot.pause()
        while type(app.screen).__name__ == "QuizScreen":  # the missed card is relearned
            await pilot.press(*"idk", "enter", "enter")
            await pilot.pause()
        result = app.screen.result
        assert f"{result.marks_awarded}/{result.marks_available} marks" in screen_text(app)


async def timed_typed_exam(app, pilot, cards=("britain", "purges", "pact")):
    from screens.quiz import QuizScreen
    from tui.core.quiz import Quiz

    settings = QuizSettings(questions=len(cards), minutes=1, answer_mode="typed", exam=True)
    ctx = app.context
    quiz = Quiz.of_cards(
        ctx.deck, [ctx.deck.card(c) for c in cards], settings, ctx.now, ctx.rng, title="Exam"
    )
    app.push_screen(QuizScreen(ctx, quiz, "exam", "exam"))
    await pilot.pause()


async def test_time_up_hands_in_the_draft_being_typed_and_marks_it(make_app, clock, memory_store):
    from tui.widgets.countdown import Countdown

    app = make_app(store=memory_store)
    async with app.run_test(size=SMALL) as pilot:
        await timed_typed_exam(app, pilot)
        await pilot.press(*"in 1924", "enter")
        await pilot.pause()
        await pilot.press(*"Due to the purges")  # not handed in when the clock runs out
        clock.advance(61)
        app.screen.query_one(Countdown).tick()
        await pilot.pause()
        text = screen_text(app)
        # The paper is taken in with the draft on it: marking starts, the draft among the answers.
        assert "marking your paper" in text
        quiz = app.screen.quiz
        purges = quiz.questions[1]
        assert purges.response == "Due to the purges" and not purges.timed_out
        while type(app.screen).__name__ == "QuizScreen":
            await pilot.press("enter" if quiz.on_screen.correct is not None else "y")
            await pilot.pause()
        text = screen_text(app)
        assert "Due to the purges" in text  # its answer on the marked paper, not "time up"
        assert text.count("time up") == 0 and "– not reached" in text
        app.writer.wait_until_saved()
    stats = memory_store.all_question_stats("sample")
    assert set(stats) == {"britain", "purges"}  # the draft is an answer; pact was never reached


async def test_time_up_with_nothing_typed_leaves_the_question_unanswered(make_app, clock, memory_store):
    from tui.widgets.countdown import Countdown

    app = make_app(store=memory_store)
    async with app.run_test(size=SMALL) as pilot:
        await timed_typed_exam(app, pilot)
        await pilot.press(*"in 1924", "enter")
        await pilot.pause()
        await pilot.press("space", "backspace")  # typed, then rubbed out: an empty draft
        clock.advance(61)
        app.screen.query_one(Countdown).tick()
        await pilot.pause()
        while type(app.screen).__name__ == "QuizScreen":
            await pilot.press("enter" if app.screen.quiz.on_screen.correct is not None else "y")
            await pilot.pause()
        text = screen_text(app)
        assert "✗ time up" in text and app.screen.result.questions[1].response is None


def long_answer_deck(point_words: str = ""):
    from tui.core.deck import Card, Deck, Topic

    points = [
        "the treaty of Rapallo with Germany",
        "recognition by Britain in 1924",
        "the Locarno treaties left the USSR out",
        "the Comintern alarmed the West",
        "trade agreements with Britain",
        "the Zinoviev letter scandal",
        "joining the League of Nations in 1934",
        "a mutual assistance pact with France",
        "collective security under Litvinov",
    ]
    question = "How did Soviet relations with the West develop between 1922 and 1935? Give nine developments."
    cards = [
        Card("long", "Diplomacy", question, "\n".join(f"• {p}{point_words}" for p in points)),
        Card("short", "Diplomacy", "Who led the Bolsheviks in 1917?", "Lenin"),
    ]
    return Deck("long", "Long answers", [Topic("Diplomacy", ("long", "short"))], cards)


async def test_a_long_checklist_at_80_by_24_leaves_the_question_in_view(make_app):
    app = make_app(deck=long_answer_deck())
    async with app.run_test(size=SMALL) as pilot:
        app.navigation.start_review(["long", "short"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"Rapallo with Germany, the Comintern alarmed the West, Litvinov", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "How did Soviet relations with the West develop" in text
        assert "Check the mark points" in text and "9  " in text and "You wrote:" in text
        assert "enter: confirm" in text  # nine points fit at 80×24 with the question above


async def test_a_checklist_too_long_for_80_by_24_scrolls_under_the_question(make_app):
    app = make_app(deck=long_answer_deck(", which mattered greatly to the leaders in Moscow"))
    async with app.run_test(size=SMALL) as pilot:
        app.navigation.start_review(["long", "short"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"Rapallo with Germany and the Comintern alarmed the West", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "How did Soviet relations with the West develop" in text and "Check the mark points" in text
        assert "enter: confirm" not in text  # below, out of view
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        text = screen_text(app)
        assert "How did Soviet relations with the West develop" in text  # the question stays
        assert "enter: confirm" in text and "You wrote: Rapallo with Germany" in text
        await pilot.press("f1")
        await pilot.pause()
        assert "Scroll the marking" in screen_text(app)


async def test_match_labels_made_from_when_questions_read_as_the_questions(make_app):
    from tests.match_board import read_board
    from tui.core.deck import Card, Deck, Topic, derive_event

    questions = {
        "When did the Berlin Wall fall?": "1989",
        "When did Edward Jenner test the first vaccine?": "In 1796",
        "When did the Titanic sink?": "1912",
        "When did Britain recognise the USSR?": "In 1924",
        "When did the Second World War end?": "1945",
    }
    cards = [Card(f"c{n}", "Dates", q, a) for n, (q, a) in enumerate(questions.items())]
    events = [derive_event(card) for card in cards]
    deck = Deck("dates", "Dates", [Topic("Dates", tuple(c.id for c in cards))], cards, events=events)
    app = make_app(deck=deck)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        shown, dates = read_board(screen_text(app))
        # Each label is its question as written, never a clipped "The Berlin Wall fall".
        assert sorted(shown.values()) == sorted(questions)
        assert sorted(dates.values()) == ["1796", "1912", "1924", "1945", "1989"]
        assert "The Berlin Wall fall" not in screen_text(app)


async def test_no_option_gives_away_another_questions_answer(make_app):
    from tests.screens.screen_tour import shipped_deck
    from tui.widgets.answer_text import answer_text

    deck = shipped_deck()
    app = make_app(deck=deck)
    async with app.run_test(size=(120, 40)) as pilot:
        app.navigation.open_quiz(QuizSettings(questions=8, minutes=None))
        await pilot.pause()
        quiz = app.screen.quiz
        answers = {q.card.answer.strip() for q in quiz.questions}
        seen: list[str] = []
        while type(app.screen).__name__ == "QuizScreen":
            question = quiz.on_screen
            text = screen_text(app)
            for option in question.options:
                shown = answer_text(option).plain.splitlines()[0].strip()[:30]
                assert shown in text  # the options as the student sees them
            wrong = {o.strip() for o in question.options} - {question.card.answer.strip()}
            # No wrong option is another question's right answer: nothing to rule out later.
            assert not wrong & answers, question.card.question
            seen += question.options
            await pilot.press("1", "enter")
            await pilot.pause()
        assert len(seen) >= 8 * 3  # four options a question: the deck has enough answers


def readme_row(where: str) -> str:
    """What the README's key table says for `where` (its row's second cell)."""
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| {where} |"))
    return row.split("|")[2]


def readme_keys(where: str) -> set[str]:
    """The keys the README's key table lists for `where` (its row's `code` words that are keys)."""
    import re

    return {key for key in re.findall(r"`([^`]+)`", readme_row(where)) if " " not in key}


def help_keys(app) -> set[str]:
    """The keys the help list shows for the screen beneath (its first column), split at "/"."""
    assert type(app.screen).__name__ == "HelpScreen"
    shown = set()
    for line in screen_lines(app):
        for cell in line.split("│")[1:-1]:  # the help box may sit inside the screen's own box
            words = cell.split()
            if len(words) >= 2:  # a key, then what it does
                shown.update(words[0].split("/"))
    return shown


async def test_every_key_the_readme_lists_for_a_screen_is_in_its_help(make_app, memory_store, clock):
    from tests.screens.test_weak_spots import seed_progress

    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 40)) as pilot:
        for where, keys in (("home", ()), ("card reader", ("t", "enter")), ("weak spots", ("w",))):
            await pilot.press(*keys, "question_mark")
            await pilot.pause()
            await pilot.pause()
            listed = readme_keys(where)
            assert listed and listed <= help_keys(app), (where, listed - help_keys(app))
            await pilot.press("escape")
            app.navigation.go_home()
            await pilot.pause()
