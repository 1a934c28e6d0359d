"""A text bar for accuracy or mastery: the bar and the figure, never colour alone."""

from __future__ import annotations

from rich.text import Text

FULL, EMPTY = "█", "░"


def marks_figure(marks: float) -> str:
    """Marks earned as a figure: "2" when whole, else one decimal ("1.5"): partial credit shows."""
    rounded = round(marks, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def accuracy_text(accuracy: float | None, width: int = 20, empty_label: str = "not started") -> Text:
    """`████████░░░░ 67%`, styled by level; `empty_label` when there is no accuracy yet."""
    if accuracy is None:
        return Text(EMPTY * width + f" {empty_label}", style="dim")
    filled = round(max(0.0, min(1.0, accuracy)) * width)
    style = "green" if accuracy >= 0.8 else "yellow" if accuracy >= 0.5 else "red"
    text = Text(FULL * filled, style=style)
    text.append(EMPTY * (width - filled), style="dim")
    text.append(f" {accuracy:4.0%}")
    return text
