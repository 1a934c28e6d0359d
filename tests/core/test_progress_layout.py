"""The snapshot's line layout: one record a line, read a batch at a time by read-only commands.

Whatever `read_store` reads by scanning (`layout.scan_snapshot`) must be exactly what the
whole-file path reads (`journal.load_state` then `schema.readable_tables`): the same records,
the journal of a killed session applied the same way, the same refusals of damage.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW
from tests.progress_files import deck_files, rewrite_deck_file, saved_state, write_split
from tui.cli import main
from tui.core.progress import ProgressCorruptError, ProgressError, ProgressStore, open_store, read_store
from tui.core.progress.db import ProgressDB, ReadOnlyStorage
from tui.core.progress.layout import LazyQuestions
from tui.core.progress.schema import readable_tables


def whole_file_store(folder: Path) -> ProgressStore:
    """The store as read before the line layout: every record parsed at once."""
    path = folder / "progress.json"
    tables = saved_state(folder)  # progress.json, every deck file, the journal replayed
    readable_tables(tables, path)
    storage = ReadOnlyStorage(tables, path)
    return ProgressStore(ProgressDB(storage=lambda: storage), now=lambda: FIXED_NOW)


def everything(store: ProgressStore) -> dict:
    """What read-only commands read from a store, by deck."""
    return {
        "decks": store.deck_ids(),
        "questions": {deck: list(store.iter_question_stats(deck)) for deck in store.deck_ids()},
        "by id": {deck: store.all_question_stats(deck) for deck in store.deck_ids()},
        "cards": store.card_ids_by_deck(),
        "sessions": store.session_count(),
        "library": store.library(),
        "theme": store.setting("theme"),
    }


def killed(store: ProgressStore) -> None:
    """As if the process died: no close, so no snapshot folded; the journal stays."""
    store._db.storage.journal.close()
    store._db.storage._on_close()


def test_a_saved_snapshot_has_one_record_a_line_and_is_still_one_json_document(tmp_path):
    store = open_store(tmp_path, now=lambda: FIXED_NOW)
    for card in ("a", "b", "c"):
        store.record_answer("deck", card, True, 2.0, "quiz")
    store.set_setting("theme", "nord")
    store.close()
    [deck_file] = deck_files(tmp_path)  # the deck's records: one file of their own (schema 3)
    for raw in (tmp_path / "progress.json").read_bytes(), deck_file.read_bytes():
        lines = raw.decode().splitlines()
        assert all(
            len(json.loads(line.rstrip(",").split(":", 1)[1])) > 1 for line in lines if '"card":' in line
        )
        assert json.loads(raw) == orjson.loads(raw)  # any JSON reader reads it whole
    assert sum(line.startswith('"') and '"card":' in line for line in lines) == 3
    assert json.loads(raw)["questions"]["2"]["card"] == "b"
    assert "questions" not in json.loads((tmp_path / "progress.json").read_bytes())


def test_read_store_scans_a_snapshot_in_the_layout_and_parses_records_when_asked(tmp_path):
    store = open_store(tmp_path, now=lambda: FIXED_NOW)
    for n in range(50):
        store.record_answer(f"deck-{n % 3}", f"card-{n:02}", n % 4 != 0, 2.0, "quiz")
    store.close()
    reader = read_store(tmp_path, now=lambda: FIXED_NOW)
    assert reader is not None
    assert isinstance(reader._question_docs(), LazyQuestions)
    assert everything(reader) == everything(whole_file_store(tmp_path))
    assert [s.card_id for s in reader.iter_question_stats("deck-1")] == sorted(
        f"card-{n:02}" for n in range(50) if n % 3 == 1
    )


def test_a_snapshot_in_the_old_one_line_layout_is_read_whole_with_the_same_result(tmp_path):
    store = open_store(tmp_path, now=lambda: FIXED_NOW)
    for n in range(20):
        store.record_answer("deck", f"card-{n}", n % 2 == 0, 2.0, "quiz")
    store.close()
    path = tmp_path / "progress.json"
    tables = saved_state(tmp_path)
    tables["meta"]["1"]["schema_version"] = 2  # one file, one line, as revise wrote it before issue 18
    path.write_bytes(orjson.dumps(tables))
    reader = read_store(tmp_path, now=lambda: FIXED_NOW)
    assert reader is not None and not isinstance(reader._question_docs(), LazyQuestions)
    assert everything(reader) == everything(whole_file_store(tmp_path))


# One step of a session: (kind, deck number, card number, right?)
steps = st.lists(
    st.tuples(
        st.sampled_from(["answer", "answer", "answer", "carry", "move", "session"]),
        *[st.integers(0, 3)] * 2,
        st.booleans(),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(before=steps, after=steps, close_first=st.booleans())
def test_a_killed_sessions_journal_is_applied_as_the_whole_file_path_applies_it(
    tmp_path_factory, before, after, close_first
):
    """A folded snapshot, then changes left only in the journal: updates, new records, records moved
    to another deck or card id. The scan and the whole-file path must agree on every record."""
    folder = tmp_path_factory.mktemp("killed")

    def play(store: ProgressStore, plan) -> None:
        for kind, deck, card, right in plan:
            if kind == "answer":
                store.record_answer(f"deck-{deck}", f"card-{card}", right, 2.0, "quiz")
            elif kind == "carry":
                store.carry_progress(f"deck-{deck}", f"deck-{card}")
            elif kind == "move":
                store.move_card_progress(f"deck-{deck}", f"card-{card}", f"card-{card + 4}")
            else:
                store.finish_session(store.start_session("quiz", f"deck-{deck}"), card, 4, 30.0)

    store = open_store(folder, now=lambda: FIXED_NOW)
    play(store, before)
    if close_first:
        store.close()  # the snapshot holds `before`; the journal will hold `after` alone
        store = open_store(folder, now=lambda: FIXED_NOW)
    play(store, after)
    killed(store)
    reader = read_store(folder, now=lambda: FIXED_NOW)
    assert reader is not None
    assert everything(reader) == everything(whole_file_store(folder))


def damaged_copy(tmp_path: Path, change) -> Path:
    store = open_store(tmp_path, now=lambda: FIXED_NOW)
    for n in range(30):
        store.record_answer("deck", f"card-{n}", True, 2.0, "quiz")
    store.close()
    tables = saved_state(tmp_path)
    change(tables)
    write_split(tmp_path, tables)
    return tmp_path / "progress.json"


@pytest.mark.parametrize(
    "change, named",
    [
        (lambda t: t["questions"]["17"].update(attempts=-1), "questions record 17, field attempts"),
        (lambda t: t["questions"]["30"].pop("card"), "questions record 30, field card: missing"),
        (lambda t: t["questions"]["9"].update(card="card-3"), "questions record 9 keeps question 'card-3'"),
        (lambda t: t.update(sessions={"1": {"mode": "quiz"}}), "sessions record 1, field deck: missing"),
    ],
)
def test_a_damaged_record_in_the_layout_is_refused_by_stats_as_by_the_app(tmp_path, capsys, change, named):
    path = damaged_copy(tmp_path, change)
    before = {file: file.read_bytes() for file in [path, *deck_files(tmp_path)]}
    with pytest.raises(ProgressCorruptError) as refused:
        open_store(tmp_path, deck="deck")  # a damaged deck file: refused when its deck is opened
    assert named in str(refused.value)
    assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and named in captured.err  # nothing printed before the refusal
    assert {file: file.read_bytes() for file in before} == before


@pytest.mark.parametrize(
    "edit",
    [
        lambda raw: raw.replace(b'},\n"2":', b'}\n"2":', 1),  # a comma missing between records
        lambda raw: raw.replace(b'"2":{', b'"1":{', 1),  # a record id twice
        lambda raw: raw.replace(b'"3":{', b'"03":{', 1),  # not an id revise writes
        lambda raw: raw.replace(b'\n"4":{"deck"', b'\n"4":{"deck"\n', 1),  # a record over two lines
    ],
)
def test_a_file_that_breaks_the_layout_is_read_whole_and_judged_as_the_app_judges_it(tmp_path, capsys, edit):
    damaged_copy(tmp_path, lambda tables: None)
    [deck_file] = deck_files(tmp_path)
    raw = deck_file.read_bytes()
    assert edit(raw) != raw
    rewrite_deck_file(tmp_path, deck_file, edit(raw))
    try:
        open_store(tmp_path, deck="deck").close()
    except ProgressCorruptError as error:
        assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 1
        assert str(error).splitlines()[0] in capsys.readouterr().err
    else:
        assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["decks"][0]["deck"] == "deck"


def test_a_snapshot_across_several_pieces_and_batches_reads_back_record_for_record(tmp_path):
    """2,500 records: three write pieces of 1,000 and two validation batches of 2,000."""
    store = ProgressStore.in_memory(now=lambda: FIXED_NOW)
    with store.batch():
        for n in range(2_500):
            store.record_answer(f"deck-{n % 2}", f"card-{n:04}", n % 3 != 0, 2.0, "quiz")
    tables = store._db.storage.read()
    write_split(tmp_path, tables)
    assert saved_state(tmp_path) == tables
    reader = read_store(tmp_path, now=lambda: FIXED_NOW)
    assert reader is not None and isinstance(reader._question_docs(), LazyQuestions)
    assert everything(reader) == everything(whole_file_store(tmp_path))
    assert sum(1 for _ in reader.iter_question_stats("deck-1")) == 1_250


def test_a_scanned_read_only_store_refuses_a_change_and_the_file_stays_as_it_was(tmp_path):
    store = open_store(tmp_path, now=lambda: FIXED_NOW)
    store.record_answer("deck", "seen", True, 2.0, "quiz")
    store.close()
    files = [tmp_path / "progress.json", *deck_files(tmp_path)]
    before = [file.read_bytes() for file in files]
    reader = read_store(tmp_path, now=lambda: FIXED_NOW)
    assert reader is not None and isinstance(reader._question_docs(), LazyQuestions)
    for card in ("seen", "new"):  # a record changed, a record added
        with pytest.raises(ProgressError, match="read-only"):
            reader.record_answer("deck", card, True, 2.0, "quiz")
    assert [file.read_bytes() for file in files] == before
    assert (
        not (tmp_path / "progress.json.journal").exists()
        or not (tmp_path / "progress.json.journal").read_bytes()
    )
