"""A quiz in a real terminal: defaults, answer `1` ten times, the results, then `revise stats`."""

from __future__ import annotations

import json
import re

from tests.e2e.terminal import Terminal, needs_terminal

pytestmark = needs_terminal


def test_a_default_quiz_answered_with_1_is_recorded(tmp_path):
    with Terminal(tmp_path, size=(80, 24)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz", "‹ 10 ›")
        term.send("Enter")
        for number in range(1, 11):
            term.wait_for(f"Question {number} of 10")
            term.send("1")
            term.wait_for("✓ Right", "✗ Wrong", any_of=True)
            term.send("Enter")
        results = term.wait_for("/10", "Time used")
        score = int(re.search(r"Quiz — (\d+)/10", results).group(1))
        term.quit()

        shown = term.revise("stats", "--json")
    assert shown.returncode == 0, shown.stderr
    stats = json.loads(shown.stdout)
    [deck] = stats["decks"]
    assert deck["questions_answered"] == 10 and deck["attempts"] == 10
    assert deck["correct"] == score
    assert len(deck["questions"]) == 10 and all(q["attempts"] == 1 for q in deck["questions"])
    assert stats["sessions"] == 1
