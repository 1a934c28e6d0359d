"""The readiness screen's chart: predicted score (0–100%) from today to the exam day, two lines.

Drawn here rather than by plotext, whose tick labels sat on the row nearest their value while its
lines used another rounding ("75" beside the 83% row) and whose x ticks stopped short of the exam.
Here the plot has `ROWS` rows, one every 12.5 points, so 0, 25, 50, 75 and 100 are rows of their
own and each label sits on exactly the row its value is drawn on; the x axis ends at the exam day.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

ROWS = 9  # 100 / (ROWS - 1) = 12.5 points a row: the labelled values 0/25/50/75/100 are whole rows
LABELS = (0, 25, 50, 75, 100)
LABEL_WIDTH = 3  # "100"
WITH_PLAN, WITHOUT_PLAN = "o", "x"
TITLE = f"Predicted score % by days from today:  {WITH_PLAN} with the plan   {WITHOUT_PLAN} doing nothing"
# title, plot rows, axis line, tick labels
HEIGHT = 1 + ROWS + 2

# One point of the chart: (days from today, score doing nothing 0–1, score with the plan 0–1).
Point = tuple[int, float, float]


def row_of(share: float) -> int:
    """The plot row (0 = the top, 100%) a score of `share` (0–1) is drawn on: the nearest 12.5 points."""
    return ROWS - 1 - round(max(0.0, min(1.0, share)) * (ROWS - 1))


def _value_at(points: Sequence[Point], day: float, index: int) -> float:
    """The line through `points` (sorted by day) at `day`, linear between neighbours."""
    for (d0, *v0), (d1, *v1) in pairwise(points):
        if d0 <= day <= d1:
            t = 0.0 if d1 == d0 else (day - d0) / (d1 - d0)
            return v0[index] + t * (v1[index] - v0[index])
    return points[-1][1 + index] if day > points[-1][0] else points[0][1 + index]


def x_ticks(last_day: int, width: int) -> list[int]:
    """Day numbers to label: 0, a round step, and always `last_day` (the exam day) at the end;
    a step tick too close to the end to print its number apart from the last is left out."""
    if last_day <= 0:
        return [0]
    step = max(1, -(-last_day // 6))
    columns_per_day = (width - 1) / last_day
    ticks = list(range(0, last_day, step))
    end_room = len(str(last_day)) + 1
    ticks = [t for t in ticks if (last_day - t) * columns_per_day >= len(str(t)) + end_room]
    return [*ticks, last_day]


def chart_rows(points: Sequence[Point], width: int) -> list[Text]:
    """The chart's `HEIGHT` lines in `width` cells (title first, the plot, the x axis, its day numbers).

    `points` need at least two days (today and the exam day); fewer give [] (nothing to draw a line
    through on the exam day itself). Each plot column is one moment between today and the exam day;
    a line cell is its marker, the with-plan line drawn over the other where they meet."""
    if len(points) < 2 or width < LABEL_WIDTH + 12:
        return []
    points = sorted(points)
    plot_width = width - LABEL_WIDTH - 1
    last_day = points[-1][0]
    grid = [[" "] * plot_width for _ in range(ROWS)]
    styles: dict[tuple[int, int], str] = {}
    for column in range(plot_width):
        day = column * last_day / max(1, plot_width - 1)
        for index, marker, style in ((0, WITHOUT_PLAN, "yellow"), (1, WITH_PLAN, "green")):
            row = row_of(_value_at(points, day, index))
            grid[row][column] = marker
            styles[row, column] = style
    labels = {row_of(value / 100): value for value in LABELS}
    title = Text(TITLE, style="bold")
    title.truncate(width, overflow="ellipsis")
    lines = [title]
    for row in range(ROWS):
        label = labels.get(row)
        line = Text(f"{label:>{LABEL_WIDTH}}┤" if label is not None else " " * LABEL_WIDTH + "│", style="dim")
        for column, cell in enumerate(grid[row]):
            line.append(cell, style=styles.get((row, column), ""))
        lines.append(line)
    ticks = x_ticks(last_day, plot_width)
    tick_columns = [round(t * (plot_width - 1) / last_day) for t in ticks]
    axis = ["─"] * plot_width
    numbers = [" "] * plot_width
    for tick, column in zip(ticks, tick_columns):
        axis[column] = "┬"
        text = str(tick)
        start = max(0, min(plot_width - len(text), column - len(text) // 2))
        numbers[start : start + len(text)] = text
    lines.append(Text(" " * LABEL_WIDTH + "└" + "".join(axis), style="dim"))
    lines.append(Text(" " * (LABEL_WIDTH + 1) + "".join(numbers), style="dim"))
    return lines


class ReadinessChart(Widget):
    """Predicted score from today (day 0) to the exam day; see `chart_rows`."""

    DEFAULT_CSS = f"ReadinessChart {{ height: {HEIGHT}; }}"
    points: reactive[tuple[Point, ...]] = reactive(tuple)

    def render(self) -> Text:
        return Text("\n").join(chart_rows(self.points, self.size.width))
