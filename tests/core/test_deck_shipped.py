"""The shipped deck: every card of the student's notes, grouped, dated and corrected only where listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

NOTES = Path(__file__).parent.parent / "fixtures" / "decks" / "source-notes.txt"
# The corrections the deck's header comment lists, applied to the notes' text.
CORRECTIONS = [
    ("When did the USSR recognise the USSR?", "When did the USA recognise the USSR?"),
    ("Russo-Finish", "Russo-Finnish"),
    ("Leingrad", "Leningrad"),
    ("scotched earth", "scorched earth"),
    ("boosted moral ", "boosted morale "),
    ("NII", "Nicholas II"),
    ("During all crops", "Burning all crops"),
]


@pytest.fixture(scope="module")
def shipped():
    return load_deck(shipped_deck_path())


@pytest.fixture(scope="module")
def notes():
    return load_deck(NOTES)


def corrected(text: str) -> str:
    for wrong, right in CORRECTIONS:
        text = text.replace(wrong, right)
    return text


def test_shipped_deck_has_every_card_of_the_notes_in_order(shipped, notes):
    assert len(shipped.cards) == len(notes.cards) == 29
    assert [card.question for card in shipped.cards] == [corrected(card.question) for card in notes.cards]


def test_shipped_answers_keep_the_notes_line_for_line(shipped, notes):
    for ours, theirs in zip(shipped.cards, notes.cards):
        assert ours.answer.split("\n") == corrected(theirs.answer).split("\n"), ours.id


def test_every_correction_is_listed_in_the_deck_comment():
    header = "\n".join(
        line for line in shipped_deck_path().read_text(encoding="utf-8").splitlines() if line.startswith("#")
    )
    for wrong, right in CORRECTIONS:
        assert wrong.strip() in header and right.strip() in header


def test_shipped_deck_topics_run_in_chronological_order(shipped):
    assert len(shipped.topics) >= 5
    first_years = []
    for topic in shipped.topics:
        years = [e.sort_key for e in shipped.events_in([topic.name])]
        if years:
            first_years.append(min(years))
    assert first_years == sorted(first_years)
    assert len(first_years) >= 4


def test_shipped_deck_ids_are_stable_readable_slugs(shipped):
    ids = [card.id for card in shipped.cards]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", card_id) and len(card_id) <= 32 for card_id in ids)
    assert shipped.id == "soviet-foreign-policy"


def test_shipped_deck_has_dated_events_linked_to_their_cards(shipped):
    assert len(shipped.events) >= 15
    for event in shipped.events:
        card = shipped.card(event.card_id)
        assert str(event.sort_key) in card.question + card.answer or event.card_id == "russo-finnish-war"
        for year in re.findall(r"\d{4}", event.date):
            assert year not in event.label
        assert not re.search(r"\b\d{4}\b", event.label), event.label
    by_card = {event.card_id: event.date for event in shipped.events}
    expected = {
        "comintern-1919": "1919",
        "first-recognitions-1920": "1920",
        "genoa-1922": "1922",
        "rapallo-1922": "1922",
        "britain-recognition-1924": "1924",
        "france-recognition-1924": "1924",
        "usa-recognition-1933": "1933",
        "anti-comintern-1936": "1936",
        "czech-crisis-1938": "1938",
        "nazi-soviet-pact-1939": "1939",
        "kursk-1943": "1943",
        "stalingrad-1942-43": "1942-43",
        "leningrad-siege-1941-44": "1941-44",
    }
    assert {card: by_card.get(card) for card in expected} == expected
