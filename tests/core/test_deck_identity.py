"""A deck's identity: its title or TOML id where given, else its cards; never its file name."""

from __future__ import annotations

from tests.deck_files import write_deck
from tui.core.deck import best_matching_deck, fingerprint_id
from tui.core.formats import load_deck
from tui.core.library import claim_deck_id


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


def _same_titled_files(tmp_path):
    maths = write_deck(tmp_path, "# My notes\n\nWhat is 2+2?\n\n4\n", "maths.txt")
    hist = write_deck(tmp_path, "# My notes\n\nWhen did WW2 end?\n\n1945\n", "hist.txt")
    return maths, hist


def _open(deck, store):
    """As the app does on opening a deck: its id claimed, then the deck remembered in the library."""
    deck, notice = claim_deck_id(deck, store)
    store.remember_deck(deck.id, str(deck.source.resolve()), deck.title, deck.format, len(deck.cards))
    return deck, notice


def _both_opened_and_answered(store, tmp_path):
    """The two same-titled files opened (my-notes, my-notes-2), each answered once: their paths."""
    maths_path, hist_path = _same_titled_files(tmp_path)
    for path in (maths_path, hist_path):
        deck, _ = _open(load_deck(path), store)
        store.record_answer(deck.id, deck.cards[0].id, True, 2.0, "quiz")
    return maths_path, hist_path


def test_two_files_with_the_same_title_are_two_decks_with_their_own_progress(memory_store, tmp_path):
    maths_path, hist_path = _same_titled_files(tmp_path)
    maths, maths_notice = _open(load_deck(maths_path), memory_store)
    memory_store.record_answer(maths.id, maths.cards[0].id, True, 2.0, "quiz")
    hist, hist_notice = _open(load_deck(hist_path), memory_store)
    assert maths_notice is None and maths.id == "my-notes"  # the first file keeps the title's id
    assert hist.id != maths.id and hist.title == "My notes"
    assert "maths.txt" in hist_notice and hist.id in hist_notice
    assert memory_store.answered_count(hist.id) == 0 and memory_store.answered_count(maths.id) == 1
    assert {entry.deck_id for entry in memory_store.library()} == {maths.id, hist.id}  # both listed
    # every later open gives each file its own id again, whichever is opened first
    assert _open(load_deck(hist_path), memory_store) == (hist, None)
    assert _open(load_deck(maths_path), memory_store) == (maths, None)


def test_a_deck_opened_before_keeps_its_id_and_progress(memory_store, tmp_path):
    maths_path, hist_path = _same_titled_files(tmp_path)
    memory_store.remember_deck("my-notes", str(hist_path.resolve()), "My notes", "notes", 1)  # older entry
    memory_store.record_answer("my-notes", "when-did-ww2-end", True, 2.0, "quiz")
    hist, notice = claim_deck_id(load_deck(hist_path), memory_store)
    assert (hist.id, notice) == ("my-notes", None)
    maths, notice = claim_deck_id(load_deck(maths_path), memory_store)  # the newcomer is the one kept apart
    assert maths.id == "my-notes-2" and notice is not None


def test_a_moved_file_takes_its_id_over(memory_store, tmp_path):
    maths_path, _ = _same_titled_files(tmp_path)
    memory_store.remember_deck("my-notes", str(tmp_path / "gone.txt"), "My notes", "notes", 1)
    assert claim_deck_id(load_deck(maths_path), memory_store) == (load_deck(maths_path), None)


def test_native_decks_keep_the_id_they_state(memory_store, tmp_path):
    text = 'title = "T"\nid = "same"\n\n[[cards]]\nid = "c"\ntopic = "x"\nquestion = "Q?"\nanswer = "A"\n'
    first, second = write_deck(tmp_path, text, "a.toml"), write_deck(tmp_path, text, "b.toml")
    _open(load_deck(first), memory_store)
    assert claim_deck_id(load_deck(second), memory_store)[0].id == "same"


def test_a_kept_apart_file_located_after_a_move_keeps_its_id(memory_store, tmp_path):
    maths_path, hist_path = _same_titled_files(tmp_path)
    _open(load_deck(maths_path), memory_store)
    hist, _ = _open(load_deck(hist_path), memory_store)
    (tmp_path / "moved").mkdir()
    moved = hist_path.rename(tmp_path / "moved" / "hist.txt")
    located, notice = claim_deck_id(load_deck(moved), memory_store, moved_from=hist.id)
    assert (located.id, notice) == (hist.id, None)
    maths_id = claim_deck_id(load_deck(maths_path), memory_store, moved_from=hist.id)[0].id
    assert maths_id == "my-notes"  # a file at its own place keeps its own id whatever is asked


def test_a_kept_apart_file_moved_and_opened_by_its_new_path_keeps_its_id(memory_store, tmp_path):
    """`revise --deck NEWPATH` on a moved kept-apart deck: the library knows it by the answers its
    missing entry holds, so it keeps `my-notes-2` (it became `my-notes-3`, its progress carried)."""
    maths_path, hist_path = _both_opened_and_answered(memory_store, tmp_path)
    (tmp_path / "moved").mkdir()
    moved = hist_path.rename(tmp_path / "moved" / "history.txt")
    reopened, notice = _open(load_deck(moved), memory_store)
    assert (reopened.id, notice) == ("my-notes-2", None)
    assert {entry.deck_id: entry.path for entry in memory_store.library()} == {
        "my-notes": str(maths_path.resolve()),
        "my-notes-2": str(moved.resolve()),
    }
    assert memory_store.answered_count("my-notes-2") == 1


def test_a_kept_apart_file_moved_with_the_first_one_still_keeps_its_own_id(memory_store, tmp_path):
    maths_path, hist_path = _both_opened_and_answered(memory_store, tmp_path)
    (tmp_path / "moved").mkdir()
    new_hist = hist_path.rename(tmp_path / "moved" / "hist.txt")
    new_maths = maths_path.rename(tmp_path / "moved" / "maths.txt")
    # both files gone from their places: each takes its own id, never the other's progress
    assert _open(load_deck(new_hist), memory_store)[0].id == "my-notes-2"
    assert _open(load_deck(new_maths), memory_store)[0].id == "my-notes"


def test_another_same_titled_deck_never_takes_a_missing_kept_apart_decks_id(memory_store, tmp_path):
    maths_path, hist_path = _same_titled_files(tmp_path)
    _open(load_deck(maths_path), memory_store)
    hist, _ = _open(load_deck(hist_path), memory_store)
    memory_store.record_answer(hist.id, hist.cards[0].id, True, 2.0, "quiz")
    hist_path.unlink()
    physics = write_deck(tmp_path, "# My notes\n\nWhat is a volt?\n\nA unit\n", "physics.txt")
    other, notice = _open(load_deck(physics), memory_store)
    assert other.id == "my-notes-3" and notice is not None  # other cards: a deck of its own
    assert memory_store.answered_count(other.id) == 0
