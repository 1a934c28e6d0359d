"""A deck whose kept parse is read after home's first frame (issue 18): if its cards cannot be read
then (the cache's were damaged and the file changed in that instant), the app ends with a plain
message and exit 1, as a deck that cannot be opened at start does: no traceback, nothing lost."""

from __future__ import annotations

import pytest

from tests.deck_cache_files import join_entry, split_entry
from tests.screen_text import screen_text
from tui import cli
from tui.app import RevisionApp
from tui.core import formats
from tui.core.formats import cache
from tui.core.progress import open_store

DECK = """title = "Changing deck"
id = "changing"

[[cards]]
id = "rapallo"
topic = "Early diplomacy"
question = "What was the Treaty of Rapallo?"
answer = "Germany and the USSR agreed to trade"
"""


@pytest.fixture
def deck_file(tmp_path, monkeypatch):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "deck.toml"
    path.write_text(DECK, encoding="utf-8")
    formats.load_deck(path)  # its parse kept, as after a first start
    (entry,) = (tmp_path / "cache").glob("*.json")
    outline, _cards = split_entry(entry)
    join_entry(entry, outline, b"not json")  # the kept cards damaged: they are parsed again
    return path


def headless_run(monkeypatch, seen, *, quit: bool = False):
    run = RevisionApp.run

    def headless(self, **options):
        async def look(pilot) -> None:
            seen["home"] = screen_text(pilot.app)  # drawn from the outline, before the cards are read
            if quit:  # else the app ends by itself (the cards could not be read)
                await pilot.pause()
                pilot.app.exit()

        return run(self, headless=True, size=(100, 30), auto_pilot=look)

    monkeypatch.setattr(RevisionApp, "run", headless)


def test_a_deck_file_changed_as_the_app_opened_it_ends_the_app_with_a_message(
    deck_file, tmp_path, monkeypatch, capsys
):
    load_deck = formats.load_deck

    def then_changed(*args, **kwargs):
        deck = load_deck(*args, **kwargs)
        deck_file.write_text(DECK.replace('id = "rapallo"', 'id = "rapallo-2"'), encoding="utf-8")
        return deck

    monkeypatch.setattr(formats, "load_deck", then_changed)
    seen: dict[str, object] = {}
    headless_run(monkeypatch, seen)
    code = cli.main(["--data-dir", str(tmp_path / "data"), "--deck", str(deck_file)])
    err = capsys.readouterr().err
    assert "Changing deck" in str(seen["home"])
    assert code == 1
    assert err == f"revise: {deck_file}: the deck file changed as it was opened — open it again\n"
    assert "Traceback" not in err


def test_damaged_kept_cards_are_parsed_again_and_the_app_goes_on(deck_file, tmp_path, monkeypatch, capsys):
    seen: dict[str, object] = {}
    headless_run(monkeypatch, seen, quit=True)
    assert cli.main(["--data-dir", str(tmp_path / "data"), "--deck", str(deck_file)]) == 0
    assert "Changing deck" in str(seen["home"]) and "1 card" in str(seen["home"])
    assert cache.read_cached(deck_file, None) is not None  # kept whole again for the next start
    store = open_store(tmp_path / "data")
    try:
        assert store.last_deck() is not None and store.last_deck().deck_id == "changing"
    finally:
        store.close()
