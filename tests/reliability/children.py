"""Code that runs in child processes the reliability tests kill or starve."""

from __future__ import annotations

import sys
from pathlib import Path

QUESTIONS = 2_000


def seed_progress(folder: Path, questions: int = QUESTIONS) -> None:
    """A progress file of `questions` answered questions, big enough that each save takes a while,
    as revise writes it: progress.json and the deck's file of question records (`write_split`)."""
    from tests.progress_files import write_split
    from tui.core.progress import ProgressStore

    store = ProgressStore.in_memory()
    with store.batch():
        for n in range(questions):
            store.record_answer("deck", f"q{n}", n % 3 != 0, 2.0, "quiz")
    folder.mkdir(parents=True, exist_ok=True)
    write_split(folder, store._db.storage.read())


# Where a child stops to be killed: in the armed phase, the `nth` call of os.<op>
# ("write": of more than a byte, after writing half of it), or "ack" (an answer saved,
# not yet acknowledged). The armed phase is the next answer's save, or `store.close()`,
# which folds the journal into the snapshot.
ANSWER_TRAPS = (("write", 1), ("fsync", 1), ("ack", 1))
# close: the deck's new file (write, fsync, rename, folder fsync), then progress.json naming it
# (write, fsync, rename), then the journal emptied (rename)
CLOSE_TRAPS = (
    ("write", 1),
    ("fsync", 1),
    ("replace", 1),
    ("fsync", 2),
    ("write", 2),
    ("fsync", 3),
    ("replace", 2),
    ("replace", 3),
)


def answer_until_trapped(
    folder: str, conn, round_no: int, answers: int, phase: str, point: str, nth: int
) -> None:
    """Acknowledge `answers` answers down the pipe, then stop inside the armed phase and wait to be killed.

    The stop is announced as b"trap <where>" so the parent kills exactly there (no timing involved).
    If the phase never makes the chosen call, the child stops at its end and says "not reached".
    """
    import os
    import threading

    from tui.core.progress import open_store

    armed = False
    calls = {"write": 0, "fsync": 0, "replace": 0}
    never = threading.Event()

    def trap(where: str) -> None:
        conn.send_bytes(f"trap {where}".encode())
        never.wait()  # blocked until SIGKILL

    def counted(op: str) -> bool:
        if not armed or point != op:
            return False
        calls[op] += 1
        return calls[op] == nth

    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace

    def write(fd, data):
        if len(data) > 1 and counted("write"):
            real_write(fd, bytes(data[: len(data) // 2]))
            trap(f"{phase}:write#{nth}-half")
        return real_write(fd, data)

    def fsync(fd):
        if counted("fsync"):
            trap(f"{phase}:fsync#{nth}")
        return real_fsync(fd)

    def replace(src, dst, **kwargs):
        if counted("replace"):
            trap(f"{phase}:replace#{nth}")
        return real_replace(src, dst, **kwargs)

    os.write, os.fsync, os.replace = write, fsync, replace
    store = open_store(folder)
    conn.send_bytes(b"ready")
    for n in range(answers + (phase == "answer")):
        card = f"q{(round_no * 7919 + n * 31) % QUESTIONS}"
        armed = phase == "answer" and n == answers
        stats = store.record_answer("deck", card, n % 2 == 0, 1.5, "quiz")
        if armed:
            trap("answer:ack" if point == "ack" else f"answer:{point} not reached")
        conn.send_bytes(f"{card} {stats.attempts}".encode())
    armed = True
    store.close()
    trap(f"close:{point}#{nth} not reached")


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
journal = os.path.join(folder, "progress.json.journal")
size = os.path.getsize(journal) if os.path.exists(journal) else 0
resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))  # no file may grow
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


def seed_one_file_progress(folder: Path, questions: int = QUESTIONS, decks: int = 3) -> None:
    """A progress file from before schema 3: every deck's question records in progress.json itself."""
    from tui.core.progress import ProgressStore, write_atomically
    from tui.core.progress.layout import encode_snapshot

    store = ProgressStore.in_memory()
    with store.batch():
        for n in range(questions):
            store.record_answer(f"deck-{n % decks}", f"q{n}", n % 3 != 0, 2.0, "quiz")
    tables = store._db.storage.read()
    tables["meta"] = {"1": {"schema_version": 2}}
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / "progress.json", [encode_snapshot(tables)])


def migrate_until_trapped(folder: str, conn, point: str, nth: int) -> None:
    """Open a one-file store (its migration into deck files runs) and stop at the `nth` os.<point>
    call ("write": after half of it) to wait for kill -9; b"trap not reached" if it never comes."""
    import os
    import threading

    from tui.core.progress import open_store

    calls = {"write": 0, "fsync": 0, "replace": 0}
    never = threading.Event()
    real = {"write": os.write, "fsync": os.fsync, "replace": os.replace}

    def trap(op: str) -> bool:
        calls[op] += 1
        return calls[op] == nth and op == point

    def write(fd, data):
        if len(data) > 1 and trap("write"):
            real["write"](fd, bytes(data[: len(data) // 2]))
            conn.send_bytes(f"trap write#{nth}-half".encode())
            never.wait()
        return real["write"](fd, data)

    def fsync(fd):
        if trap("fsync"):
            conn.send_bytes(f"trap fsync#{nth}".encode())
            never.wait()
        return real["fsync"](fd)

    def replace(src, dst, **kwargs):
        if trap("replace"):
            conn.send_bytes(f"trap replace#{nth} of {os.path.basename(dst)}".encode())
            never.wait()
        return real["replace"](src, dst, **kwargs)

    os.write, os.fsync, os.replace = write, fsync, replace
    open_store(folder).close()
    conn.send_bytes(b"trap not reached")
    never.wait()
