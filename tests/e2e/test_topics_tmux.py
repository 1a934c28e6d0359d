"""Topics in a real terminal: open a topic, flip a card and read its answer off a tmux pane."""

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
from tui.paths import shipped_deck_path
from tui.widgets.answer_text import answer_lines

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


def unwrapped(text: str) -> str:
    """The pane as one line: box edges dropped and wrapped lines joined, to find wrapped text."""
    return " ".join(" ".join(line.strip().strip("│").split()) for line in text.splitlines())


def wait_for(session: str, *needles: str, timeout: float = 10.0) -> str:
    """The pane, unwrapped, once it shows every one of `needles` (wrapped or not)."""
    deadline = time.monotonic() + timeout
    while True:
        text = unwrapped(capture(session))
        if all(" ".join(needle.split()) in text for needle in needles):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"{needles!r} never all appeared; the pane shows:\n{text}")
        time.sleep(0.1)


def send(session: str, *keys: str) -> None:
    subprocess.run([TMUX, "send-keys", "-t", session, *keys], check=True)


def session_alive(session: str) -> bool:
    return subprocess.run([TMUX, "has-session", "-t", session], capture_output=True).returncode == 0


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed: the real-terminal test needs it")
@pytest.mark.skipif(REVISE is None, reason="the `revise` command is not installed (pip install -e .)")
def test_open_a_topic_flip_a_card_and_search_in_80x24(tmp_path):
    deck = load_deck(shipped_deck_path())
    second_topic = deck.topics[1].name
    first, second = deck.cards_in(second_topic)[:2]
    session = f"revise-topics-{uuid.uuid4().hex[:8]}"
    command = f"env REVISE_DATA_DIR={shlex.quote(str(tmp_path))} {shlex.quote(REVISE)}"
    subprocess.run(
        [TMUX, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command],
        check=True, cwd=tmp_path, env={**os.environ, "TERM": "xterm-256color"},
    )
    try:
        wait_for(session, deck.title)
        send(session, "t")
        wait_for(session, "Topic", "Mastery", "not started")
        send(session, "Down")
        wait_for(session, f"{second_topic} · {len(deck.cards_in(second_topic))} cards")
        send(session, "Enter")
        total = len(deck.cards_in(second_topic))
        front = wait_for(session, f"1 / {total}", first.question, "space shows the answer")
        assert answer_lines(first.answer)[0] not in front
        send(session, "Space")
        back = wait_for(session, "space hides the answer")
        for line in answer_lines(first.answer):
            assert line in back, back
        send(session, "j")
        wait_for(session, f"2 / {total}", second.question)
        # Escape alone, then "/": sent together a terminal reads them as alt+/.
        send(session, "Escape")
        wait_for(session, "Mastery")
        send(session, "/")
        wait_for(session, "type to narrow")
        send(session, "-l", "rapallo")
        wait_for(session, "1 card matches “rapallo”")
        send(session, "Enter")
        wait_for(session, "What was the Treaty of Rapallo 1922?", "1 / 1")
        send(session, "Space")
        rapallo = deck.card(next(c.id for c in deck.cards if "Rapallo" in c.question))
        wait_for(session, *answer_lines(rapallo.answer))
        send(session, "C-q")
        deadline = time.monotonic() + 10
        while session_alive(session) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not session_alive(session), "revise did not quit on ctrl+q"
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
