"""Weak spots in a real terminal: after a quiz answered partly with wrong keys, `w` shows the misses on top."""

from __future__ import annotations

from tests.e2e.quiz_keys import answer_question
from tests.e2e.terminal import Terminal, needs_terminal
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

pytestmark = needs_terminal


def table_rows(pane: str) -> list[str]:
    """The weak-spots table's rows, top to bottom, as the pane shows them."""
    lines = pane.splitlines()
    header = next(i for i, line in enumerate(lines) if "Question" in line and "Accuracy" in line)
    rows = []
    for line in lines[header + 1 :]:
        if not line.strip() or not line.strip()[0].isdigit():
            break
        rows.append(line)
    return rows


def test_after_a_quiz_with_wrong_keys_w_shows_the_misses_on_top(tmp_path):
    deck = load_deck(shipped_deck_path())
    with Terminal(tmp_path, size=(140, 40)) as term:
        term.wait_for(deck.title)
        term.send("q")
        term.wait_for("New quiz")
        term.send("Enter")  # the defaults: 10 questions, multiple choice, practice
        missed = [answer_question(term, deck, n, 10, right=False) for n in (1, 2, 3)]
        for n in range(4, 11):
            answer_question(term, deck, n, 10, right=True)
        term.wait_for("7/10")
        term.send("Enter")  # results -> home
        term.wait_for("Weak spots  3 questions")
        term.send("w")
        pane = term.wait_for("10 answered questions")
        rows = table_rows(pane)
        assert len(rows) == 10, pane
        for card in missed:
            assert any(card.question[:30] in row for row in rows[:3]), pane
        assert all("0/1 · 0%" in row and "✗" in row for row in rows[:3]), pane
        assert all("1/1 · 100%" in row and "✓" in row for row in rows[3:]), pane
