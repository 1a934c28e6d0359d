"""Typed-answer marking: a table of what a fair examiner accepts, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.marking import (
    content_words,
    edit_distance,
    is_date_answer,
    is_short_answer,
    mark_typed,
    normalise,
    same_answer,
    typo_allowance,
)

BALTIC = "Estonia, Latvia, Lithuania + Finland in 1920"
BALTIC_Q = "What were the first countries to establish diplomatic relations with the USSR?"
BRITAIN = "In 1924"
BRITAIN_Q = "When did Britain recognise the USSR?"
FRANCE = "1924 + signed a non-aggression pact in 1932"
FRANCE_Q = "When did the French recognise the USSR?"
PURGES = "Due to the purges of army officials"

# (typed, model answer, question, verdict)
CASES = [
    # years: exact, with filler words and punctuation, never forgiven
    ("1924", BRITAIN, BRITAIN_Q, "right"),
    ("in 1924", BRITAIN, BRITAIN_Q, "right"),
    ("In 1924.", BRITAIN, BRITAIN_Q, "right"),
    ("  IN   1924!  ", BRITAIN, BRITAIN_Q, "right"),
    ("the year 1924", BRITAIN, BRITAIN_Q, "right"),
    ("1925", BRITAIN, BRITAIN_Q, "wrong"),
    ("1942", BRITAIN, BRITAIN_Q, "wrong"),
    ("in 1923", BRITAIN, BRITAIN_Q, "wrong"),
    ("1924 or 1925", BRITAIN, BRITAIN_Q, "wrong"),
    ("recognised", BRITAIN, BRITAIN_Q, "wrong"),
    ("", BRITAIN, BRITAIN_Q, "wrong"),
    ("   ", BRITAIN, BRITAIN_Q, "wrong"),
    ("1939", "1939", "When was the Nazi-Soviet Pact signed?", "right"),
    ("1938", "1939", "When was the Nazi-Soviet Pact signed?", "wrong"),
    # the note's "+" form against "and", "&", order, the optional year
    ("Estonia, Latvia, Lithuania and Finland", BALTIC, BALTIC_Q, "right"),
    ("Estonia, Latvia, Lithuania + Finland in 1920", BALTIC, BALTIC_Q, "right"),
    ("estonia latvia lithuania & finland", BALTIC, BALTIC_Q, "right"),
    ("Finland, Estonia, Latvia and Lithuania", BALTIC, BALTIC_Q, "right"),
    ("Estonia, Latvia, Lithuania and Finland in 1920", BALTIC, BALTIC_Q, "right"),
    ("Estonia, Latvia, Lithuania and Finland in 1921", BALTIC, BALTIC_Q, "wrong"),
    ("Estonia, Latvia and Finland", BALTIC, BALTIC_Q, "wrong"),
    ("Estonia, Latvia, Lithuania, Finland and Poland", BALTIC, BALTIC_Q, "wrong"),
    # small typos forgiven, scaled to length
    ("Estonia, Latvia, Lithuana and Finland", BALTIC, BALTIC_Q, "right"),
    ("Estonia, Lativa, Lithuania and Finnland", BALTIC, BALTIC_Q, "right"),
    ("Stallin", "Stalin", "", "right"),
    ("Hilter", "Hitler", "", "right"),
    ("Stlin", "Stalin", "", "right"),
    ("Sln", "Stalin", "", "wrong"),
    ("Lenin", "Stalin", "", "wrong"),
    ("USA", "USSR", "", "wrong"),
    ("UK", "US", "", "wrong"),
    ("Litvinof", "Litvinov", "", "right"),
    ("Molotov-Ribbentrop", "Molotov–Ribbentrop Pact", "", "wrong"),
    ("nonaggression pact", "Non-aggression pact", "", "right"),
    # accents and case
    ("Molotov", "Mólotov", "", "right"),
    ("Mólotov", "Molotov", "", "right"),
    ("BREST-LITOVSK", "Brest-Litovsk", "", "right"),
    ("Łódź", "Łodz", "", "right"),
    ("the League of Nations", "League of Nations", "", "right"),
    ("Germany and Japan", "Germany + Japan", "", "right"),
    ("Japan & Germany", "Germany + Japan", "", "right"),
    ("Germany", "Germany + Japan", "", "wrong"),
    ("Stalins protests", "Stalin's protests", "", "right"),
    # long answers go to the student, unless typed in full
    ("the purges", PURGES, "Why was the Soviet army so ill-prepared?", "self"),
    ("Due to the purges of army officials", PURGES, "Why was the Soviet army so ill-prepared?", "right"),
    ("", PURGES, "Why was the Soviet army so ill-prepared?", "wrong"),
    ("purges in 1937", PURGES, "Why was the Soviet army so ill-prepared?", "wrong"),
    # a date answered for a "When" question with more in its answer: the student judges
    ("1924", FRANCE, FRANCE_Q, "self"),
    ("1925", FRANCE, FRANCE_Q, "wrong"),
    ("1924 and 1932", FRANCE, FRANCE_Q, "self"),
]


def test_the_table_is_big_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize(("typed", "answer", "question", "verdict"), CASES)
def test_marking_table(typed, answer, question, verdict):
    assert mark_typed(typed, answer, question).verdict == verdict


def test_a_wrong_year_says_so():
    assert mark_typed("1925", BRITAIN, BRITAIN_Q).note == "wrong year"
    assert mark_typed("Estonia Latvia Lithuania Finland 1921", BALTIC, BALTIC_Q).note == "wrong year"


def test_a_forgiven_typo_says_so():
    assert mark_typed("Stallin", "Stalin").note == "small typo forgiven"
    assert mark_typed("Stalin", "Stalin").note == ""


def test_normalise_folds_case_accents_and_signs():
    assert normalise("Łódź & Kraków + Brest-Litovsk!") == "lodz and krakow and brest litovsk"
    assert normalise("Москва, 1941") == "москва 1941"
    assert content_words("In the 1924, and a treaty") == ["1924", "treaty"]


def test_typo_allowance_grows_with_length():
    assert [typo_allowance(n) for n in (1, 3, 4, 7, 8, 14, 15, 40)] == [0, 0, 1, 1, 2, 2, 3, 3]


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("hitler", "hilter") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3


def test_kinds_of_answer():
    assert is_date_answer("In 1924") and is_date_answer("1939") and not is_date_answer(FRANCE)
    assert is_short_answer(BALTIC) and is_short_answer("Stalin") and not is_short_answer(PURGES)


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéüÅ -,.'+&", min_size=1, max_size=40)


@given(WORDS)
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(WORDS)
def test_an_answer_typed_exactly_is_right(answer):
    if content_words(answer):
        assert mark_typed(answer, answer).verdict == "right"
        assert mark_typed(answer.upper(), answer).verdict == "right"


@given(st.integers(1000, 2099), st.integers(1000, 2099))
def test_a_year_must_match_exactly(right, typed):
    verdict = mark_typed(str(typed), f"In {right}", "When was it?").verdict
    assert verdict == ("right" if typed == right else "wrong")


@given(WORDS, WORDS)
def test_same_answer_is_symmetric(a, b):
    assert same_answer(a, b) == same_answer(b, a)
