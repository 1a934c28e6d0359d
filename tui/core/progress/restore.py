"""`revise restore`: put back what is damaged in the progress store, and keep every intact file.

The store is `progress.json` (the shared tables and one summary per deck), its journal, and one
records file per deck in `decks/` (`split`). Restore mends only what is damaged:

- `progress.json` healthy, a deck file damaged or missing: that file is set aside and the deck's
  records come from its newest good copy (an intact file of it still in `decks/`, else its
  newest backup copy), or the deck is left with no answers when no copy is good; `progress.json`
  changes only in that deck's summary, every other deck file stays as it is.
- `progress.json` damaged or missing: it is set aside; the newest backup that reads gives the
  shared tables (sessions, settings, the deck library) and each deck's records come from its
  intact file in `decks/` (of two, after a killed save: the one with more answers), else its
  newest good backup copy. With no readable backup, a new `progress.json` is made around the
  intact deck files, so no answer in them is lost.
- progress.json from a backup: an exam paper saved in its settings (`tui.core.paper`) whose
  answers the kept deck files recorded after the paper was saved loses those answers (or goes, if
  nothing is left to record), so marking it again never records an answer twice.
- journal lines damaged (or not fitting what is restored): the journal is copied aside whole and
  written again with every line that still reads and checks on its own (each line is one save of
  whole records, so a line after a damaged one does not build on it); only when no line is good is
  the journal moved aside with nothing kept.

A healthy journal is kept: the next start replays it over the restored set (whole records, so
nothing counts twice). Damaged files are moved aside (`.damaged-<time>`), never deleted; new files
are written whole and then renamed in (`files.write_atomically`): deck files first, `progress.json`
naming them last, so a kill at any moment leaves the store refused as before or restored, and
restore can simply be run again.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import tui.core.progress.split as split
from tui.core.progress.backups import (
    BACKUP_FOLDER,
    Backup,
    list_backups,
    move_aside,
    no_backup_message,
    set_aside,
)
from tui.core.progress.errors import ProgressCorruptError, ProgressError
from tui.core.progress.files import (
    FILE_NAME,
    parse_tables,
    read_regular_file,
    remove_stale_temp_files,
    write_atomically,
)
from tui.core.progress.journal import (
    DamagedLine,
    LoadedState,
    Operation,
    journal_path,
    load_state,
    read_journal,
    read_journal_sound_lines,
    replay,
    write_journal,
)
from tui.core.progress.layout import encode_snapshot
from tui.core.progress.lock import DataDirLock
from tui.core.progress.schema import SCHEMA_VERSION, Tables, readable_tables
from tui.core.progress.store import Clock, utc_now

Records = dict[str, dict[str, Any]]

# What a deck's records were restored from (`DeckRestore.source`)
FROM_FILE = "file"  # an intact deck file in `decks/`
FROM_BACKUP = "backup"  # a backup's copy
NO_COPY = "none"  # no good copy is left: the deck has no answers now

# The settings key prefix of a deck's saved exam paper: `tui.core.paper.PAPER_PREFIX` (not imported:
# paper reaches the store through quiz and weakness, so importing it here would make a circle).
PAPER_PREFIX = "exam_paper:"
EXAM_DATE_PREFIX = "exam_date:"  # `tui.core.exam_dates.SETTING_PREFIX`, for the same reason

_DECK_FILE = re.compile(r"decks/[A-Za-z0-9_-]{1,40}\.([0-9a-f]{32})\.json")


@dataclass(frozen=True)
class DeckRestore:
    """Where one deck's question records came from (`FROM_FILE`, `FROM_BACKUP`, `NO_COPY`)."""

    deck: str
    source: str
    records: int  # question records the deck has now (0: `NO_COPY`)
    copy: Path | None = (
        None  # the file they were read from (a backup's own file for one from before schema 3)
    )


