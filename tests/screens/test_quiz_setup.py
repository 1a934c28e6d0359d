"""Quiz setup: the question counts offered follow the cards the chosen topics have."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.screen_text import screen_text
from tui.core.deck import Card, Deck, Topic


def deck_of(sizes: dict[str, int]) -> Deck:
    cards = [
        Card(f"{name}{i}", name, f"{name} question {i}?", f"Answer {i}")
        for name, size in sizes.items()
        for i in range(size)
    ]
    topics = [Topic(name, tuple(c.id for c in cards if c.topic == name)) for name in sizes]
    return Deck("sized", "Sized deck", topics, cards)


def questions_shown(app) -> str:
    line = next(line for line in screen_text(app).splitlines() if "Questions" in line and "‹" in line)
    return line.split("‹", 1)[1].split("›", 1)[0].strip()


async def counts_offered(app, pilot) -> list[str]:
    """Every count the Questions row offers, stepping right once round."""
    first = questions_shown(app)
    offered = [first]
    for _ in range(30):
        await pilot.press("right")
        await pilot.pause()
        if questions_shown(app) == first:
            break
        offered.append(questions_shown(app))
    return offered


async def test_a_29_card_deck_offers_no_more_than_all_29(make_app):
    app = make_app(deck=deck_of({"Rise": 10, "War": 10, "Peace": 9}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert questions_shown(app) == "10"
        assert sorted(await counts_offered(app, pilot), key=lambda n: int(n.split()[-1])) == [
            "5",
            "10",
            "15",
            "20",
            "25",
            "all 29",
        ]
        assert "30" not in screen_text(app)


async def test_the_count_shown_follows_topics_switched_off_and_on(make_app):
    app = make_app(deck=deck_of({"Rise": 10, "War": 10, "Peace": 9}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "space", "down", "space")  # Rise and War off
        await pilot.pause()
        assert questions_shown(app) == "all 9"
        assert "9 questions (all the chosen topics have) from 1 of 3 topics" in screen_text(app)
        await pilot.press("space")  # War back on: 19 cards, the 10 asked for fit again
        await pilot.pause()
        assert questions_shown(app) == "10"


async def test_all_stays_all_when_more_topics_are_chosen(make_app):
    app = make_app(deck=deck_of({"Rise": 10, "War": 10, "Peace": 9}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("left", "left")  # 10 → 5 → all 29
        await pilot.pause()
        assert questions_shown(app) == "all 29"
        await pilot.press("down", "down", "down", "down", "space")  # Rise off
        await pilot.pause()
        assert questions_shown(app) == "all 19"
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 1 of 19" in screen_text(app)


async def test_a_deck_smaller_than_the_default_offers_all_it_has(make_app):
    app = make_app(deck=deck_of({"Only": 7}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert await counts_offered(app, pilot) == ["all 7", "5"]


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=500))
def test_no_count_offered_exceeds_the_cards_and_the_largest_is_all(available, preferred):
    from screens.quiz_setup import question_count_names, question_counts

    counts = question_counts(available, preferred)
    assert counts == sorted(set(counts)) and counts[-1] == available
    assert all(0 < n <= available for n in counts)
    assert (preferred in counts) == (preferred <= available)
    assert question_count_names(counts)[-1] == f"all {available}"
