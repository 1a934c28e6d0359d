"""Weak spots in a real terminal: the questions answered wrong come out on top after `w`."""

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

from tui.core.deck import load_deck
from tui.core.progress import open_store
from tui.paths import shipped_deck_path

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
# The `revise` installed beside this interpreter (the venv), else the one on PATH.
REVISE = next(
    (str(p) for p in (Path(sys.executable).parent / "revise",) if p.exists()), shutil.which("revise")
)
WIDTH, HEIGHT = 140, 40


def capture(session: str) -> str:
    return subprocess.run(
        [TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_for(session: str, needle: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = capture(session)
        if needle in text:
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{needle!r} never appeared; the pane shows:\n{text}")
        time.sleep(0.1)


def send(session: str, *keys: str) -> None:
    subprocess.run([TMUX, "send-keys", "-t", session, *keys], check=True)


def table_rows(pane: str) -> list[str]:
    """The weak-spots table's rows, top to bottom, as the pane shows them."""
    lines = pane.splitlines()
    header = next(i for i, line in enumerate(lines) if "Question" in line and "Accuracy" in line)
    rows = []
    for line in lines[header + 1:]:
        if not line.strip() or not line.strip()[0].isdigit():
            break
        rows.append(line)
    return rows


def start_app(session: str, data_dir: Path) -> None:
    command = f"env REVISE_DATA_DIR={shlex.quote(str(data_dir))} {shlex.quote(REVISE)}"
    subprocess.run(
        [TMUX, "new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command],
        check=True, cwd=data_dir, env={**os.environ, "TERM": "xterm-256color"},
    )


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the real-terminal test needs it")
@pytest.mark.skipif(REVISE is None, reason="the `revise` command is not installed (pip install -e .)")
def test_w_shows_the_missed_questions_at_the_top(tmp_path):
    deck = load_deck(shipped_deck_path())
    missed = [deck.cards[4], deck.cards[11], deck.cards[20]]
    known = [card for card in deck.cards[:12] if card not in missed]
    # Seeded through the progress store, as a quiz would record it.
    store = open_store(tmp_path)
    for card in known:
        store.record_answer(deck.id, card.id, True, 4.0, "quiz")
    for card in missed:
        store.record_answer(deck.id, card.id, False, 4.0, "quiz")
    store.close()

    session = f"revise-weak-{uuid.uuid4().hex[:8]}"
    start_app(session, tmp_path)
    try:
        wait_for(session, deck.title)
        send(session, "w")
        pane = wait_for(session, "answered questions")
        rows = table_rows(pane)
        assert len(rows) == len(known) + len(missed), pane
        top = rows[: len(missed)]
        for card in missed:
            assert any(card.question[:30] in row for row in top), pane
        assert all("0/1 · 0%" in row and "✗" in row for row in top), pane
        assert all("1/1 · 100%" in row for row in rows[len(missed):]), pane
        send(session, "escape")
        wait_for(session, "Weak spots  3 questions")
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