@dataclass(frozen=True)
class RestoreResult:
    """What `restore_newest_backup` did."""

    backup: Backup | None  # the backup progress.json came from (None: it was kept, or made anew)
    moved_aside: Path | None  # where the damaged progress.json went (None: it was kept, or missing)
    skipped: tuple[Backup, ...]  # newer backups that did not read
    questions: int  # question records in the restored set (before the journal is replayed)
    journal_aside: Path | None = None  # where the damaged journal went
    journal_replayed: int = 0  # saves of a healthy journal kept, re-applied at the next start
    decks_aside: tuple[Path, ...] = ()  # where the damaged deck files went
    # progress.json kept: the decks restore changed; progress.json restored: every deck, by id
    decks: tuple[DeckRestore, ...] = ()
    rebuilt: bool = False  # no backup read: progress.json was made anew around the intact deck files
    journal_only: bool = False  # no progress.json, no backup: the progress is the journal's good lines alone
    # journal lines set aside (damaged, or not fitting what was restored); the whole journal is in `journal_aside`
    journal_dropped: tuple[DamagedLine, ...] = ()
    papers: tuple[PaperFix, ...] = ()  # exam papers of the backup whose answers were recorded since
    # progress.json from a backup (or made anew): what its shared tables hold, as of then (`SharedCounts`)
    shared: SharedCounts | None = None
    # the same once the kept journal's saves are replayed over it at the next start (None: no journal
    # kept): the journal may bring back sessions, dates and deck list entries the backup lacks
    shared_with_journal: SharedCounts | None = None
    # progress.json from a backup: whether it may have been saved in full after that backup was taken,
    # so changes to it since are not in the restored set (`_saved_since`); False after a clean quit
    saved_since_backup: bool = True


@dataclass(frozen=True)
class SharedCounts:
    """What the restored progress.json's own tables hold (everything but the answers, which come from
    the deck files): as of the backup it came from, before the kept journal is replayed."""

    sessions: int
    exam_dates: int  # decks with an exam date set
    best_times: int
    decks_listed: int  # decks in the deck library (`revise decks`)
    unlisted: tuple[str, ...]  # decks with answers kept that the deck library does not list

    @classmethod
    def of(cls, tables: Tables) -> SharedCounts:
        """Counted from restored tables (the shared ones with the question records)."""
        settings = tables.get("settings", {}).values()
        listed = {doc.get("deck") for doc in tables.get("decks", {}).values()}
        answered = {doc["deck"] for doc in tables.get(split.QUESTIONS, {}).values()}
        return cls(
            sessions=len(tables.get("sessions", {})),
            exam_dates=sum(
                1
                for doc in settings
                if str(doc.get("key", "")).startswith(EXAM_DATE_PREFIX) and doc.get("value")
            ),
            best_times=len(tables.get("best_times", {})),
            decks_listed=len(listed),
            unlisted=tuple(sorted(answered - listed)),
        )


@dataclass(frozen=True)
class PaperFix:
    """An exam paper of the restored backup that held answers the kept deck files recorded since."""

    deck: str
    answers: int  # its answers dropped: recorded already (after the paper was saved)
    dropped: bool  # the whole paper went: nothing of it was left to record


@dataclass
class _Copy:
    """One good copy of a deck's question records: a deck file, or a deck of an old one-file backup."""

    deck: str
    records: Records
    name: str  # `decks/<safe id>.<hash>.json`: the file it has, or will be written as
    chunks: list[bytes]  # its bytes
    where: Path  # the file it was read from
    in_place: bool  # it is in `decks/` under its name already

    @property
    def weight(self) -> tuple[int, int]:
        """Answers, then records: a deck's later file never has fewer (an answer only adds)."""
        return sum(doc.get("attempts", 0) for doc in self.records.values()), len(self.records)


def read_copy(path: Path, name: str) -> _Copy | None:
    """The deck file at `path` if it is whole: its bytes hash to its name `name`, it reads as a deck
    file of this schema and every record is of the one deck the name is for; None otherwise."""
    match = _DECK_FILE.fullmatch(name)
    if match is None:
        return None
    try:
        raw = read_regular_file(path)
        if raw is None or split.digest_of([raw]) != match.group(1):
            return None
        tables = parse_tables(raw, path)
        if set(tables) - {"meta", split.QUESTIONS}:
            return None
        readable_tables(tables, path)
    except ProgressError:  # damaged, unreadable, or from a newer revise: not a copy to use
        return None
    records = tables.get(split.QUESTIONS, {})
    decks = {doc["deck"] for doc in records.values()}
    if len(decks) != 1:
        return None
    deck = decks.pop()
    if split.deck_file_name(deck, match.group(1)) != name:
        return None
    return _Copy(deck, records, name, [raw], path, in_place=False)


