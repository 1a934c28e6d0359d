"""Guards that keep a turned-round claim from being marked right: an opposite word, a number the
notes never give, "lack of" a mark point, and a name moved into another's role.

Decks of their own (not the shipped one): the rules hold for any deck.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.deck import Card, Deck
from tui.core.marking import ANTONYM_PAIRS, STOP_WORDS, Marking, mark_answer, mark_typed, prepare_deck
from tui.core.text import year_spans


@pytest.mark.parametrize(
    ("typed", "answer", "question", "note"),
    [
        (
            "The smallest lake in Europe",
            "The largest lake in Europe",
            "What is Ladoga?",
            "smallest where the notes say largest",
        ),
        (
            "Trade rose sharply after the treaty",
            "Trade fell sharply after the treaty",
            "What happened to trade?",
            "rose where the notes say fell",
        ),
        ("A defeat for the Spanish fleet", "A victory for the Spanish fleet", "What was Lepanto?", "defeat"),
    ],
)
def test_an_opposite_word_is_never_marked_right(typed, answer, question, note):
    mark = mark_typed(typed, answer, question)
    assert mark.verdict in ("partial", "wrong")  # the point is not ticked: nothing to confirm by a key
    assert note.split(" where")[0] in mark.note
    assert mark.marks_awarded == 0


def test_the_same_claim_in_other_words_is_still_right():
    assert (
        mark_typed("Europe's largest lake", "The largest lake in Europe", "What is Ladoga?").verdict
        == "right"
    )
    assert (
        mark_typed("trade fell sharply", "Trade fell sharply after the treaty", "What happened?").verdict
        == "right"
    )


def test_a_number_the_notes_never_give_is_checked():
    answer = "About 20m died = 14% of the population"
    mark = mark_typed("about 20 million died, 41% of the population", answer, "What were the losses?")
    assert mark.verdict == "partial" and "check the number" in mark.note
    assert (
        mark_typed(
            "twenty million died, fourteen percent of the population", answer, "What were the losses?"
        ).verdict
        == "right"
    )


def test_lack_of_a_mark_point_turns_it_round_but_lack_of_something_else_does_not():
    answer = "Due to the purges of army officers"
    question = "Why was the army ill-prepared?"
    assert mark_typed("the lack of purges of army officers", answer, question).verdict == "partial"
    assert (
        mark_typed("purges of officers left a lack of experience in the army", answer, question).verdict
        == "right"
    )
    assert mark_typed("a lack of experienced officers after the purges", answer, question).verdict == "right"


def test_a_name_moved_into_another_role_is_checked():
    answer = "Alliance between Germany and Japan against the USSR"
    question = "What was the pact?"
    mark = mark_typed("an alliance of Japan and Germany against Britain", answer, question)
    assert mark.verdict == "partial"
    assert "Britain" in mark.note and "USSR" in mark.note  # names as the student and the notes write them
    assert mark_typed("Germany and Japan against Communism", answer, question).verdict != "right"
    assert (
        mark_typed("Germany and Japan allied against the Soviet Union", answer, question).verdict == "right"
    )


def test_a_name_owning_anothers_words_is_checked():
    answer = "Appeased Hitler + ignored Stalin's protests"
    question = "Why did Britain and France lose Stalin's trust in 1938?"
    mark = mark_typed("Stalin appeased Hitler and ignored Britain's protests", answer, question)
    assert mark.verdict == "partial"
    assert "you have 'Britain's protests' where the notes have 'Stalin's protests'" in mark.note
    assert (
        mark_typed("they appeased Hitler and ignored Stalin's protests", answer, question).verdict == "right"
    )


PAIRS = [tuple(pair.split()) for pair in ANTONYM_PAIRS.split(",")]


@given(
    st.sampled_from([p for p in PAIRS if not set(p) & STOP_WORDS]),
    st.booleans(),
    st.sampled_from(["harvest", "army", "treaty", "economy", "navy"]),
)
def test_any_opposite_of_a_key_word_keeps_the_answer_from_right(pair, flip, noun):
    said, opposite = pair[::-1] if flip else pair
    answer = f"The {noun} was {said} in 1930"
    assert mark_typed(f"The {noun} was {said} in 1930", answer, "What happened?").verdict == "right"
    assert mark_typed(f"The {noun} was {opposite} in 1930", answer, "What happened?").verdict != "right"


def test_a_name_in_the_opposite_role_is_checked():
    answer = "Alliance between Germany and Japan against the USSR"
    mark = mark_typed("Alliance between Germany and Japan for the USSR", answer, "What was the pact?")
    assert mark.verdict == "partial"
    assert "you have 'for the USSR' where the notes have 'against the USSR'" in mark.note


def test_the_passive_voice_keeps_who_did_what():
    answer = "Largest tank battle: the USSR annihilated Germany"
    question = "What was Kursk?"
    assert (
        mark_typed("largest tank battle, Germany was annihilated by the USSR", answer, question).verdict
        == "right"
    )
    mark = mark_typed("largest tank battle, the USSR was annihilated by Germany", answer, question)
    assert mark.verdict == "partial" and "check who did what" in mark.note


def test_a_non_word_typed_without_its_non_is_checked():
    question = "What was the Non-Aggression Pact?"
    answer = "A trade deal + a non-aggression agreement + the division of Poland"
    assert (
        mark_typed("trade deal, non-aggression agreement, division of Poland", answer, question).verdict
        == "right"
    )
    mark = mark_typed("trade deal, an aggression agreement, division of Poland", answer, question)
    assert mark.verdict == "partial" and ("non-aggression" in mark.note.lower() or "'not'" in mark.note)


def test_a_place_the_deck_never_names_is_checked_where_the_cards_place_is_missing():
    answer = "Founded in Moscow in 1919 to spread world revolution"
    question = "What was the Comintern?"
    mark = mark_typed("founded in Berlin in 1919 to spread world revolution", answer, question)
    assert mark.verdict == "partial" and "Berlin where the notes say Moscow" in mark.note
    assert (
        mark_typed("founded in Moscow 1919 to spread world revolution", answer, question).verdict == "right"
    )
    assert (
        mark_typed("founded in Mosow in 1919 to spread world revolution", answer, question).verdict == "right"
    )


def test_failure_in_the_notes_is_a_negation_and_saying_it_back_is_no_claim():
    answer = "Failure to capture the birthplace of the revolution"
    question = "Why was the siege of Leningrad a victory?"
    assert mark_typed("capturing the birthplace of the revolution", answer, question).verdict != "right"
    assert (
        mark_typed("the Germans failed to capture the birthplace of the revolution", answer, question).verdict
        == "right"
    )
    # the question's own negating word said back is no reversal; a "not" is
    question = "What caused the failure of the invasion?"
    answer = "Fighting on two fronts + the cold weather"
    assert (
        mark_typed(
            "it failed because of fighting on two fronts and the cold weather", answer, question
        ).verdict
        == "right"
    )
    assert (
        mark_typed("not fighting on two fronts and not the cold weather", answer, question).verdict != "right"
    )


def test_a_point_found_in_words_that_deny_it_is_not_ticked():
    answer = "The city never fell\nBoosted morale"
    question = "Why was the siege a victory?"
    contradicted = mark_typed("the city fell to the Germans, which lowered morale", answer, question)
    assert contradicted.verdict == "wrong" and contradicted.marks_awarded == 0
    assert "opposite" in contradicted.note
    assert mark_typed("the city never fell, which boosted morale", answer, question).verdict == "right"
    half = mark_typed("the city never fell, which lowered morale", answer, question)
    assert (half.verdict, half.marks_awarded) == ("partial", 1)


def test_a_comparative_before_a_number_the_notes_give_plainly_is_checked():
    answer = "About 20m"
    mark = mark_typed("fewer than 20m", answer, "How many died?")
    assert mark.verdict != "right" and "fewer than" in mark.note
    assert mark_typed("about 20 million", answer, "How many died?").verdict == "right"


def test_enough_points_with_another_said_the_other_way_round_is_not_right():
    answer = "A trade deal\nAgreed not to attack each other\nSecret division of Poland"
    question = "What was the pact?"
    both = mark_typed("a trade deal, and a secret division of Poland", answer, question)
    assert both.verdict == "partial"  # 2 of 3: not all the points
    typed = "a trade deal, they promised to attack each other, secret division of Poland"
    turned = mark_typed(typed, answer, question)
    assert turned.verdict == "partial" and [p.covered for p in turned.points] == [True, False, True]
    # two points of three are full marks: still not right when the third is turned round
    card = Card(
        id="pact",
        topic="T",
        question=question,
        answer=answer,
        points=("a trade deal", "agreed not to attack each other", "secret division of Poland"),
        need=2,
    )
    assert mark_answer(card, "a trade deal and a secret division of Poland").verdict == "right"
    need_two = mark_answer(card, typed)
    assert need_two.verdict == "partial" and "opposite" in need_two.note and need_two.marks_awarded == 0


def test_the_opposite_word_without_the_notes_not_says_the_same_thing():
    answer = "In practice the USSR was not strong enough"
    question = "What did Stalin think?"
    assert mark_typed("in practice the USSR was too weak", answer, question).verdict != "wrong"
    assert mark_typed("in practice the USSR was strong enough", answer, question).verdict == "wrong"
    # a "never" in another part of the answer does not cover this point's missing "not"
    two = "Propaganda supported world revolution\nIn practice the USSR was not strong enough"
    mark = mark_typed(
        "propaganda never supported world revolution and the USSR was strong enough", two, question
    )
    assert mark.verdict != "right"


@pytest.mark.parametrize(
    ("question", "answer", "typed"),
    [
        (
            "How did Cromwell differ from Charles I?",
            "He listened to Parliament and let it raise taxes",
            "Charles I listened to Parliament and let it raise taxes",
        ),
        (
            "How was Elizabeth different to Mary?",
            "She kept a moderate Protestant church settlement",
            "She kept a moderate Protestant church settlement, Mary did too",
        ),
    ],
)
def test_a_point_said_of_the_name_the_question_contrasts_with_is_checked(question, answer, typed):
    mark = mark_typed(typed, answer, question)
    assert mark.verdict == "partial" and "check who" in mark.note
    assert mark.marks_awarded == 0


@pytest.mark.parametrize(
    "typed",
    [
        "Unlike Charles I, Cromwell listened to Parliament and let it raise taxes",
        "Cromwell listened to Parliament and let it raise taxes whereas Charles I ignored it",
        "He listened to Parliament and let it raise taxes; Charles I did not",
    ],
)
def test_the_contrast_drawn_the_right_way_round_is_right(typed):
    mark = mark_typed(
        typed, "He listened to Parliament and let it raise taxes", "How did Cromwell differ from Charles I?"
    )
    assert mark.verdict == "right", mark.note


def _marker(
    question: str, answer: str, points: tuple[str, ...] = (), need: int | None = None, other: str = ""
) -> Callable[[str], Marking]:
    """Marks typed answers to one card, in a deck of its own (and one other card's `other` answer)."""
    card = Card(id="card", topic="t", question=question, answer=answer, points=points, need=need)
    cards = [card, Card(id="other", topic="t", question="What else?", answer=other)] if other else [card]
    deck = Deck(id="d", title="d", topics=[], cards=cards)
    return lambda typed: mark_answer(card, typed, deck)


def test_a_place_named_by_its_adjective_in_the_question_is_no_word_from_elsewhere():
    mark = _marker(
        "What was the Russo-Finnish war?",
        "Russia took land to keep Leningrad defended",
        other="It sided with Germany",
    )
    assert mark("land was taken from Finland to defend Leningrad").verdict == "right"
    assert "Germany is from another card" in mark("land was taken from Germany to defend Leningrad").note


def test_a_nameless_point_said_of_the_one_acted_on_is_checked():
    mark = _marker(
        "What was the battle of Trafalgar?",
        "Largest naval battle of the war:\n- Britain defeated France at sea\n- had better ships and gunnery",
        ("largest naval battle", "Britain defeated France / Britain won", "better ships and gunnery"),
        need=2,
    )
    turned = mark("largest naval battle of the war, France had better ships and gunnery")
    assert turned.verdict == "partial" and "the notes say it of Britain, not France" in turned.note
    right = mark("largest naval battle, Britain defeated France with better ships and gunnery")
    assert right.verdict == "right", right.note


def test_who_did_it_with_a_name_the_card_never_gives_is_checked():
    mark = _marker(
        "Why was the army weak in 1941?", "Purges of army officers", other="From 1933 it was Hitler"
    )
    by_hitler = mark("the purges of army officers by Hitler")
    assert by_hitler.verdict == "partial" and "Hitler" in by_hitler.note
    assert mark("the purges of army officers by the leaders").verdict == "right"


def test_one_typed_word_earns_one_point_unless_typed_again():
    mark = _marker(
        "What was the border war?",
        "They asked for land to defend the capital, then won land in a short war",
        ("land to defend the capital", "won land / got land"),
    )
    once = mark("they asked for land to defend the capital")
    assert once.verdict == "partial" and once.marks_awarded == 1
    assert mark("asked for land to defend the capital and got the land").verdict == "right"


@pytest.mark.parametrize(("typed", "verdict"), [("in '33", "right"), ("’33", "right"), ("in '34", "wrong")])
def test_a_year_written_with_an_apostrophe_is_the_notes_year(typed, verdict):
    mark = mark_typed(typed, "1933", "When did the USA recognise the USSR?")
    assert mark.verdict == verdict, mark.note


def test_mil_is_million():
    assert mark_typed("20 mil", "About 20m", "How many died?").verdict == "right"
    assert mark_typed("2 mil", "About 20m", "How many died?").verdict != "right"


NOT_STRONG = ("What was his view on revolution abroad?", "In practice the state was not strong enough")


def test_the_opposite_word_is_no_contradiction_of_a_way_of_the_point_that_says_not():
    mark = _marker(*NOT_STRONG, ("in practice not strong enough / making the state strong first",))
    # "too weak" restates "not strong enough": right, never marked wrong
    assert mark("he wanted to build up the state first as it was too weak").verdict == "right"
    assert mark("he wanted to make the state weak first").verdict != "right"


def test_a_way_of_the_point_without_its_not_is_found_when_the_answer_says_it():
    mark = _marker(*NOT_STRONG, ("in practice the state not strong enough / making the state strong first",))
    assert mark("he focused on making the state strong first").verdict == "right"
    assert mark("in practice the state was strong enough").verdict != "right"


def test_a_common_word_of_another_card_does_not_doubt_a_right_answer():
    mark = _marker(
        "What did Genoa offer?",
        "Loans in return for paying Tsarist debts",
        other="Food in exchange for machinery",
    )
    assert mark("offered loans in exchange for the Tsarist debts being paid").verdict == "right"


@pytest.mark.parametrize(
    "typed", ["1924 (Labour government)", "britian recognised it in 1924", "1924, same as France"]
)
def test_what_is_said_around_the_year_a_when_question_asks_for_is_comment(typed):
    assert mark_typed(typed, "1924", "When did Britain recognise the USSR?").verdict == "right"


def test_a_partial_answer_keeps_its_point_when_its_negation_belongs_to_a_point_not_made():
    mark = _marker(
        "What was the scorched earth policy?",
        "Burning crops + removing industry so the enemy could not use it",
        ("burning crops / destroyed everything", "removing industry", "the enemy could not use it"),
        need=2,
    )
    made = mark("they destroyed everything as they retreated so G couldnt use it")
    assert made.verdict == "partial" and made.marks_awarded == 1


LETTER = "Due to the forged letter - no relations until 1930"


@pytest.mark.parametrize(
    ("typed", "answer", "verdict"),
    [
        ("after 1924", "In 1924", "partial"),
        ("in 1924", "In 1924", "right"),
        ("1924 BC", "In 1924", "partial"),
        ("the forged letter - relations until 1930", LETTER, "partial"),
        ("the forged letter - no relations till 1930", LETTER, "right"),
        ("the forged letter - relations restored in 1930", LETTER, "right"),
    ],
)
def test_a_year_of_the_notes_after_another_time_word_is_checked(typed, answer, verdict):
    mark = mark_typed(typed, answer, "Why did relations break down, and when were they restored?")
    assert mark.verdict == verdict, mark.note


def test_a_year_of_another_card_where_this_card_dates_its_own_is_checked():
    mark = _marker(
        "What was the battle of Kursk, July 1943?", "Largest tank battle; USSR won", other="Siege 1941-44"
    )
    assert mark("largest tank battle, the USSR won").verdict == "right"
    later = mark("largest tank battle, the USSR won in 1944")
    assert later.verdict == "partial" and "1944" in later.note


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("Spain recognised Portugal in 1668", "right"),
        ("Portugal was recognised by Spain in 1668", "right"),
        ("Portugal recognised Spain in 1668", "partial"),
    ],
)
def test_the_question_s_relation_said_the_other_way_round_is_checked(typed, verdict):
    assert mark_typed(typed, "1668", "When did Spain recognise Portugal?").verdict == verdict


