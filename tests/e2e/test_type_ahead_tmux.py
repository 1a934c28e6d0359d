"""Keys typed in the same instant as enter, in a real terminal: one read of "one⏎two⏎thr"."""

from __future__ import annotations

from tests.e2e.terminal import Terminal, needs_terminal

pytestmark = needs_terminal


def test_answers_sent_in_one_read_each_keep_their_own_text(tmp_path):
    """The keys after an enter go to the next answer's box, never onto the answer sent (a trial saw
    "You wrote: …winterabc")."""
    with Terminal(tmp_path, size=(100, 30)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz", "‹ 10 ›")
        term.send("Down", "Down", "Right", "Down", "Right")  # typed answers, exam
        term.wait_for("‹ typed answers ›", "‹ exam — marked when handed in ›")
        term.send("Enter")
        term.wait_for("Question 1 of 10")
        term.send("one", "Enter", "two", "Enter", "thr")  # one send-keys: one read by the app
        pane = term.wait_for("Question 3 of 10 · 2 answered", "thr")
        assert "twothr" not in pane, pane
        term.send("F3")
        assert "onetwo" not in term.wait_for("Question 2 of 10", "  two ")
        term.send("F3")
        term.wait_for("Question 1 of 10", "  one ")
        term.quit()
