"""A damaged deck file whose figures are cached (issue 18): home may be drawn from the cache, then
the file's check refuses it exactly as a start refuses it without the cache: the same message on
stderr, exit 1, and nothing written in between, though keys were pressed and the library updated."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.progress_files import deck_files
from tests.reliability.damage import folder_state
from tests.screen_text import screen_text
from tui import cli
from tui.app import RevisionApp
from tui.core.formats import load_deck
from tui.core.progress import ProgressCorruptError, open_store
from tui.paths import shipped_deck_path

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def answered(folder):
    deck = load_deck(shipped_deck_path())
    store = open_store(folder, now=lambda: NOW)
    for n, card in enumerate(deck.cards[:6]):
        store.record_answer(deck.id, card.id, n % 2 == 0, 2.0, "quiz")
    store.close()  # a clean close: the deck file's figures are kept in the cache
    return folder


@pytest.mark.parametrize("keys", [(), ("t",), ("w", "escape", "q")])
def test_a_damaged_deck_file_with_cached_figures_is_refused_as_at_start_and_nothing_is_written(
    tmp_path, capsys, monkeypatch, keys
):
    folder = answered(tmp_path / "data")
    [deck_file] = deck_files(folder)
    deck_file.write_bytes(deck_file.read_bytes().replace(b'"attempts":1', b'"attempts":3', 1))
    with pytest.raises(ProgressCorruptError) as at_open:  # what a start said before the cache
        open_store(folder, deck=load_deck(shipped_deck_path()).id).close()
    before = folder_state(folder)
    seen: dict[str, object] = {}
    run = RevisionApp.run

    def headless(self, **options):
        async def press(pilot) -> None:
            seen["home"] = screen_text(pilot.app)
            for key in keys:  # all at once, as a student typing ahead: handled before or after the check
                pilot.app.simulate_key(key)
            # the app ends by itself (the refusal): no waiting here for a screen that is gone

        return run(self, headless=True, size=(100, 30), auto_pilot=press)

    monkeypatch.setattr(RevisionApp, "run", headless)
    code = cli.main(["--data-dir", str(folder), "--deck", str(shipped_deck_path())])
    err = capsys.readouterr().err
    assert "6 of 29" in str(seen.get("home"))  # home was drawn from the cached figures first
    assert code == 1
    assert err == f"revise: {at_open.value}\n"
    assert "revise restore" in err
    assert folder_state(folder) == before  # no library update, no setting, no backup, no journal line


def test_the_intact_file_with_cached_figures_starts_and_saves_as_usual(tmp_path, capsys, monkeypatch):
    folder = answered(tmp_path / "data")
    run = RevisionApp.run
    seen: dict[str, object] = {}

    def headless(self, **options):
        async def press(pilot) -> None:
            seen["pending at start"] = pilot.app.context.progress.opening_pending
            await pilot.pause()
            seen["home"] = screen_text(pilot.app)
            pilot.app.exit()

        return run(self, headless=True, size=(100, 30), auto_pilot=press)

    monkeypatch.setattr(RevisionApp, "run", headless)
    assert cli.main(["--data-dir", str(folder), "--deck", str(shipped_deck_path())]) == 0
    assert "6 of 29" in str(seen["home"])
    store = open_store(folder)
    try:
        deck = load_deck(shipped_deck_path())
        assert (
            store.last_deck() is not None and store.last_deck().deck_id == deck.id
        )  # the library write landed
        assert store.answered_count(deck.id) == 6
    finally:
        store.close()


def test_a_read_of_the_records_before_the_check_ends_in_the_same_refusal(tmp_path, capsys, monkeypatch):
    """A screen reading the open deck's records before the check after home's first frame (a key
    handled first) meets the damage itself: the app ends with the same refusal, nothing written."""
    folder = answered(tmp_path / "data")
    [deck_file] = deck_files(folder)
    deck_file.write_bytes(deck_file.read_bytes().replace(b'"attempts":1', b'"attempts":3', 1))
    deck_id = load_deck(shipped_deck_path()).id
    with pytest.raises(ProgressCorruptError) as at_open:
        open_store(folder, deck=deck_id).close()
    before = folder_state(folder)
    seen: dict[str, object] = {}
    run = RevisionApp.run

    def headless(self, **options):
        async def read_first(pilot) -> None:
            app = pilot.app
            seen["checked before the read"] = not app.context.progress.opening_pending
            app.call_later(lambda: app.context.progress.all_question_stats(deck_id))

        return run(self, headless=True, size=(100, 30), auto_pilot=read_first)

    monkeypatch.setattr(RevisionApp, "run", headless)
    code = cli.main(["--data-dir", str(folder), "--deck", str(shipped_deck_path())])
    assert (code, capsys.readouterr().err) == (1, f"revise: {at_open.value}\n")
    assert folder_state(folder) == before
