"""Match the date, driven through the Pilot: pairing by keys, mistakes, progress, best times."""

from __future__ import annotations

import re

from msgspec.structs import replace

from tests.conftest import build_sample_deck
from tests.match_board import answer_keys, read_board
from tests.screen_text import screen_text
from tui.core.deck import Deck, Topic
from tui.core.progress import open_store


async def open_board(app, pilot):
    await pilot.press("m")
    await pilot.pause()
    return answer_keys(screen_text(app), app.context.deck)


async def test_solve_a_board_with_letter_digit_keys_without_a_mistake(make_app, memory_store, clock):
    app = make_app(store=memory_store)
    async with app.run_test(size=(120, 30)) as pilot:
        keys = await open_board(app, pilot)
        assert len(keys) == 5 and sorted(keys.values()) == ["1", "2", "3", "4", "5"]
        assert "Mistakes 0 (+5 s each)" in screen_text(app)
        for n, (letter, digit) in enumerate(sorted(keys.items())):
            clock.advance(2)
            # Both orders work: letter then digit, digit then letter.
            await pilot.press(*((letter, digit) if n % 2 else (digit, letter)))
            await pilot.pause()
            if n == 1:
                text = screen_text(app)
                assert "Paired 2 of 5" in text and "Time 4.0 s" in text
                assert re.search(rf"✓\s+{letter}\s+\S.*= \d{{4}}", text)
        text = screen_text(app)
        assert "Board cleared" in text and "5 pairs, 5 right first time" in text
        assert re.search(r"Time\s+10\.0 s", text)
        assert re.search(r"Mistakes\s+0 × 5 s penalty = \+0\.0 s", text)
        assert re.search(r"Final time\s+10\.0 s\s+new best!", text)
        assert re.search(r"Best \(5 pairs\)\s+10\.0 s", text)
        app.writer.wait_until_saved()
    # Each event's pairing is kept per event; no card's question record is touched.
    events = memory_store.date_match_stats("sample")
    assert sorted(events) == sorted(e.card_id for e in build_sample_deck().events)
    assert all((e.attempts, e.mistakes) == (1, 0) for e in events.values())
    assert memory_store.all_question_stats("sample") == {}
    (session,) = memory_store.recent_sessions("sample")
    assert (session.mode, session.score, session.questions, session.duration) == ("match", 5, 5, 10.0)
    assert memory_store.best_match_time("sample", 5) == 10.0


async def test_a_mistake_is_counted_flagged_and_kept_as_a_date_slip_not_a_wrong_answer(
    make_app, memory_store, clock
):
    app = make_app(store=memory_store)
    async with app.run_test(size=(120, 30)) as pilot:
        keys = await open_board(app, pilot)
        a_label = read_board(screen_text(app))[0]["a"]
        wrong_digit = next(d for d in "12345" if d != keys["a"])
        clock.advance(3)
        await pilot.press("a", wrong_digit)
        await pilot.pause()
        text = screen_text(app)
        assert "Mistakes 1 (+5 s each)" in text
        assert f"✗ Wrong: a is not {wrong_digit}" in text and "Mistake 1: +5 s" in text
        assert re.search(r"✗\s+a\s", text) and re.search(rf"✗\s+{wrong_digit}\s", text)
        assert "Paired 0 of 5" in text
        for letter, digit in sorted(keys.items()):
            clock.advance(1)
            await pilot.press(letter, digit)
        await pilot.pause()
        text = screen_text(app)
        assert "5 pairs, 4 right first time" in text
        assert re.search(r"Mistakes\s+1 × 5 s penalty = \+5\.0 s", text)
        assert re.search(r"Final time\s+13\.0 s", text)
        app.writer.wait_until_saved()
    a_card = next(e.card_id for e in app.context.deck.events if e.label == a_label)
    slip = memory_store.date_match_stats("sample")[a_card]
    assert (slip.attempts, slip.mistakes) == (1, 1)
    assert memory_store.question_stats("sample", a_card) is None  # the card's question is not marked wrong
    assert memory_store.last_session("sample").score == 4


def cursor_row(text: str) -> str | None:
    """The key (a–f or 1–6) of the row the › cursor is on."""
    found = re.search(r"›[✓✗▶ ]?\s*([a-f1-6])\s", text)
    return found[1] if found else None


async def move_cursor_to(app, pilot, key: str) -> None:
    for _ in range(6):
        if cursor_row(screen_text(app)) == key:
            return
        await pilot.press("down")
        await pilot.pause()
    for _ in range(6):
        if cursor_row(screen_text(app)) == key:
            return
        await pilot.press("up")
        await pilot.pause()
    raise AssertionError(f"cursor never reached {key}")


async def test_arrows_tab_and_enter_make_a_pair(make_app, clock):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        keys = await open_board(app, pilot)
        assert cursor_row(screen_text(app)) == "a"
        # enter picks the event under the cursor and moves to the dates.
        await pilot.press("enter")
        await pilot.pause()
        assert "▶ a picked" in screen_text(app)
        await move_cursor_to(app, pilot, keys["a"])
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "✓ Right: a" in text and "Paired 1 of 5" in text
        # The date first this time: tab over, pick it, left to the events, pick b.
        await pilot.press("tab")
        await move_cursor_to(app, pilot, keys["b"])
        await pilot.press("enter", "left")
        await move_cursor_to(app, pilot, "b")
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ Right: b" in screen_text(app) and "Paired 2 of 5" in screen_text(app)


