"""The quiz engine: selection, multiple-choice options, the clock, and whole papers."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW, FakeClock, build_sample_deck
from tui.core.deck import Card, DateEvent, Deck, Topic
from tui.core.marking import mark_typed, same_answer, years_in
from tui.core.progress import QuestionStats
from tui.core.quiz import Phase, Quiz, QuizClock, QuizSettings, choice_options, select_cards
from tui.core.weakness import weak_questions


def make_deck(answers_by_topic: dict[str, list[str]], events: list[DateEvent] = ()) -> Deck:
    cards = [
        Card(f"{topic}-{i}", topic, f"Question {topic} {i}?", answer)
        for topic, answers in answers_by_topic.items()
        for i, answer in enumerate(answers)
    ]
    topics = [Topic(name, tuple(c.id for c in cards if c.topic == name)) for name in answers_by_topic]
    return Deck(id="test", title="Test", topics=topics, cards=cards, events=list(events))


def stats(card_id: str, outcomes: str, days_ago: float = 1.0) -> QuestionStats:
    """What the store keeps after these answers ("1" right, "0" wrong, oldest first)."""
    answers = [outcome == "1" for outcome in outcomes]
    return QuestionStats(
        deck_id="test",
        card_id=card_id,
        attempts=len(answers),
        correct=sum(answers),
        lapses=sum(1 for before, after in itertools.pairwise(answers) if before and not after),
        recent=tuple(answers),
        last_answered=FIXED_NOW - timedelta(days=days_ago),
    )


def cards_named(*ids: str) -> list[Card]:
    return [Card(card_id, "T", f"{card_id}?", f"answer {card_id}") for card_id in ids]


# -- selection ------------------------------------------------------------------


def test_unanswered_and_weak_questions_come_first():
    cards = cards_named(*(f"c{i}" for i in range(20)))
    known = {f"c{i}": stats(f"c{i}", "11111") for i in range(10)}  # mastered
    known.update({f"c{i}": stats(f"c{i}", "00") for i in (10, 11, 12)})  # weak
    for seed in range(20):
        chosen = {c.id for c in select_cards(cards, known, 10, random.Random(seed), FIXED_NOW)}
        assert chosen == {f"c{i}" for i in range(10, 20)}


def test_weak_spots_come_first_weakest_first_then_unanswered_then_the_rest():
    cards = cards_named("a", "b", "c", "d", "e", "f", "g")
    known = {
        "a": stats("a", "000"),  # weakness 0.79
        "b": stats("b", "1110", days_ago=30),  # a lapse on the newest answer, a month ago: 0.58
        "c": stats("c", "0"),  # missed its only try: 0.69
        "e": stats("e", "0111"),  # recovering, the newest answers count most: 0.32, not weak
        "f": stats("f", "1"),  # 1/1 is not mastery, but not a weak spot either: 0.35
        "g": stats("g", "11111"),  # 0.21
    }
    assert [s.card_id for s in weak_questions(known, FIXED_NOW)] == [
        "a",
        "c",
        "b",
    ]  # as weak spots lists them
    pick = lambda n: {c.id for c in select_cards(cards, known, n, random.Random(1), FIXED_NOW)}  # noqa: E731
    assert pick(1) == {"a"}
    assert pick(2) == {"a", "c"}
    assert pick(3) == {"a", "b", "c"}
    assert pick(4) == {"a", "b", "c", "d"}  # d was never answered

    def fifth(seed):
        return ({c.id for c in select_cards(cards, known, 5, random.Random(seed), FIXED_NOW)} - pick(4)).pop()

    assert {fifth(seed) for seed in range(20)} == {"e", "f", "g"}  # the known ones at random


def test_the_rest_come_at_random_and_the_order_is_shuffled():
    cards = cards_named(*(f"c{i}" for i in range(30)))
    known = {c.id: stats(c.id, "1111") for c in cards}
    picks = {
        tuple(c.id for c in select_cards(cards, known, 5, random.Random(seed), FIXED_NOW))
        for seed in range(10)
    }
    assert len(picks) == 10
    assert select_cards(cards, known, 5, random.Random(3), FIXED_NOW) == select_cards(
        cards, known, 5, random.Random(3), FIXED_NOW
    )


def test_never_the_same_card_twice_and_never_more_than_there_are():
    cards = cards_named("a", "b", "c") * 3
    chosen = select_cards(cards, {}, 10, random.Random(0), FIXED_NOW)
    assert sorted(c.id for c in chosen) == ["a", "b", "c"]


def test_a_quiz_uses_only_the_chosen_topics():
    deck = build_sample_deck()
    quiz = Quiz.build(deck, QuizSettings(topics=("Road to war",)), {}, FakeClock(), random.Random(0))
    assert {q.card.topic for q in quiz.questions} == {"Road to war"}
    assert len(quiz.questions) == 3


# -- multiple choice --------------------------------------------------------------


def test_a_year_answer_gets_nearby_years_from_the_deck_in_the_same_form():
    deck = build_sample_deck()  # dates 1919, 1920, 1922, 1924, 1939
    options = choice_options(deck.card("britain"), deck, random.Random(5))
    assert len(options) == 4 and options.count("In 1924") == 1
    assert all(option.startswith("In ") for option in options)
    years = {years_in(option)[0] for option in options} - {1924}
    assert years <= {1919, 1920, 1922, 1939, 1930}  # the deck's own years (1930 is in an answer)


def test_a_deck_with_few_years_fills_in_neighbouring_ones():
    deck = make_deck({"T": ["1917", "Lenin", "Trotsky"]})
    options = choice_options(deck.cards[0], deck, random.Random(0))
    assert len(set(options)) == 4 and "1917" in options
    assert all(abs(int(option) - 1917) <= 2 for option in options)


def test_text_answers_come_from_the_same_topic_first():
    deck = make_deck(
        {
            "Diplomacy": ["Litvinov", "Chicherin", "Molotov", "Trotsky"],
            "War": ["Zhukov", "Konev", "Rokossovsky", "Timoshenko"],
        }
    )
    for seed in range(10):
        options = choice_options(deck.cards[0], deck, random.Random(seed))
        assert sorted(options) == ["Chicherin", "Litvinov", "Molotov", "Trotsky"]


def test_answers_with_a_year_prefer_wrong_answers_with_a_year():
    deck = make_deck(
        {"T": ["Finland in 1920", "Poland in 1921", "Latvia in 1920", "Germany in 1922", "Stalin", "Lenin"]}
    )
    options = choice_options(deck.cards[0], deck, random.Random(2))
    assert all(years_in(option) for option in options)


def test_a_small_deck_gives_fewer_options_and_a_single_card_falls_back_to_a_flashcard():
    two = make_deck({"T": ["Lenin", "Stalin"]})
    assert sorted(choice_options(two.cards[0], two, random.Random(0))) == ["Lenin", "Stalin"]
    one = make_deck({"T": ["Lenin"]})
    quiz = Quiz.of_cards(one, one.cards, QuizSettings(), FakeClock(), random.Random(0))
    assert quiz.questions[0].kind == "flashcard"


def test_the_right_option_sits_in_each_place_equally_often():
    deck = build_sample_deck()
    rng = random.Random(11)
    places = Counter(
        choice_options(deck.card("pact"), deck, rng).index(deck.card("pact").answer) for _ in range(4000)
    )
    assert set(places) == {0, 1, 2, 3}
    assert all(850 <= count <= 1150 for count in places.values()), places


NAMES = [
    "Estonia",
    "Latvia",
    "Lithuania",
    "Finland",
    "Poland",
    "Germany",
    "Britain",
    "France",
    "Japan",
    "Italy",
    "Romania",
    "Hungary",
    "Bulgaria",
    "Yugoslavia",
    "Czechoslovakia",
    "Austria",
    "Spain",
    "Turkey",
    "Persia",
    "China",
    "Mongolia",
    "Norway",
    "Sweden",
    "Denmark",
    "Belgium",
    "Greece",
]
ANSWER = st.one_of(
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True).map(" + ".join),
    st.integers(1900, 1950).map(lambda year: f"In {year}"),
    st.integers(1900, 1950).map(str),
)


@settings(max_examples=60, deadline=None)
@given(
    answers=st.lists(ANSWER, min_size=5, max_size=14),
    topic_of=st.lists(st.integers(0, 2), min_size=14, max_size=14),
    seed=st.integers(0, 10_000),
)
def test_always_four_distinct_options_with_exactly_one_right(answers, topic_of, seed):
    # Keep answers a student could tell apart, and enough of each kind for four options.
    distinct: list[str] = []
    for answer in answers:
        if not any(same_answer(answer, kept) for kept in distinct):
            distinct.append(answer)
    texts = [a for a in distinct if not years_in(a)]
    if len(texts) < 4:
        distinct += [n for n in ("Zhukov", "Konev", "Molotov", "Litvinov")][: 4 - len(texts)]
    by_topic: dict[str, list[str]] = {}
    for i, answer in enumerate(distinct):
        by_topic.setdefault(f"Topic {topic_of[i % len(topic_of)]}", []).append(answer)
    deck = make_deck(by_topic)
    rng = random.Random(seed)
    for card in deck.cards:
        options = choice_options(card, deck, rng)
        assert len(options) == 4
        assert all(option.strip() for option in options)
        assert not any(same_answer(a, b) for i, a in enumerate(options) for b in options[i + 1 :])
        assert [o for o in options if mark_typed(o, card.answer).right] == [card.answer]


# -- the clock ----------------------------------------------------------------------


def test_the_clock_counts_only_while_running():
    clock = FakeClock()
    quiz_clock = QuizClock(clock, limit_seconds=60)
    clock.advance(10)
    assert quiz_clock.elapsed() == 0 and quiz_clock.remaining() == 60
    quiz_clock.start()
    clock.advance(20)
    assert quiz_clock.elapsed() == 20 and quiz_clock.remaining() == 40
    quiz_clock.hold("paused")
    clock.advance(100)
    assert quiz_clock.elapsed() == 20 and not quiz_clock.expired
    quiz_clock.hold("feedback")
    quiz_clock.release("paused")
    clock.advance(5)
    assert quiz_clock.elapsed() == 20  # still held by the other reason
    quiz_clock.release("feedback")
    clock.advance(40)
    assert quiz_clock.expired and quiz_clock.remaining() == 0
    quiz_clock.stop()
    clock.advance(10)
    assert quiz_clock.elapsed() == 60


def test_a_clock_without_a_limit_never_expires():
    clock = FakeClock()
    quiz_clock = QuizClock(clock)
    quiz_clock.start()
    clock.advance(10_000)
    assert quiz_clock.remaining() is None and not quiz_clock.expired and quiz_clock.elapsed() == 10_000


# -- whole papers ------------------------------------------------------------------


def sample_quiz(clock: FakeClock, **settings) -> Quiz:
    deck = build_sample_deck()
    quiz = Quiz.build(deck, QuizSettings(**settings), {}, clock, random.Random(4))
    quiz.start()
    return quiz


def right_option(quiz: Quiz) -> int:
    return quiz.current.right_option


def test_practice_marks_and_records_each_answer_once_with_its_time():
    clock = FakeClock()
    quiz = sample_quiz(clock)
    assert len(quiz.questions) == 8
    clock.advance(4)
    quiz.choose(right_option(quiz))
    first = quiz.take_records()
    assert [(q.correct, q.seconds) for q in first] == [(True, 4.0)]
    clock.advance(30)  # reading the feedback is not answering time
    assert quiz.clock.elapsed() == 4
    assert quiz.take_records() == []
    quiz.advance()
    clock.advance(6)
    quiz.choose((right_option(quiz) + 1) % 4)
    assert [(q.correct, q.seconds) for q in quiz.take_records()] == [(False, 6.0)]


def test_a_typed_mark_can_be_overruled_and_the_overrule_is_recorded():
    clock = FakeClock()
    quiz = sample_quiz(clock, answer_mode="typed")
    question = quiz.current
    quiz.submit_typed("something else entirely")
    if question.mark.verdict == "self":
        assert quiz.take_records() == []  # the student's own mark comes first
        quiz.self_mark(True)
        quiz.advance()
        assert [(q.card.id, q.correct, q.amend) for q in quiz.take_records()] == [
            (question.card.id, True, False)
        ]
        return
    assert question.correct is False
    # The mark on screen is recorded at once (a killed terminal keeps it) ...
    assert [(q.card.id, q.correct, q.amend) for q in quiz.take_records()] == [
        (question.card.id, False, False)
    ]
    quiz.overrule()
    assert question.correct is True and question.overruled
    # ... and the overrule replaces that record (amend), once.
    assert [(q.card.id, q.correct, q.amend) for q in quiz.take_records()] == [(question.card.id, True, True)]
    quiz.advance()
    assert quiz.take_records() == []


def test_practice_time_up_misses_the_question_on_screen_and_skips_the_rest():
    clock = FakeClock()
    quiz = sample_quiz(clock, minutes=1)
    for _ in range(2):
        clock.advance(10)
        quiz.choose(right_option(quiz))
        quiz.advance()
    clock.advance(45)
    assert quiz.clock.expired
    quiz.time_up()
    records = quiz.take_records()
    assert [q.correct for q in records] == [True, True, False]
    assert records[-1].timed_out and records[-1].seconds == 40
    result = quiz.result()
    assert [q.status for q in result.questions] == ["right", "right", "wrong"] + ["not reached"] * 5
    assert (result.score, result.total, result.reached) == (2, 8, 3)
    assert result.percent == 0.25 and result.average_seconds == 20
    assert len(result.missed_card_ids) == 6


def test_an_exam_records_only_when_handed_in_and_a_changed_answer_once():
    clock = FakeClock()
    quiz = sample_quiz(clock, exam=True)
    first = quiz.current
    clock.advance(5)
    quiz.choose((right_option(quiz) + 1) % 4)  # wrong
    quiz.advance()
    clock.advance(3)
    quiz.go_back()
    assert quiz.current is first
    clock.advance(2)
    quiz.choose(right_option(quiz))  # changed to right
    assert quiz.take_records() == []
    quiz.advance()
    for _ in range(7):
        quiz.choose(right_option(quiz))
        quiz.advance()
    assert quiz.at_end and quiz.take_records() == []
    quiz.hand_in()
    records = quiz.take_records()
    assert len(records) == 8 and all(q.correct for q in records)
    assert first.seconds == 7  # 5 s, then 2 s more after going back
    assert quiz.take_records() == []


def test_an_exam_running_out_marks_what_was_answered():
    clock = FakeClock()
    quiz = sample_quiz(clock, exam=True, minutes=1)
    for _ in range(3):
        clock.advance(10)
        quiz.choose(right_option(quiz))
        quiz.advance()
    clock.advance(31)
    quiz.time_up()
    assert quiz.handed_in
    records = quiz.take_records()
    assert [q.correct for q in records] == [True, True, True, False]
    assert quiz.result().score == 3


def test_exam_typed_answers_are_checked_by_the_student_after_hand_in():
    clock = FakeClock()
    deck = build_sample_deck()
    settings = QuizSettings(answer_mode="typed", exam=True)
    cards = [deck.card("britain"), deck.card("purges"), deck.card("first-recognition")]
    quiz = Quiz.of_cards(deck, cards, settings, clock, random.Random(0))
    quiz.start()
    for text in ("1925", "the purges", "Estonia, Latvia, Lithuania and Finland"):
        quiz.submit_typed(text)
        quiz.advance()
    quiz.hand_in()
    to_mark = quiz.to_mark()
    assert [q.card.id for q in to_mark] == ["britain", "purges", "first-recognition"]
    assert [q.mark.verdict for q in to_mark] == ["wrong", "self", "right"]
    assert quiz.take_records() == []
    quiz.confirm(to_mark[0])
    quiz.self_mark(True, to_mark[1])
    quiz.overrule(to_mark[2])
    quiz.confirm(to_mark[2])
    quiz.finish()
    assert [(q.card.id, q.correct) for q in quiz.take_records()] == [
        ("britain", False),
        ("purges", True),
        ("first-recognition", False),
    ]


def test_flashcards_reveal_then_self_mark():
    clock = FakeClock()
    quiz = sample_quiz(clock, answer_mode="flashcard")
    quiz.reveal()
    assert quiz.phase is Phase.REVEALED
    quiz.self_mark(False)
    assert [(q.correct, q.response) for q in quiz.take_records()] == [(False, "did not know")]


def test_leaving_an_exam_records_nothing():
    quiz = sample_quiz(FakeClock(), exam=True)
    quiz.choose(0)
    quiz.advance()
    quiz.finish()
    assert quiz.take_records() == []


def test_going_back_is_only_for_exams():
    quiz = sample_quiz(FakeClock())
    quiz.choose(0)
    quiz.advance()
    assert not quiz.can_go_back()
    with pytest.raises(ValueError):
        quiz.go_back()


def test_review_quiz_keeps_the_given_cards_in_order():
    deck = build_sample_deck()
    ids = ["pact", "britain", "pact", "czech"]
    quiz = Quiz.of_cards(
        deck, [deck.card(i) for i in ids], QuizSettings(minutes=None), FakeClock(), random.Random(0)
    )
    assert [q.card.id for q in quiz.questions] == ["pact", "britain", "czech"]
    assert quiz.clock.limit_seconds is None


def test_times_come_from_the_injected_clock():
    clock = FakeClock(FIXED_NOW + timedelta(days=3))
    quiz = sample_quiz(clock)
    clock.advance(2.5)
    quiz.choose(0)
    assert quiz.current.seconds == 2.5


def test_the_phase_follows_a_practice_question_from_asking_to_feedback_to_the_next():
    clock = FakeClock()
    quiz = sample_quiz(clock)
    assert quiz.phase is Phase.ASKING
    quiz.choose(right_option(quiz))
    assert quiz.phase is Phase.FEEDBACK
    quiz.advance()
    assert quiz.phase is Phase.ASKING
    quiz.pause()
    assert quiz.phase is Phase.PAUSED and quiz.clock.is_held("paused")
    with pytest.raises(ValueError):
        quiz.pause()
    quiz.resume()
    assert quiz.phase is Phase.ASKING and not quiz.clock.is_held("paused")
    quiz.finish()
    assert quiz.phase is Phase.OVER


def test_an_exam_goes_from_hand_in_through_marking_to_over():
    clock = FakeClock()
    deck = build_sample_deck()
    settings = QuizSettings(answer_mode="typed", exam=True)
    quiz = Quiz.of_cards(deck, [deck.card("britain"), deck.card("purges")], settings, clock, random.Random(0))
    quiz.start()
    for text in ("1925", "the purges"):
        quiz.submit_typed(text)
        assert quiz.phase is Phase.ASKING  # an exam shows no verdict
        quiz.advance()
    assert quiz.phase is Phase.HAND_IN
    quiz.go_back()
    assert quiz.phase is Phase.ASKING
    quiz.advance()
    quiz.hand_in()
    assert quiz.phase is Phase.MARKING and quiz.on_screen.card.id == "britain"
    quiz.confirm(quiz.on_screen)
    assert quiz.on_screen.card.id == "purges"
    quiz.self_mark(True, quiz.on_screen)
    assert quiz.phase is Phase.OVER and quiz.finished


def test_a_typed_practice_answer_the_marker_cannot_judge_waits_for_the_student():
    deck = build_sample_deck()
    settings = QuizSettings(answer_mode="typed")
    quiz = Quiz.of_cards(deck, [deck.card("purges")], settings, FakeClock(), random.Random(0))
    quiz.start()
    quiz.submit_typed("the purges")
    assert quiz.phase is Phase.SELF_MARK


# -- issue 16: grades, relearning, options that cannot be eliminated ------------------


def test_a_flashcard_grade_marks_again_wrong_and_the_rest_right():
    from tui.core.quiz import Quiz, QuizSettings

    deck = build_sample_deck()
    settings = QuizSettings(questions=4, minutes=None, answer_mode="flashcard")
    quiz = Quiz.of_cards(deck, list(deck.cards[:4]), settings, FakeClock(), random.Random(1))
    quiz.start()
    for rating in (1, 2, 3, 4):
        quiz.reveal()
        quiz.grade(rating)
        assert (quiz.current.rating, quiz.current.correct) == (rating, rating > 1)
        quiz.advance()
    with pytest.raises(ValueError):
        quiz.grade(5)


def test_a_relearning_drill_asks_a_missed_card_again_a_few_questions_later():
    from tui.core.quiz import RELEARN_ATTEMPTS, RELEARN_GAP, Quiz, QuizSettings

    deck = build_sample_deck()
    settings = QuizSettings(questions=8, minutes=None, answer_mode="flashcard")
    quiz = Quiz.of_cards(deck, list(deck.cards), settings, FakeClock(), random.Random(1))
    quiz.relearn = True
    quiz.start()
    missed = quiz.current.card.id
    quiz.reveal()
    quiz.grade(1)
    quiz.advance()
    ids = [q.card.id for q in quiz.questions]
    assert ids.count(missed) == 2 and ids.index(missed, 1) == 1 + RELEARN_GAP
    # Missed every time: it comes back, but no more than RELEARN_ATTEMPTS times in all.
    while not quiz.finished:
        quiz.reveal()
        quiz.grade(1 if quiz.current.card.id == missed else 3)
        quiz.advance()
    attempts = [q for q in quiz.questions if q.card.id == missed]
    assert [q.attempt for q in attempts] == list(range(1, RELEARN_ATTEMPTS + 1))
    assert quiz.result().missed_card_ids == [missed]


def test_a_quiz_without_relearning_asks_each_card_once():
    from tui.core.quiz import Quiz, QuizSettings

    deck = build_sample_deck()
    settings = QuizSettings(questions=8, minutes=None, answer_mode="flashcard")
    quiz = Quiz.of_cards(deck, list(deck.cards), settings, FakeClock(), random.Random(1))
    quiz.start()
    while not quiz.finished:
        quiz.reveal()
        quiz.grade(1)
        quiz.advance()
    assert len(quiz.questions) == len(deck.cards)


def _many_answer_deck(cards: int, topics: int):
    made = [
        Card(id=f"c{i}", topic=f"T{i % topics}", question=f"Question {i}?", answer=f"Answer number {i}")
        for i in range(cards)
    ]
    return Deck(
        id="many",
        title="Many",
        topics=[Topic(f"T{t}", tuple(c.id for c in made if c.topic == f"T{t}")) for t in range(topics)],
        cards=made,
    )


@given(seed=st.integers(0, 10_000), asked=st.integers(2, 8))
def test_no_option_is_the_answer_of_another_question_in_the_quiz(seed, asked):
    """Elimination: knowing the other questions' answers never rules out an option (deck big enough)."""
    from tui.core.quiz import Quiz, QuizSettings

    deck = _many_answer_deck(20, 2)
    rng = random.Random(seed)
    cards = rng.sample(list(deck.cards), asked)
    quiz = Quiz.of_cards(deck, cards, QuizSettings(questions=asked, minutes=None), FakeClock(), rng)
    answers = {card.answer for card in cards}
    for question in quiz.questions:
        assert len(question.options) == 4
        assert set(question.options) & answers == {question.card.answer}


