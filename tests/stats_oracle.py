"""What `revise stats --json` printed before issue 18's one-pass reading: the reference its rows are held to.

The report made the slow, plain way: the store read by `read_store` (TinyDB documents), one
`QuestionStats` per record, and each row field from the store's own objects and the weak-spot rules.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tui.commands import library_questions
from tui.core.progress import QuestionStats, progress_path, read_store
from tui.core.scheduling import due_at
from tui.core.weakness import _weighted_accuracy


def weakness_score(stats: QuestionStats, now: datetime) -> float:
    """The weak-spot score as it was written for one question before the rule went column by column."""
    last = stats.last_answered
    days = 0.0 if last is None else max(0.0, (now - last).total_seconds() / 86400)
    credits = stats.recent_credit if len(stats.recent_credit) == len(stats.recent) else stats.recent
    return (
        (1.0 - _weighted_accuracy(tuple(credits))) + 0.05 * min(stats.lapses, 4) + 0.15 * days / (days + 7.0)
    )


def is_leech(stats: QuestionStats) -> bool:
    return stats.attempts - stats.correct >= 8


def old_row(stats: QuestionStats, now: datetime) -> dict[str, Any]:
    last = stats.last_answered
    credits = stats.recent_credit
    return {
        "card": stats.card_id,
        "attempts": stats.attempts,
        "correct": stats.correct,
        "accuracy": round(stats.mean_credit, 4) if stats.mean_credit is not None else None,
        "last_credit": credits[-1] if credits else None,
        "mean_credit": round(stats.mean_credit, 4) if stats.mean_credit is not None else None,
        "last_answered": last.isoformat() if last else None,
        "weakness": round(weakness_score(stats, now), 4),
        "leech": is_leech(stats),
        "due": due_at(stats.schedule).isoformat() if stats.schedule else None,
    }


def old_report(folder: Path, now: datetime) -> dict[str, Any]:
    """The whole `revise stats --json` document for the data folder `folder`, at `now`."""
    store = read_store(folder)
    path = progress_path(folder)
    if store is None:
        return {"file": str(path), "sessions": 0, "decks": []}
    known = library_questions(store)
    library = {entry.deck_id: entry for entry in store.library()}
    decks = []
    for deck_id in store.deck_ids():
        all_stats = list(store.iter_question_stats(deck_id))
        rows = [
            {**old_row(stats, now), "question": known.get(deck_id, {}).get(stats.card_id)}
            for stats in all_stats
        ]
        attempts = sum(stats.attempts for stats in all_stats)
        marks = 0.0
        for stats in all_stats:
            marks += stats.credit_sum
        decks.append(
            {
                "deck": deck_id,
                "title": library[deck_id].title if deck_id in library else None,
                "deck_file": library[deck_id].path if deck_id in library else None,
                "questions_answered": len(rows),
                "attempts": attempts,
                "correct": sum(stats.correct for stats in all_stats),
                "accuracy": marks / attempts if attempts else None,
                "sessions": store.session_count(deck_id),
                "questions": rows,
            }
        )
    return {"file": str(path), "sessions": store.session_count(), "decks": decks}
