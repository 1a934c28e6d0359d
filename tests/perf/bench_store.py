"""Progress-store benchmarks, measured side by side in one run (printed, not asserted).

- one recorded answer with our store vs the same ProgressStore on stock TinyDB
  JSONStorage, 10,000 questions (target: ours >= 5x faster; ours includes fsync, stock does not);
- one recorded answer on a store of 100,000 question records vs 1,000
  (target <= 1.5x, issue 18: each answer is one journal append of its own record);
- one recorded answer after 100,000 more answers vs after 100 more
  (target <= 1.2x: the file grows with questions, not answers);
- how long an answer holds the data lock that UI reads wait on (a frame is 16 ms);
- close (folding the journal into the snapshot) and open at 100,000 records.

Run: python -m pytest -m perf -s tests/perf/bench_store.py
"""

from __future__ import annotations

import statistics
import time
from itertools import count
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from tests.perf.measure import side_by_side
from tests.progress_files import deck_files, saved_state, write_split
from tui.core.progress import ProgressStore, open_store

pytestmark = pytest.mark.perf
QUESTIONS = 10_000
ROUNDS = 9


def progress_data(extra_answers: int, questions: int = QUESTIONS) -> dict:
    """`questions` questions each answered once, then `extra_answers` more spread over them: the tables."""
    store = ProgressStore.in_memory()
    with store.batch():
        for n in range(questions + extra_answers):
            store.record_answer("bench", f"q{n % questions}", n % 3 != 0, 3.0, "quiz")
    return store._db.storage.read()


def stored_mb(folder: Path) -> float:
    """MB of progress in `folder`: progress.json and its deck files."""
    return sum(path.stat().st_size for path in [folder / "progress.json", *deck_files(folder)]) / 1e6


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> dict[str, Path]:
    folders = {}
    for name, extra, questions in (
        ("100", 100, QUESTIONS),
        ("100000", 100_000, QUESTIONS),
        ("1k-records", 0, 1_000),
        ("100k-records", 0, 100_000),
    ):
        folder = tmp_path_factory.mktemp(f"after-{name}")
        write_split(folder, progress_data(extra, questions))  # as revise saves it: one file per deck
        folders[name] = folder
    return folders


def answer_timer(store: ProgressStore, answers: int = 5, questions: int = QUESTIONS):
    """Mean time of one record_answer over `answers` answers, a different question each."""
    cards = count(7, 13)

    def one_answer() -> float:
        start = time.perf_counter()
        for _ in range(answers):
            store.record_answer("bench", f"q{next(cards) % questions}", True, 2.0, "quiz")
        return (time.perf_counter() - start) / answers

    return one_answer


def test_one_answer_ours_vs_stock_tinydb(data, tmp_path):
    stock_file = tmp_path / "stock.json"
    stock_file.write_bytes(orjson.dumps(saved_state(data["100"])))  # every record in one file
    ours = open_store(data["100"])
    stock = ProgressStore(TinyDB(stock_file), now=ours._now)
    size = stock_file.stat().st_size / 1e6
    print(
        f"\nOne recorded answer, {QUESTIONS:,} questions ({size:.1f} MB file): ours vs stock TinyDB JSONStorage"
    )
    try:
        med_ours, med_stock, _ratio = side_by_side(
            "ours (s)", answer_timer(ours), "stock (s)", answer_timer(stock, answers=1), ROUNDS
        )
    finally:
        ours.close()
    print(
        f"  stock / ours = {med_stock / med_ours:.1f}x faster; target >= 5x: "
        f"{'met' if med_stock / med_ours >= 5 else 'NOT met'}"
    )


def test_one_answer_at_100k_records_vs_1k(data):
    big, small = open_store(data["100k-records"]), open_store(data["1k-records"])
    sizes = [stored_mb(data[d]) for d in ("100k-records", "1k-records")]
    big.record_answer("bench", "q1", True, 1.0, "quiz")  # first use of the deck: its id index is built
    small.record_answer("bench", "q1", True, 1.0, "quiz")
    print(f"\nOne recorded answer, 100,000 records ({sizes[0]:.1f} MB) vs 1,000 records ({sizes[1]:.2f} MB)")
    try:
        *_, ratio = side_by_side(
            "100k records (s)",
            answer_timer(big, answers=20, questions=100_000),
            "1k records (s)",
            answer_timer(small, answers=20, questions=1_000),
            ROUNDS,
        )
    finally:
        started = time.perf_counter()
        big.close()
        closed = time.perf_counter() - started
        small.close()
    print(f"  target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'}")
    reopen = []
    for _ in range(2):  # the first start backs up the changed file; the second finds nothing changed
        started = time.perf_counter()
        open_store(data["100k-records"]).close()
        reopen.append(time.perf_counter() - started)
    print(
        f"  close at 100k records (folds the journal in): {closed * 1e3:.0f} ms; open + close after a "
        f"session: {reopen[0] * 1e3:.0f} ms, again with nothing changed: {reopen[1] * 1e3:.0f} ms"
    )


def test_cost_after_100000_answers_vs_after_100(data):
    many, few = open_store(data["100000"]), open_store(data["100"])
    sizes = [stored_mb(d) for d in (data["100000"], data["100"])]
    print(
        f"\nOne recorded answer after 100,000 more answers ({sizes[0]:.2f} MB) vs after 100 ({sizes[1]:.2f} MB)"
    )
    try:
        *_, ratio = side_by_side(
            "after 100,000 (s)", answer_timer(many), "after 100 (s)", answer_timer(few), ROUNDS
        )
    finally:
        many.close()
        few.close()
    print(f"  target <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'}")


def test_how_long_an_answer_holds_the_data_lock(data):
    """The UI thread's reads wait at most this long; the disk write happens after the lock is let go."""
    store = open_store(data["100000"])
    storage = store._db.storage
    held, flushing = [], storage.flush
    started = 0.0

    def timed_flush(upto=None):
        held.append(time.perf_counter() - started)  # the data lock was let go just before
        flushing(upto)

    store._flush = timed_flush
    try:
        for n in range(50):
            started = time.perf_counter()
            store.record_answer("bench", f"q{n * 97 % QUESTIONS}", n % 2 == 0, 2.0, "quiz")
    finally:
        store.close()
    print(
        f"\nData lock held per answer on {QUESTIONS:,} questions: median {statistics.median(held) * 1e3:.2f} ms, "
        f"max {max(held) * 1e3:.2f} ms (a frame is 16 ms)"
    )