def test_a_name_of_the_deck_put_inside_a_point_is_checked_but_not_as_its_subject():
    mark = _marker(
        "Why was the siege a victory?",
        "Failure to capture the city boosted morale",
        other="In 1941 Hitler and Germany attacked",
    )
    assert mark("Germany failed to capture the city, which boosted morale").verdict == "right"
    inside = mark("Hitler's failure to capture the city boosted morale")
    assert inside.verdict == "partial" and "Hitler's is not in the notes" in inside.note


def test_a_number_counts_what_its_own_clause_names():
    answer = "Matched them in troops\n4x the number of tanks"
    assert mark_typed("matched in troops, 4x the number of tanks", answer, "How big?").verdict == "right"
    assert mark_typed("matched in tanks, 4x the number of troops", answer, "How big?").verdict != "right"


def test_counter_or_anti_before_a_word_of_the_notes_turns_it_round():
    mark = mark_typed("to spread communist counter-revolution", "To spread communist revolution", "Aim?")
    assert mark.verdict == "partial" and "counter-revolution" in mark.note


def test_the_same_words_on_the_other_side_of_to_or_from_are_checked():
    answer = "Instructions to foreign communists to infiltrate political systems"
    swapped = mark_typed(
        "instructions from foreign communists to infiltrate political systems", answer, "Why?"
    )
    assert swapped.verdict == "partial"
    assert (
        mark_typed("instructions to foreign communists to infiltrate politics", answer, "Why?").verdict
        == "right"
    )


