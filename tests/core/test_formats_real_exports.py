"""Decks students already have, as Anki, Quizlet and spreadsheets write them (issue 14, "Why").

Each test asserts the cards, topics and skipped records a student would expect.
"""

from __future__ import annotations

import pytest

from tests.deck_files import FIXTURES, write_deck
from tui.core.deck import DeckError
from tui.core.formats import load_deck


def qa(deck) -> list[tuple[str, str]]:
    return [(card.question, card.answer) for card in deck.cards]


def skips(deck) -> list[tuple[int | None, str]]:
    return [(record.line, record.reason.split(" — ")[0]) for record in deck.skipped]


# One bad record no longer refuses the whole deck.


def test_an_image_only_front_is_skipped_and_the_rest_loads(tmp_path):
    text = '#separator:tab\n#html:true\n<img src="pact.jpg">\tThe Nazi-Soviet pact\nRapallo\tA treaty\n'
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert qa(deck) == [("Rapallo", "A treaty")]
    assert skips(deck) == [(3, "its question is only a picture or a sound, which a terminal cannot show")]


def test_a_cloze_note_becomes_one_card_per_number(tmp_path):
    text = (
        "#separator:tab\n#html:true\n#notetype column:1\n"
        "Cloze\tThe {{c1::Treaty of Rapallo}} was signed in {{c2::1922::year}}\tWith Germany\n"
        "Basic\tComintern\tFounded 1919\n"
    )
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert qa(deck) == [
        ("The [...] was signed in 1922", "Treaty of Rapallo\nWith Germany"),
        ("The Treaty of Rapallo was signed in [year]", "1922\nWith Germany"),
        ("Comintern", "Founded 1919"),
    ]
    first, second = deck.cards[0].id, deck.cards[1].id
    assert second == f"{first}:2" and deck.skipped == ()


def test_a_quizlet_definition_over_several_lines_stays_one_card(tmp_path):
    text = "Rapallo\tTreaty with Germany\nsigned at Genoa\n1922\nComintern\tThird International\n"
    deck = load_deck(write_deck(tmp_path, text, "quizlet.txt"))
    assert qa(deck) == [
        ("Rapallo", "Treaty with Germany\nsigned at Genoa\n1922"),
        ("Comintern", "Third International"),
    ]


def test_a_field_over_128_kib_is_one_skipped_card_not_a_csv_error(tmp_path):
    long_answer = "word " * 30_000  # 150 KB, over the csv module's default field limit
    text = f'Rapallo\t"{long_answer}"\nGenoa\tConference\n'
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert [card.question for card in deck.cards] == ["Genoa"]
    assert [(record.line, record.reason) for record in deck.skipped] == [
        (
            1,
            "its answer is 149,999 characters long, over the 10,000 a card may hold"
            " — shorten it or split it into several cards",
        )
    ]


def test_an_answer_of_10000_characters_still_loads(tmp_path):
    long_answer = ("word " * 2_000).strip() + "s"  # exactly 10,000 characters
    deck = load_deck(write_deck(tmp_path, f"Rapallo\t{long_answer}\nGenoa\tConference\n", "export.txt"))
    assert [len(card.answer) for card in deck.cards] == [10_000, len("Conference")] and not deck.skipped


def test_two_cards_with_the_same_front_and_different_backs_are_both_kept(tmp_path):
    text = "Pact\tNazi-Soviet pact, 1939\nPact\tAnglo-Soviet treaty, 1942\n"
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert qa(deck) == [("Pact", "Nazi-Soviet pact, 1939"), ("Pact", "Anglo-Soviet treaty, 1942")]
    assert len({card.id for card in deck.cards}) == 2
    again = load_deck(write_deck(tmp_path, text, "copy.txt"))
    assert [card.id for card in again.cards] == [card.id for card in deck.cards]


# The Anki manual's text-file examples (docs.ankiweb.net, Importing > Text files).


def test_manual_semicolon_example_with_three_fields(tmp_path):
    deck = load_deck(write_deck(tmp_path, "foo bar;bar baz;baz quux\napple;banana;grape\n", "manual.txt"))
    assert qa(deck) == [("foo bar", "bar baz\nbaz quux"), ("apple", "banana\ngrape")]


def test_manual_quoted_multi_line_first_field(tmp_path):
    text = '"hello\nworld";this is a one line answer\ntwo;"a two line\nanswer"\n'
    deck = load_deck(write_deck(tmp_path, text, "manual.txt"))
    assert deck.format == "anki"
    assert qa(deck) == [("hello world", "this is a one line answer"), ("two", "a two line\nanswer")]


def test_manual_html_and_quote_examples(tmp_path):
    text = '#separator:Semicolon\n#html:true\nhello;<b>world</b>\n"a ""quoted"" word";"semi; colon"\n'
    deck = load_deck(write_deck(tmp_path, text, "manual.txt"))
    assert qa(deck) == [("hello", "world"), ('a "quoted" word', "semi; colon")]


def test_manual_headers_with_tags_and_deck_columns(tmp_path):
    text = (
        "#separator:Pipe\n#html:false\n#tags:imported\n#columns:Front|Back|Deck|Tags\n"
        "#deck column:3\n#tags column:4\n"
        "Rapallo|A treaty|History::Soviet|treaty 1922\n"
    )
    deck = load_deck(write_deck(tmp_path, text, "manual.txt"))
    assert qa(deck) == [("Rapallo", "A treaty")]
    assert deck.cards[0].tags == ("imported", "treaty", "1922")
    assert (deck.title, deck.cards[0].topic) == ("History / Soviet", "Soviet")


