"""The progress store: per-question accuracy, sessions, best match times, settings.

Every screen goes through this module; nothing else touches TinyDB. One
document per question (deck id + card id), so the file grows with the number
of questions and sessions, never with the number of answers.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, MutableMapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from tui.core import scheduling
from tui.core.progress.errors import ProgressError
from tui.core.progress.layout import LazyQuestions
from tui.core.progress.schema import RECENT_OUTCOMES, SCHEMA_VERSION
from tui.core.progress.split import DeckFiles

if TYPE_CHECKING:
    from tinydb import TinyDB

    from tui.core.deck import Deck

# issue 15: cram answers are recorded like any other but leave the fsrs schedule as it was
CRAM_MODE = "cram"
# The session mode of a run of the exam plan's cards for today (answers recorded as a review's)
TODAY_MODE = "today"
# A credit (share of a question's marks) of at least this counts as right: streak, lapses, scheduling.
RIGHT_FROM = 0.5
LAST_DECK = "last_deck"  # setting: the id of the deck opened last
_NUMBER = (int, float)  # a tuple made once: `int | float` in a loop makes a new union each time

Clock = Callable[[], datetime]
_T = TypeVar("_T")


def utc_now() -> datetime:
    return datetime.now(UTC)


# Structs, not dataclasses: a class made in ~0.03 ms, not ~1 ms, at every start (issue 18). Those
# of numbers, texts and times only are never in a cycle, so not tracked (gc=False).
class QuestionStats(msgspec.Struct, frozen=True):
    """What the store knows about one question."""

    deck_id: str
    card_id: str
    attempts: int = 0
    correct: int = 0
    streak: int = 0
    lapses: int = 0
    last_answered: datetime | None = None
    recent: tuple[bool, ...] = ()
    mean_seconds: float = 0.0
    schedule: dict | None = None
    # Share of the marks (0–1) of the last answers, oldest first; answers from before credit: 1 or 0.
    recent_credit: tuple[float, ...] = ()
    # Marks earned over every answer, each answer's credit added (0–1 each); answers from before credit: 1 or 0.
    credit_sum: float = 0.0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None

    @property
    def mean_credit(self) -> float | None:
        """Share 0–1 of the marks over every answer; None before the first."""
        return self.credit_sum / self.attempts if self.attempts else None

    @property
    def last_credit(self) -> float | None:
        return self.recent_credit[-1] if self.recent_credit else None

    @classmethod
    def from_doc(cls, doc: dict) -> QuestionStats:
        """The stats of one validated question record (`schema.RECORDS["questions"]`).

        Issue 18: called once per record at start and per row by `revise stats`: loops in C
        (map), each field read once (~18 µs to ~6 µs a record, measured on the shared machine).
        """
        get = doc.get
        last = get("last_answered")
        recent = get("recent", "")
        credits = get("recent_credit")
        if not isinstance(credits, list) or len(credits) != len(recent):  # written before credit was kept
            credits = [1.0 if outcome == "1" else 0.0 for outcome in recent]
        correct = get("correct", 0)
        credit_sum = get("credit_sum", correct)
        if not isinstance(credit_sum, _NUMBER):
            credit_sum = correct
        # A Struct's __init__ runs in C: ~0.7 µs a record (a frozen dataclass's ~6 µs, issue 18).
        return cls(
            deck_id=doc["deck"],
            card_id=doc["card"],
            attempts=get("attempts", 0),
            correct=correct,
            streak=get("streak", 0),
            lapses=get("lapses", 0),
            last_answered=datetime.fromisoformat(last) if last else None,
            recent=tuple(map("1".__eq__, recent)),
            mean_seconds=get("mean_seconds", 0.0),
            schedule=get("schedule"),
            recent_credit=tuple(map(float, credits)),
            credit_sum=float(credit_sum),
        )


class DateMatchStats(msgspec.Struct, frozen=True, gc=False):
    """Match the date, for one dated event (its card): boards it was on, and how often its first pairing slipped."""

    deck_id: str
    card_id: str
    attempts: int
    mistakes: int
    last: datetime | None

    @classmethod
    def from_doc(cls, doc: dict) -> DateMatchStats:
        last = doc.get("last")
        return cls(
            doc["deck"],
            doc["card"],
            doc.get("attempts", 0),
            doc.get("mistakes", 0),
            datetime.fromisoformat(last) if last else None,
        )


class AccuracySummary(msgspec.Struct, frozen=True, gc=False):
    """Accuracy over a set of cards: how many were answered, attempts, correct."""

    cards: int
    answered: int
    attempts: int
    correct: int
    credit: float | None = None  # marks earned over the attempts (a partial answer counts its share)

    @property
    def accuracy(self) -> float | None:
        """Share 0–1 of the marks earned over the attempts (of answers right, where no credit is known)."""
        if not self.attempts:
            return None
        return (self.credit if self.credit is not None else self.correct) / self.attempts


class LibraryEntry(msgspec.Struct, frozen=True, gc=False):
    """A deck the student has opened: its id, file, title, format, card count and when last opened."""

    deck_id: str
    path: str
    title: str
    format: str
    cards: int
    opened: datetime | None

    @classmethod
    def from_doc(cls, doc: dict) -> LibraryEntry:
        opened = doc.get("opened")
        return cls(
            deck_id=doc["deck"],
            path=doc["path"],
            title=doc.get("title") or doc["deck"],
            format=doc.get("format") or "native",
            cards=doc.get("cards") or 0,
            opened=datetime.fromisoformat(opened) if isinstance(opened, str) else None,
        )


class SessionRecord(msgspec.Struct, frozen=True, gc=False):
    id: int
    mode: str
    deck_id: str
    topics: tuple[str, ...]
    started: datetime
    finished: datetime | None
    duration: float
    score: int  # questions with full marks
    questions: int
    marks: int | None = None  # the paper's marks, as on its results; None for sessions from before marks
    out_of: int | None = None

    @property
    def percent(self) -> float | None:
        """Share 0–1 of the session's marks (of questions with full marks, for sessions from before marks)."""
        if self.marks is not None and self.out_of:
            return self.marks / self.out_of
        return self.score / self.questions if self.questions else None

    @property
    def score_label(self) -> str:
        """The score in one form for every session: "7/12 marks" (one mark a question: "2/3 marks", "0/1 mark"),
        or "1/2 right" for a session without marks (a match, sessions from before marks)."""
        if self.marks is None or self.out_of is None:
            return f"{self.score:,}/{self.questions:,} right"
        return f"{self.marks:,}/{self.out_of:,} mark{'s' * (self.out_of != 1)}"

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict) -> SessionRecord:
        finished = doc.get("finished")
        return cls(
            id=doc_id,
            mode=doc["mode"],
            deck_id=doc["deck"],
            topics=tuple(doc.get("topics", ())),
            started=datetime.fromisoformat(doc["started"]),
            finished=datetime.fromisoformat(finished) if finished else None,
            duration=doc.get("duration", 0.0),
            score=doc.get("score", 0),
            questions=doc.get("questions", 0),
            marks=doc.get("marks"),
            out_of=doc.get("out_of"),
        )


