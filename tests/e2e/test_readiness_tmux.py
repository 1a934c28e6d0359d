"""Exam readiness in a real terminal: `e` sets an exam date, home shows the readiness line,
`r` opens the readiness screen, and `revise plan` reads the same date from the store."""

from __future__ import annotations

from datetime import date, timedelta

from tests.e2e.terminal import Terminal, needs_terminal
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

pytestmark = needs_terminal


def test_set_an_exam_date_see_the_line_and_open_the_readiness_screen(tmp_path):
    deck = load_deck(shipped_deck_path())
    exam = date.today() + timedelta(days=30)
    with Terminal(tmp_path, size=(120, 40)) as term:
        term.wait_for(deck.title, "e: set an exam date")
        term.send("e")
        term.wait_for("YYYY-MM-DD")
        term.type("2000-01-01")
        term.send("Enter")
        term.wait_for("has passed", unwrap=True)  # refused politely, the dialog stays
        term.send("C-u")
        term.wait_for("▊  YYYY-MM-DD")  # the box is empty again: its placeholder shows
        term.type(exam.isoformat())
        term.wait_for(f"▊  {exam.isoformat()}")
        term.send("Enter")
        pane = term.wait_for("with today's plan", unwrap=True)
        assert "Exam in " in pane and "predicted " in pane, pane
        term.send("r")
        pane = term.wait_for("Exam day, with the plan", "Predicted recall per topic", unwrap=True)
        assert f"Exam on {exam:%a %d %b %Y}" in pane, pane
        term.send("Escape")
        term.wait_for("with today's plan", unwrap=True)
        term.quit()
        printed = term.revise("plan", "--json")
        assert printed.returncode == 0, printed.stderr
        assert f'"exam": "{exam.isoformat()}"' in printed.stdout
