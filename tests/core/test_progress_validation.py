"""Deep validation of the progress file: each field's kind, the record rules, ids, messages."""

from __future__ import annotations

import errno
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import scheduling
from tui.core.progress import ProgressCorruptError, ProgressWriteError, open_store, schema
from tui.core.progress.kinds import doc_id_numbers
from tui.core.progress.schema import FSRS_STATE, RECORDS, check_documents, is_doc_id

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
PATH = Path("progress.json")

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
times = st.one_of(
    st.datetimes(
        min_value=datetime(1960, 1, 1), max_value=datetime(3100, 1, 1), timezones=st.sampled_from([UTC, None])
    ).map(datetime.isoformat),
    st.sampled_from(["2026-02-30T10:00:00+00:00", "2026-13-01T00:00:00+00:00", "2026-01-01T10:00:00+25:00"]),
)
values = st.one_of(
    json_scalars,
    times,
    st.lists(json_scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), json_scalars),
)


def fsrs_states():
    """Scheduling states close to real ones: right keys, values sometimes wrong."""
    real = scheduling.review(None, True, NOW, 7)
    field = {
        "card_id": st.one_of(st.integers(min_value=-(2**63), max_value=2**63 - 1), values),
        "state": st.one_of(st.integers(0, 4), values),
        "step": st.one_of(st.none(), st.integers(-1, 3), values),
        "stability": st.one_of(st.none(), st.floats(-5, 1e8, allow_nan=False), values),
        "difficulty": st.one_of(st.none(), st.floats(-1, 12, allow_nan=False), values),
        "due": times,
        "last_review": st.one_of(st.none(), times),
    }
    return st.fixed_dictionaries(
        {}, optional={key: st.one_of(st.just(real[key]), strategy) for key, strategy in field.items()}
    )


@settings(max_examples=400, deadline=None)
@given(fsrs_states(), st.booleans())
def test_every_scheduling_state_the_check_accepts_round_trips_through_fsrs_and_reviews(state, correct):
    if FSRS_STATE.one(state) is not None:
        assert not FSRS_STATE.column([state])
        return
    assert FSRS_STATE.column([state])
    card = Card.from_dict(state)  # type: ignore[arg-type]
    assert Card.from_dict(card.to_dict()).to_dict() == card.to_dict()
    after = scheduling.review(state, correct, NOW, 7)
    assert scheduling.due_at(after) > NOW
    assert 0.0 <= scheduling.retrievability(state, NOW) <= 1.0
    scheduling.is_due_today(state, NOW, UTC)


KINDS = [(table, name, field.kind) for table, fields in RECORDS.items() for name, field in fields.items()]


@pytest.mark.parametrize(("table", "name", "kind"), KINDS, ids=[f"{t}.{n}" for t, n, _k in KINDS])
@settings(max_examples=60, deadline=None)
@given(column=st.lists(values, max_size=4))
def test_the_fast_column_check_agrees_with_the_check_of_each_value(table, name, kind, column):
    assert kind.column(column) == all(kind.one(value) is None for value in column)


@pytest.mark.parametrize(
    "key", ["01", "²", "-1", "+1", "1.0", "", " 1", "1 ", "0", "1e3", "١", "12345678901234567890"]
)
def test_an_id_that_tinydb_would_not_write_is_refused(key):
    assert not is_doc_id(key)
    with pytest.raises(ProgressCorruptError, match=re.escape(f"record id {key!r}")):
        schema.check_shape({"questions": {key: {}}}, PATH)


@pytest.mark.parametrize("key", ["1", "9", "10", "123456789012345678"])
def test_tinydb_ids_are_accepted(key):
    assert is_doc_id(key)


ODD_KEYS = ["01", "²", "-1", "+1", "1.0", "", " 1", "1 ", "0", "1e3", "١", "1_0", "12345678901234567890"]


@given(
    keys=st.lists(
        st.one_of(st.sampled_from(ODD_KEYS), st.integers(1, 10**18 - 1).map(str), st.text()), max_size=5
    )
)
def test_the_numbers_of_doc_ids_are_given_exactly_when_every_key_is_one(keys):
    """`doc_id_numbers`, the column form `revise stats` uses: the same verdict as `is_doc_id` on each."""
    numbers = doc_id_numbers(keys)
    assert (numbers is not None) == all(map(is_doc_id, keys))
    if numbers is not None:
        assert numbers == [int(key) for key in keys]


