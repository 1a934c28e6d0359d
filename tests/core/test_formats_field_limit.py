"""A card text over 10,000 characters is one skipped card, named with its place, in every format.

The trial's deck had a 5 MB answer on one line: it loaded, and every screen that touched it took
seconds per key. Now that card is left out and listed; the rest of the deck opens.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.anki_packages import CLOZE, Note, write_package
from tui.cli import main
from tui.core.deck import DeckError
from tui.core.formats import load_deck
from tui.core.formats.field_limit import MAX_FIELD_CHARS
from tui.core.search import SearchIndex

HUGE = "zanzibarian " * 420_000  # 5,040,000 characters on one line, one word no other card has
LONG = "zanzibarian " * 20_000  # 240,000 characters: TOML decks parse it faster than the 5 MB one
SHORTEN = "shorten it or split it into several cards"


def toml_string(text: str) -> str:
    return json.dumps(text)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def native_deck(folder: Path, huge: str = LONG, field: str = "answer") -> Path:
    cards = []
    for number, (question, answer) in enumerate(
        [("When was Rapallo?", "1922"), ("Huge card?", "short"), ("When was Locarno?", "1925")], 1
    ):
        extra = ""
        if number == 2:
            if field == "answer":
                answer = huge
            elif field == "question":
                question = huge
            else:
                extra = f"{field} = [{toml_string(huge)}]\n"
        cards.append(
            f'[[cards]]\nid = "c{number}"\ntopic = "Diplomacy"\n'
            f"question = {toml_string(question)}\nanswer = {toml_string(answer)}\n{extra}"
        )
    return write(folder, "deck.toml", 'title = "Treaties"\n\n' + "\n".join(cards))


def assert_skipped_once(deck, path: Path, line: int | None, what: str, length: int) -> str:
    (record,) = deck.skipped
    assert (record.path, record.line) == (str(path), line)
    assert f"its {what} is {length:,} characters long, over the 10,000 a card may hold" in record.reason
    assert record.reason.endswith(SHORTEN)
    assert len(record.reason) < 300  # never the text itself
    return record.reason


def test_native_deck_skips_the_card_with_the_huge_answer_and_names_its_line(tmp_path):
    path = native_deck(tmp_path)
    deck = load_deck(path, cached=False)
    assert [card.id for card in deck.cards] == ["c1", "c3"]
    reason = assert_skipped_once(deck, path, 9, "answer", len(LONG))
    assert reason.startswith("card 2: ")


@pytest.mark.parametrize(
    ("field", "what"), [("question", "question"), ("points", "mark point"), ("accept", "accepted answer")]
)
def test_native_deck_checks_questions_mark_points_and_accepted_answers(tmp_path, field, what):
    long_text = "x" * (MAX_FIELD_CHARS + 1)
    path = native_deck(tmp_path, long_text, field)
    deck = load_deck(path, cached=False)
    assert [card.id for card in deck.cards] == ["c1", "c3"]
    assert_skipped_once(deck, path, 9, what, MAX_FIELD_CHARS + 1)


def test_notes_deck_skips_the_card_and_names_the_question_line(tmp_path):
    path = write(
        tmp_path, "notes.txt", f"When was Rapallo?\n\n1922\n\n\nHuge card?\n\n{HUGE}\n\n\nLocarno?\n\n1925\n"
    )
    deck = load_deck(path, cached=False)
    assert [card.question for card in deck.cards] == ["When was Rapallo?", "Locarno?"]
    assert_skipped_once(deck, path, 6, "answer", len(HUGE.strip()))


def test_anki_text_export_skips_the_record_and_names_its_line(tmp_path):
    path = write(tmp_path, "export.txt", f"#separator:tab\nRapallo\t1922\nHuge\t{HUGE}\nLocarno\t1925\n")
    deck = load_deck(path, cached=False)
    assert [card.question for card in deck.cards] == ["Rapallo", "Locarno"]
    assert_skipped_once(deck, path, 3, "answer", len(HUGE.strip()))


def test_anki_package_skips_the_note_and_names_it(tmp_path):
    notes = [
        Note(["Rapallo", "1922"], guid="g1"),
        Note(["Huge", "y" * 20_000], guid="g2"),
        Note(["{{c1::Locarno}} was signed in 1925", ""], CLOZE, guid="g3"),
    ]
    path = write_package(tmp_path / "deck.apkg", notes)
    deck = load_deck(path, cached=False)
    assert [card.id for card in deck.cards] == ["g1", "g3"]
    reason = assert_skipped_once(deck, path, None, "answer", 20_000)
    assert reason.startswith("note g2, card 1: ")


def test_a_topic_over_the_limit_is_caught_after_any_format(tmp_path):
    path = write(
        tmp_path, "notes.txt", f"## {'t' * 10_001}\n\nHuge topic?\n\nyes\n\n\n## Fine\n\nOk?\n\nyes\n"
    )
    deck = load_deck(path, cached=False)
    assert [card.question for card in deck.cards] == ["Ok?"]
    assert [topic.name for topic in deck.topics] == ["Fine"]
    assert_skipped_once(deck, path, None, "topic", 10_001)


def test_a_deck_whose_only_card_is_too_long_is_refused_with_the_reason(tmp_path):
    path = write(tmp_path, "one.txt", f"Huge?\n\n{HUGE}\n")
    with pytest.raises(DeckError) as caught:
        load_deck(path, cached=False)
    message = str(caught.value)
    assert message.startswith(f"{path}:1: has no card that can be used: its answer is 5,039,999 characters")
    assert len(message) < 400


def test_the_search_index_and_the_deck_never_hold_the_huge_text(tmp_path):
    deck = load_deck(native_deck(tmp_path), cached=False)
    assert SearchIndex(deck).search("zanzibarian").cards == []
    assert max(len(text) for card in deck.cards for text in (card.question, card.answer)) < 100


def test_the_skipped_card_comes_back_skipped_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    path = native_deck(tmp_path)
    first, second = load_deck(path), load_deck(path)
    assert [card.id for card in second.cards] == ["c1", "c3"]
    assert second.skipped == first.skipped and len(second.skipped) == 1


def test_revise_check_lists_the_card_and_exits_0(capsys, tmp_path):
    path = native_deck(tmp_path, HUGE)  # the trial's 5 MB answer
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 cards · 1 topic" in out
    assert out.endswith(
        "Skipped 1 record (not loaded; fix them and check again):\n"
        f"  {path}:9: card 2: its answer is 5,040,000 characters long, over the 10,000 a card may hold"
        f" — {SHORTEN}\n"
    )
    assert len(out) < 5_000


@settings(max_examples=40, deadline=None)
@given(length=st.integers(min_value=1, max_value=MAX_FIELD_CHARS + 50))
def test_a_field_loads_exactly_when_it_is_within_the_limit(tmp_path_factory, length):
    folder = tmp_path_factory.mktemp("limit")
    path = write(folder, "export.txt", f"#separator:tab\nQ\t{'a' * length}\nOther\tcard\n")
    deck = load_deck(path, cached=False)
    assert (len(deck.cards) == 2) == (length <= MAX_FIELD_CHARS)
    assert len(deck.skipped) == (length > MAX_FIELD_CHARS)


def test_a_native_event_label_over_the_limit_skips_its_card(tmp_path):
    label = "l" * (MAX_FIELD_CHARS + 1)
    path = write(
        tmp_path,
        "deck.toml",
        'title = "T"\n[[cards]]\nid = "a"\ntopic = "t"\nquestion = "Q?"\nanswer = "1922"\n'
        f'event = {{ date = "1922", label = "{label}" }}\n'
        '[[cards]]\nid = "b"\ntopic = "t"\nquestion = "R?"\nanswer = "1925"\n',
    )
    deck = load_deck(path, cached=False)
    assert [card.id for card in deck.cards] == ["b"] and deck.events == []
    assert_skipped_once(deck, path, 2, "event label", MAX_FIELD_CHARS + 1)


def test_an_anki_guid_over_the_limit_skips_its_card_without_quoting_it(tmp_path):
    guid = "g" * (MAX_FIELD_CHARS + 1)
    path = write(
        tmp_path, "export.txt", f"#separator:tab\n#guid column:3\nRapallo\t1922\t{guid}\nGenoa\t1922\tg2\n"
    )
    deck = load_deck(path, cached=False)
    assert [card.id for card in deck.cards] == ["g2"]
    reason = assert_skipped_once(deck, path, None, "id", MAX_FIELD_CHARS + 1)
    assert reason.startswith(f"card {'g' * 80!r}: ")
