"""Drive the installed `revise` in a real terminal (tmux): type keys, read the pane."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
# The `revise` installed beside this interpreter (the venv), else the one on PATH.
REVISE = next(
    (str(p) for p in (Path(sys.executable).parent / "revise",) if p.exists()), shutil.which("revise")
)

needs_terminal = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed: real-terminal tests need it"),
    pytest.mark.skipif(REVISE is None, reason="the `revise` command is not installed (pip install .)"),
]


def unwrapped(text: str) -> str:
    """The pane as one line: box edges dropped and wrapped lines joined."""
    return " ".join(" ".join(line.strip().strip("│").split()) for line in text.splitlines())


class Terminal:
    """One tmux session running `revise` with its own data dir."""

    def __init__(
        self,
        data_dir: Path,
        args: tuple[str, ...] = (),
        size: tuple[int, int] = (100, 30),
        env: dict[str, str] | None = None,
    ) -> None:
        """`env`: more environment for `revise` (EDITOR ...), set on its command line, as tmux's
        server keeps its own environment."""
        self.data_dir = data_dir
        self.name = f"revise-e2e-{uuid.uuid4().hex[:8]}"
        # A tmux server of its own: no other session, option or client on the machine can resize it.
        self.tmux = [TMUX or "tmux", "-L", self.name, "-f", os.devnull]
        self.env = {**os.environ, "TERM": "xterm-256color", "REVISE_DATA_DIR": str(data_dir), **(env or {})}
        command = " ".join(
            [
                "env",
                f"REVISE_DATA_DIR={shlex.quote(str(data_dir))}",
                *(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items()),
                shlex.quote(REVISE),
                *map(shlex.quote, args),
            ]
        )
        width, height = size
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), command],
            check=True,
            cwd=data_dir,
            env=self.env,
        )

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

    def capture(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True, check=True
        ).stdout

    def send(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        """Send text literally (no key names)."""
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)

    def wait_for(
        self, *needles: str, any_of: bool = False, unwrap: bool = False, timeout: float = 15.0
    ) -> str:
        """The pane once it shows every one of `needles` (or any one, with `any_of`).

        With `unwrap`, box edges are dropped and wrapped lines joined first, so a
        needle is found even where the terminal wrapped it; the unwrapped text is returned.
        """
        deadline = time.monotonic() + timeout
        while True:
            text = unwrapped(self.capture()) if unwrap else self.capture()
            found = [(" ".join(needle.split()) if unwrap else needle) in text for needle in needles]
            if any(found) if any_of else all(found):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{needles!r} never appeared; the pane shows:\n{text}")
            time.sleep(0.05)

    def wait_gone(self, needle: str, timeout: float = 15.0) -> str:
        """The pane once it no longer shows `needle` (a modal closed: what is beneath may show around it)."""
        deadline = time.monotonic() + timeout
        while needle in (text := self.capture()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never went; the pane shows:\n{text}")
            time.sleep(0.05)
        return text

    def alive(self) -> bool:
        return (
            subprocess.run([*self.tmux, "has-session", "-t", self.name], capture_output=True).returncode == 0
        )

    def quit(self, timeout: float = 10.0) -> None:
        """ctrl+q, and wait until the app has really gone."""
        self.send("C-q")
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not self.alive(), f"ctrl+q did not quit; the pane shows:\n{self.capture()}"

    def kill(self) -> None:
        if self.alive():
            subprocess.run([*self.tmux, "kill-server"], capture_output=True)

    def settled(self, *needles: str, timeout: float = 15.0) -> str:
        """The pane once it shows `needles` and reads the same twice (frames arrive in parts)."""
        deadline = time.monotonic() + timeout
        previous = None
        while True:
            pane = self.wait_for(*needles, timeout=timeout)
            if pane == previous:
                return pane
            if time.monotonic() > deadline:
                raise AssertionError(f"the pane never settled; it shows:\n{pane}")
            previous = pane
            time.sleep(0.1)

    def revise(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a `revise` command (stats, check, ...) on the same data dir."""
        return subprocess.run([REVISE, *args], capture_output=True, text=True, env=self.env, timeout=60)

    def display(self, format: str) -> str:
        """A tmux format of this pane (`#{pane_title}`, `#{alternate_on}` …) as tmux sees it now."""
        return subprocess.run(
            [*self.tmux, "display-message", "-p", "-t", self.name, format],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.rstrip("\n")

    def resize(self, width: int, height: int) -> None:
        """Resize the terminal window, as a student dragging its corner would."""
        subprocess.run(
            [*self.tmux, "resize-window", "-t", self.name, "-x", str(width), "-y", str(height)], check=True
        )