def _in_place(folder: Path) -> tuple[dict[str, list[_Copy]], list[Path]]:
    """The deck files in `decks/`: the whole ones by deck (most answers first), and the damaged ones."""
    decks = folder / split.DECKS_FOLDER
    whole: dict[str, list[_Copy]] = {}
    damaged: list[Path] = []
    if not decks.is_dir():
        return whole, damaged
    for entry in sorted(os.listdir(decks)):
        name = f"{split.DECKS_FOLDER}/{entry}"
        if _DECK_FILE.fullmatch(name) is None:  # set aside before, a temp file, not ours
            continue
        copy = read_copy(folder / name, name)
        if copy is None:
            damaged.append(folder / name)
        else:
            copy.in_place = True
            whole.setdefault(copy.deck, []).append(copy)
    for copies in whole.values():
        copies.sort(key=lambda copy: copy.weight, reverse=True)
    return whole, damaged


@dataclass
class _ReadBackup:
    """A backup's progress.json that reads: its shared tables (checked, at this schema) and its decks."""

    raw: bytes
    shared: Tables  # every table but the question records and deck summaries
    summaries: dict[str, dict[str, Any]] | None  # deck -> its summary; None: a backup from before schema 3
    records: Records  # a backup from before schema 3: its question records


class _Backups:
    """The backups, newest first, each read at most once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.newest_first = list(reversed(list_backups(folder)))
        self._read: dict[Path, _ReadBackup | None] = {}
        self._copies: dict[str, _Copy | None] = {}

    def any_readable(self) -> bool:
        """Whether some backup reads."""
        return any(self.read(backup) is not None for backup in self.newest_first)

    def read(self, backup: Backup) -> _ReadBackup | None:
        if backup.path not in self._read:
            self._read[backup.path] = _read_backup(backup.path)
        return self._read[backup.path]

    def newest_copy(self, deck: str) -> _Copy | None:
        """The deck's records in the newest backup that holds a good copy of them, or None."""
        for backup in self.newest_first:
            read = self.read(backup)
            if read is None:
                continue
            if read.summaries is None:  # one file: the deck's records are in it
                records = {key: doc for key, doc in read.records.items() if doc["deck"] == deck}
                if records:
                    chunks = split.deck_chunks(records)
                    name = split.deck_file_name(deck, split.digest_of(chunks))
                    return _Copy(deck, records, name, chunks, backup.path, in_place=False)
                continue
            summary = read.summaries.get(deck)
            if summary is None:
                continue
            name = summary["file"]
            if name not in self._copies:
                self._copies[name] = read_copy(self.folder / BACKUP_FOLDER / name, name)
            copy = self._copies[name]
            if copy is not None and copy.deck == deck:
                return copy
        return None


def _read_backup(path: Path) -> _ReadBackup | None:
    try:
        raw = read_regular_file(path) or b""
        tables = parse_tables(raw, path)
        if not split.is_split(tables, path):
            readable_tables(tables, path)  # every record checked, brought to this schema in memory
            records = split.split_records(tables)
            return _ReadBackup(raw, tables, None, records)
        if split.QUESTIONS in tables:
            return None
        summaries = split.check_summaries(tables.pop(split.SUMMARIES, {}), path)
        readable_tables(tables, path)
    except ProgressError:
        return None
    return _ReadBackup(raw, tables, summaries, {})


@dataclass
class _Current:
    """A healthy progress.json (whatever its deck files and journal are)."""

    raw: bytes
    shared: Tables
    summaries: dict[str, dict[str, Any]] | None  # None: a file from before schema 3 (every record in it)


def _read_current(path: Path) -> _Current | None:
    """progress.json if it reads and checks on its own, else None (damaged or missing).

    Raises ProgressTooNewError (left alone) for a file of a newer revise.
    """
    try:
        raw = read_regular_file(path)
        if raw is None:
            return None
        tables = parse_tables(raw, path)
        if not split.is_split(tables, path):
            readable_tables(tables, path)
            return _Current(raw, tables, None)
        if split.QUESTIONS in tables:
            return None
        summaries = split.check_summaries(tables.pop(split.SUMMARIES, {}), path)
        readable_tables(tables, path)
    except ProgressCorruptError:
        return None
    return _Current(raw, tables, summaries)


