"""Deck text shown inertly: no escape sequence or control character survives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.display import cell_width, cut_to_width, display_safe, is_display_safe

HOSTILE = {
    "OSC title": "\x1b]0;PWNED\x07",
    "OSC 52 clipboard": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "CSI clear": "\x1b[2J\x1b[H",
    "leave the alternate screen": "\x1b[?1049l",
    "cursor move": "\x1b[10;10H",
    "C1 CSI": "\x9b2J",
    "bell and backspace": "\x07\x08",
}


def test_every_hostile_sequence_is_shown_not_obeyed():
    for name, sequence in HOSTILE.items():
        shown = display_safe(f"Treaty{sequence} of Rapallo")
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown, name
        assert shown.startswith("Treaty") and shown.endswith(" of Rapallo"), name
        assert is_display_safe(shown), name


def test_escape_is_visible_so_the_student_sees_something_was_there():
    assert display_safe("a\x1b]0;x\x07b") == "a␛]0;x␇b"


def test_tabs_expand_and_newlines_stay_or_fold():
    assert display_safe("a\tb\nc") == "a   b\nc"
    assert display_safe("one\ntwo", keep_newlines=False) == "one two"


def test_bidi_overrides_are_dropped():
    assert display_safe("abc\u202edcb") == "abcdcb"


def test_ordinary_history_text_is_unchanged():
    text = "Molotov–Ribbentrop Pact (1939) = “spheres of influence” · ✓ Łódź [bold]x[/]"
    assert display_safe(text) == text


@given(st.text())
def test_any_text_comes_out_safe_and_stable(text):
    shown = display_safe(text)
    assert is_display_safe(shown)
    assert display_safe(shown) == shown
    assert "\n" not in display_safe(text, keep_newlines=False)


def test_joined_emoji_are_shown_as_their_parts_and_joined_letters_stay():
    family, flag = "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f3f3\ufe0f\u200d\U0001f308"
    assert display_safe(f"a {family} b") == "a \U0001f468\U0001f469\U0001f467 b"
    assert display_safe(flag) == "\U0001f3f3\ufe0f\U0001f308"  # the joiner after an emoji's selector
    assert display_safe("क्\u200dष") == "क्\u200dष"  # Devanagari shaping keeps its joiner
    assert is_display_safe(display_safe(family)) and not is_display_safe(family)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40), st.integers(0, 30))
def test_a_cut_fits_its_width_and_is_the_text_s_own_start(text, width):
    cut = cut_to_width(text, width)
    assert cell_width(cut) <= width or width < 1
    if cut != text:
        assert cut == "" or (cut.endswith("…") and text.startswith(cut[:-1]))


def test_wide_characters_take_two_cells_and_accents_none():
    assert cell_width("日本") == 4 and cell_width("e\u0301") == 1
    assert cut_to_width("日本語の質問", 5) == "日本…"
    assert cut_to_width("Treaty of Rapallo", 10) == "Treaty of…"
    assert cut_to_width("Rapallo", 7) == "Rapallo"
