"""Shrinking the terminal mid-quiz and growing it again, in a real terminal (issue 13, item 6)."""

from __future__ import annotations

from tests.e2e.terminal import Terminal, needs_terminal

pytestmark = needs_terminal


def test_the_quiz_is_back_after_the_terminal_was_too_small(tmp_path):
    with Terminal(tmp_path, size=(100, 30)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz")
        term.send("Enter")
        term.send("1")
        term.wait_for("Right", "Wrong", any_of=True)
        term.send("Enter")
        term.wait_for("Question 2 of 10", "left")
        term.resize(70, 20)
        term.wait_for("This one is 70×20: please make it larger.")
        term.resize(100, 30)
        pane = term.settled("Question 2 of 10", "left")
        assert "at least 80×24" not in pane
        term.quit()
