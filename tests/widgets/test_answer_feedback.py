"""The mark points' checklist: every point's text starts in the same column, whatever is ticked.

A trial saw a ticked point's text shift right: the marks' column was as wide as the widest mark the
list had, so a list of "? check" only widened as one was ticked.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from tui.widgets.answer_feedback import checklist_rows

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé–’,.", min_size=1, max_size=12)
# (ticked, found): ✓ covered, ? check (found, doubted), ✗ missing
STATES = st.sampled_from([(True, True), (True, False), (False, True), (False, False)])


def text_columns(points: list[tuple[str, bool, bool]], width: int) -> list[int]:
    """The column where each point's text starts, as drawn `width` cells wide."""
    console = Console(width=width, color_system=None, legacy_windows=False)
    lines = [
        "".join(s.text for s in line) for line in console.render_lines(checklist_rows(points), pad=False)
    ]
    return [next(line.index(text) for line in lines if text in line) for text, _ticked, _found in points]


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(WORDS, min_size=1, max_size=12),
    states=st.lists(STATES, min_size=12, max_size=12),
    others=st.lists(STATES, min_size=12, max_size=12),
    width=st.integers(min_value=40, max_value=120),
)
def test_every_points_text_starts_in_one_column_whatever_is_ticked(texts, states, others, width):
    texts = [f"Point{n} {text}" for n, text in enumerate(texts, start=1)]
    points = [(text, *state) for text, state in zip(texts, states, strict=False)]
    columns = text_columns(points, width)
    assert len(set(columns)) == 1, (points, columns)
    # The same points with other marks (some ticked, some unticked): the texts stay where they were.
    marked_anew = [(text, *state) for text, state in zip(texts, others, strict=False)]
    assert text_columns(marked_anew, width) == columns


def test_ticking_a_doubted_point_moves_no_text():
    doubted = [("Lebensraum", False, True), ("hated Bolshevism", False, True)]
    ticked = [("Lebensraum", True, True), ("hated Bolshevism", False, True)]
    assert text_columns(doubted, 80) == text_columns(ticked, 80) == [14, 14]