def test_notes_name_people_and_places_as_written():
    mark = mark_typed(
        "They appeased Hitler and ignored Britain's protests",
        "Appeased Hitler + ignored Stalin's protests",
        "Why?",
    )
    assert "Britain's where the notes say Stalin's" in mark.note
    assert "The notes" not in mark.note  # function words keep the note's own case


@pytest.mark.parametrize(
    ("typed", "verdict"), [("in 24", "right"), ("24", "right"), ("in 25", "wrong"), ("19 24", "wrong")]
)
def test_a_when_questions_year_may_be_written_short(typed, verdict):
    assert mark_typed(typed, "In 1924", "When did Britain recognise the USSR?").verdict == verdict


def test_a_point_typed_the_other_way_round_is_checked_but_its_passive_is_not():
    answer, question = "Cromwell secured his grip on the army", "What did the war give Cromwell?"
    turned = mark_typed("the army secured its grip on Cromwell", answer, question)
    assert turned.verdict == "partial" and "check who did what" in turned.note
    assert mark_typed("his grip on the army was secured by Cromwell", answer, question).verdict == "right"


def test_a_name_of_another_card_added_to_a_right_answer_is_checked_unless_it_opens_the_clause():
    mark = _marker(
        "What was the alliance of 1936?",
        "An alliance of Germany and Japan",
        other="Treaty of Rapallo with Lenin",
    )
    assert mark("an alliance of Germany and Japan").verdict == "right"
    added = mark("an alliance of Germany and Japan, signed at Rapallo")
    assert added.verdict == "partial" and "Rapallo" in added.note
    assert mark("an alliance of Germany and Japan; Lenin approved").verdict == "partial"


def test_a_name_after_a_points_word_swapped_for_another_is_checked_even_if_typed_elsewhere():
    answer = "Appeased Hitler + ignored Stalin's protests"
    swapped = mark_typed("appeased Stalin and ignored Hitler", answer, "What did Britain and France do?")
    assert swapped.verdict == "partial" and "Stalin where the notes say Hitler" in swapped.note


def test_a_passive_without_its_was_is_read_the_right_way_round():
    answer = "USSR annihilated Germany"
    assert mark_typed("Germany annihilated by the USSR", answer, "What happened?").verdict == "right"
    assert mark_typed("USSR annihilated by Germany", answer, "What happened?").verdict == "partial"


@pytest.mark.parametrize(
    ("typed", "verdict"), [("not until 1933", "right"), ("no relations not until 1933", "partial")]
)
def test_not_until_a_year_says_when_not_no(typed, verdict):
    assert mark_typed(typed, "1933", "When did the USA recognise the USSR?").verdict == verdict


def test_a_letter_the_notes_write_for_a_name_is_read_as_that_name():
    mark = _marker(
        "Which two powers signed the Treaty of Toulon?",
        "G and F, in 1801, both against B",
        ("Germany", "France"),
        need=2,
        other="The navies of Britain and Germany fought France at sea",
    )
    assert mark("G and F").verdict == "right"
    assert mark("g + f").verdict == "right"
    assert mark("Germany and F").verdict == "right"
    # the letter stands for its name, so a wrong one is a wrong name
    assert mark("B and F").verdict != "right"
    # "a" and "I" stay words; a letter the notes never write alone is no name
    assert mark("I think a treaty").verdict == "wrong"
    assert mark("K and F").verdict != "right"


def test_words_an_examiner_credits_for_each_other_earn_the_point_and_opposites_still_do_not():
    mark = _marker(
        "How did Napoleon fare at Leipzig?",
        "At Leipzig Napoleon secured his grip on the army, but there Prussia annihilated the French troops",
        ("Napoleon secured his grip on the army", "Prussia annihilated the French troops"),
        need=2,
    )
    assert (
        mark("napoleon tightened his grip on the army, prussia beat the french soldiers").verdict == "right"
    )
    assert (
        mark("Napoleon consolidated his grip on the army + Prussia crushed French troops").verdict == "right"
    )
    # another word for the claim is no swap, an opposite or a turned-round claim still is
    assert mark("napoleon lost his grip on the army, prussia beat the french soldiers").verdict != "right"
    assert mark("napoleon tightened his grip on the army, france beat prussia").verdict != "right"


def test_a_country_opening_every_line_it_is_on_is_still_a_name_typed_in_lower_case():
    mark = _marker(
        "What was the Pact of Steel?",
        "Alliance between Germany and Japan\n- Italy joined in 1939",
        ("Germany and Japan", "Italy joined in 1939"),
        need=2,
    )
    assert mark("alliance of germany and japan, italy joined in 1939").verdict == "right"
    swapped = mark("alliance of germany and italy, japan joined in 1939")
    assert swapped.verdict != "right" and "Italy joined" in swapped.note


