"""An exam in a real terminal, killed with SIGKILL mid-paper: the next start offers the paper back."""

from __future__ import annotations

import os
import re
import signal
import time

from screens.quiz import PAPER_SAVE_EVERY
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


def _left(pane: str) -> int:
    """Seconds left on the quiz's clock as the pane shows it ("4:47 left")."""
    match = re.search(r"(\d+):(\d\d) left", pane)
    assert match, pane
    return int(match.group(1)) * 60 + int(match.group(2))


def test_a_kill_mid_exam_keeps_the_answer_being_typed_and_the_clock(tmp_path):
    """Saved in passing every 10 s: a kill loses at most that much of the clock and of typing."""
    with Terminal(tmp_path, size=(100, 30)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz", "‹ 10 ›")
        term.send("Down", "Down", "Right")
        term.wait_for("‹ typed answers ›")
        term.send("Down", "Right")
        term.wait_for("‹ exam — marked when handed in ›")
        term.send("Enter")
        term.wait_for("Question 1 of 10")
        term.type("first")
        term.send("Enter")
        at_answer = _left(term.wait_for("Question 2 of 10 · 1 answered"))
        term.type("half an answ")  # not handed in
        time.sleep(2 * PAPER_SAVE_EVERY + 1)  # a save in passing 10 s or more after the answer, at least
        pid = int(term.display("#{pane_pid}"))
        os.kill(pid, signal.SIGKILL)

    with Terminal(tmp_path, size=(100, 30)) as term:
        offer = term.wait_for("Your exam paper was not handed in", unwrap=True)
        assert "1 of 10 answered" in offer
        term.send("r")
        back = term.wait_for("Question 2 of 10 · 1 answered", "half an answ")
        # the clock as saved in passing, not as at the last answer
        assert _left(back) <= at_answer - PAPER_SAVE_EVERY // 2
        term.type("er")
        term.wait_for("half an answer")
