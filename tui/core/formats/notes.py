"""Plain revision notes: the format of a student's own notes file.

    # Soviet foreign policy          <- optional title (first line)

    ## Recognition                   <- optional topic heading

    When did Britain recognise the USSR?
                                     <- one blank line
    In 1924
                                     <- two or more blank lines between cards

    What was the Zinoviev letter?
    ...

A card is a question paragraph, one blank line, then the answer lines (kept
line for line). Without headings every card goes in one topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tui.core.deck import (
    Card,
    Deck,
    DeckError,
    card_id_for,
    derive_event,
    fingerprint_id,
    slugify,
    title_from_path,
    topics_in_order,
)

_HINT_SHAPE = "write the question, one blank line, the answer, and two blank lines before the next card"


@dataclass
class _Paragraph:
    first_line: int
    lines: list[str]
    blanks_before: int


def parse(text: str, path: Path) -> Deck:
    """Parse plain notes. Raises DeckError naming path:line for any mistake."""
    from tui.core.formats import split_lines

    paragraphs = _paragraphs(split_lines(text.removeprefix("\ufeff")))
    title = None
    if paragraphs and _is_heading(paragraphs[0].lines[0], level=1):
        title = paragraphs[0].lines[0][1:].strip()
        _drop_first_line(paragraphs, 0)
    default_topic = title or "All cards"
    topic = default_topic

    cards: list[Card] = []
    seen: dict[str, int] = {}
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if _is_heading(paragraph.lines[0], level=2):
            topic = paragraph.lines[0][2:].strip() or default_topic
            _drop_first_line(paragraphs, index)
            continue
        answer_parts: list[list[str]] = []
        following = index + 1
        while (
            following < len(paragraphs)
            and paragraphs[following].blanks_before == 1
            and not _is_heading(paragraphs[following].lines[0], level=2)
        ):
            answer_parts.append(paragraphs[following].lines)
            following += 1
        cards.append(_card(paragraph, answer_parts, topic, path, seen))
        index = following

    if not cards:
        raise DeckError(path, "has no cards", _HINT_SHAPE)
    events = [event for card in cards if (event := derive_event(card))]
    return Deck(
        # Identity from the title when there is one, else from the cards: never the file name.
        id=(slugify(title) if title else "") or fingerprint_id([card.id for card in cards]),
        title=title or title_from_path(path),
        topics=topics_in_order(cards),
        cards=cards,
        events=events,
        format="notes",
        source=path,
    )


def _paragraphs(lines: list[str]) -> list[_Paragraph]:
    """Runs of non-blank lines, each with its first line number and the blank lines before it."""
    paragraphs: list[_Paragraph] = []
    blanks = 2  # the file's start separates like a card break
    for number, line in enumerate(lines, 1):
        if not line.strip():
            blanks += 1
            continue
        if blanks or not paragraphs:
            paragraphs.append(_Paragraph(number, [], blanks))
        paragraphs[-1].lines.append(line.rstrip())
        blanks = 0
    return paragraphs


def _is_heading(line: str, level: int) -> bool:
    """`# Title` (level 1) or `## Topic` (level 2): the marks, a space, then text."""
    return re.match(rf"#{{{level}}}[ \t]+\S", line) is not None


def _drop_first_line(paragraphs: list[_Paragraph], index: int) -> None:
    """Remove a heading line; what follows it directly starts a new card."""
    paragraph = paragraphs[index]
    if len(paragraph.lines) == 1:
        del paragraphs[index]
        if index < len(paragraphs):
            paragraphs[index].blanks_before = max(paragraphs[index].blanks_before, 2)
        return
    paragraph.lines.pop(0)
    paragraph.first_line += 1
    paragraph.blanks_before = 2


def _card(
    question: _Paragraph, answer_parts: list[list[str]], topic: str, path: Path, seen: dict[str, int]
) -> Card:
    text = " ".join(line.strip() for line in question.lines)
    if not answer_parts:
        raise DeckError(path, "this question has no answer", _HINT_SHAPE, line=question.first_line)
    answer = "\n\n".join("\n".join(lines) for lines in answer_parts)
    card_id = card_id_for(text)
    if card_id in seen:
        raise DeckError(
            path,
            f"this question is already asked at line {seen[card_id]}",
            "merge the two cards or reword one question",
            line=question.first_line,
        )
    seen[card_id] = question.first_line
    return Card(id=card_id, topic=topic, question=text, answer=answer)
