"""ctrl+r while a quiz runs: the reload would end the quiz, so it asks first and says so.

A fresh-user trial pressed ctrl+r (as the "deck changed" notice said) on question 4 of 5: the
quiz ended at once, no prompt, no results, question 5 never asked.
"""

from __future__ import annotations

from tests.screen_text import screen_text
from tests.screens.test_card_editing import _settle, notices, soviet  # noqa: F401 (a fixture)
from tui.core.formats import load_deck


def changed_on_disk(path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n# touched in another window\n", encoding="utf-8")


async def test_ctrl_r_in_a_quiz_asks_first_and_n_keeps_the_quiz(make_app, soviet):  # noqa: F811
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.start_review([c.id for c in deck.cards[:3]], "Review", answer_mode="choice")
        await pilot.pause()
        quiz_screen = app.screen
        changed_on_disk(soviet)
        assert app.deck_watcher.check()
        await pilot.pause()
        assert "ends this quiz" in notices(app)  # the notice says what ctrl+r does here
        await pilot.press("ctrl+r")
        await pilot.pause()
        text = screen_text(app)
        assert "Reload the deck?" in text and "ends this quiz" in text and "y Reload" in text
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is quiz_screen and "Question 1 of 3" in screen_text(app)
        await pilot.press("ctrl+r", "y")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert "Reloaded" in "\n".join(n.title for n in app._notifications)


async def test_ctrl_r_outside_a_quiz_reloads_at_once(make_app, soviet):  # noqa: F811
    app = make_app(load_deck(soviet))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        changed_on_disk(soviet)
        assert app.deck_watcher.check()
        await pilot.pause()
        assert "ends this quiz" not in notices(app)
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        assert "Reloaded" in "\n".join(n.title for n in app._notifications)
