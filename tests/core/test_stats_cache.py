"""`revise stats` keeps each deck file's columns (`tui.core.stats_cache`): the same bytes printed,
first run or later, and the same refusals.

The reference is `tests/data/stats_golden.json`: what `revise stats --json` printed for the store
of `tests.stats_store` before the columns were cached (issue 18), byte for byte.
"""

from __future__ import annotations

import os
import shutil
import sys
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tui.core.stats as stats
from tests.conftest import FIXED_NOW
from tests.progress_files import deck_files, saved_tables, write_split
from tests.stats_store import DECK_FILE_PLACEHOLDER, FILE_PLACEHOLDER, write_store
from tui.commands import print_stats
from tui.core import stats_cache
from tui.core.progress import ProgressError, read_store
from tui.core.weakness import (
    _days_since,
    days_since_each,
    microseconds_since_epoch,
    unaged_scores,
    weakness_scores,
)
from tui.exit_codes import EXIT_FAILURE

GOLDEN = Path(__file__).parents[1] / "data" / "stats_golden.json"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of this test's own; the folder of its entries."""
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "stats"


@pytest.fixture
def store(tmp_path) -> Path:
    write_store(tmp_path / "data", tmp_path / "deck.toml")
    return tmp_path / "data"


def stats_json(folder: Path, capsysbinary) -> tuple[int, bytes, bytes]:
    capsysbinary.readouterr()
    code = print_stats(str(folder), as_json=True, now=FIXED_NOW)
    out, err = capsysbinary.readouterr()
    return code, out, err


def golden(folder: Path) -> bytes:
    return (
        GOLDEN.read_bytes()
        .replace(orjson.dumps(FILE_PLACEHOLDER), orjson.dumps(str(folder / "progress.json")))
        .replace(orjson.dumps(DECK_FILE_PLACEHOLDER), orjson.dumps(str(folder.parent / "deck.toml")))
    )


def never(*args, **kwargs):
    raise AssertionError("a deck file was decoded though its columns are cached")


def test_the_first_and_later_runs_print_the_old_bytes(store, cache, capsysbinary):
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")
    assert sorted(path.name.split(".")[0] for path in cache.iterdir()) == ["_n_deck", "b", "deck-a"]
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")


def test_a_first_run_prints_the_report_before_it_keeps_the_entries(store, cache, capsysbinary, monkeypatch):
    """The student sees the report first; the entries are written once it is out."""
    entries_when_printed: list[list[str]] = []

    def printed(text: bytes) -> None:
        entries_when_printed.append(sorted(path.name for path in cache.glob("*")) if cache.exists() else [])
        out.append(text)

    out: list[bytes] = []
    monkeypatch.setattr(
        sys, "stdout", SimpleNamespace(buffer=SimpleNamespace(write=printed), flush=lambda: None)
    )
    assert print_stats(str(store), as_json=True, now=FIXED_NOW) == 0
    assert b"".join(out) == golden(store)
    assert entries_when_printed and all(entries == [] for entries in entries_when_printed)
    assert sorted(path.name.split(".")[0] for path in cache.iterdir()) == ["_n_deck", "b", "deck-a"]


def test_a_record_only_in_the_journal_is_not_kept_in_its_deck_file_s_entry(tmp_path, cache, capsysbinary):
    """The entry, written after the report, holds the deck file's records, not the journal's too."""
    record = {"deck": "d", "attempts": 1, "correct": 1, "streak": 1, "lapses": 0, "recent": "1",
              "mean_seconds": 2.0, "schedule": None}  # fmt: skip
    write_split(tmp_path, {"meta": {"1": {"schema_version": 3}}, "questions": {"1": {**record, "card": "a"}}})
    before = stats_json(tmp_path, capsysbinary)
    shutil.rmtree(cache)
    journal = tmp_path / "progress.json.journal"
    journal.write_bytes(orjson.dumps([["questions", "2", {**record, "card": "only in the journal"}]]) + b"\n")
    code, out, _err = stats_json(tmp_path, capsysbinary)  # the deck file decoded, its entry kept after
    assert code == 0 and b'"only in the journal"' in out
    journal.unlink()
    assert stats_json(tmp_path, capsysbinary) == before


