"""Typed-answer marking: mark points, partial credit, the guards against a false right, properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.deck import Card
from tui.core.formats import load_deck
from tui.core.marking import (
    content_words,
    edit_distance,
    is_date_answer,
    mark_answer,
    mark_typed,
    normalise,
    same_answer,
    split_points,
    typo_allowance,
)

BALTIC = "Estonia, Latvia, Lithuania + Finland in 1920"
BALTIC_Q = "What were the first countries to establish diplomatic relations with the USSR?"
BRITAIN = "In 1924"
BRITAIN_Q = "When did Britain recognise the USSR?"
FRANCE = "1924 + signed a non-aggression pact in 1932"
FRANCE_Q = "When did the French recognise the USSR?"
PURGES = "Due to the purges of army officials"
PURGES_Q = "Why was the Soviet army so ill-prepared for the German invasion?"
WINTER = "The Winter War 1939-40 over land near Leningrad"
WINTER_Q = "What was the Russo-Finnish War?"

# (typed, model answer, question, verdict)
CASES = [
    ("1924", BRITAIN, BRITAIN_Q, "right"),
    ("in 1924", BRITAIN, BRITAIN_Q, "right"),
    ("  IN   1924!  ", BRITAIN, BRITAIN_Q, "right"),
    ("nineteen twenty-four", BRITAIN, BRITAIN_Q, "right"),
    ("1925", BRITAIN, BRITAIN_Q, "wrong"),
    ("1924 or 1925", BRITAIN, BRITAIN_Q, "wrong"),
    ("recognised", BRITAIN, BRITAIN_Q, "wrong"),
    ("", BRITAIN, BRITAIN_Q, "wrong"),
    ("idk", BRITAIN, BRITAIN_Q, "wrong"),
    ("?", PURGES, PURGES_Q, "wrong"),
    ("Britain refused to recognise the USSR in 1924", BRITAIN, BRITAIN_Q, "partial"),
    # a list needs every item and nothing extra
    ("Estonia, Latvia, Lithuania and Finland", BALTIC, BALTIC_Q, "right"),
    ("Finland, Latvia, Lithuania + Estonia", BALTIC, BALTIC_Q, "right"),
    ("Estonia, Lativa, Lithunia & Finland", BALTIC, BALTIC_Q, "right"),
    ("Estonia, Latvia and Lithuania", BALTIC, BALTIC_Q, "partial"),
    ("Estonia, Latvia, Lithuania and Poland", BALTIC, BALTIC_Q, "partial"),
    ("Britain and France", BALTIC, BALTIC_Q, "wrong"),
    # one-point answers: key words, stems, typos per word, never a typo into another word
    ("the purges", PURGES, PURGES_Q, "self"),
    ("Due to the purges of army officials", PURGES, PURGES_Q, "right"),
    ("due to the purges of army oficials", PURGES, PURGES_Q, "right"),
    ("Due to the purges of party officials", PURGES, PURGES_Q, "partial"),
    ("because of the scorched earth policy", PURGES, PURGES_Q, "wrong"),
    # the question's year is never a wrong year; ranges written any way
    ("1924", FRANCE, FRANCE_Q, "partial"),  # without a mark scheme, the pact is a point too
    ("1924 and 1932", FRANCE, FRANCE_Q, "partial"),
    ("1932", FRANCE, FRANCE_Q, "wrong"),
    ("Winter War 1939-40 over land near Leningrad", WINTER, WINTER_Q, "right"),
    ("Winter War 1939–1940 over land near Leningrad", WINTER, WINTER_Q, "right"),
    ("Winter War 1939 to 1940 over land near Leningrad", WINTER, WINTER_Q, "right"),
    ("Winter War 1941 over land near Leningrad", WINTER, WINTER_Q, "partial"),
    # numbers written differently
    ("twenty million", "About 20m", "What were the casualties?", "right"),
    ("20 million", "About 20m", "What were the casualties?", "right"),
    ("2 million", "About 20m", "What were the casualties?", "wrong"),
    ("14 percent", "14%", "What share died?", "right"),
    ("10000", "10,000 troops", "How many troops?", "right"),
    ("four times the tanks", "4x the tanks", "How many tanks?", "right"),
    # aliases
    ("the UK and the US", "Britain + the USA", "Who?", "right"),
    ("the Soviet Union", "USSR", "Who?", "right"),
    ("the Second World War", "WW2", "Which war?", "right"),
    # an ordered relation
    (
        "glucose + oxygen -> carbon dioxide + water",
        "carbon dioxide + water -> glucose + oxygen",
        "Photosynthesis?",
        "self",
    ),
    (
        "carbon dioxide and water -> glucose and oxygen",
        "carbon dioxide + water -> glucose + oxygen",
        "Photosynthesis?",
        "right",
    ),
]


@pytest.mark.parametrize(("typed", "answer", "question", "verdict"), CASES)
def test_marking_table(typed, answer, question, verdict):
    assert mark_typed(typed, answer, question).verdict == verdict


def test_points_split_on_lines_bullets_and_joins():
    assert split_points("- Felt there was no real Western Front\n- Lebensraum") == [
        "Felt there was no real Western Front",
        "Lebensraum",
    ]
    assert split_points("Burning all crops + removal of industry; so Germans brought own supplies") == [
        "Burning all crops",
        "removal of industry",
        "so Germans brought own supplies",
    ]
    assert split_points("Hitler's arrogance + compliance") == ["Hitler's arrogance + compliance"]


def card(**fields):
    base = {"id": "c", "topic": "t", "question": "Why did Hitler invade the USSR 1941?", "answer": "x"}
    return Card(**{**base, **fields})


def test_authored_points_need_and_partial_credit():
    motives = card(
        answer="- No real Western Front\n- Hated Bolshevism\n- Lebensraum",
        points=("no real Western Front", "hated Bolshevism / hated communism", "Lebensraum / living space"),
        need=2,
    )
    two = mark_answer(motives, "living space and he hated communism")
    assert two.verdict == "right" and two.credit == 1.0
    one = mark_answer(motives, "Lebensraum")
    assert one.verdict == "partial"
    assert one.marks_awarded == 1 and one.marks_available == 2 and one.credit == 0.5
    assert [p.covered for p in one.points] == [False, False, True]
    assert one.note == "1 of 2 points"


def test_accept_and_optional_parentheses():
    molotov = card(question="Who was the foreign minister?", answer="Molotov (Vyacheslav)")
    assert mark_answer(molotov, "Molotov").verdict == "right"
    baltic = card(question=BALTIC_Q, answer=BALTIC, accept=("the Baltic states and Finland",))
    assert mark_answer(baltic, "The Baltic States and Finland").verdict == "right"


def test_a_list_answer_says_what_is_extra():
    mark = mark_typed("Estonia, Latvia, Lithuania and Poland", BALTIC, BALTIC_Q)
    assert mark.note == "3 of 4 — Poland is not in the answer"


def test_a_wrong_year_says_so():
    assert mark_typed("1925", BRITAIN, BRITAIN_Q).note == "wrong year"


def test_normalise_folds_case_accents_and_signs():
    assert normalise("Łódź & Kraków + Brest-Litovsk!") == "lodz and krakow and brest litovsk"
    assert normalise("Москва, 1941") == "москва 1941"
    assert content_words("In the 1924, and a treaty") == ["1924", "treaty"]


def test_typo_allowance_grows_with_length():
    assert [typo_allowance(n) for n in (1, 3, 4, 7, 8, 14, 15, 40)] == [0, 0, 1, 1, 2, 2, 3, 3]


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("hitler", "hilter") == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("kitten", "sitting", 1) == 2


def test_kinds_of_answer():
    assert is_date_answer("In 1924") and is_date_answer("1939-40") and is_date_answer("1942-43")
    assert not is_date_answer(FRANCE) and not is_date_answer("Stalin")


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


def test_a_forgiven_typo_says_so():
    assert mark_typed("Stallin", "Stalin").note == "small typo forgiven"
    assert mark_typed("Stalin", "Stalin").note == ""


SHIPPED = load_deck(Path(__file__).resolve().parents[2] / "data" / "soviet-foreign-policy.toml")

# (card id, typed, verdict, note): the guards against a false right, on the shipped deck's mark schemes
GUARDS = [
    (
        "internal-benefits",
        "Trotsky secured his grip on the communist party",
        "partial",
        "check it: Trotsky where the notes say Stalin",
    ),
    (
        "army-purges",
        "due to the purges of navy officials",
        "partial",
        "check it: navy where the notes say army",
    ),
    (
        "russo-finnish-war",
        "Finland requested land to keep Helsinki defended and got territory around Leningrad",
        "partial",
        "check it: Helsinki where the notes say Leningrad",
    ),
    (
        "kursk-1943",
        "largest tank battle in history, Germany annihilated the USSR",
        "partial",
        "check who did what: you have Germany where the notes have USSR",
    ),
    (
        "barbarossa-failure",
        "fighting on 3 fronts, Hitler's arrogance, scorched earth, cold weather",
        "partial",
        "check the number",
    ),
    ("first-recognitions-1920", "Estonia, Latvia, Lithuania and Finland in 1922", "partial", "wrong year"),
    (
        "anti-comintern-1936",
        "Germany and Japan alliance against the Comintern, Italy joined 1936",
        "partial",
        "wrong year",
    ),
    (
        "army-purges",
        "the purges of army officers in 1935-36",
        "self",
        "check it yourself: 1935 is not in the notes",
    ),
    (
        "czech-crisis-1938",
        "They appeased Hitler and ignored Stalin's protests in the League of Nations",
        "right",
        "",
    ),
    ("war-casualties", "twenty million", "right", ""),
    ("soviet-forces-size", "matched in troops, four times the tanks and three times the planes", "right", ""),
    (
        "soviet-forces-size",
        "3x the tanks and 4x the aircraft",
        "self",
        "found no mark point; check it yourself",
    ),
]


@pytest.mark.parametrize(("card_id", "typed", "verdict", "note"), GUARDS)
def test_guards_on_the_shipped_deck(card_id, typed, verdict, note):
    mark = mark_answer(SHIPPED.card(card_id), typed, SHIPPED)
    assert (mark.verdict, mark.note.removesuffix(" — tick the points you made")) == (verdict, note)
    if verdict == "partial":  # a doubted answer never earns full marks at one key
        assert mark.marks_awarded < mark.marks_available
        assert sum(point.covered for point in mark.points) < mark.marks_available


def test_an_answer_a_guard_doubts_ticks_nothing_and_says_so():
    """Every point found, but the answer says 'not' where the notes do not: enter must not give full marks."""
    card = SHIPPED.card("scorched-earth")
    typed = (
        "Stalin protected all crops and kept industrial capacity so Germany never had to bring own supplies"
    )
    mark = mark_answer(card, typed, SHIPPED)
    assert mark.verdict == "partial" and mark.marks_awarded == 0
    assert not any(point.covered for point in mark.points)
    assert mark.note.endswith("tick the points you made")
