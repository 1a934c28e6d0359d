"""One-line headers: the title gives way to the figures, never the other way round."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from tui.widgets.header_line import fit_title


def test_a_line_that_fits_is_left_whole():
    assert fit_title(Text("Quiz"), Text("Question 1 of 10"), 40).plain == "Quiz · Question 1 of 10"
    assert fit_title(Text("Quiz"), Text("Question 1 of 10"), 0).plain == "Quiz · Question 1 of 10"


def test_a_long_title_is_cut_with_an_ellipsis_before_the_figures():
    line = fit_title(
        Text("Cram: 29 cards, about 20 minutes' worth"), Text("Question 1 of 29 · 1/1 mark so far"), 50
    )
    assert line.plain == "Cram: 29 car… · Question 1 of 29 · 1/1 mark so far"
    assert line.cell_len <= 50


def test_wide_characters_count_as_two_cells():
    line = fit_title(Text("日本語の歴史のまとめ"), Text("Question 1 of 2"), 24)
    assert line.cell_len <= 24 and line.plain.endswith("… · Question 1 of 2")


@given(st.text(min_size=1, max_size=80), st.text(max_size=60), st.integers(1, 120))
def test_never_wider_than_the_room(title, rest, width):
    assert fit_title(Text(title), Text(rest), width).cell_len <= width
