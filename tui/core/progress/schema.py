"""What a progress file must hold: TinyDB's shape, the schema version, each record's fields, migrations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import chain
from operator import itemgetter, le, methodcaller
from pathlib import Path
from typing import Any

import msgspec

from tui.core.progress.errors import ProgressCorruptError, ProgressTooNewError
from tui.core.progress.kinds import (  # the kinds and limits live there (shared with fast_schema)
    _MISSING,
    FIRST_YEAR,  # noqa: F401 (re-exported: schema.FIRST_YEAR)
    LAST_YEAR,  # noqa: F401
    MAX_COUNT,
    MAX_DEPTH,
    MAX_SECONDS,  # noqa: F401
    RECENT_OUTCOMES,  # noqa: F401
    Anything,
    AwareTime,
    Count,
    Credits,
    Kind,
    Outcomes,
    Seconds,
    Text,
    _json_kind,
    _not_none,
    _present,
    are_doc_ids,
    is_doc_id,
)

Tables = dict[str, dict[str, Any]]

# 2: the last outcomes are a string of "1" (right) and "0" (wrong), oldest first;
#    the mean answer time is kept to the millisecond. The file stays the same size however many answers.
# 3: the question records live in one file per deck (`split`); the records themselves are unchanged.
SCHEMA_VERSION = 3


def check_shape(data: object, path: Path) -> None:
    """TinyDB's shape: an object of tables, each an object of numbered documents (objects)."""
    if not isinstance(data, dict):
        raise ProgressCorruptError(path, f"the top level is a {_json_type(data)}, not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ProgressCorruptError(path, f"table {name!r} is a {_json_type(table)}, not an object")
        # the usual table, checked with loops in C; only a bad one is walked to name its first bad record
        if are_doc_ids(table) and set(map(type, table.values())) <= {dict}:
            continue
        for doc_id, doc in table.items():
            if not is_doc_id(doc_id):
                raise ProgressCorruptError(
                    path,
                    f"table {name!r} has a record id {doc_id!r}, not a whole number from 1 (no leading 0)",
                )
            if not isinstance(doc, dict):
                raise ProgressCorruptError(
                    path, f"document {doc_id} of table {name!r} is a {_json_type(doc)}, not an object"
                )


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")


def _fill_question_defaults(tables: Tables) -> None:
    """Schema 0 (no version stamp yet): give question records every field schema 1 reads."""
    defaults = {"attempts": 0, "correct": 0, "streak": 0, "lapses": 0, "mean_seconds": 0.0, "schedule": None}
    for doc in tables.get("questions", {}).values():
        for field, value in defaults.items():
            doc.setdefault(field, value)
        doc.setdefault("recent", [])


def _recent_as_text(tables: Tables) -> None:
    """Schema 1 -> 2: outcomes from a list of true/false to "1"/"0" text; means to the millisecond."""
    for doc in tables.get("questions", {}).values():
        if isinstance(doc.get("recent"), list):
            doc["recent"] = "".join("1" if outcome else "0" for outcome in doc["recent"])
        if isinstance(doc.get("mean_seconds"), float):
            doc["mean_seconds"] = round(doc["mean_seconds"], 3)


# from-version -> function upgrading the tables in place to from-version + 1
MIGRATIONS: dict[int, Callable[[Tables], None]] = {
    0: _fill_question_defaults,
    1: _recent_as_text,
    2: lambda tables: None,  # 2 -> 3 moves the question records into deck files (`split`), unchanged
}


# -- the records' fields ------------------------------------------------------------------
#
# Hand checks: the definition of a good record and the source of every message. fsrs's own
# `Card.from_dict` round-trip costs ~75 µs a record (~750 ms for 10,000 records at every
# start). Each kind of value has two checks: `one` (a value; says what is wrong) and
# `column` (all values of a field at once, with loops in C: map, min, max, set).
# Checking a table first asks msgspec (`fast_schema`: the same rules as types, checked in C
# while decoding or converting, issue 18); only when it refuses do the column checks run, and
# only when one fails does the check walk the records to name the first bad one.
# The fsrs check mirrors what `Card.from_dict` reads; tests/core/test_progress_validation.py
# proves that every state it accepts round-trips through the installed fsrs and reviews.
# Fields a record holds that no table below names are kept and ignored (a later revise of
# the same schema may add one); so are settings with keys this revise does not know.
# Either must still be savable: nested at most MAX_DEPTH deep.


# Structs, not dataclasses: no methods generated at import on the start path (issue 18).
class Optional(msgspec.Struct, Kind, frozen=True):
    """`kind`, or null."""

    kind: Kind

    def one(self, value: Any) -> str | None:
        return None if value is None else self.kind.one(value)

    def column(self, values: list) -> bool:
        return self.kind.column(list(filter(_not_none, values)))


class Topics(Kind):
    def one(self, value: Any) -> str | None:
        if type(value) is not list:
            return f"is {_json_kind(value)}, not a list of topic names"
        return next((f"holds {_json_kind(t)}, not a topic name" for t in value if type(t) is not str), None)

    def column(self, values: list) -> bool:
        return set(map(type, values)) <= {list} and set(map(type, chain.from_iterable(values))) <= {str}


class Between(msgspec.Struct, Kind, frozen=True, gc=False):  # numbers only: no cycle
    """A number from `low` (excluded if `open_low`) to `high`."""

    low: float
    high: float
    whole: bool = False

    def one(self, value: Any) -> str | None:
        if type(value) not in ((int,) if self.whole else (int, float)):
            return f"is {_json_kind(value)}, not a {'whole ' if self.whole else ''}number"
        return None if self.low <= value <= self.high else f"is {value}, not from {self.low} to {self.high}"

    def column(self, values: list) -> bool:
        types = {int} if self.whole else {int, float}
        return not values or (
            set(map(type, values)) <= types and self.low <= min(values) and max(values) <= self.high
        )


class Record(msgspec.Struct, Kind, frozen=True):
    """An object holding at least `fields` (the scheduling state)."""

    fields: dict[str, Kind]
    what: str
    rule: Callable[[dict], str | None] = lambda value: None  # over the whole object, once its fields pass
    # the usual case of `rule` over the columns (key -> values) in C; False: ask `rule` of each
    column_rule: Callable[[dict[str, list]], bool] | None = None

    def one(self, value: Any) -> str | None:
        if type(value) is not dict:
            return f"is {_json_kind(value)}, not {self.what}"
        for key, kind in self.fields.items():
            if key not in value:
                return f"has no {key!r}"
            problem = kind.one(value[key])
            if problem:
                return f"{key!r} {problem}"
        unread = {key: item for key, item in value.items() if key not in self.fields}
        if unread and _too_deep(unread, 1):
            return "holds a value nested too deep to save again"
        return self.rule(value)

    def column(self, values: list) -> bool:
        if not set(map(type, values)) <= {dict}:
            return False
        try:
            columns = {key: list(map(itemgetter(key), values)) for key in self.fields}
        except KeyError:
            return False
        if not all(kind.column(columns[key]) for key, kind in self.fields.items()):
            return False
        if not set().union(*values) <= self.fields.keys():  # fields revise does not read: few
            return not any(map(self.one, values))
        if self.column_rule is not None and self.column_rule(columns):
            return True
        return not any(map(self.rule, values))


# fsrs 6's scheduler asserts these per state (learning, review, relearning) when it reviews a card
_FSRS_NEEDS = {1: ("step",), 2: ("stability", "difficulty"), 3: ("stability", "difficulty", "step")}


def _fsrs_consistent(state: dict) -> str | None:
    """The fields the state's phase needs are set; stability and difficulty come together."""
    unset = [key for key in _FSRS_NEEDS[state["state"]] if state[key] is None]
    if unset:
        return f"'{unset[0]}' is null in state {state['state']}, which needs it"
    if (state["stability"] is None) != (state["difficulty"] is None):
        return "'stability' and 'difficulty' are not both set or both null"
    return None


def _all_in_review(columns: dict[str, list]) -> bool:
    """Every state in review (the usual file) with stability and difficulty set: `_fsrs_consistent` holds."""
    return (
        set(columns["state"]) == {2}
        and None not in columns["stability"]
        and None not in columns["difficulty"]
    )


# What `fsrs.Card.from_dict` reads (fsrs 6); the bounds keep the scheduler's sums real numbers:
# a stability of 0 or below makes retrievability a complex number, fsrs clamps difficulty to 1-10.
FSRS_STATE = Record(
    {
        "card_id": Between(-(2**63), 2**63 - 1, whole=True),
        "state": Between(1, 3, whole=True),
        "step": Optional(Count()),
        "stability": Optional(Between(1e-6, 1e7)),
        "difficulty": Optional(Between(1e-6, 10.0)),
        "due": AwareTime(),
        "last_review": Optional(AwareTime()),
    },
    "a scheduling state",
    _fsrs_consistent,
    _all_in_review,
)


class ExamDate(Kind):
    def one(self, value: Any) -> str | None:
        if value is None:
            return None
        if type(value) is not str:
            return f"is {_json_kind(value)}, not a date"
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a date (YYYY-MM-DD)"
        return None


class Field(msgspec.Struct, frozen=True):
    """One field of a record: the kind of its value, and whether a record must have it."""

    kind: Kind
    required: bool = True


# table -> field -> its kind: what every record of the current schema holds. One line a field.
RECORDS: dict[str, dict[str, Field]] = {
    "questions": {
        "deck": Field(Text()),
        "card": Field(Text()),
        "attempts": Field(Count()),
        "correct": Field(Count()),
        "streak": Field(Count()),
        "lapses": Field(Count()),
        "recent": Field(Outcomes()),
        "mean_seconds": Field(Seconds()),
        "schedule": Field(Optional(FSRS_STATE)),
        "last_answered": Field(AwareTime(), required=False),
        "last_mode": Field(Text(), required=False),
        "recent_credit": Field(Credits(), required=False),
        "credit_sum": Field(Between(0, MAX_COUNT), required=False),
    },
    "sessions": {
        "mode": Field(Text()),
        "deck": Field(Text()),
        "started": Field(AwareTime()),
        "topics": Field(Topics(), required=False),
        "finished": Field(Optional(AwareTime()), required=False),
        "duration": Field(Seconds(), required=False),
        "score": Field(Count(), required=False),
        "questions": Field(Count(), required=False),
        # the paper's marks ("17/24 marks"): a typed question may carry several (mark points)
        "marks": Field(Count(), required=False),
        "out_of": Field(Count(), required=False),
    },
    "best_times": {
        "deck": Field(Text()),
        "board_size": Field(Count(low=1)),
        "seconds": Field(Seconds(positive=True)),
        "when": Field(AwareTime(), required=False),
    },
    "settings": {"key": Field(Text()), "value": Field(Anything())},
    # match the date, per dated event (its card): kept apart from the card's question record
    "date_matches": {
        "deck": Field(Text()),
        "card": Field(Text()),
        "attempts": Field(Count()),
        "mistakes": Field(Count()),
        "last": Field(AwareTime(), required=False),
    },
    "meta": {"schema_version": Field(Count(), required=False)},
    # the deck library: each deck opened, its file and when (tui.core.library)
    "decks": {
        "deck": Field(Text()),
        "path": Field(Text()),
        "title": Field(Text(), required=False),
        "format": Field(Text(), required=False),
        "cards": Field(Count(), required=False),
        "opened": Field(AwareTime(), required=False),
    },
}

# setting key (or key prefix ending in ":") -> kind of its value; other keys are kept, unread
SETTINGS: dict[str, Kind] = {
    "theme": Text(),
    "exam_date:": ExamDate(),
    "session_answer_mode": Text(),
    "last_deck": Text(),  # the id of the deck opened last (`revise` without --deck opens it)
}


class NotAbove(msgspec.Struct, frozen=True):
    """Rule: field `part` is at most field `whole` (each a whole number, when present)."""

    part: str
    whole: str
    measure: Callable[[Any], int] = int

    def one(self, doc: dict) -> str | None:
        if self.part in doc and self.whole in doc and self.measure(doc[self.part]) > doc[self.whole]:
            return f"field {self.part}: {doc[self.part]!r} is more than its {self.whole} ({doc[self.whole]})"
        return None

    def column(self, docs: list[dict], columns: dict[str, list]) -> bool:
        """Whether the rule holds for every record; `columns`: required field -> its values, in order."""
        if self.part in columns and self.whole in columns:
            return all(map(le, map(self.measure, columns[self.part]), columns[self.whole]))
        return not any(map(self.one, docs))  # an optional field: few records (sessions)


# table -> rules over a whole record, checked once its fields passed
RECORD_RULES: dict[str, tuple[NotAbove, ...]] = {
    "questions": (
        NotAbove("correct", "attempts"),
        NotAbove("streak", "attempts"),
        NotAbove("lapses", "attempts"),
        NotAbove("recent", "attempts", len),
    ),
    "sessions": (NotAbove("score", "questions"), NotAbove("marks", "out_of")),
}


def _setting_kind(key: str) -> Kind | None:
    if key in SETTINGS:
        return SETTINGS[key]
    return SETTINGS.get(key.split(":", 1)[0] + ":") if ":" in key else None


def _too_deep(value: Any, depth: int = 0) -> bool:
    """Nested deeper than MAX_DEPTH (a value revise keeps without reading it must still save)."""
    if depth > MAX_DEPTH:
        return True
    if type(value) is dict:
        return any(_too_deep(item, depth + 1) for item in value.values())
    if type(value) is list:
        return any(_too_deep(item, depth + 1) for item in value)
    return False


def record_problem(table: str, doc: dict) -> str | None:
    """What is wrong with one record of `table` ("field X: ..."), or None if revise can use it."""
    fields = RECORDS.get(table, {})
    for name, field in fields.items():
        value = doc.get(name, _MISSING)
        if value is _MISSING:
            if field.required:
                return f"field {name}: missing"
            continue
        problem = field.kind.one(value)
        if problem is not None:
            return f"field {name}: {problem}"
    for rule in RECORD_RULES.get(table, ()):
        problem = rule.one(doc)
        if problem is not None:
            return problem
    if table == "settings":
        kind = _setting_kind(doc["key"])
        problem = kind.one(doc["value"]) if kind else None
        if problem is not None:
            return f"field value of setting {doc['key']!r}: {problem}"
    unread = {key: value for key, value in doc.items() if key not in fields or table == "settings"}
    if unread and _too_deep(unread, 1):
        return "holds a value nested too deep to save again"
    return None


def _table_fine(name: str, docs: list[dict]) -> bool:
    """Every record of table `name` passes: msgspec's types (`fast_schema`), else the column checks."""
    if docs and name in RECORDS:
        from tui.core.progress.fast_schema import docs_fine  # msgspec: paid for once records are read

        if docs_fine(name, docs):
            return True
    fields = RECORDS.get(name, {})
    columns: dict[str, list] = {}
    try:
        for field_name, field in fields.items():
            if field.required:
                values = columns[field_name] = list(map(itemgetter(field_name), docs))
            else:
                values = list(filter(_present, map(methodcaller("get", field_name, _MISSING), docs)))
            if not field.kind.column(values):
                return False
    except KeyError:  # a required field missing
        return False
    if not all(rule.column(docs, columns) for rule in RECORD_RULES.get(name, ())):
        return False
    if name == "settings" or not set().union(*docs) <= fields.keys():  # settings, unread fields: few
        return not any(record_problem(name, doc) for doc in docs)
    return True


def check_documents(tables: Tables, path: Path) -> None:
    """Every record of every table is one revise can use (see `RECORDS`, `RECORD_RULES`, `SETTINGS`).

    Raises ProgressCorruptError naming the table, the record and the field
    ("questions record 17, field last_answered: '2026-01-01T00:00:00' has no timezone").
    A question kept in two records (one deck and card twice) is refused too.
    """
    for name, table in tables.items():
        docs = list(table.values())
        if _table_fine(name, docs):
            continue
        for doc_id, doc in table.items():  # name the first bad record
            problem = record_problem(name, doc)
            if problem is not None:
                raise ProgressCorruptError(path, f"{name} record {doc_id}, {problem}")
    questions = tables.get("questions", {})
    keys = list(zip(map(itemgetter("deck"), questions.values()), map(itemgetter("card"), questions.values())))
    if len(set(keys)) < len(keys):
        seen: dict[tuple[str, str], str] = {}
        for doc_id, key in zip(questions, keys):
            first = seen.setdefault(key, doc_id)
            if first != doc_id:
                raise ProgressCorruptError(
                    path, f"questions record {doc_id} keeps question {key[1]!r} of record {first} again"
                )


def schema_version(tables: Tables, path: Path) -> int:
    """The schema version stamped in the meta table (0 for a file from before stamps)."""
    for doc in tables.get("meta", {}).values():
        if "schema_version" in doc:
            version = doc["schema_version"]
            if type(version) is not int or version < 0:
                raise ProgressCorruptError(path, f"its schema version {version!r} is not a whole number")
            return version
    return 0


def readable_tables(tables: Tables, path: Path) -> int:
    """Check a parsed file is one this revise can use and bring it to the current schema in memory.

    Returns the version the file had. Raises ProgressTooNewError (file left
    alone) or ProgressCorruptError.
    """
    version = schema_version(tables, path)
    if version > SCHEMA_VERSION:
        raise ProgressTooNewError(
            f"{path} was written by a newer version of revise (progress schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}). It was left untouched.\n"
            "Upgrade revise (for example `pip install --upgrade revise`) to use it."
        )
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](tables)
    if version < SCHEMA_VERSION:
        meta = tables.setdefault("meta", {})
        stamped = next((doc for doc in meta.values() if "schema_version" in doc), None)
        if stamped is None:
            meta[str(max(map(int, meta), default=0) + 1)] = {"schema_version": SCHEMA_VERSION}
        else:
            stamped["schema_version"] = SCHEMA_VERSION
    check_documents(tables, path)
    return version
