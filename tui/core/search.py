"""Search over every card's question and answer, case- and accent-insensitive.

The deck is normalised once (`SearchIndex`); each keystroke then only scans
plain lower-case strings, and a query that extends the previous one only
rescans the previous matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.text import fold

# Typo tolerance: a word this close (rapidfuzz ratio, 0–100) to a deck word finds it; 80 lets
# one slip in a 6-letter word through ("rapalo" ~ "rapallo" scores 92) and not a different word.
NEAR_SCORE = 80
NEAR_MIN_LENGTH = 4  # shorter words have too many neighbours to guess at
WORD = re.compile(r"\w+")

if TYPE_CHECKING:
    from tui.core.deck import Card, Deck


def normalise(text: str) -> str:
    """Lower-case `text` and strip its accents: "Société" -> "societe" (the core's one `fold`)."""
    return fold(text)


def query_terms(query: str) -> tuple[str, ...]:
    """The normalised words of a query; a card must contain every one of them."""
    return tuple(normalise(query).split())


def match_spans(text: str, terms: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, as sorted, merged (start, end) offsets into `text` itself.

    Offsets refer to the original text, accents and all, so a caller can
    highlight "Société" for the term "societe".
    """
    if not terms:
        return []
    if text.isascii():
        # Lower-casing ASCII keeps every offset where it was.
        flat, origin = text.lower(), list(range(len(text)))
    else:
        # Normalise character by character, remembering where each normalised character came from.
        folded: list[str] = []
        positions: list[int] = []
        for index, char in enumerate(text):
            piece = normalise(char)
            folded.append(piece)
            positions.extend([index] * len(piece))
        flat, origin = "".join(folded), positions
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = flat.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = flat.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def excerpt(text: str, spans: list[tuple[int, int]], lead: int = 24) -> tuple[str, list[tuple[int, int]]]:
    """`text` from a little before its first match, so a match deep in a long answer shows.

    Starts at a word boundary about `lead` characters before the first span,
    with a leading "…" when anything was dropped; the spans are shifted to match.
    """
    if not spans or spans[0][0] <= lead:
        return text, spans
    cut = text.rfind(" ", 0, spans[0][0] - lead) + 1
    if cut <= 0:
        cut = spans[0][0] - lead
    shift = cut - 1
    return "…" + text[cut:], [(start - shift, end - shift) for start, end in spans]


@dataclass(frozen=True)
class SearchResult:
    """The cards matching one query, best first, and the query's terms."""

    query: str
    terms: tuple[str, ...]
    cards: list[Card]
    # No card had every word: these are close matches ("rapalo" → "rapallo"), `terms` the words found.
    near: bool = False

    def __len__(self) -> int:
        return len(self.cards)


class SearchIndex:
    """A deck's questions and answers, normalised once, searchable as the student types."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self._cards = list(deck.cards)
        self._questions = [normalise(card.question) for card in self._cards]
        self._answers = [normalise(card.answer) for card in self._cards]
        # The last query and the positions (deck order) of its matches.
        self._last_query = ""
        self._last_matches: list[int] = list(range(len(self._cards)))
        self._words: list[str] | None = None

    def __len__(self) -> int:
        return len(self._cards)

    def search(self, query: str) -> SearchResult:
        """Cards containing every word of `query` in their question or answer.

        Ranked: cards with more of the words in the question first, then deck
        order. An empty query matches every card, in deck order.
        """
        terms = query_terms(query)
        folded_query = " ".join(normalise(query).split())
        # Typing on extends the query, so the new matches are among the previous ones.
        if self._last_query and folded_query.startswith(self._last_query):
            candidates: Sequence[int] = self._last_matches
        else:
            candidates = range(len(self._cards))
        questions, answers = self._questions, self._answers
        matches: list[int] = []
        # by_score[n]: matching cards (deck order) with n of the words in their question.
        by_score: list[list[int]] = [[] for _ in range(len(terms) + 1)]
        for i in candidates:
            question, answer, score = questions[i], answers[i], 0
            for term in terms:
                if term in question:
                    score += 1
                elif term not in answer:
                    break
            else:
                matches.append(i)
                by_score[score].append(i)
        self._last_query, self._last_matches = folded_query, matches
        cards = self._cards
        if not matches and terms:
            return self._near_search(query, terms)
        return SearchResult(query, terms, [cards[i] for bucket in reversed(by_score) for i in bucket])

    def _near_search(self, query: str, terms: tuple[str, ...]) -> SearchResult:
        """Typo tolerance: each word may be any deck word close to it (rapidfuzz's ratio ≥ `NEAR_SCORE`,
        or one slip by optimal string alignment: "pakt" finds "pact", where the ratio is only 75).

        Only when no card has every word as typed; words shorter than `NEAR_MIN_LENGTH` must be exact.
        """
        from rapidfuzz import fuzz, process  # lazily: start-up does not pay for it
        from rapidfuzz.distance import OSA

        vocabulary = self._vocabulary()
        choices: list[tuple[str, ...]] = []
        for term in terms:
            close: tuple[str, ...] = (term,)
            if len(term) >= NEAR_MIN_LENGTH:
                found = process.extract(term, vocabulary, scorer=fuzz.ratio, score_cutoff=NEAR_SCORE, limit=5)
                # one slip (a letter changed, added, dropped or two swapped) in a short word: "pakt" ~ "pact"
                slips = process.extract(term, vocabulary, scorer=OSA.distance, score_cutoff=1, limit=5)
                close = tuple(dict.fromkeys((term, *(word for word, _score, _i in [*found, *slips]))))
            choices.append(close)
        by_score: list[list[int]] = [[] for _ in range(len(terms) + 1)]
        for i, (question, answer) in enumerate(zip(self._questions, self._answers, strict=True)):
            score = 0
            for close in choices:
                if any(word in question for word in close):
                    score += 1
                elif not any(word in answer for word in close):
                    break
            else:
                by_score[score].append(i)
        found_cards = [self._cards[i] for bucket in reversed(by_score) for i in bucket]
        shown = tuple(dict.fromkeys(word for close in choices for word in close))
        return SearchResult(query, shown, found_cards, near=bool(found_cards))

    def _vocabulary(self) -> list[str]:
        """Every distinct word of the deck's questions and answers, normalised (built on first need)."""
        if self._words is None:
            words: set[str] = set()
            for text in (*self._questions, *self._answers):
                words.update(WORD.findall(text))
            self._words = sorted(words)
        return self._words
