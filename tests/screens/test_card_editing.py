"""Editing and adding cards in the app: $EDITOR (a stub script here) or the in-app editor.

The card keeps its progress; the deck file changes in that card's lines only.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.screen_text import screen_text
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

NOTES = """# Biology

## Cells

What is the powerhouse of the cell?

The mitochondrion


What holds a cell's genes?

The nucleus
"""

ANKI = "What is 2 + 2?\tfour\nWhat is 3 + 3?\tsix\n"


def notices(app) -> str:
    return "\n".join(notification.message for notification in app._notifications)


def stub_editor(tmp_path: Path, old: str, new: str) -> str:
    """An $EDITOR that replaces `old` with `new` in the file it is given (as a person would)."""
    script = tmp_path / "stub_editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"path.write_text(path.read_text(encoding='utf-8').replace({old!r}, {new!r}), encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


@pytest.fixture(autouse=True)
def no_editor_set(monkeypatch):
    """No $VISUAL or $EDITOR from the machine running the tests: the in-app editor, unless a test sets one."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture
def soviet(tmp_path):
    path = tmp_path / "soviet.toml"
    shutil.copy(shipped_deck_path(), path)
    return path


async def open_editor(app, pilot, deck, at: int) -> None:
    """The card reader on the deck's card `at`, and its edit dialog opened (`e`)."""
    app.navigation.read_cards(deck.cards, at)
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()


async def _settle(app, pilot) -> None:
    await pilot.pause()
    app.writer.wait_until_saved()
    await pilot.pause()


async def _edit_first_card_and_accept(app, pilot, asked: str) -> None:
    """Read the deck's first card, press e, see `asked` in the question offered, answer y."""
    app.navigation.read_cards(app.context.deck.cards, 0)
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert asked in screen_text(app)
    await pilot.press("y")
    await _settle(app, pilot)


async def test_editor_changes_the_answer_in_the_reader_and_the_file_and_keeps_progress(
    make_app, soviet, tmp_path, monkeypatch
):
    deck = load_deck(soviet)
    card = deck.cards[0]
    new_answer = "An answer edited in the editor"
    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, card.answer, new_answer))
    before = soviet.read_text(encoding="utf-8")
    app = make_app(deck)
    store = app.context.progress
    store.record_answer(deck.id, card.id, True, 3.0, "quiz")
    store.record_answer(deck.id, card.id, False, 3.0, "quiz")
    record = store.question_stats(deck.id, card.id)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.read_cards(deck.cards, 0)
        await pilot.pause()
        await pilot.press("e")
        await _settle(app, pilot)
        await pilot.press("space")
        await pilot.pause()
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert new_answer in screen_text(app)
        assert "Card edited" in "\n".join(n.title for n in app._notifications)
        assert "answer edited on 2026-11-26" in screen_text(app)  # on the card's record line
    after = store.question_stats(deck.id, card.id)
    assert (after.attempts, after.correct, after.schedule) == (
        record.attempts,
        record.correct,
        record.schedule,
    )
    assert store.answer_edited(deck.id, card.id) == "2026-11-26"
    text = soviet.read_text(encoding="utf-8")
    assert new_answer in text and card.answer not in text
    # only that card's answer changed: the rest of the file, comments included, is as it was
    assert text == before.replace(card.answer, new_answer)
    assert load_deck(soviet).card(card.id).answer == new_answer


async def test_editing_a_notes_question_moves_its_record_to_the_new_id(make_app, tmp_path, monkeypatch):
    notes = tmp_path / "bio.txt"
    notes.write_text(NOTES, encoding="utf-8")
    deck = load_deck(notes)
    card = deck.cards[0]
    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, "powerhouse", "power station"))
    app = make_app(deck)
    store = app.context.progress
    store.record_answer(deck.id, card.id, True, 3.0, "quiz")
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.read_cards(deck.cards, 0)
        await pilot.pause()
        await pilot.press("e")
        await _settle(app, pilot)
        assert "What is the power station of the cell?" in screen_text(app)
        new = app.context.deck.cards[0]
    assert new.id != card.id
    assert store.question_stats(deck.id, new.id).attempts == 1
    assert store.question_stats(deck.id, card.id) is None
    assert "What is the power station of the cell?" in notes.read_text(encoding="utf-8")


