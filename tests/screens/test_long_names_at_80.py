"""Long deck titles and topic names at 80×24: home's topic rows, the card reader's line above the
card and the decks screen cut the names with "…" and keep every figure whole, on one line."""

from __future__ import annotations

import random
import re

import pytest

from tests.conftest import FakeClock
from tests.screen_text import screen_lines, shown
from tui.core.deck import Card, Deck, Topic
from tui.core.progress import ProgressStore

SIZE = (80, 24)
TITLE = "The Causes, Course and Consequences of the First World War in Europe and the Middle East 1914–1918"
TOPICS = (
    "The July Crisis and the immediate causes of the outbreak of war in the summer of 1914",
    "Stalemate on the Western Front and the failure of the Schlieffen Plan in 1914",
)
OTHER_TITLE = "Biology: cells, genetics, evolution and ecology for the final examinations in June"
DECK_FILE = "first-world-war-causes-course-and-consequences.txt"  # relative: the same on every machine


def long_deck() -> Deck:
    cards = [
        Card("sarajevo", TOPICS[0], "Who was assassinated in Sarajevo on 28 June 1914?", "Franz Ferdinand"),
        Card(
            "ultimatum",
            TOPICS[0],
            "What did the ultimatum to Serbia demand?",
            "An Austrian role in the inquiry",
        ),
        Card("marne", TOPICS[1], "When was the First Battle of the Marne?", "1914"),
        Card("schlieffen", TOPICS[1], "Why did the Schlieffen Plan fail?", "Belgian resistance + BEF"),
    ]
    topics = [Topic(name, tuple(card.id for card in cards if card.topic == name)) for name in TOPICS]
    return Deck("ww1", TITLE, topics, cards, format="notes")


def long_names_app(tmp_path, monkeypatch):
    """The app on `long_deck` with some answers, and a library of it and another long-titled deck,
    their files in the working folder (so the paths shown are the same in every run)."""
    from tui.app import RevisionApp

    monkeypatch.chdir(tmp_path)
    (tmp_path / DECK_FILE).write_text("placeholder", encoding="utf-8")
    (tmp_path / "biology.txt").write_text("placeholder", encoding="utf-8")
    clock = FakeClock()
    deck = long_deck()
    store = ProgressStore.in_memory(now=clock)
    store.remember_deck(deck.id, DECK_FILE, deck.title, "notes", len(deck.cards))
    store.remember_deck("biology", "biology.txt", OTHER_TITLE, "notes", 120)
    for card_id, right in [("sarajevo", True), ("ultimatum", False)]:  # the second topic not started
        store.record_answer(deck.id, card_id, right, 5.0, "quiz")
    return RevisionApp(deck, store, now=clock, rng=random.Random(1), animations=False)


async def test_home_cuts_long_topic_names_and_keeps_each_count_whole(tmp_path, monkeypatch):
    app = long_names_app(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, app, "Topics, weakest first")
        rows = [line for line in screen_lines(app) if line.endswith(" of 2 answered")]
        assert len(rows) == 2, "\n".join(screen_lines(app))
        for row in rows:
            assert len(row) <= SIZE[0]
            assert "…" in row.split("  ")[1]  # the name, cut
        assert rows[0].lstrip().startswith("The July Crisis") and re.search(
            r" 50%\s+2 of 2 answered$", rows[0]
        )
        assert rows[1].lstrip().startswith("Stalemate") and rows[1].endswith("not started  0 of 2 answered")


async def test_the_card_reader_cuts_the_topic_and_keeps_the_position_apart(tmp_path, monkeypatch):
    app = long_names_app(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, app, "Topics, weakest first")
        await pilot.press("t", "enter")
        await shown(pilot, app, "space shows the answer")
        [line] = [line for line in screen_lines(app) if line.lstrip().startswith("The July Crisis")]
        assert line.endswith("…  1 / 2") and len(line) <= SIZE[0]


async def test_the_card_reader_keeps_a_search_whole_beside_a_cut_topic(tmp_path, monkeypatch):
    app = long_names_app(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, app, "Topics, weakest first")
        app.navigation.open_topics()
        await pilot.pause()
        screen = app.screen
        from screens.card_reader import CardReaderScreen

        app.push_screen(CardReaderScreen(app.context, list(long_deck().cards[:1]), context="search “war”"))
        await shown(pilot, app, "space shows the answer")
        assert screen is not app.screen
        [line] = [line for line in screen_lines(app) if line.lstrip().startswith("The July Crisis")]
        assert line.endswith("… · search “war”  1 / 1") and len(line) <= SIZE[0]


async def test_the_decks_screen_shows_every_column_beside_long_titles(tmp_path, monkeypatch):
    app = long_names_app(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, app, "Topics, weakest first")
        await pilot.press("d")
        text = await shown(pilot, app, "Your decks", "(open)")
        lines = screen_lines(app)
        [header] = [line for line in lines if line.lstrip().startswith("Deck ")]
        assert header.split() == ["Deck", "Cards", "Accuracy", "Due", "today", "Exam", "File"]
        [ours] = [line for line in lines if "(open)" in line]
        assert ours.lstrip().startswith("The Causes") and "… (open)" in ours
        assert ours.split("(open)")[1].split()[:2] == ["4", "50%"]  # cards and accuracy, whole
        [other] = [line for line in lines if line.lstrip().startswith("Biology")]
        assert "…" in other and other.split("…")[1].split()[:2] == ["120", "–"]
        assert f"File: {DECK_FILE}" in text
        assert all(len(line) <= SIZE[0] for line in lines)


@pytest.mark.parametrize(
    "keys",
    [[], ["t", "enter"], ["d"]],
    ids=["home", "card_reader", "decks"],
)
def test_long_names_at_80_by_24(snap_compare, tmp_path, monkeypatch, keys):
    assert snap_compare(long_names_app(tmp_path, monkeypatch), press=keys, terminal_size=SIZE)


async def test_the_decks_screen_cuts_its_titles_again_when_the_terminal_is_resized(tmp_path, monkeypatch):
    app = long_names_app(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, app, "Topics, weakest first")
        await pilot.press("d")
        await shown(pilot, app, "Your decks", "(open)")
        await pilot.press("down")
        await shown(pilot, app, "File: biology.txt")
        assert OTHER_TITLE not in "\n".join(screen_lines(app))
        await pilot.resize_terminal(200, 24)
        text = await shown(pilot, app, OTHER_TITLE, f"{TITLE} (open)")
        assert "File: biology.txt" in text  # the same row highlighted
