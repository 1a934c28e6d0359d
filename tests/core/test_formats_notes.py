"""Plain revision notes: the student's own file loads as-is; headings make topics."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.deck_files import FIXTURES, write_deck
from tui.core.deck import DeckError
from tui.core.formats import load_deck


def write(tmp_path, text: str, name: str = "notes.txt") -> Path:
    return write_deck(tmp_path, text, name)


def test_source_notes_load_as_is_with_answers_line_for_line():
    deck = load_deck(FIXTURES / "source-notes.txt")
    assert (deck.format, deck.title) == ("notes", "Source notes")
    assert deck.id.startswith("deck-")  # no `# Title`: named by its cards, not its file name
    assert len(deck.cards) == 29
    assert [t.name for t in deck.topics] == ["All cards"]
    barbarossa = deck.cards[15]
    assert barbarossa.question == "What caused the failure of Operation Barbarossa?"
    assert barbarossa.answer.split("\n") == [
        "- Fighting on 2 fronts",
        "- Hitler's arrogance + compliance",
        "- Scorched earth policy + cold weather",
        "- Infrastructure",
    ]
    assert deck.cards[-1].answer == "Had the sense to let his generals have real freedom to direct the war"


def test_every_answer_line_of_the_notes_survives():
    text = (FIXTURES / "source-notes.txt").read_text(encoding="utf-8")
    deck = load_deck(FIXTURES / "source-notes.txt")
    loaded = {line for card in deck.cards for line in [card.question, *card.answer.split("\n")]}
    assert {line.rstrip() for line in text.splitlines() if line.strip()} == loaded


def test_source_notes_when_questions_become_events():
    deck = load_deck(FIXTURES / "source-notes.txt")
    assert [(e.date, e.label) for e in deck.events] == [
        ("1924", "When did Britain recognise the USSR?"),
        ("1933", "When did the USSR recognise the USSR?"),
    ]
    assert deck.card(deck.events[0].card_id).question == "When did Britain recognise the USSR?"


def test_title_and_topic_headings():
    deck = load_deck(FIXTURES / "notes-with-topics.md")
    assert deck.title == "Soviet foreign policy"
    assert [(t.name, len(t.card_ids)) for t in deck.topics] == [("Early diplomacy", 2), ("Recognition", 2)]
    britain = deck.cards[2]
    assert britain.question == "When did Britain recognise the USSR?"
    assert britain.topic == "Recognition"
    # An answer may hold a single blank line; it is kept.
    assert deck.cards[3].answer == "- the Zinoviev letter\n\n- no relations until 1930"


def test_a_title_without_headings_names_the_one_topic(tmp_path):
    deck = load_deck(write(tmp_path, "# My notes\n\nQ one?\n\nA one\n\n\nQ two?\n\nA two\n"))
    assert deck.title == "My notes"
    assert [(t.name, len(t.card_ids)) for t in deck.topics] == [("My notes", 2)]


def test_windows_line_endings_and_bom_are_fine(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes("\ufeffQ one?\r\n\r\nA one\r\n\r\n\r\nQ two?\r\n\r\nA two\r\n".encode("utf-8"))
    deck = load_deck(path)
    assert [(c.question, c.answer) for c in deck.cards] == [("Q one?", "A one"), ("Q two?", "A two")]


def test_card_ids_survive_edits_elsewhere_in_the_file(tmp_path):
    before = load_deck(write(tmp_path, "Q one?\n\nA one\n\n\nQ two?\n\nA two\n", "a.txt"))
    after = load_deck(
        write(
            tmp_path,
            "## New topic\n\nQ zero?\n\nA\n\n\nQ  ONE?\n\nA one, improved\n\n\nQ two?\n\nA two\n",
            "b.txt",
        )
    )
    assert [c.id for c in before.cards] == [c.id for c in after.cards][1:]


def test_question_without_answer_is_skipped_with_its_line(tmp_path):
    deck = load_deck(write(tmp_path, "Q one?\n\nA one\n\n\nQ two?\n\n\nQ three?\n\nA three\n"))
    assert [card.question for card in deck.cards] == ["Q one?", "Q three?"]
    ((line, reason),) = [(record.line, record.reason) for record in deck.skipped]
    assert line == 6 and reason.startswith("this question has no answer — write the question, one blank line")


def test_nothing_but_questions_is_refused_naming_the_first(tmp_path):
    with pytest.raises(DeckError) as caught:
        load_deck(write(tmp_path, "Q one?\n\n\nQ two?\n"))
    assert str(caught.value).startswith(
        f"{tmp_path / 'notes.txt'}:1: has no card that can be used (2 records skipped; this is the first): "
        "this question has no answer"
    )


def test_the_same_question_twice_keeps_both_answers_and_skips_exact_copies(tmp_path):
    deck = load_deck(write(tmp_path, "Q one?\n\nA\n\n\nQ two?\n\nB\n\n\nq ONE\n\nC\n\n\nQ one?\n\nA\n"))
    assert [(card.question, card.answer) for card in deck.cards] == [
        ("Q one?", "A"),
        ("Q two?", "B"),
        ("q ONE", "C"),
    ]
    assert deck.cards[2].id.startswith(deck.cards[0].id + "~")
    assert [(record.line, record.reason) for record in deck.skipped] == [
        (16, "this card is already written at line 1 — remove one of the copies")
    ]


def test_headings_alone_are_no_cards(tmp_path):
    with pytest.raises(DeckError) as caught:
        load_deck(write(tmp_path, "# Title\n\n## Topic\n\n## Another\n", "n.md"), "notes")
    assert "has no cards" in str(caught.value)


SLOPPY = "# Sloppy\n\nWhen did Lenin die?\n\n1924\n\nWho replaced him?\n\nStalin\n\nWhat was the NEP?\n\nNew Economic Policy\n"


def test_one_blank_line_between_cards_keeps_the_format_but_warns_where(tmp_path):
    deck = load_deck(write(tmp_path, SLOPPY, "n.txt"), "notes")
    assert len(deck.cards) == 1  # the format's rule stands: one blank line joins the answer
    [warning] = deck.warnings
    assert (warning.path, warning.line) == (str(tmp_path / "n.txt"), 7)
    assert "'Who replaced him?'" in warning.reason and "two blank lines" in warning.reason


def test_an_answer_in_paragraphs_or_ending_in_a_question_is_no_warning(tmp_path):
    text = "Why did the Reds win?\n\nUnity\n\nWere the Whites divided?\n\n\nWhat next?\n\nNEP\n"
    assert load_deck(write(tmp_path, text, "n.txt"), "notes").warnings == ()
    assert load_deck(FIXTURES / "source-notes.txt", "notes").warnings == ()


def test_warnings_survive_the_deck_cache(tmp_path):
    path = write(tmp_path, SLOPPY, "n.txt")
    first = load_deck(path, "notes")
    assert load_deck(path, "notes").warnings == first.warnings != ()


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

line_text = (
    st.text(
        # invisible format characters (zero-width, bidi controls: category Cf) are dropped at load on
        # purpose (tests/core/test_formats_sanitising.py), so they cannot round-trip here
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp"), blacklist_characters="#\x85\ufeff"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)), deadline=None)
@given(
    cards=st.lists(
        st.tuples(line_text, st.lists(line_text, min_size=1, max_size=4)),
        min_size=1,
        max_size=6,
        unique_by=lambda card: card[0].casefold(),
    )
)
def test_notes_round_trip_any_questions_and_answer_lines(tmp_path_factory, cards):
    from tui.core.deck import normalise_question

    if len({normalise_question(q) for q, _ in cards}) < len(cards):
        return  # two questions that differ only in punctuation are the same card
    text = "\n\n\n".join(q + "\n\n" + "\n".join(answer) for q, answer in cards) + "\n"
    path = tmp_path_factory.mktemp("notes") / "n.txt"
    path.write_text(text, encoding="utf-8")
    deck = load_deck(path, "notes")
    assert [(c.question, c.answer.split("\n")) for c in deck.cards] == [(q, answer) for q, answer in cards]
