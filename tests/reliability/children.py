"""Code that runs in child processes the reliability tests kill or starve."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

QUESTIONS = 2_000


def seed_progress(folder: Path, questions: int = QUESTIONS) -> None:
    """A progress file of `questions` answered questions, big enough that each save takes a while."""
    from tui.core.progress import ProgressStore
    from tui.core.storage import write_atomically

    store = ProgressStore.in_memory()
    with store.batch():
        for n in range(questions):
            store.record_answer("deck", f"q{n}", n % 3 != 0, 2.0, "quiz")
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / "progress.json", [orjson.dumps(store._db.storage.read())])


def answer_until_killed(folder: str, acks, round_no: int) -> None:
    """Record answers forever; after each one is acknowledged (on disk), say so down the pipe."""
    from tui.core.progress import open_store

    store = open_store(folder)
    acks.send_bytes(b"ready")
    n = 0
    while True:
        card = f"q{(round_no * 7919 + n * 31) % QUESTIONS}"
        stats = store.record_answer("deck", card, n % 2 == 0, 1.5, "quiz")
        acks.send_bytes(f"{card} {stats.attempts}".encode())
        n += 1


HOLD_STORE = """
import sys, time
from tui.core.progress import open_store
store = open_store(sys.argv[1])
print("ready", flush=True)
time.sleep(120)
"""

FULL_DISK = """
import os, resource, signal, sys
from tui.core.progress import ProgressWriteError, open_store
folder = sys.argv[1]
store = open_store(folder)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full file system: writes fail with EFBIG
size = os.path.getsize(os.path.join(folder, "progress.json"))
resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, resource.RLIM_INFINITY))
for card in ("q1", "new-question"):
    try:
        store.record_answer("deck", card, True, 1.0, "quiz")
        print("saved", card)
    except ProgressWriteError as error:
        print("refused", card, error)
try:
    store.close()
except ProgressWriteError as error:
    print("close refused", error)
"""


if __name__ == "__main__":
    seed_progress(Path(sys.argv[1]), int(sys.argv[2]))
