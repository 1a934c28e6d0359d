"""Search as you type: normalising, matching, ranking, highlighting offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import build_sample_deck
from tui.core.deck import Card, Deck, Topic
from tui.core.search import SearchIndex, excerpt, match_spans, normalise, query_terms


def deck_of(*rows: tuple[str, str]) -> Deck:
    cards = [Card(f"c{i}", "T", question, answer) for i, (question, answer) in enumerate(rows)]
    return Deck("d", "D", [Topic("T", tuple(c.id for c in cards))], cards)


def test_normalise_ignores_case_and_accents():
    assert normalise("Société des Nations") == "societe des nations"
    assert normalise("KRAKÓW") == "krakow"
    assert normalise("Straße") == "strasse"
    assert normalise("Treaty of RAPALLO") == "treaty of rapallo"


def test_query_terms_are_normalised_words():
    assert query_terms("  Rapallo   TREATY ") == ("rapallo", "treaty")
    assert query_terms("") == ()


def test_search_finds_rapallo_whatever_the_case():
    index = SearchIndex(build_sample_deck())
    for query in ("rapallo", "RAPALLO", "RaPaLlO", "rapa"):
        assert [card.id for card in index.search(query).cards] == ["rapallo"]


def test_accents_in_cards_and_queries_are_ignored():
    index = SearchIndex(deck_of(("Where did the Société des Nations meet?", "Genève"), ("Other?", "No")))
    assert [c.id for c in index.search("societe").cards] == ["c0"]
    assert [c.id for c in index.search("GENEVE").cards] == ["c0"]
    assert [c.id for c in index.search("sociéte").cards] == ["c0"]


def test_every_word_must_occur_in_question_or_answer():
    index = SearchIndex(build_sample_deck())
    assert [c.id for c in index.search("britain 1924").cards] == ["britain"]
    assert [c.id for c in index.search("britain zinoviev").cards] == ["zinoviev"]
    assert index.search("britain nonsense").cards == []


def test_question_matches_rank_before_answer_matches_then_deck_order():
    index = SearchIndex(
        deck_of(
            ("First?", "about treaties"),
            ("Which treaty?", "one"),
            ("Another?", "treaty again"),
            ("Second treaty?", "two"),
        )
    )
    assert [c.id for c in index.search("treat").cards] == ["c1", "c3", "c0", "c2"]


def test_empty_query_lists_every_card_in_deck_order():
    deck = build_sample_deck()
    result = SearchIndex(deck).search("   ")
    assert result.terms == ()
    assert result.cards == deck.cards


def test_narrowing_then_widening_again_gives_fresh_results():
    index = SearchIndex(build_sample_deck())
    assert len(index.search("brit")) == 3
    assert len(index.search("britain zin")) == 1
    assert len(index.search("brit")) == 3
    assert len(index.search("pact")) == 1


WORDS = ["pact", "Pacte", "treaty", "Traité", "Rapallo", "war", "Kraków", "zone", "a", "é"]


@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(WORDS), max_size=5), st.lists(st.sampled_from(WORDS), max_size=5)),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.text(alphabet="aceéiknoprtwzAKPRT ", max_size=12), min_size=1, max_size=6),
)
def test_typing_query_after_query_matches_a_fresh_search(rows, queries):
    deck = deck_of(*((" ".join(q), " ".join(a)) for q, a in rows))
    typing = SearchIndex(deck)
    for query in queries:
        # Type the query one character at a time, as a student does.
        for end in range(len(query) + 1):
            typed = typing.search(query[:end])
        fresh = SearchIndex(deck).search(query)
        assert typed.cards == fresh.cards
        terms = query_terms(query)
        expected = [
            c
            for c in deck.cards
            if all(t in normalise(c.question) or t in normalise(c.answer) for t in terms)
        ]
        if expected or not fresh.near:
            assert sorted(c.id for c in fresh.cards) == sorted(c.id for c in expected)
        else:  # nothing as typed: each card found holds, for every term, a word close to it
            from rapidfuzz import fuzz
            from rapidfuzz.distance import OSA

            for card in fresh.cards:
                text = normalise(card.question) + " " + normalise(card.answer)
                for term in terms:
                    close = [
                        w for w in fresh.terms if OSA.distance(w, term) <= 1 or fuzz.ratio(w, term) >= 80
                    ]
                    assert any(word in text for word in close)


def test_match_spans_point_into_the_original_text():
    text = "Treaty of Rapallo; the RAPALLO treaty"
    spans = match_spans(text, ("rapallo",))
    assert [text[s:e] for s, e in spans] == ["Rapallo", "RAPALLO"]


def test_match_spans_cover_accented_letters():
    text = "La Société des Nations à Genève"
    assert [text[s:e] for s, e in match_spans(text, ("societe", "geneve"))] == ["Société", "Genève"]


def test_overlapping_matches_merge():
    text = "abcabc"
    assert match_spans(text, ("abca", "cab")) == [(0, 5)]
    assert match_spans(text, ()) == []


@given(st.text(alphabet="abcÉéßAB ", max_size=30), st.text(alphabet="abcéeAB", min_size=1, max_size=3))
def test_every_span_normalises_to_text_containing_a_term(text, query):
    terms = query_terms(query)
    for start, end in match_spans(text, terms):
        assert 0 <= start < end <= len(text)
        assert any(term in normalise(text[start:end]) for term in terms)


def test_excerpt_starts_near_a_late_match_with_an_ellipsis():
    text = "Economic agreement: raw materials and machinery in exchange for food · Secret agreement: Poland"
    spans = match_spans(text, ("poland",))
    short, shifted = excerpt(text, spans, lead=10)
    assert short.startswith("…")
    assert [short[s:e] for s, e in shifted] == ["Poland"]
    assert short == "…agreement: Poland"


def test_excerpt_keeps_text_whose_match_is_near_the_start():
    text = "Rapallo treaty with Germany"
    spans = match_spans(text, ("treaty",))
    assert excerpt(text, spans) == (text, spans)


def test_a_typo_finds_the_close_word_and_says_it_is_near():
    index = SearchIndex(build_sample_deck())
    result = index.search("rapalo")
    assert result.near and [card.id for card in result.cards] == ["rapallo"]
    assert "rapallo" in result.terms  # the word found is highlighted


def test_one_slip_in_a_short_word_finds_it():
    deck = Deck(
        id="d",
        title="D",
        topics=[Topic("T", ("pact", "other"))],
        cards=[
            Card(
                id="pact",
                topic="T",
                question="What was the Nazi-Soviet Pact?",
                answer="A non-aggression pact",
            ),
            Card(id="other", topic="T", question="What was Kursk?", answer="A tank battle"),
        ],
    )
    result = SearchIndex(deck).search("non agression pakt")  # "pakt" scores only 75 on the ratio
    assert result.near and [card.id for card in result.cards] == ["pact"]
    assert "pact" in result.terms


def test_an_exact_match_is_never_replaced_by_near_ones():
    index = SearchIndex(build_sample_deck())
    result = index.search("rapallo")
    assert not result.near and [card.id for card in result.cards] == ["rapallo"]


def test_nothing_close_finds_nothing():
    result = SearchIndex(build_sample_deck()).search("zzzzzz")
    assert not result.near and result.cards == []