def test_options_fall_back_to_other_questions_answers_when_the_deck_has_no_others():
    from tui.core.quiz import Quiz, QuizSettings

    deck = _many_answer_deck(4, 1)
    quiz = Quiz.of_cards(
        deck, list(deck.cards), QuizSettings(questions=4, minutes=None), FakeClock(), random.Random(3)
    )
    assert all(len(q.options) == 4 for q in quiz.questions)


# -- issue 16 (the rest): time up collects drafts; relearns and marks counted like the paper ----


def typed_exam(clock: FakeClock, exam: bool = True) -> Quiz:
    deck = build_sample_deck()
    settings = QuizSettings(answer_mode="typed", exam=exam, minutes=1)
    cards = [deck.card("britain"), deck.card("purges"), deck.card("first-recognition")]
    quiz = Quiz.of_cards(deck, cards, settings, clock, random.Random(1))
    quiz.start()
    return quiz


def test_time_up_hands_in_the_typed_draft_and_marks_it_as_an_answer():
    clock = FakeClock()
    quiz = typed_exam(clock)
    quiz.submit_typed("in 1924")
    quiz.advance()
    quiz.current.draft = "the purges of the army"  # being typed when the clock ran out
    clock.advance(61)
    quiz.time_up()
    purges = quiz.questions[1]
    assert purges.response == "the purges of the army" and purges.draft is None
    assert not purges.timed_out and purges.mark is not None
    assert purges in quiz.marking  # handed in with the paper, for the student to check
    assert quiz.questions[2].status == "not reached"