def test_the_notes_word_for_the_questions_other_half_is_no_opposite_but_the_opposite_of_it_is():
    mark = _marker(
        "Why did relations with Spain break down and when were they restored?",
        "Due to the Treaty of Paris - no relations until 1820",
        ("Treaty of Paris", "no relations until 1820 (relations restored)"),
        need=2,
    )
    assert mark("the treaty of paris, relations restored in 1820").verdict == "right"
    broken = mark("the treaty of paris, in 1820 relations broke down")
    assert broken.verdict != "right", broken.note


def test_a_when_answer_that_retells_the_question_with_another_verb_or_actor_is_checked():
    mark = _marker(
        "When did Spain recognise Portugal?",
        "Hostile to Portugal until 1668",
        ("1668 (hostile until then)",),
        other="Spain and France fought in 1659",
    )
    assert mark("1668").verdict == "right"
    assert mark("Spain recognised Portugal in 1668").verdict == "right"
    for retold in ("In 1668 Spain declared war on Portugal", "1668, when France recognised Portugal"):
        assert mark(retold).verdict != "right", retold


def test_an_answer_opening_with_another_name_of_the_deck_as_the_questions_subject_is_checked():
    mark = _marker(
        "What state was Western Spain in by 1815?",
        "Had been ravaged by invasion and guerrilla war",
        ("ravaged (by invasion and guerrilla war) / devastated",),
        other="France and Britain fought in Spain",
    )
    assert mark("devastated").verdict == "right"
    assert mark("western spain was devastated").verdict == "right"
    turned = mark("France was devastated")
    assert turned.verdict != "right" and "Western Spain, not France" in turned.note
    believe = _marker(
        "When France invaded, what did Wellington believe?",
        "That it was only a raid",
        ("only a raid / just a raid",),
        other="In 1815 Napoleon led France and Wellington led Britain",
    )
    assert believe("he believed it was only a raid").verdict == "right"
    assert believe("Napoleon believed it was only a raid").verdict != "right"
    assert believe("Blucher believed it was only a raid").verdict != "right"  # a name the deck never has


def test_an_alliance_with_the_one_the_notes_have_it_against_is_checked():
    mark = _marker(
        "What was the League of Cambrai?",
        "Alliance between France and Spain against Venice",
        ("France and Spain", "against Venice"),
        need=2,
    )
    assert mark("an alliance of France and Spain against Venice").verdict == "right"
    assert mark("an alliance of France and Spain with Venice").verdict != "right"


def test_a_place_beside_a_point_made_the_short_way_is_no_stand_in_for_the_long_ways_name():
    mark = _marker(
        "Why did the Spanish crisis persuade Louis that Britain could not be trusted?",
        "Appeased Philip + ignored Louis's protests in the Cortes",
        ("appeased Philip / appeasement", "ignored Louis's protests in the Cortes / ignored Louis"),
        need=2,
    )
    assert mark("they appeased Philip at Utrecht and ignored Louis").verdict == "right"
    # made the long way, the Cortes is the one place it names
    assert mark("appeased Philip and ignored Louis's protests in Utrecht").verdict != "right"


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("matched France in men, 4x the guns, 3x the ships", True),
        ("matched France in men, four times the guns, triple the ships", True),
        ("half the men, 4x the guns, 3x the ships", False),
        ("matched France in men, double the guns, 3x the ships", False),
        ("matched France in men, a quarter of the guns, 3x the ships", False),
    ],
)
def test_a_share_or_multiple_of_a_count_is_a_number_the_notes_must_give(typed, right):
    mark = _marker(
        "How did the British fleet compare with the French?",
        "- matched France in the number of men\n- had 4x the guns\n- 3x the ships",
        ("matched France in the number of men", "had 4x the guns", "3x the ships"),
        need=3,
    )
    assert (mark(typed).verdict == "right") is right, mark(typed).note


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("wanted trade but also world revolution", "right"),
        ("trade and spread revolution", "right"),
        ("wanted trade but also world peace", "partial"),
        ("trade and spread capitalism", "partial"),
    ],
)
def test_a_word_of_the_question_stays_a_key_word_of_a_way_it_would_leave_with_one(typed, verdict):
    # "revolution" is the question's word: "world" or "spread" alone must not stand for the whole way
    mark = _marker(
        "Why was French policy contradictory after the revolution?",
        "Wanted trade with neighbours but also world revolution",
        ("trade with neighbours / trade", "world revolution / spread revolution"),
        need=2,
    )
    assert mark(typed).verdict == verdict, mark(typed).note


def test_the_decks_cast_alone_or_a_name_without_its_role_word_ticks_no_point():
    card = Card(
        id="card",
        topic="t",
        question="What was the League of Augsburg?",
        answer="Alliance of Spain and Sweden against France\n- Spain defeated France at sea",
        points=("Spain and Sweden", "against France / against Louis", "Spain defeated France / Spain won"),
        need=3,
    )
    others = [
        Card(id=f"o{n}", topic="t", question=f"What happened in 16{n}0?", answer=text)
        for n, text in enumerate(
            (
                "It was when France fought Spain",
                "Then Spain and France made peace",
                "And France lost to Spain",
            )
        )
    ]
    deck = Deck(id="d", title="d", topics=[], cards=[card, *others])
    right = mark_answer(card, "an alliance of Spain and Sweden against France, Spain defeated France", deck)
    assert right.verdict == "right", right.note
    nonsense = mark_answer(card, "spain and france trade with sweden", deck)
    ticked = [p.text for p in nonsense.points if p.covered]
    assert ticked == ["Spain and Sweden"], ticked  # not "against France" nor "Spain defeated France"


def test_a_name_of_the_cards_topic_or_the_decks_title_is_not_from_another_card():
    card = Card(
        id="card",
        topic="Napoleon's leadership",
        question="Why was the French army short of officers in 1812?",
        answer="Due to the purges of royalist officers",
        points=("purges of royalist officers / purges / purged the officers",),
    )
    other = Card(
        id="other", topic="War", question="Who fought at Borodino?", answer="Fought by Napoleon and Kutuzov"
    )
    deck = Deck(id="d", title="Spanish wars 1808-1814", topics=[], cards=[card, other])
    assert mark_answer(card, "Napoleon purged the officers", deck).verdict == "right"
    # another name of the deck is still doubted, under any heading
    doubted = mark_answer(card, "Kutuzov purged the officers", deck)
    assert doubted.verdict != "right" and "Kutuzov is from another card" in doubted.note
    moved = Card(id="card", topic="War", question=card.question, answer=card.answer, points=card.points)
    deck = Deck(id="d", title="Spanish wars 1808-1814", topics=[], cards=[moved, other])
    assert "Napoleon is from another card" in mark_answer(moved, "Napoleon purged the officers", deck).note


def test_the_quiz_marking_without_the_deck_knows_the_topic_and_title_too():
    """The quiz marks with `mark_answer(card, typed)` after `prepare_deck` (trial 10: "Stalin purged the
    army officers" was "from another card" in an exam, right when marked with the deck)."""
    card = Card(
        id="purges",
        topic="Napoleon's army",
        question="Why was the French army short of officers in 1813?",
        answer="Due to the purges of royalist officers",
        points=("purges of royalist officers / purges / purged the officers",),
    )
    other = Card(
        id="other", topic="War", question="Who fought at Leipzig?", answer="Fought by Napoleon and Blucher"
    )
    prepare_deck(Deck(id="d", title="Wars of 1813", topics=[], cards=[card, other]))
    assert mark_answer(card, "Napoleon purged the officers").verdict == "right"
    assert "Blucher is from another card" in mark_answer(card, "Blucher purged the officers").note


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("more radical than the 2nd Empire", "right"),
        ("more radical than the second empire", "right"),
        ("more radical than the 3rd Empire", "partial"),
        ("it became a great power", "right"),
        ("it became a small power", "partial"),
    ],
)
def test_ordinals_in_figures_and_words_of_the_same_meaning_are_read_as_the_notes_words(typed, verdict):
    mark = _marker(
        "What was the new republic?",
        "Emerged as a great power, more radical than the Second Empire",
        ("emerged as a great power / great power", "more radical than the Second Empire"),
        need=1,
    )
    got = mark(typed)
    assert got.verdict == verdict, got.note


