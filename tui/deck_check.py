"""What `revise check` adds to its summary: every card as the student will see it, and every
record of the file that was skipped, with where and why (issue 14, item 1)."""

from __future__ import annotations

from typing import Any

from tui.core.deck import Deck

LISTED_SKIPS = 40  # longer lists are cut in the human summary; --json has everything


def check_details(deck: Deck) -> dict[str, Any]:
    """The JSON `revise check --json` adds: `skipped` (a count), `card_list` (id, topic,
    question, answer, tags) and `skipped_records` (path, line or null, reason)."""
    return {
        "skipped": len(deck.skipped),
        "card_list": [
            {
                "id": card.id,
                "topic": card.topic,
                "question": card.question,
                "answer": card.answer,
                "tags": list(card.tags),
            }
            for card in deck.cards
        ],
        "skipped_records": [
            {"path": record.path, "line": record.line, "reason": record.reason} for record in deck.skipped
        ],
        "warnings": [
            {"path": record.path, "line": record.line, "reason": record.reason} for record in deck.warnings
        ],
    }


def skipped_lines(deck: Deck) -> list[str]:
    """The human summary's list of skipped records, then of warnings (cards loaded that look
    mistyped), one `path:line: reason` each."""
    lines: list[str] = []
    for records, head in (
        (deck.skipped, "Skipped {count} record{s} (not loaded; fix them and check again):"),
        (deck.warnings, "Check {count} card{s} (loaded, but may be mistyped):"),
    ):
        if not records:
            continue
        count = len(records)
        lines.append(head.format(count=count, s="s" if count != 1 else ""))
        lines += [f"  {record}" for record in records[:LISTED_SKIPS]]
        if count > LISTED_SKIPS:
            lines.append(f"  … and {count - LISTED_SKIPS} more (--json lists them all)")
    return lines


LISTED_POINTS = 5  # examples of answers split into several mark points in the human summary


def mark_point_lines(deck: Deck) -> list[str]:
    """For a deck without stated mark points on some answers of several lines: how many such
    answers there are, that each line is a point a typed answer must cover, and a few of them with
    their points (`tui.core.marking.mark_points`: DESIGN.md "Mark points", README "Mark schemes").

    Cards are counted by their answer's lines (no marker needed: a 20,000-card deck stays quick);
    only the few shown are split by the marker.
    """
    several = [
        card
        for card in deck.cards
        if not card.points and sum(1 for line in card.answer.splitlines() if line.strip()) > 1
    ]
    if not several:
        return []
    from tui.core.marking import mark_points

    count = len(several)
    lines = [
        f"Mark points: {count} answer{'s' if count != 1 else ''} of several lines — each line"
        " (and each part joined by + or ;) is a point a typed answer must cover, e.g.:"
    ]
    for card in several[:LISTED_POINTS]:
        points, need = mark_points(card)
        needed = "all" if need >= len(points) else str(need)
        lines.append(f"  {card.question!r}: needs {needed} of " + " | ".join(points))
    if count > LISTED_POINTS:
        lines.append(f"  … and {count - LISTED_POINTS} more")
    return lines
