"""Time a program in a real terminal: from launching it in tmux until its pane shows a known final text.

The pane is polled (tmux capture-pane) as fast as tmux answers, so a figure includes the
drawing a student waits for, which headless runs leave out.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

TMUX = shutil.which("tmux")
SIZE = (100, 30)


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

    def until_changed(self, before: str, timeout: float = 30.0) -> float:
        """The moment the pane (with its colours) differs from `before`."""
        deadline = time.perf_counter() + timeout
        while True:
            if pane(self.name, styles=True) != before:
                return time.perf_counter()
            if time.perf_counter() > deadline:
                raise AssertionError("the pane never changed")
            time.sleep(0.002)

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
    with Session(argv, env) as session:
        return session.wait_for(*needles) - session.started
