"""A match-the-date slip is a date to revise, never a wrong answer to the card's question."""

from __future__ import annotations

from tests.match_board import answer_keys, read_board
from tests.screen_text import screen_text


async def test_a_match_slip_leaves_question_records_alone_and_shows_as_a_date_to_revise(
    make_app, memory_store, clock
):
    deck_id = "sample"
    memory_store.record_answer(deck_id, "rapallo", True, 4.0, "quiz")
    memory_store.record_answer(deck_id, "pact", False, 4.0, "quiz")
    before = memory_store.all_question_stats(deck_id)
    app = make_app(store=memory_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        text = screen_text(app)
        keys = answer_keys(text, app.context.deck)
        slipped_label = read_board(text)[0]["a"]
        wrong_digit = next(d for d in "12345" if d != keys["a"])
        await pilot.press("a", wrong_digit)  # a slip
        for letter, digit in sorted(keys.items()):
            clock.advance(1)
            await pilot.press(letter, digit)
        await pilot.pause()
        assert "5 pairs, 4 right first time" in screen_text(app)
        app.writer.wait_until_saved()
        assert memory_store.all_question_stats(deck_id) == before  # every question record unchanged
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(app)
    slipped = next(e for e in app.context.deck.events if e.label == slipped_label)
    assert "Dates you mix up:" in text and slipped.date in text and "✗1" in text
    assert slipped.label.split("____")[0].strip() in text