def test_a_later_run_reads_the_cached_columns_not_the_deck_files(store, cache, capsysbinary, monkeypatch):
    stats_json(store, capsysbinary)
    monkeypatch.setattr(stats, "_decode_deck", never)
    monkeypatch.setattr(stats.split, "read_deck_file", never)
    monkeypatch.setattr(stats, "scan_snapshot", never)
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")


def test_a_deck_file_unchanged_since_it_was_hashed_is_not_hashed_again(
    store, cache, capsysbinary, monkeypatch
):
    monkeypatch.setattr(stats, "SETTLED_NS", 0)  # the files count as long unchanged
    stats_json(store, capsysbinary)
    monkeypatch.setattr(stats, "_file_digest", never)
    monkeypatch.setattr(stats, "_decode_deck", never)
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")


def test_a_deck_file_changed_just_before_it_was_hashed_is_hashed_every_run(
    store, cache, capsysbinary, monkeypatch
):
    """A write within the clock's tick after the hash could leave its times as they were."""
    stats_json(store, capsysbinary)  # the deck files were written moments ago
    hashed: list[Path] = []
    digest = stats._file_digest
    monkeypatch.setattr(stats, "_file_digest", lambda path: hashed.append(path) or digest(path))
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")
    assert sorted(hashed) == sorted(deck_files(store))


def test_a_deck_file_found_unchanged_later_is_not_hashed_again_after(store, cache, capsysbinary, monkeypatch):
    stats_json(store, capsysbinary)  # the deck files were written moments ago: hashed on the next run
    monkeypatch.setattr(stats, "SETTLED_NS", 0)  # by then they have long been unchanged
    monkeypatch.setattr(stats, "_decode_deck", never)
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")
    monkeypatch.setattr(stats, "_file_digest", never)
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")


