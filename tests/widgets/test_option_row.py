"""A quiz option draws exactly what the rich grid it replaced drew, at any width, text and mark."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style
from rich.text import Text

from tui.widgets.answer_text import answer_text
from tui.widgets.option_row import OptionRow

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé–’,.", min_size=1, max_size=30)
OPTION_TEXTS = st.lists(WORDS, max_size=40).map(" ".join) | st.lists(WORDS, min_size=1, max_size=8).map(
    "\n".join
)
MARKS = st.sampled_from(["", "✓ your answer, right", "✓ right answer", "✗ your answer", "◂ your answer"])


def cells(console: Console, renderable: object) -> list[list[tuple[str, Style]]]:
    """What a terminal would show: each line's characters with their style, trailing blanks dropped."""
    shown = []
    for line in console.render_lines(renderable, console.options, pad=False):
        row = [(char, segment.style or Style.null()) for segment in line for char in segment.text]
        while row and row[-1][0] == " " and not row[-1][1]:
            row.pop()
        shown.append(row)
    return shown


@settings(max_examples=300, deadline=None)
@given(
    width=st.integers(min_value=20, max_value=200),
    option=OPTION_TEXTS,
    mark=MARKS,
    other_mark=MARKS,
    highlighted=st.booleans(),
    number=st.integers(min_value=1, max_value=4),
    last=st.booleans(),
)
def test_an_option_row_draws_what_the_grid_drew(width, option, mark, other_mark, highlighted, number, last):
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    text = answer_text(option)
    text.stylize("reverse" if highlighted else "green")
    mark_text = Text(mark, style="bold green")
    # Every row of a question is as wide in its mark column as the widest mark of the question.
    mark_width = max(len(mark), len(other_mark))
    row = OptionRow(
        Text("▸" if highlighted else " ", style="bold"),
        Text(f" {number} ", style="bold reverse"),
        text,
        mark_text,
        mark_width,
        last=last,
    )
    assert cells(console, row) == cells(console, row.as_grid())


def test_a_long_option_wraps_under_itself_beside_its_key_and_mark():
    console = Console(width=40, color_system=None)
    row = OptionRow(
        Text("▸"),
        Text(" 2 "),
        Text("alpha beta gamma delta epsilon zeta eta theta"),
        Text("✓ right"),
        7,
        last=False,
    )
    lines = ["".join(segment.text for segment in line).rstrip() for line in console.render_lines(row)]
    assert lines == [
        "▸  2  alpha beta gamma delta     ✓ right",  # the mark ends the 40 columns
        "      epsilon zeta eta theta",
        "",
    ]


def rows(row: OptionRow, width: int) -> list[str]:
    console = Console(width=width, color_system=None)
    return ["".join(segment.text for segment in line).rstrip() for line in console.render_lines(row)]


def test_a_mark_without_a_column_ends_its_options_last_line_when_it_fits():
    row = OptionRow(
        Text(" "), Text(" 2 "), Text("alpha beta"), Text(""), 0, last=False, below=Text("✓ right answer")
    )
    assert rows(row, 40) == ["   2  alpha beta          ✓ right answer", ""]


def test_a_mark_that_does_not_fit_beside_the_text_goes_below_with_an_arrow_up():
    option = Text("alpha beta gamma delta epsilon zeta eta")
    row = OptionRow(Text(" "), Text(" 2 "), option, Text(""), 0, last=False, below=Text("✗ your answer"))
    assert rows(row, 40) == [
        "   2  alpha beta gamma delta epsilon",
        "      zeta eta             ✗ your answer",
        "",
    ]
    wide = Text("alpha beta gamma delta epsilon zeta eta theta iota kappa")  # no room beside its last line
    row = OptionRow(Text(" "), Text(" 2 "), wide, Text(""), 0, last=False, below=Text("✗ your answer"))
    assert rows(row, 40) == [
        "   2  alpha beta gamma delta epsilon",
        "      zeta eta theta iota kappa",
        "                         ↑ ✗ your answer",
    ]


def test_the_verdict_note_starts_at_the_rows_left_edge_ruled_off_from_the_options():
    note = Text("✗ Wrong · enter: next")
    option = Text("alpha beta gamma delta epsilon zeta eta theta iota kappa")
    row = OptionRow(
        Text(" "), Text(" 4 "), option, Text(""), 0, last=False, below=Text("✓ right answer"), note=note
    )
    assert rows(row, 40)[-1] == "✗ Wrong · enter: next ─ ↑ ✓ right answer"
    alone = OptionRow(Text(" "), Text(" 4 "), Text("alpha"), Text(""), 0, last=False, note=note)
    assert rows(alone, 40)[-1] == "✗ Wrong · enter: next " + "─" * 18
