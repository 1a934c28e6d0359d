"""`revise stats` reads each deck file once (`tui.core.stats`): the same rows, the same refusals.

The reference is the report made the plain way (`tests.stats_oracle`: `read_store`, one
`QuestionStats` per record, the weak-spot rules one question at a time). Generated stores give
the same document; a damaged store is refused with `read_store`'s message, exit 1, no traceback
and nothing printed on stdout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW
from tests.core.test_progress_fast_schema import valid_record
from tests.progress_files import deck_files, saved_tables, write_split
from tests.reliability.damage import copy_folder, good_folder
from tests.reliability.test_progress_mutations import mutations
from tests.stats_oracle import old_report
from tui.commands import print_stats, progress_report
from tui.core.progress import ProgressError, open_store, read_store
from tui.core.progress.schema import SCHEMA_VERSION
from tui.core.stats import ROW_KEYS, read_stats
from tui.exit_codes import EXIT_FAILURE

META = {"1": {"schema_version": SCHEMA_VERSION}}
DECKS = ["deck-a", "b", "ünï deck"]


def stats_json(folder: Path, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = print_stats(str(folder), as_json=True, now=FIXED_NOW)
    out, err = capsys.readouterr()
    return code, out, err


def assert_as_before(folder: Path, capsys) -> str:
    """`revise stats --json` gives the old report, or refuses the store as `read_store` does: which."""
    try:
        expected = old_report(folder, FIXED_NOW)
    except ProgressError as error:
        code, out, err = stats_json(folder, capsys)
        assert (code, out, err) == (EXIT_FAILURE, "", f"revise: {error}\n")
        return "refused"
    code, out, err = stats_json(folder, capsys)
    assert (code, err) == (0, "")
    assert json.loads(out) == expected
    source = read_stats(folder)
    assert source is not None
    # the text table and the CSV file are made from the same rows
    assert progress_report(source, FIXED_NOW) == json.loads(out)
    return "read"


@st.composite
def question_records(draw) -> dict[str, dict]:
    """Record id -> a question record as revise could write it: any fields' values, one record a question."""
    count = draw(st.integers(1, 25))
    records = {}
    for n in range(count):
        doc = draw(valid_record("questions"))
        doc["deck"] = draw(st.sampled_from(DECKS))
        # ids that would trip a writer splitting JSON text at the wrong place
        doc["card"] = f"c{n}" + draw(
            st.sampled_from(["", "“q”", "\\x", '},{"card":', '","', "\\", '\\"', ",", "\n"])
        )
        if draw(st.integers(0, 9)) == 0:
            doc["kept_by_a_newer_revise"] = draw(st.integers(0, 3))  # read the checked way
        records[str(draw(st.integers(1, 10**6)))] = doc
    return records


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=question_records(), journaled=st.data())
def test_generated_stores_give_the_old_rows(tmp_path, capsys, records, journaled):
    folder = tmp_path / "store"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    keys = list(records)
    # some records only in the journal (the app is running): new ones, changed ones, deleted ones
    later = journaled.draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys) // 2))
    in_files = {key: doc for key, doc in records.items() if key not in later or journaled.draw(st.booleans())}
    if not in_files:
        in_files = dict(records)
    write_split(folder, {"meta": META, "questions": in_files})
    lines = []
    for key in later:
        doc = records[key] if journaled.draw(st.integers(0, 4)) else None
        lines.append(orjson.dumps([["questions", key, doc]]))
    (folder / "progress.json.journal").write_bytes(b"".join(line + b"\n" for line in lines))
    assert_as_before(folder, capsys)


def test_rows_keep_the_keys_in_their_order(tmp_path, capsys):
    store = open_store(tmp_path)
    store.record_answer("deck", "card", True, 2.0, "quiz")
    store.close()
    code, out, _err = stats_json(tmp_path, capsys)
    assert code == 0
    row_line = next(line for line in out.splitlines() if line.strip().startswith('{"card"'))
    assert list(json.loads(row_line.rstrip(","))) == list(ROW_KEYS)


