"""Home's figures kept per deck file (tui.core.figures_cache): the same figures as the records give,
and an entry that is missing, damaged or for another file, deck or code is never used."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW, build_sample_deck
from tests.core.test_dashboard import answers, store_with
from tui.core import figures_cache
from tui.core.dashboard import figures_from_columns, figures_from_records
from tui.core.figures_cache import Columns, columns_of, read_columns, write_columns

DECK = build_sample_deck()
CARD_IDS = [card.id for card in DECK.cards] + ["dropped-from-the-deck"]
FILE = "decks/sample.0123456789abcdef0123456789abcdef.json"

offsets = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-7, minutes=-30))])
times = st.builds(
    lambda seconds, micros, tz: (FIXED_NOW + timedelta(seconds=seconds, microseconds=micros)).astimezone(tz),
    st.integers(-90 * 86400, 30 * 86400),
    st.integers(0, 999_999),
    offsets,
)


@st.composite
def stored_record(draw: st.DrawFn) -> dict:
    """A question record as stored, with the variety old and new files hold."""
    attempts = draw(st.integers(0, 40))
    recent = draw(st.text("01", max_size=20))
    doc: dict = {
        "deck": "sample",
        "card": draw(st.sampled_from(CARD_IDS)),
        "attempts": attempts,
        "correct": draw(st.integers(0, attempts)),
        "recent": recent,
        "lapses": draw(st.integers(0, 12)),
    }
    if draw(st.booleans()):
        doc["credit_sum"] = draw(st.one_of(st.integers(0, attempts), st.floats(0, attempts)))
    if draw(st.booleans()):  # as long as `recent`, or (an older file) not
        size = len(recent) if draw(st.booleans()) else draw(st.integers(0, 20))
        doc["recent_credit"] = draw(
            st.lists(st.sampled_from([0, 1, 0.0, 0.25, 0.5, 1.0]), min_size=size, max_size=size)
        )
    if draw(st.booleans()):
        doc["last_answered"] = draw(times).isoformat()
    if draw(st.booleans()):
        doc["schedule"] = {"due": draw(times).isoformat()}
    return doc


def assert_same_figures(records: list[dict], now: datetime) -> None:
    columns = columns_of(records)
    assert columns is not None
    assert figures_from_columns(DECK, columns, now) == figures_from_records(DECK, records, now)


@settings(max_examples=150, deadline=None)
@given(st.lists(stored_record(), max_size=40, unique_by=lambda record: record["card"]), times)
def test_the_columns_give_the_figures_the_records_give(records, now):
    """A deck's records, one a card (as the store keeps them), at any time."""
    assert_same_figures(records, now)


@settings(max_examples=40, deadline=None)
@given(answers, st.integers(0, 24 * 60))
def test_the_columns_of_a_stores_records_give_its_figures(history, hours_later):
    store, _clock = store_with(history)
    now = FIXED_NOW + timedelta(hours=hours_later)
    store.fold_question_records("sample", lambda records: assert_same_figures(records, now))


@settings(max_examples=40, deadline=None)
@given(st.lists(stored_record(), max_size=20, unique_by=lambda record: record["card"]))
def test_an_entry_reads_back_as_written(tmp_path_factory, records):
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REVISE_CACHE_DIR", str(folder))
        columns = columns_of(records)
        assert columns is not None
        write_columns(FILE, "sample", columns)
        assert read_columns(FILE, "sample") == columns


def a_columns() -> Columns:
    columns = columns_of(
        [
            {"deck": "sample", "card": "rapallo", "attempts": 2, "correct": 1, "recent": "01", "lapses": 1,
             "last_answered": "2026-11-20T09:00:00+00:00", "schedule": {"due": "2026-11-27T09:00:00+01:00"}},
        ]
    )  # fmt: skip
    assert columns is not None
    return columns


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "figures"


def the_entry(cache) -> object:
    [entry] = cache.iterdir()
    return entry


def test_a_missing_entry_is_none(cache):
    assert read_columns(FILE, "sample") is None


@pytest.mark.parametrize("where", [0, 3, 9, 20, -1])
def test_a_damaged_entry_is_ignored(cache, where):
    write_columns(FILE, "sample", a_columns())
    entry = the_entry(cache)
    raw = bytearray(entry.read_bytes())
    raw[where] ^= 0x01
    entry.write_bytes(bytes(raw))
    assert read_columns(FILE, "sample") is None


def test_a_cut_or_empty_entry_is_ignored(cache):
    write_columns(FILE, "sample", a_columns())
    entry = the_entry(cache)
    raw = entry.read_bytes()
    for cut in (raw[: len(raw) // 2], b"", b"\n"):
        entry.write_bytes(cut)
        assert read_columns(FILE, "sample") is None


def test_an_entry_of_another_file_deck_or_code_version_is_ignored(cache, monkeypatch):
    write_columns(FILE, "sample", a_columns())
    other_file = FILE.replace("0123", "ffff", 1)
    assert read_columns(other_file, "sample") is None
    assert read_columns(FILE, "Sample") is None  # another deck whose safe id reads the same
    the_entry(cache).rename(
        cache / the_entry(cache).name.replace("0123", "ffff", 1)
    )  # renamed: says FILE inside
    assert read_columns(other_file, "sample") is None
    (cache / the_entry(cache).name).rename(cache / the_entry(cache).name.replace("ffff", "0123", 1))
    assert read_columns(FILE, "sample") == a_columns()
    figures_cache.code_version.cache_clear()
    monkeypatch.setattr(figures_cache, "CACHE_FORMAT", figures_cache.CACHE_FORMAT + 1)
    try:
        assert read_columns(FILE, "sample") is None
    finally:
        figures_cache.code_version.cache_clear()


def test_columns_of_unequal_lengths_are_ignored(cache, monkeypatch):
    columns = a_columns()
    columns.attempts.append(3)
    write_columns(FILE, "sample", columns)
    assert read_columns(FILE, "sample") is None


def test_columns_with_a_card_twice_are_ignored(cache):
    columns = a_columns()
    for name in Columns.__struct_fields__:
        getattr(columns, name).append(getattr(columns, name)[0])
    write_columns(FILE, "sample", columns)
    assert read_columns(FILE, "sample") is None


def test_a_new_file_s_entry_replaces_the_deck_s_older_ones_only(cache):
    write_columns(FILE, "sample", a_columns())
    write_columns(FILE.replace("sample", "other"), "other", a_columns())
    newer = FILE.replace("0123", "4567", 1)
    write_columns(newer, "sample", a_columns())
    assert read_columns(FILE, "sample") is None
    assert read_columns(newer, "sample") == a_columns()
    assert read_columns(FILE.replace("sample", "other"), "other") == a_columns()


def test_a_time_without_its_offset_keeps_no_columns():
    naive = {"deck": "sample", "card": "x", "attempts": 1, "correct": 1, "recent": "1",
             "last_answered": "2026-11-20T09:00:00"}  # fmt: skip
    assert columns_of([naive]) is None


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv("REVISE_CACHE_DIR", str(blocker))
    write_columns(FILE, "sample", a_columns())  # nothing kept, nothing raised
    assert read_columns(FILE, "sample") is None
