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


def test_a_reserve_cuts_the_title_the_same_however_long_the_figures_are_now():
    title = Text("Cram: 29 cards, about 20 minutes' worth")
    widest = len("Again: question 29 of 29 · 29/29 marks so far")
    lines = [
        fit_title(title, Text(rest), 60, reserve=widest).plain
        for rest in (
            "Question 1 of 29",
            "Question 2 of 29 · 1/1 mark so far",
            "Again: question 3 of 29 · 9/12 marks so far",
        )
    ]
    assert {line.split(" · ")[0] for line in lines} == {"Cram: 29 ca…"}
    assert all(len(line) <= 60 for line in lines)


def test_a_title_without_room_for_three_characters_is_left_out_and_the_figures_stay_whole():
    line = fit_title(Text("Exam rehearsal"), Text("marking your paper: answer 2 of 10"), 39, reserve=35)
    assert line.plain == "marking your paper: answer 2 of 10"


_SHOWN = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))  # what a header line can hold


@given(
    st.text(_SHOWN, min_size=1, max_size=80),
    st.text(_SHOWN, max_size=60),
    st.integers(1, 120),
    st.integers(0, 80),
)
def test_never_wider_than_the_room_and_the_figures_whole_when_they_fit(title, rest, width, reserve):
    line = fit_title(Text(title), Text(rest), width, reserve=reserve)
    assert line.cell_len <= width
    if Text(rest).cell_len <= width:
        assert line.plain.endswith(rest)