def test_a_store_from_before_the_deck_files_gives_the_old_rows(tmp_path, capsys):
    """Schema 2 kept every record in progress.json: read whole, as `read_store` reads it."""
    records = {
        "1": {"deck": "a", "card": "x", "attempts": 2, "correct": 1, "streak": 0, "lapses": 0,
              "recent": "10", "mean_seconds": 2.0, "schedule": None},
        "7": {"deck": "b", "card": "y", "attempts": 1, "correct": 1, "streak": 1, "lapses": 0,
              "recent": "1", "mean_seconds": 3.0, "schedule": None,
              "last_answered": "2026-01-02T03:04:05.000000+05:30"},
    }  # fmt: skip
    (tmp_path / "progress.json").write_bytes(
        orjson.dumps({"meta": {"1": {"schema_version": 2}}, "questions": records})
    )
    assert assert_as_before(tmp_path, capsys) == "read"


# -- damage -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return good_folder(tmp_path_factory.mktemp("good") / "data")


def test_the_good_folder_reads_as_before(good, tmp_path, capsys):
    assert assert_as_before(copy_folder(good, tmp_path / "copy"), capsys) == "read"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_deck_file_is_refused_as_read_store_refuses_it(good, tmp_path, capsys, data):
    """Any edit of the question records (a field's kind or bounds, a time, a field added or taken
    away, a record id): the same verdict and message as `read_store`."""
    tables = saved_tables(good)
    folder = damaged_folder(good, tmp_path, data.draw(mutations({"questions": tables["questions"]})))
    if folder is None:
        reject()
    assert_as_before(folder, capsys)


def damaged_folder(good: Path, tmp_path: Path, edits: list) -> Path | None:
    """A copy of `good` at tmp_path/mutant with its question records edited, written as revise
    writes them; None when no deck file can hold them (an id past 64 bits: orjson names none)."""
    from tests.reliability.test_progress_mutations import apply

    tables = saved_tables(good)
    folder = tmp_path / "mutant"
    shutil.rmtree(folder, ignore_errors=True)
    copy_folder(good, folder)
    for old in deck_files(folder):
        old.unlink()
    damaged = orjson.loads(apply({"questions": tables["questions"]}, edits))
    try:
        write_split(
            folder, {**orjson.loads((folder / "progress.json").read_bytes()), **damaged, "deck_files": {}}
        )
    except TypeError:
        return None
    return folder


@pytest.mark.parametrize(
    ("field", "value", "outcome"),
    [("mean_seconds", 3.5, "read"), ("attempts", "two", "refused"), ("correct", -1, "refused")],
)
def test_an_edit_within_the_rules_is_read_and_one_outside_them_refused(
    good, tmp_path, capsys, field, value, outcome
):
    """The damage test above draws edits at random; these say it tells both kinds apart."""
    tables = saved_tables(good)
    doc_id = sorted(tables["questions"])[0]
    assert damaged_folder(good, tmp_path, [("set", ("questions", doc_id, field), value)]) is not None
    assert assert_as_before(tmp_path / "mutant", capsys) == outcome


def _only_deck_file(folder: Path) -> Path:
    [path] = deck_files(folder)
    return path


def _rewrite(folder: Path, change) -> None:
    """The deck's records changed (`change(records)`), written as revise writes a deck file."""
    tables = saved_tables(folder)
    change(tables["questions"])
    for old in deck_files(folder):
        old.unlink()
    shared = orjson.loads((folder / "progress.json").read_bytes())
    shared.pop("deck_files")
    write_split(folder, {**shared, "questions": tables["questions"]})


def _second_record_of_the_first(records: dict) -> None:
    first, second = sorted(records, key=int)[:2]
    records[second] = {**records[second], "card": records[first]["card"]}


