"""Counts and names read the same on every screen: thousands separated everywhere ("1,200"),
"Last session" names the run as the screens do, with its score always in one form, and the
checklist's heading says the marker's note once (a fresh-user trial's findings)."""

from __future__ import annotations

from tests.screen_text import screen_lines, screen_text, shown
from tests.screens.test_quiz_type_ahead import HITLER, SIZE, shipped_app
from tui.core.deck import Card, Deck, Topic
from tui.core.progress import TODAY_MODE, ProgressStore


def big_deck(size: int = 1200) -> Deck:
    cards = [Card(f"c{i}", "Everything", f"Question {i}?", f"Answer {i}") for i in range(size)]
    return Deck("big", "Big deck", [Topic("Everything", tuple(c.id for c in cards))], cards)


async def test_counts_of_a_thousand_and_more_are_separated_on_home_and_topics(make_app, memory_store):
    memory_store.record_answer("big", "c0", True, 3.0, "quiz")
    app = make_app(deck=big_deck(), store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1 of 1,200 (1 answer)" in text and "1200" not in text
        await pilot.press("t")
        await pilot.pause()
        row = next(line for line in screen_lines(app) if line.strip().startswith("Everything"))
        assert "1,200" in row and "1200" not in screen_text(app)


async def test_last_session_names_todays_session_and_gives_its_marks(make_app, memory_store):
    session = memory_store.start_session(TODAY_MODE, "sample")
    memory_store.finish_session(session, 1, 3, 30.0, marks=(1, 3))
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Today's session · 1/3 marks" in screen_text(app)


async def test_the_checklist_heading_gives_the_markers_note_once(clock):
    app = shipped_app(clock, ProgressStore.in_memory(now=clock))
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review([HITLER], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"He wanted Lebensraum and he hated Bolshevism", "enter")
        text = await shown(pilot, app, "Check the mark points")
        heading = next(line for line in text.splitlines() if "Check the mark points" in line)
        assert "the marker found" not in heading, heading
        assert "2 of 4 marks — the app's marking: 2 of 4 points" in heading, heading


async def test_a_quiz_of_a_thousand_and_more_counts_with_separators(make_app):
    app = make_app(deck=big_deck())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        for _ in range(30):  # the Questions row round to "all 1,200"
            if "all 1,200" in screen_text(app):
                break
            await pilot.press("right")
        text = screen_text(app)
        assert "(1,200 cards)" in text and "1,200 questions" in text, text
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 1 of 1,200" in screen_text(app)
