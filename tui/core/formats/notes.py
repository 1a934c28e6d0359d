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
line for line). Without headings every card goes in one topic. A question
without an answer, or a card written twice, is skipped and listed
(`Deck.skipped`); a question asked again with another answer is a card of its
own. Only a file with no card at all is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tui.core.deck import (
    Card,
    Deck,
    DeckError,
    SkippedRecord,
    card_id_for,
    derive_event,
    fingerprint_id,
    normalise_question,
    slugify,
    title_from_path,
    topics_in_order,
    variant_id,
)
from tui.core.formats.field_limit import too_long
from tui.core.formats.safe_text import strip_controls
from tui.core.text import split_lines

_HINT_SHAPE = "write the question, one blank line, the answer, and two blank lines before the next card"


@dataclass
class _Paragraph:
    first_line: int
    lines: list[str]
    blanks_before: int


def parse(text: str, path: Path) -> Deck:
    """Parse plain notes. Raises DeckError naming path:line for any mistake."""

    paragraphs = _paragraphs(split_lines(text.removeprefix("\ufeff")))
    title = None
    if paragraphs and _is_heading(paragraphs[0].lines[0], level=1):
        title = strip_controls(paragraphs[0].lines[0][1:]).strip()  # the id comes from it: escapes go whole
        _drop_first_line(paragraphs, 0)
    default_topic = title or "All cards"
    topic = default_topic

    cards: list[Card] = []
    skipped: list[SkippedRecord] = []
    warnings: list[SkippedRecord] = []
    seen: dict[str, tuple[int, str]] = {}  # card id -> (line, normalised answer)
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
        card = _card(paragraph, answer_parts, topic, path, seen, skipped)
        if card is not None:
            cards.append(card)
            if warning := _run_together(paragraph, paragraphs[index + 1 : following], path):
                warnings.append(warning)
        index = following

    if not cards:
        if skipped:
            first = skipped[0]
            more = f" ({len(skipped)} records skipped; this is the first)" if len(skipped) > 1 else ""
            raise DeckError(path, f"has no card that can be used{more}: {first.reason}", line=first.line)
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
        skipped=tuple(skipped),
        warnings=tuple(warnings),
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
    question: _Paragraph,
    answer_parts: list[list[str]],
    topic: str,
    path: Path,
    seen: dict[str, tuple[int, str]],
    skipped: list[SkippedRecord],
) -> Card | None:
    """The card of a question paragraph and its answer paragraphs, or None (and why, in `skipped`)."""
    text = " ".join(line.strip() for line in question.lines)
    line = question.first_line
    if not answer_parts:
        skipped.append(SkippedRecord(str(path), line, f"this question has no answer — {_HINT_SHAPE}"))
        return None
    answer = "\n\n".join("\n".join(lines) for lines in answer_parts)
    for what, value in (("question", text), ("answer", answer)):
        if reason := too_long(what, value):
            skipped.append(SkippedRecord(str(path), line, reason))
            return None
    card_id = card_id_for(strip_controls(text))  # as the student sees it: an escape goes whole
    if card_id in seen:
        first_line, first_answer = seen[card_id]
        if first_answer == normalise_question(answer):
            skipped.append(
                SkippedRecord(
                    str(path),
                    line,
                    f"this card is already written at line {first_line} — remove one of the copies",
                )
            )
            return None
        card_id = variant_id(card_id, answer)  # same question, another answer: a card of its own
        if card_id in seen:
            skipped.append(
                SkippedRecord(str(path), line, "this card is written twice — remove one of the copies")
            )
            return None
    seen[card_id] = (line, normalise_question(answer))
    return Card(id=card_id, topic=topic, question=text, answer=answer)


def _run_together(question: _Paragraph, answer: list[_Paragraph], path: Path) -> SkippedRecord | None:
    """A warning when the answer holds what looks like the next card: after its first paragraph, a
    paragraph ending in "?" with more answer after it, behind only one blank line. The format is kept
    (one blank line joins paragraphs into one answer); the student is told where, and how to split."""
    for part in answer[1:-1]:  # the first is the answer itself; the last has no answer after it
        if part.lines[-1].rstrip().endswith("?"):
            asked = " ".join(line.strip() for line in part.lines)
            return SkippedRecord(
                str(path),
                part.first_line,
                f"{strip_controls(asked)!r} looks like a new question, but one blank line before it makes"
                f" it part of the answer to the question at line {question.first_line} — put two blank"
                " lines before each new question",
            )
    return None