def test_a_year_ending_a_sentence_is_a_year_not_an_item_of_the_list():
    mark = _marker("Which countries first recognised Spain?", "Portugal, Naples + Savoy in 1820")
    assert mark("They were Portugal, Naples and Savoy, in 1820.").verdict == "right"
    assert mark("Portugal, Naples and Savoy in 1820").verdict == "right"
    # a decimal is no year span
    assert year_spans("a ratio of 0.1820 and 1820.5") == []
    assert [span.start for span in year_spans("in 1820.")] == [1820]


def test_an_accepted_answer_with_the_cards_own_year_or_a_plus_is_right():
    card = Card(
        id="card",
        topic="t",
        question="Which states first recognised Spain?",
        answer="Portugal, Naples + Savoy in 1820",
        accept=("the Italian states and Portugal",),
    )
    deck = Deck(id="d", title="d", topics=[], cards=[card])
    assert mark_answer(card, "Italian states + Portugal 1820", deck).verdict == "right"
    assert mark_answer(card, "Italian states + Portugal 1821", deck).verdict != "right"  # another year


def test_a_when_answer_with_the_notes_own_words_between_the_names_is_no_retelling():
    mark = _marker(
        "When did the USA recognise Portugal?",
        "Completely opposed to Portugal until 1668",
        ("1668 (completely opposed until then)",),
    )
    assert (
        mark("The USA was completely opposed to Portugal and only recognised it in 1668").verdict == "right"
    )
    assert mark("The USA declared war on Portugal in 1668").verdict != "right"


def test_a_point_made_with_its_names_swapped_earns_no_mark_in_a_partial_answer():
    mark = _marker(
        "What was the treaty of Bayonne?",
        "Spanish troops secretly trained in France + Spain got French guns",
        ("Spanish troops trained in France / Spanish army trained", "Spain got French guns"),
        need=2,
        other="Portugal and France fought; Spain and Portugal made peace",
    )
    made = mark("Spanish troops trained in France")
    assert (made.verdict, made.marks_awarded) == ("partial", 1)
    swapped = mark("French troops trained in Spain")
    assert swapped.marks_awarded == 0 and "tick the points you made" in swapped.note, swapped.note
    assert [p.found for p in swapped.points] == [True, False]  # offered to the student to tick, not ticked
    # a name swapped in a point not made takes nothing from the point made
    pact = _marker(
        "What was the pact of 1701?",
        "Promised not to attack each other + secretly divided Savoy",
        ("not attack each other", "secret division of Savoy / divided Savoy"),
        need=2,
        other="Then Spain took Naples",
    )
    kept = pact("they promised not to attack each other and divided Naples")
    assert (kept.verdict, kept.marks_awarded) == ("partial", 1), kept.note


_PACT = (
    "What was the Pact of Aranjuez 1801?",
    "Trade: grain and guns from Spain in exchange for wine\nPromised not to attack each other\nSecret division of Savoy",
    (
        "trade: grain and guns from Spain in exchange for wine / wine for guns",
        "not attack each other / settle disputes peacefully",
        "secret division of Savoy / divided Savoy",
    ),
)


def _ticks(mark: Marking) -> list[str]:
    """The checklist as the student sees it: ✓ ticked, ? found but doubted ("? check"), ✗ missing."""
    return ["✓" if p.covered else "?" if p.found else "✗" for p in mark.points]


@pytest.mark.parametrize(
    ("need", "marks", "note"),
    [
        (
            2,
            2,
            "2 of 2 points, but check who did what: you have 'to Spain' where the notes have 'from Spain'",
        ),
        (
            None,
            2,
            "2 of 3 points, but check who did what: you have 'to Spain' where the notes have 'from Spain'",
        ),
    ],
)
def test_a_full_answer_with_one_clause_swapped_loses_only_that_points_mark(need, marks, note):
    question, answer, points = _PACT
    mark = _marker(question, answer, points, need=need, other="Then Spain took Naples")
    clean = "They promised not to attack each other and secretly divided Savoy"
    assert mark(clean).verdict == ("right" if need == 2 else "partial")
    swapped = mark(f"{clean}, and France sent guns to Spain in exchange for wine")
    assert swapped.verdict == "partial"  # never right while a point is doubted
    assert swapped.marks_awarded == marks
    assert swapped.note == f"{note} — tick the points you made"
    assert _ticks(swapped) == ["?", "✓", "✓"]
    # another name for the notes' one in that clause: the same, only its point doubted
    other = mark(f"{clean}, and Spain sent guns to France in exchange for wine")
    assert (other.verdict, other.marks_awarded, _ticks(other)) == ("partial", marks, ["?", "✓", "✓"])


def test_what_comes_from_whom_turned_round_is_checked_and_costs_only_its_point():
    question, answer, points = _PACT
    pact = _marker(question, answer, points, need=2, other="Then Spain took Naples")
    assert pact("grain and guns from Spain in exchange for wine; secret division of Savoy").verdict == "right"
    assert pact("guns from Spain for wine, and Savoy was divided").verdict == "right"
    full = pact(
        "They promised not to attack each other and divided Savoy; wine from Spain in exchange for guns"
    )
    assert (full.verdict, full.marks_awarded, _ticks(full)) == ("partial", 2, ["?", "✓", "✓"])
    assert "you have 'wine from Spain' where the notes have 'guns from Spain'" in full.note, full.note
    alone = pact("wine from Spain in exchange for grain and guns")  # short of full marks: the same point held
    assert (alone.verdict, alone.marks_awarded, _ticks(alone)) == ("partial", 0, ["?", "✗", "✗"])


def test_another_name_owning_a_common_verb_of_the_notes_is_checked():
    mark = _marker(
        "What was the War of the Oranges?",
        "Spain demanded that Portugal close its ports to Britain\n- ended up as a short war = Spain got Olivenza",
        ("demanded Portugal close its ports / close its ports to Britain", "got Olivenza / gained Olivenza"),
        other="Then Spain took Naples in a war",
    )
    said = "Spain demanded that Portugal close its ports to Britain; a short war and"
    assert mark(f"{said} Spain got Olivenza").verdict == "right"
    swapped = mark(f"{said} Portugal got Olivenza")
    assert swapped.verdict == "partial" and swapped.marks_awarded == 0
    assert "check who did what: you have 'Portugal got' where the notes have 'Spain got'" in swapped.note
    # "war" is a plain word of the deck (written in lower case too): no name owning "got"
    assert mark("demanded Portugal close its ports -> short war -> got Olivenza").verdict == "right"


def test_an_answer_saying_the_asked_action_stopped_is_checked():
    mark = _marker("When did Portugal recognise Spain?", "In 1820", other="Then Spain took Naples in 1821")
    assert mark("Portugal recognised Spain in 1820").verdict == "right"
    stopped = mark("Portugal stopped recognising Spain in 1820")
    assert (stopped.verdict, stopped.marks_awarded) == ("partial", 0)
    assert "'stopped recognising' where the question asks 'recognise'" in stopped.note
    # a question asking why something stopped: saying it stopped is no reversal
    asked = _marker("Why did Portugal stop trading with Spain?", "Spain closed its ports to Portuguese ships")
    assert (
        asked("Portugal stopped trading because Spain closed its ports to Portuguese ships").verdict
        == "right"
    )


