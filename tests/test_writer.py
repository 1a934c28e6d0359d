"""The one write path: in order, readable at once, told once, finished at exit."""

from __future__ import annotations

import threading

from tests.conftest import FakeClock
from tui.core.matching import MatchResult
from tui.core.progress import ProgressError, ProgressStore
from tui.writer import ProgressWriter


class Recorder:
    """Stands in for the app: notices and UI-thread callbacks, in the order they came."""

    def __init__(self) -> None:
        self.notices: list[tuple[str, str, str]] = []
        self.calls = 0

    def notify(self, message: str, title: str, severity: str) -> None:
        self.notices.append((message, title, severity))

    def call_soon(self, callback) -> None:
        self.calls += 1
        callback()


def make_writer(store: ProgressStore) -> tuple[ProgressWriter, Recorder]:
    ui = Recorder()
    return ProgressWriter(store, ui.notify, ui.call_soon), ui


def test_answers_land_in_order_and_the_session_says_how_many_once_saved():
    store = ProgressStore.in_memory(now=FakeClock())
    writer, ui = make_writer(store)
    session = writer.start_session("quiz", "deck", ["Topic"])
    for correct in (True, False, True):
        writer.record_answer(session, "card", correct, 2.0, "quiz")
    writer.finish_session(session, 2, 3, 6.0, notice_title="Quiz")
    writer.finish_session(session, 2, 3, 6.0, notice_title="Quiz")  # a second close is ignored
    writer.close()
    stats = store.question_stats("deck", "card")
    assert stats is not None and stats.recent == (True, False, True)  # in the order given
    (last,) = store.recent_sessions("deck")
    assert (last.score, last.questions) == (2, 3)
    assert ui.notices == [("3 answers saved", "Quiz", "information")]


def test_a_session_counts_its_answers_as_they_are_saved_so_a_kill_keeps_them(tmp_path):
    from tui.core.progress import open_store, read_store

    store = open_store(tmp_path, now=FakeClock())
    writer, _ = make_writer(store)
    session = writer.start_session("review", "deck")
    for card, correct in (("a", True), ("b", False), ("c", True)):
        writer.record_answer(session, card, correct, 2.0, "quiz", marks=(2, 2) if correct else (0, 2))
    writer.record_answer(session, "d", False, 2.0, "quiz", credit=0.5, marks=(1, 2))  # half: not full marks
    writer.wait_until_saved()
    # were the terminal killed here (no finish_session), the files already say what was answered
    on_disk = read_store(tmp_path)
    assert on_disk is not None
    (open_session,) = on_disk.recent_sessions("deck")
    assert (open_session.questions, open_session.score, open_session.finished) == (4, 2, None)
    assert (open_session.marks, open_session.out_of) == (5, 8)  # as the paper said so far: 5/8 marks
    writer.finish_session(session, 2, 5, 9.0, marks=(5, 10))  # the paper's totals win at the end
    writer.close()
    (closed,) = store.recent_sessions("deck")
    assert (closed.questions, closed.score) == (5, 2)
    store.close()


def test_a_failing_disk_is_told_once_and_the_saved_notice_stays_unsaid(monkeypatch):
    store = ProgressStore.in_memory(now=FakeClock())

    def full_disk(*args, **kwargs):
        raise ProgressError("progress.json: the disk is full")

    monkeypatch.setattr(store, "record_answer", full_disk)
    writer, ui = make_writer(store)
    session = writer.start_session("quiz", "deck")
    for _ in range(3):
        writer.record_answer(session, "card", True, 1.0, "quiz")
    writer.finish_session(session, 3, 3, 3.0, notice_title="Quiz")
    writer.close()
    assert [title for _message, title, _severity in ui.notices] == ["Could not save"]
    assert "disk is full" in ui.notices[0][0]
    assert session.failed


