"""Weak spots in a real terminal: after a quiz answered partly with wrong keys, `w` shows the misses on top."""

from __future__ import annotations

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

from tui.core.deck import Card, Deck, load_deck
from tui.paths import shipped_deck_path
from tui.widgets.answer_text import answer_lines

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


def question_on(pane: str, deck: Deck) -> Card | None:
    """The card whose question the pane shows (the longest match: some questions contain others)."""
    shown = [card for card in deck.cards if card.question in pane]
    return max(shown, key=lambda card: len(card.question)) if shown else None


def option_keys(pane: str, card: Card) -> tuple[str, str] | None:
    """The key of the right option and of a wrong one, read off the pane; None while half drawn."""
    options = dict(re.findall(r"^\s+([1-4])  (\S.*?)\s*$", pane, flags=re.MULTILINE))
    first_line = answer_lines(card.answer)[0].strip()
    right = [key for key, text in options.items() if first_line.startswith(text.rstrip("…"))]
    if len(options) < 2 or len(right) != 1:
        return None
    return right[0], next(key for key in sorted(options) if key != right[0])


def answer_question(session: str, deck: Deck, number: int, total: int, right: bool, timeout: float = 15.0) -> Card:
    """Answer question `number` with its right key or a wrong one, and go on; the card it was."""
    deadline = time.monotonic() + timeout
    previous = ""
    while True:
        pane = wait_for(session, f"Question {number} of {total}")
        # Settled: drawn alike twice, and no feedback left over from the question before.
        settled = pane == previous and "✓ Right" not in pane and "✗ Wrong" not in pane
        card = question_on(pane, deck) if settled else None
        keys = option_keys(pane, card) if card else None
        if keys:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"question {number} never settled; the pane shows:\n{pane}")
        previous = pane
        time.sleep(0.1)
    send(session, keys[0] if right else keys[1])
    wait_for(session, "✓ Right" if right else "✗ Wrong")
    send(session, "Enter")
    return card


def start_app(session: str, data_dir: Path) -> None:
    command = f"env REVISE_DATA_DIR={shlex.quote(str(data_dir))} {shlex.quote(REVISE)}"
    subprocess.run(
        [TMUX, "new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command],
        check=True, cwd=data_dir, env={**os.environ, "TERM": "xterm-256color"},
    )


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the real-terminal test needs it")
@pytest.mark.skipif(REVISE is None, reason="the `revise` command is not installed (pip install -e .)")
def test_after_a_quiz_with_wrong_keys_w_shows_the_misses_on_top(tmp_path):
    deck = load_deck(shipped_deck_path())
    session = f"revise-weak-{uuid.uuid4().hex[:8]}"
    start_app(session, tmp_path)
    try:
        wait_for(session, deck.title)
        send(session, "q")
        wait_for(session, "New quiz")
        send(session, "Enter")  # the defaults: 10 questions, multiple choice, practice
        missed = [answer_question(session, deck, n, 10, right=False) for n in (1, 2, 3)]
        for n in range(4, 11):
            answer_question(session, deck, n, 10, right=True)
        wait_for(session, "7/10")
        send(session, "Enter")  # results -> home
        wait_for(session, "Weak spots  3 questions")
        send(session, "w")
        pane = wait_for(session, "10 answered questions")
        rows = table_rows(pane)
        assert len(rows) == 10, pane
        for card in missed:
            assert any(card.question[:30] in row for row in rows[:3]), pane
        assert all("0/1 · 0%" in row and "✗" in row for row in rows[:3]), pane
        assert all("1/1 · 100%" in row and "✓" in row for row in rows[3:]), pane
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
