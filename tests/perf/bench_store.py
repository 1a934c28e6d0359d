"""Progress-store benchmarks, measured side by side in one run (printed, not asserted).

On the same 10,000-question progress data:
- one recorded answer with our store vs the same ProgressStore on stock TinyDB
  JSONStorage (target: ours >= 5x faster; ours includes fsync, stock does not);
- one recorded answer after 100,000 more answers vs after 100 more
  (target <= 1.2x: the file grows with questions, not answers);
- how long an answer holds the data lock that UI reads wait on (a frame is 16 ms).

Run: python -m pytest -m perf -s tests/perf/bench_store.py
"""

from __future__ import annotations

import shutil
import statistics
import time
from itertools import count
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from tests.perf.measure import side_by_side
from tui.core.progress import ProgressStore, open_store, write_atomically

pytestmark = pytest.mark.perf
QUESTIONS = 10_000
ROUNDS = 9


def progress_data(extra_answers: int) -> bytes:
    """10,000 questions each answered once, then `extra_answers` more spread over them."""
    store = ProgressStore.in_memory()
    with store.batch():
        for n in range(QUESTIONS + extra_answers):
            store.record_answer("bench", f"q{n % QUESTIONS}", n % 3 != 0, 3.0, "quiz")
    return orjson.dumps(store._db.storage.read())


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> dict[str, Path]:
    folders = {}
    for name, extra in (("100", 100), ("100000", 100_000)):
        folder = tmp_path_factory.mktemp(f"after-{name}")
        write_atomically(folder / "progress.json", [progress_data(extra)])
        folders[name] = folder
    return folders


def answer_timer(store: ProgressStore, answers: int = 5):
    """Mean time of one record_answer over `answers` answers, a different question each."""
    cards = count(7, 13)

    def one_answer() -> float:
        start = time.perf_counter()
        for _ in range(answers):
            store.record_answer("bench", f"q{next(cards) % QUESTIONS}", True, 2.0, "quiz")
        return (time.perf_counter() - start) / answers

    return one_answer


def test_one_answer_ours_vs_stock_tinydb(data, tmp_path):
    stock_file = tmp_path / "stock.json"
    shutil.copy(data["100"] / "progress.json", stock_file)
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


def test_cost_after_100000_answers_vs_after_100(data):
    many, few = open_store(data["100000"]), open_store(data["100"])
    sizes = [(d / "progress.json").stat().st_size / 1e6 for d in (data["100000"], data["100"])]
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

    preparing, prepared = store._prepare, []

    def timed_prepare():  # before a change, outside the lock: serialises records loaded but not yet serialised
        nonlocal started
        begun = time.perf_counter()
        preparing()
        prepared.append(time.perf_counter() - begun)
        started += prepared[-1]  # readers do not wait on it

    store._flush, store._prepare = timed_flush, timed_prepare
    try:
        for n in range(50):
            started = time.perf_counter()
            store.record_answer("bench", f"q{n * 97 % QUESTIONS}", n % 2 == 0, 2.0, "quiz")
    finally:
        store.close()
    print(
        f"\nData lock held per answer on {QUESTIONS:,} questions: median {statistics.median(held) * 1e3:.2f} ms, "
        f"max {max(held) * 1e3:.2f} ms (a frame is 16 ms); the first answer also serialised the loaded "
        f"records outside the lock in {max(prepared) * 1e3:.1f} ms"
    )