def test_a_name_put_before_the_notes_name_as_its_agent_is_checked():
    question, answer, points = _PACT
    pact = _marker(question, answer, points, need=2, other="Then Spain took Naples")
    right = "secret division of Savoy by Spain and France, and they promised not to attack each other"
    assert pact(right).verdict == "right"
    swapped = pact("secret division of Spain by Savoy and France, and they promised not to attack each other")
    assert (swapped.verdict, swapped.marks_awarded, _ticks(swapped)) == ("partial", 1, ["✗", "✓", "?"])
    assert swapped.note == "1 of 2 points, but Spain where the notes say Savoy — tick the points you made"


@pytest.mark.parametrize("typed", ["1,820", "1820.5"])
def test_a_count_or_a_decimal_is_no_year(typed):
    mark = _marker("When did Portugal recognise Spain?", "In 1820", other="Then Spain took Naples in 1821")
    assert mark("in 1820.").verdict == "right"
    assert (mark(typed).verdict, mark(typed).note) == ("wrong", "the year is missing")


def test_a_count_with_a_thousands_comma_is_no_year_the_notes_lack():
    mark = _marker(
        "How did Spain fight the French invasion of 1808?",
        "Burned crops + moved the foundries south",
        other="Then Spain took Naples in 1821",
    )
    assert mark("they burned crops and moved over 1,500 foundries south").verdict == "right"
    dated = mark("they burned crops and moved the foundries south in 1500")
    assert (dated.verdict, dated.note) == ("self", "check it yourself: 1500 is not in the notes")


def test_a_non_prefix_negates_its_own_word_only():
    mark = _marker(
        "What was the Pact of Aranjuez 1801?",
        "Non-aggression: amicable resolution of any disputes\nSecret division of Savoy",
        (
            "non-aggression: amicable resolution of any disputes / not attack each other",
            "secret division of Savoy",
        ),
        other="Then Spain took Naples",
    )
    said = mark("Non-aggression: they agreed to attack each other; secret agreement: division of Savoy")
    assert (said.verdict, said.marks_awarded, _ticks(said)) == ("partial", 1, ["✗", "✓"])


def test_a_name_the_card_never_has_in_place_of_the_notes_words_is_checked():
    mark = _marker(
        "Why was the siege of Zaragoza 1808 a victory for Spain?",
        "Failure to capture the old fortress = boosted morale + encouraged Spaniards to resist",
        (
            "failure to capture the old fortress / never fell / not captured",
            "boosted morale / encouraged Spaniards to resist",
        ),
        other="Then Spain took Naples; Madrid rose in May",
    )
    assert mark("The French failed to capture the old fortress, boosting morale").verdict == "right"
    assert mark("The French failed to capture the city, boosting morale").verdict == "right"  # no name
    named = mark("The French failed to capture Madrid, boosting morale")
    assert named.verdict == "partial" and named.marks_awarded == 0
    assert "Madrid where the notes say old fortress" in named.note


def test_a_point_made_one_way_and_said_another_way_without_its_not_is_not_made():
    mark = _marker(
        "What was the scorched earth policy of 1812?",
        "Burning all crops + moving the foundries so the French had to bring own supplies",
        (
            "burning all crops / burnt crops",
            "moving the foundries / moved foundries",
            "so the French had to bring own supplies / the French could not use them",
        ),
        need=2,
        other="Then Spain took Naples",
    )
    said = "Burning all crops and moving the foundries so the French"
    assert mark(f"{said} had to bring their own supplies").verdict == "right"
    turned = mark(f"{said} could use the supplies")
    assert (turned.verdict, turned.marks_awarded) == ("partial", 0)
    assert turned.note.startswith("says the opposite of the notes: no 'not' where the notes have one")
    # the way's words in different parts of the answer ("everything useful ... so the French"): no claim
    useful = (
        "Destroying everything useful and moving the foundries so the French had to bring their own supplies"
    )
    assert mark(useful).verdict == "right"
    # the way's words naming what was destroyed ("everything the French could use"): no claim either
    relative = (
        "Burning all crops, destroying everything the French could use so they had to bring own supplies"
    )
    assert mark(relative).verdict == "right"
    assert mark("Burning all crops so the French could use them").verdict != "right"


def test_a_swapped_clause_holds_back_every_point_found_in_it_or_going_on_from_it():
    question, answer, points = _PACT
    pact = _marker(question, answer, points, need=2, other="Then Spain took Naples")
    # the clause after the swapped one names its own subject: its point stands
    mark = pact("France sent guns to Spain in exchange for wine and they secretly divided Savoy")
    assert (mark.verdict, mark.marks_awarded, _ticks(mark)) == ("partial", 1, ["?", "✗", "✓"])
    assert mark.note.startswith("1 of 2 points, but check who did what: you have 'to Spain'"), mark.note
    # "France matched Spain ... and had 3x the guns": who acts goes on into the clauses after it
    fleet = _marker(
        "How large was the Spanish fleet compared with the French?",
        "Matched France in ships\n3x the number of guns\n2x the number of sailors",
        (
            "matched France in ships / same number of ships",
            "3x the number of guns",
            "2x the number of sailors",
        ),
        other="Then Spain took Naples",
    )
    assert fleet("Spain matched France in ships and had 3x the guns and 2x the sailors").verdict == "right"
    turned = fleet("France matched Spain in ships and had 3x the guns and 2x the sailors")
    assert (turned.verdict, turned.marks_awarded, _ticks(turned)) == ("partial", 0, ["?", "?", "?"])
    assert "Spain where the notes say France" in turned.note


def test_two_names_traded_between_points_hold_back_both_points():
    mark = _marker(
        "What did Britain and Austria do in the Naples crisis 1799?",
        "Appeased Louis\nIgnored Pitt's protests in the Diet",
        ("appeased Louis / gave in to Louis", "ignored Pitt's protests in the Diet / ignored Pitt"),
        other="Louis and Pitt met at Vienna",
    )
    assert mark("They appeased Louis and ignored Pitt's protests in the Diet").verdict == "right"
    traded = mark("They appeased Pitt and ignored Louis's protests in the Diet")
    assert (traded.verdict, traded.marks_awarded, _ticks(traded)) == ("partial", 0, ["?", "?"])
    assert "Louis's where the notes say Pitt's" in traded.note
    one = mark("They appeased Nelson and ignored Pitt's protests in the Diet")  # one name wrong: one point
    assert (one.verdict, one.marks_awarded, _ticks(one)) == ("partial", 1, ["✗", "✓"])


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("Louis strengthened his grip on the court", "right"),
        ("Louis's control over the court was secured", "right"),
        ("Louis lost control of the court", "partial"),
    ],
)
def test_grip_and_control_strengthened_and_secured_read_as_one(typed, verdict):
    mark = _marker(
        "What did the war do for Louis?",
        "Louis secured his grip on the court",
        ("Louis secured his grip on the court",),
    )
    assert mark(typed).verdict == verdict, mark(typed).note


def test_quadruple_is_four_times():
    mark = _marker("How big was the fleet?", "4x the ships of Spain", ("4x the ships",))
    assert mark("quadruple the ships").verdict == "right"
    assert mark("triple the ships").verdict != "right"