@dataclass
class _Plan:
    """What restore writes: each deck's records, progress.json's bytes, the files to set aside."""

    chosen: dict[str, _Copy] = field(default_factory=dict)  # deck -> the copy of its records kept
    decks: list[DeckRestore] = field(default_factory=list)  # what to say per deck
    set_aside: list[Path] = field(default_factory=list)  # damaged deck files
    progress: bytes | None = None  # progress.json's new bytes (None: kept as it is)
    # the tables the journal is checked over (what the next start replays it onto)
    journal_base: Tables = field(default_factory=dict)
    questions: int = 0
    papers: list[PaperFix] = field(default_factory=list)
    backup: Backup | None = None
    skipped: tuple[Backup, ...] = ()
    rebuilt: bool = False
    journal_only: bool = False  # no progress.json and no backup: the journal's good lines are the progress


def restore_newest_backup(data_dir: str | os.PathLike[str], now: Clock = utc_now) -> RestoreResult | None:
    """Set aside what is damaged in the progress store and put back good copies (module doc).

    Returns None, and changes nothing, if the store is healthy. Raises ProgressError if another
    copy runs (ProgressLockedError), the file is from a newer revise (ProgressTooNewError), or
    progress.json is damaged with no readable backup and no intact deck file (nothing changed);
    ProgressWriteError if a write fails (what was written is a consistent step: run it again).
    """
    folder = Path(data_dir)
    path = folder / FILE_NAME
    if not folder.is_dir():
        raise ProgressError(f"There is no data folder {folder}: nothing to restore.")
    lock = DataDirLock(folder).acquire()
    try:
        remove_stale_temp_files(path)
        if _healthy(folder, path):
            return None
        journal = journal_path(path)
        journal_state = _file_state(journal)  # before restore writes it: when the store last saved
        lines: list[list[Operation]] | None = []
        dropped: list[DamagedLine] = []
        try:
            lines = read_journal(journal)
        except ProgressError:  # some lines damaged: keep every other one
            try:
                lines, dropped = read_journal_sound_lines(journal)
            except ProgressError:  # not a file: set aside below
                lines = None
        whole, damaged = _in_place(folder)
        backups = _Backups(folder)
        current = _read_current(path)
        if current is not None:
            plan = _mend_decks(folder, current, whole, damaged, backups)
        elif not os.path.lexists(path) and lines and not whole and not backups.any_readable():
            # a first session killed before its first full save: the journal alone is the progress
            plan = _Plan(set_aside=list(damaged), journal_only=True)
        else:
            plan = _mend_progress(folder, path, whole, damaged, backups)
        if lines:
            lines, unfit = _fitting_lines(plan.journal_base, lines, journal)
            dropped = sorted(dropped + unfit, key=lambda line: line.number)
        journal_broken = os.path.lexists(journal) and (lines is None or (bool(dropped) and not lines))
        rewrite = lines if dropped and lines else None
        result = _apply(
            folder, path, plan, current is None, journal, journal_broken, lines or [], rewrite, now
        )
        result = replace(
            result,
            journal_dropped=tuple(dropped),
            saved_since_backup=_saved_since(plan, backups, journal_state, whole, damaged),
        )
        if result.journal_replayed and not _healthy(folder, path):  # the kept journal does not fit after all
            aside = move_aside(journal, now())
            result = replace(result, journal_aside=result.journal_aside or aside, journal_replayed=0)
        if not _healthy(folder, path):
            raise ProgressError(
                f"Restore set aside what was damaged in {folder}, but the progress there still does "
                "not open. Run `revise` to see what is wrong, and `revise restore` again."
            )
        if result.shared is not None and result.journal_replayed and lines:
            result = replace(result, shared_with_journal=SharedCounts.of(_replayed(plan.journal_base, lines)))
        return result
    finally:
        lock.release()