def test_time_up_with_an_empty_draft_leaves_the_question_unanswered():
    clock = FakeClock()
    quiz = typed_exam(clock)
    quiz.current.draft = "   "
    clock.advance(61)
    quiz.time_up()
    britain = quiz.questions[0]
    assert britain.response is None and britain.timed_out and britain.correct is False
    assert quiz.finished  # nothing typed anywhere: nothing to mark


def test_practice_time_up_counts_the_question_on_screen_as_missed_even_with_a_draft():
    """DESIGN: "When time runs out the question on screen counts as missed" (practice: only answers
    given count; an exam is taken in with its drafts, as a real paper is)."""
    clock = FakeClock()
    quiz = typed_exam(clock, exam=False)
    quiz.current.draft = "in 1924"
    clock.advance(61)
    quiz.time_up()
    [britain] = quiz.take_records()
    assert (britain.response, britain.correct, britain.timed_out) == (None, False, True)


def test_a_relearned_card_keeps_its_number_and_the_card_count_stays():
    deck = build_sample_deck()
    settings = QuizSettings(minutes=None, answer_mode="flashcard")
    quiz = Quiz.of_cards(deck, list(deck.cards[:5]), settings, FakeClock(), random.Random(1))
    quiz.relearn = True
    quiz.start()
    first = quiz.current
    quiz.reveal()
    quiz.grade(1)  # missed: asked again later
    quiz.advance()
    assert len(quiz.questions) == 6 and quiz.card_count == 5
    numbers = []
    while not quiz.finished:
        numbers.append((quiz.card_number(quiz.current), quiz.current.attempt))
        quiz.reveal()
        quiz.grade(3)
        quiz.advance()
    assert numbers == [(2, 1), (3, 1), (4, 1), (1, 2), (5, 1)]
    assert quiz.questions[4].card is first.card


