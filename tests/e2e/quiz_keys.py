"""Answer quiz questions in a real terminal like a student with the notes open."""

from __future__ import annotations

import re
import time

from tests.e2e.terminal import Terminal, unwrapped
from tui.core.deck import Card, Deck
from tui.widgets.answer_text import answer_lines


def question_on(pane: str, deck: Deck) -> Card | None:
    """The card whose question the pane shows (the longest match: some questions contain others)."""
    text = unwrapped(pane)  # a long question wraps at 80 columns
    shown = [card for card in deck.cards if " ".join(card.question.split()) in text]
    return max(shown, key=lambda card: len(card.question)) if shown else None


def option_keys(pane: str, card: Card) -> tuple[str, str] | None:
    """The key of the right option and of a wrong one, read off the pane; None while half drawn."""
    found = re.findall(r"^\s+\S?\s*([1-4])  (\S.*?)\s*$", pane, flags=re.MULTILINE)
    # A long option list scrolls at 80×24: its scrollbar (block elements) ends some lines.
    options = {key: re.sub(r"[\s\u2580-\u259f]+$", "", text) for key, text in found}
    first_line = answer_lines(card.answer)[0].strip()
    right = [key for key, text in options.items() if first_line.startswith(text.rstrip("…"))]
    if len(options) < 2 or len(right) != 1:
        return None
    return right[0], next(key for key in sorted(options) if key != right[0])


def answer_question(
    term: Terminal, deck: Deck, number: int, total: int, right: bool, timeout: float = 15.0
) -> Card:
    """Answer question `number` with its right key or a wrong one, and go on; the card it was."""
    deadline = time.monotonic() + timeout
    previous = ""
    while True:
        pane = term.wait_for(f"Question {number} of {total}")
        # Settled: drawn alike twice, and no feedback left over from the question before.
        settled = pane == previous and "✓ Right" not in pane and "✗ Wrong" not in pane
        card = question_on(pane, deck) if settled else None
        keys = option_keys(pane, card) if card else None
        if keys:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"question {number} never settled; the pane shows:\n{pane}")
        previous = pane
        time.sleep(0.1)
    term.send(keys[0] if right else keys[1])
    term.wait_for("✓ Right" if right else "✗ Wrong")
    term.send("Enter")
    return card