def test_a_new_best_is_readable_at_once_and_announced_once_on_disk():
    store = ProgressStore.in_memory(now=FakeClock())
    writer, ui = make_writer(store)
    gate = threading.Event()
    writer._submit(gate.wait)  # hold the writer thread: nothing below has landed yet
    session = writer.start_session("match", "deck")
    result = MatchResult(pairs=6, elapsed=20.0, mistakes=1, first_time_right=5)
    best, is_new = writer.record_match(session, result, board_size=6)
    assert (best, is_new) == (25.0, True)
    assert writer.best_match_time("deck", 6) == 25.0  # before the write is on disk
    assert store.best_match_time("deck", 6) is None
    slower = MatchResult(pairs=6, elapsed=30.0, mistakes=0, first_time_right=6)
    assert writer.record_match(writer.start_session("match", "deck"), slower, board_size=6) == (25.0, False)
    gate.set()
    writer.close()
    assert store.best_match_time("deck", 6) == 25.0
    assert [message for message, _title, _severity in ui.notices] == ["New best for 6 pairs: 25.0 s"]


def test_when_saved_runs_at_once_when_idle_and_after_the_queue_otherwise():
    store = ProgressStore.in_memory(now=FakeClock())
    writer, _ui = make_writer(store)
    seen: list[str] = []
    writer.when_saved(lambda: seen.append("idle"))
    assert seen == ["idle"]
    gate = threading.Event()
    writer._submit(gate.wait)
    session = writer.start_session("review", "deck")
    writer.record_answer(session, "card", True, 1.0, "review")
    writer.when_saved(lambda: seen.append(f"after {store.question_stats('deck', 'card').attempts} answer"))
    assert seen == ["idle"]  # nothing waits: the callback is queued
    gate.set()
    writer.wait_until_saved()
    assert seen == ["idle", "after 1 answer"]
    writer.close()


def test_an_overruled_mark_counts_once_in_its_session_as_it_now_stands(tmp_path):
    from tui.core.progress import open_store, read_store

    store = open_store(tmp_path, now=FakeClock())
    writer, _ = make_writer(store)
    session = writer.start_session("quiz", "deck")
    writer.record_answer(session, "a", True, 2.0, "quiz", credit=1.0, marks=(2, 2))
    writer.record_answer(session, "b", True, 2.0, "quiz", credit=1.0, marks=(2, 2))
    writer.amend_last_answer(session, "b", False, 2.0, "quiz", credit=0.0, marks=(0, 2))  # overruled
    writer.wait_until_saved()
    on_disk = read_store(tmp_path)
    assert on_disk is not None
    (killed,) = on_disk.recent_sessions("deck")  # no finish: the terminal was killed here
    assert (killed.questions, killed.score, killed.marks, killed.out_of) == (2, 1, 2, 4)
    writer.close()
    store.close()


def test_writes_wait_for_the_open_decks_check_and_land_after_it(tmp_path):
    from tests.core.test_progress_open_later import answered_folder, clock
    from tui.core.progress import open_store

    folder = answered_folder(tmp_path)
    store = open_store(folder, now=clock, check_later=True)
    assert store.opening_pending
    writer, ui = make_writer(store)
    writer.set_setting("theme", "nord")
    session = writer.start_session("quiz", "sample")
    writer.record_answer(session, "pact", True, 2.0, "quiz")
    writer.opening_checked()  # as the app says it once home is drawn: here, the check not run yet
    writer.wait_until_saved()
    writer.close()
    store.close()
    assert ui.notices == []
    reopened = open_store(folder, now=clock)
    try:
        assert reopened.setting("theme") == "nord" and reopened.question_stats("sample", "pact").attempts == 2
    finally:
        reopened.close()


def test_no_write_lands_when_the_open_decks_file_fails_its_check(tmp_path):
    from tests.core.test_progress_open_later import answered_folder, clock, damage_the_deck_file
    from tests.reliability.damage import folder_state
    from tui.core.progress import ProgressCorruptError, open_store

    folder = answered_folder(tmp_path)
    damage_the_deck_file(folder)
    store = open_store(folder, now=clock, check_later=True)
    before = folder_state(folder)
    writer, ui = make_writer(store)
    writer.set_setting("theme", "nord")
    try:
        store.finish_opening()
    except ProgressCorruptError:
        writer.opening_checked()
    writer.wait_until_saved()
    writer.close()
    store.close()
    assert folder_state(folder) == before and ui.notices == []
