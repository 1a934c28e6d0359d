"""A loaded deck holds the text the student is shown: no escape sequence (whole, not just its ESC),
no control character, no bidi override, no emoji glued by joiners; ids derived from that text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.display import display_safe, split_emoji_joins
from tui.core.formats import load_deck
from tui.core.formats.safe_text import strip_controls

OSC_TITLE = "\x1b]0;PWNED\x07"
CSI_RED, CSI_RESET = "\x1b[31m", "\x1b[0m"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧
FAMILY_PARTS = "\U0001f468\U0001f469\U0001f467"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def toml_string(text: str) -> str:
    """A TOML basic string: controls, quotes and backslashes escaped, everything else as it is."""
    return (
        '"'
        + "".join(
            f"\\u{ord(char):04x}" if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char in '"\\' else char
            for char in text
        )
        + '"'
    )


def native(folder: Path, title: str, question: str = "Q?", answer: str = "A") -> Path:
    return write(
        folder,
        "deck.toml",
        f'title = {toml_string(title)}\n[[cards]]\nid = "c1"\ntopic = "T"\n'
        f"question = {toml_string(question)}\nanswer = {toml_string(answer)}\n",
    )


@pytest.mark.parametrize(
    ("title", "expected_id"),
    [
        (f"Hostile {OSC_TITLE}deck", "hostile-deck"),
        (f"{CSI_RED}Red{CSI_RESET} notes", "red-notes"),
        (f"Treaties{RLO} 1922", "treaties-1922"),
    ],
)
def test_a_native_deck_id_comes_from_the_title_as_shown(tmp_path, title, expected_id):
    deck = load_deck(native(tmp_path, title), cached=False)
    assert deck.id == expected_id
    assert "pwned" not in deck.id and "31m" not in deck.id
    assert deck.title == display_safe(deck.title)  # what is kept is what is shown


def test_a_notes_deck_id_and_card_ids_come_from_the_text_as_shown(tmp_path):
    path = write(
        tmp_path,
        "notes.txt",
        f"# Hostile {OSC_TITLE}deck\n\nWhen was {CSI_RED}Rapallo{CSI_RESET}?\n\n1922\n",
    )
    deck = load_deck(path, cached=False)
    assert deck.id == "hostile-deck" and deck.title == "Hostile deck"
    assert [card.id for card in deck.cards] == ["when-was-rapallo"]
    assert deck.cards[0].question == "When was Rapallo?"


def test_bidi_overrides_and_isolates_are_removed_from_every_text(tmp_path):
    deck = load_deck(
        native(tmp_path, f"Deck{RLO}", f"Who{RLO} signed?", "Chicherin\u2066 and\u2069 Rathenau")
    )
    card = deck.cards[0]
    assert (deck.title, card.question, card.answer) == ("Deck", "Who signed?", "Chicherin and Rathenau")


def test_joined_emoji_become_their_parts_and_letters_keep_their_joiner(tmp_path):
    devanagari = "क्\u200dष"  # a joiner that shapes letters: not an emoji sequence
    deck = load_deck(native(tmp_path, "Deck", f"Family {FAMILY}?", f"{devanagari} {FAMILY}"), cached=False)
    assert deck.cards[0].question == f"Family {FAMILY_PARTS}?"
    assert deck.cards[0].answer == f"{devanagari} {FAMILY_PARTS}"


def test_zero_width_characters_are_removed_but_a_non_joiner_between_letters_stays(tmp_path):
    from rich.cells import cell_len

    persian = "می\u200cخواهم"  # a non-joiner that shapes Persian letters
    answer = f"Sunny ☀️ all day\u200b,\u2060 then rain\u200c 🌧️\ufeff and {persian}"
    card = load_deck(native(tmp_path, "Deck\u200b", "Weather\u200e?", answer), cached=False).cards[0]
    assert (card.question, card.answer) == ("Weather?", f"Sunny ☀️ all day, then rain 🌧️ and {persian}")
    # every character left has a width of its own as Rich counts it: no invisible cells
    assert all(cell_len(char) for char in card.answer if char not in "\ufe0f\u200c")


def test_every_import_format_drops_them_too(tmp_path):
    export = write(tmp_path, "export.txt", f"#separator:tab\nWho{RLO}?\t{FAMILY} {CSI_RED}red\n")
    card = load_deck(export, cached=False).cards[0]
    assert (card.question, card.answer) == ("Who?", f"{FAMILY_PARTS} red")


HOSTILE_CHARS = st.sampled_from(
    [
        *("\x1b", "\x07", "\x9b", "\x00", "\r", "\u202a", "\u202e", "\u2066", "\u2069", "\u200d"),
        *("\u200b", "\u200c", "\u2060", "\ufeff", "\u200f", "[", ";", "0"),
    ]
)
TEXT = st.lists(
    st.one_of(HOSTILE_CHARS, st.sampled_from(["a", "Z", " ", "é", "\U0001f468", "\ufe0f", "क"])), max_size=30
).map("".join)


@given(TEXT)
def test_cleaning_is_what_display_shows_and_is_stable(text):
    cleaned = strip_controls(text)
    assert strip_controls(cleaned) == cleaned
    assert display_safe(cleaned) == cleaned  # the screens show exactly what the deck keeps
    assert split_emoji_joins(cleaned) == cleaned
