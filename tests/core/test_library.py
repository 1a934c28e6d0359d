"""The deck library in the store: remembered decks, last deck, figures, carrying progress over."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.conftest import build_sample_deck
from tui.core.deck import SkippedRecord
from tui.core.library import due_elsewhere, due_line, library_rows, progress_source, skipped_notice
from tui.core.progress import ProgressStore


def test_remember_lists_decks_newest_first_and_keeps_the_last(memory_store, clock, tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.txt"
    a.write_text("x")
    b.write_text("x")
    memory_store.remember_deck("deck-a", str(a), "Deck A", "native", 8)
    clock.advance(60)
    memory_store.remember_deck("deck-b", str(b), "Deck B", "notes", 3)
    assert [e.deck_id for e in memory_store.library()] == ["deck-b", "deck-a"]
    assert memory_store.last_deck().title == "Deck B"
    clock.advance(60)
    memory_store.remember_deck("deck-a", str(a), "Deck A", "native", 9)  # opened again: updated, not added
    assert [(e.deck_id, e.cards) for e in memory_store.library()] == [("deck-a", 9), ("deck-b", 3)]
    assert memory_store.last_deck().deck_id == "deck-a"


def test_a_new_id_for_the_same_file_replaces_its_entry(memory_store, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("x")
    memory_store.remember_deck("deck-old", str(path), "Notes", "notes", 2)
    memory_store.remember_deck("deck-new", str(path), "Notes", "notes", 3)
    assert [e.deck_id for e in memory_store.library()] == ["deck-new"]


def test_rows_give_cards_accuracy_due_exam_and_missing_files(memory_store, clock, tmp_path):
    from datetime import date

    from tui.core.readiness import set_exam_date

    here = tmp_path / "here.toml"
    here.write_text("x")
    memory_store.remember_deck("here", str(here), "Here", "native", 8)
    memory_store.remember_deck("gone", str(tmp_path / "gone.toml"), "Gone", "native", 5)
    memory_store.record_answer("here", "c1", True, 3.0, "quiz")
    memory_store.record_answer("here", "c2", False, 3.0, "quiz")
    set_exam_date(memory_store, "here", date(2027, 6, 14))
    rows = {row.entry.deck_id: row for row in library_rows(memory_store, clock() + timedelta(days=2))}
    assert (rows["here"].cards, rows["here"].answered, rows["here"].accuracy) == (8, 2, 0.5)
    assert rows["here"].due == 2  # both reviewed two days ago: due again by now
    assert rows["here"].exam == date(2027, 6, 14) and not rows["here"].missing
    assert rows["gone"].missing and rows["gone"].accuracy is None and rows["gone"].due == 0
    assert rows["gone"].as_json()["missing"] is True


def test_due_in_other_decks_counts_only_the_others(memory_store, clock, tmp_path):
    for name in ("one", "two", "three"):
        memory_store.remember_deck(name, str(tmp_path / name), name, "native", 4)
    memory_store.record_answer("one", "c1", False, 3.0, "quiz")
    memory_store.record_answer("two", "c1", False, 3.0, "quiz")
    memory_store.record_answer("two", "c2", False, 3.0, "quiz")
    later = clock() + timedelta(days=3)
    assert due_elsewhere(memory_store, "one", later) == (2, 1)
    assert due_elsewhere(memory_store, "three", later) == (3, 2)
    assert due_line(12, (31, 3)) == "12 here · 31 in 3 other decks"
    assert due_line(0, (1, 1)) == "none here · 1 in 1 other deck"
    assert due_line(4, (0, 0)) == "4 today"
    assert due_line(0, (0, 0)) == "none due"


def test_progress_follows_a_deck_whose_id_changed(memory_store, clock):
    deck = build_sample_deck()
    for card in deck.cards[:5]:
        memory_store.record_answer("deck-old-fingerprint", card.id, True, 2.0, "quiz")
    session = memory_store.start_session("quiz", "deck-old-fingerprint")
    memory_store.finish_session(session, 5, 5, 30.0)
    memory_store.record_date_match("deck-old-fingerprint", deck.cards[0].id, slipped=True)
    assert progress_source(deck, memory_store) == "deck-old-fingerprint"
    assert memory_store.carry_progress("deck-old-fingerprint", deck.id) == 5
    assert set(memory_store.all_question_stats(deck.id)) == {card.id for card in deck.cards[:5]}
    assert memory_store.all_question_stats("deck-old-fingerprint") == {}
    assert memory_store.session_count(deck.id) == 1
    assert set(memory_store.date_match_stats(deck.id)) == {deck.cards[0].id}
    # now it has progress of its own: nothing more is carried, and a second carry is refused
    assert progress_source(deck, memory_store) is None
    memory_store.record_answer("other", "x", True, 1.0, "quiz")
    assert memory_store.carry_progress("other", deck.id) == 0


def test_a_deck_sharing_few_cards_takes_no_progress(memory_store):
    deck = build_sample_deck()
    for card in deck.cards[:3]:  # 3 of 8: under half
        memory_store.record_answer("another", card.id, True, 2.0, "quiz")
    assert progress_source(deck, memory_store) is None


def test_an_edited_card_keeps_its_record_under_its_new_id(memory_store):
    memory_store.record_answer("d", "old-question", True, 2.0, "quiz")
    memory_store.record_answer("d", "old-question", False, 2.0, "quiz")
    assert memory_store.move_card_progress("d", "old-question", "new-question")
    stats = memory_store.question_stats("d", "new-question")
    assert (stats.attempts, stats.correct) == (2, 1)
    assert memory_store.question_stats("d", "old-question") is None
    assert memory_store.note_answer_edited("d", "new-question")
    assert memory_store.answer_edited("d", "new-question") == "2026-11-26"
    assert not memory_store.note_answer_edited("d", "never-answered")


def test_the_library_survives_reopening(tmp_path, clock):
    from tui.core.progress import open_store

    store = open_store(tmp_path / "data", now=clock)
    store.remember_deck("d", str(tmp_path / "d.toml"), "D", "native", 4)
    store.close()
    again = open_store(tmp_path / "data", now=clock)
    try:
        assert again.last_deck().title == "D"
    finally:
        again.close()


def test_skipped_records_are_told_in_one_line():
    deck = build_sample_deck()
    assert skipped_notice(deck) is None
    skipped = replace(deck, skipped=(SkippedRecord("n.txt", 3, "no answer"), SkippedRecord("n.txt", 9, "x")))
    assert skipped_notice(skipped) == "8 cards loaded, 2 skipped — see revise check"
    doubtful = replace(deck, warnings=(SkippedRecord("n.txt", 7, "'Who?' looks like a new question"),))
    assert skipped_notice(doubtful) == (
        "8 cards loaded, 1 to check (n.txt:7: 'Who?' looks like a new question) — see revise check"
    )


def test_in_memory_store_starts_with_an_empty_library(clock):
    assert ProgressStore.in_memory(now=clock).library() == []


def test_a_copy_beside_its_living_original_takes_no_progress(memory_store, tmp_path):
    original, copy = tmp_path / "original.toml", tmp_path / "copy.toml"
    original.write_text("x")
    deck = replace(build_sample_deck(), id="copy", source=copy)
    memory_store.remember_deck("original", str(original), "Original", "native", 8)
    for card in deck.cards:
        memory_store.record_answer("original", card.id, True, 2.0, "quiz")
    assert progress_source(deck, memory_store) is None
    original.unlink()  # gone: the copy is where the deck lives now
    assert progress_source(deck, memory_store) == "original"


def test_due_count_is_due_today_counted(memory_store, clock):
    from tui.core.library import due_count
    from tui.core.weakness import due_today

    for number in range(30):
        clock.advance(3600 * 7)
        memory_store.record_answer("d", f"c{number}", number % 3 == 0, 2.0, "quiz")
    stats = memory_store.all_question_stats("d")
    for hours in range(0, 24 * 6, 5):
        now = clock() + timedelta(hours=hours)
        assert due_count(stats.values(), now) == len(due_today(stats, now))


def test_a_title_shared_in_the_library_is_named_with_its_file(memory_store, tmp_path):
    from tui.core.library import deck_names

    for folder in ("bio", "chem"):
        (tmp_path / folder).mkdir()
    memory_store.remember_deck("my-notes", str(tmp_path / "biology.txt"), "My notes", "notes", 2)
    memory_store.remember_deck("my-notes-2", str(tmp_path / "chemistry.txt"), "My notes", "notes", 3)
    memory_store.remember_deck("soviet", str(tmp_path / "soviet.toml"), "Soviet policy", "native", 29)
    # the same file name as well: its folder tells them apart
    memory_store.remember_deck("notes", str(tmp_path / "bio" / "notes.txt"), "Notes", "notes", 1)
    memory_store.remember_deck("notes-2", str(tmp_path / "chem" / "notes.txt"), "notes", "notes", 1)
    assert deck_names(memory_store.library()) == {
        "my-notes": "My notes (biology.txt)",
        "my-notes-2": "My notes (chemistry.txt)",
        "soviet": "Soviet policy",  # a title of its own stays as it is
        "notes": "Notes (bio/notes.txt)",
        "notes-2": "notes (chem/notes.txt)",  # titles differing only in case are the same to a reader
    }
