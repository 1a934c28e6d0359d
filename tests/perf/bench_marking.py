"""Marking one typed answer, new marker vs the marker before mark points; and multiple-choice options.

The old marker (before mark points, verbatim below as `old_mark_typed`) is
timed on the same answers: the shipped deck's labelled dev set when it is
beside the clone, else every card's model answer and a few variants. Each
answer is marked with a fresh text so no cache hides the work. Medians per
answer are printed side by side. Printed, not asserted.

Run: python -m pytest -m perf -s tests/perf/bench_marking.py
"""

from __future__ import annotations

import json
import random
import re
import statistics
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pytest

from tui.core.formats import load_deck
from tui.core.marking import mark_answer, prepare_deck
from tui.core.quiz import choice_options
from tui.paths import shipped_deck_path

pytestmark = pytest.mark.perf
ROUNDS = 5
ROOT = Path(__file__).resolve().parents[2]


def _answers(deck) -> list[tuple[str, str]]:
    for folder in ROOT.parents:
        path = folder / "shared" / "marking" / "answers.jsonl"
        if path.exists():
            rows = [
                json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            ]
            return [(row["card_id"], row["typed"]) for row in rows]
    return [(c.id, t) for c in deck.cards for t in (c.answer, c.answer.split("\n")[0], "idk")]


def test_marking_one_answer_new_vs_old():
    deck = load_deck(shipped_deck_path())
    prepare_deck(deck)
    answers = _answers(deck)
    new_times: list[float] = []
    old_times: list[float] = []
    per_answer: dict[int, list[float]] = {}
    mark_answer(deck.cards[0], "warm up")  # the lazy imports (stemmer, rapidfuzz) once
    for round_ in range(ROUNDS):
        for number, (card_id, typed) in enumerate(answers):
            card = deck.card(card_id)
            fresh = f"{typed} {'.' * (round_ + 1)}"  # a new string each round: no cache hit
            started = time.perf_counter()
            mark_answer(card, fresh)
            new_times.append(time.perf_counter() - started)
            per_answer.setdefault(number, []).append(new_times[-1])
            started = time.perf_counter()
            old_mark_typed(fresh, card.answer, card.question)
            old_times.append(time.perf_counter() - started)
    new, old = statistics.median(new_times) * 1000, statistics.median(old_times) * 1000
    slowest_number = max(per_answer, key=lambda n: statistics.median(per_answer[n]))
    slowest = statistics.median(per_answer[slowest_number]) * 1000
    print(
        f"\nmarking one answer ({len(answers)} answers x {ROUNDS}): new {new:.3f} ms median"
        f" (slowest answer {slowest:.3f} ms, its median over the rounds: {answers[slowest_number][0]})"
        f" · old {old:.3f} ms median · ratio {new / old:.1f}x"
    )


def _options_times(deck) -> list[float]:
    times: list[float] = []
    for seed in range(ROUNDS):
        rng = random.Random(seed)
        for card in deck.cards:
            started = time.perf_counter()
            choice_options(card, deck, rng)
            times.append(time.perf_counter() - started)
    return times


def test_choice_options_new_vs_old(monkeypatch):
    import tui.core.quiz as quiz

    deck = load_deck(shipped_deck_path())
    new = statistics.median(_options_times(deck)) * 1000
    monkeypatch.setattr(quiz, "same_answer", old_same_answer)
    old = statistics.median(_options_times(deck)) * 1000
    print(f"\nmultiple-choice options for one card: new {new:.3f} ms median · old {old:.3f} ms median")


# -- the marker before mark points (tui/core/marking.py before issue 12), for comparison ----
Verdict = Literal["right", "wrong", "self"]
FILLER_WORDS = frozenset({"a", "an", "the", "in", "on", "of", "and"})
# Answers up to this many words (years aside) are marked automatically ...
SHORT_ANSWER_WORDS = 4
# ... and so are lists of short items ("Estonia, Latvia, Lithuania + Finland").
LIST_ITEM_WORDS = 2
WHEN_QUESTION = re.compile(r"^\s*(when|what year|which year|in what year|in which year)\b", re.I)
YEAR = re.compile(r"^(1[0-9]{3}|20[0-9]{2})$")
YEAR_IN_TEXT = re.compile(r"(?<![0-9])(1[0-9]{3}|20[0-9]{2})(?![0-9])")
# Letters that Unicode does not split into a base letter and an accent.
UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)
LIST_SEPARATORS = re.compile(r"[,;/+&\n]|\band\b", re.I)


@dataclass(frozen=True)
class Mark:
    """The verdict on one typed answer and, for the student, why."""

    verdict: Verdict
    note: str = ""

    @property
    def right(self) -> bool:
        return self.verdict == "right"