def test_marks_so_far_add_each_questions_marks_as_the_paper_does():
    from tests.screens.screen_tour import shipped_deck

    deck = shipped_deck()
    settings = QuizSettings(answer_mode="typed", minutes=None)
    cards = [deck.card("barbarossa-motives-1941"), deck.card("zinoviev-letter")]
    quiz = Quiz.of_cards(deck, cards, settings, FakeClock(), random.Random(1))
    quiz.relearn = True
    quiz.start()
    assert quiz.marks_so_far() == (0, 0)
    quiz.submit_typed("He wanted Lebensraum and he hated Bolshevism")
    quiz.confirm_checklist()
    quiz.advance()
    hitler = quiz.questions[0]
    assert quiz.marks_so_far() == (hitler.marks_awarded, hitler.marks_available)
    assert hitler.marks_available > 1 and 0 < hitler.marks_awarded < hitler.marks_available
    quiz.submit_typed("no idea")
    if quiz.phase is Phase.SELF_MARK:
        quiz.self_mark(False)
    quiz.advance()
    result_so_far = quiz.marks_so_far()
    assert result_so_far == (hitler.marks_awarded, hitler.marks_available + quiz.questions[1].marks_available)
    # The missed card comes back: answering it right is practice, not more marks.
    assert quiz.current.attempt == 2
    quiz.submit_typed(quiz.current.card.answer)
    if quiz.phase is Phase.SELF_MARK:
        quiz.self_mark(True)
    elif quiz.phase is Phase.CHECKLIST:
        quiz.confirm_checklist()
    quiz.advance()
    result = quiz.result()
    assert quiz.marks_so_far() == result_so_far == (result.marks_awarded, result.marks_available)


def test_a_typed_question_not_reached_is_worth_what_answering_it_could_earn():
    clock = FakeClock()
    quiz = typed_exam(clock)
    worth = [question.marks_available for question in quiz.questions]  # nothing answered yet
    clock.advance(61)
    quiz.time_up()
    result = quiz.result()
    assert [q.status for q in quiz.questions] == ["wrong", "not reached", "not reached"]
    assert worth[2] > 1  # "first-recognition": one mark per country of its list
    # the paper's total is the same whether or not a question was reached
    assert result.marks_available == sum(worth)
