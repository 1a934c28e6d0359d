"""The one write path: screens record answers, sessions, match times and settings here.

`ProgressWriter` queues each change for one writer thread, so changes reach the
disk in the order they were made and the UI thread never waits for a disk write.
What a screen reads back at once (a match's best time) is kept here the moment it
is recorded; what it reads after the writes land (the dashboard, weak spots) it
asks for with `when_saved`, which calls back on the UI thread without waiting.
A failed write is told once; queued writes are finished by `close` at exit.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import msgspec

if TYPE_CHECKING:
    from datetime import date

    from tui.core.deck import Deck
    from tui.core.matching import MatchResult
    from tui.core.progress import ProgressStore

# (message, title, severity): shown to the student as a notice on the UI thread.
Notify = Callable[[str, str, str], None]
# Runs a callable on the UI thread, from any thread, without waiting for it.
CallSoon = Callable[[Callable[[], None]], None]


@runtime_checkable
class ClosesBeforeExit(Protocol):
    """A screen with a session open (a quiz): the app closes it before quitting, so its writes queue."""

    def close_before_exit(self) -> None: ...


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
class Session(msgspec.Struct):
    """A quiz, drill or match board being played: its record's id is known once written."""

    mode: str
    deck_id: str
    id: int | None = None
    answers: int = 0  # answers recorded in it
    failed: bool = False  # one of its writes failed: its "saved" notice stays unsaid
    finished: bool = False
    # card id -> (full marks?, (earned, available) or None) as its last answer was counted in the session
    tallied: dict[str, tuple[bool, tuple[int, int] | None]] = msgspec.field(default_factory=dict)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