# Markup shown as text, with its structure.


def test_html_without_a_header_is_converted(tmp_path):
    text = "Rapallo\t<div>A treaty</div><div>with&nbsp;Germany &amp; Russia</div>\nGenoa\t[sound:genoa.mp3] A conference\n"
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert qa(deck) == [("Rapallo", "A treaty\nwith Germany & Russia"), ("Genoa", "[audio] A conference")]


def test_html_tables_and_lists_keep_their_shape(tmp_path):
    table = (
        "<table><tr><td>Molotov</td><td>Ribbentrop</td></tr><tr><td>USSR</td><td>Germany</td></tr></table>"
    )
    items = "<ul><li>Poland</li><li>Baltic states</li></ul>"
    text = f"#separator:tab\n#html:true\nWho signed?\t{table}\nWhat was divided?\t{items}\n"
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert qa(deck) == [
        ("Who signed?", "Molotov | Ribbentrop\nUSSR | Germany"),
        ("What was divided?", "• Poland\n• Baltic states"),
    ]


# Real export shapes.


def test_spreadsheet_saved_headers_are_accepted(tmp_path):
    text = "#separator:Comma,,\n#html:false,,\n#deck:Soviet foreign policy,,\nRapallo,A treaty,\nGenoa,A conference,\n"
    deck = load_deck(write_deck(tmp_path, text, "sheet.csv"))
    assert deck.title == "Soviet foreign policy"
    assert [card.question for card in deck.cards] == ["Rapallo", "Genoa"]
    assert [card.answer for card in deck.cards] == ["A treaty", "A conference"]


def test_quizlet_comma_export_keeps_commas_inside_definitions(tmp_path):
    text = "Rapallo,Treaty with Germany, 1922\nComintern,Third International\nGenoa,Conference on credits, loans, debts\n"
    deck = load_deck(write_deck(tmp_path, text, "quizlet.txt"))
    assert qa(deck) == [
        ("Rapallo", "Treaty with Germany, 1922"),
        ("Comintern", "Third International"),
        ("Genoa", "Conference on credits, loans, debts"),
    ]


def test_quizlet_semicolon_export_keeps_semicolons_and_colons(tmp_path):
    text = "Rapallo;Treaty: with Germany; 1922\nComintern;Third International\n"
    deck = load_deck(write_deck(tmp_path, text, "quizlet.txt"))
    assert qa(deck) == [("Rapallo", "Treaty: with Germany; 1922"), ("Comintern", "Third International")]


def test_separator_is_sniffed_over_many_lines_not_the_first(tmp_path):
    # The first line has a colon and a tab; the tab is the separator of every line.
    text = "Rapallo: the treaty\tGermany\n" + "".join(f"Card {i}\tAnswer {i}\n" for i in range(30))
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert deck.cards[0].question == "Rapallo: the treaty" and len(deck.cards) == 31


def test_an_unclosed_quote_hint_points_the_right_way(tmp_path):
    text = 'Rapallo\t"A treaty\nGenoa\tA conference\n'
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert qa(deck) == [("Genoa", "A conference")]
    ((line, reason),) = [(record.line, record.reason) for record in deck.skipped]
    assert line == 1 and "never ends" in reason and 'close it with a "' in reason


def test_nothing_loadable_is_still_an_error_naming_the_first_problem(tmp_path):
    with pytest.raises(DeckError) as caught:
        load_deck(write_deck(tmp_path, '#html:true\n<img src="a.png">\tx\n', "export.txt"))
    assert ":2: has no card that can be used: its question is only a picture" in str(caught.value)


def test_shipped_fixtures_still_load_unchanged():
    assert len(load_deck(FIXTURES / "source-notes.txt").cards) == 29
    assert len(load_deck(FIXTURES / "anki-export.txt").cards) == 5  # 4 notes, one of them reversed
    assert load_deck(FIXTURES / "quizlet.txt").skipped == ()


def test_a_quote_that_closes_on_a_later_line_is_reported_where_it_opens(tmp_path):
    text = 'Rapallo\t"Sign here, he said\nGenoa\t"Credits" and loans\nComintern\t1919\n'
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert qa(deck) == [("Comintern", "1919")]
    ((line, reason),) = [(record.line, record.reason) for record in deck.skipped]
    assert line == 1 and reason.startswith("the quoted field that opens here ends on line 2")


def test_cloze_edge_cases_are_cards_or_say_what_to_fix(tmp_path):
    text = "#separator:tab\n{{c0::zero}} is not a cloze number\tso a plain card\nThe {{c1::}} is empty\t\n"
    deck = load_deck(write_deck(tmp_path, text, "export.txt"))
    assert qa(deck) == [("{{c0::zero}} is not a cloze number", "so a plain card")]
    assert [(record.line, record.reason) for record in deck.skipped] == [
        (3, "this card has no answer — write the hidden text inside {{c1::...}}")
    ]


def test_a_spreadsheet_header_row_is_not_a_card(tmp_path):
    deck = load_deck(
        write_deck(tmp_path, "Question,Answer\nRapallo,A treaty\nGenoa,A conference\n", "sheet.csv")
    )
    assert qa(deck) == [("Rapallo", "A treaty"), ("Genoa", "A conference")]
    kept = load_deck(write_deck(tmp_path, "Term\tMeaning of the term\nRapallo\tA treaty\n", "words.txt"))
    assert qa(kept)[0] == ("Term", "Meaning of the term")  # a real card that only starts like one