def _file_state(path: Path) -> tuple[int, int] | None:
    """(size in bytes, modification time in ns) of `path`, or None when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _saved_since(
    plan: _Plan,
    backups: _Backups,
    journal: tuple[int, int] | None,
    whole: dict[str, list[_Copy]],
    damaged: list[Path],
) -> bool:
    """Whether progress.json may have been saved after `plan.backup` was taken (True when unsure).

    Every save of progress.json in full starts a new, empty journal (`db._compact`), and every
    answer since names a new deck file. So an empty journal last written no later than the backup
    file, and the deck files the backup names being the ones in `decks/`, mean nothing was saved
    after it: the backup holds what progress.json held (after a clean quit, `backup_at_quit`).
    Times are the files' own; a data folder copied without them (`cp -r`) reads as saved since
    only if the copy put the journal after the backup, else this may say False wrongly.
    """
    backup = plan.backup
    if backup is None or plan.skipped or journal is None or journal[0] != 0:
        return True
    try:
        taken = os.stat(backup.path).st_mtime_ns
    except OSError:
        return True
    read = backups.read(backup)
    if journal[1] > taken or read is None or read.summaries is None:
        return True
    here = {copy.name for copies in whole.values() for copy in copies}
    here |= {f"{split.DECKS_FOLDER}/{path.name}" for path in damaged}
    return {summary["file"] for summary in read.summaries.values()} != here


def _healthy(folder: Path, path: Path) -> bool:
    """Whether the store opens as it is: progress.json, its journal and every deck file it names.

    Raises ProgressTooNewError for a store of a newer revise (left alone).
    """
    try:
        loaded = load_state(path)
        if loaded is None or (loaded.snapshot is None and not loaded.journal_lines):
            return False
        _whole_set(folder, path, loaded)
    except ProgressCorruptError:
        return False
    return True


def _whole_set(folder: Path, path: Path, loaded: LoadedState) -> int:
    """Check a saved state as open would, every deck file read; its question records. Raises ProgressError."""
    tables, _version = split.split_tables(folder, path, loaded)
    questions = tables[split.QUESTIONS]
    assert isinstance(questions, split.DeckFiles)
    questions.load_all()
    return len(questions)


def _mend_decks(
    folder: Path, current: _Current, whole: dict[str, list[_Copy]], damaged: list[Path], backups: _Backups
) -> _Plan:
    """progress.json is healthy: only its damaged deck files are replaced (or their decks emptied)."""
    plan = _Plan()
    if current.summaries is None:  # every record in progress.json: only its journal can be at fault
        plan.journal_base = parse_tables(current.raw, folder / FILE_NAME)  # as the next start reads it
        plan.questions = len(plan.journal_base.get(split.QUESTIONS, {}))
        return plan
    choices: dict[str, list[_Copy]] = {}
    changed: set[str] = set()
    for deck, summary in current.summaries.items():
        named = folder / summary["file"]
        try:
            records = split.read_deck_file(folder, summary)
        except ProgressError:
            changed.add(deck)
            if named in damaged:  # not whole; one that is whole but not as summarised is used below
                plan.set_aside.append(named)
            choices[deck] = _candidates(whole.get(deck, []), backups.newest_copy(deck))
            continue
        choices[deck] = [_Copy(deck, records, summary["file"], [], named, in_place=True)]
    plan.chosen = _without_clashes(choices)
    changed |= set(current.summaries) - set(plan.chosen)  # a deck whose records another deck holds
    summaries = dict(current.summaries)
    for deck in sorted(changed):
        copy = plan.chosen.get(deck)
        if copy is None:
            summaries.pop(deck)
            plan.decks.append(DeckRestore(deck, NO_COPY, 0))
            continue
        summaries[deck] = split.summary_of(deck, copy.name, copy.records)
        source = FROM_FILE if copy.in_place else FROM_BACKUP
        plan.decks.append(DeckRestore(deck, source, len(copy.records), copy.where))
    if summaries != current.summaries:
        plan.progress = encode_snapshot(split.shared_tables(current.shared, summaries))
    plan.journal_base = _with_records(current.shared, plan.chosen)
    plan.questions = sum(len(copy.records) for copy in plan.chosen.values())
    return plan


def _mend_progress(
    folder: Path, path: Path, whole: dict[str, list[_Copy]], damaged: list[Path], backups: _Backups
) -> _Plan:
    """progress.json is damaged or missing: the newest readable backup's shared tables, and each
    deck's records from its intact file here, else its newest good backup copy."""
    skipped: list[Backup] = []
    backup: Backup | None = None
    read: _ReadBackup | None = None
    for candidate in backups.newest_first:
        read = backups.read(candidate)
        if read is not None:
            backup = candidate
            break
        skipped.append(candidate)
    plan = _Plan(backup=backup, skipped=tuple(skipped), set_aside=list(damaged))
    if read is None:
        if not whole:
            raise ProgressError(no_backup_message(folder, path, skipped))
        plan.rebuilt = True
        shared: Tables = {"meta": {"1": {"schema_version": SCHEMA_VERSION}}}
        named: set[str] = set()
    elif read.summaries is None and not whole:  # a backup from before schema 3, no deck file here:
        plan.progress = read.raw  # put back as it is; the next start splits it, as any old file
        plan.journal_base = {**read.shared, split.QUESTIONS: read.records}
        plan.questions = len(read.records)
        return plan
    else:
        shared = read.shared
        named = set(
            read.summaries if read.summaries is not None else {doc["deck"] for doc in read.records.values()}
        )
    decks = sorted(named | set(whole))
    choices = {deck: _candidates(whole.get(deck, []), backups.newest_copy(deck)) for deck in decks}
    plan.chosen = _without_clashes(choices)
    for deck in decks:
        copy = plan.chosen.get(deck)
        if copy is not None:
            source = FROM_FILE if copy.in_place else FROM_BACKUP
            plan.decks.append(DeckRestore(deck, source, len(copy.records), copy.where))
        elif not choices[deck]:  # no good copy at all (one whose records another deck holds is not lost)
            plan.decks.append(DeckRestore(deck, NO_COPY, 0))
    summaries = {deck: split.summary_of(deck, copy.name, copy.records) for deck, copy in plan.chosen.items()}
    shared, plan.papers = _without_recorded_papers(shared, plan.chosen)
    if read is not None and read.summaries == summaries and not plan.papers:
        plan.progress = read.raw  # the backup's own bytes: every deck as it named it
    else:
        plan.progress = encode_snapshot(split.shared_tables(shared, summaries))
    plan.journal_base = _with_records(shared, plan.chosen)
    plan.questions = sum(len(copy.records) for copy in plan.chosen.values())
    return plan


