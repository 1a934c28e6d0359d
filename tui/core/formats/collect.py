"""Turning imported notes into a Deck: skip what cannot be a card, keep the rest.

Shared by the Anki/Quizlet text reader and the Anki package reader, so both
skip the same records for the same reasons, give repeated questions distinct
ids, and name topics from Anki deck paths the same way.
"""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from tui.core.deck import (
    Card,
    DateEvent,
    Deck,
    DeckError,
    SkippedRecord,
    card_id_for,
    derive_event,
    fingerprint_id,
    normalise_question,
    title_from_path,
    topics_in_order,
    variant_id,
)
from tui.core.formats.field_limit import too_long
from tui.core.formats.html_text import has_placeholders, only_placeholders, without_placeholders

DECK_JOIN = " / "
NO_DECK_TOPIC = "All cards"


class CardCollector:
    """Collects cards in file order; `skip` records why a record was left out."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # id, question, answer, tags, mark points (only for an answer with pictures or sounds)
        self.cards: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = []
        self.decks: list[list[str]] = []
        self.skipped: list[SkippedRecord] = []
        self._lines: dict[str, int | None] = {}  # card id -> where it was first seen
        self._answers: dict[str, str] = {}  # card id -> normalised answer

    def skip(self, line: int | None, reason: str) -> None:
        self.skipped.append(SkippedRecord(str(self.path), line, reason))

    def add(
        self,
        line: int | None,
        question: str,
        answer: str,
        deck: list[str],
        tags: tuple[str, ...] = (),
        card_id: str | None = None,
        no_answer_hint: str = "write its answer",
        where: str = "",
    ) -> str | None:
        """Add one card and return its id, or record why not and return None (`where` names
        the card when there is no line number).

        Without `card_id`, the id comes from the question, and a question seen
        before with another answer gets an id of its own (`variant_id`).
        """
        if where:  # say which note, since a package has no line numbers
            before = len(self.skipped)
            added = self.add(line, question, answer, deck, tags, card_id, no_answer_hint)
            if len(self.skipped) > before:
                last = self.skipped.pop()
                self.skip(last.line, f"{where}: {last.reason}")
            return added
        question = " ".join(question.split())
        if not question:
            self.skip(line, "this card has no question — write its question before the answer")
            return None
        if not answer.strip():
            self.skip(line, f"this card has no answer — {no_answer_hint}")
            return None
        for side, text in (("question", question), ("answer", answer)):
            if reason := too_long(side, text):
                self.skip(line, reason)
                return None
            if only_placeholders(text):
                self.skip(
                    line,
                    f"its {side} is only a picture or a sound, which a terminal cannot show"
                    f" — add words to the {side} in Anki or Quizlet and export again",
                )
                return None
        where = f"line {self._lines[card_id]}" if card_id is not None and self._lines.get(card_id) else ""
        if card_id is not None:
            if card_id in self._lines:
                self.skip(
                    line,
                    f"this card id is already used{' at ' + where if where else ''}"
                    " — give the note its own id (guid) or remove the copy",
                )
                return None
        else:
            card_id = card_id_for(question)
            if card_id in self._lines:
                first = self._lines[card_id]
                if self._answers[card_id] == normalise_question(answer):
                    at = f" at line {first}" if first else ""
                    self.skip(line, f"the same card is already{at} — remove one of the copies")
                    return None
                card_id = variant_id(card_id, answer)
                if card_id in self._lines:
                    self.skip(line, "the same card appears twice — remove one of the copies")
                    return None
        self._lines[card_id] = line
        self._answers[card_id] = normalise_question(answer)
        self.cards.append((card_id, question, answer, tags, media_free_points(answer)))
        self.decks.append(deck)
        return card_id

    def deck(self, format: str, title: str | None = None, deck_id: str | None = None) -> Deck:
        """The Deck of the cards kept. Raises DeckError when none was kept."""
        if not self.cards:
            if self.skipped:
                first = self.skipped[0]
                more = (
                    f" ({len(self.skipped)} records skipped; this is the first)"
                    if len(self.skipped) > 1
                    else ""
                )
                raise DeckError(
                    self.path, f"has no card that can be used{more}: {first.reason}", line=first.line
                )
            raise DeckError(self.path, "has no cards", "write one card per line: question, separator, answer")
        named_title, topic_names = title_and_topics(self.decks, self.path)
        cards = [
            Card(card_id, topic, question, answer, points=points, tags=tags)
            for (card_id, question, answer, tags, points), topic in zip(self.cards, topic_names)
        ]
        events = [event for card in cards if (event := event_of(card))]
        return Deck(
            id=deck_id or fingerprint_id([card.id for card in cards]),
            title=title or named_title,
            topics=topics_in_order(cards),
            cards=cards,
            events=events,
            format=format,
            source=self.path,
            skipped=tuple(self.skipped),
        )


def media_free_points(answer: str) -> tuple[str, ...]:
    """The mark points of an answer that shows pictures or sounds (`[image: x.jpg]`, `[audio]`):
    the points the marker would split from it (`tui.core.marking.split_points`) with the
    placeholders left out, so a picture is never a point nor a word to type, and a line that is
    only media (an Anki "Back Extra" holding a picture) adds no point. () for an answer without
    media: the marker splits it as it is."""
    if not has_placeholders(answer):
        return ()
    from tui.core.marking import split_points  # only decks with media pay for the marker here

    lines = [without_placeholders(line) for line in answer.split("\n")]
    text = "\n".join(line for line in lines if line)
    return tuple(" ".join(point.split()) for point in split_points(text)) or (" ".join(text.split()),)


def title_and_topics(decks: list[list[str]], path: Path) -> tuple[str, list[str]]:
    """Deck title and each card's topic from Anki deck paths (["History", "Soviet", "War"]).

    The path parts every card shares make the title (all of it when there is
    one deck, whose last part is then the topic); the rest, joined by " / ",
    names the topic. Cards without a deck share the topic "All cards".
    """
    named = [parts for parts in decks if parts]
    prefix: list[str] = []
    if named and len(named) == len(decks):
        shortest = min(len(parts) for parts in named)
        for depth in range(shortest - 1):
            if all(parts[depth] == named[0][depth] for parts in named):
                prefix.append(named[0][depth])
            else:
                break
    if named and len(named) == len(decks) and all(parts == named[0] for parts in named):
        title = DECK_JOIN.join(named[0])  # one deck: it names the whole file
    else:
        title = DECK_JOIN.join(prefix) if prefix else title_from_path(path)
    topics = [DECK_JOIN.join(parts[len(prefix) :]) if parts else NO_DECK_TOPIC for parts in decks]
    return title, topics


def event_of(card: Card) -> DateEvent | None:
    """The dated event of an imported card (`deck.derive_event`), read with its pictures and sounds
    left out: a match-the-date label never shows "[image: map.jpg]", and a year in a file name
    ("1922map.jpg") is never taken for the card's date.
    """
    if not has_placeholders(card.question) and not has_placeholders(card.answer):
        return derive_event(card)
    return derive_event(
        replace(card, question=without_placeholders(card.question), answer=without_placeholders(card.answer))
    )
