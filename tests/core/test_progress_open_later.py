"""`open_store(check_later=True)` (issue 18): home's figures from the figures cache first, the open
deck's file read and checked by `finish_opening`, refused exactly as at open, nothing written before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.test_progress_layout import killed
from tests.progress_files import deck_files
from tests.reliability.damage import folder_state
from tui.core.figures_cache import columns_of, read_columns
from tui.core.progress import ProgressCorruptError, list_backups, open_store

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
CARDS = ("rapallo", "britain", "pact")


def clock() -> datetime:
    return NOW


def answered_folder(folder):
    """Three answers to the sample deck over two sessions, the deck opened last; a clean close each."""
    for day, card in enumerate(CARDS):
        store = open_store(folder, now=lambda day=day: NOW - timedelta(days=3 - day))
        store.record_answer("sample", card, day != 1, 2.0, "quiz")
        store.remember_deck("sample", str(folder / "sample.toml"), "Sample", "native", 5)
        store.close()
    return folder


def the_records(folder) -> list[dict]:
    store = open_store(folder, now=clock)
    try:
        return store.fold_question_records("sample", list)
    finally:
        store.close()


def damage_the_deck_file(folder) -> None:
    [deck_file] = deck_files(folder)
    raw = deck_file.read_bytes()
    deck_file.write_bytes(raw.replace(b'"attempts":1', b'"attempts":7', 1))


def test_a_clean_close_keeps_the_columns_of_the_open_decks_file(tmp_path):
    folder = answered_folder(tmp_path)
    records = the_records(folder)
    [deck_file] = deck_files(folder)
    assert read_columns(str(deck_file.relative_to(folder)), "sample") == columns_of(records)


def test_with_the_columns_kept_the_file_waits_and_the_store_gives_them(tmp_path):
    folder = answered_folder(tmp_path)
    records = the_records(folder)
    store = open_store(folder, now=clock, check_later=True)
    try:
        assert store.opening_pending
        assert store.opening_columns("sample") == columns_of(records)
        assert store.opening_columns("another") is None
        assert store.answered_count("sample") == 3
        store.finish_opening()
        assert not store.opening_pending and store.opening_columns("sample") is None
        assert store.fold_question_records("sample", list) == records
    finally:
        store.close()


def test_the_start_s_backup_waits_for_the_check(tmp_path):
    folder = answered_folder(tmp_path)
    before = len(list_backups(folder))
    later = NOW + timedelta(hours=2)
    store = open_store(folder, now=lambda: later, check_later=True)
    try:
        assert len(list_backups(folder)) == before
        store.finish_opening()
        assert len(list_backups(folder)) == before + 1
    finally:
        store.close()


def test_a_damaged_deck_file_with_its_columns_kept_is_refused_at_the_check_as_at_open(tmp_path):
    folder = answered_folder(tmp_path)
    damage_the_deck_file(folder)
    with pytest.raises(ProgressCorruptError) as at_open:
        open_store(folder, now=clock)
    before = folder_state(folder)
    store = open_store(folder, now=clock, check_later=True)  # home can be drawn: the file is unread
    with pytest.raises(ProgressCorruptError) as at_check:
        store.finish_opening()
    assert str(at_check.value) == str(at_open.value)
    with pytest.raises(ProgressCorruptError):  # no write either, and the same refusal each time
        store.record_answer("sample", "pact", True, 2.0, "quiz")
    with pytest.raises(ProgressCorruptError):
        store.set_setting("theme", "nord")
    store.close()
    assert folder_state(folder) == before  # nothing written, no backup taken
    with pytest.raises(ProgressCorruptError):  # the folder was let go: the next open refuses it again
        open_store(folder, now=clock)


def test_a_first_write_before_the_check_runs_the_check_first(tmp_path):
    folder = answered_folder(tmp_path)
    store = open_store(folder, now=clock, check_later=True)
    try:
        assert store.opening_pending
        store.record_answer("sample", "pact", True, 2.0, "quiz")
        assert not store.opening_pending
        assert store.question_stats("sample", "pact").attempts == 2
    finally:
        store.close()


def test_without_kept_columns_the_file_is_checked_at_open(tmp_path, monkeypatch):
    folder = answered_folder(tmp_path)
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "an-empty-cache"))
    damage_the_deck_file(folder)
    with pytest.raises(ProgressCorruptError):
        open_store(folder, now=clock, check_later=True)


def test_with_a_journal_to_fold_the_file_is_checked_at_open(tmp_path):
    folder = answered_folder(tmp_path)
    store = open_store(folder, now=clock)
    store.set_setting("theme", "nord")  # on disk in the journal only: the process is killed
    killed(store)
    reopened = open_store(folder, now=clock, check_later=True)
    try:
        assert not reopened.opening_pending
    finally:
        reopened.close()


def kept_and_made(folder) -> tuple[object, object]:
    """The columns kept for the open deck's file, and those made afresh from its records."""
    records = the_records(folder)
    [deck_file] = deck_files(folder)
    return read_columns(str(deck_file.relative_to(folder)), "sample"), columns_of(records)


ANSWERS = st.lists(
    st.tuples(st.sampled_from(["rapallo", "britain", "pact", "comintern", "new-card"]), st.booleans()),
    max_size=8,
)


@settings(max_examples=25, deadline=None)
@given(ANSWERS, st.sampled_from(["at once", "later", "moved", "amended"]))
def test_a_quit_keeps_the_columns_of_the_new_file_row_for_row(tmp_path_factory, answers, how):
    """A quit makes only the changed rows again (the others from the kept columns): the same columns
    as made from the whole file, whatever changed (answers, a new card, a moved record, an amended mark)."""
    folder = answered_folder(tmp_path_factory.mktemp("data"))
    store = open_store(folder, now=clock, check_later=how != "at once")
    if how != "at once":
        assert store.opening_pending
        store.finish_opening()
    for card, right in answers:
        store.record_answer("sample", card, right, 2.0, "quiz")
    if how == "moved":
        store.move_card_progress("sample", "rapallo", "rapallo-renamed")
    if how == "amended" and answers:
        store.amend_last_answer("sample", answers[-1][0], not answers[-1][1], 2.0, "quiz")
    store.close()
    kept, made = kept_and_made(folder)
    assert kept is not None and kept == made
