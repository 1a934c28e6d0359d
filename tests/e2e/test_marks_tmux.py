"""Mark points in a real terminal: a typed answer with two of its points, the checklist, marks, stats."""

from __future__ import annotations

import json
import time
import tomllib

from screens.quiz import TYPE_AHEAD_GUARD
from tests.e2e.terminal import Terminal, needs_terminal
from tui.paths import shipped_deck_path

pytestmark = needs_terminal

HITLER = "barbarossa-motives-1941"  # "Why did Hitler invade the USSR 1941?"


def one_card_deck(path, card_id: str) -> None:
    """The shipped deck cut down to one card, written as a native deck (TOML strings are JSON strings)."""
    shipped = tomllib.loads(shipped_deck_path().read_text(encoding="utf-8"))
    [card] = [c for c in shipped["cards"] if c["id"] == card_id]
    lines = [
        f"title = {json.dumps('One card', ensure_ascii=False)}",
        'id = "one-card"',
        f"topics = [{json.dumps(card['topic'], ensure_ascii=False)}]",
        "",
        "[[cards]]",
    ]
    for key in ("id", "topic", "question", "answer", "points", "need"):
        if key in card:
            lines.append(f"{key} = {json.dumps(card[key], ensure_ascii=False)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_points_typed_show_the_checklist_and_the_marks_reach_stats(tmp_path):
    deck = tmp_path / "one.toml"
    one_card_deck(deck, HITLER)
    with Terminal(tmp_path, args=("--deck", str(deck)), size=(100, 40)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz")
        term.send("Down", "Down", "Right")  # Answer mode: typed
        term.wait_for("typed")
        term.send("Enter")
        term.settled("Why did Hitler invade the USSR 1941?")
        term.type("He wanted Lebensraum and he hated Bolshevism")
        term.send("Enter")
        pane = term.wait_for("Check the mark points: 2 of 4 marks", "Confirm marks")
        assert pane.count("✓ covered") == 2 and pane.count("✗ missing") == 3, pane
        time.sleep(TYPE_AHEAD_GUARD)  # read first: a key as the checklist appears is typing on, not taken
        term.send("Enter")
        results = term.wait_for("2/4 marks  50%", "Time used")
        assert "◐ part marks" in results, results
        term.quit()

        shown = term.revise("stats", "--json")
    assert shown.returncode == 0, shown.stderr
    [deck_stats] = json.loads(shown.stdout)["decks"]
    [row] = deck_stats["questions"]
    assert (row["card"], row["attempts"], row["last_credit"], row["mean_credit"]) == (HITLER, 1, 0.5, 0.5)