def _summary_cards(folder: Path, change) -> None:
    """progress.json's list of the deck's cards changed (`change(list of ids)`), nothing else."""
    from tui.core.progress.layout import encode_snapshot

    tables = orjson.loads((folder / "progress.json").read_bytes())
    summary = tables["deck_files"]["1"]
    summary["cards"] = "\n".join(change(summary["cards"].split("\n")))
    (folder / "progress.json").write_bytes(encode_snapshot(tables))


CASES = {
    "a summary listing the cards out of order": lambda folder: _summary_cards(folder, lambda ids: ids[::-1]),
    "a summary listing another card": lambda folder: _summary_cards(
        folder, lambda ids: sorted(["zz", *ids[1:]])
    ),
    "a summary listing a card twice": lambda folder: _summary_cards(
        folder, lambda ids: sorted([ids[0], *ids[:-1]])
    ),
    "a deck file missing": lambda folder: _only_deck_file(folder).unlink(),
    "a deck file's bytes changed": lambda folder: _only_deck_file(folder).write_bytes(
        _only_deck_file(folder).read_bytes().replace(b'"attempts":3', b'"attempts":4', 1)
    ),
    "a count above the attempts": lambda folder: _rewrite(
        folder, lambda records: records[min(records, key=int)].update(correct=99)
    ),
    "a time with no timezone": lambda folder: _rewrite(
        folder, lambda records: records[min(records, key=int)].update(last_answered="2026-01-01T10:00:00")
    ),
    "one question in two records": lambda folder: _rewrite(folder, _second_record_of_the_first),
    "a record of another deck": lambda folder: _only_deck_file(folder).write_bytes(
        _only_deck_file(folder).read_bytes().replace(b'"deck":"', b'"deck":"x', 1)
    ),
    "a journal line cut in two": lambda folder: (folder / "progress.json.journal").write_bytes(
        b'[["questions"\n'
    ),
    "a journal repeating a question": lambda folder: (folder / "progress.json.journal").write_bytes(
        orjson.dumps(
            [
                [
                    "questions",
                    "999",
                    {**saved_tables(folder)["questions"][min(saved_tables(folder)["questions"], key=int)]},
                ]
            ]
        )
        + b"\n"
    ),
    "progress.json not JSON": lambda folder: (folder / "progress.json").write_bytes(b"{\n"),
}


@pytest.mark.parametrize("damage", sorted(CASES))
def test_damage_is_refused_with_read_store_s_message(good, tmp_path, capsys, damage):
    folder = copy_folder(good, tmp_path / "damaged")
    CASES[damage](folder)
    with pytest.raises(ProgressError) as refused:
        read_store(folder)
    code, out, err = stats_json(folder, capsys)
    assert (code, out, err) == (EXIT_FAILURE, "", f"revise: {refused.value}\n")
    assert "Traceback" not in err and str(folder) in err


def test_a_record_kept_in_two_deck_files_is_refused(tmp_path, capsys):
    record = {"deck": "a", "card": "x", "attempts": 1, "correct": 1, "streak": 1, "lapses": 0,
              "recent": "1", "mean_seconds": 2.0, "schedule": None}  # fmt: skip
    write_split(tmp_path, {"meta": META, "questions": {"3": record, "5": {**record, "card": "y"}}})
    (tmp_path / "other").mkdir()
    # deck b's file lists record 3 (card z) before 5 (card a): the first clash is 3, in the file's order
    other_records = {"3": {**record, "deck": "b", "card": "z"}, "5": {**record, "deck": "b", "card": "a"}}
    write_split(tmp_path / "other", {"meta": META, "questions": other_records})
    tables = orjson.loads((tmp_path / "progress.json").read_bytes())
    other = orjson.loads((tmp_path / "other" / "progress.json").read_bytes())["deck_files"]["1"]
    shutil.copy(tmp_path / "other" / other["file"], tmp_path / other["file"])
    tables["deck_files"]["2"] = other
    (tmp_path / "progress.json").write_bytes(orjson.dumps(tables))
    with pytest.raises(ProgressError, match="questions record 3 is kept in another deck's file too"):
        read_store(tmp_path)
    assert assert_as_before(tmp_path, capsys) == "refused"