def question(**fields) -> dict:
    return {
        "deck": "d",
        "card": "c",
        "attempts": 3,
        "correct": 2,
        "streak": 1,
        "lapses": 1,
        "recent": "101",
        "mean_seconds": 2.5,
        "schedule": None,
        "last_answered": "2026-11-20T10:00:00+00:00",
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (
            {"last_answered": "2026-01-01T00:00:00"},
            "field last_answered: '2026-01-01T00:00:00' has no timezone",
        ),
        ({"correct": 4}, "field correct: 4 is more than its attempts (3)"),
        ({"recent": "1011"}, "field recent: '1011' is more than its attempts (3)"),
        ({"recent": "1a"}, "field recent: '1a' is not up to 20 outcomes"),
        ({"attempts": True}, "field attempts: is true/false, not a whole number"),
        ({"mean_seconds": -1}, "field mean_seconds: is -1, not a time from 0"),
        ({"schedule": {"state": 2}}, "field schedule: has no 'card_id'"),
    ],
)
def test_a_bad_field_is_refused_naming_table_record_and_field(fields, said):
    tables = {"questions": {"1": question(card="a"), "17": question(**fields)}}
    with pytest.raises(ProgressCorruptError) as caught:
        check_documents(tables, PATH)
    assert f"progress.json is damaged: questions record 17, {said}" in str(caught.value)
    assert "revise restore" in str(caught.value)


def test_a_session_with_a_bad_field_is_named():
    tables = {
        "sessions": {"4": {"mode": "quiz", "deck": "d", "started": "2026-01-01T10:00:00Z", "topics": [1]}}
    }
    with pytest.raises(ProgressCorruptError, match="sessions record 4, field topics: holds a number"):
        check_documents(tables, PATH)


def test_a_session_whose_marks_exceed_those_available_is_refused():
    session = {"mode": "quiz", "deck": "d", "started": "2026-01-01T10:00:00Z", "marks": 9, "out_of": 4}
    with pytest.raises(
        ProgressCorruptError, match="sessions record 4, field marks: 9 is more than its out_of"
    ):
        check_documents({"sessions": {"4": session}}, PATH)
    check_documents({"sessions": {"4": {**session, "marks": 4}}}, PATH)


def test_unknown_settings_are_kept_and_known_ones_checked():
    good = {
        "settings": {"1": {"key": "theme", "value": "nord"}, "2": {"key": "later", "value": [1, {"a": 2}]}}
    }
    check_documents(good, PATH)
    bad = {"settings": {"1": {"key": "exam_date:d", "value": "2026-02-30"}}}
    with pytest.raises(ProgressCorruptError, match="setting 'exam_date:d': '2026-02-30' is not a date"):
        check_documents(bad, PATH)


def test_a_question_kept_twice_is_refused_naming_both_records():
    tables = {"questions": {"1": question(), "2": question(card="b"), "5": question()}}
    with pytest.raises(ProgressCorruptError, match="questions record 5 keeps question 'c' of record 1 again"):
        check_documents(tables, PATH)


def test_a_full_disk_at_start_opens_the_store_with_a_warning_and_saves_still_work(tmp_path, monkeypatch):
    store = open_store(tmp_path, now=lambda: NOW)
    store.record_answer("d", "c", True, 2.0, "quiz")
    store.close()
    from tui.core.progress import backups

    def disk_full(*args, **kwargs):
        raise ProgressWriteError("Could not save the backup") from OSError(
            errno.ENOSPC, "No space left on device"
        )

    monkeypatch.setattr(backups, "write_atomically", disk_full)
    store = open_store(tmp_path, now=lambda: NOW + timedelta(days=1))
    assert store.warnings == ["Backup skipped: the disk is full. Your progress is still saved."]
    assert store.question_stats("d", "c").attempts == 1  # reads work
    store.record_answer("d", "c", False, 2.0, "quiz")  # and saves too
    store.close()
    store = open_store(tmp_path, now=lambda: NOW + timedelta(days=2))
    assert store.question_stats("d", "c").attempts == 2
    store.close()


def test_a_full_disk_before_an_upgrade_refuses_and_leaves_the_old_file(tmp_path, monkeypatch):
    raw = b'{"meta":{"1":{"schema_version":1}},"questions":{}}'
    (tmp_path / "progress.json").write_bytes(raw)
    from tui.core.progress import ProgressError, backups

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "write_atomically", disk_full)
    with pytest.raises(ProgressError, match=r"Could not back up .* before upgrading it: the disk is full"):
        open_store(tmp_path, now=lambda: NOW)
    assert (tmp_path / "progress.json").read_bytes() == raw
