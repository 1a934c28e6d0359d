"""ctrl+e edits the card on the mark-points checklist too, as it does on the ✓/✗ feedback, and
help (?) lists it there (a fresh-user trial found it did nothing on the checklist)."""

from __future__ import annotations

from tests.screen_text import screen_text, shown
from tests.screens.test_card_editing import _settle, no_editor_set, soviet, stub_editor  # noqa: F401 (fixtures)
from tests.screens.test_quiz_type_ahead import HITLER, SIZE, TWO_POINTS
from tui.core.formats import load_deck


async def test_ctrl_e_on_the_checklist_edits_the_card_and_help_lists_it(
    make_app,
    soviet,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    deck = load_deck(soviet)
    card = deck.card(HITLER)
    old = card.answer.splitlines()[0].lstrip("- ")  # "Felt there was no real Western Front"
    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, old, "Mended"))
    app = make_app(deck)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*TWO_POINTS, "enter")
        await shown(pilot, app, "Check the mark points")
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Edit card" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await _settle(app, pilot)
        assert "Check the mark points" in screen_text(app)  # the mark still waits
        assert not app.screen.quiz.clock.is_held("editing")
    assert load_deck(soviet).card(HITLER).answer.splitlines()[0].endswith("Mended")
