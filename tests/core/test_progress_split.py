"""Progress split per deck (issue 18): each deck's question records in a file of their own.

A start and a save touch only the open deck's file; other decks answer home's "due in other
decks" and the renamed-deck carry-over from their summaries in progress.json; a damaged deck
file is refused when its deck is opened; backups and restore keep a consistent set.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW, FakeClock
from tests.progress_files import deck_files, saved_state
from tui.cli import main
from tui.core import scheduling
from tui.core.deck import Card, Deck, Topic
from tui.core.library import due_count, due_elsewhere, progress_source
from tui.core.progress import ProgressCorruptError, list_backups, open_store, restore_newest_backup
from tui.core.progress.split import DeckFiles, summary_of


def two_decks(folder, clock, *, big: int = 30, small: int = 5) -> None:
    """ "big" (answered, opened first) and "small" (opened last) in the library, one start later."""
    store = open_store(folder, now=clock)
    store.remember_deck("big", str(folder / "big.toml"), "Big", "native", big)
    for n in range(big):
        store.record_answer("big", f"b{n}", n % 4 != 0, 2.0, "quiz")
    clock.advance(60)
    store.remember_deck("small", str(folder / "small.toml"), "Small", "native", small)
    for n in range(small):
        store.record_answer("small", f"s{n}", True, 2.0, "quiz")
    store.close()
    open_store(folder, now=clock).close()  # a start after: its backup holds both deck files


def file_of(folder, deck_id: str):
    tables = orjson.loads((folder / "progress.json").read_bytes())
    [summary] = [s for s in tables["deck_files"].values() if s["deck"] == deck_id]
    return folder / summary["file"]


def test_each_deck_has_its_own_file_and_progress_json_holds_no_question_record(tmp_path, clock):
    two_decks(tmp_path, clock)
    tables = orjson.loads((tmp_path / "progress.json").read_bytes())
    assert "questions" not in tables and tables["meta"]["1"]["schema_version"] == 3
    assert {s["deck"]: s["records"] for s in tables["deck_files"].values()} == {"big": 30, "small": 5}
    for path in deck_files(tmp_path):
        records = orjson.loads(path.read_bytes())["questions"]
        assert len({doc["deck"] for doc in records.values()}) == 1
    assert len(saved_state(tmp_path)["questions"]) == 35


def test_answers_in_one_deck_leave_the_other_decks_file_as_it_was(tmp_path, clock):
    two_decks(tmp_path, clock)
    big = file_of(tmp_path, "big")
    before = (big.read_bytes(), os.stat(big).st_ino)
    store = open_store(tmp_path, now=clock)
    store.record_answer("small", "s1", False, 2.0, "quiz")
    store.record_answer("small", "new", True, 2.0, "quiz")
    store.close()
    assert (big.read_bytes(), os.stat(big).st_ino) == before and file_of(tmp_path, "big") == big
    assert {path.name for path in (tmp_path / "decks").iterdir()} == {p.name for p in deck_files(tmp_path)}
    assert saved_state(tmp_path)["questions"]["32"]["attempts"] == 2 or any(
        doc["card"] == "s1" and doc["attempts"] == 2 for doc in saved_state(tmp_path)["questions"].values()
    )


def test_a_damaged_file_of_another_deck_is_refused_when_that_deck_is_opened_not_at_start(tmp_path, clock):
    two_decks(tmp_path, clock)
    big = file_of(tmp_path, "big")
    big.write_bytes(big.read_bytes()[:-40])  # cut off
    store = open_store(tmp_path, now=clock)  # "small" was opened last: its file is the one checked
    try:
        assert store.all_question_stats("small")
        # home's line for the other deck comes from its summary: 30 answered two minutes ago, none due
        assert due_elsewhere(store, "small", clock() + timedelta(days=30)) == (30, 1)
        with pytest.raises(ProgressCorruptError) as refused:
            store.all_question_stats("big")
        assert str(big) in str(refused.value) and "revise restore" in str(refused.value)
    finally:
        store.close()
    with pytest.raises(ProgressCorruptError):
        open_store(tmp_path, now=clock, deck="big")  # opening that deck: refused at start, untouched
    assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 1


def test_a_killed_sessions_journal_is_folded_at_start_leaving_the_open_decks_file_and_fixing_its_due(
    tmp_path, clock
):
    """The next start folds what a killed session journaled (a setting) into progress.json: the open
    deck, read but unchanged, keeps its file; its due counts, which reading never checks against the
    records, are worked out again from them (here a hand-edited count)."""
    two_decks(tmp_path / "before", clock)
    store = open_store(tmp_path / "before", now=clock, deck="big")
    store.set_setting("theme", "gruvbox")
    shutil.copytree(tmp_path / "before", tmp_path / "killed", ignore=shutil.ignore_patterns("*.lock"))
    store.close()
    folder = tmp_path / "killed"
    assert (folder / "progress.json.journal").stat().st_size > 0  # as a kill -9 leaves it
    big = file_of(folder, "big")
    before = (big.read_bytes(), os.stat(big).st_ino)
    tables = orjson.loads((folder / "progress.json").read_bytes())
    [summary] = [s for s in tables["deck_files"].values() if s["deck"] == "big"]
    summary["due"] = {"0": 1}  # one card due in 1970: not what the records say
    (folder / "progress.json").write_bytes(orjson.dumps(tables))
    store = open_store(folder, now=clock, deck="big")
    try:
        assert store.setting("theme") == "gruvbox"
    finally:
        store.close()
    assert (folder / "progress.json.journal").stat().st_size == 0
    assert file_of(folder, "big") == big and (big.read_bytes(), os.stat(big).st_ino) == before
    records = orjson.loads(big.read_bytes())["questions"]
    tables = orjson.loads((folder / "progress.json").read_bytes())
    [summary] = [s for s in tables["deck_files"].values() if s["deck"] == "big"]
    assert summary["due"] == summary_of("big", summary["file"], records)["due"] != {"0": 1}


def test_restore_brings_back_a_consistent_set_from_the_backups_deck_copies(tmp_path, clock):
    two_decks(tmp_path, clock)
    expected = saved_state(tmp_path)["questions"]
    big = file_of(tmp_path, "big")
    assert (tmp_path / "backups" / "decks" / big.name).read_bytes() == big.read_bytes()
    big.write_bytes(b"{")
    result = restore_newest_backup(tmp_path, now=clock)
    assert result is not None and result.questions == 35
    assert [p.name.split(".damaged-")[0] for p in result.decks_aside] == [big.name]  # named by restore
    assert saved_state(tmp_path)["questions"] == expected
    assert any(path.name.startswith(big.name + ".damaged-") for path in (tmp_path / "decks").iterdir())
    store = open_store(tmp_path, now=clock, deck="big")
    assert len(store.all_question_stats("big")) == 30
    store.close()


def test_a_backup_keeps_each_deck_file_once_and_thinning_drops_copies_no_backup_names(tmp_path):
    clock = FakeClock()
    two_decks(tmp_path, clock)
    for day in range(45):  # a start a day with an answer: a new "small" file each day
        clock.advance(86_400)
        store = open_store(tmp_path, now=clock)
        store.record_answer("small", "s0", day % 2 == 0, 2.0, "quiz")
        store.close()
    open_store(tmp_path, now=clock).close()
    named = set()
    for backup in list_backups(tmp_path):
        for summary in orjson.loads(backup.path.read_bytes()).get("deck_files", {}).values():
            named.add(summary["file"].split("/")[1])
    copies = {path.name for path in (tmp_path / "backups" / "decks").iterdir()}
    assert copies == named  # every deck file a backup names is kept, no other
    assert sum(name.startswith("big.") for name in copies) == 1  # unchanged: one copy for every backup


def test_the_summary_answers_due_today_as_the_records_do_in_any_time_zone(tmp_path, clock):
    two_decks(tmp_path, clock)
    reader = open_store(tmp_path, now=clock)
    try:
        docs = reader._question_docs()
        assert isinstance(docs, DeckFiles) and not docs.loaded("big")
        for days in (0, 1, 3, 10, 40):
            for hours in (-11, -3.5, 0, 5.75, 13):
                now = clock() + timedelta(days=days)
                tz = timezone(timedelta(hours=hours))
                end = scheduling.end_of_day(now, tz)
                from_summary = reader.due_count_before("big", end)
                stats = reader.all_question_stats("big")  # now read
                assert from_summary == due_count(stats.values(), now, tz)
                reader.close()
                reader = open_store(tmp_path, now=clock)
    finally:
        reader.close()


@settings(max_examples=60, deadline=None)
@given(
    dues=st.lists(st.integers(-10 * 86_400, 60 * 86_400), min_size=1, max_size=30),
    offset=st.integers(-48, 56).map(lambda quarters: timedelta(minutes=15 * quarters)),
    day=st.integers(-5, 70),
)
def test_due_counts_by_quarter_hour_are_exact_at_any_local_midnight(dues, offset, day):
    records = {
        str(n): {
            "deck": "d",
            "card": f"c{n}",
            "schedule": {"due": (FIXED_NOW + timedelta(seconds=s)).isoformat()},
        }
        for n, s in enumerate(dues, 1)
    }
    summary = summary_of("d", "decks/d.x.json", records)
    files = DeckFiles(None, {"d": summary})  # type: ignore[arg-type]
    end = scheduling.end_of_day(FIXED_NOW + timedelta(days=day), timezone(offset))
    expected = sum(1 for doc in records.values() if scheduling.due_at(doc["schedule"]) < end)
    assert files.due_before("d", end) == expected


def test_a_renamed_deck_takes_over_progress_found_from_the_summaries(tmp_path, clock):
    two_decks(tmp_path, clock, big=12)
    cards = [Card(id=f"b{n}", topic="T", question="Q?", answer="A") for n in range(12)]
    renamed = Deck(
        id="big-renamed", title="Big", topics=[Topic("T", tuple(c.id for c in cards))], cards=cards
    )
    store = open_store(tmp_path, now=clock)
    try:
        assert not store._question_docs().loaded("big")  # type: ignore[attr-defined]
        assert progress_source(renamed, store) == "big"
        assert not store._question_docs().loaded("big")  # type: ignore[attr-defined]
        assert store.carry_progress("big", "big-renamed") == 12
    finally:
        store.close()
    store = open_store(tmp_path, now=clock, deck="big-renamed")
    assert len(store.all_question_stats("big-renamed")) == 12 and not store.all_question_stats("big")
    store.close()
    assert {
        s["deck"] for s in orjson.loads((tmp_path / "progress.json").read_bytes())["deck_files"].values()
    } == {
        "big-renamed",
        "small",
    }


def test_a_store_from_before_the_split_is_backed_up_then_split(tmp_path, clock):
    old = {
        "meta": {"1": {"schema_version": 2}},
        "questions": {
            "1": {"deck": "a", "card": "x", "attempts": 2, "correct": 1, "streak": 0, "lapses": 0,
                  "recent": "10", "mean_seconds": 2.0, "schedule": None},
            "7": {"deck": "b", "card": "y", "attempts": 1, "correct": 1, "streak": 1, "lapses": 0,
                  "recent": "1", "mean_seconds": 3.0, "schedule": None},
        },
    }  # fmt: skip
    raw = orjson.dumps(old)
    (tmp_path / "progress.json").write_bytes(raw)
    store = open_store(tmp_path, now=clock)
    assert store.question_stats("b", "y").attempts == 1
    store.record_answer("a", "new", True, 1.0, "quiz")
    store.close()
    [kept] = [backup for backup in list_backups(tmp_path) if backup.schema == 2]
    assert kept.path.read_bytes() == raw
    records = saved_state(tmp_path)["questions"]
    assert {(d["deck"], d["card"]) for d in records.values()} == {("a", "x"), ("b", "y"), ("a", "new")}
    assert int(max(records, key=int)) == 8  # ids stay unique over every deck
    assert len(deck_files(tmp_path)) == 2


def test_a_deck_id_that_is_no_file_name_gets_a_safe_one(tmp_path):
    clock = FakeClock(datetime(2026, 11, 24, tzinfo=UTC))
    store = open_store(tmp_path, now=clock)
    store.record_answer("../../etc/passwd?x", "c", True, 1.0, "quiz")
    store.record_answer("", "c", True, 1.0, "quiz")
    store.close()
    for path in deck_files(tmp_path):
        assert path.parent == tmp_path / "decks" and path.exists()
    store = open_store(tmp_path, now=clock, deck="../../etc/passwd?x")
    assert store.question_stats("../../etc/passwd?x", "c").attempts == 1
    store.close()


def test_stats_reading_while_the_app_saves_reads_the_new_set_not_a_false_alarm(tmp_path, clock, monkeypatch):
    """`revise stats` read progress.json, then the app saved (new deck file, progress.json naming
    it, the old file removed) before stats reached the deck file: read again, not "damaged"."""
    from tui.core.progress import read_store, split

    two_decks(tmp_path, clock)
    app = open_store(tmp_path, now=clock)
    app.record_answer("big", "b1", True, 2.0, "quiz")
    real_read = split.read_regular_file
    saved = []

    def read(path, *args, **kwargs):
        if not saved and "decks" in str(path):
            app._db.storage.compact()  # the app's save lands between the two reads
            saved.append(path)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(split, "read_regular_file", read)
    try:
        reader = read_store(tmp_path, now=clock)
        assert saved and not saved[0].exists()  # the file stats first went for was gone
        assert reader is not None and reader.question_stats("big", "b1").attempts == 2
    finally:
        app.close()


def test_a_card_id_with_a_line_break_leaves_the_card_list_out_and_the_deck_reads_back(tmp_path, clock):
    """The summary keeps answered card ids one a line: an id holding a line break cannot be kept so
    (the list is left out and the deck's file answers instead), and the file still reads as written."""
    store = open_store(tmp_path, now=clock)
    for card in ("plain", "two\nlines", "last"):
        store.record_answer("odd", card, True, 2.0, "quiz")
    store.record_answer("fine", "a", False, 2.0, "quiz")
    store.close()
    tables = orjson.loads((tmp_path / "progress.json").read_bytes())
    cards = {s["deck"]: s["cards"] for s in tables["deck_files"].values()}
    assert cards == {"odd": None, "fine": "a"}
    store = open_store(tmp_path, now=clock, deck="odd")
    try:
        assert set(store.all_question_stats("odd")) == {"plain", "two\nlines", "last"}
        assert set(store.all_question_stats("fine")) == {"a"}
    finally:
        store.close()


def test_a_record_id_kept_in_two_deck_files_is_refused_when_the_second_is_read(tmp_path, clock):
    """Record ids are unique over every deck: a deck file holding another deck's record id (each file
    as revise writes it, each matching its summary) is refused when the second of the two is read."""
    from tui.core.progress import split
    from tui.core.progress.layout import encode_snapshot

    store = open_store(tmp_path, now=clock)
    store.record_answer("a", "x", True, 2.0, "quiz")
    store.record_answer("b", "y", True, 2.0, "quiz")
    store.close()
    tables = saved_state(tmp_path)
    docs = {doc["deck"]: doc for doc in tables.pop("questions").values()}
    summaries = {}
    for deck_id in ("a", "b"):
        records = {"1": docs[deck_id]}  # both under id 1
        chunks = split.deck_chunks(records)
        name = split.deck_file_name(deck_id, split.digest_of(chunks))
        (tmp_path / name).write_bytes(b"".join(chunks))
        summaries[deck_id] = split.summary_of(deck_id, name, records)
    (tmp_path / "progress.json").write_bytes(encode_snapshot(split.shared_tables(tables, summaries)))
    store = open_store(tmp_path, now=clock, deck="a")
    try:
        assert set(store.all_question_stats("a")) == {"x"}
        with pytest.raises(
            ProgressCorruptError, match="questions record 1 is kept in another deck's file too"
        ):
            store.all_question_stats("b")
    finally:
        store.close()
