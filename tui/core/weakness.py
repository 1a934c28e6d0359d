"""Weak-spot ranking. (A first cut; the weak-spots issue refines the formula.)"""

from __future__ import annotations

from tui.core.progress import QuestionStats

WEAK_BELOW = 0.7


def smoothed_accuracy(stats: QuestionStats) -> float:
    """Accuracy with one right and one wrong imagined, so 1/1 is not mastery."""
    return (stats.correct + 1) / (stats.attempts + 2)


def weak_questions(stats: dict[str, QuestionStats]) -> list[QuestionStats]:
    """Answered questions below the weak threshold, weakest first."""
    weak = [s for s in stats.values() if smoothed_accuracy(s) < WEAK_BELOW]
    return sorted(weak, key=smoothed_accuracy)