def test_a_way_of_saying_a_point_the_student_did_not_use_is_not_compared_word_for_word():
    # "break the treaty" is a way the student did not use: "wud brake" is no swap of its words
    mark = _marker(
        "Why did Philip attack?",
        "Thought Louis would go back on the treaty",
        ("thought Louis would go back on the treaty / Louis would break the treaty",),
    )
    assert mark("thought louis would go back on the treaty").verdict == "right"
    assert mark("thought Louis wud brake the treaty").verdict == "right"


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("Spain was too weak to fight", "right"),
        ("Spain was not strong enough to fight", "right"),
        ("Spain was strong enough to fight", "wrong"),
        ("Spain was too strong to fight", "wrong"),
    ],
)
def test_an_opposite_word_says_what_the_notes_say_with_a_negation(typed, verdict):
    mark = _marker(
        "Why did Spain stay out of the war?",
        "Spain was not strong enough to fight",
        ("Spain not strong enough to fight",),
    )
    assert mark(typed).verdict == verdict, mark(typed).note


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("They appeased Philip and ignored Louis's protests", "right"),
        ("appeasement, and Louis was ignored", "right"),
        ("Louis ignored their protests and they appeased Philip", "partial"),
    ],
)
def test_a_name_the_notes_act_on_typed_as_the_one_acting_is_checked(typed, verdict):
    mark = _marker(
        "Why did the crisis turn Louis against Britain?",
        "Appeased Philip + ignored Louis's protests",
        ("appeased Philip / appeasement", "ignored Louis's protests / ignored Louis"),
        need=2,
        other="Louis and Philip met; Philip and Louis fought",
    )
    got = mark(typed)
    assert got.verdict == verdict, got.note
    if verdict == "partial":
        assert "you have 'Louis ignored' where the notes have 'ignored Louis'" in got.note


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("founded in 1820 to spread revolution", True),
        ("founded in 1820 to oppose revolution", False),
    ],
)
def test_opposing_what_the_notes_spread_is_a_reversal(typed, right):
    mark = _marker(
        "What was the League?",
        "Founded in 1820 + spread world revolution",
        ("1820", "spread world revolution / spread revolution"),
        need=2,
    )
    assert (mark(typed).verdict == "right") is right, mark(typed).note


def test_abroad_is_foreign():
    mark = _marker(
        "Why were the kings hostile to Paris?",
        "Due to instructions to foreign radicals to infiltrate political systems",
        ("foreign radicals to infiltrate political systems",),
    )
    assert mark("radicals abroad infiltrated").verdict == "right"
    assert mark("radicals at home infiltrated").verdict != "right"


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("March 1918", True),
        ("on 3 March 1918", True),
        ("Mar. 1918", True),
        ("Poland 1918", False),
        ("March 1919", False),
    ],
)
def test_a_day_and_month_before_the_year_are_part_of_the_date(typed, right):
    card = Card(id="c", topic="t", question="The treaty was signed in [...]", answer="1918")
    deck = Deck(id="d", title="d", topics=[], cards=[card])
    assert (mark_answer(card, typed, deck).verdict == "right") is right


def test_a_negating_word_that_is_the_opposite_of_a_points_word_contradicts_it():
    # "lost" is no key word (it negates), yet it is the opposite of "regained"
    mark = _marker(
        "What did Spain gain?",
        "- emerged as a great power\n- regained lost land from the war",
        ("emerged as a great power", "regained lost land from the war"),
        need=2,
    )
    assert mark("emerged as a great power and regained lost land from the war").verdict == "right"
    lost = mark("emerged as a great power but lost land from the war")
    assert lost.verdict != "right" and lost.marks_awarded <= 1, lost.note
    assert [p.covered for p in lost.points] == [True, False]


@pytest.mark.parametrize(
    ("typed", "answer", "question", "note"),
    [
        (  # two names the other way round
            "largest tank battle in history, Germany annihilated the USSR",
            "Largest tank battle in history: the USSR annihilated Germany",
            "What was Kursk?",
            "check who did what: you have Germany where the notes have USSR",
        ),
        (  # a point typed the other way round
            "the army secured its grip on Cromwell",
            "Cromwell secured his grip on the army",
            "What did the war give Cromwell?",
            "check who did what: you have army where the notes have Cromwell",
        ),
        (  # the question's relation the other way round
            "the USSR recognised the USA in 1933",
            "In 1933",
            "When did the USA recognise the USSR?",
            "check who did what: you have USSR doing it where the question has USA",
        ),
        (  # a name in another's role
            "Alliance between Germany and Japan for the USSR",
            "Alliance between Germany and Japan against the USSR",
            "What was the pact?",
            "check who did what: you have 'for the USSR' where the notes have 'against the USSR'",
        ),
    ],
)
def test_a_who_did_what_note_says_what_was_typed_in_the_notes_place(typed, answer, question, note):
    """One plain line a student can act on ("Germany before USSR" was said, and not understood)."""
    mark = mark_typed(typed, answer, question)
    assert mark.verdict == "partial"
    assert note in mark.note


def test_a_name_the_fact_is_set_beside_is_an_aside_not_a_name_from_another_card():
    mark = _marker("Why did the Armada fail?", "Storms wrecked the Spanish fleet", other="Drake raided Cadiz")
    compared = mark("storms wrecked the spanish fleet, far worse than at Cadiz")
    assert (compared.verdict, compared.note, compared.marks_awarded) == ("right", "", 1)
    assert mark("unlike at Cadiz, storms wrecked the spanish fleet").verdict == "right"
    # the name said in the claim itself is still doubted
    claimed = mark("storms wrecked the spanish fleet at Cadiz")
    assert (claimed.verdict, claimed.marks_awarded) == ("partial", 0)
    assert claimed.note == "check it: Cadiz is from another card — tick the points you made"


@pytest.mark.parametrize(
    ("typed", "verdict", "marks"),
    [
        ("equal cavalry, twice the guns", "right", 2),
        ("roughly equal cavalry and 2 times as many guns", "right", 2),
        ("matched the Austrians in cavalry, twice the guns", "right", 2),
        ("twice the guns", "partial", 1),
    ],
)
def test_equal_is_read_as_matched(typed, verdict, marks):
    mark = _marker(
        "How did the French army compare with the Austrian one?",
        "Matched the Austrians in cavalry + twice the guns",
        ("matched the Austrians in cavalry / matched in cavalry", "twice the guns / 2 times the guns"),
    )
    got = mark(typed)
    assert (got.verdict, got.marks_awarded) == (verdict, marks), got.note


@pytest.mark.parametrize(
    ("typed", "verdict", "note"),
    [
        ("a great victory, regained lost land from the old war", "right", ""),
        ("a great victory, regained lost territory from the old war", "right", ""),
        (
            "a great victory, regained lost colonies from the old war",
            "partial",
            "check it: colonies where the notes say territory — tick the points you made",
        ),
    ],
)
def test_a_word_of_near_meaning_in_a_points_place_is_no_swap(typed, verdict, note):
    mark = _marker(
        "What did Prussia gain from the war?",
        "A great victory + regained lost territory from the old war",
        ("great victory", "regained lost territory from the old war"),
    )
    got = mark(typed)
    assert (got.verdict, got.note) == (verdict, note)


@pytest.mark.parametrize(
    ("typed", "verdict", "marks"),
    [
        ("a great victory, got back lost territory", "right", 2),
        ("a great victory and won back the lost territory", "right", 2),
        ("a great victory, got lost territory", "partial", 1),
    ],
)
def test_a_verb_and_its_particle_are_read_as_the_notes_one_verb(typed, verdict, marks):
    mark = _marker(
        "What did Prussia gain from the war?",
        "A great victory + regained lost territory",
        ("great victory", "regained lost territory"),
        other="Austria got back Silesia",  # the phrase in another card is no name of it
    )
    got = mark(typed)
    assert (got.verdict, got.marks_awarded) == (verdict, marks), got.note


@pytest.mark.parametrize(
    ("typed", "verdict", "note"),
    [
        ("the tsar brushed aside protests", "right", ""),
        (
            "the tsar caved in to protests",
            "partial",
            "check it: gave where the notes say ignored — tick the points you made",
        ),
        (
            "the tsar brushed protests",
            "partial",
            "check it: brushed where the notes say ignored — tick the points you made",
        ),
    ],
)
def test_brushed_aside_is_read_as_ignored(typed, verdict, note):
    got = _marker("Why did the congress fail?", "The Tsar ignored protests")(typed)
    assert (got.verdict, got.note) == (verdict, note)


