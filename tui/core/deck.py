"""Deck, Topic, Card and DateEvent, and loading a deck from any supported format."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Collection, KeysView, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import msgspec

from tui.core.text import YEAR, YEAR_OR_RANGE, first_year, identity_words, year_spans

MAX_DECK_BYTES = 20_000_000  # 20 MB, MB = 10^6 bytes as file managers count (see megabytes)
T = TypeVar("T")


# The value classes a deck is made of are msgspec Structs: built in C at import (a dataclass costs
# ~1 ms of a start, issue 18), decoded from the parsed-deck cache without per-card Python. Their
# fields are texts and numbers only: no cycle can run through them, so the collector skips them.
class Card(msgspec.Struct, frozen=True, gc=False):
    """One question and its answer. `id` is stable across edits of the deck file."""

    id: str
    topic: str
    question: str
    answer: str
    # The mark scheme (see tui.core.marking): authored mark points, each "a / b" for
    # alternatives (empty: split from the answer); points needed for full marks
    # (None: all); other whole answers that are right.
    points: tuple[str, ...] = ()
    need: int | None = None
    accept: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # Anki tags, kept from imports


class DateEvent(msgspec.Struct, frozen=True, gc=False):
    """A dated event for match-the-date, linked to the card that teaches it.

    `date` is what the student sees ("1922", "1941-44"); `sort_key` orders
    events in time (the first year); `label` is the event text with its own
    year masked ("Treaty of Rapallo ____").
    """

    date: str
    sort_key: int
    label: str
    card_id: str


class Topic(msgspec.Struct, frozen=True, gc=False):
    name: str
    card_ids: tuple[str, ...]


class SkippedRecord(msgspec.Struct, frozen=True, gc=False):
    """A record of a deck file that could not become a card: where (`path`, 1-based `line`) and why.

    `reason` is for a person: what is wrong and what to do ("this card has no
    answer — put the answer after a tab on the same line").
    """

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


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
    skipped: tuple[SkippedRecord, ...] = ()  # records left out, in file order
    warnings: tuple[SkippedRecord, ...] = ()  # cards loaded that look mistyped: where, and what to do

    def __post_init__(self) -> None:
        self._by_id = dict(zip(map(_CARD_ID, self.cards), self.cards))  # map and zip run in C
        self._derived: dict[str, Any] = {}

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """`build()`, worked out on the first call for `name` and kept: a loaded deck does not change.

        For figures read from every card (the deck's years, answer kinds), so a 200,000-card deck
        pays for them once, not per question (issue 18).
        """
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]

    def card(self, card_id: str) -> Card:
        return self._by_id[card_id]

    def has_card(self, card_id: str) -> bool:
        return card_id in self._by_id

    def card_ids(self) -> KeysView[str]:
        """The ids of every card, as a set-like view (no copy)."""
        return self._by_id.keys()

    def by_id(self) -> Mapping[str, Card]:
        """Card id -> card, read-only (no copy)."""
        return MappingProxyType(self._by_id)

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

    def ordered_card_ids(self) -> Sequence[str]:
        """Each card's id in card order (a card listed twice is there twice): what home's figures
        need, known without the cards themselves when they are read later (`DeckOutline`)."""
        return list(map(_CARD_ID, self.cards))

    def card_count(self) -> int:
        """How many cards the deck lists."""
        return len(self.cards)

    def event_count(self) -> int:
        """How many dated events the deck has (match-the-date's pairs)."""
        return len(self.events)

    def with_id(self, deck_id: str) -> Deck:
        """The same deck under another id (a new Deck: loaded decks may be shared)."""
        return replace(self, id=deck_id)

    def read_all(self) -> None:
        """Read the cards and dated events if they were left for later (`DeckOutline`): a deck read
        whole has them already. Raises DeckError if they cannot be read."""


_CARD_ID = attrgetter("id")
_READ_LATER = frozenset({"cards", "events", "_by_id"})


class DeckOutline(Deck):
    """A deck whose cards and dated events are read on first use: the parsed-deck cache's outline
    (title, topics, each card's id in order) is enough for home's first frame, so a 10,000-card
    deck's 20,000 texts are decoded and checked after it is drawn, not before (issue 18).

    Any read of `cards`, `events` or a card reads them all first (`read_cards()`, once, under a
    lock: the writer thread may ask too); the deck then behaves as one read whole. `read_cards`
    must give exactly the cards the outline lists, in order, or raise DeckError.
    """

    def __init__(
        self,
        *,
        id: str,
        title: str,
        topics: list[Topic],
        card_ids: list[str],
        event_count: int,
        read_cards: Callable[[], tuple[list[Card], list[DateEvent]]],
        format: str = "native",
        source: Path | None = None,
        skipped: tuple[SkippedRecord, ...] = (),
        warnings: tuple[SkippedRecord, ...] = (),
    ) -> None:
        # Not the dataclass __init__: `cards`, `events` and the index are set by `read_all`.
        self.id, self.title, self.topics, self.format = id, title, topics, format
        self.source, self.skipped, self.warnings = source, skipped, warnings
        self._card_order, self._event_count = card_ids, event_count
        self._read_cards: Callable[[], tuple[list[Card], list[DateEvent]]] | None = read_cards
        self._reading = threading.Lock()
        self._derived = {}

    def __getattr__(self, name: str) -> Any:
        # only for attributes not set yet: the cards, events and index before they are read
        if name not in _READ_LATER:
            raise AttributeError(name)
        self.read_all()
        return self.__dict__[name]

    def read_all(self) -> None:
        with self._reading:
            read = self._read_cards
            if read is None:
                return
            cards, events = read()
            if list(map(_CARD_ID, cards)) != self._card_order or len(events) != self._event_count:
                raise DeckError(self.source or "deck", "the deck's cards changed while it was read")
            self.cards, self.events = cards, events
            self._by_id = dict(zip(map(_CARD_ID, cards), cards))
            self._read_cards = None

    def ordered_card_ids(self) -> Sequence[str]:
        return self._card_order

    def card_count(self) -> int:
        return len(self._card_order)

    def event_count(self) -> int:
        return self._event_count

    def card_ids(self) -> KeysView[str]:
        if "_by_id" in self.__dict__:
            return self._by_id.keys()
        return dict.fromkeys(self._card_order).keys()

    def has_card(self, card_id: str) -> bool:
        return card_id in self.card_ids()

    def with_id(self, deck_id: str) -> Deck:
        if self._read_cards is None:
            return super().with_id(deck_id)
        return DeckOutline(
            id=deck_id,
            title=self.title,
            topics=self.topics,
            card_ids=self._card_order,
            event_count=self._event_count,
            read_cards=self._read_cards,
            format=self.format,
            source=self.source,
            skipped=self.skipped,
            warnings=self.warnings,
        )


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


_WHEN_QUESTION = re.compile(
    r"^\s*when\s+(?:(?:did|was|were|is|are|do|does|had|has|have|will|would|could|can)\s+)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
YEAR_MASK = "____"
_MAX_SLUG = 60


def _years_of(date: str) -> set[str]:
    """Every year a date names, ranges expanded at their ends ("1941-44" -> 1941, 1944)."""
    return {str(year) for span in year_spans(date) for year in span.years}


def mask_years(label: str, date: str) -> str:
    """The label with the date's years (alone or in a range) replaced by ____."""
    years = _years_of(date)

    def mask(match: re.Match[str]) -> str:
        return YEAR_MASK if _years_of(match.group()) & years else match.group()

    masked = YEAR_OR_RANGE.sub(mask, label)
    return YEAR.sub(lambda match: YEAR_MASK if match.group() in years else match.group(), masked)


def normalise_question(question: str) -> str:
    """The question reduced to what identifies it: case, accents, punctuation and spacing ignored."""
    return " ".join(identity_words(question))


def slugify(text: str) -> str:
    """A lower-case, hyphenated form of text ("Treaty of Rapallo!" -> "treaty-of-rapallo")."""
    return normalise_question(text).replace(" ", "-")


def card_id_for(question: str) -> str:
    """A stable card id derived from the normalised question.

    Readable when short ("when-did-britain-recognise-the-ussr"); long questions
    are cut at a word and get a short hash of the whole question so ids stay unique.
    """
    slug = slugify(question)
    if slug and len(slug) <= _MAX_SLUG:
        return slug
    identity = normalise_question(question) or question.strip()
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:8]
    head = slug[:_MAX_SLUG].rsplit("-", 1)[0] if "-" in slug[:_MAX_SLUG] else slug[:_MAX_SLUG]
    return f"{head}-{digest}" if head else f"card-{digest}"


def derive_event(card: Card) -> DateEvent | None:
    """The dated event of an imported card, if it has one.

    A card whose question starts with "When" and whose answer gives exactly one
    year or range ("In 1924", "1941-44") becomes an event: the date is that year,
    the label is the question itself with its year masked ("When did Britain
    recognise the USSR?"): cutting "When did" off leaves a verb without its tense
    ("Britain recognise the USSR"), and no rule mends every verb.
    """
    when = _WHEN_QUESTION.match(card.question)
    if not when:
        return None
    dates = year_spans(card.answer)
    if len(dates) != 1:
        return None
    span = card.answer[dates[0].begin : dates[0].stop]
    date = span if dates[0].start == dates[0].end else re.sub(r"\s*(?:[-–—/]|\bto\b)\s*", "-", span)
    rest = " ".join(when.group("rest").split()).rstrip(" ?.!:")
    if not rest:
        return None
    label = mask_years(" ".join(card.question.split()), date)
    return DateEvent(date=date, sort_key=first_year(date) or 0, label=label, card_id=card.id)


def ordinal_id(base: str, ordinal: int) -> str:
    """The id of card `ordinal` (0-based) of a note whose own id is `base`.

    The first card keeps the note's id, so a note that gains a reverse or a
    second cloze keeps the progress of its first card: "x", "x:2", "x:3".
    """
    return base if ordinal == 0 else f"{base}:{ordinal + 1}"


def variant_id(card_id: str, answer: str) -> str:
    """A distinct, stable id for a card whose question repeats another's with a different answer."""
    digest = hashlib.sha1(" ".join(answer.split()).casefold().encode("utf-8")).hexdigest()[:6]
    return f"{card_id}~{digest}"


def fingerprint_id(card_ids: list[str] | tuple[str, ...]) -> str:
    """A deck id from its cards, for decks that name none: the same cards give the same id
    whatever the file is called, and two different files called notes.txt get two ids."""
    digest = hashlib.sha1("\n".join(sorted(set(card_ids))).encode("utf-8")).hexdigest()[:12]
    return f"deck-{digest}"


def best_matching_deck(
    card_ids: AbstractSet[str] | Collection[str], known: dict[str, set[str]], share: float = 0.5
) -> str | None:
    """The known deck sharing most of `card_ids`, when it holds over `share` (0–1) of them; else None.

    For carrying progress over to a deck whose id changed (edited or renamed
    file): `known` maps deck id to the card ids with progress. Ties go to the
    deck whose cards overlap most as a share of its own cards. A set-like
    `card_ids` (`Deck.card_ids()`) is read as it is, without a copy.
    """
    if not known:
        return None
    wanted = card_ids if isinstance(card_ids, AbstractSet) else set(card_ids)
    if not wanted:
        return None
    best: tuple[float, float, str] | None = None
    for deck_id, ids in known.items():
        common = len(wanted & ids)
        if not common:
            continue
        score = (common / len(wanted), common / len(ids), deck_id)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best and best[0] > share else None


def title_from_path(path: Path) -> str:
    """A readable deck title from a file name: "soviet-notes.txt" -> "Soviet notes"."""
    text = " ".join(path.stem.replace("_", " ").replace("-", " ").split()) or "Deck"
    return text[0].upper() + text[1:]


def topics_in_order(cards: list[Card], order: list[str] | None = None) -> list[Topic]:
    """Topics with their cards, in the given order, then by first appearance; empty ones dropped."""
    names: dict[str, list[str]] = {name: [] for name in order or []}
    for card in cards:
        names.setdefault(card.topic, []).append(card.id)
    return [Topic(name, tuple(ids)) for name, ids in names.items() if ids]