def _flip(path: Path, at: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[at] ^= 0x20
    path.write_bytes(bytes(raw))


def _other_deck_s_entry(entry: Path) -> None:
    other = next(path for path in entry.parent.iterdir() if path != entry)
    shutil.copy(other, entry)


def _entry_of_other_code(entry: Path) -> None:
    raw = entry.read_bytes()
    body = raw[raw.index(b"\n") + 1 :].replace(stats_cache.code_version().encode(), b"0" * 16, 1)
    entry.write_bytes(b"%08x\n" % zlib.crc32(body) + body)


ENTRY_DAMAGE = {
    "a byte changed in its columns": lambda entry: _flip(entry, entry.stat().st_size // 2),
    "a byte changed in its checksum": lambda entry: _flip(entry, 2),
    "cut short": lambda entry: entry.write_bytes(entry.read_bytes()[:-100]),
    "empty": lambda entry: entry.write_bytes(b""),
    "not an entry": lambda entry: entry.write_bytes(b"00000000\nhello"),
    "another deck's entry": _other_deck_s_entry,
    "made by another version": _entry_of_other_code,
    "a folder": lambda entry: (entry.unlink(), entry.mkdir()),
}


@pytest.mark.parametrize("damage", sorted(ENTRY_DAMAGE))
def test_a_damaged_entry_is_ignored_and_made_again(store, cache, capsysbinary, monkeypatch, damage):
    stats_json(store, capsysbinary)
    entry = next(path for path in cache.iterdir() if path.name.startswith("deck-a."))
    ENTRY_DAMAGE[damage](entry)
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")
    if damage != "a folder":  # a folder in its place stays: nothing is kept for that deck then
        monkeypatch.setattr(stats, "_decode_deck", never)
        assert stats_json(store, capsysbinary) == (0, golden(store), b"")


def test_no_cache_folder_to_write_in_changes_nothing_printed(store, tmp_path, monkeypatch, capsysbinary):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REVISE_CACHE_DIR", str(blocker))
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")
    assert stats_json(store, capsysbinary) == (0, golden(store), b"")


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_the_data_folder_is_only_read(store, cache, capsysbinary):
    before = _files(store)
    stats_json(store, capsysbinary)
    stats_json(store, capsysbinary)
    assert _files(store) == before


# -- damage to the store, its columns cached ----------------------------------------------------


def _deck_a_file(folder: Path) -> Path:
    return next(path for path in deck_files(folder) if path.name.startswith("deck-a."))


def _summary_cards(folder: Path) -> None:
    from tui.core.progress.layout import encode_snapshot

    tables = orjson.loads((folder / "progress.json").read_bytes())
    summary = next(doc for doc in tables["deck_files"].values() if doc["deck"] == "deck-a")
    summary["cards"] = "\n".join(sorted(["zz", *summary["cards"].split("\n")[1:]]))
    (folder / "progress.json").write_bytes(encode_snapshot(tables))


def _flip_keeping_times(path: Path) -> None:
    before = path.stat()
    _flip(path, 200)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # its change time moves all the same


STORE_DAMAGE = {
    "a byte of a deck file changed": lambda folder: _flip(_deck_a_file(folder), 200),
    "a byte changed, the modification time put back": lambda folder: _flip_keeping_times(
        _deck_a_file(folder)
    ),
    "a deck file missing": lambda folder: _deck_a_file(folder).unlink(),
    "a deck file cut short": lambda folder: _deck_a_file(folder).write_bytes(
        _deck_a_file(folder).read_bytes()[:-10]
    ),
    "a deck file now a folder": lambda folder: (_deck_a_file(folder).unlink(), _deck_a_file(folder).mkdir()),
    "a summary listing another card": _summary_cards,
}


@pytest.mark.parametrize("settled", [True, False], ids=["files settled", "files just written"])
@pytest.mark.parametrize("damage", sorted(STORE_DAMAGE))
def test_damage_is_refused_as_before_though_the_columns_are_cached(
    store, cache, capsysbinary, monkeypatch, damage, settled
):
    """Settled: the entries hold the deck files' identities, so an unchanged file is not hashed again."""
    if settled:
        monkeypatch.setattr(stats, "SETTLED_NS", 0)
    assert stats_json(store, capsysbinary)[0] == 0  # every deck file's columns cached
    STORE_DAMAGE[damage](store)
    with pytest.raises(ProgressError) as refused:
        read_store(store)
    assert stats_json(store, capsysbinary) == (EXIT_FAILURE, b"", f"revise: {refused.value}\n".encode())


def test_a_record_in_two_deck_files_is_refused_though_the_columns_are_cached(tmp_path, cache, capsysbinary):
    """The first record id that clashes, in the order of the second file, as `read_store` names it."""
    record = {"deck": "a", "card": "x", "attempts": 1, "correct": 1, "streak": 1, "lapses": 0,
              "recent": "1", "mean_seconds": 2.0, "schedule": None}  # fmt: skip
    meta = {"1": {"schema_version": 3}}
    write_split(tmp_path, {"meta": meta, "questions": {"3": record, "5": {**record, "card": "y"}}})
    (tmp_path / "other").mkdir()
    # deck b's file lists record 3 (card z) before 5 (card a): the first clash is 3, in the file's order
    other_records = {"3": {**record, "deck": "b", "card": "z"}, "5": {**record, "deck": "b", "card": "a"}}
    write_split(tmp_path / "other", {"meta": meta, "questions": other_records})
    stats_json(tmp_path, capsysbinary)
    stats_json(tmp_path / "other", capsysbinary)  # both deck files' columns cached
    tables = orjson.loads((tmp_path / "progress.json").read_bytes())
    other = orjson.loads((tmp_path / "other" / "progress.json").read_bytes())["deck_files"]["1"]
    shutil.copy(tmp_path / "other" / other["file"], tmp_path / other["file"])
    tables["deck_files"]["2"] = other
    (tmp_path / "progress.json").write_bytes(orjson.dumps(tables))
    with pytest.raises(
        ProgressError, match="questions record 3 is kept in another deck's file too"
    ) as refused:
        read_store(tmp_path)
    assert stats_json(tmp_path, capsysbinary) == (EXIT_FAILURE, b"", f"revise: {refused.value}\n".encode())


def test_a_deck_s_older_entries_go_when_its_new_file_is_cached(store, cache, capsysbinary):
    stats_json(store, capsysbinary)
    tables = saved_tables(store)
    first = min((key for key, doc in tables["questions"].items() if doc["deck"] == "b"), key=int)
    tables["questions"][first]["attempts"] += 1  # the app saved an answer: deck b's file is new
    for old in deck_files(store):
        old.unlink()
    write_split(store, tables)
    assert stats_json(store, capsysbinary)[0] == 0
    names = sorted(path.name for path in cache.iterdir())
    assert [name.split(".")[0] for name in names] == ["_n_deck", "b", "deck-a"]
    new_file = next(path for path in deck_files(store) if path.name.startswith("b."))
    assert new_file.name.split(".")[1] == names[1].split(".")[2]  # the entry of deck b's new file


def test_decks_whose_ids_differ_only_in_odd_characters_keep_their_own_entries(
    tmp_path, cache, capsysbinary, monkeypatch
):
    record = {"card": "x", "attempts": 1, "correct": 1, "streak": 1, "lapses": 0,
              "recent": "1", "mean_seconds": 2.0, "schedule": None}  # fmt: skip
    questions = {"1": {**record, "deck": "a b"}, "2": {**record, "deck": "a_b"}}
    write_split(tmp_path, {"meta": {"1": {"schema_version": 3}}, "questions": questions})
    first = stats_json(tmp_path, capsysbinary)
    assert [path.name.split(".")[0] for path in cache.iterdir()] == ["a_b", "a_b"]
    monkeypatch.setattr(stats, "_decode_deck", never)
    assert stats_json(tmp_path, capsysbinary) == first


# -- the day counts --------------------------------------------------------------------------------

aware_times = st.builds(
    lambda when, minutes: when.replace(tzinfo=timezone(timedelta(minutes=minutes))),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2999, 12, 30)),
    st.integers(-23 * 60, 23 * 60),
)