@pytest.mark.parametrize(
    ("typed", "verdict", "note"),
    [
        ("he took the fortress", "right", ""),
        ("he seized the fortress", "right", ""),
        ("he left the fortress", "self", "found no mark point; check it yourself"),
    ],
)
def test_took_is_read_as_captured(typed, verdict, note):
    got = _marker("What did Wellington do at Badajoz in 1812?", "Captured the fortress after a long siege")(
        typed
    )
    assert (got.verdict, got.note) == (verdict, note)


@pytest.mark.parametrize(
    ("typed", "verdict", "marks", "note"),
    [
        ("to defend the coast and destroy enemy trade", "right", 2, ""),
        ("to defend the coast", "partial", 1, "1 of 2 points"),
        ("to attack the coast and destroy enemy trade", "partial", 1, "1 of 2 points"),
    ],
)
def test_a_key_word_said_as_another_part_of_speech_is_found(typed, verdict, marks, note):
    mark = _marker(
        "Why was the fleet built?",
        "For the defence of the coast + the destruction of enemy trade",
        ("defence of the coast", "destruction of enemy trade"),
    )
    got = mark(typed)
    assert (got.verdict, got.marks_awarded, got.note) == (verdict, marks, note)


@pytest.mark.parametrize(
    ("typed", "verdict", "marks"),
    [
        (
            "they burnt the harvest, relocated their army east, napoleon was cocky and they smashed the rearguard",
            "right",
            4,
        ),
        ("they burnt the harvest", "partial", 1),
        (
            "they burnt the houses, relocated their army east, napoleon was cocky and they smashed the rearguard",
            "partial",
            3,
        ),
    ],
)
def test_harvest_relocated_cocky_and_smashed_are_read_as_the_notes_words(typed, verdict, marks):
    mark = _marker(
        "Why did the French retreat from Moscow in 1812?",
        "The Russians burnt the crops + moved their army east + Napoleon was overconfident + the Russians defeated the rearguard",
        ("burnt the crops", "moved their army east", "Napoleon was overconfident", "defeated the rearguard"),
    )
    got = mark(typed)
    assert (got.verdict, got.marks_awarded) == (verdict, marks), got.note


@pytest.mark.parametrize(
    ("topic", "verdict", "note"),
    [
        ("The Peninsular War", "right", ""),
        ("Battles", "partial", "check it: war is not in the notes here — tick the points you made"),
    ],
)
def test_a_common_word_of_the_cards_heading_is_no_stranger_in_a_point(topic, verdict, note):
    card = Card(
        id="card",
        topic=topic,
        question="What was Salamanca?",
        answer="A major victory of Wellington = turning point",
    )
    other = Card(
        id="other",
        topic="Causes",
        question="Why did the war begin?",
        answer="Napoleon invaded Spain and started the Peninsular War",
    )
    deck = Deck(id="d", title="Spain 1808-1814", topics=[], cards=[card, other])
    got = mark_answer(card, "a major victory of Wellington, a turning point in the war", deck)
    assert (got.verdict, got.note) == (verdict, note)


@pytest.mark.parametrize(
    ("typed", "verdict", "note"),
    [
        ("he told the generals", "right", ""),
        ("precise commands to generals", "right", ""),
        ("he paid the generals", "self", "found no mark point; check it yourself"),
    ],
)
def test_told_and_commands_are_read_as_instructions(typed, verdict, note):
    got = _marker("How did the King keep control of the war?", "Precise instructions to generals")(typed)
    assert (got.verdict, got.note) == (verdict, note)


@pytest.mark.parametrize(
    ("typed", "verdict", "note"),
    [
        ("Portugal, Naples and Savoy in 1820, as they had just made peace with the Republic", "right", ""),
        ("Portugal, Naples and Savoy in 1820, as they had just become independent", "right", ""),
        (
            "Portugal, Naples, Savoy and Prussia in 1820",
            "partial",
            "3 of 3 — Prussia is not in the answer — tick the points you made",
        ),
        (
            "Portugal, Naples, Savoy and the Papal States",
            "partial",
            "3 of 3 — Papal States is not in the answer — tick the points you made",
        ),
    ],
)
def test_a_clause_saying_why_is_no_extra_list_item(typed, verdict, note):
    got = _marker("Which states first recognised the Republic?", "Portugal, Naples + Savoy in 1820")(typed)
    assert (got.verdict, got.note) == (verdict, note)


@pytest.mark.parametrize(
    ("typed", "verdict", "marks"),
    [
        ("it was full of factories and on the road to Kiev", "right", 2),
        ("it was full of churches and on the road to Kiev", "partial", 1),
    ],
)
def test_factories_are_read_as_industry(typed, verdict, marks):
    mark = _marker(
        "Why did Napoleon want Moscow?",
        "Industrial city + the road to Kiev",
        ("industrial city / industry", "road to Kiev"),
    )
    got = mark(typed)
    assert (got.verdict, got.marks_awarded) == (verdict, marks), got.note


@pytest.mark.parametrize(
    ("typed", "verdict", "note"),
    [
        (
            "Britain appeased France and ignored the Tsar's protests, and Spain was not even invited",
            "right",
            "",
        ),
        (
            "Britain appeased France and did not ignore the Tsar's protests",
            "partial",
            "says 'not' where the notes do not: check the claim — tick the points you made",
        ),
        (
            "Britain appeased France and ignored the Tsar's protests, but not in 1822",
            "partial",
            "says 'not' where the notes do not: check the claim — tick the points you made",
        ),
    ],
)
def test_a_negation_in_a_part_with_no_word_of_the_card_turns_no_point_round(typed, verdict, note):
    mark = _marker(
        "Why did the Congress of Verona fail?", "Britain ignored the Tsar's protests + appeased France"
    )
    got = mark(typed)
    assert (got.verdict, got.note) == (verdict, note)


@pytest.mark.parametrize(
    ("typed", "verdict", "note"),
    [
        (
            "offered loans in exchange for restoring foreign businesses and paying debts from the tsar era",
            "right",
            "",
        ),
        (
            "offered loans in exchange for restoring foreign businesses and paying debts from the kaiser era",
            "partial",
            "check it: kaiser where the notes say Tsarist — tick the points you made",
        ),
    ],
)
def test_the_tsar_is_read_as_tsarist(typed, verdict, note):
    card = Card(
        id="card",
        topic="t",
        question="What did the Western powers offer at Genoa?",
        answer="Credit in return for the settlement of debts from the Tsarist era + the restoration of foreign business",
        points=(
            "credit / loans",
            "in return for settling the debts from the Tsarist era / Tsarist debts / Tsar's debts",
            "restoration of foreign business",
        ),
        need=2,
    )
    other = Card(id="other", topic="t", question="Who led Russia in 1914?", answer="Tsar Nicholas II")
    got = mark_answer(card, typed, Deck(id="d", title="d", topics=[], cards=[card, other]))
    assert (got.verdict, got.note) == (verdict, note)


@pytest.mark.parametrize(
    ("topic", "title", "verdict", "note"),
    [
        ("Napoleon's leadership", "Spanish wars 1808-1814", "right", ""),
        (
            "Army",
            "Napoleon's wars 1808-1814",
            "partial",
            "check it: Napoleon is not in the notes here — tick the points you made",
        ),
    ],
)
def test_a_name_of_the_cards_topic_is_no_stranger_in_a_point_but_one_of_the_title_is(
    topic, title, verdict, note
):
    card = Card(
        id="card",
        topic=topic,
        question="Why was the French army short of officers in 1812?",
        answer="Due to the purges of royalist officers",
        points=("purges of royalist officers / purges / purged the officers",),
    )
    other = Card(
        id="other", topic="War", question="Who fought at Borodino?", answer="Fought by Napoleon and Kutuzov"
    )
    deck = Deck(id="d", title=title, topics=[], cards=[card, other])
    got = mark_answer(card, "it was weak because Napoleon had purged the officers", deck)
    assert (got.verdict, got.note) == (verdict, note)
