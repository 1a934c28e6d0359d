"""A student's whole first session in a real terminal, then a second start that shows the same figures.

First start on an empty data dir → home → topics → a card → a timed quiz answered
to the end → match the date solved → weak spots shows the misses → quit → start
again: every figure on home is what it was. At 100×30 and at 80×24. Then `--deck`
on an Anki text export and on a plain-notes file.
"""

from __future__ import annotations

import time

import pytest

from tests.deck_files import FIXTURES
from tests.e2e.quiz_keys import answer_question
from tests.e2e.terminal import Terminal, needs_terminal
from tests.match_board import answer_keys
from tui.core.deck import Deck
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path
from tui.widgets.answer_text import answer_lines

pytestmark = needs_terminal


def solve_board(term: Terminal, deck: Deck, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    previous = None
    while True:
        pane = term.wait_for("Paired 0 of")
        try:
            keys = answer_keys(pane, deck)
        except KeyError:  # a label caught half drawn
            keys = None
        if keys and keys == previous:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"could not read the board; the pane shows:\n{pane}")
        previous = keys
        time.sleep(0.1)
    for letter, digit in sorted(keys.items()):
        term.send(letter, digit)
    term.wait_for("Board cleared")


def home_figures(pane: str) -> list[str]:
    """The dashboard's figure rows (Overall accuracy … Last session), as shown."""
    lines = pane.splitlines()
    start = next(i for i, line in enumerate(lines) if "Overall accuracy" in line)
    end = next(i for i, line in enumerate(lines) if "Last session" in line)
    return [line.strip() for line in lines[start : end + 1]]


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_first_session_then_a_second_start_shows_the_same_figures(tmp_path, size):
    deck = load_deck(shipped_deck_path())
    with Terminal(tmp_path, size=size) as term:
        first = term.wait_for(deck.title, "no answers yet")
        assert "none of 29 yet" in first

        # Topics, then the first card of the first topic, flipped.
        term.send("t")
        term.wait_for("Mastery", "not started")
        term.send("Enter")
        card = deck.cards_in(deck.topics[0].name)[0]
        term.wait_for(card.question, unwrap=True)
        term.send("Space")
        term.wait_for(answer_lines(card.answer)[0], unwrap=True)
        term.send("Escape")
        term.wait_for("Mastery")
        term.send("Escape")
        term.wait_for("Timed quiz", "no answers yet")

        # A timed quiz with the defaults, every other answer wrong.
        term.send("q")
        term.wait_for("New quiz")
        term.send("Enter")
        missed = []
        for number in range(1, 11):
            right = number % 2 == 1
            asked = answer_question(term, deck, number, 10, right=right)
            if not right:
                missed.append(asked)
        term.wait_for("5/10")
        term.send("Enter")
        term.wait_for("Questions answered", "Timed quiz · 5/10 marks")

        # Match the date, solved from the notes.
        term.send("m")
        solve_board(term, deck)
        term.send("Escape")
        term.wait_for("Match the date · 6/6 right")

        # Weak spots: the weakest row is one of the quiz's misses.
        term.send("w")
        pane = term.settled("answered questions", "Accuracy")
        table = pane[pane.index("Accuracy") :]
        first_row = next(line for line in table.splitlines()[1:] if line.strip()[:1].isdigit())
        # At 80 columns the question is cut to 19 characters and an ellipsis.
        assert any(card.question[:15] in first_row for card in missed), pane
        assert "0%" in first_row, pane
        term.send("Escape")
        before = home_figures(term.settled("Last session", "Match the date · 6/6 right"))
        term.quit()

    with Terminal(tmp_path, size=size) as again:
        after = home_figures(again.settled("Last session", "Match the date · 6/6 right"))
        assert after == before
        assert any("Questions answered" in line and "answers" in line for line in after)
        again.quit()


@pytest.mark.parametrize(
    "deck_file, title",
    [("anki-export.txt", "History / Soviet"), ("notes-with-topics.md", "Soviet foreign policy")],
)
def test_a_students_own_deck_opens_with_deck(tmp_path, deck_file, title):
    path = FIXTURES / deck_file
    deck = load_deck(path)
    with Terminal(tmp_path, args=("--deck", str(path)), size=(80, 24)) as term:
        term.wait_for(title, f"{len(deck.cards)} cards")
        term.send("t")
        term.wait_for(*(topic.name for topic in deck.topics))
        term.send("Enter")
        card = deck.cards_in(deck.topics[0].name)[0]
        term.wait_for(card.question, unwrap=True)
        term.send("Space")
        term.wait_for(answer_lines(card.answer)[0], unwrap=True)
        term.quit()
