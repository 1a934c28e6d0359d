"""Keys that arrive in one read of the terminal ("↓⏎") act in the order they were typed.

A fresh-user trial sent down and enter together on the Topics screen: the topic under the old
highlight opened, at its second card. A list's own keys reach it through the focused widget,
while a screen's enter was taken at once; enter now waits for the keys typed before it.
"""

from __future__ import annotations

from textual import events

from tests.screen_text import screen_text
from tests.screens.test_card_editing import _settle, no_editor_set, open_editor, soviet  # noqa: F401 (fixtures)
from tui.core.formats import load_deck

KEY_CHARACTERS = {"enter": "\r", "space": " ", "down": None, "up": None, "right": None, "ctrl+s": None}


def sent_at_once(app, *keys: str) -> None:
    """`keys` as one read of the terminal delivers them: every key queued before any is handled."""
    for key in keys:
        app.post_message(events.Key(key, KEY_CHARACTERS.get(key, key)))


async def test_down_and_enter_at_once_open_the_next_topic_at_its_first_card(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        sent_at_once(app, "down", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert "Recognition" in text and "1 / 3" in text, text


async def test_a_word_and_enter_at_once_open_that_words_first_result(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "slash")
        await pilot.pause()
        sent_at_once(app, *"rapallo", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert "search “rapallo”" in text, text


async def test_a_word_then_down_and_enter_at_once_open_that_words_second_result(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "slash")
        await pilot.pause()
        sent_at_once(app, *"britain", "down", "enter")
        await pilot.pause()
        text = screen_text(app)
        # Question matches first: "When did Britain…" then "Why did relations with Britain…".
        assert "Why did relations with Britain break down?" in text, text
        assert "2 / 3" in text and "search “britain”" in text, text


async def test_words_and_ctrl_s_at_once_save_the_words(make_app, soviet, no_editor_set):  # noqa: F811
    deck = load_deck(soviet)
    card = deck.cards[0]
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editor(app, pilot, deck, 0)
        assert type(app.screen).__name__ == "EditCardScreen"
        app.screen.query_one("#edit-card-question").move_cursor((0, len(card.question)))
        sent_at_once(app, *" Mended", "ctrl+s")
        await _settle(app, pilot)
        assert type(app.screen).__name__ != "EditCardScreen"
    assert load_deck(soviet).card(card.id).question == card.question + " Mended"
