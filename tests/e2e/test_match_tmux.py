"""Match the date in a real terminal: read the board off a tmux pane and solve it from the deck."""

from __future__ import annotations

import time

from tests.e2e.terminal import Terminal, needs_terminal
from tests.match_board import answer_keys
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

pytestmark = needs_terminal


def wait_for_board(term: Terminal, deck, timeout: float = 10.0) -> tuple[str, dict[str, str]]:
    """The board once fully drawn: every row read, and read alike twice (frames arrive in parts)."""
    deadline = time.monotonic() + timeout
    previous: dict[str, str] = {}
    while True:
        text = term.wait_for("Paired 0 of 6")
        try:
            keys = answer_keys(text, deck)
        except KeyError:  # a label caught half drawn
            keys = {}
        if len(keys) == 6 and keys == previous:
            return text, keys
        if time.monotonic() > deadline:
            raise AssertionError(f"the board never settled; the pane shows:\n{text}")
        previous = keys
        time.sleep(0.1)


def test_solve_a_board_read_off_the_pane(tmp_path):
    deck = load_deck(shipped_deck_path())
    # Wide enough that no event label wraps, so each board row is one line.
    with Terminal(tmp_path, size=(160, 40)) as term:
        term.wait_for(deck.title)
        term.send("m")
        board, keys = wait_for_board(term, deck)
        assert sorted(keys.values()) == list("123456"), board
        for letter, digit in sorted(keys.items()):
            term.send(letter, digit)
        finished = term.wait_for("Board cleared")
        assert "6 pairs, 6 right first time" in finished
        assert "0 × 5 s penalty" in finished and "Final time" in finished
        term.send("Escape")
        term.wait_for("Match the date · 6/6 right")