def _replaced_by(fields: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    """A TinyDB update that makes a document exactly `fields` (an update alone keeps other fields)."""

    def replace(doc: MutableMapping[Any, Any]) -> None:
        doc.clear()
        doc.update(fields)

    return replace


class ProgressStore:
    """Per-question records and everything else the app remembers.

    Thread-safe: screens call `record_answer` from a worker thread while the
    UI reads. Reads come from memory. A change is made under the data lock
    (microseconds: only the changed documents are serialised) and appended
    to the journal outside it, so a reader never waits for a disk write; a writing
    method returns once its change is on disk.
    """

    def __init__(self, db: TinyDB, now: Clock = utc_now) -> None:
        self._db = db
        self._now = now
        self.warnings: list[str] = []  # set at open: what did not go well there ("Backup skipped: ...")
        self._lock = threading.RLock()
        self._write_depth = 0
        # Bumped by every change: screens re-rank or redraw only when it moved (issue 18).
        self.version = 0
        # Stores over AtomicJSONStorage flush outside the lock; other storages write in place.
        self._flush: Callable[[int], None] | None = getattr(db.storage, "flush", None)
        self._questions = db.table("questions")
        self._sessions = db.table("sessions")
        self._best_times = db.table("best_times")
        self._settings = db.table("settings")
        self._date_matches = db.table("date_matches")
        self._meta = db.table("meta")
        self._decks = db.table("decks")  # the deck library: one record per deck ever opened
        # deck -> card -> doc_id, filled on a deck's first use: an answer updates one document by id.
        self._doc_ids: dict[str, dict[str, int]] = {}
        # deck -> card -> stats, built on a deck's first read and kept current by record_answer.
        self._deck_stats: dict[str, dict[str, QuestionStats]] = {}
        # (deck, card) -> its question record before its last answer in this run: what `amend_last_answer` restores.
        self._before_last: dict[tuple[str, str], dict[str, Any]] = {}
        # deck -> changes to its question records in this run (`records_version`)
        self._records_changed: dict[str, int] = {}
        # (deck, its figures' columns, what finishes the open) while the open deck's file waits for
        # its check (`open_later`); the error that check raised, if it failed
        self._opening: tuple[str, Any, Callable[[], None]] | None = None
        self.opening_error: ProgressError | None = None
        if not self._meta.all():
            with self._writing():
                self._meta.insert({"schema_version": SCHEMA_VERSION})

    @classmethod
    def in_memory(cls, now: Clock = utc_now) -> ProgressStore:
        """A store that keeps nothing on disk (tests, `--no-save`)."""
        from tinydb.storages import MemoryStorage

        from tui.core.progress.db import ProgressDB  # here: the store's types need no TinyDB

        return cls(ProgressDB(storage=MemoryStorage), now=now)

    def close(self) -> None:
        """Write anything not yet on disk and give up the data folder."""
        with self._lock:
            self._db.close()

    def open_later(self, deck_id: str, columns: Any, finish: Callable[[], None]) -> None:
        """The open deck's file is read and checked by `finish` (`open_store(check_later=True)`):
        until then `opening_columns(deck_id)` gives `columns` (a `figures_cache.Columns`)."""
        self._opening = (deck_id, columns, finish)

    @property
    def opening_pending(self) -> bool:
        """The open deck's file is not checked yet (`finish_opening` has not run or failed)."""
        return self._opening is not None

    def opening_columns(self, deck_id: str) -> Any:
        """The figures cache's columns of `deck_id`'s records while its file waits for its check; else None."""
        opening = self._opening
        return opening[1] if opening is not None and opening[0] == deck_id else None

    def finish_opening(self) -> None:
        """Read and check the open deck's file, then back up and tidy the data folder, as `open_store`
        does at once without `check_later`; nothing when that is done. Raises the ProgressError that
        open would have raised (kept in `opening_error`; every later call raises it again)."""
        with self._lock:
            if self._opening is None:
                return
            if self.opening_error is not None:
                raise self.opening_error
            try:
                self._opening[2]()
            except ProgressError as error:
                self.opening_error = error
                raise
            self._opening = None

    def keep_figures(self, deck_id: str) -> None:
        """Keep home's figures' columns of the deck's file for the next start if none are kept
        (`figures_cache`; the deck's records as on disk, its file read already); failures ignored.
        Run where writes run (the writer thread): it reads the records outside the data lock."""
        docs = self._question_docs()
        if isinstance(docs, DeckFiles) and self._opening is None:
            docs.keep_figures([deck_id])

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Change under the data lock; on leaving the outermost block, wait until it is on disk.
        Nothing is changed before the open deck's file is checked (`finish_opening`)."""
        if self._opening is not None:
            self.finish_opening()
        with self._lock:
            self._write_depth += 1
            try:
                yield
            finally:
                self._write_depth -= 1
                self.version += 1
            outermost = self._write_depth == 0
            seq = getattr(self._db.storage, "staged_seq", 0)
        if outermost and self._flush is not None:
            self._flush(seq)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many changes, one disk write at the end (imports, seeding); holds the data lock throughout."""
        with self._writing():
            yield

    # -- answers -----------------------------------------------------------

    def record_answer(
        self,
        deck_id: str,
        card_id: str,
        correct: bool,
        seconds: float,
        mode: str,
        credit: float | None = None,
        rating: int | None = None,
    ) -> QuestionStats:
        """Record one answer, written through before returning; the new stats.

        `mode` "cram" (`CRAM_MODE`) counts the answer but keeps the fsrs schedule byte-identical.
        `credit`: the share of the question's marks earned, 0–1 (None: 1 if `correct` else 0).
        Given, it decides `correct`: a credit of `RIGHT_FROM` (0.5) or more counts as right for
        the streak, lapses and the FSRS rating, and the credit itself is kept for weak spots.
        `rating`: a flashcard's own grade (1–4, see `scheduling.review`), else from `correct`.
        """
        if credit is not None:
            credit = min(max(credit, 0.0), 1.0) if math.isfinite(credit) else 0.0
            correct = credit >= RIGHT_FROM
        else:
            credit = 1.0 if correct else 0.0
        if not math.isfinite(seconds):  # NaN would be written as null and break the mean
            seconds = 0.0
        fsrs_id = scheduling.stable_fsrs_id(deck_id, card_id)
        with self._lock:
            when = self._now()
            before = self._stored_schedule(deck_id, card_id)
        # The scheduler (slow on first use: it imports fsrs) runs outside the lock readers wait on.
        keep_schedule = mode == CRAM_MODE
        schedule = before if keep_schedule else scheduling.review(before, correct, when, fsrs_id, rating)
        with self._writing():
            doc_id = self._ids_of(deck_id).get(card_id)
            doc: dict[str, Any] = (
                dict(self._question_docs()[str(doc_id)])
                if doc_id
                else {
                    "deck": deck_id,
                    "card": card_id,
                    "attempts": 0,
                    "correct": 0,
                    "streak": 0,
                    "lapses": 0,
                    "recent": "",
                    "mean_seconds": 0.0,
                    "schedule": None,
                }
            )
            if doc["schedule"] is not before:  # another answer to this question got in first
                schedule = (
                    doc["schedule"]
                    if keep_schedule
                    else scheduling.review(doc["schedule"], correct, when, fsrs_id, rating)
                )
            self._before_last[(deck_id, card_id)] = dict(doc)
            credits = QuestionStats.from_doc(doc).recent_credit
            credit_sum = QuestionStats.from_doc(doc).credit_sum
            previous = doc["recent"][-1:]
            attempts = doc["attempts"] + 1
            mean = doc["mean_seconds"] + (max(seconds, 0.0) - doc["mean_seconds"]) / attempts
            doc["mean_seconds"] = round(mean, 3)
            doc["attempts"] = attempts
            doc["correct"] += int(correct)
            doc["streak"] = doc["streak"] + 1 if correct else 0
            if previous == "1" and not correct:
                doc["lapses"] += 1
            doc["recent"] = (doc["recent"] + ("1" if correct else "0"))[-RECENT_OUTCOMES:]
            doc["recent_credit"] = [*credits, round(credit, 3)][-RECENT_OUTCOMES:]
            doc["credit_sum"] = round(credit_sum + credit, 3)  # whole when every credit is 1 or 0: exact
            doc["last_answered"] = when.isoformat()
            doc["last_mode"] = mode
            doc["schedule"] = schedule
            if doc_id:
                self._questions.update(doc, doc_ids=[doc_id])
            else:
                self._ids_of(deck_id)[card_id] = self._questions.insert(doc)
            stats = QuestionStats.from_doc(doc)
            if deck_id in self._deck_stats:
                self._deck_stats[deck_id][card_id] = stats
            self._records_changed[deck_id] = self._records_changed.get(deck_id, 0) + 1
            return stats

    def amend_last_answer(
        self,
        deck_id: str,
        card_id: str,
        correct: bool,
        seconds: float,
        mode: str,
        credit: float | None = None,
    ) -> QuestionStats:
        """Replace the last answer recorded in this run for the card (an undone mark, marked again).

        The question record goes back to what it was before that answer, then this one is
        recorded in its place, in one write: attempts are not counted twice. With no answer
        to the card recorded in this run, this records a new one.
        """
        with self._writing():
            before = self._before_last.pop((deck_id, card_id), None)
            doc_id = self._ids_of(deck_id).get(card_id)
            if before is not None and doc_id:
                self._questions.update(_replaced_by(before), doc_ids=[doc_id])
                if deck_id in self._deck_stats:
                    self._deck_stats[deck_id][card_id] = QuestionStats.from_doc(before)
            return self.record_answer(deck_id, card_id, correct, seconds, mode, credit)

    def _question_docs(self) -> dict[str, dict]:
        return (self._db.storage.read() or {}).get("questions", {})

    def _ids_of(self, deck_id: str) -> dict[str, int]:
        """card -> doc id of the deck's question records: one scan, on the deck's first use."""
        ids = self._doc_ids.get(deck_id)
        if ids is None:
            docs = self._question_docs()
            if isinstance(docs, DeckFiles):  # the deck's own file, read and checked on its first use
                cards = docs.load(deck_id)
                ids = dict(zip(cards, map(int, cards.values())))
            elif isinstance(docs, LazyQuestions):  # read-only, scanned: an index, no record parsed
                ids = {card: int(key) for card, key in docs.index.get(deck_id, ())}
            else:  # loops in C: 100,000 records of other decks cost a few ms, not tens
                mine = list(map(deck_id.__eq__, map(itemgetter("deck"), docs.values())))
                ids = dict(
                    zip(
                        map(itemgetter("card"), compress(docs.values(), mine)), map(int, compress(docs, mine))
                    )
                )
            self._doc_ids[deck_id] = ids
        return ids

    def _stored_schedule(self, deck_id: str, card_id: str) -> dict | None:
        doc_id = self._ids_of(deck_id).get(card_id)
        if doc_id is None:
            return None
        return self._question_docs()[str(doc_id)].get("schedule")

    def _stats_of(self, deck_id: str) -> dict[str, QuestionStats]:
        stats = self._deck_stats.get(deck_id)
        if stats is None:
            docs = self._question_docs()
            stats = self._deck_stats[deck_id] = {
                card: QuestionStats.from_doc(docs[str(doc_id)])
                for card, doc_id in self._ids_of(deck_id).items()
            }
        return stats

    def question_stats(self, deck_id: str, card_id: str) -> QuestionStats | None:
        with self._lock:
            return self._stats_of(deck_id).get(card_id)

    def all_question_stats(self, deck_id: str) -> dict[str, QuestionStats]:
        """card id -> stats for every answered question of the deck."""
        with self._lock:
            return dict(self._stats_of(deck_id))

    def records_version(self, deck_id: str) -> int:
        """A count that moves whenever one of the deck's question records changes (an answer, an
        amended mark, a carried-over or moved record): equal counts, the same records."""
        with self._lock:
            return self._records_changed.get(deck_id, 0)

    def answered_count(self, deck_id: str) -> int:
        """How many of the deck's questions have a record (its file read on first use, no stats made;
        the figures cache's count while the open deck's file waits for its check)."""
        columns = self.opening_columns(deck_id)
        if columns is not None:
            return len(columns.card)
        with self._lock:
            return len(self._ids_of(deck_id))

    def fold_question_records(self, deck_id: str, fold: Callable[[list[dict[str, Any]]], _T]) -> _T:
        """`fold(records)` over the deck's question records as stored, under the data lock.

        The records are the validated dicts of `schema.RECORDS["questions"]` (fields as
        `QuestionStats.from_doc` reads them); `fold` must not change or keep them. Home's figures
        at 10,000s of records without a `QuestionStats` each before the first frame (issue 18).
        """
        with self._lock:
            docs = self._question_docs()
            if isinstance(docs, DeckFiles):  # looked up in C, in the order of `_ids_of`
                return fold(docs.records_of(deck_id))
            return fold([docs[str(doc_id)] for doc_id in self._ids_of(deck_id).values()])

    def iter_question_stats(self, deck_id: str) -> Iterator[QuestionStats]:
        """Every answered question of the deck by card id, each made when asked for and not kept.

        For `revise stats --json` at 100,000s of records: memory stays that of one record.
        """
        with self._lock:
            docs = self._question_docs()
            lazy = docs if isinstance(docs, LazyQuestions) else None  # read-only: never changes
            if isinstance(docs, DeckFiles):
                found = sorted((card, docs[key]) for card, key in docs.load(deck_id).items())
            elif lazy is None:
                found = sorted((doc["card"], doc) for doc in docs.values() if doc["deck"] == deck_id)
        if lazy is not None:  # each record parsed when its turn comes, then dropped
            for _card, key in lazy.index.get(deck_id, []):
                yield QuestionStats.from_doc(lazy[key])
            return
        for _card, doc in found:
            yield QuestionStats.from_doc(doc)

    def deck_ids(self) -> list[str]:
        with self._lock:
            docs = self._question_docs()
            if isinstance(docs, DeckFiles):
                return docs.deck_ids()
            if isinstance(docs, LazyQuestions):
                return sorted(docs.index)
            return sorted({doc["deck"] for doc in docs.values()})

    def summarise(self, deck_id: str, card_ids: list[str] | tuple[str, ...]) -> AccuracySummary:
        """Accuracy over the given cards of a deck (a topic, or the whole deck)."""
        with self._lock:  # the deck's own dict, not a copy: 50 topics of 10,000 answers are 50 lookups each
            stats = self._stats_of(deck_id)
            answered = [stats[c] for c in card_ids if c in stats]
        return AccuracySummary(
            cards=len(card_ids),
            answered=len(answered),
            attempts=sum(s.attempts for s in answered),
            correct=sum(s.correct for s in answered),
            credit=sum(s.credit_sum for s in answered),
        )

    def deck_summary(self, deck: Deck) -> AccuracySummary:
        return self.summarise(deck.id, [card.id for card in deck.cards])

    def topic_summaries(self, deck: Deck) -> dict[str, AccuracySummary]:
        """Topic name -> accuracy over its cards, in deck order."""
        return {topic.name: self.summarise(deck.id, topic.card_ids) for topic in deck.topics}

    def due_count_before(self, deck_id: str, end: datetime) -> int:
        """How many of the deck's answered cards are due before `end` (aware; a local midnight).

        A deck whose file is not read yet answers from its summary (`split`): home's "due in other
        decks" reads no other deck's records. `end` must be a whole quarter hour (every UTC offset is).
        """
        with self._lock:
            docs = self._question_docs()
            if isinstance(docs, DeckFiles):
                counted = docs.due_before(deck_id, end)
                if counted is not None:
                    return counted
            stats = self._stats_of(deck_id)
            return sum(
                1 for s in stats.values() if s.schedule is not None and scheduling.due_at(s.schedule) < end
            )

    def due_card_ids(self, deck: Deck) -> list[str]:
        """Cards of the deck whose spaced-repetition review is due now (not later today), most overdue first.

        The home and weak-spots figure is "due today": `tui.core.weakness.due_today`.
        """
        now = self._now()
        stats = self.all_question_stats(deck.id)
        due = sorted(
            (scheduling.due_at(s.schedule), s.card_id)
            for c in deck.cards
            if (s := stats.get(c.id)) is not None
            and s.schedule is not None
            and scheduling.due_at(s.schedule) <= now
        )
        return [card_id for _due, card_id in due]

    # -- sessions ----------------------------------------------------------

    def start_session(self, mode: str, deck_id: str, topics: list[str] | tuple[str, ...] = ()) -> int:
        """Open a session record now; returns its id for `finish_session`."""
        with self._writing():
            return self._sessions.insert(
                {
                    "mode": mode,
                    "deck": deck_id,
                    "topics": list(topics),
                    "started": self._now().isoformat(),
                    "finished": None,
                    "duration": 0.0,
                    "score": 0,
                    "questions": 0,
                }
            )

    def tally_session(
        self,
        session_id: int,
        right: bool,
        marks: tuple[int, int] | None = None,
        undo: tuple[bool, tuple[int, int] | None] | None = None,
    ) -> None:
        """Count one more answer in an open session, so that a session never finished (the terminal
        killed) still says what was answered in it; `finish_session` then sets the paper's own totals.

        `right`: the answer earned full marks (a session's score counts those); `marks`: (earned,
        available) for a marked answer, added to the session's marks. `undo`: the (right, marks) this
        answer was counted with before, when its mark was changed (overruled, marked again): taken
        off first, so the answer counts once, as it now stands.
        Raises ValueError if `marks` earned are not from 0 to those available.
        """
        for pair in (marks, undo[1] if undo else None):
            if pair is not None and not 0 <= pair[0] <= pair[1]:
                raise ValueError(f"marks {pair[0]}/{pair[1]}: earned must be from 0 to those available")

        def tally(doc: MutableMapping[Any, Any]) -> None:
            if doc.get("finished") is not None:
                return
            if undo is not None:
                was_right, was_marks = undo
                doc["questions"] = max(0, doc.get("questions", 0) - 1)
                doc["score"] = max(0, doc.get("score", 0) - int(was_right))
                if was_marks is not None and "marks" in doc:
                    doc["out_of"] = max(0, doc.get("out_of", 0) - was_marks[1])
                    doc["marks"] = min(doc["out_of"], max(0, doc.get("marks", 0) - was_marks[0]))
            doc["questions"] = doc.get("questions", 0) + 1
            doc["score"] = doc.get("score", 0) + int(right)
            if marks is not None:
                doc["out_of"] = doc.get("out_of", 0) + marks[1]
                doc["marks"] = doc.get("marks", 0) + marks[0]

        with self._writing():
            self._sessions.update(tally, doc_ids=[session_id])

    def finish_session(
        self,
        session_id: int,
        score: int,
        questions: int,
        duration: float,
        marks: tuple[int, int] | None = None,
    ) -> None:
        """Close a session: `score` questions with full marks of `questions` answered or missed,
        `duration` seconds, and `marks` (earned, available) as its paper added them, if it was marked.

        Raises ValueError if `marks` earned exceed those available (the file's rule, kept at the door).
        """
        fields: dict[str, Any] = {
            "finished": self._now().isoformat(),
            "score": score,
            "questions": questions,
            "duration": round(duration, 3),
        }
        if marks is not None:
            earned, available = marks
            if not 0 <= earned <= available:
                raise ValueError(f"marks {earned}/{available}: earned must be from 0 to those available")
            fields |= {"marks": earned, "out_of": available}
        with self._writing():
            self._sessions.update(fields, doc_ids=[session_id])

    def recent_sessions(self, deck_id: str, limit: int = 20) -> list[SessionRecord]:
        """Sessions of the deck, oldest first, at most `limit`: finished ones, and those never finished
        (the terminal killed) that counted answers (`tally_session`)."""
        with self._lock:
            docs = [
                SessionRecord.from_doc(doc.doc_id, doc)
                for doc in self._sessions.all()
                if doc["deck"] == deck_id and (doc.get("finished") or doc.get("questions"))
            ]
        return docs[-limit:]

    def last_session(self, deck_id: str) -> SessionRecord | None:
        sessions = self.recent_sessions(deck_id, limit=1)
        return sessions[0] if sessions else None

    def session_count(self, deck_id: str | None = None) -> int:
        """Sessions as `recent_sessions` counts them, of one deck or of all decks."""
        with self._lock:
            return sum(
                1
                for doc in self._sessions.all()
                if (doc.get("finished") or doc.get("questions"))
                and (deck_id is None or doc["deck"] == deck_id)
            )

    # -- match-the-date best times ----------------------------------------

    def best_match_time(self, deck_id: str, board_size: int) -> float | None:
        with self._lock:
            for doc in self._best_times.all():
                if doc["deck"] == deck_id and doc["board_size"] == board_size:
                    return doc["seconds"]
            return None

    def best_match_times(self, deck_id: str) -> dict[int, float]:
        with self._lock:
            return {d["board_size"]: d["seconds"] for d in self._best_times.all() if d["deck"] == deck_id}

    def record_match_time(self, deck_id: str, board_size: int, seconds: float) -> bool:
        """Keep `seconds` if it beats the best for this deck and board size; True if it did."""
        with self._writing():
            for doc in self._best_times.all():
                if doc["deck"] == deck_id and doc["board_size"] == board_size:
                    if seconds >= doc["seconds"]:
                        return False
                    self._best_times.update(
                        {"seconds": seconds, "when": self._now().isoformat()}, doc_ids=[doc.doc_id]
                    )
                    return True
            self._best_times.insert(
                {
                    "deck": deck_id,
                    "board_size": board_size,
                    "seconds": seconds,
                    "when": self._now().isoformat(),
                }
            )
            return True

    # -- match-the-date, per event -------------------------------------------

    def record_date_match(self, deck_id: str, card_id: str, slipped: bool) -> DateMatchStats:
        """One event paired on a board: `slipped` if its first pairing was the wrong date.

        Kept apart from the card's question record: knowing a date is not answering the question.
        """
        with self._writing():
            found = [
                d for d in self._date_matches.all() if d.get("deck") == deck_id and d.get("card") == card_id
            ]
            doc: dict[str, Any] = (
                dict(found[0]) if found else {"deck": deck_id, "card": card_id, "attempts": 0, "mistakes": 0}
            )
            doc["attempts"] += 1
            doc["mistakes"] += int(slipped)
            doc["last"] = self._now().isoformat()
            if found:
                self._date_matches.update(doc, doc_ids=[found[0].doc_id])
            else:
                self._date_matches.insert(doc)
            return DateMatchStats.from_doc(doc)

    def date_match_stats(self, deck_id: str) -> dict[str, DateMatchStats]:
        """card id -> match-the-date record of each dated event of the deck paired at least once."""
        with self._lock:
            return {
                doc["card"]: DateMatchStats.from_doc(doc)
                for doc in self._date_matches.all()
                if doc.get("deck") == deck_id
            }

    # -- settings ------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        with self._lock:
            for doc in self._settings.all():
                if doc["key"] == key:
                    return doc["value"]
            return default

    def settings_starting(self, prefix: str) -> dict[str, Any]:
        """Every setting whose key starts with `prefix` and whose value is not None: key -> value."""
        with self._lock:
            return {
                doc["key"]: doc["value"]
                for doc in self._settings.all()
                if doc["key"].startswith(prefix) and doc["value"] is not None
            }

    def set_setting(self, key: str, value: Any) -> None:
        with self._writing():
            for doc in self._settings.all():
                if doc["key"] == key:
                    self._settings.update({"value": value}, doc_ids=[doc.doc_id])
                    return
            self._settings.insert({"key": key, "value": value})

    # -- the deck library -------------------------------------------------------

    def library(self) -> list[LibraryEntry]:
        """Every deck opened here, the most recently opened first."""
        with self._lock:
            entries = [LibraryEntry.from_doc(doc) for doc in self._decks.all()]
        epoch = datetime.min.replace(tzinfo=UTC)
        return sorted(entries, key=lambda entry: entry.opened or epoch, reverse=True)

    def library_entry(self, deck_id: str) -> LibraryEntry | None:
        with self._lock:
            for doc in self._decks.all():
                if doc["deck"] == deck_id:
                    return LibraryEntry.from_doc(doc)
        return None

    def last_deck(self) -> LibraryEntry | None:
        """The deck opened last (`revise` without --deck opens it), if it is in the library."""
        deck_id = self.setting(LAST_DECK)
        return self.library_entry(deck_id) if isinstance(deck_id, str) else None

    def remember_deck(self, deck_id: str, path: str, title: str, format: str, cards: int) -> None:
        """Add or update the deck's library record, opened now; it becomes the last deck.

        Another record for the same file (the deck's id changed with its cards) is dropped.
        """
        doc = {
            "deck": deck_id,
            "path": path,
            "title": title,
            "format": format,
            "cards": cards,
            "opened": self._now().isoformat(),
        }
        with self._writing():
            stale = [d.doc_id for d in self._decks.all() if d["deck"] != deck_id and d["path"] == path]
            if stale:
                self._decks.remove(doc_ids=stale)
            mine = [d.doc_id for d in self._decks.all() if d["deck"] == deck_id]
            if mine:
                self._decks.update(doc, doc_ids=mine[:1])
            else:
                self._decks.insert(doc)
            self.set_setting(LAST_DECK, deck_id)

    def answered_cards_by_deck(self) -> dict[str, AbstractSet[str]]:
        """As `card_ids_by_deck`, set-like: an unread deck's ids come from its summary, looked up
        in it without reading its file or building its set (`split.CardIds`)."""
        with self._lock:
            docs = self._question_docs()
            if isinstance(docs, DeckFiles):
                return {deck: docs.card_ids(deck) for deck in docs.deck_ids()}
        return dict(self.card_ids_by_deck())

    def card_ids_by_deck(self) -> dict[str, set[str]]:
        """deck id -> ids of its cards that have a progress record (for `best_matching_deck`)."""
        with self._lock:
            docs = self._question_docs()
            if isinstance(docs, DeckFiles):  # from each unread deck's summary: no deck file read
                return {deck: set(docs.card_ids(deck)) for deck in docs.deck_ids()}
            if isinstance(docs, LazyQuestions):
                return {deck: {card for card, _key in cards} for deck, cards in docs.index.items()}
            # loops in C, one pass per deck: 100,000 records cost ~30 ms, not ~150
            decks = list(map(itemgetter("deck"), docs.values()))
            cards = list(map(itemgetter("card"), docs.values()))
            return {deck: set(compress(cards, map(deck.__eq__, decks))) for deck in set(decks)}

    def carry_progress(self, old_deck: str, new_deck: str) -> int:
        """Move every record of deck `old_deck` (answers, sessions, best times, date matches, exam
        date, library record) to `new_deck`, whose id replaced it. Refused (0) when `new_deck` has answers already.

        Returns how many question records moved.
        """
        if old_deck == new_deck:
            return 0
        with self._writing():
            docs = self._question_docs()
            if isinstance(docs, DeckFiles):  # both decks' files read: both are written again
                if docs.load(new_deck):
                    return 0
                moved = sorted(map(int, docs.load(old_deck).values()))
            elif any(doc["deck"] == new_deck for doc in docs.values()):
                return 0
            else:
                moved = [int(key) for key, doc in docs.items() if doc["deck"] == old_deck]
            if moved:
                self._questions.update({"deck": new_deck}, doc_ids=moved)
            for table in (self._sessions, self._best_times, self._date_matches):
                ids = [doc.doc_id for doc in table.all() if doc["deck"] == old_deck]
                if ids:
                    table.update({"deck": new_deck}, doc_ids=ids)
            exam_key = f"exam_date:{old_deck}"
            for doc in self._settings.all():
                if doc["key"] == exam_key and self.setting(f"exam_date:{new_deck}") is None:
                    self._settings.update({"key": f"exam_date:{new_deck}"}, doc_ids=[doc.doc_id])
            if not any(doc["deck"] == new_deck for doc in self._decks.all()):
                ids = [doc.doc_id for doc in self._decks.all() if doc["deck"] == old_deck]
                if ids:
                    self._decks.update({"deck": new_deck}, doc_ids=ids)
            if self.setting(LAST_DECK) == old_deck:
                self.set_setting(LAST_DECK, new_deck)
            self._forget_caches(old_deck, new_deck)
            return len(moved)

    def move_card_progress(self, deck_id: str, old_card: str, new_card: str) -> bool:
        """The card's id changed (a notes question edited): its record follows. False when there
        is no record to move or `new_card` has one already."""
        with self._writing():
            ids = self._ids_of(deck_id)
            doc_id = ids.get(old_card)
            if doc_id is None or new_card in ids or old_card == new_card:
                return False
            self._questions.update({"card": new_card}, doc_ids=[doc_id])
            self._forget_caches(deck_id)
            return True

    def note_answer_edited(self, deck_id: str, card_id: str) -> bool:
        """Stamp today's date on the card's record as when its answer was edited (no record: False)."""
        with self._writing():
            doc_id = self._ids_of(deck_id).get(card_id)
            if doc_id is None:
                return False
            self._questions.update({"answer_edited": self._now().date().isoformat()}, doc_ids=[doc_id])
            self._forget_caches(deck_id)
            return True

    def answer_edited(self, deck_id: str, card_id: str) -> str | None:
        """The ISO date the card's answer was last edited in Revise, if it was."""
        with self._lock:
            doc_id = self._ids_of(deck_id).get(card_id)
            if doc_id is None:
                return None
            value = self._question_docs()[str(doc_id)].get("answer_edited")
            return value if isinstance(value, str) else None

    def _forget_caches(self, *deck_ids: str) -> None:
        for deck_id in deck_ids:
            self._doc_ids.pop(deck_id, None)
            self._deck_stats.pop(deck_id, None)
            self._records_changed[deck_id] = self._records_changed.get(deck_id, 0) + 1