async def test_in_app_editor_without_an_editor_set(make_app, soviet):
    deck = load_deck(soviet)
    card = deck.cards[1]
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editor(app, pilot, deck, 1)
        assert type(app.screen).__name__ == "EditCardScreen"
        assert card.question in screen_text(app)
        app.screen.query_one("#edit-card-answer").text = "Typed in the dialog"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        await pilot.press("space")
        await pilot.pause()
        assert "Typed in the dialog" in screen_text(app)
    assert load_deck(soviet).card(card.id).answer == "Typed in the dialog"


async def test_escape_in_the_in_app_editor_changes_nothing(make_app, soviet):
    before = soviet.read_bytes()
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editor(app, pilot, deck, 0)
        app.screen.query_one("#edit-card-answer").text = "Not kept"
        await pilot.press("escape")
        await pilot.pause()
        assert "Discard your changes to this card?" in screen_text(app)
        await pilot.press("n")  # no: back in the dialog, the text as typed
        await pilot.pause()
        assert app.screen.query_one("#edit-card-answer").text == "Not kept"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "CardReaderScreen"
        await pilot.press("e")  # nothing changed: escape closes at once, nothing asked
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "CardReaderScreen"
    assert soviet.read_bytes() == before


async def test_an_editor_that_removes_the_separator_saves_nothing(make_app, soviet, tmp_path, monkeypatch):
    from tui.card_editing import SEPARATOR

    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, SEPARATOR, ""))
    before = soviet.read_bytes()
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.read_cards(deck.cards, 0)
        await pilot.pause()
        await pilot.press("e")
        await _settle(app, pilot)
        assert "separator line" in notices(app)
    assert soviet.read_bytes() == before


async def test_add_a_card_to_the_highlighted_topic(make_app, soviet):
    deck = load_deck(soviet)
    topic = deck.topics[0]
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert type(app.screen).__name__ == "EditCardScreen"
        assert f"New card · {topic.name}" in screen_text(app)
        app.screen.query_one("#edit-card-question").text = "Who signed the Treaty of Brest-Litovsk?"
        app.screen.query_one("#edit-card-answer").text = "Soviet Russia and the Central Powers"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "TopicsScreen"
        assert len(app.context.deck.topic(topic.name).card_ids) == len(topic.card_ids) + 1
    reloaded = load_deck(soviet)
    added = reloaded.cards_in(topic.name)[-1]
    assert (added.question, added.answer) == (
        "Who signed the Treaty of Brest-Litovsk?",
        "Soviet Russia and the Central Powers",
    )
    assert len(reloaded.cards) == len(deck.cards) + 1


async def test_an_imported_deck_offers_a_native_copy_then_edits_it(make_app, tmp_path, monkeypatch):
    anki = tmp_path / "sums.txt"
    anki.write_text(ANKI, encoding="utf-8")
    deck = load_deck(anki)
    assert deck.format == "anki"
    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, "four", "4"))
    app = make_app(deck)
    store = app.context.progress
    store.record_answer(deck.id, deck.cards[0].id, True, 3.0, "quiz")
    async with app.run_test(size=(120, 36)) as pilot:
        await _edit_first_card_and_accept(app, pilot, "imported anki deck")
        assert app.context.deck.format == "native"
        assert app.context.deck.source == tmp_path / "sums.toml"
    assert anki.read_text(encoding="utf-8") == ANKI  # the export is never changed
    copy = load_deck(tmp_path / "sums.toml")
    assert copy.id == deck.id and copy.card(deck.cards[0].id).answer == "4"
    assert store.question_stats(deck.id, deck.cards[0].id).attempts == 1


async def test_reload_after_an_outside_edit_keeps_progress_and_says_what_changed(make_app, soviet):
    deck = load_deck(soviet)
    card = deck.cards[2]
    app = make_app(deck)
    store = app.context.progress
    store.record_answer(deck.id, card.id, True, 3.0, "quiz")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not app.deck_watcher.check()  # nothing changed yet
        text = soviet.read_text(encoding="utf-8")
        soviet.write_text(text.replace(card.answer, "Changed in another window", 1), encoding="utf-8")
        assert app.deck_watcher.check()
        await pilot.pause()
        assert "ctrl+r to reload" in notices(app)
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        assert "1 card edited" in notices(app)
        assert app.context.deck.card(card.id).answer == "Changed in another window"
        assert not app.deck_watcher.check()
    assert store.question_stats(deck.id, card.id).attempts == 1
    assert store.answer_edited(deck.id, card.id) == "2026-11-26"