def _without_recorded_papers(shared: Tables, chosen: dict[str, _Copy]) -> tuple[Tables, list[PaperFix]]:
    """`shared` (a backup's tables) with each saved exam paper's answers that `chosen` recorded since
    taken out; a paper left with no answer to record (only questions never answered, or answers
    recorded already) is cleared (its setting None, as the quiz screen clears one). What was taken out, per deck.

    An answer is recorded since when its card's record was last answered after the paper was saved
    (`saved`): the paper marked and handed in after the backup (its records are kept), or the card
    answered again since, which supersedes it. A paper that does not read is left to the quiz
    screen, which refuses it (`read_paper`).
    """
    settings = shared.get("settings", {})
    fixes: list[PaperFix] = []
    new_settings = dict(settings)
    for doc_id, doc in settings.items():
        key, paper = doc.get("key"), doc.get("value")
        if not (isinstance(key, str) and key.startswith(PAPER_PREFIX) and isinstance(paper, dict)):
            continue
        deck = key[len(PAPER_PREFIX) :]
        copy = chosen.get(deck)
        saved = _aware_time(paper.get("saved"))
        questions = paper.get("questions")
        if copy is None or saved is None or not isinstance(questions, list):
            continue
        answered = {
            record["card"]: when
            for record in copy.records.values()
            if (when := _aware_time(record.get("last_answered"))) is not None
        }
        keep = []
        saved_index = paper.get("index")
        index = saved_index if isinstance(saved_index, int) else 0
        place = index
        for number, question in enumerate(questions):
            waiting = (
                isinstance(question, dict)
                and question.get("response") is not None
                and not question.get("recorded", False)
            )
            since = answered.get(question.get("card")) if waiting else None
            if since is not None and since > saved:
                place -= int(number < index)  # the student's place moves up with the questions before it
                continue
            keep.append(question)
        if len(keep) == len(questions):
            continue
        handed_in = paper.get("handed_in") is True
        # Answers still waiting to be recorded; with none, the paper was handed in since (its answers
        # are in the records, its unanswered questions never reached): nothing of it is left to offer.
        left = [
            q for q in keep if isinstance(q, dict) and q.get("response") is not None and not q.get("recorded")
        ]
        value = (
            {**paper, "questions": keep, "index": len(keep) if handed_in else max(place, 0)} if left else None
        )
        new_settings[doc_id] = {**doc, "value": value}
        fixes.append(PaperFix(deck, len(questions) - len(keep), value is None))
    if not fixes:
        return shared, []
    return {**shared, "settings": new_settings}, fixes


def _aware_time(value: object) -> datetime | None:
    """An ISO time with its zone as saved, or None."""
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


