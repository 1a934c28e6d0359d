"""The sessions chart: a fixed 0–100% scale, so a 0% session never draws full bars."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.widgets.score_chart import score_rows


def plain(scores: list[int], width: int = 4, height: int = 2) -> list[str]:
    return [row.plain for row in score_rows(scores, width, height)]


def test_one_session_at_nought_is_a_baseline_not_full_bars():
    assert plain([0]) == ["    ", "▁▁▁▁"]


def test_full_marks_fill_the_chart_and_half_marks_fill_half():
    assert plain([100]) == ["████", "████"]
    assert plain([50]) == ["    ", "████"]
    assert plain([0, 100], width=2) == [" █", "▁█"]


def test_only_the_latest_sessions_that_fit_are_drawn():
    assert plain([100, 0, 50], width=2) == ["  ", "▁█"]


@given(st.lists(st.integers(0, 100), min_size=1, max_size=30), st.integers(1, 40), st.integers(1, 3))
def test_each_column_is_as_tall_as_its_score(scores, width, height):
    rows = plain(scores, width, height)
    assert len(rows) == height and len({len(r) for r in rows}) == 1 and len(rows[0]) <= width
    shown = scores[-width:]
    cells = max(1, width // len(shown))
    for n, score in enumerate(shown):
        column = [row[n * cells] for row in rows]
        eighths = sum(" ▁▂▃▄▅▆▇█".index(c) for c in column)
        assert eighths == max(1, round(score / 100 * 8 * height))  # nothing to show: a baseline