# -- a pipe ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def thousands(tmp_path_factory) -> Path:
    from tests.perf.scale_data import write_records

    folder = tmp_path_factory.mktemp("thousands")
    write_records(folder, "big", [f"card-{n}" for n in range(3000)])
    return folder


def _revise(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def test_the_whole_document_through_a_pipe_is_json(thousands):
    done = subprocess.run(
        _revise("--data-dir", str(thousands), "stats", "--json"), capture_output=True, timeout=120
    )
    assert done.returncode == 0 and done.stderr == b""
    report = json.loads(done.stdout)
    assert len(report["decks"][0]["questions"]) == 3000 == report["decks"][0]["questions_answered"]


def test_a_reader_that_leaves_early_gets_no_traceback(thousands):
    """`revise stats --json | head -n 3`: the first lines, then quiet (no BrokenPipeError), exit 0."""
    if shutil.which("head") is None:
        pytest.skip("no head")
    stats = subprocess.Popen(
        _revise("--data-dir", str(thousands), "stats", "--json"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    head = subprocess.run(["head", "-n", "3"], stdin=stats.stdout, capture_output=True, timeout=120)
    assert stats.stdout is not None
    stats.stdout.close()
    _out, err = stats.communicate(timeout=120)
    assert head.stdout.decode().splitlines()[0] == "{"
    assert (stats.returncode, err) == (0, b"")
    assert os.path.exists(thousands / "progress.json")


def test_a_store_the_app_wrote_is_read_in_one_pass(thousands, monkeypatch, capsys):
    """The usual store never takes the checked way of reading (a second parse of every record)."""
    import tui.core.stats as stats

    def never(*args, **kwargs):
        raise AssertionError("a deck file revise wrote was read the slow way")

    monkeypatch.setattr(stats.split, "read_deck_file", never)
    scan = stats.scan_snapshot
    monkeypatch.setattr(
        stats,
        "scan_snapshot",
        lambda raw, where, deltas: never() if "decks" in where.parts else scan(raw, where, deltas),
    )
    code, out, err = stats_json(thousands, capsys)
    assert (code, err) == (0, "") and json.loads(out)["decks"][0]["questions_answered"] == 3000


@pytest.mark.parametrize("all_in_deck", [True, False])
def test_question_texts_of_any_characters_are_written_as_before(tmp_path, capsys, all_in_deck):
    """Each row's question (the deck library's file): texts with quotes, commas, backslashes."""
    texts = ['a "quoted", text', '","', "back\\slash\\", 'ends \\"', "ünï “x”\nline", "},{"]
    cards = "".join(
        f'\n[[cards]]\nid = "q{n}"\ntopic = "T"\nquestion = {json.dumps(text)}\nanswer = "A"\n'
        for n, text in enumerate(texts)
    )
    deck_file = tmp_path / "deck.toml"
    deck_file.write_text('title = "Odd texts"\nid = "odd"\n' + cards, encoding="utf-8")
    data = tmp_path / "data"
    store = open_store(data)
    store.remember_deck("odd", str(deck_file), "Odd texts", "native", len(texts))
    for n in range(len(texts)):
        store.record_answer("odd", f"q{n}", n % 2 == 0, 2.0, "quiz")
    if not all_in_deck:
        store.record_answer("odd", "gone from the deck", True, 2.0, "quiz")
    store.close()
    assert assert_as_before(data, capsys) == "read"
    _code, out, _err = stats_json(data, capsys)
    assert sorted(
        row["question"] for row in json.loads(out)["decks"][0]["questions"] if row["question"]
    ) == sorted(texts)
