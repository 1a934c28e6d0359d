"""Read a match-the-date board off the screen and solve it from the deck, like a student with notes."""

from __future__ import annotations

import re

from tui.core.deck import Deck

MARKS = "›✓✗▶"
EVENT_ROW = re.compile(rf"^\s{{1,6}}[{MARKS}]*\s*([a-f])\s{{2,}}(.+?)(?:\s{{2}}= \S+)?(?:\s{{3,}}|$)")
DATE_ROW = re.compile(rf"\s[{MARKS}]*\s*([1-6])\s{{2,}}(\S+)\s*$")


def read_board(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """The board as shown: letter -> the first line of its event label, digit -> date."""
    events, dates = {}, {}
    for line in text.splitlines():
        if found := EVENT_ROW.match(line):
            events[found[1]] = found[2].strip()
        if found := DATE_ROW.search(line):
            dates[found[1]] = found[2]
    return events, dates


def answer_keys(text: str, deck: Deck) -> dict[str, str]:
    """letter -> the digit of its right date.

    A long label wraps at 80 columns, so the line shown is matched as the start of
    a label in the deck. Raises KeyError while the board is half drawn.
    """
    events, dates = read_board(text)
    digit_of = {date: digit for digit, date in dates.items()}
    keys = {}
    for letter, shown in events.items():
        found = {event.date for event in deck.events if event.label.startswith(shown)}
        if len(found) != 1:
            raise KeyError(shown)
        keys[letter] = digit_of[found.pop()]
    return keys
