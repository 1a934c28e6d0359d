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
    }


def skipped_lines(deck: Deck) -> list[str]:
    """The human summary's list of skipped records, one `path:line: reason` each."""
    if not deck.skipped:
        return []
    count = len(deck.skipped)
    lines = [f"Skipped {count} record{'s' if count != 1 else ''} (not loaded; fix them and check again):"]
    lines += [f"  {record}" for record in deck.skipped[:LISTED_SKIPS]]
    if count > LISTED_SKIPS:
        lines.append(f"  … and {count - LISTED_SKIPS} more (--json lists them all)")
    return lines
