"""Time a program in a real terminal: from launching it in tmux until its pane shows a known final text.

The pane is polled (tmux capture-pane) as fast as tmux answers, so a figure includes the
drawing a student waits for, which headless runs leave out.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

TMUX = shutil.which("tmux")
SIZE = (100, 30)
SGR = re.compile(r"\x1b\[[0-9;:]*m")  # the colour codes `capture-pane -e` puts in the text


def pane(name: str, styles: bool = False) -> str:
    flags = ["-e"] if styles else []
    return subprocess.run(
        [TMUX, "capture-pane", "-p", *flags, "-t", name], capture_output=True, text=True
    ).stdout  # type: ignore[list-item]


class Session:
    """One program running in a tmux session of its own."""

    def __init__(self, argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        self.name = f"revise-bench-{uuid.uuid4().hex[:8]}"
        command = "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        command += " " + " ".join(map(shlex.quote, argv))
        width, height = SIZE
        self.started = time.perf_counter()
        subprocess.run(
            [TMUX, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command],  # type: ignore[list-item]
            check=True,
            cwd=cwd,
            env={**os.environ, "TERM": "xterm-256color"},
        )

    def wait_for(self, *needles: str, timeout: float = 120.0) -> float:
        """Seconds since `since` (default: launch) until the pane shows every needle."""
        deadline = time.perf_counter() + timeout
        while True:
            text = pane(self.name)
            if all(needle in text for needle in needles):
                return time.perf_counter()
            if time.perf_counter() > deadline:
                raise AssertionError(f"{needles!r} never appeared:\n{text}")
            time.sleep(0.002)

    def until_shown(self, shown: Callable[[str], bool], timeout: float = 30.0) -> tuple[float, int]:
        """The moment `shown(text)` is true of the pane, and how many captures it took to see it.

        Every capture is the same (with colours, as `until_changed`, the colour codes then taken
        out of the text), so two keys timed with it are polled alike: a figure is the key's cost
        plus the same polling step (one `tmux capture-pane` process, ~3-15 ms on a busy machine).
        """
        deadline = time.perf_counter() + timeout
        captures = 0
        while True:
            text = SGR.sub("", pane(self.name, styles=True))
            captures += 1
            if shown(text):
                return time.perf_counter(), captures
            if time.perf_counter() > deadline:
                raise AssertionError(f"never shown:\n{text}")
            time.sleep(0.002)

    def until_changed(self, before: str, timeout: float = 30.0) -> float:
        """The moment the pane (with its colours) differs from `before`."""
        deadline = time.perf_counter() + timeout
        while True:
            if pane(self.name, styles=True) != before:
                return time.perf_counter()
            if time.perf_counter() > deadline:
                raise AssertionError("the pane never changed")
            time.sleep(0.002)

    def cpu_seconds(self) -> float | None:
        """User and system CPU seconds of the pane's program so far (every thread), 10 ms steps."""
        pid = subprocess.run(
            [TMUX, "display-message", "-p", "-t", self.name, "#{pane_pid}"],  # type: ignore[list-item]
            capture_output=True,
            text=True,
        ).stdout.strip()
        try:
            # after the command name's ")": field 3 (state) first, so utime (14) and stime (15) are 11, 12
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def send(self, *keys: str) -> float:
        """Send keys; the moment they were sent."""
        subprocess.run([TMUX, "send-keys", "-t", self.name, *keys], check=True)  # type: ignore[list-item]
        return time.perf_counter()

    def close(self) -> None:
        subprocess.run([TMUX, "kill-session", "-t", self.name], capture_output=True)  # type: ignore[list-item]

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def time_to_text(argv: list[str], *needles: str, env: dict[str, str] | None = None) -> float:
    """Seconds from launch until every needle is on screen, then the program is killed."""
    return time_and_cpu_to_text(argv, *needles, env=env)[0]


def time_and_cpu_to_text(
    argv: list[str], *needles: str, env: dict[str, str] | None = None
) -> tuple[float, float | None]:
    """Seconds from launch until every needle is on screen, and the CPU seconds the program had
    used by then (None where /proc cannot say); then the program is killed.

    CPU time barely grows with the load other programs put on a shared machine, where the
    wall-clock time can double: a steadier figure for a ratio between two programs.
    """
    with Session(argv, env) as session:
        drawn = session.wait_for(*needles) - session.started
        return drawn, session.cpu_seconds()
