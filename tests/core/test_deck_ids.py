"""Stable card ids from questions, and dated events derived from "When ...?" cards."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tui.core.deck import Card, card_id_for, derive_event, first_year, mask_years, normalise_question


def test_card_id_is_a_readable_slug_of_the_question():
    assert card_id_for("What was the Treaty of Rapallo 1922?") == "what-was-the-treaty-of-rapallo-1922"
    assert card_id_for("  What was   the Treaty of RAPALLO 1922 ") == "what-was-the-treaty-of-rapallo-1922"
    assert card_id_for("Qu'est-ce que le traité de Rapallo ?") == "qu-est-ce-que-le-traite-de-rapallo"


def test_long_questions_are_cut_and_keep_a_hash_so_they_stay_unique():
    a = card_id_for(
        "Why did the Czech Crisis 1938 persuade Stalin that Britain and France could not be trusted as allies?"
    )
    b = card_id_for(
        "Why did the Czech Crisis 1938 persuade Stalin that Britain and France could not be trusted at all?"
    )
    assert a != b and len(a) <= 69 and a.startswith("why-did-the-czech-crisis-1938-persuade-stalin")


def test_questions_without_letters_still_get_distinct_ids():
    assert card_id_for("???") != card_id_for("!!!")
    assert re.fullmatch(r"card-[0-9a-f]{8}", card_id_for("???"))


@given(st.text(max_size=120), st.text(max_size=120))
def test_same_id_exactly_when_the_normalised_questions_match(first, second):
    for question in (first, second):
        card_id = card_id_for(question)
        assert card_id and not any(ch.isspace() for ch in card_id)
        assert card_id_for(f"  {question} ?! ") == card_id or not normalise_question(question)
    if normalise_question(first) and normalise_question(second):
        same_id = card_id_for(first) == card_id_for(second)
        assert same_id == (normalise_question(first) == normalise_question(second))


def card(question: str, answer: str) -> Card:
    return Card("c1", "t", question, answer)


def test_when_question_with_one_year_becomes_an_event():
    event = derive_event(card("When did Britain recognise the USSR?", "In 1924"))
    assert (event.date, event.sort_key, event.label, event.card_id) == (
        "1924",
        1924,
        "When did Britain recognise the USSR?",  # the question as asked: grammatical whatever the verb
        "c1",
    )


def test_ranges_count_as_one_date_and_the_label_masks_the_year_wherever_it_is():
    event = derive_event(card("When was the siege of Leningrad (1941–44) lifted?", "It lasted 1941 – 44"))
    assert (event.date, event.sort_key) == ("1941-44", 1941)
    assert event.label == "When was the siege of Leningrad (____) lifted?"
    event = derive_event(card("When did the 1944 siege end?", "1941-1944"))
    assert event.label == "When did the ____ siege end?" and event.date == "1941-1944"


def test_no_event_without_when_or_with_several_years():
    assert derive_event(card("What happened at Rapallo?", "A treaty in 1922")) is None
    assert derive_event(card("When did the French recognise the USSR?", "1924 + a pact in 1932")) is None
    assert (
        derive_event(card("When Germany massed troops what did Stalin believe?", "Not an invasion")) is None
    )
    assert derive_event(card("Whenever?", "1922")) is None
    assert derive_event(card("When did it end?", "£19222 later")) is None


def test_first_year_and_masking():
    assert first_year("c. 1941-44") == 1941 and first_year("soon") is None
    assert mask_years("Treaty of Rapallo 1922, not 1923", "1922") == "Treaty of Rapallo ____, not 1923"
