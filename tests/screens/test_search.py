"""Search as you type: the box, the results, the highlight, and the way into the reader."""

from __future__ import annotations

import time

from screens.search import SHOWN_RESULTS
from tests.generated_deck import build_generated_deck
from tests.screen_text import screen_lines, screen_text
from tui.core.deck import Card, Deck, Topic
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path
from tui.widgets.answer_text import answer_lines


def highlighted_words(app) -> list[str]:
    """Words the screen shows highlighted (reverse video), as a student sees them."""
    words = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if segment.style is not None and segment.style.reverse and any(c.isalnum() for c in segment.text):
                words.append(segment.text)
    return words


async def search(app, pilot, query: str) -> str:
    """Type `query` key by key, as a student does; what the screen then shows."""
    await pilot.press(*["space" if ch == " " else ch for ch in query])
    await pilot.pause()
    return screen_text(app)


async def search_for(app, pilot, query: str) -> str:
    """Put `query` in the box at once (tests about results rather than typing: faster)."""
    app.screen.query_one("#search-box").value = query
    await pilot.pause()
    return screen_text(app)


async def test_browse_read_then_search_rapallo_in_the_shipped_deck(make_app):
    """The issue's walk: home → t → move → enter → space → j → escape → / rapallo → enter."""
    deck = load_deck(shipped_deck_path())
    topic = deck.topics[1].name
    first, second = deck.cards_in(topic)[:2]
    app = make_app(deck=deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "down", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert topic in text and first.question in text
        await pilot.press("space")
        await pilot.pause()
        assert answer_lines(first.answer)[0] in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        text = screen_text(app)
        assert f"2 / {len(deck.cards_in(topic))}" in text and second.question in text
        await pilot.press("escape", "slash")
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"
        text = await search(app, pilot, "rapallo")
        results = [line.strip() for line in screen_lines(app)]
        first_result = next(
            i for i, line in enumerate(results) if line.startswith("What") or line.startswith("Why")
        )
        assert "Treaty of Rapallo" in results[first_result]
        assert "1 card matches “rapallo”" in text
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert "What was the Treaty of Rapallo 1922?" in text and "1 / 1" in text
        await pilot.press("space")
        await pilot.pause()
        assert "German technology" in screen_text(app)


def accented_deck() -> Deck:
    cards = [
        Card(
            "league", "Between the wars", "When did the USSR join the Société des Nations?", "1934, at Genève"
        ),
        Card("krakow", "Between the wars", "What happened at Kraków?", "Nothing much"),
        Card(
            "pact", "Road to war", "What was the Nazi-Soviet Pact 1939?", "A secret protocol divided Poland"
        ),
    ]
    return Deck(
        "acc",
        "Accents",
        [Topic("Between the wars", ("league", "krakow")), Topic("Road to war", ("pact",))],
        cards,
    )


async def test_case_and_accents_are_ignored_and_matches_highlighted(make_app):
    app = make_app(deck=accented_deck())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "slash")
        text = await search_for(app, pilot, "SOCIETE geneve")
        assert "1 card matches" in text
        assert "When did the USSR join the Société des Nations?" in text
        assert "What happened at Kraków?" not in text
        assert highlighted_words(app) == ["Société", "Genève"]


async def test_results_filter_as_you_type(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "slash")
        await pilot.pause()
        assert "8 cards · type to narrow" in screen_text(app)
        text = await search(app, pilot, "brit")
        assert "3 cards match “brit”" in text
        text = await search(app, pilot, "ain zin")
        assert "1 card matches “brit zin”" not in text  # the box holds what was typed
        assert "1 card matches “britain zin”" in text
        assert "Why did relations with Britain break down?" in text
        text = await search(app, pilot, "q")
        assert "No card matches “britain zinq”" in text


async def test_letters_type_into_the_box_and_never_trigger_screen_keys(make_app):
    app = make_app()
    quizzed: list = []
    app.navigation.start_quiz = quizzed.append
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "slash")
        await search(app, pilot, "qmjkt ")
        assert type(app.screen).__name__ == "SearchScreen"
        assert app.screen.query_one("#search-box").value == "qmjkt "
    assert quizzed == []


async def test_arrows_move_in_results_and_enter_opens_that_card(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "slash")
        await search_for(app, pilot, "britain")
        await pilot.press("down", "down", "up", "enter")
        await pilot.pause()
        text = screen_text(app)
        # Question matches come first: "When did Britain…" and "…relations with Britain…", then the answer match.
        assert "Why did relations with Britain break down?" in text
        assert "2 / 3" in text and "search “britain”" in text
        await pilot.press("j")
        await pilot.pause()
        assert "Why did the Czech Crisis worry Stalin?" in screen_text(app)


async def test_escape_closes_the_reader_then_the_search(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "slash")
        await search_for(app, pilot, "pact")
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"
        assert app.screen.query_one("#search-box").value == "pact"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "TopicsScreen"


async def test_a_10000_card_deck_opens_and_narrows_as_you_type(make_app):
    app = make_app(deck=build_generated_deck(10_000))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert "Generated topic 01" in screen_text(app)
        await pilot.press("slash")
        await pilot.pause()
        assert "10,000 cards · type to narrow" in screen_text(app)
        counts = []
        started = time.perf_counter()
        for key in "pact 1939":
            await search(app, pilot, key)
            summary = next(line for line in screen_lines(app) if "match" in line)
            counts.append(int(summary.split()[0].replace(",", "")))
        per_key = (time.perf_counter() - started) / len(counts)
        assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1] > 0
        assert per_key < 0.5, f"{per_key:.3f} s per keystroke"
        # Only the first results are drawn; the end of the list counts the rest.
        assert counts[-1] > SHOWN_RESULTS
        assert f"… {counts[-1] - SHOWN_RESULTS} more below the first {SHOWN_RESULTS}" in screen_text(app)
        text = await search_for(app, pilot, "pact 1939 xyz")
        assert "No card matches" in text
