"""A deck's identity: its title or TOML id where given, else its cards; never its file name."""

from __future__ import annotations

from tests.deck_files import write_deck
from tui.core.deck import best_matching_deck, fingerprint_id
from tui.core.formats import load_deck


def test_two_different_files_called_notes_txt_get_two_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = load_deck(write_deck(tmp_path / "a", "Q one?\n\nA one\n", "notes.txt"))
    second = load_deck(write_deck(tmp_path / "b", "Q two?\n\nA two\n", "notes.txt"))
    assert first.id != second.id


def test_renaming_a_deck_keeps_its_id_in_every_text_format(tmp_path):
    for text, name in [("Q one?\n\nA one\n", "notes.txt"), ("Rapallo\tTreaty\n", "quizlet.txt")]:
        before = load_deck(write_deck(tmp_path, text, name))
        after = load_deck(write_deck(tmp_path, text, "renamed-" + name))
        assert before.id == after.id and before.id.startswith("deck-")


def test_a_title_names_the_deck(tmp_path):
    deck = load_deck(write_deck(tmp_path, "# Soviet foreign policy\n\nQ?\n\nA\n", "notes.txt"))
    assert deck.id == "soviet-foreign-policy"


def test_fingerprint_ignores_card_order_and_repeats():
    assert fingerprint_id(["b", "a"]) == fingerprint_id(["a", "b", "a"]) != fingerprint_id(["a"])


def test_best_matching_deck_needs_most_of_the_cards():
    known = {"old": {"a", "b", "c", "d"}, "other": {"x", "a"}}
    assert best_matching_deck({"a", "b", "c", "e"}, known) == "old"
    assert best_matching_deck({"a", "x", "y", "z"}, known) is None  # half is not most
    assert best_matching_deck(set(), known) is None
    assert best_matching_deck({"x", "a"}, {"big": {"x", "a", "q", "r"}, "exact": {"x", "a"}}) == "exact"
