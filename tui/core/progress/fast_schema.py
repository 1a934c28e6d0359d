"""The records of `schema.RECORDS` as msgspec types: a record checked while it is decoded, in C.

The fast path of the progress check (issue 18). msgspec decodes a batch of records (JSON text, or
the dicts a whole file was parsed into) straight into these types, checking each field's kind and
bounds in C (`Meta`); what spans fields (counts up to the attempts, marks up to those available,
the scheduling state's phase) and the times are then checked over the whole batch, a column at a
time (questions), or by `__post_init__` (the small tables). It only says yes or no: when a batch is
refused, `schema.record_problem` (the hand check, the source of every message) names the first bad
record, or accepts what the types leave to it (fields revise does not read, settings, tables it
does not know). No type accepts a record the hand check refuses: tests/core/test_progress_fast_schema.py
proves it on generated, edited and damaged records.

Measured on a loaded 2-core machine, CPU time: 10,000 question records checked in ~40-70 ms (hand
check alone: ~105-150 ms); `read_store` of 100,000 records 1.2-1.6 s (was 2.1-2.5 s).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache, partial
from operator import attrgetter, is_, is_not, le
from typing import Annotated, Any, NamedTuple, TypeAlias

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from tui.core.progress.kinds import FIRST_YEAR, LAST_YEAR, MAX_COUNT, MAX_SECONDS, RECENT_OUTCOMES, AwareTime

# `schema.Kind`s as msgspec types. A float field takes a whole number too (JSON's 3 is a number of
# seconds), a whole-number field neither a float nor true/false, as in the hand check.
Count: TypeAlias = Annotated[int, Meta(ge=0, le=MAX_COUNT)]
Seconds: TypeAlias = Annotated[float, Meta(ge=0, le=MAX_SECONDS)]
PositiveSeconds: TypeAlias = Annotated[float, Meta(gt=0, le=MAX_SECONDS)]
# "1" right, "0" wrong; \Z, not $: `$` would let a line break end the text
Outcomes: TypeAlias = Annotated[str, Meta(max_length=RECENT_OUTCOMES, pattern=r"\A[01]*\Z")]
Credits: TypeAlias = Annotated[list[Annotated[float, Meta(ge=0, le=1)]], Meta(max_length=RECENT_OUTCOMES)]
# An aware ISO time: text here, then parsed exactly as `schema.AwareTime` does (msgspec's own
# datetime takes "t", "z" and rounds a 7th digit of a second, which Python's `fromisoformat` does not).
Time: TypeAlias = str


def _aware(value: str) -> None:
    """Raise ValueError unless `value` is what `schema.AwareTime` accepts."""
    if not _TIMES.column([value]):
        raise ValueError("not an aware time in the years revise writes")


class _Record(Struct, forbid_unknown_fields=True, gc=False):  # type: ignore[call-arg, unused-ignore]  # mypy reads msgspec's Struct options only at times
    """A record with no field revise does not read (those are few: the hand check walks them)."""


class FsrsState(_Record):
    """`schema.FSRS_STATE`: what fsrs 6's `Card.from_dict` reads; its times and phase: `_fsrs_hold`."""

    card_id: Annotated[int, Meta(ge=-(2**63), le=2**63 - 1)]
    state: Annotated[int, Meta(ge=1, le=3)]
    step: Count | None
    stability: Annotated[float, Meta(ge=1e-6, le=1e7)] | None
    difficulty: Annotated[float, Meta(ge=1e-6, le=10.0)] | None
    due: Time
    last_review: Time | None


class Question(_Record):
    """A question record; its rules across fields and its times: `_questions_hold`."""

    deck: str
    card: str
    attempts: Count
    correct: Count
    streak: Count
    lapses: Count
    recent: Outcomes
    mean_seconds: Seconds
    schedule: FsrsState | None
    last_answered: Time | UnsetType = UNSET
    last_mode: str | UnsetType = UNSET
    recent_credit: Credits | UnsetType = UNSET
    credit_sum: Annotated[float, Meta(ge=0, le=MAX_COUNT)] | UnsetType = UNSET


# The question table grows with the work: its rules across fields are checked a column at a time
# with loops in C (map, min, max), not by a `__post_init__` per record (~2 µs a record more).
_TIMES = AwareTime()
_not_none = partial(is_not, None)
_is_none = partial(is_, None)
_set = partial(is_not, UNSET)


def _questions_hold(records: list[Question]) -> bool:
    """`schema.RECORD_RULES["questions"]`, the times and the scheduling states of decoded records."""
    return question_columns(records) is not None


