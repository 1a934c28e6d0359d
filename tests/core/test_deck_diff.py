"""What changed between two loads of a deck, said in one line, with ids for the progress."""

from __future__ import annotations

import shutil

import pytest

from tests.deck_files import FIXTURES, write_deck
from tui.core.deck import DeckError
from tui.core.deck_diff import DeckDiff, diff_decks, reload_deck
from tui.core.editing import add_card, edit_card
from tui.core.formats import load_deck

NATIVE = """title = "T"

[[cards]]
id = "a"
topic = "X"
question = "QA?"
answer = "A"

[[cards]]
id = "b"
topic = "X"
question = "QB?"
answer = "B"

[[cards]]
id = "c"
topic = "Y"
question = "QC?"
answer = "C"
"""


def test_edited_added_and_removed_cards_by_id(tmp_path):
    old = load_deck(write_deck(tmp_path, NATIVE, "old.toml"))
    changed = (
        NATIVE.replace('answer = "A"', 'answer = "A, better"')
        .replace('question = "QB?"', 'question = "QB, clearer?"')
        .replace(
            'id = "c"\ntopic = "Y"\nquestion = "QC?"\nanswer = "C"',
            'id = "d"\ntopic = "Y"\nquestion = "QD?"\nanswer = "D"',
        )
        + '\n[[cards]]\nid = "e"\ntopic = "Y"\nquestion = "QE?"\nanswer = "E"\n'
    )
    new = load_deck(write_deck(tmp_path, changed, "new.toml"))

    diff = diff_decks(old, new)

    assert diff.edited == ("a", "b")
    assert diff.answer_edited == ("a",)
    assert diff.added == ("d", "e")
    assert diff.removed == ("c",)
    assert diff.summary() == "2 cards edited, 2 added, 1 removed"


def test_the_summary_names_cards_once_and_says_when_nothing_changed(tmp_path):
    deck = load_deck(write_deck(tmp_path, NATIVE, "d.toml"))
    assert diff_decks(deck, deck) == DeckDiff()
    assert diff_decks(deck, deck).summary() == "no cards changed" and not diff_decks(deck, deck).changed
    assert DeckDiff(edited=("a", "b"), added=("c",)).summary() == "2 cards edited, 1 added"
    assert DeckDiff(added=("c",)).summary() == "1 card added"
    assert DeckDiff(removed=("c", "d")).summary() == "2 cards removed"


def test_a_notes_question_edited_outside_is_one_edit_with_its_old_and_new_id(tmp_path):
    path = tmp_path / "notes.txt"
    shutil.copyfile(FIXTURES / "source-notes.txt", path)
    old = load_deck(path)
    saved = edit_card(old, old.cards[4].id, question="What did the Genoa Conference of 1922 offer?")
    added = add_card(saved.deck, "All cards", "What was Locarno?", "1925")

    diff = diff_decks(old, added.deck)

    assert diff.renamed == ((old.cards[4].id, saved.card_id),)
    assert diff.edited == (saved.card_id,) and diff.answer_edited == ()
    assert diff.added == (added.card_id,) and diff.removed == ()
    assert diff.summary() == "1 card edited, 1 added"


def test_reloading_after_an_outside_edit_says_what_changed(tmp_path):
    path = write_deck(tmp_path, NATIVE, "d.toml")
    deck = load_deck(path)
    path.write_text(NATIVE.replace('answer = "B"', 'answer = "B, from another window"'), encoding="utf-8")

    new, diff = reload_deck(deck)

    assert new.card("b").answer == "B, from another window"
    assert diff.summary() == "1 card edited" and diff.answer_edited == ("b",)
    path.write_text("not = [toml", encoding="utf-8")
    with pytest.raises(DeckError, match=r"d\.toml:1"):
        reload_deck(deck)
