"""Lines meant to be one line stay one: the quiz's line above the question with a long title, and
match the date's rows, where a paired event's "= 1939" must not push the dates out of line."""

from __future__ import annotations

import re

import pytest

from tests.match_board import answer_keys
from tests.screen_text import screen_lines, shown
from tests.screens.test_quiz import right_key
from tui.paths import shipped_deck_path

SIZES = [(80, 24), (100, 30)]
LONG_TITLE = "Cram: 29 cards, about 20 minutes' worth of the weakest cards before the exam"


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_line_above_the_question_keeps_its_figures_on_one_line(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        app.navigation.start_review(["pact", "britain"], LONG_TITLE)
        await shown(pilot, app, "Question 1 of 2")
        await pilot.press(right_key(app))
        await shown(pilot, app, "so far")
        [line] = [line for line in screen_lines(app) if "Question 1 of 2" in line]
        # the title gives way, with an ellipsis; the figures and the clock share its one line
        assert line.lstrip().startswith("Cram") and "… · Question 1 of 2 · 1/1 mark so far" in line
        assert "no time limit" in line and len(line) <= size[0]
        assert not any(line.strip().startswith(("so far", "mark", "Question")) for line in screen_lines(app))


HEADER = re.compile(
    r"^  (?:(?P<title>.*?) · )?(?P<figures>(?:Again: q|Q)uestion (\d+) of (\d+)(?: · .*?)?)\s{2,}Time "
)


def header(app) -> re.Match[str]:
    """The line above the question, split into its title (None when left out) and its figures."""
    found = [match for line in screen_lines(app) if (match := HEADER.match(line))]
    assert len(found) == 1, "\n".join(screen_lines(app))
    return found[0]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_title_is_cut_the_same_at_every_answer_and_the_figures_never(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        ids = [card.id for card in app.context.deck.cards]
        app.navigation.start_review(ids, LONG_TITLE, answer_mode="choice")
        await shown(pilot, app, f"Question 1 of {len(ids)}")
        titles = set()
        for answer in range(10):
            for moment in ("asked", "answered"):
                line = header(app)
                titles.add(line["title"])
                assert line["figures"].rstrip().endswith(("so far", f"of {len(ids)}")), line[0]  # whole
                assert len(line[0]) <= size[0]
                if moment == "asked":
                    await pilot.press("1" if answer % 3 else "2")  # some wrong: a card comes back "Again"
                    await pilot.pause()
                else:
                    await pilot.press("space")
                    await shown(pilot, app, "uestion", f"of {len(ids)}")
        assert len(titles) == 1, titles  # the same title, cut the same, at every answer
        [title] = titles
        if size[0] >= 100:
            assert title.startswith("Cram: 29 cards") and title.endswith("…")


MARKING = re.compile(r"^  (?:(?P<title>.*?) · )?marking your paper: answer (\d+) of (\d+)\s{2,}Handed in ")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_marking_a_paper_keeps_its_line_the_same_from_the_first_answer(clock, size):
    from screens.quiz import QuizScreen
    from tests.screens.test_quiz_marks import shipped_app, type_answer
    from tui.core.progress import ProgressStore
    from tui.core.quiz import Quiz, QuizSettings

    app = shipped_app(clock, ProgressStore.in_memory(now=clock))
    async with app.run_test(size=size) as pilot:
        ctx = app.context
        settings = QuizSettings(questions=4, minutes=30, answer_mode="typed", exam=True)
        quiz = Quiz.of_cards(ctx.deck, ctx.deck.cards[:4], settings, ctx.now, ctx.rng, title=LONG_TITLE)
        app.push_screen(QuizScreen(ctx, quiz, "exam", "exam"))
        await pilot.pause()
        for _ in range(4):
            await type_answer(pilot, "He wanted Lebensraum")
            clock.advance(2)  # the checklist read: its keys act
        await pilot.press("enter")  # hand in
        await pilot.pause()
        titles = set()
        for number in range(1, 5):
            found = [match for line in screen_lines(app) if (match := MARKING.match(line))]
            assert [(match[2], match[3]) for match in found] == [(str(number), "4")], screen_lines(app)[:3]
            titles.add(found[0]["title"])
            clock.advance(2)
            await pilot.press("enter")
            await pilot.pause()
        assert len(titles) == 1, titles


def paired_rows(app) -> list[re.Match[str]]:
    """(event letter, label's first line) of each paired event row."""
    found = [re.match(r"^\s+✓ ([a-f])  (.+?)\s+= \S+\s", line) for line in screen_lines(app)]
    return [match for match in found if match]


def board_lines(app) -> list[tuple[str, str | None]]:
    """(event letter, date digit on the same screen line) for each event row's first line."""
    rows = []
    for line in screen_lines(app):
        event = re.match(r"^\s+[›✓✗▶]*\s*([a-f])\s{2}", line)
        if event:
            date = re.search(r"\s[›✓✗▶]*\s*([1-6])\s{2}\S+(?:\s+= [a-f])?\s*$", line)
            rows.append((event[1], date[1] if date else None))
    return rows


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_paired_events_keep_the_dates_in_line_with_their_rows(make_app, size):
    from tui.core.formats import load_deck

    deck = load_deck(shipped_deck_path())  # long event labels that wrap at these widths
    app = make_app(deck)
    async with app.run_test(size=size) as pilot:
        await pilot.press("m")
        await pilot.pause()
        keys = answer_keys("\n".join(screen_lines(app)), deck)
        in_line = [(letter, "123456"["abcdef".index(letter)]) for letter in "abcdef"]
        assert board_lines(app) == in_line
        dates = {event.label: event.date for event in deck.events}
        for letter, digit in sorted(keys.items())[:3]:
            await pilot.press(letter, digit)
            await pilot.pause()
            assert board_lines(app) == in_line  # pairing never wraps a row anew nor shifts the dates
        paired = [
            re.match(r"^\s+✓ [a-f]  (.+?)\s+= (\S+)\s+[✓ ] [1-6]  ", line) for line in screen_lines(app)
        ]
        paired = [found for found in paired if found]
        assert len(paired) == 3  # each paired event says its date on its own first line
        for found in paired:
            assert any(label.startswith(found[1]) and date == found[2] for label, date in dates.items())
        # each paired date names its event: a ✓ beside another event's row never reads as that event's
        named = [re.search(r"✓ [1-6]  (\S+)\s+= ([a-f])\s*$", line) for line in screen_lines(app)]
        named = [found for found in named if found]
        assert len(named) == 3
        events = {found[1]: found[2] for found in paired_rows(app)}
        for found in named:  # the date is the one of the event it names
            start = events[found[2]]
            assert any(label.startswith(start) and date == found[1] for label, date in dates.items())


EMOJI_DECK = "# Weather\n\n## Forecast\n\n" + "\n\n\n".join(
    f"What does the forecast say for {day}?\n\n{answer}"
    for day, answer in [
        ("Monday", "Sunny ☀️ all day\u200b with a light\u2060 breeze\ufeff from the west and warm evenings 🌡️"),
        (
            "Tuesday",
            "Rain 🌧️ in the morning\u200b, clearing\u2060 later\u200b with sunshine ☀️ and a rainbow 🌈",
        ),
        (
            "Wednesday",
            "Snow ❄️ on the hills\u200b\u200b\u200b and frost overnight with icy ⚠️ roads in the north",
        ),
        ("Thursday", "Fog 🌫️ at dawn\u200c, then cloudy ☁️ skies\u200e and a cold wind from the east all day"),
    ]
)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_zero_width_characters_from_a_deck_cost_an_options_row_no_cells(make_app, tmp_path, size):
    from tui.core.formats import load_deck

    path = tmp_path / "weather.md"
    path.write_text(EMOJI_DECK, encoding="utf-8")
    app = make_app(load_deck(path, cached=False))
    async with app.run_test(size=size) as pilot:
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")
        await shown(pilot, app, "Question 1 of 4")
        await pilot.press("1", "2")  # the first option, whether right or wrong
        text = await shown(pilot, app, "your answer")
        # none of the invisible characters some terminals draw a cell wide reaches the screen
        assert not set(text) & set("\u200b\u2060\ufeff\u200c\u200e")
        [row] = [line for line in screen_lines(app) if "your answer" in line]
        assert row.rstrip().endswith(("✓ your answer, right", "✗ your answer"))