class QuestionColumns(NamedTuple):
    """What `question_columns` read of a batch of checked question records, a list per field, in
    order: kept so that a caller (`revise stats`) need not read or parse them again."""

    attempts: list[int]
    lapses: list[int]
    recent: list[str]
    last_answered: list[datetime | None]  # parsed (`datetime.fromisoformat`); None: not kept
    due: list[datetime | None]  # the schedule's, parsed; None: no schedule


def question_columns(records: list[Question]) -> QuestionColumns | None:
    """`_questions_hold`'s checks of decoded records, and what they read (`QuestionColumns`); None
    if one does not hold."""
    attempts = list(map(_ATTEMPTS, records))
    recent = list(map(_RECENT, records))
    lapses = list(map(_LAPSES, records))
    if not (
        all(map(le, map(_CORRECT, records), attempts))
        and all(map(le, map(_STREAK, records), attempts))
        and all(map(le, lapses, attempts))
        and all(map(le, map(len, recent), attempts))
    ):
        return None
    times = _parsed_each(list(map(_LAST_ANSWERED, records)), UNSET)
    schedules = list(map(_SCHEDULE, records))
    states = schedules if None not in schedules else list(filter(_not_none, schedules))
    dues = _fsrs_hold(states)
    if times is None or dues is None:
        return None
    return QuestionColumns(attempts, lapses, recent, times, _spread(dues, schedules, None))


def _parsed_each(texts: list[Any], missing: Any) -> list[datetime | None] | None:
    """`_parsed` of `texts` but those that are `missing` (None there)."""
    kept = texts if missing not in texts else [text for text in texts if text is not missing]
    parsed = _parsed(kept)
    return None if parsed is None else _spread(parsed, texts, missing)


def _spread(values: list[Any], given: list[Any], missing: Any) -> list[Any]:
    """`values`, one for each item of `given` that is not `missing`, with None for those that are."""
    if len(values) == len(given):
        return values
    found = iter(values)
    return [None if item is missing else next(found) for item in given]


def _parsed(texts: list[str]) -> list[datetime] | None:
    """`AwareTime.column` of texts msgspec has checked are text, each parsed; None if one is not an
    aware time in `FIRST_YEAR`-`LAST_YEAR`."""
    try:
        parsed = list(map(datetime.fromisoformat, texts))
    except ValueError:
        return None
    zones = set(map(_TZINFO, parsed))
    if None in zones:
        return None
    # one zone: its times compare as their fields do, so the first and last years bound the rest
    if len(zones) == 1:
        years = [min(parsed).year, max(parsed).year] if parsed else []
    else:
        years = list(map(_YEAR, parsed))
    return parsed if not years or (min(years) >= FIRST_YEAR and max(years) <= LAST_YEAR) else None


def _fsrs_hold(states: list[FsrsState]) -> list[datetime] | None:
    """`schema._fsrs_consistent` and the times of each state; each state's due time, parsed (None:
    one does not hold)."""
    if not states:
        return []
    stability, difficulty = list(map(_STABILITY, states)), list(map(_DIFFICULTY, states))
    unset = None in stability
    if (unset or None in difficulty) and list(map(_is_none, stability)) != list(map(_is_none, difficulty)):
        return None  # stability and difficulty come together
    if unset or set(map(_STATE, states)) != {
        2
    }:  # not all in review: each phase's needs (`schema._FSRS_NEEDS`)
        for state in states:
            if (state.state != 2 and state.step is None) or (state.state != 1 and state.stability is None):
                return None
    if _parsed_each(list(map(_LAST_REVIEW, states)), None) is None:
        return None
    return _parsed(list(map(_DUE, states)))


_ATTEMPTS, _CORRECT, _STREAK, _LAPSES, _RECENT = map(
    attrgetter, ("attempts", "correct", "streak", "lapses", "recent")
)
_LAST_ANSWERED, _SCHEDULE = attrgetter("last_answered"), attrgetter("schedule")
_STATE, _STABILITY, _DIFFICULTY = attrgetter("state"), attrgetter("stability"), attrgetter("difficulty")
_DUE, _LAST_REVIEW = attrgetter("due"), attrgetter("last_review")
_TZINFO, _YEAR = attrgetter("tzinfo"), attrgetter("year")