async def test_edit_from_weak_spots_and_quiz_feedback(make_app, soviet, tmp_path, monkeypatch):
    deck = load_deck(soviet)
    card = deck.cards[0]
    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, card.answer, "Edited from weak spots"))
    app = make_app(deck)
    app.context.progress.record_answer(deck.id, card.id, False, 3.0, "quiz")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("e")
        await _settle(app, pilot)
        assert app.context.deck.card(card.id).answer == "Edited from weak spots"
        # the quiz: ctrl+e while the feedback shows
        monkeypatch.setenv("EDITOR", stub_editor(tmp_path, "Edited from weak spots", "Edited in a quiz"))
        app.navigation.start_review([card.id], "Review", answer_mode="choice")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await _settle(app, pilot)
        assert app.context.deck.card(card.id).answer == "Edited in a quiz"
        assert not app.screen.quiz.clock.is_held("editing")  # held only while the editor was open
    assert load_deck(soviet).card(card.id).answer == "Edited in a quiz"


async def test_the_quiz_clock_stops_while_a_card_is_edited_in_the_dialog(make_app, soviet):
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.start_review([deck.cards[0].id], "Review", answer_mode="choice")
        await pilot.pause()
        quiz_screen = app.screen
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert type(app.screen).__name__ == "EditCardScreen"
        assert quiz_screen.quiz.clock.is_held("editing")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz_screen and not quiz_screen.quiz.clock.is_held("editing")


async def _save_after_an_outside_change(app, pilot, deck_file, changed, *, watcher_told=False) -> str:
    """The highlighted card's answer typed anew in the editor, then `changed`'s first answer line
    edited in the deck file by another program (`watcher_told`: and the watcher's check ran while the
    editor was open, as its timer does every few seconds), then ctrl+s: that line as it was."""
    await pilot.press("e")
    await pilot.pause()
    app.screen.query_one("#edit-card-answer").text = "A long answer the student typed"
    line = changed.answer.splitlines()[0]
    text = deck_file.read_text(encoding="utf-8")
    assert line in text
    deck_file.write_text(text.replace(line, line + " (edited elsewhere)", 1), encoding="utf-8")
    if watcher_told:
        assert app.deck_watcher.check()
        await pilot.pause()
        assert "Press ctrl+r to reload it" in notices(app)  # true while the editor is open
    await pilot.press("ctrl+s")
    await _settle(app, pilot)
    return line


async def test_a_save_goes_through_when_only_another_card_changed_on_disk(make_app, soviet):
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.read_cards(deck.cards, 1)
        await pilot.pause()
        # meanwhile another program changes another card in the deck file
        other = await _save_after_an_outside_change(app, pilot, soviet, deck.cards[0])
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert "The other change to the file was loaded too: 1 card edited" in notices(app)
        assert app.context.deck.card(deck.cards[0].id).answer.startswith(other + " (edited elsewhere)")
    saved = load_deck(soviet)
    assert saved.card(deck.cards[1].id).answer == "A long answer the student typed"
    assert saved.card(deck.cards[0].id).answer.startswith(other + " (edited elsewhere)")  # both kept


async def test_a_save_that_loaded_the_outside_change_withdraws_the_reload_notice(make_app, soviet):
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.read_cards(deck.cards, 1)
        await pilot.pause()
        await _save_after_an_outside_change(app, pilot, soviet, deck.cards[0], watcher_told=True)
        shown = notices(app)
        assert "The other change to the file was loaded too: 1 card edited" in shown
        assert "ctrl+r" not in shown  # the save took the change in: nothing is left to reload
        assert not app.deck_watcher.check()
        await pilot.pause()
        assert "ctrl+r" not in notices(app)


async def test_a_refused_save_leaves_the_reload_notice(make_app, soviet):
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.read_cards(deck.cards, 0)
        await pilot.pause()
        # the card being edited is the one changed on disk: the save is refused, the file not loaded
        await _save_after_an_outside_change(app, pilot, soviet, deck.cards[0], watcher_told=True)
        assert type(app.screen).__name__ == "EditCardScreen"
        assert "Press ctrl+r to reload it" in notices(app)


