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
