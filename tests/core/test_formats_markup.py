"""HTML to text, cloze deletions and control characters: units, and fuzzing of whole decks."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.deck import Deck, DeckError
from tui.core.formats import parse
from tui.core.formats.cloze import cloze_card, cloze_numbers, reveal
from tui.core.formats.html_text import (
    field_text,
    html_to_text,
    looks_like_html,
    only_placeholders,
    strip_controls,
    without_placeholders,
)


def test_blocks_and_breaks_become_lines_without_blank_ones_between_items():
    assert html_to_text("<div>One</div><div>Two</div>") == "One\nTwo"
    assert html_to_text("One<br>Two<br><br>Three") == "One\nTwo\n\nThree"
    assert html_to_text("<p>One</p>\n<p>Two</p>") == "One\nTwo"
    assert html_to_text("Intro<ol><li>a</li>\n<li>b</li></ol>End") == "Intro\n• a\n• b\nEnd"


def test_table_cells_are_separated_and_rows_are_lines():
    table = (
        "<table><tr><th>Who</th><th>Post</th></tr><tr><td>Molotov</td><td>Foreign minister</td></tr></table>"
    )
    assert html_to_text(table) == "Who | Post\nMolotov | Foreign minister"


def test_entities_images_sounds_and_scripts():
    assert html_to_text("Tom &amp; Jerry&nbsp;&lt;3 &#8212; &eacute;") == "Tom & Jerry <3 — é"
    assert html_to_text('<img src="media/pact.jpg"> [sound:speech.mp3]') == "[image: pact.jpg] [audio]"
    assert html_to_text("<style>.x{}</style><script>alert(1)</script>kept") == "kept"


def test_placeholders_can_be_ignored_by_marking():
    assert without_placeholders("The [image: map.png] pact [audio]") == "The pact"
    assert only_placeholders("[image: map.png] [audio]") and not only_placeholders("[image: a.png] map")


def test_html_is_detected_only_from_real_tags_and_entities():
    assert (
        looks_like_html("a<br>b") and looks_like_html("AT&amp;T") and looks_like_html("<DIV class=x>y</DIV>")
    )
    assert (
        not looks_like_html("x < y and y > z")
        and not looks_like_html("R&D; <3")
        and not looks_like_html("a <b")
    )
    assert field_text("x < y <br> z", None) == "x < y\nz"
    assert field_text("x < y <br> z", False) == "x < y <br> z"


def test_control_characters_and_escape_sequences_are_removed():
    hostile = "\x1b]0;PWNED\x07Title\x1b[2J\x1b[?1049l clear\x9b\x1b]52;c;aGk=\x07 ok\x00\x08\x7f\r\nnext"
    assert strip_controls(hostile) == "Title clear ok\nnext"
    assert field_text("a\x1b[31mred\x1b[0m\tb", None) == "ared\tb"


def test_cloze_numbers_hints_and_other_deletions():
    text = "{{c1::Molotov}} and {{c2::Ribbentrop::German}} signed in {{c1::1939}}"
    assert cloze_numbers(text) == [1, 2]
    assert cloze_card(text, 1) == ("[...] and Ribbentrop signed in [...]", "Molotov … 1939")
    assert cloze_card(text, 2) == ("Molotov and [German] signed in 1939", "Ribbentrop")
    assert reveal(text) == "Molotov and Ribbentrop signed in 1939"


def test_nested_multi_number_and_unclosed_clozes():
    assert cloze_card("{{c1::The {{c2::Soviet}} Union}}", 2) == ("The [...] Union", "Soviet")
    assert cloze_card("{{c1,2::Moscow}} was the capital", 2) == ("[...] was the capital", "Moscow")
    assert cloze_numbers("{{c1::never closed") == []
    assert reveal("{{c1::never closed") == "{{c1::never closed"


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TAG = re.compile(r"</?(?:b|i|div|br|span|img|li|ul|td|tr|table|p|script)\b[^<>]*>", re.IGNORECASE)
PIECES = [
    "<b>",
    "</b>",
    "<div>",
    "</div>",
    "<br>",
    "<br/>",
    "<img src='x.png'>",
    "<img>",
    "<table><tr><td>",
    "</td><td>",
    "</td></tr></table>",
    "<ul><li>",
    "</li></ul>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<",
    ">",
    "&amp;",
    "&nbsp;",
    "&#27;",
    "&#x9b;",
    "&bogus;",
    "[sound:a.mp3]",
    "{{c1::",
    "{{c2::",
    "::hint",
    "}}",
    "{{",
    "\x1b]0;x\x07",
    "\x1b[2J",
    "\x9b",
    "\x00",
    "\x07",
    "\r",
    "\n",
    "\t",
    ",",
    ";",
    '"',
    "word",
    "1922",
    " ",
]
markup = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=30).map("".join)
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)), deadline=None)


def assert_display_safe(deck: Deck) -> None:
    for card in deck.cards:
        for text in (card.question, card.answer, card.topic):
            assert not CONTROL.search(text), repr(text)
            assert not TAG.search(text), repr(text)


@FUZZ
@given(value=markup)
def test_random_markup_converts_to_text_without_tags_or_controls(value):
    text = field_text(value, True)
    assert not CONTROL.search(text) and not TAG.search(text)
    assert not CONTROL.search(field_text(value, None))


@FUZZ
@given(
    rows=st.lists(st.tuples(markup, markup), min_size=1, max_size=5),
    separator=st.sampled_from(["\t", ",", ";"]),
    header=st.sampled_from(["", "#html:true\n", "#separator:Comma,,\n#html:true,,\n", "#separator:tab\n"]),
    quoted=st.booleans(),
)
def test_random_html_cloze_and_delimited_text_never_raise_or_leak(rows, separator, header, quoted):
    out = io.StringIO()
    if quoted:
        csv.writer(out, delimiter=separator, lineterminator="\n").writerows(rows)
        body = out.getvalue()
    else:
        body = "".join(f"{q}{separator}{a}\n" for q, a in rows)
    try:
        deck = parse(header + body, Path("fuzz.txt"), "anki")
    except DeckError:
        return
    assert deck.cards and len({card.id for card in deck.cards}) == len(deck.cards)
    assert_display_safe(deck)  # with #html:true, and without (markup is detected)


def test_every_format_loads_without_control_characters(tmp_path):
    from tui.core.formats import load_deck

    notes = tmp_path / "notes.txt"
    notes.write_text("# Ti\x1b]0;PWNED\x07tle\n\nWhen\x1b[2J?\n\nIn 1924\x07\n", encoding="utf-8")
    deck = load_deck(notes)
    assert (deck.title, deck.cards[0].question, deck.cards[0].answer) == ("Title", "When?", "In 1924")
    toml = tmp_path / "deck.toml"
    toml.write_text(
        'title = "T\\u001b[31mitle"\n[[cards]]\nid = "a"\ntopic = "To\\u009bpic"\n'
        'question = "Q\\u001b]52;c;aGk=\\u0007?"\nanswer = "A"\n',
        encoding="utf-8",
    )
    deck = load_deck(toml)
    assert (deck.title, deck.topics[0].name, deck.cards[0].question) == ("Title", "Topic", "Q?")


def test_an_image_between_words_keeps_them_apart():
    from tui.core.formats.html_text import html_to_text

    assert (
        html_to_text('Italy joined in 1937<img src="x.jpg">then left')
        == "Italy joined in 1937 [image: x.jpg] then left"
    )
