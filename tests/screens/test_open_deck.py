"""Switching deck from the command palette: a good file opens, a bad one says why."""

from __future__ import annotations

from tests.screen_text import screen_text

NOTES = """# My own notes

## Dates

When was the Treaty of Rapallo?

1922


Who led the USSR in 1941?

Stalin
"""


async def test_palette_opens_a_notes_deck(make_app, tmp_path):
    notes = tmp_path / "my-notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open deck")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#open-deck-path").value = str(notes)  # typing 60 keys is slow
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the deck loads on a worker thread
        await pilot.pause()
        text = screen_text(app)
        assert "My own notes" in text
        assert "2 cards · 1 topic" in text


async def test_a_bad_path_is_explained_and_the_deck_stays(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.navigation.open_deck()
        await pilot.pause()
        missing = tmp_path / "nope.txt"
        app.screen.query_one("#open-deck-path").value = str(missing)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no such file" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.context.deck.title == "Sample deck"
        assert type(app.screen).__name__ == "HomeScreen"


async def test_the_dialog_names_every_format_it_opens_and_opens_an_anki_package(make_app, tmp_path):
    from tests.anki_packages import Note, write_package

    package = write_package(
        tmp_path / "kursk.apkg", [Note(["Which battle in 1943?", "Kursk"], deck="Eastern Front", guid="g1")]
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.navigation.open_deck()
        await pilot.pause()
        assert "Open a deck" in screen_text(app)
        help_text = str(app.screen.query_one("#open-deck-help").render())  # wrapped on screen
        for name in (".toml", ".txt", ".md", ".csv", ".tsv", ".apkg", ".colpkg", "Anki package", "Quizlet"):
            assert name in help_text, name
        app.screen.query_one("#open-deck-path").value = str(package)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Eastern Front" in screen_text(app)
