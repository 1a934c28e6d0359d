"""`revise stats` after a session in the real app: the app keeps the stats cache in step as it
saves (issue 18), and what `revise stats` then keeps is what decoding the new deck file gives."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import orjson

from tests.e2e.quiz_keys import answer_question
from tests.e2e.terminal import REVISE, Terminal, needs_terminal
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

pytestmark = needs_terminal


def a_quiz(data: Path, cache: Path, wrong: set[int]) -> None:
    """Start revise on the shipped deck, answer a 10-question quiz (`wrong`: the numbers missed), quit."""
    deck = load_deck(shipped_deck_path())
    with Terminal(data, env={"REVISE_CACHE_DIR": str(cache)}, size=(140, 40)) as term:
        term.wait_for(deck.title)
        term.send("q")
        term.wait_for("New quiz")
        term.send("Enter")  # the defaults: 10 questions, multiple choice
        for n in range(1, 11):
            answer_question(term, deck, n, 10, right=n not in wrong)
        term.wait_for(f"{10 - len(wrong)}/10")
        term.send("Enter")
        term.wait_for("Weak spots")
        term.quit()


def kept(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((cache / "stats").iterdir())}


def test_the_first_stats_after_a_session_keeps_what_decoding_the_new_file_does(tmp_path):
    data, cache = tmp_path / "data", tmp_path / "cache"
    data.mkdir()
    a_quiz(data, cache, wrong={2, 5})
    env = {**os.environ, "REVISE_DATA_DIR": str(data), "REVISE_CACHE_DIR": str(cache)}

    def stats(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([REVISE, *args], capture_output=True, text=True, env=env, timeout=60)

    assert stats("stats", "--json").returncode == 0  # the deck file's entry, as a student leaves it
    a_quiz(data, cache, wrong={1})
    assert sorted(name.rsplit(".", 1)[1] for name in kept(cache)) == ["delta", "msgpack"]  # kept by the app
    time.sleep(2.1)  # past the new file's settling time, so both runs below keep its identity alike
    followed = stats("stats", "--json")
    assert followed.returncode == 0, followed.stderr
    after_follow = kept(cache)
    for entry in (cache / "stats").iterdir():
        entry.unlink()
    decoded = stats("stats", "--json")
    assert kept(cache) == after_follow  # one entry, the same bytes
    rows = [orjson.loads(out)["decks"][0]["questions"] for out in (followed.stdout, decoded.stdout)]
    drop_weakness = [[{**row, "weakness": None} for row in run] for run in rows]  # time moved on
    assert drop_weakness[0] == drop_weakness[1]
    assert sum(row["attempts"] for row in rows[0]) == 20