class Session(_Record):
    mode: str
    deck: str
    started: Time
    topics: list[str] | UnsetType = UNSET
    finished: Time | UnsetType | None = UNSET
    duration: Seconds | UnsetType = UNSET
    score: Count | UnsetType = UNSET
    questions: Count | UnsetType = UNSET
    marks: Count | UnsetType = UNSET
    out_of: Count | UnsetType = UNSET

    def __post_init__(self) -> None:
        _aware(self.started)
        if self.finished is not UNSET and self.finished is not None:
            _aware(self.finished)
        # `schema.RECORD_RULES["sessions"]`: each part at most its whole, when both are kept
        if self.score is not UNSET and self.questions is not UNSET and self.score > self.questions:
            raise ValueError("score above questions")
        if self.marks is not UNSET and self.out_of is not UNSET and self.marks > self.out_of:
            raise ValueError("marks above out_of")


class BestTime(_Record):
    deck: str
    board_size: Annotated[int, Meta(ge=1, le=MAX_COUNT)]
    seconds: PositiveSeconds
    when: Time | UnsetType = UNSET

    def __post_init__(self) -> None:
        if self.when is not UNSET:
            _aware(self.when)


class DateMatch(_Record):
    deck: str
    card: str
    attempts: Count
    mistakes: Count
    last: Time | UnsetType = UNSET

    def __post_init__(self) -> None:
        if self.last is not UNSET:
            _aware(self.last)


class MetaRecord(_Record):
    schema_version: Count | UnsetType = UNSET


class LibraryDeck(_Record):
    deck: str
    path: str
    title: str | UnsetType = UNSET
    format: str | UnsetType = UNSET
    cards: Count | UnsetType = UNSET
    opened: Time | UnsetType = UNSET

    def __post_init__(self) -> None:
        if self.opened is not UNSET:
            _aware(self.opened)


# table -> its records' type; a table not named here (settings: per-key kinds, values kept unread)
# is left to the hand check.
TYPES: dict[str, type[_Record]] = {
    "questions": Question,
    "sessions": Session,
    "best_times": BestTime,
    "date_matches": DateMatch,
    "meta": MetaRecord,
    "decks": LibraryDeck,
}


@cache
def _decoder(table: str) -> msgspec.json.Decoder[list[Any]]:
    return msgspec.json.Decoder(list[TYPES[table]])  # type: ignore[valid-type]


@cache
def _converter(table: str) -> Callable[[list[dict[str, Any]]], list[Any]]:
    records: Any = list[TYPES[table]]  # type: ignore[valid-type]
    return lambda docs: msgspec.convert(docs, records)


# table -> its rules over a batch of decoded records, beyond each record's own type
_HOLD: dict[str, Callable[[list[Any]], bool]] = {"questions": _questions_hold}


def docs_fine(table: str, docs: list[dict[str, Any]]) -> bool:
    """Whether every record (parsed dicts) of `table` passes. False: maybe not; ask the hand check."""
    if table not in TYPES:
        return False
    try:
        records = _converter(table)(docs)
    except (msgspec.ValidationError, RecursionError):
        return False
    return table not in _HOLD or _HOLD[table](records)


def decode_fine(table: str, text: bytes) -> list[Any] | None:
    """`text`, a JSON list of records of `table`, decoded to its type (fields as attributes) if every
    record passes; None when one may not (the caller parses and asks the hand check) or the text is
    not one JSON list."""
    if table not in TYPES:
        return None
    try:
        records = _decoder(table).decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):  # msgspec: deep nesting recurses
        return None
    return records if table not in _HOLD or _HOLD[table](records) else None


@cache
def _by_id_decoder(table: str) -> msgspec.json.Decoder[dict[str, Any]]:
    return msgspec.json.Decoder(dict[str, TYPES[table]])  # type: ignore[valid-type]


def decode_by_id(table: str, text: bytes) -> dict[str, Any] | None:
    """`text`, a JSON object of record id -> record of `table` (a run of a snapshot's record lines in
    braces), decoded to its type if every record passes; None when one may not (the caller reads
    the file the checked way) or the text is not one JSON object. `decode_fine`'s rules, by id.

    A key given twice keeps its last record (as JSON readers do): the caller counts the lines.
    """
    if table not in TYPES:
        return None
    try:
        records = _by_id_decoder(table).decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):  # msgspec: deep nesting recurses
        return None
    return records if table not in _HOLD or _HOLD[table](list(records.values())) else None


def decode_questions_by_id(text: bytes) -> tuple[dict[str, Question], QuestionColumns] | None:
    """`decode_by_id` of question records, with what their check read (`question_columns`)."""
    try:
        records = _by_id_decoder("questions").decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):  # msgspec: deep nesting recurses
        return None
    columns = question_columns(list(records.values()))
    return None if columns is None else (records, columns)