@given(last=st.lists(st.one_of(st.none(), aware_times), max_size=20), now=aware_times)
def test_days_since_from_microseconds_are_the_same_floats(last, now):
    micros = [None if when is None else microseconds_since_epoch(when) for when in last]
    assert days_since_each(micros, now) == [_days_since(when, now) for when in last]


def test_a_time_after_now_is_no_days_ago():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = [microseconds_since_epoch(now + timedelta(hours=n)) for n in (1, 0, -1)]
    assert days_since_each(later, now) == [0.0, 0.0, 1 / 24]


SPELLINGS = [
    "2026-01-01T10:00:00.5+00:00",
    "2026-01-01T10:00:00+05:30:15",  # an offset with seconds, which orjson would drop
    "2026-01-01T10:00:00.123+00:00",
    "2026-01-01T10:00:00Z",
    "2026-01-01T10:00:00.000001-00:30",
    "2026-01-01 10:00:00+00:00",
    "20260101T100000+0000",
    "2026-01-01T10:00:00.000000+00:00",
]


def test_times_in_any_spelling_are_printed_as_isoformat_writes_them(tmp_path, cache, capsysbinary):
    """First run and later: a time kept as `fromisoformat` reads it, printed as `isoformat` writes it."""
    record = {"deck": "d", "attempts": 1, "correct": 1, "streak": 1, "lapses": 0, "recent": "1",
              "mean_seconds": 2.0}  # fmt: skip
    schedule = {
        "card_id": 1,
        "state": 2,
        "step": None,
        "stability": 2.0,
        "difficulty": 5.0,
        "last_review": None,
    }
    questions = {
        str(n): {**record, "card": f"c{n}", "last_answered": text, "schedule": {**schedule, "due": text}}
        for n, text in enumerate(SPELLINGS, start=1)
    }
    write_split(tmp_path, {"meta": {"1": {"schema_version": 3}}, "questions": questions})
    expected = {
        f"c{n}": datetime.fromisoformat(text).isoformat() for n, text in enumerate(SPELLINGS, start=1)
    }
    for _run in ("first", "later"):
        code, out, _err = stats_json(tmp_path, capsysbinary)
        rows = orjson.loads(out)["decks"][0]["questions"]
        assert code == 0
        assert {row["card"]: row["last_answered"] for row in rows} == expected
        assert {row["card"]: row["due"] for row in rows} == expected


@given(
    rows=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 50), st.floats(0, 1e6, allow_nan=False)), max_size=30
    )
)
def test_scores_from_their_unaged_part_are_the_rule_s_floats(rows):
    """The weak-spot rule as the module doc writes it, added in the same order."""
    accuracies, lapses, days = (list(column) for column in zip(*rows)) if rows else ([], [], [])
    expected = [
        (1.0 - accuracy) + 0.05 * min(lapse, 4) + 0.15 * day / (day + 7.0) for accuracy, lapse, day in rows
    ]
    assert weakness_scores(unaged_scores(accuracies, lapses), days) == expected
