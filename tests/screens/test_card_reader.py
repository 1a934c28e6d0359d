"""The card reader: question first, space flips, keys move, the card's own record, no writes."""

from __future__ import annotations

from tests.screen_text import screen_lines, screen_text
from tui.core.deck import Card, Deck, Topic


def notes_deck() -> Deck:
    cards = [
        Card(
            "anti-comintern",
            "Road to war",
            "What was the Anti-Comintern pact 1936?",
            "Alliance between Germany and Japan against the USSR\n- Italy join in 1937\n= stop the activities of comintern",
        ),
        Card(
            "rapallo",
            "Road to war",
            "What was the Treaty of Rapallo 1922?",
            "Secret agreements made for G troops to train in the USSR\n= gain access to German technology",
        ),
        Card("britain", "Road to war", "When did Britain recognise the USSR?", "In 1924"),
    ]
    return Deck("notes", "Notes deck", [Topic("Road to war", tuple(c.id for c in cards))], cards)


async def read(app, pilot, *keys: str) -> str:
    await pilot.press(*keys)
    await pilot.pause()
    return screen_text(app)


async def open_reader(app, pilot, index: int = 0) -> None:
    await pilot.press("t")
    await pilot.pause()
    app.navigation.read_cards(app.context.deck.cards_in("Road to war"), index)
    await pilot.pause()


async def test_question_first_then_space_shows_the_answer_as_the_notes_mean_it(make_app):
    app = make_app(deck=notes_deck())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reader(app, pilot)
        text = screen_text(app)
        assert "What was the Anti-Comintern pact 1936?" in text
        assert "Alliance between Germany" not in text
        assert "1 / 3" in text and "space shows the answer" in text
        text = await read(app, pilot, "space")
        assert "Alliance between Germany and Japan against the USSR" in text
        assert "• Italy join in 1937" in text
        assert "⇒ stop the activities of comintern" in text
        text = await read(app, pilot, "space")
        assert "Alliance between Germany" not in text


async def test_a_flipped_answer_says_how_many_mark_points_a_typed_answer_needs(make_app):
    app = make_app(deck=notes_deck())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reader(app, pilot)
        assert "Answer · 3 mark points: a typed answer needs all" in await read(app, pilot, "space")
        text = await read(app, pilot, "j", "j", "space")  # one line, one point: nothing to say
        assert "In 1924" in text and "mark points" not in text


async def test_keys_move_between_cards_and_each_opens_on_its_question(make_app):
    app = make_app(deck=notes_deck())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reader(app, pilot)
        text = await read(app, pilot, "space", "j")
        assert "2 / 3" in text and "What was the Treaty of Rapallo 1922?" in text
        assert "Secret agreements" not in text
        for key, position in (
            ("down", "3 / 3"),
            ("k", "2 / 3"),
            ("up", "1 / 3"),
            ("n", "2 / 3"),
            ("p", "1 / 3"),
        ):
            assert position in await read(app, pilot, key)


async def test_moving_past_either_end_stays_and_says_so(make_app):
    app = make_app(deck=notes_deck())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_reader(app, pilot, index=2)
        text = await read(app, pilot, "j")
        assert "3 / 3" in text and "That was the last card." in text
        text = await read(app, pilot, "k", "k", "k")
        assert "1 / 3" in text and "This is the first card." in text


async def test_the_cards_own_record_is_shown(make_app, memory_store, clock):
    for correct in (True, True, False):
        memory_store.record_answer("notes", "rapallo", correct, 3.0, "quiz")
    clock.advance(3 * 86400)
    app = make_app(deck=notes_deck(), store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reader(app, pilot)
        assert "Your record: not answered yet" in screen_text(app)
        text = await read(app, pilot, "j")
        assert "67%" in text and "67% of the marks · 3 answers" in text and "last seen 3 days ago" in text


async def test_reading_changes_no_accuracy(make_app, memory_store):
    memory_store.record_answer("notes", "rapallo", False, 3.0, "quiz")
    before = memory_store.all_question_stats("notes")
    app = make_app(deck=notes_deck(), store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reader(app, pilot)
        await read(app, pilot, "space", "j", "space", "j", "space", "k", "escape")
    app.writer.wait_until_saved()
    assert memory_store.all_question_stats("notes") == before
    assert memory_store.recent_sessions("notes") == []


async def test_a_long_question_and_answer_wrap_in_80x24(make_app):
    question = (
        "Why did the Czech Crisis 1938 persuade Stalin that Britain and France could not be "
        "trusted as possible allies against Germany, and what did he do about it?"
    )
    answer = "Appeased Hitler + ignored Stalin's protests in the LoN, so he looked for another way to buy time before the war"
    card = Card("czech", "Road to war", question, answer)
    app = make_app(deck=Deck("d", "D", [Topic("Road to war", ("czech",))], [card]))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot)
        await read(app, pilot, "space")
        lines = screen_lines(app)
        assert all(len(line) <= 80 for line in lines)
        inside = " ".join(line.strip(" │") for line in lines if line.strip().startswith("│"))
        assert question in " ".join(inside.split())
        assert answer in " ".join(inside.split())


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧: one picture joined by zero-width joiners


def drawn_width(line: str) -> int:
    """Cells a terminal that draws a joined emoji as its parts (xterm, GNOME's VTE) gives `line`."""
    from rich.cells import cell_len

    return sum(cell_len(char) for char in line)


async def test_a_joined_emoji_keeps_the_card_border_in_line(make_app):
    cards = [
        Card(
            "family",
            "Road to war",
            f"Which emoji is {FAMILY} here?",
            f"The family {FAMILY}\n= three people {FAMILY}{FAMILY}",
        )
    ]
    app = make_app(deck=Deck("d", "Emoji deck", [Topic("Road to war", ("family",))], cards))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot)
        await read(app, pilot, "space")
        lines = screen_lines(app)
        top = next(n for n, line in enumerate(lines) if "╭" in line)
        bottom = next(n for n, line in enumerate(lines) if "╰" in line)
        box = lines[top : bottom + 1]
        assert any("👨👩👧" in line for line in box) and not any("\u200d" in line for line in box)
        widths = {drawn_width(line) for line in box}
        assert len(widths) == 1, box  # every line of the card ends at its right border
        assert all(line.rstrip().endswith(("│", "╮", "╯")) for line in box)


async def test_pgdn_and_pgup_are_told_and_scroll_a_long_card(make_app):
    answer = "\n".join(f"- point {i} of a long answer" for i in range(1, 41))
    card = Card("long", "Road to war", "What does this long card say?", answer)
    app = make_app(deck=Deck("d", "D", [Topic("Road to war", ("long",))], [card]))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot)
        text = await read(app, pilot, "space")
        assert "PgDn/PgUp scroll a long card" in text and "e edits the card" in text
        assert "point 1 of" in text and "point 40 of" not in text
        text = await read(app, pilot, "pagedown", "pagedown", "pagedown")
        assert "point 40 of" in text and "point 1 of" not in text
        text = await read(app, pilot, "pageup", "pageup", "pageup")
        assert "point 1 of" in text
        text = await read(app, pilot, "question_mark")
        assert "PgDn  Scroll a long card down" in text and "PgUp  Scroll a long card up" in text
