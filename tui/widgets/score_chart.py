"""Session scores as columns on a fixed 0–100% scale.

Textual's Sparkline scales its bars to the data's own lowest and highest values, so one
session at 0% drew full bars and 40% beside 45% looked like nothing beside everything.
Here a column's height is its score: 100% fills the widget's height, 0% leaves a baseline.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

LEVELS = " ▁▂▃▄▅▆▇█"  # eighths of a row


def score_rows(scores: list[int], width: int, height: int) -> list[Text]:
    """The chart's rows, top first: each score (0–100) one column group of `width // len(scores)`
    cells (at least 1; the latest scores when they do not all fit), styled by level like the
    accuracy bars (green from 80%, yellow from 50%, else red). A score too small for an eighth of a
    row shows a dim baseline."""
    if not scores or width < 1 or height < 1:
        return [Text() for _ in range(max(height, 0))]
    shown = scores[-width:]
    cells = max(1, width // len(shown))
    rows = [Text() for _ in range(height)]
    steps = 8 * height
    for score in shown:
        filled = round(max(0, min(100, score)) / 100 * steps)
        style = "green" if score >= 80 else "yellow" if score >= 50 else "red"
        for row in range(height):  # row 0 is the top
            below = (height - 1 - row) * 8  # eighths under this row
            part = max(0, min(8, filled - below))
            if filled == 0 and row == height - 1:
                rows[row].append("▁" * cells, style="dim")
            else:
                rows[row].append(LEVELS[part] * cells, style=style)
    return rows


class ScoreChart(Widget):
    """The latest sessions' scores (0–100), oldest first; see `score_rows`."""

    DEFAULT_CSS = "ScoreChart { height: 2; }"
    scores: reactive[tuple[int, ...]] = reactive(tuple)

    def render(self) -> Text:
        rows = score_rows(list(self.scores), self.size.width, self.size.height)
        return Text("\n").join(rows)
