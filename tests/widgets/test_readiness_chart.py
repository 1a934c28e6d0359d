"""The readiness chart: each y label sits on the row its value is drawn on; the x axis ends at the exam."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.widgets.readiness_chart import HEIGHT, LABELS, chart_rows


def plain(points, width: int = 60) -> list[str]:
    return [row.plain for row in chart_rows(points, width)]


def row_labelled(lines: list[str], value: int) -> str:
    return next(line for line in lines if line.startswith(f"{value:>3}┤"))


def test_a_score_of_a_labelled_value_is_drawn_on_that_labels_row():
    # doing nothing stays at 25%, the plan climbs to 75%: each line on the row of its label
    lines = plain([(0, 0.25, 0.75), (20, 0.25, 0.75)])
    assert set(row_labelled(lines, 75)[4:]) == {"o"}
    assert set(row_labelled(lines, 25)[4:]) == {"x"}
    for value in (0, 50, 100):
        assert row_labelled(lines, value)[4:].strip() == ""


@given(st.sampled_from(LABELS), st.sampled_from(LABELS), st.integers(1, 400), st.integers(20, 200))
def test_every_labelled_value_lands_on_its_label_and_nowhere_else(nothing, plan, days, width):
    lines = plain([(0, nothing / 100, plan / 100), (days, nothing / 100, plan / 100)], width)
    assert len(lines) == HEIGHT
    assert all(len(line) <= width for line in lines)
    plan_rows = [line for line in lines[1:-2] if "o" in line]
    assert plan_rows == [row_labelled(lines, plan)]
    if nothing != plan:
        assert [line for line in lines[1:-2] if "x" in line] == [row_labelled(lines, nothing)]


def test_the_x_axis_ends_at_the_exam_day():
    for days in (20, 23, 7, 1, 59):
        lines = plain([(0, 0.4, 0.4), (days // 2, 0.4, 0.7), (days, 0.4, 0.9)], width=96)
        axis, numbers = lines[-2], lines[-1]
        assert axis.endswith("┬")
        assert numbers.split()[0] == "0" and numbers.split()[-1] == str(days)
        assert numbers.endswith(str(days)) and len(numbers) == len(axis)


def test_the_exam_day_alone_is_no_chart():
    assert chart_rows([(0, 0.71, 0.71)], 80) == []
