"""Deck, Topic, Card and DateEvent, and loading a deck from any supported format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MAX_DECK_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Card:
    """One question and its answer. `id` is stable across edits of the deck file."""

    id: str
    topic: str
    question: str
    answer: str


@dataclass(frozen=True)
class DateEvent:
    """A dated event for match-the-date, linked to the card that teaches it.

    `date` is what the student sees ("1922", "1941-44"); `sort_key` orders
    events in time (the first year); `label` is the event text with its own
    year masked ("Treaty of Rapallo ____").
    """

    date: str
    sort_key: int
    label: str
    card_id: str


@dataclass(frozen=True)
class Topic:
    name: str
    card_ids: tuple[str, ...]


@dataclass
class Deck:
    """A loaded deck: topics in order, cards in order, dated events."""

    id: str
    title: str
    topics: list[Topic]
    cards: list[Card]
    events: list[DateEvent] = field(default_factory=list)
    format: str = "native"
    source: Path | None = None

    def __post_init__(self) -> None:
        self._by_id = {card.id: card for card in self.cards}

    def card(self, card_id: str) -> Card:
        return self._by_id[card_id]

    def has_card(self, card_id: str) -> bool:
        return card_id in self._by_id

    def topic(self, name: str) -> Topic:
        for topic in self.topics:
            if topic.name == name:
                return topic
        raise KeyError(name)

    def cards_in(self, topic_name: str) -> list[Card]:
        return [self._by_id[card_id] for card_id in self.topic(topic_name).card_ids]

    def events_in(self, topic_names: list[str] | None = None) -> list[DateEvent]:
        """Dated events of the given topics (all topics when None)."""
        if topic_names is None:
            return list(self.events)
        wanted = set(topic_names)
        return [e for e in self.events if self._by_id[e.card_id].topic in wanted]


class DeckError(Exception):
    """A deck that cannot be opened, told for a person: where, what, what to do."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        hint: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = str(path)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


def load_deck(path: Path | str, format: str | None = None) -> Deck:
    """Load a deck file, detecting its format unless `format` is given.

    Raises DeckError (and nothing else) for any file that cannot be opened.
    """
    from tui.core.formats import load

    return load(Path(path), format)
