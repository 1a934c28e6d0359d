"""Weak spots with many answered questions, and what the line under the table says (issues 16 and 18)."""

from __future__ import annotations

from tests.screen_text import screen_lines, screen_text
from tests.screens.test_weak_spots import open_weak_spots, seed_progress, utc_local_time  # noqa: F401
from tui.core.deck import Card, Deck, Topic

ANSWERED = 3_000


def many_card_deck(cards: int) -> Deck:
    rows = [
        Card(f"c{n}", f"Topic {n % 7}", f"Question number {n} about a long subject?", f"A{n}")
        for n in range(cards)
    ]
    topics = {f"Topic {t}": tuple(c.id for c in rows if c.topic == f"Topic {t}") for t in range(7)}
    return Deck(id="big", title="Big deck", topics=[Topic(n, ids) for n, ids in topics.items()], cards=rows)


async def test_at_80_by_24_the_highlighted_question_is_shown_in_full_with_why_it_ranks(
    make_app, clock, memory_store
):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_weak_spots(app, pilot)
        lines = [line.strip() for line in screen_lines(app)]
        assert "When did Britain recognise the USSR?" in lines  # in full, on a line of its own
        assert "#1 weakest: 5 of 5 wrong · last 5 answers wrong · last wrong yesterday" in screen_text(app)
        await pilot.press("down")
        await pilot.pause()
        lines = [line.strip() for line in screen_lines(app)]
        assert "What was the Treaty of Rapallo 1922?" in lines
        # rapallo: right, wrong, right, wrong, right; twice forgotten after a right answer.
        assert (
            "#2 weakest: 2 of 5 wrong · last right yesterday · forgotten 2 times after a right answer"
            in " ".join(screen_text(app).split())  # it may wrap onto a second line
        )


async def test_thousands_of_answered_questions_open_and_scroll_to_the_last(make_app, clock, memory_store):
    deck = many_card_deck(ANSWERED)
    with memory_store.batch():
        for n, card in enumerate(deck.cards):
            memory_store.record_answer("big", card.id, n % 2 == 0, 3.0, "quiz")
    app = make_app(deck=deck, store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weak_spots(app, pilot)
        assert f"{ANSWERED:,} answered questions".replace(",", "") in screen_text(app).replace(",", "")
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert f"#{ANSWERED} weakest" in text  # the why line follows the cursor to the last row
        last = next(
            line
            for line in screen_lines(app)
            if line.lstrip().startswith(f"{ANSWERED} ") and "Question" in line
        )
        assert "1/1 · 100%" in last  # right answers rank last
        await pilot.press("home", "pagedown")
        await pilot.pause()
        assert "#1 weakest" not in screen_text(app)


async def test_reopening_without_new_answers_keeps_the_cursor_and_new_answers_rerank(
    make_app, clock, memory_store
):
    seed_progress(memory_store, clock)
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_weak_spots(app, pilot)
        await pilot.press("down", "down")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await open_weak_spots(app, pilot)
        assert "#3 weakest" in screen_text(app)  # nothing changed: the same table, cursor kept
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(3):
            memory_store.record_answer("sample", "comintern", False, 3.0, "quiz")
        await open_weak_spots(app, pilot)
        assert "6 answered questions" in screen_text(app)  # a change of the store: ranked again
