"""Code that runs in child processes the reliability tests kill or starve."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

QUESTIONS = 2_000


def seed_progress(folder: Path, questions: int = QUESTIONS) -> None:
    """A progress file of `questions` answered questions, big enough that each save takes a while."""
    from tui.core.progress import ProgressStore, write_atomically

    store = ProgressStore.in_memory()
    with store.batch():
        for n in range(questions):
            store.record_answer("deck", f"q{n}", n % 3 != 0, 2.0, "quiz")
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / "progress.json", [orjson.dumps(store._db.storage.read())])


# Where an armed answer stops to be killed: the first os.<op> call its save makes
# (for "write", the `nth_write`-th or a later one of more than a byte, after half its bytes), or "ack" (saved, not yet acknowledged).
TRAP_POINTS = ("write", "fsync", "replace", "ack")


def answer_until_trapped(folder: str, conn, round_no: int, answers: int, point: str, nth_write: int) -> None:
    """Acknowledge `answers` answers down the pipe, then stop inside the next one's save and wait to be killed.

    The stop is announced as b"trap <where>" so the parent kills exactly there (no timing involved).
    If the save never makes the chosen call, the child stops after the save, before acknowledging.
    """
    import os
    import threading

    from tui.core.progress import open_store

    armed = False
    writes = 0
    trapped_write = False
    never = threading.Event()

    def trap(where: str) -> None:
        conn.send_bytes(f"trap {where}".encode())
        never.wait()  # blocked until SIGKILL

    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace

    def write(fd, data):
        nonlocal writes, trapped_write
        if armed and point == "write":
            writes += 1
            if writes >= nth_write and len(data) > 1 and not trapped_write:
                trapped_write = True
                real_write(fd, bytes(data[: len(data) // 2]))
                trap(f"write#{writes}-half")
        return real_write(fd, data)

    def fsync(fd):
        if armed and point == "fsync":
            trap("fsync")
        return real_fsync(fd)

    def replace(src, dst, **kwargs):
        if armed and point == "replace":
            trap("replace")
        return real_replace(src, dst, **kwargs)

    os.write, os.fsync, os.replace = write, fsync, replace
    store = open_store(folder)
    conn.send_bytes(b"ready")
    for n in range(answers + 1):
        card = f"q{(round_no * 7919 + n * 31) % QUESTIONS}"
        armed = n == answers
        stats = store.record_answer("deck", card, n % 2 == 0, 1.5, "quiz")
        if armed:
            trap(f"ack({point} not reached)" if point != "ack" else "ack")
        conn.send_bytes(f"{card} {stats.attempts}".encode())


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
