"""Several decks: the library remembers them, `revise` opens the last one, the Decks screen lists them."""

from __future__ import annotations

import random
import shutil

from tests.screen_text import screen_text
from tui.app import RevisionApp
from tui.core.formats import load_deck
from tui.core.progress import open_store
from tui.library_start import last_or_shipped_deck
from tui.paths import shipped_deck_path

BIOLOGY = """# Biology

## Cells

What is the powerhouse of the cell?

The mitochondrion


What holds a cell's genes?

The nucleus
"""

UNTITLED = """What is 2 + 2?

4


What is 3 + 3?

6


What is 4 + 4?

8
"""


def _app(deck, store, clock) -> RevisionApp:
    return RevisionApp(deck, store, now=clock, rng=random.Random(7), animations=False)


def notices(app) -> str:
    """Every notice the app has shown (toasts wrap long lines on screen)."""
    return "\n".join(notification.message for notification in app._notifications)


async def _land(app, pilot) -> None:
    """Let queued writes reach the store and their callbacks run."""
    await pilot.pause()
    app.writer.wait_until_saved()
    await pilot.pause()


async def test_two_decks_then_revise_without_deck_opens_the_last_and_decks_lists_both(tmp_path, clock):
    shipped = tmp_path / "soviet.toml"
    shutil.copy(shipped_deck_path(), shipped)
    biology = tmp_path / "biology.txt"
    biology.write_text(BIOLOGY, encoding="utf-8")
    soviet = load_deck(shipped)
    store = open_store(tmp_path / "data", now=clock)
    for card, right in zip(soviet.cards[:3], (True, True, False)):
        store.record_answer(soviet.id, card.id, right, 4.0, "quiz")
    app = _app(soviet, store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await _land(app, pilot)
        app.navigation.switch_deck(load_deck(biology))
        await _land(app, pilot)
    store.close()

    clock.advance(3 * 86400)  # the three answers are due again
    store = open_store(tmp_path / "data", now=clock)
    deck, told = last_or_shipped_deck(store)
    assert (deck.title, told) == ("Biology", [])
    app = _app(deck, store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await _land(app, pilot)
        home = screen_text(app)
        assert "Biology" in home
        assert "none here · 3 in 1 other deck" in home
        await pilot.press("d")
        await _land(app, pilot)
        text = screen_text(app)
        assert "Biology (open)" in text and "Soviet foreign policy" in text
        soviet_row = next(line for line in text.splitlines() if "Soviet foreign policy" in line)
        assert f" {len(soviet.cards)} " in soviet_row and "67%" in soviet_row and " 3 " in soviet_row
        assert f"File: {biology.resolve()}" in text  # the highlighted deck's file in full
        await pilot.press("down")
        await pilot.pause()
        assert f"File: {shipped.resolve()}" in screen_text(app)
        await pilot.press("enter")  # the Soviet deck: opens it
        await app.workers.wait_for_complete()
        await _land(app, pilot)
        assert app.context.deck.id == soviet.id
        assert type(app.screen).__name__ == "HomeScreen"
    store.close()


async def test_a_moved_deck_is_missing_then_located_with_its_progress(tmp_path, clock):
    biology = tmp_path / "biology.txt"
    biology.write_text(BIOLOGY, encoding="utf-8")
    deck = load_deck(biology)
    store = open_store(tmp_path / "data", now=clock)
    store.record_answer(deck.id, deck.cards[0].id, True, 4.0, "quiz")
    app = _app(deck, store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await _land(app, pilot)
    store.close()

    moved = tmp_path / "moved" / "bio.txt"
    moved.parent.mkdir()
    biology.rename(moved)
    store = open_store(tmp_path / "data", now=clock)
    start, told = last_or_shipped_deck(store)
    assert start.id == "soviet-foreign-policy"
    assert len(told) == 1 and "Biology" in told[0] and str(biology.resolve()) in told[0]
    app = _app(start, store, clock)
    app.start_notices = told
    async with app.run_test(size=(140, 36)) as pilot:
        await _land(app, pilot)
        assert "could not be opened" in notices(app)
        await pilot.press("d")
        await _land(app, pilot)
        text = screen_text(app)
        row = next(i for i, r in enumerate(app.screen.rows) if r.missing)
        app.screen.query_one("DataTable").move_cursor(row=row)
        await pilot.pause()
        assert "missing biology.txt" in text
        assert f"Missing: {biology.resolve()}" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen.query_one("#open-deck-box")  # the dialog itself names the deck and where it was
        said = " ".join(str(static.render()) for static in dialog.query("Static"))
        assert "Where is “Biology” now?" in said and str(biology.resolve()) in said, said
        app.screen.query_one("#open-deck-path").value = str(moved)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await _land(app, pilot)
        assert app.context.deck.title == "Biology"
        assert store.question_stats(deck.id, deck.cards[0].id).attempts == 1
        assert store.library_entry(deck.id).path == str(moved.resolve())
    store.close()


async def test_progress_follows_an_untitled_deck_whose_cards_changed(tmp_path, clock):
    notes = tmp_path / "sums.txt"
    notes.write_text(UNTITLED, encoding="utf-8")
    before = load_deck(notes)
    store = open_store(tmp_path / "data", now=clock)
    for card in before.cards:
        store.record_answer(before.id, card.id, True, 2.0, "quiz")
    notes.write_text(UNTITLED + "\n\nWhat is 5 + 5?\n\n10\n", encoding="utf-8")  # edited elsewhere
    after = load_deck(notes)
    assert after.id != before.id  # an untitled deck's identity is its cards
    app = _app(after, store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await _land(app, pilot)
        assert "progress is carried over" in notices(app)
        assert "3 of 4 answered" in screen_text(app) or "3 of 4" in screen_text(app)
    assert len(store.all_question_stats(after.id)) == 3
    assert store.all_question_stats(before.id) == {}
    store.close()


async def test_skipped_records_are_told_when_the_deck_opens(tmp_path, make_app):
    notes = tmp_path / "half.txt"
    notes.write_text("Q one?\n\nA one\n\n\nQ two?\n\n\nQ three?\n\nA three\n", encoding="utf-8")
    deck = load_deck(notes)
    assert deck.skipped, "the fixture needs a skipped record"
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        told = f"{len(deck.cards)} cards loaded, {len(deck.skipped)} skipped — see revise check"
        assert told in notices(app)


async def test_palette_opens_decks(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"decks")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DecksScreen"
        assert "No decks yet" in screen_text(app)


async def test_a_deck_whose_progress_file_is_damaged_is_flagged_and_not_opened(tmp_path, clock, capsys):
    import orjson

    from tui.cli import main

    biology = tmp_path / "biology.txt"
    biology.write_text(BIOLOGY, encoding="utf-8")
    bio = load_deck(biology)
    soviet = load_deck(shipped_deck_path())
    data = tmp_path / "data"
    store = open_store(data, now=clock)
    store.remember_deck(bio.id, str(biology), bio.title, "notes", len(bio.cards))
    store.record_answer(bio.id, bio.cards[0].id, True, 4.0, "quiz")
    store.remember_deck(soviet.id, str(shipped_deck_path()), soviet.title, "native", len(soviet.cards))
    store.record_answer(soviet.id, soviet.cards[0].id, True, 4.0, "quiz")
    store.close()
    open_store(data, now=clock).close()  # a start later: each deck in its own file
    tables = orjson.loads((data / "progress.json").read_bytes())
    [summary] = [s for s in tables["deck_files"].values() if s["deck"] == bio.id]
    damaged = data / summary["file"]
    damaged.write_bytes(damaged.read_bytes()[:-30])  # cut off

    store = open_store(data, now=clock, deck=soviet.id)
    app = _app(soviet, store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await _land(app, pilot)
        await pilot.press("d")
        await _land(app, pilot)
        text = screen_text(app)
        bio_row = next(line for line in text.splitlines() if "Biology" in line)
        assert "progress damaged" in bio_row
        while "Progress damaged:" not in screen_text(app):
            await pilot.press("down")
            await pilot.pause()
        await pilot.press("enter")
        await _land(app, pilot)
        assert app.context.deck.id == soviet.id  # still the open deck
        assert "revise restore" in notices(app)
        app.navigation.switch_deck(bio)  # any way of switching is refused the same way
        await _land(app, pilot)
        assert app.context.deck.id == soviet.id
    store.close()
    capsys.readouterr()
    assert main(["--data-dir", str(data), "decks"]) == 1
    said = capsys.readouterr()
    assert str(damaged) in said.err and "revise restore" in said.err and "Traceback" not in said.err


def test_the_shipped_file_opened_again_names_the_students_own_copy(tmp_path, clock, monkeypatch):
    import gc

    from tui.cli import main

    data = tmp_path / "data"
    shipped = shipped_deck_path()
    deck = load_deck(shipped)
    # The own copy editing a card of the shipped deck makes: same file name and deck id, in my-decks/.
    copy = data / "my-decks" / shipped.name
    copy.parent.mkdir(parents=True)
    first = deck.cards[0].answer.splitlines()[0]
    copy.write_text(shipped.read_text(encoding="utf-8").replace(first, "My own answer", 1), encoding="utf-8")
    store = open_store(data, now=clock)
    store.remember_deck(deck.id, str(copy), deck.title, "native", len(deck.cards))
    store.close()

    seen: dict[str, str] = {}
    original = RevisionApp.run

    def headless(self, **options):
        async def look(pilot) -> None:
            await pilot.pause()
            seen["notices"] = notices(pilot.app)
            seen["deck"] = str(pilot.app.context.deck.source)
            await pilot.press("d")
            await pilot.pause()
            seen["decks"] = screen_text(pilot.app)
            pilot.app.exit()

        try:
            return original(self, headless=True, size=(160, 36), auto_pilot=look)
        finally:
            gc.unfreeze()  # run() froze this test process's objects; it goes on

    monkeypatch.setattr(RevisionApp, "run", headless)
    assert main(["--deck", str(shipped), "--data-dir", str(data)]) == 0
    assert seen["deck"] == str(shipped)  # the file asked for is what opens
    assert f"Your own copy is {copy}: d (Your decks) opens it." in seen["notices"]
    assert "without your edits" in seen["notices"]
    assert "my-decks" in seen["decks"]  # d lists the copy to open

    seen.clear()
    copy.unlink()  # no own copy: the shipped deck opens without a word about one
    assert main(["--deck", str(shipped), "--data-dir", str(data)]) == 0
    assert "own copy" not in seen["notices"]


async def test_same_titled_decks_are_named_by_their_files(tmp_path, clock):
    from tests.deck_files import remember_two_my_notes

    store = open_store(tmp_path / "data", now=clock)
    decks = remember_two_my_notes(tmp_path, store)
    app = _app(decks[1], store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await _land(app, pilot)
        await pilot.press("d")
        await _land(app, pilot)
        text = screen_text(app)
        assert "My notes (chemistry.txt) (open)" in text
        assert "My notes (biology.txt)" in text
    store.close()


async def test_down_and_enter_at_once_open_the_deck_below(tmp_path, clock):
    from tests.screens.test_keys_at_once import sent_at_once

    biology = tmp_path / "biology.txt"
    biology.write_text(BIOLOGY, encoding="utf-8")
    untitled = tmp_path / "sums.txt"
    untitled.write_text(UNTITLED, encoding="utf-8")
    store = open_store(tmp_path / "data", now=clock)
    app = _app(load_deck(untitled), store, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await _land(app, pilot)
        app.navigation.switch_deck(load_deck(biology))
        await _land(app, pilot)
        await pilot.press("d")
        await _land(app, pilot)
        assert app.screen.query_one("DataTable").cursor_row == 0
        below = app.screen.rows[1].entry.deck_id  # opened, or gone home to if it is the open one
        sent_at_once(app, "down", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await _land(app, pilot)
        assert app.context.deck.id == below and type(app.screen).__name__ == "HomeScreen"
    store.close()
