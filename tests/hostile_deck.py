"""A deck whose every text carries terminal escapes, Rich markup and control characters.

Built in code (so the screens' own defence is tested even if a loader strips controls)
and as a TOML file (for `revise check` and the real terminal).
"""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.deck import Card, DateEvent, Deck, Topic

OSC_TITLE = "\x1b]0;PWNED\x07"  # renames the terminal window
OSC_52 = "\x1b]52;c;cHduZWQ=\x07"  # writes the clipboard
CSI_CLEAR = "\x1b[2J"  # clears the screen
ALT_SCREEN_EXIT = "\x1b[?1049l"  # leaves the alternate screen
C1_CSI = "\x9b31m"  # a C1 CSI: some terminals take it as ESC [
CONTROLS = "\x00\x08\x7f"
MARKUP_CLOSE = "[/]"  # crashed the home screen with a MarkupError
MARKUP_LINK = "[link=https://x]x[/link]"
MARKUP_BOLD = "[bold]b[/bold]"

# What the hostile text may never put on screen or on a terminal: ESC, C1, BEL and other C0 controls.
RAW_CONTROLS = {chr(code) for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]}

TITLE = f"Hostile {OSC_TITLE}{MARKUP_BOLD} deck"
TOPICS = (
    f"Arrays {MARKUP_CLOSE} slices{OSC_TITLE}",
    f"Links {MARKUP_LINK}{CSI_CLEAR}",
    f"Bold {MARKUP_BOLD}{ALT_SCREEN_EXIT}{C1_CSI}",
)


def _card(number: int, topic: str) -> Card:
    payload = (OSC_TITLE, OSC_52, CSI_CLEAR, ALT_SCREEN_EXIT, C1_CSI, CONTROLS)[number % 6]
    markup = (MARKUP_CLOSE, MARKUP_LINK, MARKUP_BOLD)[number % 3]
    return Card(
        id=f"card-{number}",
        topic=topic,
        question=f"Question {number} {markup} {payload}?",
        answer=f"Answer {number} {payload} {markup}\n= then {MARKUP_CLOSE}{OSC_52}",
    )


def build_hostile_deck() -> Deck:
    """Nine cards in three hostile topics; six dated events with hostile labels and dates."""
    cards = [_card(number, TOPICS[number % 3]) for number in range(9)]
    events = [
        DateEvent(
            f"19{20 + number}{CSI_CLEAR if number % 2 else MARKUP_CLOSE}",
            1920 + number,
            f"Event {number} {MARKUP_BOLD}{OSC_TITLE}",
            card.id,
        )
        for number, card in enumerate(cards[:6])
    ]
    return Deck(
        id="hostile",
        title=TITLE,
        topics=[Topic(name, tuple(c.id for c in cards if c.topic == name)) for name in TOPICS],
        cards=cards,
        events=events,
        format="native",
    )


def _toml_string(text: str) -> str:
    # JSON's escapes (\uXXXX, \n, \b …) are TOML basic-string escapes too; ASCII only, so no raw control.
    return json.dumps(text, ensure_ascii=True)


def write_hostile_toml(folder: Path) -> Path:
    """The same deck as a native TOML file in `folder`; its path."""
    deck = build_hostile_deck()
    events = {event.card_id: event for event in deck.events}
    lines = [
        f"title = {_toml_string(deck.title)}",
        f"id = {_toml_string(deck.id)}",
        f"topics = [{', '.join(_toml_string(topic.name) for topic in deck.topics)}]",
    ]
    for card in deck.cards:
        lines += [
            "",
            "[[cards]]",
            f"id = {_toml_string(card.id)}",
            f"topic = {_toml_string(card.topic)}",
            f"question = {_toml_string(card.question)}",
            f"answer = {_toml_string(card.answer)}",
        ]
        if card.id in events:
            event = events[card.id]
            lines.append(
                f"event = {{ date = {_toml_string(event.date)}, label = {_toml_string(event.label)} }}"
            )
    path = folder / "hostile.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