def normalise(text: str) -> str:
    """Lower case, no accents, "+"/"&" spelled "and", punctuation turned to spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = plain.replace("&", " and ").replace("+", " and ")
    plain = re.sub(r"['’`]", "", plain)  # "Stalin's" and "Stalins" are the same word
    plain = plain.translate(UNDECOMPOSABLE)
    plain = re.sub(r"[\W_]+", " ", plain)  # any script's letters and digits stay
    return " ".join(plain.split())


def content_words(text: str) -> list[str]:
    """The words that carry meaning: normalised, filler words dropped."""
    return list(_content_words(text))


@lru_cache(maxsize=8192)
def _content_words(text: str) -> tuple[str, ...]:
    return tuple(word for word in normalise(text).split() if word not in FILLER_WORDS)


def years_in(text: str) -> list[int]:
    """Four-digit years (1000–2099) in the order they appear."""
    return [int(match) for match in YEAR_IN_TEXT.findall(text)]


def is_date_answer(answer: str) -> bool:
    """True when the answer is nothing but one or more years ("1924", "In 1924")."""
    words = content_words(answer)
    return bool(words) and all(YEAR.match(word) for word in words)


def asks_when(question: str) -> bool:
    return bool(WHEN_QUESTION.match(question))


def typo_allowance(length: int) -> int:
    """Edits forgiven in a word (or answer) of this many letters."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 14:
        return 2
    return 3


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance where swapping two neighbouring letters counts as one edit.

    With a `limit`, any distance above it comes back as `limit + 1`, found
    quickly: only a band of the table that could stay within the limit is filled.
    """
    if a == b:
        return 0
    too_far = (limit + 1) if limit is not None else len(a) + len(b) + 1
    if abs(len(a) - len(b)) >= too_far:
        return too_far
    band = too_far if limit is not None else len(a) + len(b) + 1
    # Optimal string alignment over a band of the table; answers are short.
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [too_far] * (len(b) + 1)
        row[0] = i
        for j in range(max(1, i - band), min(len(b), i + band) + 1):
            cost = a[i - 1] != b[j - 1]
            best = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            row[j] = best
        if min(row) >= too_far:
            return too_far
        before, previous = previous, row
    return min(previous[-1], too_far)


def _close(typed: str, expected: str) -> bool:
    if typed.isdigit() or expected.isdigit():
        return typed == expected  # numbers are facts, not spelling
    allowance = typo_allowance(len(expected))
    return edit_distance(typed, expected, allowance) <= allowance


def words_match(typed: list[str], expected: list[str]) -> bool:
    """Same words, in any order, each allowed its own small typo."""
    if len(typed) != len(expected):
        return False
    if all(_close(t, e) for t, e in zip(typed, expected)):
        return True
    unused = list(expected)
    for word in sorted(typed, key=lambda w: w not in unused):  # exact words claim theirs first
        match = next((e for e in unused if e == word), None) or next(
            (e for e in unused if _close(word, e)), None
        )
        if match is None:
            return False
        unused.remove(match)
    return True


def _joined_match(typed: list[str], expected: list[str]) -> bool:
    """ "nonaggression" for "non-aggression": compare without the spaces."""
    if [w for w in typed if w.isdigit()] != [w for w in expected if w.isdigit()]:
        return False
    joined = "".join(expected)
    allowance = typo_allowance(len(joined))
    return edit_distance("".join(typed), joined, allowance) <= allowance


def is_short_answer(answer: str) -> bool:
    """Names, places, a year, or a list of short items: things a machine can mark."""
    words = [w for w in content_words(answer) if not YEAR.match(w)]
    if len(words) <= SHORT_ANSWER_WORDS:
        return True
    items = [content_words(item) for item in LIST_SEPARATORS.split(answer)]
    items = [[w for w in item if not YEAR.match(w)] for item in items]
    return all(len(item) <= LIST_ITEM_WORDS for item in items)


@lru_cache(maxsize=8192)  # as before: option building compares the same answers often
def old_mark_typed(typed: str, answer: str, question: str = "") -> Mark:
    """Mark what the student typed against the model answer.

    "right"/"wrong" are automatic verdicts; "self" means the answer is too long
    to judge by machine and the student should compare it with the model answer.
    """
    typed_words, answer_words = content_words(typed), content_words(answer)
    if not typed_words:
        return Mark("wrong", "no answer given")
    if typed_words == answer_words:
        return Mark("right")
    typed_years, answer_years = set(years_in(typed)), set(years_in(answer))
    if typed_years - answer_years:
        return Mark("wrong", "wrong year")
    if is_date_answer(answer):
        if typed_years == answer_years:
            return Mark("right")
        return Mark("wrong", "the year is missing" if not typed_years else "a year is missing")
    typed_text = [w for w in typed_words if not YEAR.match(w)]
    answer_text = [w for w in answer_words if not YEAR.match(w)]
    # The year may be left out of a list of names, unless the question asks "When".
    years_ok = typed_years == answer_years or (not typed_years and not asks_when(question))
    if years_ok and (words_match(typed_text, answer_text) or _joined_match(typed_text, answer_text)):
        exact = sorted(typed_text) == sorted(answer_text) or "".join(typed_text) == "".join(answer_text)
        return Mark("right", "" if exact else "small typo forgiven")
    if not is_short_answer(answer) or (asks_when(question) and typed_years and not typed_text):
        return Mark("self", "compare with the model answer")
    if answer_years and not typed_years and asks_when(question):
        return Mark("wrong", "the year is missing")
    return Mark("wrong")


def old_same_answer(a: str, b: str) -> bool:
    """Would one answer be marked right for the other? (Two options must never be.)"""
    return old_mark_typed(a, b).right or old_mark_typed(b, a).right