def _candidates(here: list[_Copy], backed_up: _Copy | None) -> list[_Copy]:
    """A deck's good copies, best first: most answers; of equals, the one in place."""
    copies = list(here)
    if backed_up is not None and all(copy.name != backed_up.name for copy in here):
        copies.append(backed_up)
    return sorted(copies, key=lambda copy: (copy.weight, copy.in_place), reverse=True)


def _without_clashes(choices: dict[str, list[_Copy]]) -> dict[str, _Copy]:
    """One copy per deck, no record id in two decks (as `DeckFiles.load` requires).

    Two decks hold one record after a deck was carried over to a new id (its records moved, ids
    kept): a backup from before names the old deck, or a killed save left its old file. The deck
    with more answers keeps the record; the other takes its next copy that clashes with none, or
    is left out (its records live on in the first).
    """
    chosen: dict[str, _Copy] = {}
    taken: set[str] = set()
    order = sorted(
        (deck for deck in choices if choices[deck]), key=lambda deck: choices[deck][0].weight, reverse=True
    )
    for deck in order:
        for copy in choices[deck]:
            if taken.isdisjoint(copy.records):
                chosen[deck] = copy
                taken.update(copy.records)
                break
    return chosen


def _with_records(shared: Tables, chosen: dict[str, _Copy]) -> Tables:
    records: Records = {}
    for copy in chosen.values():
        records.update(copy.records)
    return {**shared, split.QUESTIONS: records}


def _replayed(base: Tables, lines: list[list[Operation]]) -> Tables:
    """`base` with the journal's saves `lines` replayed over it, as the next start will; `base` unchanged."""
    tables = {name: dict(docs) for name, docs in base.items()}  # replay changes tables in place
    replay(tables, lines)
    return tables


def _journal_fits(base: Tables, lines: list[list[Operation]], journal: Path) -> bool:
    """Whether the journal's saves, replayed over `base` as the next start will, leave usable tables."""
    try:
        tables = _replayed(base, lines)
        readable_tables(tables, journal)
    except (ProgressError, KeyError, TypeError, ValueError):
        return False
    return True


def _fitting_lines(
    base: Tables, lines: list[list[Operation]], journal: Path
) -> tuple[list[list[Operation]], list[DamagedLine]]:
    """The journal lines to keep over `base` and the ones set aside (numbered among `lines`, 1-based).

    All of them if they fit together (the usual case: one check); else, oldest first, each line
    that still leaves usable tables after the ones kept before it (a check per line, only then).
    """
    if _journal_fits(base, lines, journal):
        return lines, []
    kept: list[list[Operation]] = []
    unfit: list[DamagedLine] = []
    for number, operations in enumerate(lines, 1):
        if _journal_fits(base, [*kept, operations], journal):
            kept.append(operations)
        else:
            unfit.append(DamagedLine(number, f"line {number}: its change does not fit the restored progress"))
    return kept, unfit


def _apply(
    folder: Path,
    path: Path,
    plan: _Plan,
    progress_damaged: bool,
    journal: Path,
    journal_broken: bool,
    journal_lines: list[list[Operation]],
    journal_rewrite: list[list[Operation]] | None,
    now: Clock,
) -> RestoreResult:
    """Write the plan: damaged deck files aside, deck files in, journal aside (or copied aside and
    written again with its good lines, `journal_rewrite`), progress.json last.

    Each step leaves a store that restore mends the same way again, so a kill between them loses nothing.
    """
    when: datetime = now()
    decks_aside = tuple(move_aside(damaged, when) for damaged in plan.set_aside)
    split.write_deck_files(
        folder, {copy.name: copy.chunks for copy in plan.chosen.values() if not copy.in_place}
    )
    journal_aside = move_aside(journal, when) if journal_broken else None
    if journal_rewrite is not None:  # the whole journal kept aside first: nothing is deleted
        journal_aside = set_aside(journal, when)
        write_journal(journal, journal_rewrite)
    moved_aside = None
    if plan.progress is not None:
        if progress_damaged and os.path.lexists(path):
            moved_aside = set_aside(path, when)
        write_atomically(path, [plan.progress])
    return RestoreResult(
        plan.backup,
        moved_aside,
        plan.skipped,
        plan.questions,
        journal_aside,
        0 if journal_broken else len(journal_lines),
        decks_aside,
        tuple(plan.decks),
        plan.rebuilt,
        papers=tuple(plan.papers),
        journal_only=plan.journal_only,
        shared=SharedCounts.of(plan.journal_base) if progress_damaged and plan.progress is not None else None,
    )
