"""Match the date in a real terminal: read the board off a tmux pane and solve it from the deck."""

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

from tests.screens.test_match import answer_keys
from tui.core.deck import load_deck
from tui.paths import shipped_deck_path

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
# The `revise` installed beside this interpreter (the venv), else the one on PATH.
REVISE = next(
    (str(p) for p in (Path(sys.executable).parent / "revise",) if p.exists()), shutil.which("revise")
)


def capture(session: str) -> str:
    return subprocess.run(
        [TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_for(session: str, needle: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = capture(session)
        if needle in text:
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{text}")
        time.sleep(0.1)


def wait_for_board(session: str, deck, timeout: float = 10.0) -> tuple[str, dict[str, str]]:
    """The board once fully drawn: every row read, and read alike twice (frames arrive in parts)."""
    deadline = time.monotonic() + timeout
    previous: dict[str, str] = {}
    while True:
        text = wait_for(session, "Paired 0 of 6")
        try:
            keys = answer_keys(text, deck)
        except KeyError:  # a label caught half drawn
            keys = {}
        if len(keys) == 6 and keys == previous:
            return text, keys
        if time.monotonic() > deadline:
            raise AssertionError(f"the board never settled; the pane shows:\n{text}")
        previous = keys
        time.sleep(0.1)


def send(session: str, *keys: str) -> None:
    subprocess.run([TMUX, "send-keys", "-t", session, *keys], check=True)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the real-terminal test needs it")
@pytest.mark.skipif(REVISE is None, reason="the `revise` command is not installed (pip install -e .)")
def test_solve_a_board_read_off_the_pane(tmp_path):
    deck = load_deck(shipped_deck_path())
    session = f"revise-match-{uuid.uuid4().hex[:8]}"
    # Wide enough that no event label wraps, so each board row is one line.
    command = f"env REVISE_DATA_DIR={shlex.quote(str(tmp_path))} {shlex.quote(REVISE)}"
    subprocess.run(
        [TMUX, "new-session", "-d", "-s", session, "-x", "160", "-y", "40", command],
        check=True, cwd=tmp_path, env={**os.environ, "TERM": "xterm-256color"},
    )
    try:
        wait_for(session, deck.title)
        send(session, "m")
        board, keys = wait_for_board(session, deck)
        assert sorted(keys.values()) == list("123456"), board
        for letter, digit in sorted(keys.items()):
            send(session, letter, digit)
        finished = wait_for(session, "Board cleared")
        assert "6 pairs, 6 right first time" in finished
        assert "0 × 5 s penalty" in finished and "Final time" in finished
        send(session, "Escape")
        wait_for(session, "match · 6/6")
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
