"""Deck text is data, never control or markup, on every screen (issue 13, item 1).

The deck is built in code, so what is tested is the screens' own defence, whatever a
loader strips. Each screen must show the markup literally (`[/]`, `[bold]`), show the
escapes as control pictures (␛) and put no raw control character on screen.
"""

from __future__ import annotations

import pytest

from tests.hostile_deck import MARKUP_BOLD, MARKUP_CLOSE, MARKUP_LINK, RAW_CONTROLS, build_hostile_deck
from tests.screen_text import screen_lines
from tui.core.display import ESCAPE_PICTURE
from tui.core.quiz import QuizSettings

SIZE = (120, 40)
SHOWN_ESCAPE = f"{ESCAPE_PICTURE}]0;PWNED\u2407"  # the OSC title, inert: ␛]0;PWNED␇


def shown(app) -> str:
    """What the screen shows, asserting first that no raw control character is in it."""
    lines = screen_lines(app)
    for number, line in enumerate(lines):
        leaked = sorted({hex(ord(char)) for char in line if char in RAW_CONTROLS})
        assert not leaked, f"row {number} of {type(app.screen).__name__} carries {leaked}: {line!r}"
    return "\n".join(lines)


@pytest.fixture
def hostile_app(make_app, memory_store):
    deck = build_hostile_deck()
    # Answers, so weak spots, the dashboard and the card records have something to show.
    for number, card in enumerate(deck.cards):
        for _ in range(3):
            memory_store.record_answer(deck.id, card.id, number % 3 == 0, 4.0, "quiz")
    return make_app(deck=deck, store=memory_store)


async def test_home_shows_title_and_topics_as_text(hostile_app):
    async with hostile_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = shown(hostile_app)
        assert f"Hostile {SHOWN_ESCAPE}{MARKUP_BOLD} deck" in text  # dashboard title and header
        assert f"Arrays {MARKUP_CLOSE} slices" in text  # crashed the home screen before
        assert "Bold [bold]b[/bold]" in text


async def test_topics_preview_help_and_card_reader(hostile_app):
    async with hostile_app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        text = shown(hostile_app)
        assert f"Arrays {MARKUP_CLOSE} slices{SHOWN_ESCAPE}" in text
        assert f"Links {MARKUP_LINK}{ESCAPE_PICTURE}[2J" in text
        assert f"Question 0 {MARKUP_CLOSE} {SHOWN_ESCAPE}?" in text  # the preview's questions
        assert f"Event 0 {MARKUP_BOLD}{SHOWN_ESCAPE}" in text  # its dated events
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Keys — Topics" in shown(hostile_app)
        await pilot.press("escape", "enter")
        await pilot.pause()
        text = shown(hostile_app)
        assert type(hostile_app.screen).__name__ == "CardReaderScreen"
        assert f"Question 0 {MARKUP_CLOSE} {SHOWN_ESCAPE}?" in text
        await pilot.press("space")
        await pilot.pause()
        text = shown(hostile_app)
        assert f"Answer 0 {SHOWN_ESCAPE} {MARKUP_CLOSE}" in text
        assert f"⇒ then {MARKUP_CLOSE}{ESCAPE_PICTURE}]52;c;" in text  # OSC 52, inert


async def test_search_results(hostile_app):
    async with hostile_app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "slash", *"question")
        await pilot.pause()
        text = shown(hostile_app)
        assert "9 cards match" in text
        assert f"Question 0 {MARKUP_CLOSE} {SHOWN_ESCAPE}?" in text
        assert f"Arrays {MARKUP_CLOSE} slices{SHOWN_ESCAPE} — Answer 0" in text


async def test_quiz_setup_choice_question_feedback_and_results(hostile_app):
    async with hostile_app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        text = shown(hostile_app)
        assert f"Arrays {MARKUP_CLOSE} slices" in text and MARKUP_LINK in text  # the topic list
        hostile_app.screen.dismiss(None)
        hostile_app.navigation.open_quiz(QuizSettings(questions=3, minutes=5))
        await pilot.pause()
        text = shown(hostile_app)
        assert "Question 1 of 3" in text
        assert ESCAPE_PICTURE in text and "Answer " in text  # the options, each an answer
        for _ in range(3):
            await pilot.press("1")
            await pilot.pause()
            text = shown(hostile_app)
            assert "Right" in text or "Wrong" in text
            await pilot.press("enter")
            await pilot.pause()
        text = shown(hostile_app)
        assert type(hostile_app.screen).__name__ == "ResultsScreen"
        assert "Quiz — " in text and f"{MARKUP_CLOSE}" in text and ESCAPE_PICTURE in text


