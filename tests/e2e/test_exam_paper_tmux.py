"""An exam in a real terminal, killed with SIGKILL mid-paper: the next start offers the paper back."""

from __future__ import annotations

import os
import signal
import time

from tests.e2e.terminal import Terminal, needs_terminal

pytestmark = needs_terminal


def test_an_exam_killed_mid_paper_is_offered_back_and_resumed(tmp_path):
    with Terminal(tmp_path, size=(100, 30)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz", "‹ 10 ›")
        term.send("Down", "Down", "Down", "Right")  # Marking: exam
        term.wait_for("‹ exam — marked when handed in ›")
        term.send("Enter")
        for number in (1, 2):
            term.wait_for(f"Question {number} of 10")
            term.send("1")
        term.wait_for("Question 3 of 10 · 2 answered")
        time.sleep(1.0)  # the writer thread saves the paper just after the screen shows the answer
        pid = int(term.display("#{pane_pid}"))  # `env` execs revise: the pane's process is revise
        os.kill(pid, signal.SIGKILL)

    with Terminal(tmp_path, size=(100, 30)) as term:
        offer = term.wait_for("Your exam paper was not handed in", unwrap=True)
        assert "2 of 10 answered" in offer and "left" in offer
        term.send("r")
        term.wait_for("Question 3 of 10 · 2 answered")
        term.send("b")
        back = term.wait_for("Question 2 of 10 · 2 answered")
        assert "◂ your answer" in back  # the answer given before the kill is in place