async def test_a_too_fast_run_is_not_a_record_and_says_why(make_app, memory_store, clock):
    app = make_app(store=memory_store)
    async with app.run_test(size=(120, 30)) as pilot:
        keys = await open_board(app, pilot)
        clock.advance(2.0)  # 0.4 s a pair over five pairs
        for letter, digit in sorted(keys.items()):
            await pilot.press(letter, digit)
        await pilot.pause()
        text = screen_text(app)
        assert "Not kept as a record: 0.40 s a pair is under the 0.5 s a pair minimum" in text
        assert "new best!" not in text and re.search(r"Best \(5 pairs\)\s+none yet", text)
        app.writer.wait_until_saved()
    assert memory_store.best_match_time("sample", 5) is None


async def solve(app, pilot, clock, seconds_per_pair: float) -> str:
    keys = answer_keys(screen_text(app), app.context.deck)
    for letter, digit in sorted(keys.items()):
        clock.advance(seconds_per_pair)
        await pilot.press(letter, digit)
    await pilot.pause()
    return screen_text(app)


async def test_the_best_time_is_kept_across_two_app_runs_on_one_data_dir(make_app, clock, tmp_path):
    store = open_store(tmp_path, now=clock)
    first = make_app(store=store)
    async with first.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert re.search(r"Final time\s+10\.0 s\s+new best!", await solve(first, pilot, clock, 2))
        for _ in range(20):  # the notice comes once the record is on disk
            await pilot.pause(0.05)
            if "New best for 5 pairs: 10.0 s" in screen_text(first):
                break
        assert "New best for 5 pairs: 10.0 s" in screen_text(first)
    store.close()

    store = open_store(tmp_path, now=clock)
    second = make_app(store=store, seed=99)
    async with second.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert re.search(r"Best match time\s+10\.0 s \(5 pairs\)", screen_text(second))
        await pilot.press("m")
        await pilot.pause()
        text = await solve(second, pilot, clock, 3)
        assert re.search(r"Final time\s+15\.0 s", text) and "new best!" not in text
        assert re.search(r"Best \(5 pairs\)\s+10\.0 s", text)
        # enter deals a new board; a faster run beats the kept best.
        await pilot.press("enter")
        await pilot.pause()
        assert "Paired 0 of 5" in screen_text(second)
        text = await solve(second, pilot, clock, 1)
        assert re.search(r"Final time\s+5\.0 s\s+new best!", text)
    store.close()
    assert open_store(tmp_path, now=clock).best_match_time("sample", 5) == 5.0


async def test_escape_goes_back_home(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert "Match the date · whole deck" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


def interwar_deck() -> Deck:
    """The sample deck in two topics: "Interwar" (4 dated events: a 4-pair board) and "War"."""
    sample = build_sample_deck()
    interwar = ("comintern", "first-recognition", "rapallo", "britain", "zinoviev")
    cards = [replace(card, topic="Interwar" if card.id in interwar else "War") for card in sample.cards]
    return Deck(
        id="sample",
        title="Sample deck",
        cards=cards,
        events=sample.events,
        topics=[Topic("Interwar", interwar), Topic("War", ("pact", "czech", "purges"))],
    )


async def test_a_topic_plays_only_its_events(make_app):
    app = make_app(deck=interwar_deck())
    async with app.run_test(size=(120, 30)) as pilot:
        app.navigation.start_match("Interwar")
        await pilot.pause()
        text = screen_text(app)
        assert "topic “Interwar”" in text and "4 pairs" in text
        events, dates = read_board(text)
        assert sorted(dates.values()) == ["1919", "1920", "1922", "1924"]
        assert "Nazi-Soviet Pact signed" not in events.values()


async def test_the_key_bar_names_the_letters_and_digits_a_4_pair_board_has(make_app):
    app = make_app(deck=interwar_deck())
    async with app.run_test(size=(120, 30)) as pilot:
        app.navigation.start_match("Interwar")
        await pilot.pause()
        key_bar = screen_text(app).splitlines()[-1]
        assert "4 pairs" in screen_text(app)
        assert re.search(r"a–d\s+Event", key_bar) and re.search(r"1–4\s+Date", key_bar), key_bar
        assert "a–f" not in key_bar and "1–6" not in key_bar
        await pilot.press("e")
        await pilot.pause()
        assert "There is no event e on this board: events are a–d." in screen_text(app)


async def test_a_topic_with_too_few_dates_says_so_instead_of_a_board(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.navigation.start_match("Road to war")
        await pilot.pause()
        text = screen_text(app)
        assert "Not enough dated events for a board" in text
        assert "“Road to war” has 1 event with different dates; match the date needs at least 3" in text
        await pilot.press("a", "1", "enter")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_the_clock_runs_between_keys_when_refreshed(make_app, clock):
    from tui.widgets.stopwatch import Stopwatch

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        clock.advance(7.5)
        assert "Time 0.0 s" in screen_text(app)
        app.screen.query_one(Stopwatch).refresh_time()
        await pilot.pause()
        assert "Time 7.5 s" in screen_text(app)


async def test_help_lists_the_match_keys(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Keys — Match the date" in text
        # The sample deck's board has 5 pairs: the keys are named as the board has them.
        for key, description in (("a–e", "Event"), ("1–5", "Date"), ("↑↓", "Move"), ("enter", "Pick")):
            assert re.search(rf"{key}\s+{description}", text), key