async def test_a_notes_deck_save_goes_through_after_another_card_changed(make_app, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")
    deck = load_deck(path)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editor(app, pilot, deck, 0)
        app.screen.query_one("#edit-card-answer").text = "The mitochondria, the cell's power plant"
        path.write_text(NOTES.replace("The nucleus", "The nucleus (DNA)"), encoding="utf-8")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert app.context.deck.id == deck.id
    saved = load_deck(path)
    assert [card.answer for card in saved.cards] == [
        "The mitochondria, the cell's power plant",
        "The nucleus (DNA)",
    ]


async def test_editing_a_deck_kept_apart_from_a_same_titled_file_keeps_it_apart(make_app, tmp_path):
    from tui.core.library import claim_deck_id

    other, path = tmp_path / "other.txt", tmp_path / "notes.txt"
    other.write_text("# Biology\n\nWhat is DNA?\n\nGenes\n", encoding="utf-8")
    path.write_text(NOTES, encoding="utf-8")
    app = make_app(load_deck(other))
    store = app.context.progress
    store.remember_deck("biology", str(other.resolve()), "Biology", "notes", 1)
    deck, notice = claim_deck_id(load_deck(path), store)
    assert deck.id == "biology-2" and notice
    store.remember_deck(deck.id, str(path.resolve()), "Biology", "notes", 2)
    store.record_answer(deck.id, deck.cards[1].id, True, 2.0, "quiz")
    app = make_app(deck, store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editor(app, pilot, deck, 0)
        app.screen.query_one("#edit-card-answer").text = "The mitochondria"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert app.context.deck.id == "biology-2"
    assert store.answered_count("biology-2") == 1 and store.answered_count("biology") == 0


async def test_a_refused_save_keeps_the_editor_open_with_the_text_as_typed(make_app, soviet):
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.read_cards(deck.cards, 1)
        await pilot.pause()
        # meanwhile another program changes this very card in the deck file
        await _save_after_an_outside_change(app, pilot, soviet, deck.cards[1])
        assert type(app.screen).__name__ == "EditCardScreen"
        assert app.screen.query_one("#edit-card-answer").text == "A long answer the student typed"
        shown = screen_text(app)
        assert "Not saved:" in shown and "changed" in shown
        assert "escape cancels" in shown
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "CardReaderScreen"
    assert "A long answer the student typed" not in soviet.read_text(encoding="utf-8")


async def test_editing_the_shipped_deck_offers_an_own_copy_in_the_data_folder(
    make_app, tmp_path, monkeypatch
):
    shipped = shipped_deck_path()
    before = shipped.read_bytes()
    deck = load_deck(shipped)
    monkeypatch.setenv("REVISE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, deck.cards[0].answer.splitlines()[0], "Edited answer"))
    app = make_app(deck)
    store = app.context.progress
    store.record_answer(deck.id, deck.cards[0].id, True, 3.0, "quiz")
    async with app.run_test(size=(120, 36)) as pilot:
        await _edit_first_card_and_accept(app, pilot, "comes with Revise")
        copy = tmp_path / "data" / "my-decks" / shipped.name
        assert app.context.deck.source == copy
    assert shipped.read_bytes() == before  # the installed deck is never changed
    edited = load_deck(copy)
    assert edited.id == deck.id and edited.cards[0].answer.startswith("Edited answer")
    assert store.question_stats(deck.id, deck.cards[0].id).attempts == 1
    # started on the shipped file again (--deck): the own copy is offered, never a second one
    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, "Edited answer", "Edited twice"))
    app = make_app(load_deck(shipped), store)
    async with app.run_test(size=(120, 36)) as pilot:
        await _edit_first_card_and_accept(app, pilot, "your own copy is")
        assert app.context.deck.source == copy
    assert sorted(p.name for p in copy.parent.iterdir()) == [shipped.name]
    assert load_deck(copy).cards[0].answer.startswith("Edited twice")


async def test_saving_an_own_copy_goes_on_with_the_edit_and_comes_back_to_the_card(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.setenv("REVISE_DATA_DIR", str(tmp_path / "data"))
    deck = load_deck(shipped_deck_path())
    card = deck.cards[3]
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_editor(app, pilot, deck, 3)
        assert "Save your own copy" in screen_text(app)
        await pilot.press("y")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "EditCardScreen"  # the edit goes on, on the copy
        assert card.question in screen_text(app)
        assert app.context.deck.source == tmp_path / "data" / "my-decks" / shipped_deck_path().name
        app.screen.query_one("#edit-card-answer").text = "Typed on the copy"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "CardReaderScreen"  # back on the card, not home
        await pilot.press("space")
        await pilot.pause()
        assert card.question in screen_text(app) and "Typed on the copy" in screen_text(app)
    assert load_deck(app.context.deck.source).card(card.id).answer == "Typed on the copy"


async def test_an_own_copy_made_from_a_topic_keeps_the_reader_in_that_topic_at_the_card(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.setenv("REVISE_DATA_DIR", str(tmp_path / "data"))
    deck = load_deck(shipped_deck_path())
    topic = deck.topics[0]
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        app.navigation.read_cards(deck.cards_in(topic.name), 1)
        await pilot.pause()
        assert f"2 / {len(topic.card_ids)}" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await _settle(app, pilot)
        await pilot.press("escape")  # the edit dialog on the copy, left unchanged
        await pilot.pause()
        assert type(app.screen).__name__ == "CardReaderScreen"
        assert f"2 / {len(topic.card_ids)}" in screen_text(app)  # the topic's run, not "2 / 29"
        assert app.screen.card.id == topic.card_ids[1]
        for _ in range(len(topic.card_ids)):  # past the topic's last card: still the topic
            await pilot.press("n")
        await pilot.pause()
        assert app.screen.card.topic == topic.name


async def test_an_outside_editor_on_a_new_own_copy_comes_back_to_the_edited_card(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.setenv("REVISE_DATA_DIR", str(tmp_path / "data"))
    deck = load_deck(shipped_deck_path())
    card = deck.cards[0]
    monkeypatch.setenv("EDITOR", stub_editor(tmp_path, card.answer.splitlines()[0], "Edited outside"))
    app = make_app(deck)
    async with app.run_test(size=(120, 36)) as pilot:
        await _edit_first_card_and_accept(app, pilot, "comes with Revise")
        assert type(app.screen).__name__ == "CardReaderScreen"
        await pilot.press("space")
        await pilot.pause()
        assert "Edited outside" in screen_text(app)


WEIRD_NOTES = (
    "# Weird\n\nWhat does 🚀 stand\u200b for in \u202ethis\u202c deck\u200b?\n\n"
    "Lift\u2060off \u2066👨\u200d👩\u200d👧\u2069 soon\n\n\nFirst?\n\nOne\n"
)


@pytest.mark.parametrize("field", ["answer", "question"])
async def test_a_card_with_zero_width_and_bidi_characters_is_edited_at_80x24(make_app, tmp_path, field):
    """The tester's dead end: 'card ... was not found in the file' for a question with a U+200B."""
    path = tmp_path / "weird.txt"
    path.write_text(WEIRD_NOTES, encoding="utf-8")
    deck = load_deck(path)
    card = deck.cards[0]
    app = make_app(deck)
    store = app.context.progress
    store.record_answer(deck.id, card.id, True, 3.0, "quiz")
    new = "Rockets, edited 🚀" if field == "answer" else "What does 🚀 mean here?"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(app, pilot, deck, 0)
        app.screen.query_one(f"#edit-card-{field}").text = new
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert type(app.screen).__name__ == "CardReaderScreen", screen_text(app)
        assert "Card edited" in "\n".join(n.title for n in app._notifications)
        saved = app.context.deck.cards[0]
    assert getattr(load_deck(path).cards[0], field) == new
    assert store.question_stats(deck.id, saved.id).attempts == 1  # progress kept (moved with a new id)


async def test_a_refused_save_says_why_on_screen_at_80x24(make_app, soviet):
    deck = load_deck(soviet)
    app = make_app(deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_editor(app, pilot, deck, 1)
        assert "escape cancels" in screen_text(app)  # the keys fit before any error
        app.screen.query_one("#edit-card-answer").text = "Typed"
        own = deck.cards[1].answer.splitlines()[0]  # this very card changed elsewhere: refused
        text = soviet.read_text(encoding="utf-8")
        soviet.write_text(text.replace(own, own + " (edited elsewhere)", 1), encoding="utf-8")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        shown = screen_text(app)
        # the reason (its wrap depends on the file's path) is the status line's, wholly on screen
        status = app.screen.query_one("#edit-card-status")
        assert "Not saved:" in shown and "reload the deck" in str(status.content)
        assert status.region.bottom <= app.screen.size.height - 1  # above the key bar
        assert "ctrl+s tries again · escape cancels" in shown
        assert "Answer" in shown and "Question" in shown  # both text areas still there, smaller