class ProgressWriter:
    """Record this, then write it on the writer thread, in order; tell the student what happened.

    `notify` and `call_soon` come from the app; both must be safe to call from any thread.
    """

    def __init__(self, store: ProgressStore, notify: Notify, call_soon: CallSoon) -> None:
        self.store = store
        self._notify = notify
        self._call_soon = call_soon
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="progress-writer")
        self._lock = threading.Lock()
        self._pending = 0
        self._waiting: list[Callable[[], None]] = []
        self._failing = False  # the last write failed: the next failure is not told again
        self._closed = False  # `close` ran: the writer thread is stopped
        # Writes that failed for a reason retrying cannot fix (a bad record, not the disk): lost.
        self.lost_writes = 0
        self.lost_reason = ""
        # Kept in the store's memory only (the disk failed since): each save that lands carries them all.
        self.unsaved_answers = 0
        # (answered, questions) of an exam paper kept in memory only, or None: it is saved or cleared.
        self.unsaved_paper: tuple[int, int] | None = None
        # The last exam paper (as saved, `tui.core.paper`) the disk refused: kept whatever comes after
        # (a hand-in clearing it) until a save lands, so quitting can still show what was typed.
        self.kept_paper: dict[str, Any] | None = None
        self.paper_refused = False  # a save or a clear of an exam paper failed (the disk keeps an older one)
        # (deck, board size) -> best time recorded here: readable before the write lands.
        self._best: dict[tuple[str, int], float] = {}
        # The open deck's file waits for its check (`store.finish_opening`, after home's first frame,
        # issue 18): every write waits for it, and none is made if it failed.
        self._opened = threading.Event()
        self._refused = False
        if getattr(store, "opening_pending", False):
            self._executor.submit(self._await_opening)
        else:
            self._opened.set()

    # -- domain verbs ------------------------------------------------------------------

    def start_session(self, mode: str, deck_id: str, topics: Sequence[str] = ()) -> Session:
        """Open a session record ("quiz", "exam", "review", "match"); its answers go through `record_answer`."""
        session = Session(mode, deck_id)

        def write() -> None:
            session.id = self.store.start_session(mode, deck_id, list(topics))

        self._submit(write, session)
        return session

    def record_answer(
        self,
        session: Session,
        card_id: str,
        correct: bool,
        seconds: float,
        record_mode: str,
        credit: float | None = None,
        rating: int | None = None,
        marks: tuple[int, int] | None = None,
    ) -> None:
        """One answer of `session`'s deck (`record_mode`: quiz, exam, review; "cram" keeps schedules).

        `credit`: the share of its marks earned, 0–1 (None: right or wrong);
        `rating`: a flashcard's own grade, 1–4 (see `scheduling.review`);
        `marks`: (earned, available) as the paper adds them, counted in the session as it goes.
        """
        session.answers += 1
        tally = self._tally(session, card_id, correct, credit, marks)

        def write() -> None:
            self.store.record_answer(
                session.deck_id, card_id, correct, seconds, record_mode, credit, rating=rating
            )
            tally()

        self._submit(write, session, answer=True)

    def _tally(
        self,
        session: Session,
        card_id: str,
        correct: bool,
        credit: float | None,
        marks: tuple[int, int] | None,
        amended: bool = False,
    ) -> Callable[[], None]:
        """What writes the answer's count into its open session (kept as it goes: a kill loses no
        count), after its record; an `amended` answer first takes off what it was counted with."""
        full = correct if credit is None else credit >= 1.0
        undo = session.tallied.get(card_id) if amended else None
        session.tallied[card_id] = (full, marks)

        def write() -> None:
            if session.id is not None and not session.finished:
                self.store.tally_session(session.id, full, marks, undo)

        return write

    def amend_last_answer(
        self,
        session: Session,
        card_id: str,
        correct: bool,
        seconds: float,
        record_mode: str,
        credit: float | None = None,
        marks: tuple[int, int] | None = None,
    ) -> None:
        """An undone mark, marked again: its stored answer is replaced, not added to (see the store),
        and its session counts it as it now stands."""
        tally = self._tally(session, card_id, correct, credit, marks, amended=True)

        def write() -> None:
            self.store.amend_last_answer(session.deck_id, card_id, correct, seconds, record_mode, credit)
            tally()

        self._submit(write, session, answer=True)

    def record_date_match(self, deck_id: str, card_id: str, slipped: bool) -> None:
        """Match the date: one pairing of a dated event (its card), right first time or a slip.

        Kept per event, apart from the card's question record: a date slip is not a wrong essay answer.
        """
        self._submit(lambda: self.store.record_date_match(deck_id, card_id, slipped))

    def finish_session(
        self,
        session: Session,
        score: int,
        questions: int,
        seconds: float,
        *,
        marks: tuple[int, int] | None = None,
        notice_title: str | None = None,
    ) -> None:
        """Close `session` with its score (questions with full marks of `questions`) and, for a
        marked paper, its `marks` (earned, available); with `notice_title`, say "N answers saved"
        once on disk."""
        if session.finished:
            return
        session.finished = True

        def write() -> None:
            if session.id is not None:  # None: its start failed and was told already
                self.store.finish_session(session.id, score, questions, seconds, marks)

        def saved() -> None:
            if notice_title and session.answers and not session.failed:
                self._notify(f"{_plural(session.answers, 'answer')} saved", notice_title, "information")

        self._submit(write, session, then=saved)

    def record_match(
        self, session: Session, result: MatchResult, *, board_size: int
    ) -> tuple[float | None, bool]:
        """Close a cleared board's session and keep its time if it is a new best.

        Returns (the best time now, in seconds, or None; whether this run set it). The best is
        known here at once; "New best" is told once the time is on disk.
        """
        from tui.core.matching import best_after
        from tui.widgets.time_text import format_seconds

        self.finish_session(session, result.first_time_right, result.pairs, result.elapsed)
        best, is_new = best_after(self.best_match_time(session.deck_id, board_size), result)
        if is_new:
            self._best[(session.deck_id, board_size)] = result.final_seconds
            message = f"New best for {board_size} pairs: {format_seconds(result.final_seconds)}"

            def saved() -> None:
                self._notify(message, "Match the date", "information")

            self._submit(
                lambda: self.store.record_match_time(session.deck_id, board_size, result.final_seconds),
                then=saved,
            )
        return best, is_new

    def best_match_time(self, deck_id: str, board_size: int) -> float | None:
        """The best time for this deck and board size, counting ones still on their way to disk."""
        known = [self.store.best_match_time(deck_id, board_size), self._best.get((deck_id, board_size))]
        times = [t for t in known if t is not None]
        return min(times) if times else None

    def set_setting(self, key: str, value: Any) -> None:
        """Remember a setting (the theme, an exam paper in progress) across runs."""
        from tui.core.paper import PAPER_PREFIX

        paper = (value,) if key.startswith(PAPER_PREFIX) else ()  # told at quit if it never lands
        self._submit(lambda: self.store.set_setting(key, value), paper=paper)

    def set_exam_date(self, deck_id: str, when: date | None) -> None:
        """Set the deck's exam date, or with None clear it; read it back after `when_saved`."""
        from tui.core import readiness

        self._submit(lambda: readiness.set_exam_date(self.store, deck_id, when))

    # -- the deck library and edited cards ------------------------------------------------

    def remember_deck(self, deck: Deck) -> None:
        """Put the open deck in the library (path, title, format, cards), opened now: the last deck."""
        if deck.source is None:
            return
        path = str(Path(deck.source).resolve())
        self._submit(
            lambda: self.store.remember_deck(deck.id, path, deck.title, deck.format, deck.card_count())
        )

    def carry_progress(self, old_deck: str, new_deck: str) -> None:
        """Move deck `old_deck`'s records to `new_deck`, the same deck under a new id."""
        self._submit(lambda: self.store.carry_progress(old_deck, new_deck))

    def move_card_progress(self, deck_id: str, old_card: str, new_card: str) -> None:
        """An edited card's id changed (notes decks): its record follows it."""
        self._submit(lambda: self.store.move_card_progress(deck_id, old_card, new_card))

    def note_answer_edited(self, deck_id: str, card_id: str) -> None:
        """Stamp "answer edited on <today>" on the card's record."""
        self._submit(lambda: self.store.note_answer_edited(deck_id, card_id))

    # -- the open deck's check -------------------------------------------------------------

    def opening_checked(self) -> None:
        """The app ran `store.finish_opening` (or it failed): the writes queued meanwhile go ahead,
        or, if it failed, are dropped with every later one (the store is refused, as at open)."""
        self._opened.set()

    def _check_opening(self) -> None:
        """Run the open deck's check here if the app has not (no app, or it ended before its first frame)."""
        if not self._opened.is_set():
            from tui.core.progress import ProgressError

            with contextlib.suppress(ProgressError):
                self.store.finish_opening()
            self._opened.set()

    def _await_opening(self) -> None:
        self._opened.wait()
        if self.store.opening_pending:  # told to go on, the check not run: run here, before any write
            from tui.core.progress import ProgressError

            with contextlib.suppress(ProgressError):
                self.store.finish_opening()
        self._refused = self.store.opening_error is not None

    def keep_figures(self, deck_id: str) -> None:
        """Keep home's figures of the open deck's file for the next start (`store.keep_figures`), in
        the writer's turn: after the writes queued so far, never at the same time as one."""

        def keep() -> None:
            if not self._refused:
                self.store.keep_figures(deck_id)

        self._executor.submit(keep)

    # -- landing -----------------------------------------------------------------------

    def when_saved(self, callback: Callable[[], None]) -> None:
        """Call `callback` on the UI thread once every write queued so far has landed (or failed).

        With nothing queued it runs now. Screens re-read progress this way and never wait.
        """
        with self._lock:
            if self._pending:
                self._waiting.append(callback)
                return
        callback()

    def wait_until_saved(self) -> None:
        """Block until every queued write has landed: for tests and scripts, never a screen."""
        self._check_opening()
        self._executor.submit(lambda: None).result()

    def close(self) -> None:
        """Finish every queued write, then stop the writer thread (at exit).

        When the last write failed on the disk, the changes kept in memory are tried once more
        (space may have been freed meanwhile); `unsaved_answers` and `unsaved_paper` say what is
        still not on disk after that. Closing again does nothing: the app closes it as it exits and
        the CLI once more after `run` returns (the app may have ended before its exit ran).
        """
        if self._closed:
            return
        self._closed = True
        try:
            self._check_opening()  # quit before the check: it runs now, or nothing is written
        except BaseException:
            self._executor.shutdown(wait=True)
            raise
        if self._failing:
            self._submit(self._retry)
        self._executor.shutdown(wait=True)

    def _retry(self) -> None:
        """Write what the store keeps staged: an empty batch flushes every change not yet on disk."""
        with self.store.batch():
            pass

    @property
    def unsaved(self) -> bool:
        """Answers or an exam paper are kept in memory only: the disk refused them (and retrying has not helped yet)."""
        return bool(self.unsaved_answers) or self.unsaved_paper is not None

    # -- the writer thread ---------------------------------------------------------------

    def _submit(
        self,
        write: Callable[[], object],
        session: Session | None = None,
        then: Callable[[], None] | None = None,
        *,
        answer: bool = False,
        paper: tuple[Any, ...] = (),
    ) -> None:
        """`answer`: the write records an answer; `paper`: (the exam paper it saves,) or (None,)
        when it clears one, () when it is not a paper's."""
        with self._lock:
            self._pending += 1
        self._executor.submit(self._run, write, session, then, answer, paper)

    def _run(
        self,
        write: Callable[[], object],
        session: Session | None,
        then: Callable[[], None] | None,
        answer: bool = False,
        paper: tuple[Any, ...] = (),
    ) -> None:
        ok = not self._refused  # the open deck's file was refused: the store is not written
        try:
            if ok:
                write()
        except Exception as error:  # the disk is full, the folder gone: tell the student, keep going
            ok = False
            if session is not None:
                session.failed = True
            if _is_disk_error(error):  # kept staged in the store: the next save that lands carries it
                self.unsaved_answers += answer
                if paper:
                    self.paper_refused = True
                    self.unsaved_paper = _answered(paper[0])
                    if isinstance(paper[0], dict):
                        self.kept_paper = paper[0]
            self._failed(error)
        else:
            self._landed()
        with self._lock:
            self._pending -= 1
            waiting, self._waiting = (self._waiting, []) if not self._pending else ([], self._waiting)
        if ok and then is not None:
            self._call_soon(then)
        for callback in waiting:
            self._call_soon(callback)

    def _landed(self) -> None:
        """A write returned: after failures, everything kept in memory is on disk only if a flush
        says so (a write may return without touching the disk: a session whose start failed)."""
        if self._failing or self.unsaved:
            try:
                self._retry()  # nothing staged: returns at once; else writes it all, in order
            except Exception:  # still refused: what is kept stays counted
                return
        self._failing = False
        self.unsaved_answers, self.unsaved_paper, self.kept_paper = 0, None, None
        self.paper_refused = False

    def _failed(self, error: Exception) -> None:
        retryable = _is_disk_error(error)
        if not retryable:
            self.lost_writes += 1
            self.lost_reason = self.lost_reason or str(error) or type(error).__name__
        if self._failing:
            return
        self._failing = True
        if retryable:
            # The store keeps the change staged in memory: the next write (or the one at quit) carries it.
            then = (
                "this answer is kept in memory and saved with the next one. If saving still fails "
                "at the end, quitting says what could not be saved."
            )
        else:
            then = "this change cannot be saved (retrying will not help) and is lost when you quit."
        self._notify(f"{error}\nEverything saved before is safe; {then}", "Could not save", "error")


def _answered(paper: object) -> tuple[int, int] | None:
    """(answers given, questions) of a saved exam paper (`tui.core.paper.paper_to_dict`); None for none."""
    if not isinstance(paper, dict) or not isinstance(paper.get("questions"), list):
        return None
    questions = paper["questions"]
    return sum(1 for q in questions if isinstance(q, dict) and q.get("response") is not None), len(questions)


def os_error_of(error: BaseException) -> OSError | None:
    """The OSError `error` is or was caused by (a full disk, a folder gone), following `__cause__`; or None."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__
    return None


def _is_disk_error(error: BaseException) -> bool:
    """True when `error` is (or was caused by) an OSError: a full disk, a folder gone; retrying may work."""
    from tui.core.progress import ProgressLockLostError

    if isinstance(error, ProgressLockLostError):  # another copy owns the folder now: no retry helps
        return False
    return os_error_of(error) is not None
