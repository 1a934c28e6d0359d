"""What a progress file must hold: TinyDB's shape, the schema version, each record's fields, migrations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import itemgetter
from pathlib import Path
from typing import Any

from tui.core.progress.errors import ProgressCorruptError, ProgressTooNewError

Tables = dict[str, dict[str, Any]]

# 2: the last outcomes are a string of "1" (right) and "0" (wrong), oldest first;
#    the mean answer time is kept to the millisecond. The file stays the same size however many answers.
SCHEMA_VERSION = 2


def check_shape(data: object, path: Path) -> None:
    """TinyDB's shape: an object of tables, each an object of numbered documents (objects)."""
    if not isinstance(data, dict):
        raise ProgressCorruptError(path, f"the top level is a {_json_type(data)}, not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ProgressCorruptError(path, f"table {name!r} is a {_json_type(table)}, not an object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit():
                raise ProgressCorruptError(
                    path, f"table {name!r} has a document id {doc_id!r} that is not a number"
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
MIGRATIONS: dict[int, Callable[[Tables], None]] = {0: _fill_question_defaults, 1: _recent_as_text}

# table -> field -> the JSON types a document of the current schema holds there (bool is not int)
_NUMBER = frozenset({int, float})

_REQUIRED_FIELDS: dict[str, dict[str, frozenset[type]]] = {
    "questions": {
        "deck": frozenset({str}),
        "card": frozenset({str}),
        "attempts": frozenset({int}),
        "correct": frozenset({int}),
        "streak": frozenset({int}),
        "lapses": frozenset({int}),
        "recent": frozenset({str}),
        "mean_seconds": _NUMBER,
        "schedule": frozenset({dict, type(None)}),
    },
    "sessions": {"mode": frozenset({str}), "deck": frozenset({str}), "started": frozenset({str})},
    "best_times": {"deck": frozenset({str}), "board_size": frozenset({int}), "seconds": _NUMBER},
    "settings": {"key": frozenset({str})},
    # match the date, per dated event (its card): kept apart from the card's question record
    "date_matches": {
        "deck": frozenset({str}),
        "card": frozenset({str}),
        "attempts": frozenset({int}),
        "mistakes": frozenset({int}),
    },
}

_MISSING = object()


def schema_version(tables: Tables, path: Path) -> int:
    """The schema version stamped in the meta table (0 for a file from before stamps)."""
    for doc in tables.get("meta", {}).values():
        if "schema_version" in doc:
            version = doc["schema_version"]
            if type(version) is not int or version < 0:
                raise ProgressCorruptError(path, f"its schema version {version!r} is not a whole number")
            return version
    return 0


def check_documents(tables: Tables, path: Path) -> None:
    """Every record has the fields the current schema reads, with the right types."""
    for name, fields in _REQUIRED_FIELDS.items():
        if _every_field_valid(tables.get(name, {}).values(), fields):
            continue
        for doc_id, doc in tables.get(name, {}).items():  # name the first bad record
            for field, types in fields.items():
                if type(doc.get(field, _MISSING)) not in types:
                    raise ProgressCorruptError(
                        path, f"record {doc_id} of table {name!r} has no valid {field!r}"
                    )


def _every_field_valid(docs: Iterable[dict], fields: dict[str, frozenset[type]]) -> bool:
    """The healthy case, a field at a time over all documents, loops in C (10,000 records: ~5 ms, not ~6.5)."""
    try:
        return all(set(map(type, map(itemgetter(field), docs))) <= types for field, types in fields.items())
    except KeyError:
        return False


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
