"""A quiz in a real terminal: defaults, answer `1` ten times, the results, then `revise stats`."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
# The `revise` installed beside this interpreter (the venv), else the one on PATH.
REVISE = next((str(p) for p in (Path(sys.executable).parent / "revise",) if p.exists()), shutil.which("revise"))


def capture(session: str) -> str:
    return subprocess.run(
        [TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_for(session: str, *needles: str, any_of: bool = False, timeout: float = 10.0) -> str:
    """The pane once it shows every one of `needles` (or any one, with `any_of`)."""
    deadline = time.monotonic() + timeout
    while True:
        text = capture(session)
        found = [needle in text for needle in needles]
        if any(found) if any_of else all(found):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{needles!r} never appeared; the pane shows:\n{text}")
        time.sleep(0.05)


def send(session: str, *keys: str) -> None:
    subprocess.run([TMUX, "send-keys", "-t", session, *keys], check=True)


def session_alive(session: str) -> bool:
    return subprocess.run([TMUX, "has-session", "-t", session], capture_output=True).returncode == 0


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the real-terminal test needs it")
@pytest.mark.skipif(REVISE is None, reason="the `revise` command is not installed (pip install -e .)")
def test_a_default_quiz_answered_with_1_is_recorded(tmp_path):
    session = f"revise-quiz-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "TERM": "xterm-256color", "REVISE_DATA_DIR": str(tmp_path)}
    command = f"env REVISE_DATA_DIR={shlex.quote(str(tmp_path))} {shlex.quote(REVISE)}"
    subprocess.run(
        [TMUX, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command],
        check=True, cwd=tmp_path, env=env,
    )
    try:
        wait_for(session, "Timed quiz")
        send(session, "q")
        wait_for(session, "New quiz", "‹ 10 ›")
        send(session, "Enter")
        for number in range(1, 11):
            wait_for(session, f"Question {number} of 10")
            send(session, "1")
            wait_for(session, "✓ Right", "✗ Wrong", any_of=True)
            send(session, "Enter")
        results = wait_for(session, "/10", "Time used")
        score = int(re.search(r"Quiz — (\d+)/10", results).group(1))
        send(session, "C-q")
        deadline = time.monotonic() + 10
        while session_alive(session) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not session_alive(session), "ctrl+q did not quit"
    finally:
        if session_alive(session):
            subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)

    shown = subprocess.run([REVISE, "stats", "--json"], capture_output=True, text=True, env=env, timeout=30)
    assert shown.returncode == 0, shown.stderr
    stats = json.loads(shown.stdout)
    [deck] = stats["decks"]
    assert deck["questions_answered"] == 10 and deck["attempts"] == 10
    assert deck["correct"] == score
    assert len(deck["questions"]) == 10 and all(q["attempts"] == 1 for q in deck["questions"])
    assert stats["sessions"] == 1
