"""The topics screen: topics with mastery, the preview, and the ways into a topic."""

from __future__ import annotations

from tests.conftest import build_sample_deck
from tests.screen_text import screen_lines, screen_text
from tui.core.deck import Card, DateEvent, Deck, Topic


def topic_line(app, name: str) -> str:
    return next(line for line in screen_lines(app) if line.strip().startswith(name))


async def open_topics(app, pilot, *keys: str) -> None:
    await pilot.press("t", *keys)
    await pilot.pause()


async def test_topics_in_deck_order_with_counts_and_not_started(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot)
        assert type(app.screen).__name__ == "TopicsScreen"
        lines = screen_lines(app)
        names = [n for n in ("Early diplomacy", "Recognition", "Road to war")]
        rows = [next(i for i, line in enumerate(lines) if line.strip().startswith(n)) for n in names]
        assert rows == sorted(rows)
        assert topic_line(app, "Early diplomacy").split()[2:4] == ["2", "0"]
        assert topic_line(app, "Recognition").split()[1:3] == ["3", "0"]
        assert "not started" in topic_line(app, "Road to war")


async def test_mastery_is_accuracy_over_answered_cards(make_app, memory_store):
    for correct in (True, True, False):
        memory_store.record_answer("sample", "rapallo", correct, 3.0, "quiz")
    memory_store.record_answer("sample", "britain", True, 3.0, "quiz")
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot)
        recognition = topic_line(app, "Recognition")
        # 3 cards, 2 answered, 3 right out of 4 answers.
        assert recognition.split()[1:3] == ["3", "2"]
        assert "75%" in recognition
        assert "not started" in topic_line(app, "Early diplomacy")


async def test_preview_follows_the_highlighted_topic(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot)
        text = screen_text(app)
        assert "What was the Comintern?" in text
        assert "1919  Comintern founded in Moscow" in text
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "Recognition · 3 cards · 2 dated events" in text
        assert "Why did relations with Britain break down?" in text
        assert "1922  Treaty of Rapallo with Germany" in text
        assert "What was the Comintern?" not in text


async def test_enter_reads_the_highlighted_topic(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot, "down", "down", "enter")
        text = screen_text(app)
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert "Road to war" in text and "1 / 3" in text
        assert "What was the Nazi-Soviet Pact 1939?" in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "TopicsScreen"


async def test_escape_goes_home(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot, "escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_q_quizzes_the_highlighted_topic(make_app):
    app = make_app()
    asked: list = []
    app.navigation.start_quiz = asked.append
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot, "down", "q")
    assert asked == [["Recognition"]]


def deck_with_dated_topic() -> Deck:
    sample = build_sample_deck()
    extra = [
        Card(f"war-{year}", "War", f"What happened in {year}?", f"Something in {year}")
        for year in (1941, 1942, 1943)
    ]
    cards = sample.cards + extra
    events = sample.events + [
        DateEvent(str(c.id[-4:]), int(c.id[-4:]), f"Event of ____ ({c.id})", c.id) for c in extra
    ]
    return Deck(
        "sample", "Sample deck", [*sample.topics, Topic("War", tuple(c.id for c in extra))], cards, events
    )


async def test_m_matches_a_topic_with_three_dated_events(make_app):
    app = make_app(deck=deck_with_dated_topic())
    matched: list = []
    app.navigation.start_match = matched.append
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot, "end", "m")
    assert matched == ["War"]


async def test_m_explains_when_a_topic_has_too_few_dates(make_app):
    app = make_app()
    matched: list = []
    app.navigation.start_match = matched.append
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_topics(app, pilot, "down", "m")
        text = screen_text(app)
        assert "2 dated events" in text and "at least 3" in text
    assert matched == []


async def test_figures_refresh_when_the_student_comes_back(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot, "down", "enter")
        memory_store.record_answer("sample", "rapallo", True, 3.0, "quiz")
        await pilot.press("escape")
        await pilot.pause()
        recognition = topic_line(app, "Recognition")
        assert recognition.split()[1:3] == ["3", "1"] and "100%" in recognition
        # The highlight stays where it was.
        assert "Recognition · 3 cards" in screen_text(app)


async def test_long_names_and_questions_fit_80x24_with_an_ellipsis(make_app):
    long_topic = "The long and winding road from Brest-Litovsk through Rapallo to the Nazi-Soviet Pact"
    question = (
        "Why, given everything that happened between the revolution and the outbreak of war, did Stalin sign?"
    )
    cards = [Card(f"c{i}", long_topic, f"{question} ({i})", "Because") for i in range(30)]
    deck = Deck("long", "Long deck", [Topic(long_topic, tuple(c.id for c in cards))], cards)
    app = make_app(deck=deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_topics(app, pilot)
        lines = screen_lines(app)
        assert all(len(line) <= 80 for line in lines)
        row = next(line for line in lines if line.strip().startswith("The long and winding"))
        assert "…" in row and "30" in row and "not started" in row
        assert any(line.strip().startswith("Why, given") and line.endswith("…") for line in lines)
        # More questions than fit: the list says how many are left.
        assert any("more" in line and "…" in line for line in lines)


NOTES_DECK = """# Biology

## Cells

What is the powerhouse of the cell?

The mitochondrion


What holds a cell's genes?

The nucleus
"""


async def test_preview_shows_a_card_added_or_edited_without_moving_the_highlight(
    make_app, tmp_path, monkeypatch
):
    from tests.screen_text import shown
    from tui.core.formats import load_deck

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    path = tmp_path / "biology.md"
    path.write_text(NOTES_DECK, encoding="utf-8")
    app = make_app(load_deck(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_topics(app, pilot, "a")
        app.screen.query_one("#edit-card-question").text = "What makes proteins?"
        app.screen.query_one("#edit-card-answer").text = "Ribosomes"
        await pilot.press("ctrl+s")
        text = await shown(pilot, app, "Cells · 3 cards")
        assert "Cells · 3 cards" in text and "What makes proteins?" in text
        # Edit the first card's question in the reader, then come back: the preview says the new one.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#edit-card-question").text = "What is the cell's power station?"
        await pilot.press("ctrl+s")
        await shown(pilot, app, "power station")
        await pilot.press("escape")
        text = await shown(pilot, app, "Cells · 3 cards", "What is the cell's power station?")
        assert type(app.screen).__name__ == "TopicsScreen"
        assert "What is the cell's power station?" in text
        assert "powerhouse" not in text
