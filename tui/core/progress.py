"""The progress store: per-question accuracy, sessions, best match times, settings.

Every screen goes through this module; nothing else touches TinyDB. One
document per question (deck id + card id), so the file grows with the number
of questions and sessions, never with the number of answers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable

from tui.core import scheduling

if TYPE_CHECKING:
    from tinydb import TinyDB

    from tui.core.deck import Deck

SCHEMA_VERSION = 1
RECENT_OUTCOMES = 20

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class QuestionStats:
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

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None

    @classmethod
    def from_doc(cls, doc: dict) -> QuestionStats:
        last = doc.get("last_answered")
        return cls(
            deck_id=doc["deck"],
            card_id=doc["card"],
            attempts=doc.get("attempts", 0),
            correct=doc.get("correct", 0),
            streak=doc.get("streak", 0),
            lapses=doc.get("lapses", 0),
            last_answered=datetime.fromisoformat(last) if last else None,
            recent=tuple(doc.get("recent", ())),
            mean_seconds=doc.get("mean_seconds", 0.0),
            schedule=doc.get("schedule"),
        )


@dataclass(frozen=True)
class AccuracySummary:
    """Accuracy over a set of cards: how many were answered, attempts, correct."""

    cards: int
    answered: int
    attempts: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None


@dataclass(frozen=True)
class SessionRecord:
    id: int
    mode: str
    deck_id: str
    topics: tuple[str, ...]
    started: datetime
    finished: datetime | None
    duration: float
    score: int
    questions: int

    @property
    def percent(self) -> float | None:
        return self.score / self.questions if self.questions else None

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
        )


class ProgressStore:
    """Per-question records and everything else the app remembers.

    Thread-safe: screens call `record_answer` from a worker thread while the
    UI reads. Reads come from memory.
    """

    def __init__(self, db: TinyDB, now: Clock = utc_now) -> None:
        self._db = db
        self._now = now
        self._lock = threading.RLock()
        self._questions = db.table("questions")
        self._sessions = db.table("sessions")
        self._best_times = db.table("best_times")
        self._settings = db.table("settings")
        self._meta = db.table("meta")
        # (deck, card) -> doc_id: an answer updates one document by id, no scan.
        self._question_ids = {
            (doc["deck"], doc["card"]): doc.doc_id for doc in self._questions.all()
        }
        if not self._meta.all():
            self._meta.insert({"schema_version": SCHEMA_VERSION})

    @classmethod
    def in_memory(cls, now: Clock = utc_now) -> ProgressStore:
        """A store that keeps nothing on disk (tests, `--no-save`)."""
        from tinydb import TinyDB
        from tinydb.storages import MemoryStorage

        return cls(TinyDB(storage=MemoryStorage), now=now)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- answers -----------------------------------------------------------

    def record_answer(
        self, deck_id: str, card_id: str, correct: bool, seconds: float, mode: str
    ) -> QuestionStats:
        """Record one answer, written through before returning; the new stats."""
        with self._lock:
            when = self._now()
            doc_id = self._question_ids.get((deck_id, card_id))
            doc = dict(self._questions.get(doc_id=doc_id)) if doc_id else {
                "deck": deck_id, "card": card_id, "attempts": 0, "correct": 0,
                "streak": 0, "lapses": 0, "recent": [], "mean_seconds": 0.0,
                "schedule": None,
            }
            previous = doc["recent"][-1] if doc["recent"] else None
            attempts = doc["attempts"] + 1
            doc["mean_seconds"] = doc["mean_seconds"] + (max(seconds, 0.0) - doc["mean_seconds"]) / attempts
            doc["attempts"] = attempts
            doc["correct"] += int(correct)
            doc["streak"] = doc["streak"] + 1 if correct else 0
            if previous is True and not correct:
                doc["lapses"] += 1
            doc["recent"] = (doc["recent"] + [bool(correct)])[-RECENT_OUTCOMES:]
            doc["last_answered"] = when.isoformat()
            doc["last_mode"] = mode
            doc["schedule"] = scheduling.review(
                doc["schedule"], correct, when, scheduling.stable_fsrs_id(deck_id, card_id)
            )
            if doc_id:
                self._questions.update(doc, doc_ids=[doc_id])
            else:
                self._question_ids[(deck_id, card_id)] = self._questions.insert(doc)
            return QuestionStats.from_doc(doc)

    def question_stats(self, deck_id: str, card_id: str) -> QuestionStats | None:
        with self._lock:
            doc_id = self._question_ids.get((deck_id, card_id))
            return QuestionStats.from_doc(self._questions.get(doc_id=doc_id)) if doc_id else None

    def all_question_stats(self, deck_id: str) -> dict[str, QuestionStats]:
        """card id -> stats for every answered question of the deck."""
        with self._lock:
            return {
                doc["card"]: QuestionStats.from_doc(doc)
                for doc in self._questions.all()
                if doc["deck"] == deck_id
            }

    def deck_ids(self) -> list[str]:
        with self._lock:
            return sorted({deck for deck, _card in self._question_ids})

    def summarise(self, deck_id: str, card_ids: list[str] | tuple[str, ...]) -> AccuracySummary:
        """Accuracy over the given cards of a deck (a topic, or the whole deck)."""
        stats = self.all_question_stats(deck_id)
        answered = [stats[c] for c in card_ids if c in stats]
        return AccuracySummary(
            cards=len(card_ids),
            answered=len(answered),
            attempts=sum(s.attempts for s in answered),
            correct=sum(s.correct for s in answered),
        )

    def deck_summary(self, deck: Deck) -> AccuracySummary:
        return self.summarise(deck.id, [card.id for card in deck.cards])

    def topic_summaries(self, deck: Deck) -> dict[str, AccuracySummary]:
        """Topic name -> accuracy over its cards, in deck order."""
        return {topic.name: self.summarise(deck.id, topic.card_ids) for topic in deck.topics}

    def due_card_ids(self, deck: Deck) -> list[str]:
        """Cards of the deck whose spaced-repetition review is due now, most overdue first."""
        now = self._now()
        stats = self.all_question_stats(deck.id)
        due = [s for c in deck.cards if (s := stats.get(c.id)) and scheduling.is_due(s.schedule, now)]
        due.sort(key=lambda s: scheduling.due_at(s.schedule))
        return [s.card_id for s in due]

    # -- sessions ----------------------------------------------------------

    def start_session(self, mode: str, deck_id: str, topics: list[str] | tuple[str, ...] = ()) -> int:
        """Open a session record now; returns its id for `finish_session`."""
        with self._lock:
            return self._sessions.insert({
                "mode": mode, "deck": deck_id, "topics": list(topics),
                "started": self._now().isoformat(), "finished": None,
                "duration": 0.0, "score": 0, "questions": 0,
            })

    def finish_session(self, session_id: int, score: int, questions: int, duration: float) -> None:
        """Close a session with its score out of `questions` answered or missed."""
        with self._lock:
            self._sessions.update({
                "finished": self._now().isoformat(), "score": score,
                "questions": questions, "duration": round(duration, 3),
            }, doc_ids=[session_id])

    def recent_sessions(self, deck_id: str, limit: int = 20) -> list[SessionRecord]:
        """Finished sessions of the deck, oldest first, at most `limit`."""
        with self._lock:
            docs = [
                SessionRecord.from_doc(doc.doc_id, doc)
                for doc in self._sessions.all()
                if doc["deck"] == deck_id and doc.get("finished")
            ]
        return docs[-limit:]

    def last_session(self, deck_id: str) -> SessionRecord | None:
        sessions = self.recent_sessions(deck_id, limit=1)
        return sessions[0] if sessions else None

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
        with self._lock:
            for doc in self._best_times.all():
                if doc["deck"] == deck_id and doc["board_size"] == board_size:
                    if seconds >= doc["seconds"]:
                        return False
                    self._best_times.update(
                        {"seconds": seconds, "when": self._now().isoformat()}, doc_ids=[doc.doc_id]
                    )
                    return True
            self._best_times.insert({
                "deck": deck_id, "board_size": board_size,
                "seconds": seconds, "when": self._now().isoformat(),
            })
            return True

    # -- settings ------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        with self._lock:
            for doc in self._settings.all():
                if doc["key"] == key:
                    return doc["value"]
            return default

    def set_setting(self, key: str, value: Any) -> None:
        with self._lock:
            for doc in self._settings.all():
                if doc["key"] == key:
                    self._settings.update({"value": value}, doc_ids=[doc.doc_id])
                    return
            self._settings.insert({"key": key, "value": value})


class ProgressError(Exception):
    """The progress store cannot be used (locked by another copy, damaged, too new).

    The message says what happened and what to do; the CLI prints it and exits 1.
    """


def open_store(data_dir, now: Clock = utc_now) -> ProgressStore:
    """Open (creating if needed) the progress store in `data_dir` for this process.

    First cut: plain TinyDB JSON storage. The progress-store issue replaces it
    with crash-safe storage, the lock, backups and migrations.
    """
    from pathlib import Path

    from tinydb import TinyDB

    folder = Path(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return ProgressStore(TinyDB(folder / "progress.json"), now=now)
    except OSError as error:
        raise ProgressError(f"{folder}: cannot open the progress store ({error.strerror}).") from error
