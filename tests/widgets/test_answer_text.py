"""Answers read as the notes mean them: `=` a consequence, `-` a bullet, the rest as written."""

from __future__ import annotations

from tui.widgets.answer_text import answer_lines, answer_text
from tui.widgets.highlight import highlighted


def test_marks_become_consequence_and_bullet():
    answer = "Alliance between Germany and Japan against the USSR\n- Italy join in 1937\n= stop the activities of comintern"
    assert answer_lines(answer) == [
        "Alliance between Germany and Japan against the USSR",
        "• Italy join in 1937",
        "⇒ stop the activities of comintern",
    ]


def test_other_lines_are_kept_as_written():
    answer = "Founded in Moscow 1919:\nEstonia, Latvia + Finland - in 1920\n  indented = still plain"
    assert answer_lines(answer) == [
        "Founded in Moscow 1919:",
        "Estonia, Latvia + Finland - in 1920",
        "  indented = still plain",
    ]


def test_answer_text_has_one_line_per_answer_line_and_highlights_terms():
    text = answer_text("Secret agreements\n= gain access to German technology", ("german",))
    assert text.plain == "Secret agreements\n⇒ gain access to German technology"
    styled = [text.plain[span.start : span.end] for span in text.spans if "reverse" in str(span.style)]
    assert styled == ["German"]


def test_highlighted_marks_every_occurrence_without_colour_alone():
    text = highlighted("Rapallo, then rapallo again", ("rapallo",))
    marked = [text.plain[span.start : span.end] for span in text.spans]
    assert marked == ["Rapallo", "rapallo"]
    assert all("bold" in str(span.style) and "reverse" in str(span.style) for span in text.spans)
