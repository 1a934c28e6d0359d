"""Issue 13's mutation test: any edit to a good progress file is usable or refused cleanly.

Hypothesis picks a record of a good file (or the nested scheduling state, or the top
level) and changes it: a field set to a wrong type, an out-of-range number, a naive or
impossible time, a value nested deep, a field removed or added, an id made non-canonical.
`damage.verdict` then opens the file: fully usable (home's reads, weak spots,
`revise stats --json`, one answer) or refused with ProgressError, exit 1, nothing changed,
and restorable. Any other exception fails the test.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.progress_files import saved_tables
from tests.reliability.damage import copy_folder, good_folder, verdict, write_tables

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["", "0", "1", "10", "2026-01-01", "quiz", "sample", "nord", "1" * 25]),
)
times = st.one_of(
    st.datetimes(timezones=st.sampled_from([None, __import__("datetime").UTC])).map(lambda t: t.isoformat()),
    st.sampled_from(
        [
            "2026-01-01T00:00:00",
            "2026-02-30T10:00:00+00:00",
            "2026-01-01T10:00:00+24:00",
            "0001-01-01T00:00:00+00:00",
        ]
    ),
)
values = st.one_of(
    scalars,
    times,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=6), scalars, max_size=3),
    st.integers(60, 300).map(lambda depth: ("NEST", depth)),
)
bad_ids = st.sampled_from(["01", "²", "-1", "1.0", "", " 2", "0", "99999999999999999999"])


def put(target: dict, key: str, value: object) -> None:
    target[key] = value


@st.composite
def mutations(draw, tables: dict):
    """One to three edits of (a copy of) `tables`; each edit a description and the change."""
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(sorted(tables)))
        if not tables[table]:
            continue
        doc_id = draw(st.sampled_from(sorted(tables[table])))
        doc = tables[table][doc_id]
        target_path: tuple[str, ...] = (table, doc_id)
        if table == "questions" and isinstance(doc.get("schedule"), dict) and draw(st.booleans()):
            target_path += ("schedule",)
            doc = doc["schedule"]
        action = draw(st.sampled_from(["set", "set", "set", "remove", "add", "rename id"]))
        if action == "rename id":
            edits.append((action, (table, doc_id), draw(bad_ids)))
            continue
        key = (
            draw(st.sampled_from(sorted(doc)))
            if action != "add" and doc
            else draw(st.text(min_size=1, max_size=6))
        )
        edits.append((action, (*target_path, key), draw(values)))
    return edits


def apply(tables: dict, edits: list) -> bytes:
    """The file's bytes after the edits (deep nesting is written as text: orjson writes 255 levels at most)."""
    tables = copy.deepcopy(tables)
    deep: list[int] = []
    for action, path, value in edits:
        if action == "rename id":
            table, doc_id = path
            if doc_id in tables[table]:
                tables[table][value] = tables[table].pop(doc_id)
            continue
        target = tables
        for step in path[:-1]:
            target = target.get(step) if isinstance(target, dict) else None
            if target is None:
                break
        if not isinstance(target, dict):
            continue
        if action == "remove":
            target.pop(path[-1], None)
        elif isinstance(value, tuple):
            deep.append(value[1])
            target[path[-1]] = f"@@NEST{len(deep) - 1}@@"
        else:
            target[path[-1]] = value
    raw = orjson.dumps(tables)
    for n, depth in enumerate(deep):
        raw = raw.replace(f'"@@NEST{n}@@"'.encode(), b"[" * depth + b"]" * depth)
    return raw


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict]:
    folder = good_folder(tmp_path_factory.mktemp("good") / "data")
    # progress.json's own tables (the shared ones and the deck files' summaries); the deck files'
    # records are damaged by `test_damaged_store_variants`
    return folder, orjson.loads((folder / "progress.json").read_bytes())


OUTCOMES: dict[str, int] = {"usable": 0, "refused": 0, "too new": 0}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_mutant_of_a_good_file_is_usable_or_refused_cleanly(template, tmp_path, capsys, data):
    folder_template, tables = template
    edits = data.draw(mutations(tables))
    folder = tmp_path / "mutant"
    shutil.rmtree(folder, ignore_errors=True)
    copy_folder(folder_template, folder)
    (folder / "progress.json").write_bytes(apply(tables, edits))
    OUTCOMES[verdict(folder, capsys)] += 1


def test_the_mutants_were_both_kinds():
    """The mutation test above is no use if every mutant is refused (or none): both happen."""
    if not OUTCOMES["usable"] + OUTCOMES["refused"]:
        pytest.skip("run with the mutation test")
    assert OUTCOMES["usable"] > 0 and OUTCOMES["refused"] > 0


def test_a_naive_time_in_any_record_is_refused(template, tmp_path, capsys):
    folder = copy_folder(template[0], tmp_path / "data")
    tables = saved_tables(folder)  # progress.json with its deck file's records
    tables["questions"][min(tables["questions"], key=int)]["last_answered"] = "2026-01-01T00:00:00"
    write_tables(folder, tables)
    assert verdict(folder, capsys) == "refused"