async def test_typed_quiz_comparison(hostile_app):
    async with hostile_app.run_test(size=SIZE) as pilot:
        ids = [card.id for card in hostile_app.context.deck.cards[:2]]
        hostile_app.navigation.start_review(ids, f"Typed {MARKUP_CLOSE}", answer_mode="typed")
        await pilot.pause()
        text = shown(hostile_app)
        assert f"Typed {MARKUP_CLOSE} · Question 1 of 2" in text
        hostile_app.screen.query_one("#quiz-typed").insert_text_at_cursor("[bold]mine[/bold]")
        await pilot.press("enter")
        await pilot.pause()
        text = shown(hostile_app)
        assert "[bold]mine[/bold]" in text and f"Answer 0 {SHOWN_ESCAPE}" in text


async def test_match_board_status_and_result(hostile_app):
    from screens.match import DATE_LABELS, EVENT_LABELS

    async with hostile_app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        text = shown(hostile_app)
        assert f"{MARKUP_BOLD}{SHOWN_ESCAPE}" in text  # event labels
        assert f"{ESCAPE_PICTURE}[2J" in text and f"19{20}{MARKUP_CLOSE}"[:4] in text  # dates
        board = hostile_app.screen.board
        for event in range(board.size):
            await pilot.press(EVENT_LABELS[event], DATE_LABELS[board.date_index_for(event)])
            await pilot.pause()
            if event == 0:
                assert "Event " in shown(hostile_app) and "Right:" in shown(hostile_app)
        text = shown(hostile_app)
        assert "Board cleared" in text and "In date order" in text
        assert f"1920{MARKUP_CLOSE}" in text and f"Event 0 {MARKUP_BOLD}{SHOWN_ESCAPE}" in text


async def test_weak_spots_table_and_card(hostile_app):
    async with hostile_app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        text = shown(hostile_app)
        assert "Question " in text and MARKUP_CLOSE in text and ESCAPE_PICTURE in text
        await pilot.press("enter")
        await pilot.pause()
        text = shown(hostile_app)
        assert "weakest · " in text and SHOWN_ESCAPE in text and "Answer " in text


async def test_opening_the_deck_says_its_title_inertly(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.navigation.switch_deck(build_hostile_deck())
        await pilot.pause()
        text = shown(app)
        assert f"Opened Hostile {SHOWN_ESCAPE}{MARKUP_BOLD} deck" in text
        assert app.sub_title == f"Hostile {SHOWN_ESCAPE}{MARKUP_BOLD} deck"


async def test_a_save_error_quoting_deck_text_is_shown_inertly(hostile_app, memory_store, monkeypatch):
    def bad_record(*args, **kwargs):
        raise ValueError(f"bad card {MARKUP_CLOSE}{OSC}")

    OSC = "\x1b]0;PWNED\x07"
    monkeypatch.setattr(memory_store, "record_answer", bad_record)
    async with hostile_app.run_test(size=SIZE, notifications=True) as pilot:
        session = hostile_app.writer.start_session("quiz", "hostile")
        hostile_app.writer.record_answer(session, "card-0", True, 3.0, "quiz")
        hostile_app.writer.wait_until_saved()
        await pilot.pause()
        text = shown(hostile_app)
        assert f"bad card {MARKUP_CLOSE}{SHOWN_ESCAPE}" in text
        assert "retrying will not help" in text and "saved with the next one" not in text


async def test_readiness_shows_title_and_topics_as_text(hostile_app, memory_store):
    from datetime import date

    from tui.core import readiness

    readiness.set_exam_date(memory_store, "hostile", date(2026, 12, 19))
    async with hostile_app.run_test(size=(120, 40)) as pilot:
        hostile_app.navigation.open_readiness()
        await pilot.pause()
        await hostile_app.workers.wait_for_complete()
        await pilot.pause()
        text = shown(hostile_app)
        assert type(hostile_app.screen).__name__ == "ReadinessScreen", text
        assert f"Hostile {SHOWN_ESCAPE}{MARKUP_BOLD} deck" in text
        assert f"Arrays {MARKUP_CLOSE} slices" in text


async def test_a_deck_with_a_5_mb_answer_opens_without_that_card_and_says_so(make_app, tmp_path):
    from tests.screen_text import shown as shown_when
    from tui.core.formats import load_deck

    path = tmp_path / "huge.txt"
    huge = "zanzibarian " * 420_000  # the trial's deck: one answer of 5 MB on one line
    path.write_text(
        f"When was Rapallo?\n\n1922\n\n\nHuge?\n\n{huge}\n\n\nWhen was Locarno?\n\n1925\n", encoding="utf-8"
    )
    deck = load_deck(path, cached=False)
    app = make_app(deck=deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        told = "\n".join(notification.message for notification in app._notifications)
        assert f"2 cards loaded, 1 skipped — see revise check {path}" in told
        assert "2 cards" in await shown_when(pilot, app, "2 cards")
        app.navigation.read_cards(deck.cards, 0)
        await pilot.pause()
        for _ in deck.cards:  # every card the reader can reach is short
            assert "zanzibarian" not in shown(app)
            await pilot.press("space", "right")
            await pilot.pause()
