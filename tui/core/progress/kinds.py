"""The kinds of value a progress record holds, each with its checks (`one`, `column`), and the
limits they use: shared by the hand check (`schema`) and the msgspec types (`fast_schema`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from itertools import chain
from operator import attrgetter, is_not, methodcaller
from typing import Any

import msgspec

RECENT_OUTCOMES = 20  # how many last outcomes a question record keeps
MAX_COUNT = 10**12  # far above any real count, far below the 64-bit integers JSON files hold
MAX_SECONDS = 10**9  # ~30 years: a longer answer or session is no measurement
MAX_DEPTH = 64  # nesting of a value revise does not read (orjson writes at most 255 deep)
# TinyDB writes document ids as decimal integers from 1: "01", "+1", "²" or "1.0" are not ids.
_DOC_ID = re.compile(r"[1-9][0-9]{0,17}")
FIRST_YEAR, LAST_YEAR = 1970, 2999  # a time outside them is no time revise wrote
_YEAR = attrgetter("year")
_TZINFO = attrgetter("tzinfo")
_MISSING = object()  # a field a record does not have
_present = partial(is_not, _MISSING)
_not_none = partial(is_not, None)


def is_doc_id(key: object) -> bool:
    """A document id as TinyDB writes it: a decimal integer from 1, no sign, no leading zero."""
    return isinstance(key, str) and _DOC_ID.fullmatch(key) is not None


def are_doc_ids(keys: Iterable[str]) -> bool:
    """Whether every key is a document id (`is_doc_id`), with one loop in C."""
    return all(map(_DOC_ID.fullmatch, keys))


def doc_id_numbers(keys: list[str]) -> list[int] | None:
    """Each key as its number if every one is a document id (`is_doc_id`), else None: a few passes
    in C (issue 18: ~4 times as fast as `are_doc_ids`' match per key), the same answer, since a
    number's decimal text is its key only without sign, space, leading zero or other digits."""
    try:
        numbers = list(map(int, keys))
    except (TypeError, ValueError):
        return None
    if numbers and (min(numbers) < 1 or max(numbers) >= _DOC_ID_END or list(map(str, numbers)) != keys):
        return None
    return numbers


_DOC_ID_END = 10**18  # `_DOC_ID`: at most 18 digits


def _json_kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


class Kind:
    """A kind of field value: `one` says what is wrong with a value (None: fine), `column` checks many."""

    __slots__ = ()  # the Struct kinds below hold their fields only (no __dict__)

    def one(self, value: Any) -> str | None:
        raise NotImplementedError

    def column(self, values: list) -> bool:
        """Whether every value is fine (loops in C; the default asks `one` of each)."""
        return not any(map(self.one, values))


class Anything(Kind):
    def one(self, value: Any) -> str | None:
        return None

    def column(self, values: list) -> bool:
        return True


class Text(Kind):
    def one(self, value: Any) -> str | None:
        return None if type(value) is str else f"is {_json_kind(value)}, not text"

    def column(self, values: list) -> bool:
        return set(map(type, values)) <= {str}


# Structs, not dataclasses: no methods generated at import on the start path (issue 18).
# Numbers and flags only: never in a cycle, so not tracked (gc=False).
class Count(msgspec.Struct, Kind, frozen=True, gc=False):
    """A whole number from `low` to MAX_COUNT (true/false is not a number)."""

    low: int = 0

    def one(self, value: Any) -> str | None:
        if type(value) is not int:
            return f"is {_json_kind(value)}, not a whole number"
        return (
            None if self.low <= value <= MAX_COUNT else f"is {value}, not between {self.low} and {MAX_COUNT}"
        )

    def column(self, values: list) -> bool:
        return not values or (
            set(map(type, values)) <= {int} and min(values) >= self.low and max(values) <= MAX_COUNT
        )


class Seconds(msgspec.Struct, Kind, frozen=True, gc=False):
    """A time in seconds, 0 (or, `positive`, above 0) to MAX_SECONDS; JSON holds no NaN or infinity."""

    positive: bool = False

    def one(self, value: Any) -> str | None:
        if type(value) not in (int, float):
            return f"is {_json_kind(value)}, not a number of seconds"
        if not (value > 0 if self.positive else value >= 0) or value > MAX_SECONDS:
            return f"is {value}, not a time {'above' if self.positive else 'from'} 0 to {MAX_SECONDS} seconds"
        return None

    def column(self, values: list) -> bool:
        if not values:
            return True
        low = min(values) if set(map(type, values)) <= {int, float} else -1
        return (low > 0 if self.positive else low >= 0) and max(values) <= MAX_SECONDS


class Outcomes(Kind):
    """The last outcomes of a question, oldest first: "1" right, "0" wrong, at most RECENT_OUTCOMES."""

    def one(self, value: Any) -> str | None:
        if type(value) is not str:
            return f"is {_json_kind(value)}, not a text of 1s and 0s"
        if len(value) > RECENT_OUTCOMES or value.strip("01"):
            return f"{value!r} is not up to {RECENT_OUTCOMES} outcomes written as 1 (right) and 0 (wrong)"
        return None

    def column(self, values: list) -> bool:
        return not values or (
            set(map(type, values)) <= {str}
            and max(map(len, values)) <= RECENT_OUTCOMES
            and not any(map(methodcaller("strip", "01"), values))
        )


class Credits(Kind):
    """The last credits of a question (share of its marks, 0–1), oldest first, at most RECENT_OUTCOMES."""

    def one(self, value: Any) -> str | None:
        if type(value) is not list:
            return f"is {_json_kind(value)}, not a list of credits"
        if len(value) > RECENT_OUTCOMES:
            return f"holds {len(value)} credits, more than {RECENT_OUTCOMES}"
        for credit in value:
            if type(credit) not in (int, float) or not 0 <= credit <= 1:
                return f"holds {credit!r}, not a credit from 0 to 1"
        return None

    def column(self, values: list) -> bool:
        if not values:
            return True
        if not set(map(type, values)) <= {list} or max(map(len, values)) > RECENT_OUTCOMES:
            return False
        credits = list(chain.from_iterable(values))
        return not credits or (
            set(map(type, credits)) <= {int, float} and min(credits) >= 0 and max(credits) <= 1
        )


class AwareTime(Kind):
    """An ISO 8601 date and time with its UTC offset (what `datetime.isoformat` writes for an
    aware time), in the years 1970-2999, so that adding days to it never overflows."""

    def one(self, value: Any) -> str | None:
        if type(value) is not str:
            return f"is {_json_kind(value)}, not a date and time"
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not an ISO date and time"
        if parsed.tzinfo is None:
            return f"{value!r} has no timezone"
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            return f"{value!r} is not in the years {FIRST_YEAR}-{LAST_YEAR}"
        return None

    def column(self, values: list) -> bool:
        # fromisoformat in C is ~4 times as fast as a regular expression over the same text
        if not values:
            return True
        if not set(map(type, values)) <= {str}:
            return False
        try:
            parsed = list(map(datetime.fromisoformat, values))
        except ValueError:
            return False
        years = list(map(_YEAR, parsed))
        return None not in map(_TZINFO, parsed) and min(years) >= FIRST_YEAR and max(years) <= LAST_YEAR
