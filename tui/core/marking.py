"""Marking a typed answer the way an examiner would: mark points, partial credit, no false "right".

A card's answer is a list of mark points (authored `points`, or split from the
answer's lines, bullets and "+"/";"/"but" parts). A point is covered when enough
of its key words appear in the typed answer, compared after folding case and
accents, spelling numbers and years one way, an alias table and stemming, with
a small typo allowance per word. The question's own words earn nothing.

Verdicts: "right" (all points, or the card's `need`), "partial" (some points:
the student sees the checklist and confirms), "wrong" (nothing, a non-answer,
nothing from the mark scheme, or the wrong year where one is asked), and
"self" (the machine cannot judge: the student checks, with the checklist).
Guards keep a wrong answer from being marked right: a negation the model lacks,
a key word swapped for another card's word, an extra list item, a year the
notes never mention, numbers bound to the wrong thing.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from tui.core.text import YEAR, YearSpan, fold, normalise, words, year_spans, years_in

if TYPE_CHECKING:
    from tui.core.deck import Card, Deck

__all__ = [
    "Mark",
    "Marking",
    "PointResult",
    "content_words",
    "edit_distance",
    "is_date_answer",
    "mark_answer",
    "mark_typed",
    "marks_for",
    "normalise",
    "prepare_deck",
    "same_answer",
    "typo_allowance",
    "years_in",
]

Verdict = Literal["right", "wrong", "partial", "self"]

FILLER_WORDS = frozenset({"a", "an", "the", "in", "on", "of", "and"})
# Words that carry no mark: function words, hedges and the verbs every answer uses.
STOP_WORDS = frozenset(
    """a an the in on of and or to for from by with at as into onto than then that this these those
    it its it's they them their there here he his him she her we our you your i me my is are was were
    be been being am do does did done have has had having will would could should can may might must
    shall so such very more most much many some any all each every both about around over under
    also just only even still too again what which who whom whose why how when where while because
    due since until till til after before up down out off if though although thus hence however think thought
    believe i'm im it was'nt get got make made let one ones other others way like against between without within through during across towards toward per via upon""".split()  # noqa: SIM905 (a word list reads better as text)
)
# Words that turn a claim round: typed where the model has none, never auto-right.
NEGATIONS = frozenset(
    """not no never nor neither none nobody nothing refused refuse refuses refusing didnt dont doesnt
    wasnt werent isnt arent cannot cant couldnt wouldnt wont hadnt hasnt havent shouldnt lost lose
    loses losing non deny denied denies denying fail fails failed failing failure""".split()  # noqa: SIM905
)
# Words that say the opposite of each other (either way round): typed where the notes have the
# other, the claim is turned round ("smallest tank battle" for "largest"), never auto-right.
ANTONYM_PAIRS = """largest smallest, biggest smallest, large small, big small, greatest least,
    increase decrease, increased decreased, rise fall, rose fell, higher lower, high low, better worse,
    best worst, good bad, strong weak, stronger weaker, strongest weakest, strengthen weaken,
    win lose, won lost, victory defeat, victorious defeated, success failure, successful unsuccessful,
    succeeded failed, gain loss, gained lost, accept reject, accepted rejected, agree disagree,
    allow forbid, allowed banned, support oppose, supported opposed, ally enemy, allies enemies,
    friendly hostile, friend enemy, friends enemies, peace war, attack defend, attacked defended,
    advance retreat, advanced retreated, boost lower, boosted lowered, raised lowered, encourage discourage,
    encouraged discouraged, improve worsen, improved worsened, first last, early late, earlier later,
    east west, eastern western, north south, northern southern, import export, imported exported,
    rich poor, wealthy poor, legal illegal, public secret, unite divide, united divided, start end,
    began ended, include exclude, included excluded, maximum minimum, majority minority, superior inferior,
    true false, easy difficult, cheap expensive, fast slow, quick slow, long short, hot cold, warm cold,
    love hate, loved hated, trust distrust, trusted distrusted, like dislike, modern outdated,
    increase reduce, increased reduced, more fewer, most fewest, growth decline, grew declined,
    expand shrink, expanded shrank, inflation deflation, surplus deficit, profit loss, backed opposed,
    join leave, joined left, joins leaves, more less, most least, many few, regain lose, regained lost,
    oppose promote, opposed promoted, secure insecure, secure weaker, secure weak, prevent promote, prevented promoted, prevent encourage, prevent spread, prevent sponsor, stop spread,
    stop promote, cancel settle, cancelled settled, cancelling settlement, cancel pay, cancel repay,
    left part, strengthened weakened, keep remove, keeping removal, kept removed, save burn, saving burning,
    saved burned, support stop, supporting stopping, stop let, stopped let, stop allow, stopped allowed,
    avoid spread, avoided spread, avoid promote, avoid encourage, avoid support, keep break, kept broke,
    establish break, established broke, establish cut, established cut, establish end, established ended,
    ignore support, ignored supported, ignore heed, ignored heeded, whole divided,
    whole division, whole split, reject support, rejected supported, reject pledge, rejected pledged,
    reject encourage, rejected encouraged, restore break, restored broke, restored broken, restore cut,
    restored cut"""
# Negations that are grammar, not content: never taken as an echo of the question's words.
FUNCTION_NEGATIONS = frozenset(
    """not no never nor neither none nobody nothing didnt dont doesnt wasnt werent isnt arent cannot
    cant couldnt wouldnt wont hadnt hasnt havent shouldnt""".split()  # noqa: SIM905
)
_SWAP = "check it: {1} where the notes say {0}"
PASSIVE_WORDS = frozenset("was were been being is are by".split())  # noqa: SIM905
# Who did what turned round, said as what the student typed in the notes' place: (the notes' name, the
# typed one); of words, quoted ("for the USSR", "Louis ignored"); of the question's relation.
_WHO_DID_WHAT = "check who did what: you have {1} where the notes have {0}"
_WHO_DID_WHAT_WORDS = "check who did what: you have '{1}' where the notes have '{0}'"
_WHO_DID_WHAT_ASKED = "check who did what: you have {1} doing it where the question has {0}"
# "lack of X" denies X: a negation when X is a mark point's word ("the lack of purges").
LACK_WORDS = frozenset("lack lacked lacks lacking absence".split())  # noqa: SIM905
# verbs too common to be key words: a name that owns one is still a claim ("Finland got territory")
COMMON_VERBS = frozenset("got get gets had has have".split())  # noqa: SIM905
# A word after these names a party to the relation: "against the USSR", "by Germany", "from Britain".
ROLE_WORDS = frozenset("against by from to with over towards into for".split())  # noqa: SIM905
AGENT_ROLES = frozenset({"against"})  # who is acted against: a name here the notes never give is a claim
# the roles that turn a relation round: "an alliance with the USSR" for "against the USSR"
ROLE_OPPOSITES = {
    "for": ("against",),
    "against": ("for", "with"),
    "with": ("against",),
    "to": ("from",),
    "from": ("to",),
}
NON_ANSWERS = frozenset(
    {"idk", "dunno", "dont know", "i dont know", "no idea", "not sure", "pass", "skip", "unsure",
     "no clue", "nothing", "n a", "na", "x", "i do not know", "cant remember", "forgot", "forgotten"}
)  # fmt: skip
# One spelling for names written several ways (whole words, after folding).
ALIASES = {
    "uk": "britain", "gb": "britain", "british": "britain", "england": "britain",
    "great britain": "britain", "united kingdom": "britain", "brits": "britain",
    "usa": "usa", "america": "usa", "american": "usa", "americans": "usa", "united states": "usa",
    "soviet union": "ussr", "soviets": "ussr", "soviet": "ussr", "russia": "ussr", "russians": "ussr",
    "russian": "ussr", "red army": "ussr",
    "german": "germany", "germans": "germany", "finnish": "finland", "finns": "finland",
    "japanese": "japan", "italian": "italy", "italians": "italy", "french": "france",
    "chinese": "china", "spanish": "spain", "czech": "czechoslovakia", "czechs": "czechoslovakia",
    "ww2": "ww2", "wwii": "ww2", "second world war": "ww2", "world war two": "ww2", "world war 2": "ww2",
    "ww1": "ww1", "wwi": "ww1", "first world war": "ww1", "world war one": "ww1", "world war 1": "ww1",
    "tech": "technology", "govt": "government", "planes": "aircraft", "plane": "aircraft",
}  # fmt: skip
ALIASED_NAMES = frozenset(ALIASES.values()) - {"technology", "government", "aircraft", "ussr army"}
# A verb and its particle said as the one verb of the notes ("got back land" is "regained land").
PHRASAL_VERBS = {
    "got back": "regained", "get back": "regain", "gets back": "regains", "getting back": "regaining",
    "won back": "regained", "win back": "regain", "took back": "retook", "take back": "retake",
    "brushed aside": "ignored", "brush aside": "ignore", "set up": "founded", "sets up": "founds",
    "caved in": "gave in", "cave in": "give in",
}  # fmt: skip
ALIASES |= PHRASAL_VERBS  # read as one word wherever written, never a name
_ALIAS = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ALIASES), key=len, reverse=True)) + r")\b")
_NUMBER_WORDS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_RUN = re.compile(
    r"\b(?:(?:" + "|".join([*_NUMBER_WORDS, *_SCALES, "one"]) + r")(?:[\s-]+(?:and[\s-]+)?|\b))+",
)
_SUFFIX = re.compile(r"\b(\d+(?:\.\d+)?)\s*(m|mn|mil|mill|mln|million|k|thousand|bn|billion)\b")
_SUFFIX_SCALE = {
    "m": 1e6,
    "mn": 1e6,
    "mil": 1e6,
    "mill": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "k": 1e3,
    "thousand": 1e3,
    "bn": 1e9,
    "billion": 1e9,
}
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’](\d\d)\b")  # "'33"
_PERCENT = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b)")
_TIMES = re.compile(r"\b(\d+)\s*(?:x\b|times\b)|\bx\s*(\d+)\b")
_ARROW = re.compile(r"\s*(?:->|→|=>|⟶)\s*")
_CLAUSE = re.compile(r"[,;+&]|\band\b|\bbut\b")
_INITIALISM = re.compile(r"\b([A-Z][A-Za-z]?[A-Z]{1,3})\b")
_PARENS = re.compile(r"\([^)]*\)")
# Default split of an answer into points ("a fragment too small stays with its neighbour").
_BULLET = re.compile(r"^\s*(?:[-•=*–]\s*)+")
_INLINE_SPLIT = re.compile(r"\s\+\s|;|\bbut\b|\bon the other(?: hand)?\b|\bon the one hand\b", re.I)
WHEN_QUESTION = re.compile(r"^\s*(when|what year|which year|in what year|in which year)\b", re.I)
LIST_ITEM_WORDS = 2
# Share of a point's key words that must appear for the point to count (at least one).
COVERAGE = 0.5


# -- results ---------------------------------------------------------------------


@dataclass(frozen=True)
class PointResult:
    """One mark point as the student sees it in the checklist, and whether the answer covers it."""

    text: str
    covered: bool
    found: bool = False  # the marker found it but doubts the claim: not ticked, for the student to check


@dataclass(frozen=True)
class Marking:
    """The mark of one typed answer.

    `verdict`: "right", "wrong", "partial" (some points) or "self" (the
    student decides); `note`: why, in a few words ("3 of 4 — poland is not in
    the answer"); `points`: the checklist, every point ✓ or ✗; `marks_awarded` of
    `marks_available` (the points needed for full marks; right earns them all).
    """

    verdict: Verdict
    note: str = ""
    points: tuple[PointResult, ...] = ()
    marks_awarded: int = 0
    marks_available: int = 1

    @property
    def right(self) -> bool:
        return self.verdict == "right"

    @property
    def reason(self) -> str:
        return self.note

    @property
    def credit(self) -> float:
        """Share of the marks, 0–1 (right is 1, wrong is 0)."""
        if self.verdict == "right":
            return 1.0
        if self.verdict == "wrong" or not self.marks_available:
            return 0.0
        return min(self.marks_awarded / self.marks_available, 1.0)

    @property
    def needs_student(self) -> bool:
        """True when the student confirms or decides the mark (partial or self)."""
        return self.verdict in ("partial", "self")


Mark = Marking  # the name the quiz used before mark points


# -- words -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # lazily: start-up does not pay for it

    return snowballstemmer.stemmer("english")


# Words an examiner credits for each other in a history answer (each group read as its first word's
# stem): never facts that differ (years, names, numbers), only other words for the same claim.
SAME_MEANING = """troops soldiers men manpower, defeat beat crush annihilate smash rout, direct run lead, secure tighten
    consolidate strengthen, grip control, revolutionary radical, ravage ruin wreck devastate, agreement deal pact treaty, promote
    sponsor encourage foster spread, help aid assist, instruct tell told command, weapons arms, gain obtain acquire receive,
    country state, capture seize take took taken, tried attempted, demand request, ignore disregard overlook, protest
    complaint objection, freedom independence, divide split partition, boost raise, worry fear,
    overconfident arrogant complacent cocky, judge feel felt reckon consider, foreign abroad, emerge become became, liberate free freed, regain recover reclaim, match equal,
    defence defend defense, destruction destroy, machinery machine, recognition recognise
    recognize, occupation occupy, crops harvest, move relocate, industry factory factories, tsar tsarist, expansion expand, economy economic"""


# "the 2nd International" is "the Second International": ordinals written in figures, as words
_ORDINALS = dict(
    zip(
        "1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th".split(),  # noqa: SIM905
        "first second third fourth fifth sixth seventh eighth ninth tenth".split(),  # noqa: SIM905
        strict=True,
    )
)


@lru_cache(maxsize=1)
def _same_meaning() -> dict[str, str]:
    """stem -> the stem its group (`SAME_MEANING`) is read as."""
    read_as: dict[str, str] = {}
    for group in SAME_MEANING.split(","):
        first, *others = (str(_stemmer().stemWord(w)) for w in group.split())
        read_as.update(dict.fromkeys(others, first))
    return read_as


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The word's English stem (Snowball/Porter2): "purges" -> "purg"; digits unchanged; a word of
    the same meaning in a history answer (`SAME_MEANING`) as its group's: "beat" -> "defeat"."""
    if not word.isalpha():
        return _stemmer().stemWord(_ORDINALS[word]) if word in _ORDINALS else word
    found = str(_stemmer().stemWord(word))
    return _same_meaning().get(found, found)


def typo_allowance(length: int) -> int:
    """Edits forgiven in a word of this many letters."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 14:
        return 2
    return 3


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance where swapping two neighbouring letters counts as one edit (rapidfuzz OSA).

    With a `limit`, any distance above it comes back as `limit + 1`.
    """
    from rapidfuzz.distance import OSA  # lazily: start-up does not pay for it

    distance = int(OSA.distance(a, b))
    return distance if limit is None or distance <= limit else limit + 1


def _number_value(run: str) -> int | None:
    total = current = 0
    parts = [p for p in re.split(r"[\s-]+", run.strip()) if p and p != "and"]
    if (len(parts) == 1 and parts[0] == "one") or not parts or parts[0] in _SCALES:
        return None  # "on the one hand": a lone "one" is a word
    # "nineteen twenty-four": two numbers under 100 side by side read as a year.
    values = [_NUMBER_WORDS.get(p, 1 if p == "one" else None) for p in parts]
    if all(v is not None for v in values) and len(parts) >= 2 and 10 <= (values[0] or 0) < 100:
        head = values[0] or 0
        rest = sum(v or 0 for v in values[1:])
        if 10 <= head < 100 and 0 <= rest < 100 and (values[1] or 0) >= 10:
            return head * 100 + rest
    for part in parts:
        if part in _SCALES:
            current = max(current, 1) * _SCALES[part]
            if _SCALES[part] >= 1000:
                total, current = total + current, 0
        elif part == "one":
            current += 1
        elif part in _NUMBER_WORDS:
            current += _NUMBER_WORDS[part]
        else:
            return None
    return total + current


def _spell_numbers(text: str) -> str:
    """Numbers one way: words to digits, "10,000" -> 10000, "20m" -> 20000000, "14 percent" -> 14pct, "4 times" -> 4x."""
    text = re.sub(r"\b(no|nos)\.\s*(?=of\b)", "number ", text)  # "the no. of tanks" is no negation
    text = re.sub(r"\btwice\b|\bdouble\b", "2x", text)
    text = re.sub(r"\btriple\b|\btreble\b", "3x", text)
    text = re.sub(r"\bquadruple\b", "4x", text)
    # a share of a count is a number too ("half the troops"), written so it reads as one: "0half"
    text = re.sub(
        r"\b(?:a\s+|one\s+)?half\b|\b(?:a|one)\s+(quarter|third)\b",
        lambda m: f" 0{m.group(1) or 'half'} ",
        text,
    )

    def spoken(match: re.Match[str]) -> str:
        value = _number_value(match.group())
        return match.group() if value is None else f" {value} "

    text = _NUMBER_RUN.sub(spoken, text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = _SUFFIX.sub(lambda m: f"{float(m.group(1)) * _SUFFIX_SCALE[m.group(2)]:.0f}", text)
    text = _PERCENT.sub(lambda m: f" {m.group(1)}pct ", text)
    return _TIMES.sub(lambda m: f" {m.group(1) or m.group(2)}x ", text)


@dataclass(frozen=True)
class _Text:
    """A text as the marker reads it: stems in order, years, raw words, clause number of each word."""

    stems: tuple[str, ...]
    raw: tuple[str, ...]
    clause: tuple[int, ...]
    years: frozenset[int]
    spans: tuple[frozenset[int], ...]  # each year or range, as its end years
    bare_years: frozenset[int]  # years standing alone in their clause ("1924 or 1925")
    negations: int
    words: tuple[str, ...] = ()  # every word, fillers too (initialisms are spelled with them)
    clauses: tuple[tuple[str, ...], ...] = ()  # every word of each clause, stop words and negations too
    # each year as written: (the word before it, the year, the word after it) ("until", 1930, "")
    dated: tuple[tuple[str, int, str], ...] = ()
    possessive: frozenset[str] = frozenset()  # words written with "'s", as `raw` has them ("hitlers")


def _a_year(match: re.Match[str], folded: str, text: str) -> bool:
    """A year-like number of `folded` (the text with its numbers spelled one way) that is a year: not
    a decimal ("1924.5") nor a count written with a thousands comma ("1,500 factories")."""
    if re.match(r"\.\d", folded[match.end() : match.end() + 2]):
        return False
    grouped = {m.group().replace(",", "") for m in re.finditer(r"\b\d{1,3}(?:,\d{3})+\b", text)}
    return match.group() not in grouped or bool(re.search(rf"(?<![\d,]){match.group()}(?![\d])", text))


@lru_cache(maxsize=8192)
def _read(text: str) -> _Text:
    text = re.sub(r"\bUS\b", " usa ", text)  # the capital "US" is the country, "us" a pronoun
    folded = _spell_numbers(fold(text))
    written = [m for m in YEAR.finditer(folded) if _a_year(m, folded, text)]
    spans = [s for s in year_spans(folded) if s.start != s.end or any(m.start() == s.begin for m in written)]
    years = {y for s in spans for y in s.years} | {int(m.group()) for m in written}
    # Years come out of the words, leaving a marker so clauses still see them.
    plain = folded
    for span in reversed(spans):
        plain = plain[: span.begin] + " yearmark " + plain[span.stop :]
    plain = _ALIAS.sub(lambda m: ALIASES[m.group()], plain)
    stems: list[str] = []
    raw: list[str] = []
    clause: list[int] = []
    bare: set[int] = set()
    negations = 0
    year_iter = iter(spans)
    clauses: list[tuple[str, ...]] = []
    for number, part in enumerate(_CLAUSE.split(plain)):
        part_words = words(part)
        clauses.append(tuple(part_words))
        content = [w for w in part_words if w != "yearmark" and w not in STOP_WORDS]
        for word in part_words:
            if word == "yearmark":
                found: YearSpan | None = next(year_iter, None)
                if found is not None and not content:
                    bare.update(found.years)
                continue
            if word in NEGATIONS:
                negations += 1
                continue
            if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
                continue
            raw.append(word)
            stems.append(stem(word))
            clause.append(number)
    return _Text(
        tuple(stems),
        tuple(raw),
        tuple(clause),
        frozenset(years),
        tuple(s.years for s in spans),
        frozenset(bare),
        negations,
        tuple(words(plain)),
        tuple(clauses),
        tuple(
            (_time_word(folded[: m.start()]), int(m.group()), _word_next(folded[m.end() :], 0))
            for m in written
        ),
        frozenset(m.group(1) + "s" for m in re.finditer(r"(\w+)['’]s\b", folded)),
    )


def _time_word(before: str) -> str:
    """The word before a year, as a time word: "only" for "not until 1933" opening its clause (only
    in 1933)."""
    found = words(before[-40:])
    clause = words(_CLAUSE.split(before)[-1])
    # the idiom opens its clause ("not until 1933", "they did not until 1933" is a claim denied)
    if found[-2:] in (["not", "until"], ["not", "till"], ["not", "til"]) and all(
        w in STOP_WORDS for w in clause[:-2]
    ):
        return "only"
    return found[-1] if found else ""


def _word_next(text: str, which: int) -> str:
    """The first (`which` 0) or last (-1) word of `text`, or "" ("until 1930": "until")."""
    found = words(text[:40] if which == 0 else text[-40:])
    return found[which] if found else ""


def content_words(text: str) -> list[str]:
    """The words that carry meaning: normalised, filler words dropped (years kept)."""
    return [word for word in normalise(text).split() if word not in FILLER_WORDS]


def is_date_answer(answer: str) -> bool:
    """True when the answer is nothing but one or more years or ranges ("1924", "In 1924", "1939-40")."""
    rest = YEAR.sub(" ", _strip_years(answer))
    return bool(years_in(answer)) and not [w for w in content_words(rest) if not w.isdigit()]


def _strip_years(text: str) -> str:
    for span in reversed(year_spans(text)):
        text = text[: span.begin] + " " + text[span.stop :]
    return text


def asks_when(question: str) -> bool:
    """True for a question asking for a date ("When did ...", "In which year ...")."""
    return bool(WHEN_QUESTION.match(question))


# -- the mark scheme -------------------------------------------------------------


@dataclass(frozen=True)
class _Point:
    text: str
    alternatives: tuple[tuple[str, ...], ...]  # each: the key stems, in order
    raw: tuple[tuple[str, ...], ...]  # each: the key words as written
    years: frozenset[int]
    ordered: bool  # an arrow: its sides must come in order
    sequence: tuple[str, ...] = ()  # every content stem, question words too (for substitutions)
    names: tuple[str, ...] = ()  # the names in its first way of saying it, in order
    sequence_raw: tuple[str, ...] = ()  # `sequence` as written


@dataclass(frozen=True)
class _Scheme:
    points: tuple[_Point, ...]
    need: int
    is_list: bool
    card_stems: frozenset[str]
    card_years: frozenset[int]
    question_years: frozenset[int]
    question_stems: frozenset[str]
    accept: tuple[str, ...]
    asked_year: frozenset[int]  # a "When" question: the years it asks for
    initialisms: tuple[tuple[str, tuple[str, ...]], ...]  # "lon" -> ("leagu", "nation")
    names: tuple[str, ...] = ()  # stems of the answer's names, in order
    question_names: frozenset[str] = frozenset()  # stems of the question's names ("Britain", "France")
    # "How did Stalin differ to Nicholas II?": the name asked about and the one it is set against, as
    # written, and the stems of the one set against; empty when the question compares nothing
    contrast: tuple[str, str] = ("", "")
    contrasted: frozenset[str] = frozenset()
    # the time words the notes put before each of their years: ("until", 1930); ("", 1924) for none
    year_words: frozenset[tuple[str, int]] = frozenset()
    # "When did the USA recognise the USSR?": (the name acting, the verb stems, the name acted on)
    relation: tuple[str, frozenset[str], str] = ("", frozenset(), "")
    negation_word: str = "not"  # the answer's first negating word, to name it in a note
    card_words: frozenset[str] = frozenset()  # stems of every word of the card, stop words too ("more")
    non_words: frozenset[str] = frozenset()  # stems written after "non" ("non-aggression")
    # "Why did Britain refuse ...?", "the failure of ...": the question's negating content words (first
    # three letters: "failed" says back "failure"), which an answer may repeat; never "not", "no", "never"
    question_negations: frozenset[str] = frozenset()
    # what the guards also compare with: the answer's own lines when `points` are authored, and each
    # point's other ways of saying it
    answer_points: tuple[_Point, ...] = ()
    question_text: str = ""  # the question as written


@dataclass
class _DeckContext:
    """What the marker knows about the whole deck: its words, its years, the initialisms it spells out."""

    stems: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    initialisms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    known: bool = False
    names: frozenset[str] = frozenset()  # stems of words the deck writes as names ("Stalin", "USSR")
    proper: frozenset[str] = frozenset()  # of those, the ones never written in lower case ("war" is not)
    # "G" -> "Germany": a letter the notes write for a name
    letters: dict[str, str] = field(default_factory=dict)
    cast: frozenset[str] = frozenset()  # names in three cards or more: who the deck is about ("Stalin")
    title: str = ""  # the deck's title: with a card's topic, who the card is about (`_setting`)


def split_points(answer: str) -> list[str]:
    """The default mark points of an answer: its lines and bullets, parts joined by "+", ";",
    "but", "on the other hand"; a fragment of one key word stays with its neighbour."""
    points: list[str] = []
    for line in answer.splitlines():
        line = _BULLET.sub("", line).strip().rstrip(":").strip()
        if not line:
            continue
        if _ARROW.search(line):  # an equation is one point: its sides keep their order
            points.append(line)
            continue
        parts = [p.strip(" ,.") for p in _INLINE_SPLIT.split(line)]
        parts = [p for p in parts if p and (_read(p).stems or years_in(p))]
        merged: list[str] = []
        for part in parts:
            if merged and (_too_small(part) or _too_small(merged[-1])):
                merged[-1] = f"{merged[-1]} + {part}"
            else:
                merged.append(part)
        points.extend(merged)
    return points


def _too_small(part: str) -> bool:
    """A fragment of fewer than two key words and no year cannot stand alone as a mark point."""
    return len(_read(part).stems) < 2 and not years_in(part)


def _list_items(answer: str) -> list[str] | None:
    """A one-line answer of short items ("Estonia, Latvia, Lithuania + Finland in 1920"), or None."""
    if "\n" in answer.strip() or _ARROW.search(answer):
        return None
    body = re.sub(r"\s+in\s*$", "", _strip_years(answer).strip())  # "... + Finland in 1920"
    items = [i.strip() for i in re.split(r"[,;+&/]|\band\b", body) if i.strip()]
    if len(items) < 3:
        return None
    if all(1 <= len(_read(i).stems) <= LIST_ITEM_WORDS and not years_in(i) for i in items):
        return items
    return None


def _point(text: str, question_stems: frozenset[str]) -> _Point:
    alternatives: list[tuple[str, ...]] = []
    raws: list[tuple[str, ...]] = []
    years: set[int] = set()
    for alternative in re.split(r"\s/\s", text):
        required = _PARENS.sub(" ", alternative)  # text in parentheses is optional
        read = _read(required)
        keep = [(s, r) for s, r in zip(read.stems, read.raw) if s not in question_stems]
        lone_word = len(keep) == 1 and len(read.stems) > 1 and not keep[0][0][:1].isdigit()
        if (not keep and not read.years) or lone_word:
            # the question's words are all this way has, or all but one word ("world revolution" to "...
            # after the revolution?"): then they are its key words too, not one word standing for the whole
            keep = list(zip(read.stems, read.raw))
        alternatives.append(tuple(s for s, _ in keep))
        raws.append(tuple(r for _, r in keep))
        years |= read.years
    first = _PARENS.sub(" ", re.split(r"\s/\s", text)[0])
    first_read = _read(first)
    sequence = first_read.stems
    names = tuple(_names(first))
    return _Point(
        text.strip(),
        tuple(alternatives),
        tuple(raws),
        frozenset(years),
        bool(_ARROW.search(text)),
        sequence,
        names,
        first_read.raw,
    )


def _initialisms_in(texts: Iterable[str], plain: list[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Initialisms the texts spell out: "LoN" with "League of Nations", "EE" with "Eastern Europe".

    `plain`: the texts' `words`, when the caller has them already.
    """
    found: dict[str, tuple[str, ...]] = {}
    joined = "\n".join(texts)
    letters = {m.group(1).lower() for m in _INITIALISM.finditer(joined)}
    if not letters:
        return found
    plain = plain if plain is not None else words(joined)
    firsts = {short[0] for short in letters}
    starts: dict[str, list[int]] = {}
    for index, word in enumerate(plain):
        if word[0] in firsts:
            starts.setdefault(word[0], []).append(index)
    for want in letters:
        for i in starts.get(want[0], ()):
            spelled = _spelled_at(plain, i, want)
            if spelled:
                found[want] = spelled
                break
    return found


def _spelled_at(plain: list[str], i: int, want: str) -> tuple[str, ...] | None:
    """The key stems of the words from `plain[i]` whose initials spell `want`, fillers counted or not."""
    for with_fillers in (True, False):
        run: list[str] = []
        j = i
        while j < len(plain) and len(run) < len(want):
            if with_fillers or plain[j] not in FILLER_WORDS:
                run.append(plain[j])
            j += 1
        spelled = len(run) == len(want) and "".join(w[0] for w in run) == want and len(set(run)) > 1
        if spelled and all(len(w) > 2 or w in FILLER_WORDS for w in run):
            return tuple(stem(w) for w in run if w not in FILLER_WORDS)
    return None


_NAME = re.compile(r"\b([A-Z][\w'’]*)")
_CAPITALISED = re.compile(r"\b([A-Z][\w'’]*)")


@lru_cache(maxsize=65536)
def _name_parts(word: str) -> tuple[str, ...]:
    """The stems a capitalised word stands for as a name ("Soviets" -> ("ussr",)), function words out."""
    return tuple(
        stem(part)
        for part in words(_ALIAS.sub(lambda m: ALIASES[m.group()], fold(word)))
        if part not in STOP_WORDS and part not in NEGATIONS and len(part) > 1
    )


def _names(text: str, initial_too: bool = False) -> list[str]:
    """Stems of the words written as names, in order: capitalised inside a sentence, or all capitals.

    With `initial_too`, a capitalised first word of a sentence counts too (a student's
    "Trotsky secured ..."), unless it is a function word.
    """
    found: list[str] = []
    pattern = _CAPITALISED if initial_too else _NAME
    for match in pattern.finditer(text):
        word = match.group(1)
        if not initial_too and not word.isupper() and _sentence_start(text, match.start(1)):
            continue
        found.extend(_name_parts(word))
    return found


_CONTRAST = re.compile(
    r"^(?P<subject>.*?)\b(?:differ|differs|differed|different|unlike|contrast|contrasted|compared)\b"
    r"(?:\s+(?:from|to|with|than))?(?P<other>.*)$",
    re.I | re.S,
)
_NAME_RUN = re.compile(r"\b[A-Z][\w'’]*(?:\s+(?:[A-Z][\w'’]*|[IVX]+)\b)*")


def _contrast(question: str) -> dict[str, Any]:
    """The `contrast` and `contrasted` of a question that sets one name against another, else nothing.

    Exam questions of the form "How did X differ from Y?" / "How was X different to Y?" / "X compared
    to Y" / "unlike Y":
    the mark points are said of X, so a point said of Y is a swapped claim (exam-board practice).
    """
    found = _CONTRAST.match(question)
    if found is None:
        return {}
    subject = [n for n in _NAME_RUN.findall(found["subject"]) if _names(n, initial_too=True)]
    other = [n for n in _NAME_RUN.findall(found["other"]) if _names(n, initial_too=True)]
    if not subject or not other:
        return {}
    stems = frozenset(_names(other[0], initial_too=True)) - frozenset(_names(subject[-1], initial_too=True))
    return {"contrast": (subject[-1], other[0]), "contrasted": stems} if stems else {}


def _relation(question: _Text, names: frozenset[str]) -> tuple[str, frozenset[str], str]:
    """(the first name, the content stems between it and the next name, that name) of a question
    that names two with a word between ("did the USA recognise the USSR"), else ("", {}, "")."""
    at = [i for i, s in enumerate(question.stems) if s in names]
    for a, b in pairwise(at):
        between = frozenset(question.stems[a + 1 : b])
        if between and question.stems[a] != question.stems[b] and not between & names:
            return question.stems[a], between, question.stems[b]
    return "", frozenset(), ""


def _sentence_start(text: str, at: int) -> bool:
    # the few characters before `at` (the whole text before it only when they are all blanks): a
    # deck's joined text is megabytes, and every capitalised word is asked about
    before = text[max(0, at - 64) : at].rstrip(" \t\"'(")
    if not before and at > 64:
        before = text[:at].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:\n=•-+;"


def _vocabulary(text: str) -> tuple[frozenset[str], frozenset[int], list[str]]:
    """Every key stem and year of a (long) text, and its words, each read once.

    Word by word (no number spelling, aliases by word): the deck's vocabulary only has to
    recognise words, and a 10,000-card deck must be read in well under a second.
    """
    spans = {y for span in year_spans(text) for y in span.years}
    years = spans | {int(m.group()) for m in YEAR.finditer(text)}
    plain = words(text)
    unique = set(plain) - STOP_WORDS - NEGATIONS
    unique |= {ALIASES[w] for w in unique if w in ALIASES}
    lowered = text.lower()
    unique |= {alias for name, alias in ALIASES.items() if " " in name and name in lowered}
    return frozenset(stem(word) for word in unique), frozenset(years), plain


def prepare_deck(deck: Deck) -> None:
    """Let the marker know a deck (its words, years, initialisms) for `mark_answer` without a deck.

    The quiz calls this once per paper; the result is kept on the deck, so calling again is cheap.
    """
    _context_for(deck)


def _context_for(deck: Deck) -> _DeckContext:
    context = getattr(deck, "_marking_context", None)
    if not isinstance(context, _DeckContext):
        texts = [t for card in deck.cards for t in (card.question, card.answer, *card.points)]
        texts += [t.name for t in deck.topics] + [e.label + " " + e.date for e in deck.events]
        joined = "\n".join(texts)
        stems, years, plain = _vocabulary(joined)
        # names as written inside sentences, and the names `ALIASES` knows wherever written ("Italy
        # joined" opening a line)
        names = frozenset(_names(joined)) | (frozenset(map(stem, ALIASED_NAMES)) & stems)
        lower = {stem(w) for w in re.findall(r"(?<![\w'’])[a-z][\w'’]*", joined)}
        # in how many cards each name is written (capitalised anywhere: a card's texts are short)
        per_card = Counter(
            n
            for card in deck.cards
            for n in {
                part
                for word in _CAPITALISED.findall("\n".join((card.question, card.answer, *card.points)))
                for part in _name_parts(word)
            }
        )
        context = _DeckContext(
            stems,
            years,
            _initialisms_in(texts, plain),
            True,
            names,
            names - lower,
            _letter_names(joined),
            frozenset(n for n, count in per_card.items() if count >= 3) & names,
            deck.title,
        )
        deck._marking_context = context  # type: ignore[attr-defined]  # a new Deck object, a new context
        for card in deck.cards:
            _CARD_CONTEXT[card] = context
    return context


_CARD_CONTEXT: dict[Card, _DeckContext] = {}
_LONE_CAPITAL = re.compile(r"(?<![\w'’.-])([B-HJ-Z])(?![\w'’.-])")  # "G troops"; never "A" or "I"


def _letter_names(text: str) -> dict[str, str]:
    """Capital letters the deck's own texts write alone for a name ("G troops" in notes that name
    Germany): each letter -> the name with that initial the texts write most often."""
    letters = set(_LONE_CAPITAL.findall(text))
    if not letters:
        return {}
    counts = Counter(m.group(1) for m in _NAME.finditer(text) if len(m.group(1)) > 1)
    found: dict[str, str] = {}
    for name, _ in counts.most_common():
        if name[0] in letters and name[0] not in found and not name.isupper():
            found[name[0]] = name
    return found


def _letters_spelled(typed: str, letters: dict[str, str]) -> str:
    """`typed` with a lone letter the deck's notes use for a name written as that name ("so G could
    not use it"), in either case."""
    if not letters:
        return typed
    return re.sub(
        r"(?<![\w'’.-])([a-zA-Z])(?![\w'’.-])",
        lambda m: letters.get(m.group(1).upper(), m.group(1)) if m.group(1) not in "aAiI" else m.group(1),
        typed,
    )


@lru_cache(maxsize=4096)
def _scheme(
    answer: str,
    question: str,
    points: tuple[str, ...],
    need: int | None,
    accept: tuple[str, ...],
) -> _Scheme:
    question_read = _read(question)
    question_stems = frozenset(question_read.stems)
    items = None if points else _list_items(answer)
    texts = list(points) or items or split_points(answer) or [answer]
    built = [_point(text, question_stems) for text in texts]
    built = [p for p in built if any(p.alternatives) or p.years] or [_point(answer, frozenset())]
    answer_read = _read(answer + "\n" + "\n".join(points))
    asked: frozenset[int] = frozenset()
    if asks_when(question):
        dated = next((p for p in built if p.years), None)
        if dated is not None:
            asked = dated.years
    card_stems = set(answer_read.stems) | question_stems
    for point in built:
        card_stems.update(s for alt in point.alternatives for s in alt)
    return _Scheme(
        points=tuple(built),
        need=min(need, len(built)) if need else len(built),
        is_list=items is not None and not points,
        card_stems=frozenset(card_stems),
        card_years=answer_read.years,
        question_years=question_read.years,
        question_stems=question_stems,
        accept=accept,
        asked_year=asked,
        initialisms=tuple(_initialisms_in([answer, *points]).items()),
        names=tuple(n for n in _names("\n".join((answer, *points))) if n not in question_stems),
        question_names=frozenset(_names(question, initial_too=True)),
        **_contrast(question),
        relation=_relation(question_read, frozenset(_names(question, initial_too=True))),
        question_text=question,
        year_words=frozenset(
            (TIME_SAME.get(before, before) if before in TIME_WORDS else "", year)
            for before, year, _ in _read("\n".join((question, answer, *points))).dated
        ),
        question_negations=frozenset(
            w[:3] for w in words(fold(question)) if w in NEGATIONS and w not in FUNCTION_NEGATIONS
        ),
        non_words=_after_non("\n".join((question, answer, *points))),
        negation_word=_negation_word(words(fold("\n".join((answer, *points))))),
        card_words=frozenset(
            stem(w)
            for w in words(
                _ALIAS.sub(
                    lambda m: ALIASES[m.group()], _spell_numbers(fold("\n".join((question, answer, *points))))
                )
            )
        ),
        answer_points=tuple(
            _point(t, question_stems)
            for t in [
                *(split_points(answer) if points else ()),
                *(way for text in texts for way in re.split(r"\s/\s", text)[1:]),
            ]
        ),
    )


# -- marking ---------------------------------------------------------------------


def _word_found(
    key: str,
    key_raw: str,
    typed: _Text,
    context: _DeckContext,
    card_stems: frozenset[str],
) -> int | None:
    """Where the typed answer has this key word (index), allowing a small typo; None if nowhere."""
    for index, word in enumerate(typed.stems):
        if word == key:
            return index
    if key[:1].isdigit():
        return None  # numbers are facts, not spelling
    allowance = typo_allowance(len(key_raw))
    if not allowance:
        return None
    for index, word in enumerate(typed.raw):
        # A real word of the deck or card is what the student meant, not a typo of this one.
        if typed.stems[index] in context.stems or typed.stems[index] in card_stems or word.isdigit():
            continue
        if (
            abs(len(word) - len(key_raw)) <= allowance
            and edit_distance(word, key_raw, allowance) <= allowance
        ):
            return index
    return None


def _needed(size: int) -> int:
    """Key words needed to cover a point of `size` key words: all of one or two, else half."""
    return size if size <= 2 else math.ceil(COVERAGE * size)


def _covers(point: _Point, typed: _Text, context: _DeckContext, scheme: _Scheme) -> bool:
    return _covering(point, typed, context, scheme) is not None


def _covering(point: _Point, typed: _Text, context: _DeckContext, scheme: _Scheme) -> int | None:
    """Which of the point's alternatives the typed answer covers (its index), or None."""
    found = _covering_at(point, typed, context, scheme)
    return None if found is None else found[0]


def _covering_at(
    point: _Point, typed: _Text, context: _DeckContext, scheme: _Scheme, start: int = 0
) -> tuple[int, frozenset[int]] | None:
    """(which of the point's alternatives from `start` on the typed answer covers, the typed words it
    is found in: their indices in `typed.stems`), or None."""
    if point.years and not point.years <= typed.years:
        return None
    for which, (keys, raws) in enumerate(zip(point.alternatives, point.raw)):
        if which < start:
            continue
        if not keys or (point.years and point.years <= scheme.asked_year):
            if point.years:
                return which, frozenset()  # the year a "When" question asks for is the point
            continue
        found: dict[int, int] = {}
        for position, (key, raw) in enumerate(zip(keys, raws)):
            index = _word_found(key, raw, typed, context, scheme.card_stems)
            if index is not None:
                found[position] = index
        for short, expanded in scheme.initialisms:
            # "EE" in the notes, "Eastern Europe" typed (or the other way round).
            if short in keys and all(s in typed.stems for s in expanded):
                found[keys.index(short)] = typed.stems.index(expanded[0])
            for s in expanded:
                if s in keys and short in typed.stems:
                    found[keys.index(s)] = typed.stems.index(short)
        for short, expanded in context.initialisms.items():
            if (
                short in keys
                and short not in scheme.question_stems
                and all(s in typed.stems for s in expanded)
            ):
                found[keys.index(short)] = typed.stems.index(expanded[0])
        if len(found) < len(keys) and _way_denied(point, which)[0] and not typed.negations:
            # "too weak" says "not strong enough": a denied key word's opposite, with no "not", is that key
            antonyms = _antonyms()
            for position, key in enumerate(keys):
                if position not in found:
                    at = next((i for i, s in enumerate(typed.stems) if key in antonyms.get(s, ())), None)
                    if at is not None:
                        found[position] = at
        # The point's years, present, count as key words.
        if len(found) + len(point.years) < _needed(len(keys) + len(point.years)):
            continue
        if any(k[:1].isdigit() and p not in found for p, k in enumerate(keys)):
            continue  # numbers, like years, must be there: "3 fronts" is not "2 fronts"
        # A number must sit in the same clause as another key word of its point ("4x tanks"), and as
        # the last one, what it counts, when that is found ("4x the number of troops ... tanks": no).
        bound = True
        counted = max((p for p in found if not keys[p][:1].isdigit()), default=None)
        last_number = max((p for p in found if keys[p][:1].isdigit()), default=None)
        for position, index in found.items():
            if keys[position][:1].isdigit() and len(found) > 1:
                clause = typed.clause[index]
                if not any(typed.clause[i] == clause for p, i in found.items() if p != position):
                    bound = False
                if (
                    position == last_number
                    and counted == len(keys) - 1
                    and counted > position
                    and typed.clause[found[counted]] != clause
                ):
                    bound = False
        if not bound:
            continue
        if (
            len(keys) > 1
            and any(k[:1].isdigit() for k in keys)
            and not any(not keys[p][:1].isdigit() for p in found)
        ):
            continue  # a bare number without what it counts
        if point.ordered and sorted(found) != sorted(found, key=found.__getitem__):
            continue
        if _names_alone(keys, found, context) or not _roles_kept(which, point, typed, context):
            continue
        return which, frozenset(found.values())
    return None


def _names_alone(keys: tuple[str, ...], found: dict[int, int], context: _DeckContext) -> bool:
    """True when only the deck's cast (`_DeckContext.cast`) was found of a way that says more:
    "germany ... the USSR" is not "the USSR defeated Germany" (those names are in every other answer;
    the claim is in the other words)."""
    return any(k not in context.cast for k in keys) and all(keys[p] in context.cast for p in found)


def _roles_kept(which: int, point: _Point, typed: _Text, context: _DeckContext) -> bool:
    """A way of only names and role words ("against the USSR") is said only with its role words
    before its names: "trade with the USSR" is not "against the USSR"."""
    way = _PARENS.sub(" ", re.split(r"\s/\s", point.text)[which])
    plain = words(_ALIAS.sub(lambda m: ALIASES[m.group()], fold(way)))
    if not plain or any(w not in STOP_WORDS and stem(w) not in context.names for w in plain):
        return True
    needed = [
        (plain[i], stem(plain[j]))
        for i in range(len(plain) - 1)
        if plain[i] in ROLE_WORDS
        for j in [i + 1 + (plain[i + 1] == "the" and i + 2 < len(plain))]
        if stem(plain[j]) in context.names
    ]
    said = tuple("against" if w in ("vs", "versus") else w for w in typed.words)
    return all(
        any(said[k] == role and stem(said[k + 1 + (said[k + 1] == "the")]) == name
            for k in range(len(said) - 1) if k + 1 + (said[k + 1] == "the") < len(said))
        for role, name in needed
    )  # fmt: skip


def _one_point_a_word(
    found: list[tuple[int, tuple[int, frozenset[int]] | None]], stems: tuple[str, ...]
) -> list[tuple[int, int | None]]:
    """(point, its alternative covered or None), where the typed words of a point all earned a
    point with more words already: "land to defend Leningrad" is not also "got land" unless "land"
    is typed again (exam-board practice: one piece of evidence earns one mark)."""
    claimed: set[int] = set()
    kept: dict[int, int | None] = {}
    for i, at in sorted(found, key=lambda f: -len(f[1][1]) if f[1] else 0):
        if at is None:
            kept[i] = None
            continue
        used = set(at[1])
        for index in at[1] & claimed:  # the same word typed again elsewhere is evidence of its own
            again = next(
                (j for j, s in enumerate(stems) if s == stems[index] and j not in claimed | used), None
            )
            if again is not None:
                used = (used - {index}) | {again}
        if used and used <= claimed:
            kept[i] = None
            continue
        kept[i] = at[0]
        claimed |= used
    return [(i, kept[i]) for i, _ in found]


_BARE_SHORT_YEAR = re.compile(r"(?<![\w'’.,])(\d\d)(?![\w%.,'’])")  # "in 24"


def _full_years(typed: str, years: frozenset[int], asked: frozenset[int] = frozenset()) -> str:
    """`typed` with each "'33" written as the year of the card or deck it stands for ("1933"), else
    in the century of their first year; left as typed when they have no years. To a "When"
    question (`asked`, its years) a bare "24" is that year too when one of them ends with it."""

    def full(match: re.Match[str]) -> str:
        ending = int(match.group(1))
        same = [y for y in sorted(years) if y % 100 == ending]
        if same or years:  # else the century of the notes' first year: "'34" is a wrong year, not none
            return str(same[0] if same else min(years) // 100 * 100 + ending)
        return match.group()

    if "'" in typed or "’" in typed:
        typed = _SHORT_YEAR.sub(full, typed)
    if asked and not YEAR.search(typed) and len(_BARE_SHORT_YEAR.findall(typed)) == 1:  # "19 24" is no year
        typed = _BARE_SHORT_YEAR.sub(
            lambda m: next((str(y) for y in sorted(asked) if y % 100 == int(m.group(1))), m.group()), typed
        )
    return typed


def _non_answer(typed: str) -> bool:
    text = normalise(typed)
    return not text or text in NON_ANSWERS or not re.search(r"[^\W_]", typed)


def mark_answer(card: Card, typed: str, deck: Deck | None = None) -> Marking:
    """Mark `typed` against the card's mark scheme (see the module docstring).

    `deck` (or an earlier `prepare_deck`) lets the marker know the other cards:
    their words earn nothing here, and a year none of them mentions is for the
    student to check. Never raises; marks are cached per (answer, typed).
    """
    context = _context_for(deck) if deck is not None else _CARD_CONTEXT.get(card, _DeckContext())
    answer, question, points, need, accept = _scheme_args(card)
    if context.letters:
        # the notes' "G" is read as their name in what is typed, and in the answer where it is the
        # mark scheme (authored points name it in full; the answer's lines then only guard, as read)
        spell = [typed, answer, *accept] if not points else [typed]
        typed, *rest = (_letters_spelled(text, context.letters) for text in spell)
        if not points:
            answer, accept = rest[0], tuple(rest[1:])
    mark = _mark(typed, answer, question, points, need, accept, context, _setting(card, deck, context))
    return _names_cased(mark, (typed, question, answer, *points), context.names)


def _setting(card: Card, deck: Deck | None, context: _DeckContext) -> frozenset[str]:
    """Stems of the deck's names in the deck's title and the card's topic ("Stalin's leadership",
    "Soviet foreign policy"): who every card under that heading is about, never a name from
    another card when typed ("Stalin purged the officers" under "Stalin's leadership")."""
    if not context.known:
        return frozenset()
    # the quiz marks with the deck's context kept from `prepare_deck`: its title is kept there
    heading = f"{deck.title if deck is not None else context.title}\n{getattr(card, 'topic', '')}"
    said = {stem(w) for w in words(heading)}
    said |= {ALIASES[w] for w in words(heading) if w in ALIASES}
    return frozenset(said) & context.names


def _title_names(context: _DeckContext) -> frozenset[str]:
    """Stems of the deck's names (`_DeckContext.names`) in its title, common words ("war") left out."""
    said = {stem(w) for w in words(context.title)} | {
        ALIASES[w] for w in words(context.title) if w in ALIASES
    }
    return frozenset(said) & context.proper


def _plain(text: str) -> tuple[str, ...]:
    """An answer's words but its years and function words, "+" read as "and": "Baltic states +
    Finland 1920" is the accepted "the Baltic states and Finland" (its year the card's own)."""
    return tuple(w for w in words(_strip_years(text).replace("+", " and ")) if w not in STOP_WORDS)


def _scheme_args(card: Card) -> tuple[str, str, tuple[str, ...], int | None, tuple[str, ...]]:
    """(answer, question, points, need, accept): what `_scheme` reads of a card."""
    return (
        card.answer,
        card.question,
        tuple(getattr(card, "points", ()) or ()),
        getattr(card, "need", None),
        tuple(getattr(card, "accept", ()) or ()),
    )


def mark_points(card: Card) -> tuple[tuple[str, ...], int]:
    """(the mark points a typed answer to `card` is marked on, as written; how many earn full marks).

    The card's own `points` where the deck states them, else its answer split as README "Mark
    schemes" says: every line, bullet and part joined by "+" or ";" is a point (DESIGN.md, "Mark
    points"). For `revise check` and the card reader, so a student sees what a typed answer needs.
    """
    scheme = _scheme(*_scheme_args(card))
    return tuple(point.text for point in scheme.points), scheme.need


def marks_for(card: Card) -> int:
    """The marks a typed answer to `card` is worth (its mark scheme's `need`, 1 or more), answered
    or not: a question left unanswered or not reached counts what answering it could have earned."""
    return _scheme(*_scheme_args(card)).need


@lru_cache(maxsize=8192)
def mark_typed(typed: str, answer: str, question: str = "") -> Marking:
    """Mark what the student typed against a model answer alone (no authored points, no deck)."""
    return _names_cased(
        _mark(typed, answer, question, (), None, (), _DeckContext()), (typed, question, answer)
    )


_WRITTEN_WORD = re.compile(r"[^\W\d_](?:[\w'’]*\w)?")  # a closing quote is no part of a word


def _names_cased(mark: Marking, texts: tuple[str, ...], names: frozenset[str] = frozenset()) -> Marking:
    """`mark` with each name of `texts` (what was typed, then the card's texts) in its note as written
    there: the marker's words are folded ("britain's protests" -> "Britain's protests"). Any word the
    student capitalised is quoted so. `names`: stems the deck writes as names, which count at the
    start of a sentence too ("Hitler's purges ..."). Function words ("the") are never changed."""
    if not mark.note:
        return mark
    written: dict[str, str] = {}
    for text in texts:
        for found in _WRITTEN_WORD.finditer(text):
            word = found.group()
            # a name: capitals inside a sentence, all capitals, or a name of the deck ("The" is none)
            plain = re.sub(r"['’]", "", word.lower())
            known = stem(plain) in names or stem(plain.removesuffix("s")) in names
            typed = text is texts[0]  # the student's own words are quoted as they wrote them
            if (
                word != word.lower()
                and plain not in STOP_WORDS
                and (typed or word.isupper() or known or not _sentence_start(text, found.start()))
            ):
                written.setdefault(plain, word)
    note = _WRITTEN_WORD.sub(lambda m: written.get(re.sub(r"['’]", "", m.group()), m.group()), mark.note)
    return dataclasses.replace(mark, note=note)


def _mark(
    typed: str,
    answer: str,
    question: str,
    points: tuple[str, ...],
    need: int | None,
    accept: tuple[str, ...],
    context: _DeckContext,
    setting: frozenset[str] = frozenset(),
) -> Marking:
    """`setting`: stems of the names of the card's headings (`_setting`)."""
    scheme = _scheme(answer, question, points, need, accept)
    total = len(scheme.points)
    typed_norm = normalise(typed)
    if typed_norm and (typed_norm == normalise(answer) or any(typed_norm == normalise(a) for a in accept)):
        return Marking("right", "", _checklist(scheme, range(total)), scheme.need, scheme.need)
    if accept and set(years_in(typed)) <= scheme.card_years and _plain(typed) in {_plain(a) for a in accept}:
        return Marking("right", "", _checklist(scheme, range(total)), scheme.need, scheme.need)
    if _non_answer(typed):
        return Marking("wrong", "no answer given", _checklist(scheme, ()), 0, scheme.need)
    typed = _full_years(typed, scheme.card_years | scheme.question_years | context.years, scheme.asked_year)
    read = _read(typed)
    # A point found in words that say its opposite ("Leningrad fell" for "never fell") is not made,
    # unless another way of saying it, with no "not", is found ("making the USSR strong first").
    found: list[tuple[int, tuple[int, frozenset[int]] | None]] = []
    contradicted: list[tuple[int, str]] = []
    for i, point in enumerate(scheme.points):
        at = _covering_at(point, read, context, scheme)
        first_said = None
        while at is not None and (said := _contradicts(point, at[0], read)):
            first_said = first_said or said
            # only a way with a "not" the answer leaves out gives way to the next: an opposite word
            # typed ("victory" for "defeated") says the opposite of every way
            at = (
                _covering_at(point, read, context, scheme, at[0] + 1)
                if _way_denied(point, at[0])[0]
                else None
            )
        denied = {k for j, alt in enumerate(point.alternatives) if _way_denied(point, j)[0] for k in alt}
        if first_said and at is not None and all(read.stems[t] in denied for t in at[1]):
            at = None  # the other way found only in the denied way's own words ("the USSR was strong")
        if at is None and not first_said:
            first_said = _turned_round(point, read)
        if at is not None and not first_said and (said := _denied_way_said(point, at[0], read)):
            first_said, at = said, None
        found.append((i, at))
        if at is None and first_said:
            contradicted.append((i, first_said))
    covering = _one_point_a_word(found, read.stems)
    covering = [(i, None if any(i == c for c, _ in contradicted) else which) for i, which in covering]
    covered = [i for i, which in covering if which is not None]
    # Negations in the ways of saying each covered point the student used.
    # names as the student capitalised them, and the deck's own names typed in lower case ("japan")
    typed_names = frozenset(_names(typed, initial_too=True)) | (context.proper & frozenset(read.stems))
    said_negations = sum(
        _answer_negations(re.split(r"\s/\s", scheme.points[i].text)[which])
        for i, which in covering
        if which is not None
    )
    checklist = _checklist(scheme, covered)
    got = len(covered)

    def result(verdict: Verdict, note: str) -> Marking:
        if verdict == "partial" and got >= scheme.need:
            # Every point found but a guard doubts the claim (a 'not', a year, a swapped name): nothing is
            # ticked for the student, so one key never confirms full marks the marker doubts.
            doubted = tuple(dataclasses.replace(p, covered=False, found=p.covered) for p in checklist)
            return Marking(verdict, f"{note} — tick the points you made", doubted, 0, scheme.need)
        # Full marks are `need` points: a paper adds marks like a real one ("17/24 marks").
        awarded = scheme.need if verdict == "right" else 0 if verdict == "wrong" else min(got, scheme.need)
        return Marking(verdict, note, checklist, awarded, scheme.need)

    # -- years
    known_years = scheme.card_years | scheme.question_years
    foreign_years = sorted(read.years - known_years)
    if scheme.asked_year:
        if not scheme.asked_year & read.years:
            if read.years:
                return result("wrong", "wrong year")
            return result("wrong", "the year is missing")
        hedged = read.bare_years - scheme.asked_year
        if hedged:
            if hedged - known_years:
                return result("wrong", "more than one year: which is it?")
            return result("partial", "more than one year: which is it?")

    places = {i: at[1] for i, at in found if at is not None}
    role_names = context.names | frozenset(scheme.names) | scheme.question_names | typed_names

    def held(note: str, names: tuple[str, str]) -> Marking | None:
        return _points_held(scheme, covered, checklist, note, names, read, places, role_names)

    def point_index_uncovered(point: _Point) -> bool:
        return scheme.points.index(point) not in covered

    for point in scheme.points:
        # A point's words with another year than its own: "Italy joined 1936" for "Italy join in 1937".
        if point.years and not point.years <= read.years and read.years - point.years:
            undated = dataclasses.replace(point, years=frozenset())
            if any(point.alternatives) and _covers(undated, read, context, scheme):
                return result("partial", "wrong year")
        # A point's words with another number: "3 fronts" for "2 fronts", "3x tanks" for "4x tanks".
        numbers = [alt for alt in point.alternatives if any(k[:1].isdigit() for k in alt)]
        if numbers and point_index_uncovered(point):
            bare = tuple(tuple(k for k in alt if not k[:1].isdigit()) for alt in numbers)
            unnumbered = dataclasses.replace(point, alternatives=bare, raw=bare, years=frozenset())
            if (
                all(bare)
                and _covers(unnumbered, read, context, scheme)
                and (any(s[:1].isdigit() for s in read.stems) or "one" in read.words)
            ):
                return result("partial", "check the number")

    # -- points
    if got >= scheme.need:  # enough points, but another one said the other way round is no "right"
        contradicted += [
            (i, said)
            for i, point in enumerate(scheme.points)
            if i not in covered and (said := _denied_in_part(point, read))
        ]
    if contradicted and got >= scheme.need:
        return result("partial", f"says the opposite of the notes: {contradicted[0][1]}")
    if scheme.is_list:
        extra = _extra_items(typed, scheme, context, read)
        if got == total and not extra:
            return _capped(
                result,
                read,
                scheme,
                context,
                foreign_years,
                _typo_note(scheme, read),
                said_negations,
                typed_names,
                _spared_names(scheme, covering),
                setting,
                _unused_ways(scheme, covering),
                held,
            )
        if extra and len(extra) >= total:
            return result(
                "wrong", f"{', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not in the answer"
            )
        note = f"{got} of {total}"
        if extra:
            note += f" — {', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not in the answer"
        return result("partial" if got else "wrong", note)
    # A short answer (a name, a place) hedged with others: "Estonia + Latvia" for "Estonia". A "When"
    # question's answer is its year (hedged years are caught above): what is said around it is comment.
    if got >= scheme.need and len(scheme.card_stems - scheme.question_stems) <= 3 and not scheme.asked_year:
        extra = [
            i
            for i in _extra_items(typed, scheme, context, read)
            if not all(_near_one_of(s, scheme.card_stems) for s in _read(i).stems)
        ]
        if extra:
            return result(
                "partial", f"{', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not in the answer"
            )
    if got >= scheme.need:
        return _capped(
            result,
            read,
            scheme,
            context,
            foreign_years,
            _typo_note(scheme, read),
            said_negations,
            typed_names,
            _spared_names(scheme, covering),
            setting,
            _unused_ways(scheme, covering),
            held,
        )
    if contradicted and not got:
        return result("wrong", f"says the opposite of the notes: {contradicted[0][1]}")
    if got:
        stray = _negated_point(read, scheme, covering)
        if stray:  # a point found beside a 'never' the notes do not have: nothing ticked for the student
            note = f"{got} of {scheme.need} points, but says '{stray}' where the notes do not — tick the points you made"
            doubted = tuple(dataclasses.replace(p, covered=False, found=p.covered) for p in checklist)
            return Marking("partial", note, doubted, 0, scheme.need)
        doubt = _part_doubted(read, scheme, context, typed_names)
        if doubt:  # a point found in words that turn a name round: no mark for it until the student ticks it
            note, names = doubt
            # the name turned round in a point not made: the points made stand
            return held(note, names) or result("partial", f"{got} of {scheme.need} points ({note})")
        return result("partial", f"{got} of {scheme.need} points")
    relevant = [s for s in read.stems if s in scheme.card_stems and s not in scheme.question_stems]
    if relevant:
        return result("self", "found no mark point; check it yourself")
    return result("wrong", "nothing from the mark scheme")


_Guard = tuple[Callable[[], tuple[str, str] | None], str]  # (the doubt found or None, how the note says it)


def _part_doubted(
    read: _Text, scheme: _Scheme, context: _DeckContext, typed_names: frozenset[str]
) -> tuple[str, tuple[str, str]] | None:
    """(the note, the stems of the notes' name and the typed one) of the first guard that doubts
    who did what in an answer with some points but not all ("Russian troops trained in Germany" for
    "German troops trained in the USSR"), else None: a swapped name earns no mark an examiner would
    not give."""
    role_names = context.names | frozenset(scheme.names) | scheme.question_names | typed_names
    guards = _swap_guards(scheme, read, context, typed_names, role_names)
    for guard in guards:
        found = guard[0]()
        # a name in another role takes a mark only where what comes from whom is turned round
        if found and (names := _swapped_name(found, role_names, roles=guard is guards[-1])) is not None:
            return guard[1].format(*found).removeprefix("check it: "), names
    return None


def _swap_guards(
    scheme: _Scheme,
    read: _Text,
    context: _DeckContext,
    typed_names: frozenset[str],
    role_names: frozenset[str],
    unused: frozenset[str] = frozenset(),
) -> tuple[_Guard, _Guard, _Guard, _Guard, _Guard]:
    """The guards that doubt a name turned round (a name for another, a relation the other way
    round, a name in another role, another name beside a point's word, what comes from whom), in
    the order they are tried: in an answer short of full marks (`_part_doubted`) and in a full one
    (`_capped`), such a name costs only the points holding it (`_points_held`). `unused`: see
    `_capped`."""
    return (
        (
            lambda: _substitution(scheme, read, typed_names, context.names | frozenset(scheme.names), unused),
            _SWAP,
        ),
        (lambda: _point_turned_round(scheme, read), _WHO_DID_WHAT),
        (lambda: _roles_swapped(scheme, read, role_names, context.proper | typed_names), _WHO_DID_WHAT_WORDS),
        (lambda: _name_beside_swapped(scheme, read, role_names, context), _SWAP),
        (lambda: _head_swapped(scheme, read, role_names), _WHO_DID_WHAT_WORDS),
    )


def _swapped_name(
    found: tuple[str, str], role_names: frozenset[str], roles: bool = False
) -> tuple[str, str] | None:
    """The stems of (the notes' name, the typed name) of a doubt (the notes' words, the typed words)
    that puts a name for a name ("Russian troops" for "German troops"), "" for a side with no words;
    None when a side opens with no name: another word for a point's word may be a point not made.
    `roles`: a name in another role counts too ("to Germany" for "from Germany"): too weak to take a
    mark from an answer short of full marks ("learn from German officers"), enough to hold one back."""
    sides = []
    for side in found:
        plain = list(words(side))
        role = next((i for i, w in enumerate(plain[:-1]) if w in ROLE_WORDS), None) if roles else None
        if role is not None:  # the name after the role word: "machinery from Germany"
            plain = plain[role + 1 :]
            plain = plain[1:] if plain[0] == "the" and len(plain) > 1 else plain
        if plain and stem(plain[0]) not in role_names:
            return None
        sides.append(stem(plain[0]) if plain else "")
    return sides[0], sides[1]


def _points_held(
    scheme: _Scheme,
    covered: list[int],
    checklist: tuple[PointResult, ...],
    note: str,
    names: tuple[str, str],
    read: _Text,
    places: dict[int, frozenset[int]],
    role_names: frozenset[str],
) -> Marking | None:
    """The mark of an answer that turned a name round, (the notes' name, the typed one) as stems:
    the points made that hold the notes' name, or that were found in a clause holding either name
    (two names traded between points), earn nothing until the student ticks them ("? check"); the
    other points made keep theirs (exam-board practice: a wrong claim loses its own mark). `places`:
    the typed words each point made was found in (indices into `read.stems`); `role_names`: stems of
    the names a clause may open with (a clause with none goes on with the one before it). None when
    no point made holds the notes' name."""
    notes_word = names[0]
    held = {
        i
        for i in covered
        if notes_word
        and (
            notes_word in scheme.points[i].sequence
            or any(notes_word in alt for alt in scheme.points[i].alternatives)
        )
    }
    if not held:
        return None
    swapped = {read.clause[t] for t, s in enumerate(read.stems) if s and s in names}
    named = {read.clause[t] for t, s in enumerate(read.stems) if s in role_names}
    for clause in sorted(swapped):  # "Germany matched ... and had 4x the tanks": who acts goes on
        while clause + 1 in read.clause and clause + 1 not in named:
            clause += 1
            swapped.add(clause)
    held |= {i for i in covered if any(read.clause[t] in swapped for t in places.get(i, ()))}
    doubted = tuple(
        dataclasses.replace(p, covered=False, found=True) if i in held else p for i, p in enumerate(checklist)
    )
    kept = min(len(covered) - len(held), scheme.need)
    return Marking(
        "partial",
        f"{f'{kept} of {scheme.need} points, but ' if kept else ''}{note} — tick the points you made",
        doubted,
        kept,
        scheme.need,
    )


def _denied_by_opposite(scheme: _Scheme, read: _Text) -> bool:
    """The answer says with an opposite word what the notes say with a negation: "too weak" for
    "not strong enough", "lost" for "never won" (`ANTONYM_PAIRS`)."""
    antonyms = _antonyms()
    typed = {stem(w) for w in read.words}
    return any(antonyms.get(word, frozenset()) & typed for word in _denied_words(scheme))


def _denied_words(scheme: _Scheme) -> frozenset[str]:
    """Stems of the content words the card's texts put just after a negation ("not strong enough")."""
    denied: set[str] = set()
    for text in [p.text for p in scheme.points] + [p.text for p in scheme.answer_points]:
        plain = words(text)
        for i, word in enumerate(plain):
            if word in NEGATIONS:
                denied.update(stem(w) for w in plain[i + 1 : i + 3] if w not in STOP_WORDS)
    return frozenset(denied)


def _stray_negation(read: _Text, scheme: _Scheme, model_negations: int) -> str | None:
    """The first negating word of an answer with more of them than the notes' ways it used
    (`model_negations`), or None. The question's own negating word said back ("Why did it fail?" -
    "it failed because ...") and a negation said of the name a comparison sets against ("...;
    Nicholas II did not") are no reversal."""
    echoed = sum(w in NEGATIONS and w[:3] in scheme.question_negations for w in read.words)
    echoed += sum(w in NEGATIONS for said in _said_of_contrasted(scheme, read) for w in said)
    # "not until 1933" where the notes date it "1933": "only in 1933", no claim denied
    echoed += sum(
        1
        for before, year, _ in read.dated
        if before == "only" and any(noted == year and not word for word, noted in scheme.year_words)
    )
    # a negation in a part with no word of the card, its question or a year is said of something else
    # ("the USSR was not even invited"): it turns no point round
    known = scheme.card_stems | scheme.question_stems | {"yearmark"}
    holding = [c for c in read.clauses if known & {stem(w) for w in c if w not in NEGATIONS}]
    negating = [w for c in holding for w in c if w in NEGATIONS]
    if len(negating) <= max(model_negations, echoed):
        return None
    return next((w for w in negating if w[:3] not in scheme.question_negations), "not")


CONSEQUENCE_WORDS = frozenset("so as because since therefore thus".split())  # noqa: SIM905


def _negated_point(read: _Text, scheme: _Scheme, covering: list[tuple[int, int | None]]) -> str | None:
    """A negating word in the part of the answer (up to "and", "so", "because"...) that holds a
    point found there, where the way it was found has fewer: "so Germany never had to bring its own
    supplies"; or None. The question's own negating word said back is no reversal."""
    for i, which in covering:
        if which is None:
            continue
        way = re.split(r"\s/\s", scheme.points[i].text)[which]
        keys = scheme.points[i].alternatives[which]
        said = [
            w
            for part in _parts_holding(read, keys, CONSEQUENCE_WORDS)
            for w in part
            if w in NEGATIONS and w[:3] not in scheme.question_negations
        ]
        if len(said) > _answer_negations(way):
            return said[0]
    return None


def _capped(
    result: Callable[[Verdict, str], Marking],
    read: _Text,
    scheme: _Scheme,
    context: _DeckContext,
    foreign_years: list[int],
    note: str,
    model_negations: int,
    typed_names: frozenset[str],
    spared: frozenset[str] = frozenset(),
    setting: frozenset[str] = frozenset(),
    unused: frozenset[str] = frozenset(),
    held: Callable[[str, tuple[str, str]], Marking | None] = lambda note, names: None,
) -> Marking:
    """All points are there: right, unless a guard says the student must look. `spared`: names
    only in ways of saying a point the student made another way (`_spared_names`); `setting`: names
    of the card's headings (`_setting`); `unused`: ways of saying a point made another way; `held`:
    the mark when the points holding a name turned round lose theirs (`_points_held`), or None."""
    # "no relations until 1930" and "restored in 1930" say the same: with "until" in the notes and their
    # own year typed, leaving out the notes' negation is no reversal
    until = (
        bool(UNTIL & scheme.card_words)
        and bool(read.years)
        and read.years <= scheme.card_years
        and not UNTIL & set(read.words)  # "relations until 1930" keeps the "until" and drops the "no"
    )
    if said := _stray_negation(read, scheme, model_negations):
        return result("partial", f"says '{said}' where the notes do not: check the claim")
    if not until and model_negations and not read.negations and not _denied_by_opposite(scheme, read):
        return result("partial", f"the notes say '{scheme.negation_word}': check the claim")
    missing = any(
        len([k for k in alt if k in read.stems]) < len(alt)
        for p in scheme.points
        for alt in p.alternatives[:1]
    )
    # A name of another card: a fact of another event ("signed at Rapallo"), or a swap. Who acts,
    # opening a clause, is often left out of the notes ("Germany failed to capture it"): that one is
    # doubted only when a point was found loosely ("Stalin purged the officers").
    compared = _compared_names(read)
    borrowed = sorted(
        {
            read.raw[i]
            for i, s in enumerate(read.stems)
            if s not in scheme.card_stems
            and s not in setting
            and s in context.proper
            and (missing or (i > 0 and read.clause[i - 1] == read.clause[i]))
            and read.raw[i] not in compared
        }
    )
    if borrowed:
        return result("partial", f"check it: {', '.join(borrowed)} is from another card")
    if scheme.card_years and read.years - scheme.question_years and not read.years & scheme.card_years:
        return result("partial", "wrong year")
    # a year of another card where this card dates its own ("USSR won in 1944" for Kursk, July 1943)
    own = scheme.card_years | scheme.question_years
    other = [y for y in foreign_years if y in context.years]  # those the deck never has: see below
    if own and other:
        return result("partial", f"check the year: {other[0]} is not this card's")
    role_names = context.names | frozenset(scheme.names) | scheme.question_names | typed_names
    # Each doubt: (the notes' words, the typed words) or None, and how the note says it; first found wins.
    swaps = _swap_guards(scheme, read, context, typed_names, role_names, unused)
    substituted, turned, roles, beside, headed = swaps
    doubts: tuple[_Guard, ...] = (
        substituted,
        (
            lambda: next((i for p in scheme.points if (i := _names_inverted(p.names, read))), None),
            _WHO_DID_WHAT,
        ),
        (lambda: _contrast_claimed(scheme, read), "check who: the question asks about {0}, not {1}"),
        (lambda: _subject_swapped(scheme, read, typed_names), "check who: the notes say it of {0}, not {1}"),
        (
            lambda: _foreign_agent(scheme, read, context.names | typed_names),
            "check who: the notes do not say '{0} {1}'",
        ),
        (lambda: _short_form_specified(scheme, read, context), _SWAP),
        (lambda: _time_word_changed(scheme, read), "check the date: '{1}' where the notes say '{0}'"),
        (lambda: _relation_reversed(scheme, read), _WHO_DID_WHAT_ASKED),
        (lambda: _relation_retold(scheme, read), "check it: '{1}' where the question asks '{0}'"),
        (lambda: _asked_verb_ended(scheme, read), "check it: '{1}' where the question asks '{0}'"),
        (
            lambda: _relation_given_another(scheme, read, context),
            "check who: the question asks about {0}, not {1}",
        ),
        (
            lambda: _stranger_as_subject(scheme, read, context, typed_names),
            "check who: the question asks about {0}, not {1}",
        ),
        turned,
        (lambda: _object_made_actor(scheme, read, role_names), _WHO_DID_WHAT_WORDS),
        (
            # a word of the card's topic ("Stalin" under "Stalin's leadership") or a common word of the title
            # is no stranger; a name of the title ("Soviet") still is ("Soviet troops had to bring supplies")
            lambda: _stranger_in_point(scheme, read, context.names - (setting - _title_names(context))),
            "check it: {1} is not in the notes here",
        ),
        (lambda: _prefix_dropped(scheme, read), "says '{1}' where the notes say '{0}': check the claim"),
        (lambda: _prefix_added(scheme, read), "says '{1}' where the notes say '{0}': check the claim"),
        (lambda: _lack_of_key_word(scheme, read), "says '{1}' where the notes do not: check the claim"),
        (lambda: _foreign_name(scheme, read, typed_names, context, spared), _SWAP),
        roles,
        (lambda: _name_for_word(scheme, read, context.proper | typed_names), _SWAP),
        headed,
        beside,
        (lambda: _opposite_word(scheme, read), _SWAP),
        (lambda: _foreign_number(scheme, read), "check the number: {1} is not in the notes"),
        (lambda: _hedged_number(scheme, read), "check the number: '{1}' where the notes say {0}"),
    )
    for guard in doubts:
        found = guard[0]()
        if found:
            note = guard[1].format(*found)
            # a name turned round costs the points holding it; the others made stand (none: all doubted)
            names = _swapped_name(found, role_names, roles=True) if guard in swaps else None
            marking = held(note.removeprefix("check it: "), names) if names else None
            if marking and marking.marks_awarded:
                return marking
            return result("partial", note)
    unknown = [y for y in foreign_years if y not in context.years] if context.known else foreign_years
    if unknown:
        return result("self", f"check it yourself: {unknown[0]} is not in the notes")
    return result("right", note)


COMPARE_WORDS = frozenset("than unlike like".split())  # noqa: SIM905


def _compared_names(read: _Text) -> frozenset[str]:
    """Names the card's fact is set beside ("unlike the tsar", "far more than Britain and the USA"):
    a comparison, not a claim made of another card's name. "the same year as the USA" is no such
    aside: it claims the other card's fact (team sets: a false right when "as" counted)."""
    said = read.words
    compared: set[str] = set()
    for j, word in enumerate(said):
        if word in COMPARE_WORDS:
            # the words that follow, joined ("Britain and the USA together", "than at Cadiz")
            compared.update([w for w in said[j + 1 : j + 7] if w not in STOP_WORDS][:3])
    return frozenset(compared)


def _typo_note(scheme: _Scheme, read: _Text) -> str:
    """ "small typo forgiven" when a typed word counted only as a misspelling of a key word."""
    keys = {(k, r) for p in scheme.points for ks, rs in zip(p.alternatives, p.raw) for k, r in zip(ks, rs)}
    for typed_stem, typed_raw in zip(read.stems, read.raw):
        if typed_stem in scheme.card_stems or typed_raw.isdigit():
            continue
        for _, raw in keys:
            allowance = typo_allowance(len(raw))
            if allowance and edit_distance(typed_raw, raw, allowance) <= allowance:
                return "small typo forgiven"
    return ""


def _substitution(
    scheme: _Scheme,
    read: _Text,
    typed_names: frozenset[str],
    names: frozenset[str],
    unused: frozenset[str] = frozenset(),
) -> tuple[str, str] | None:
    """A word of a point swapped for one found nowhere in the card ("party" for "army"), or None.
    Ways of saying a point the student made another way (`unused`) are not compared.

    Found where both neighbours of a point's word are typed with another word between them,
    or where a name of the point ("Stalin") has a neighbour typed next to a name the card
    does not have ("Trotsky secured his grip"); a misspelling or other form is no swap.
    """
    stems = read.stems
    spelled_out = {short for short, expanded in scheme.initialisms if all(s in stems for s in expanded)}
    full = list(read.words)

    def swap(word: str, at: int) -> bool:
        typed = stems[at]
        if typed == word or typed in scheme.card_stems or typed[:1].isdigit():
            return False
        if frozenset((word, typed)) in _near_meaning():
            return False  # "land" where the notes say "territory": another word, the same claim
        if len(word) <= 4 and read.raw[at] in full and _spelled_at(full, full.index(read.raw[at]), word):
            return False  # "League of Nations" where the notes say "LoN"
        allowance = typo_allowance(len(word))
        return typed[:4] != word[:4] and edit_distance(typed, word, allowance) > allowance

    def replaced(word: str, typed: str) -> bool:
        return word in names and typed in typed_names  # a plain word at an edge is too often a paraphrase

    for point in scheme.points + tuple(p for p in scheme.answer_points if p.text not in unused):
        sequence = point.sequence
        for p, word in enumerate(sequence):
            left = sequence[p - 1] if p > 0 else None
            right = sequence[p + 1] if p + 1 < len(sequence) else None
            for at, typed in enumerate(stems):
                written = point.sequence_raw[p] if p < len(point.sequence_raw) else word
                if typed == left and at + 2 < len(stems) and stems[at + 2] == right and swap(word, at + 1):
                    return written, read.raw[at + 1]
                # one more word before the right neighbour ("foreign fascists were told to infiltrate")
                if (
                    typed == left
                    and word not in stems
                    and at + 3 < len(stems)
                    and stems[at + 3] == right
                    and stems[at + 2] not in scheme.card_stems
                    and swap(word, at + 1)
                ):
                    return written, read.raw[at + 1]
                # a name at a point's start or end swapped for another: its one neighbour typed, it nowhere
                if word not in stems and len(sequence) > 2:
                    after, before = at + 1, at - 1
                    if (
                        right is None
                        and typed == left
                        and after < len(stems)
                        and replaced(word, stems[after])
                        and swap(word, after)
                    ):
                        return written, read.raw[after]
                    if (
                        left is None
                        and typed == right
                        and before >= 0
                        and replaced(word, stems[before])
                        and swap(word, before)
                    ):
                        return written, read.raw[before]
                if word not in names or word in stems or word in spelled_out:
                    continue
                beside = [at + 1] if typed == left else []
                beside += [at - 1] if typed == right else []
                for near in beside:
                    if 0 <= near < len(stems) and stems[near] in typed_names and swap(word, near):
                        return written, read.raw[near]
    return None


SAME_WORDS = frozenset("too also likewise same similarly well".split())  # noqa: SIM905
# Words an examiner takes for each other when one stands in the place of the other in a point ("regained
# land" for "regained territory"), but not read as one word everywhere (`SAME_MEANING`): "land" and
# "territory" are both said in one point ("wanted land ... got territory"), and each must find its own.
NEAR_MEANING = "territory land, develop build, pledge promise"


@lru_cache(maxsize=1)
def _near_meaning() -> frozenset[frozenset[str]]:
    """The stem pairs of `NEAR_MEANING`, each either way round."""
    pairs = (group.split() for group in NEAR_MEANING.split(","))
    return frozenset(frozenset(stem(w) for w in pair) for pair in pairs)


def _contrast_claimed(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """The question's two names, when a clause says the notes' point of the one set against
    ("Nicholas II let his generals direct the war", "... Nicholas II did too"), else None.

    Only the words after that name count, up to a word that sets things apart ("whereas"); a part
    with a negation sets the two apart ("Nicholas II did not") and is no swap.
    """
    points = scheme.card_stems - scheme.question_stems
    for said in _said_of_contrasted(scheme, read):
        stems = {stem(w) for w in said if w not in STOP_WORDS}
        if any(w in NEGATIONS for w in said):
            continue
        if len(stems & points) >= 2 or any(w in SAME_WORDS for w in said):
            return scheme.contrast
    return None


def _said_of_contrasted(scheme: _Scheme, read: _Text) -> list[tuple[str, ...]]:
    """What each clause about the name the question sets against says of it (the clause opens with
    that name): its words from that name on, up to a word that sets things apart."""
    if not scheme.contrasted:
        return []
    others = scheme.question_names - scheme.contrasted
    found = []
    for clause in read.clauses:
        at = next((i for i, w in enumerate(clause) if stem(w) in scheme.contrasted), None)
        if at is None or any(w not in STOP_WORDS for w in clause[:at]):  # not what the clause is about
            continue
        end = next((i for i in range(at, len(clause)) if clause[i] in CLAUSE_WORDS), len(clause))
        part = clause[at:end]
        if not any(stem(w) in others for w in part):
            found.append(part)
    return found


def _subject_swapped(scheme: _Scheme, read: _Text, typed_names: frozenset[str]) -> tuple[str, str] | None:
    """(the notes' actor, the name typed) when a point of the answer opens with one name acting on
    another ("USSR annihilates Germany"), and a clause opening with the other name (written as a
    name) says a point that names nobody, said in the notes of the actor: "Germany had better
    technology"; else None.
    """
    named = [(p, _names(re.split(r"\s/\s", p.text)[0], initial_too=True)) for p in scheme.points]
    opener = next(((p, n) for p, n in named if n and p.sequence[:1] == tuple(n[:1])), None)
    nameless = [alt for p, n in named if not n for alt in p.alternatives if len(alt) >= 2]
    if opener is None or not nameless:
        return None
    acted_on = set(opener[1][1:]) - {opener[1][0]} - scheme.question_stems
    for clause in read.clauses:
        content = [w for w in clause if w not in STOP_WORDS]
        if not content or any(w in NEGATIONS for w in clause):
            continue
        first = stem(content[0])
        if first not in acted_on:
            continue
        stems = {stem(w) for w in content}
        if any(len(stems & set(alt)) >= 2 for alt in nameless):
            return opener[0].text.split()[0], content[0]
    return None


def _foreign_agent(scheme: _Scheme, read: _Text, names: frozenset[str]) -> tuple[str, str] | None:
    """("by", the name) when the answer says who did it ("purges ... by Hitler") with a name the deck
    knows but this card never gives; else None. Who did a thing is a claim the notes must make."""
    typed = read.words
    for at, word in enumerate(typed[:-1]):
        if word != "by":
            continue
        after = typed[at + 1 : at + 3]
        name = after[1] if after[:1] == ("the",) and len(after) > 1 else after[0]
        if stem(name) in names and stem(name) not in scheme.card_stems:
            return word, name
    return None


def _short_form_specified(scheme: _Scheme, read: _Text, context: _DeckContext) -> tuple[str, str] | None:
    """(the notes' word, the typed word) when a point is found by a one-word way of saying it and the
    answer says what of with a word the card never has where the notes' full point has another:
    "purges of the politicians" for "purges of army officials / purges"; else None."""
    for point in scheme.points:
        at = _covering_at(point, read, context, scheme)
        if at is None or at[0] == 0 or len(point.alternatives[at[0]]) != 1 or len(at[1]) != 1:
            continue
        full, key, (typed_at,) = point.alternatives[0], point.alternatives[at[0]][0], at[1]
        if key not in full or full.index(key) + 1 >= len(full) or full[full.index(key) + 1] in read.stems:
            continue
        after = typed_at + 1
        if (
            f"{point.raw[0][full.index(key)]} of" in point.text.lower()
            and f"{read.raw[typed_at]} of" in " ".join(read.words)
            and after < len(read.stems)
            and read.clause[after] == read.clause[typed_at]
            and read.stems[after] not in scheme.card_stems
            and not read.stems[after][:1].isdigit()  # "purges of the 1930s" says when, not what
        ):
            return point.raw[0][full.index(key) + 1], read.raw[after]
    return None


def _stranger_in_point(scheme: _Scheme, read: _Text, names: frozenset[str]) -> tuple[str, str] | None:
    """("", the name) when a name the card and its question never have is typed in the clause that
    holds a point's words, not as the one the clause opens with (who acts is often left out of the
    notes: "Germany failed to capture ..."): "Hitler's purges of army officials", "the German
    communist party", "about 20m Germans died" are claims the notes do not make; else None.
    `names`: the stems written as names in the deck."""
    clauses = {
        read.clause[i] for i, typed in enumerate(read.stems) for p in scheme.points if typed in p.sequence
    }
    compared = _compared_names(read)  # "unlike the tsar": an aside, not a claim
    for i, typed in enumerate(read.stems):
        opens = (i == 0 or read.clause[i - 1] != read.clause[i]) and read.raw[i] not in read.possessive
        if read.raw[i] in compared:
            continue
        if read.clause[i] in clauses and typed in names and typed not in scheme.card_stems and not opens:
            return "", read.raw[i]
    return None


TIME_WORDS = frozenset("before after since until till til by from".split())  # noqa: SIM905
TIME_SAME = {"till": "until", "til": "until"}
ERA_WORDS = frozenset({"bc", "bce"})


def _time_word_changed(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """(how the notes date it, how the answer does) when a year of the notes is typed after another
    time word than theirs ("after 1924" for "in 1924", "no relations after 1930" for "until 1930"),
    or as BC; else None."""
    for before, year, after in read.dated:
        said = {word for word, noted in scheme.year_words if noted == year}
        if not said:
            continue
        typed = TIME_SAME.get(before, before) if before in TIME_WORDS else ""
        if before == "only":  # "not until 1933": "1933" where the notes say "1933", else a change
            typed = "" if "" in said else "not until"
        if after in ERA_WORDS or (typed and typed not in said):
            noted = next((w for w in sorted(said) if w), "")
            return f"{noted} {year}".strip(), f"{typed} {year} {after if after in ERA_WORDS else ''}".strip()
    return None


def _relation_reversed(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """(the question's acting name, the typed one) when the answer says the question's relation the
    other way round: "the USSR recognised the USA" to "When did the USA recognise the USSR?"."""
    agent, verb, patient = scheme.relation
    if not agent:
        return None
    stems = list(read.stems)
    for late, early in _passives(read, frozenset({agent, patient})):  # "the USSR was recognised by the USA"
        if late in stems and early in stems:
            i, j = stems.index(late), stems.index(early)
            stems[i], stems[j] = early, late
    for i, typed in enumerate(stems):
        if typed == patient:
            rest = stems[i + 1 : i + 4]
            if any(s in verb for s in rest[:2]) and agent in rest:
                return agent, read.raw[i]
    return None


def _relation_retold(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """(the question's words between its two names, the typed ones) when the answer to a "When"
    question names the two in the question's order with other content words between ("the USA
    declared war on the USSR" to "When did the USA recognise the USSR?"); else None. A date is
    what is asked: another verb there is another claim."""
    agent, verb, patient = scheme.relation
    if not agent or not asks_when(scheme.question_text):
        return None
    stems = read.stems
    for i, typed in enumerate(stems):
        if typed == agent and patient in stems[i + 1 : i + 6]:
            between = stems[i + 1 : stems.index(patient, i + 1)]
            # the notes' own words between them ("the USA was completely opposed to the USSR") retell nothing
            if between and not set(between) & verb and not set(between) <= scheme.card_stems:
                asked = " ".join(w for w in words(scheme.question_text) if stem(w) in verb)
                return asked, " ".join(read.raw[i + 1 : i + 1 + len(between)])
    return None


def _relation_given_another(scheme: _Scheme, read: _Text, context: _DeckContext) -> tuple[str, str] | None:
    """(the question's acting name, the typed one) when the answer to a "When" question types the
    question's verb after another name of the deck and leaves the question's out ("1933, when
    Germany recognised the USSR" to "When did the USA recognise the USSR?"); else None."""
    agent, verb, patient = scheme.relation
    if not agent or not asks_when(scheme.question_text) or agent in read.stems:
        return None
    stems = read.stems
    for i, typed in enumerate(stems[1:], 1):
        if typed in verb and stems[i - 1] not in (agent, patient) and stems[i - 1] in context.proper:
            return _question_name(scheme, agent), read.raw[i - 1]
    return None


def _question_name(scheme: _Scheme, name: str) -> str:
    """The question's name run holding `name` (a stem) as written ("Western USSR"), else `name`."""
    for run in _NAME_RUN.findall(scheme.question_text):
        if any(stem(w) == name for w in words(fold(run))):
            return run
    return name


def _stranger_as_subject(
    scheme: _Scheme, read: _Text, context: _DeckContext, typed_names: frozenset[str]
) -> tuple[str, str] | None:
    """(the question's name, the typed one) when the answer opens with a name the card never has
    (another card's, or one the deck never names), and none of the question's, as the subject of the question's own verb or of a
    state ("Germany was ravaged" to "What were the conditions of Western USSR ...?", "Hitler
    believed ..." to "... what did Stalin believe?"); else None."""
    if not scheme.question_names or scheme.question_names & set(read.stems):
        return None
    typed = read.words
    first = next((i for i, w in enumerate(typed) if w not in FILLER_WORDS), None)
    if first is None or first + 1 >= len(typed):
        return None
    name = stem(typed[first])
    # a name of the deck's, or one the student capitalised that the deck never has ("Churchill")
    known = name in context.proper or (name in typed_names and name not in context.stems)
    if not known or name in scheme.card_stems:
        return None
    following = typed[first + 1]
    # the question's own words after its first name, said of it ("what did Stalin believe?"), not its names
    question = words(fold(scheme.question_text))
    opening = next((i for i, w in enumerate(question) if stem(w) in scheme.question_names), len(question))
    asked = {stem(w) for w in question[opening:] if w not in STOP_WORDS or w in BELIEF_WORDS}
    asked -= scheme.question_names
    if following in PASSIVE_VERBS or stem(following) in asked:
        # the question's name nearest before the verb typed ("... what did Stalin believe?"), else its first
        question = words(fold(scheme.question_text))
        at = max((i for i, w in enumerate(question) if stem(w) == stem(following)), default=len(question))
        named = [stem(w) for w in question[:at] if stem(w) in scheme.question_names]
        near = (
            named[-1]
            if named and following not in PASSIVE_VERBS
            else next(iter(sorted(scheme.question_names)))
        )
        if following in PASSIVE_VERBS:
            near = next((stem(w) for w in question if stem(w) in scheme.question_names), near)
        return _question_name(scheme, near), typed[first]
    return None


TURNING_PREFIXES = frozenset({"counter", "anti"})  # "counter-revolution" is the other side of "revolution"


def _prefix_added(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """(the notes' word, the typed words) when "counter"/"anti" is typed before a word of the card
    that the card never writes with it: "counter-revolution" for "revolution"; else None."""
    typed = read.words
    for before, word in pairwise(typed):
        if (
            before in TURNING_PREFIXES
            and stem(before) not in scheme.card_words
            and stem(word) in scheme.card_stems
        ):
            return word, f"{before}-{word}"
    return None


def _point_turned_round(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """(the point's opening name, its last word) when a point that opens with a name and a verb
    ("Stalin secured his grip on the party") is typed the other way round, its last word before the
    verb and the name after it ("the party secured its grip on Stalin"); a passive ("... was secured
    by Stalin") says it the right way round. Else None."""
    typed = read.stems
    for point in scheme.points:
        sequence = point.sequence
        opening = _names(re.split(r"\s/\s", point.text)[0], initial_too=True)[:1]
        if len(sequence) < 3 or tuple(opening) != sequence[:1]:
            continue
        name, verb, last = sequence[0], sequence[1], sequence[-1]
        if not {name, verb, last} <= set(typed) or len({name, verb, last}) < 3:
            continue
        at_name, at_verb, at_last = typed.index(name), typed.index(verb), typed.index(last)
        passive = "by" in read.words and read.words.index("by") < len(read.words) - 1
        if at_last < at_verb < at_name and not passive:
            return point.sequence_raw[0], point.sequence_raw[-1]
    return None


def _object_made_actor(scheme: _Scheme, read: _Text, names: frozenset[str]) -> tuple[str, str] | None:
    """(the notes' "verb Name", the typed "Name verb") when a name the notes put just after a point's
    verb, acted on, is typed just before that verb, acting, and never after it: "Stalin ignored
    their protests" for "ignored Stalin's protests"; a passive ("Stalin was ignored") keeps the
    role. Else None."""
    typed = read.stems
    # the notes' own "Name verb" pairs ("keep Leningrad defended"): no swap when typed so
    noted = {
        (keys[i], keys[i + 1])
        for point in (*scheme.points, *scheme.answer_points)
        for keys in point.alternatives
        for i in range(len(keys) - 1)
    }
    passive = PASSIVE_WORDS & set(read.words)
    for point in scheme.points:
        for keys, raws in zip(point.alternatives, point.raw):
            for p in range(len(keys) - 1):
                verb, name = keys[p], keys[p + 1]
                # a verb in the past ("ignored", "appeased"), acted on by a name of the deck
                if verb in names or name not in names or not raws[p].endswith("ed") or (name, verb) in noted:
                    continue
                acting = next(
                    (
                        at
                        for at in range(len(typed) - 1)
                        if typed[at] == name
                        and typed[at + 1] == verb
                        and read.clause[at] == read.clause[at + 1]
                    ),
                    None,
                )
                acted_on = any(
                    verb == typed[at] and name in typed[at + 1 : at + 3] for at in range(len(typed))
                )
                if acting is not None and not passive and not acted_on:
                    who = re.sub(r"['’]s$", "", read.raw[acting])  # cased by `_names_cased`
                    return f"{raws[p]} {who}", f"{who} {read.raw[acting + 1]}"
    return None


def _name_beside_swapped(
    scheme: _Scheme, read: _Text, names: frozenset[str], context: _DeckContext
) -> tuple[str, str] | None:
    """(the notes' name, the typed one) when a point's word that the notes follow with a name is
    typed followed by another name ("appeased Stalin" where the notes say "appeased Hitler"), even
    when the notes' name is typed elsewhere ("... and ignored Hitler"); else None."""
    stems, full = read.stems, list(read.words)
    initialisms = [*scheme.initialisms, *context.initialisms.items()]
    spelled = {expanded[0] for _, expanded in initialisms}  # "League (of Nations)" for "LoN"
    shorts = {(short, expanded[0]) for short, expanded in initialisms}  # "EE" for "Eastern Europe"
    for point in scheme.points + scheme.answer_points:
        sequence, raw = point.sequence, point.sequence_raw
        for p in range(len(sequence) - 1):
            word, name = sequence[p], sequence[p + 1]
            if word in names or name not in point.names or name not in names:
                continue
            for at in range(len(stems) - 1):
                typed = stems[at + 1]
                if (
                    stems[at] == word
                    and read.clause[at] == read.clause[at + 1]
                    and typed in names
                    and typed not in sequence
                    and typed not in spelled
                    and (typed, name) not in shorts
                    and typed[:4] != name[:4]  # "the tsar era" for "the Tsarist era"
                    and edit_distance(typed, name, typo_allowance(len(name))) > typo_allowance(len(name))
                    # "the Red Army officers": a word more; "division of Germany by Poland": Poland acts
                    and (stems[at + 2 : at + 3] != (name,) or _agent_between(read, at + 1))
                    and not (len(name) <= 4 and _spelled_at(full, full.index(read.raw[at + 1]), name))
                ):
                    return raw[p + 1] if p + 1 < len(raw) else name, read.raw[at + 1]
    return None


def _agent_between(read: _Text, at: int) -> bool:
    """The typed word at `at` (an index into `read.stems`) is followed by "by": the next name acts."""
    full = list(read.words)
    raw = read.raw[at]
    i = full.index(raw) if raw in full else -1
    return 0 <= i < len(full) - 1 and full[i + 1] == "by"


def _names_inverted(names: tuple[str, ...], read: _Text) -> tuple[str, str] | None:
    """Two names of the answer typed the other way round ("Germany annihilated the USSR"), or None.

    Names typed side by side ("Japan and Germany") are a list, not a relation.
    """
    first: dict[str, int] = {}
    for index, typed in enumerate(read.stems):
        first.setdefault(typed, index)
    for patient, agent in _passives(read, frozenset(names)):
        if patient in first and agent in first:  # "the USSR was beaten by Germany": Germany acts first
            first[patient], first[agent] = first[agent], first[patient]
    present = [name for name in dict.fromkeys(names) if name in first]
    for i, a in enumerate(present):
        for b in present[i + 1 :]:
            if first[b] < first[a] - 1:
                return read.raw[first[a]], read.raw[first[b]]
    return None


BELIEF_WORDS = frozenset("believe believed believes think thought thinks".split())  # noqa: SIM905
PASSIVE_VERBS = frozenset("was were is are been being be".split())  # noqa: SIM905


def _passives(read: _Text, names: frozenset[str]) -> list[tuple[str, str]]:
    """(patient, agent) name stems of passive clauses: "the USSR was annihilated by Germany",
    "USSR defeated by Germany"."""
    found = []
    typed = read.words
    for i in range(len(typed) - 2):
        if typed[i] in PASSIVE_VERBS and i + 3 < len(typed) and typed[i + 2] == "by":
            j = i + 3 + (typed[i + 3] == "the" and i + 4 < len(typed))
        elif (
            i > 0
            and typed[i - 1] not in PASSIVE_VERBS
            and typed[i].endswith(("ed", "en"))
            and typed[i + 1] == "by"
        ):
            # "USSR defeated by Germany": the passive without its "was"
            j = i + 2 + (typed[i + 2] == "the" and i + 3 < len(typed))
        else:
            continue
        agent = stem(typed[j])
        patient = next((stem(w) for w in reversed(typed[:i]) if stem(w) in names), None)
        if agent in names and patient is not None and patient != agent:
            found.append((patient, agent))
    return found


@lru_cache(maxsize=4096)
def _answer_negations(answer: str) -> int:
    return _read(answer).negations


@lru_cache(maxsize=1)
def _antonyms() -> dict[str, frozenset[str]]:
    """stem -> the stems of its opposites (`ANTONYM_PAIRS`, read both ways)."""
    opposite: dict[str, set[str]] = {}
    for pair in ANTONYM_PAIRS.split(","):
        a, b = (stem(w) for w in pair.split())
        opposite.setdefault(a, set()).add(b)
        opposite.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in opposite.items()}


def _way_denied(point: _Point, which: int) -> tuple[str | None, bool]:
    """(the first "not"/"never"/... of the point's `which` way of saying it, or None; whether that
    way has "until"/"unless": "no relations until 1930" is "restored in 1930" said the other way)."""
    ways = re.split(r"\s/\s", point.text)
    way_words = words(fold(ways[which] if which < len(ways) else point.text))
    return next((w for w in way_words if w in FUNCTION_NEGATIONS), None), bool(UNTIL & set(way_words))


def _opposite_typed(keys: tuple[str, ...], read: _Text) -> bool:
    """The answer has the opposite of one of these key words ("weak" for "strong")."""
    antonyms = _antonyms()
    return any(key in antonyms.get(typed, ()) for typed in read.stems for key in keys)


def _denied_in_part(point: _Point, read: _Text) -> str | None:
    """A point not made, whose "not" the answer leaves out around its own key words: "promised to
    attack each other" for "agreed not to attack each other"; or None."""
    for which, keys in enumerate(point.alternatives):
        denied, until = _way_denied(point, which)
        found = tuple(k for k in keys if k in read.stems and not k[:1].isdigit())
        if not denied or until or not found or len(found) * 2 < len(keys) or _opposite_typed(keys, read):
            continue
        if not _negated_near(read, found):
            return f"no '{denied}' where the notes have one"
    return None


CLAUSE_WORDS = frozenset("and but however whereas while though although".split())  # noqa: SIM905


def _negated_near(read: _Text, keys: tuple[str, ...]) -> bool:
    """A negation in the part of the answer (between "and"/"but"/...) that holds these key words:
    "he never supported it and thought the USSR strong enough" negates the support, not the strength."""
    holding = _parts_holding(read, keys)
    if not holding:
        return bool(read.negations)
    # "non" makes one word ("non-aggression: they agreed to attack"): it denies no other of the part
    return any(w in NEGATIONS and w != "non" for seg in holding for w in seg)


def _parts_holding(
    read: _Text, keys: tuple[str, ...], splits: frozenset[str] = frozenset()
) -> list[list[str]]:
    """The parts of the answer (between "and"/"but"/... and `splits`) with one of these key words, as
    their words."""
    segments: list[list[str]] = []
    for clause in read.clauses or (read.words,):  # clauses end at commas and semicolons too
        segments.append([])
        for word in clause:
            if word in CLAUSE_WORDS or word in splits:
                segments.append([])
            else:
                segments[-1].append(word)
    return [seg for seg in segments if {stem(w) for w in seg} & set(keys)]


def _contradicts(point: _Point, which: int, read: _Text) -> str | None:
    """How the typed answer says the opposite of a point it seems to cover, or None: the way it
    matched says "never"/"not" and the answer has no negation, or the answer has the opposite of one of
    that way's key words and not the word itself ("lowered morale" for "boosted morale")."""
    denied, until = _way_denied(point, which)
    keys = point.alternatives[which]
    if denied:
        # "too weak" for "not strong enough": the opposite word with no "not" says the same thing;
        # a bare year denies nothing
        if (
            not until
            and not _opposite_typed(keys, read)
            and not _negated_near(read, keys)
            and any(k in read.stems for k in keys if not k[:1].isdigit())
        ):
            return f"no '{denied}' where the notes have one"
        return None
    antonyms = _antonyms()
    # "too weak" restates a way of the point with "not strong": it contradicts no other way of it
    denied_keys = {k for j, alt in enumerate(point.alternatives) if _way_denied(point, j)[0] for k in alt}
    # the negating words are no key words, but "lost" is still the opposite of "regained"
    typed = [*zip(read.stems, read.raw), *((stem(w), w) for w in read.words if w in NEGATIONS)]
    for key, raw in zip(keys, point.raw[which]):
        if key in read.stems or key in denied_keys:
            continue
        for typed_stem, typed_raw in typed:
            if key in antonyms.get(typed_stem, ()):
                return f"'{typed_raw}' where they say '{raw}'"
    return None


def _denied_way_said(point: _Point, which: int, read: _Text) -> str | None:
    """How an answer that makes a point one way says another way of it without its "not": all that
    way's key words, the denied one first after the "not" in the notes, in one part of the answer
    (up to "and", "so", ...) with no negation ("so Germany could use the supplies" for "Germany
    could not use it"); or None."""
    for j, keys in enumerate(point.alternatives):
        denied, until = _way_denied(point, j)
        if j == which or not denied or until or not keys or _opposite_typed(keys, read):
            continue
        way = words(fold(re.split(r"\s/\s", point.text)[j]))
        after = way[way.index(denied) + 1 : way.index(denied) + 2]
        if not after or stem(after[0]) not in keys:
            continue  # "Germans had nothing": no word of the way denied
        for part in _parts_holding(read, keys, CONSEQUENCE_WORDS):
            said = {stem(w) for w in part}
            if set(keys) <= said and not any(w in NEGATIONS and w != "non" for w in part):
                if _relative_clause(part, keys):
                    continue  # "destroyed everything the Germans could use": what was destroyed, no claim
                return f"no '{denied}' where the notes have one"
    return None


# Words that open a clause naming a thing by what could be done with it ("everything the enemy could use").
RELATIVE_HEADS = frozenset({"everything", "anything", "all", "whatever", "what", "that", "which"})


def _relative_clause(part: list[str], keys: tuple[str, ...]) -> bool:
    """Whether the part's first key word follows a word that makes what comes after it describe a
    thing, not say something happened ("everything the Germans could use", "all that Germany used")."""
    first = next((at for at, word in enumerate(part) if stem(word) in keys), None)
    return first is not None and any(word in RELATIVE_HEADS for word in part[max(0, first - 2) : first])


def _turned_round(point: _Point, read: _Text) -> str | None:
    """How an answer says a point it does not make the other way round: one of a way's key words
    typed with the opposite of another ("lowered morale" for "boosted morale"); or None."""
    antonyms = _antonyms()
    for which, (keys, raws) in enumerate(zip(point.alternatives, point.raw)):
        if not any(k in read.stems for k in keys) or (_way_denied(point, which)[0] and not read.negations):
            continue  # an opposite of a denied way's word says that way ("too weak": "not strong")
        for key, raw in zip(keys, raws):
            if key in read.stems:
                continue
            for typed_stem, typed_raw in zip(read.stems, read.raw):
                if key in antonyms.get(typed_stem, ()):
                    return f"'{typed_raw}' where they say '{raw}'"
    return None


def _opposite_word(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """A typed word whose opposite the notes use and which they never use themselves, as
    (the notes' word, the typed word): "smallest" where the notes say "largest"; or None."""
    antonyms = _antonyms()
    typed = {stem(w) for w in read.words}
    denied = _denied_words(scheme) if not read.negations else frozenset()
    for word in read.words:
        typed_stem = stem(word)
        for opposite in antonyms.get(typed_stem, ()):
            if opposite in scheme.question_stems and typed_stem in scheme.card_words:
                continue  # the notes' own word for the question's other half ("break down ... restored")
            if opposite in denied:
                continue  # "too weak" where the notes say "not strong enough": the same claim
            # the notes' word is missing and its opposite typed ("lost territory" for "regained lost ...")
            if opposite in scheme.card_words and (
                typed_stem not in scheme.card_words or opposite not in typed
            ):
                return _as_written(scheme, opposite), word
    return None


def _as_written(scheme: _Scheme, key: str) -> str:
    """A stem of the card's words as its points write it ("restor" -> "restored"), else the stem."""
    for point in scheme.points + scheme.answer_points:
        for word in words(point.text):
            if stem(word) == key:
                return word
    return key


def _spared_names(scheme: _Scheme, covering: list[tuple[int, int | None]]) -> frozenset[str]:
    """Names only in the ways of saying a point the student did not use, where they made it another
    way ("ignored Stalin" leaves "the LoN" of "ignored Stalin's protests in the LoN" unsaid)."""
    used: set[str] = set()
    others: set[str] = set()
    for i, which in covering:
        if which is None:
            continue
        for j, way in enumerate(re.split(r"\s/\s", scheme.points[i].text)):
            (used if j == which else others).update(_names(way, initial_too=True))
    return frozenset(others - used)


def _unused_ways(scheme: _Scheme, covering: list[tuple[int, int | None]]) -> frozenset[str]:
    """The other ways of saying each point after its first, for points the student made another way."""
    return frozenset(
        way.strip()
        for i, which in covering
        if which is not None
        for j, way in enumerate(re.split(r"\s/\s", scheme.points[i].text))
        if j and j != which
    )


def _foreign_name(
    scheme: _Scheme,
    read: _Text,
    typed_names: frozenset[str],
    context: _DeckContext,
    spared: frozenset[str] = frozenset(),
) -> tuple[str, str] | None:
    """A name the deck never has, typed where one of the card's names is missing, as (the card's
    name, the typed one): "Berlin" for "Moscow", "the Urals" for "the Caucasus"; or None.
    A misspelling of the missing name, or an initialism spelled out, is no stranger; nor is a name
    of the card the student had no need of (`spared`)."""
    initialisms = [*scheme.initialisms, *context.initialisms.items()]
    spelled_out = {short for short, expanded in initialisms if all(s in read.stems for s in expanded)}
    missing = [n for n in scheme.names if n not in read.stems and n not in spelled_out and n not in spared]
    if any(
        len(n) <= 4 and _spelled_at(list(read.words), i, n) for n in missing for i in range(len(read.words))
    ):
        return None  # "League of Nations" where the notes say "LoN"
    if not missing:
        return None
    for typed_stem, typed_raw in zip(read.stems, read.raw):
        if typed_stem not in typed_names or typed_stem in scheme.card_stems or typed_stem in context.stems:
            continue
        if any(
            edit_distance(typed_stem, n, typo_allowance(len(n))) <= typo_allowance(len(n)) for n in missing
        ):
            continue
        return missing[0], typed_raw
    return None


def _negation_word(text_words: list[str]) -> str:
    """The first negating word of a text as a note names it: "not", "refused", "non-aggression"."""
    for i, word in enumerate(text_words):
        if word in NEGATIONS:
            return f"non-{text_words[i + 1]}" if word == "non" and i + 1 < len(text_words) else word
    return "not"


def _after_non(text: str) -> frozenset[str]:
    """Stems of the words written after "non" in `text`: "non-aggression" -> {"aggress"}."""
    plain = words(fold(text))
    return frozenset(stem(plain[i + 1]) for i, w in enumerate(plain[:-1]) if w == "non")


def _prefix_dropped(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """A word the notes only write as "non-X" typed as plain X, as ("non-aggression", "aggression"); or None."""
    typed = read.words
    for i, word in enumerate(typed):
        if stem(word) in scheme.non_words and (i == 0 or typed[i - 1] not in NEGATIONS):
            return f"non-{word}", word
    return None


def _lack_of_key_word(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """A lack word the notes do not use before a mark point's word, as ("purges", "lack of purges"); or None."""
    if any(stem(w) in scheme.card_stems for w in LACK_WORDS):
        return None
    typed = read.words
    for i, word in enumerate(typed):
        if word not in LACK_WORDS:
            continue
        j = i + 1
        while j < len(typed) and typed[j] in FILLER_WORDS:
            j += 1
        if j < len(typed) and stem(typed[j]) in scheme.card_stems - scheme.question_stems:
            return typed[j], f"{word} of {typed[j]}"
    return None


UNTIL = frozenset({"until", "till", "til", "unless"})
COMPARATIVES = frozenset("fewer less more over under below above least most nearly almost".split())  # noqa: SIM905


def _hedged_number(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """ "fewer than 20m" where the notes say "about 20m": a comparative before a number the notes
    do not put one before, as (the number, "fewer than 20000000"); or None."""
    typed = read.words
    for i, word in enumerate(typed[:-1]):
        if word not in COMPARATIVES:
            continue
        j = i + 1 + (typed[i + 1] == "than" and i + 2 < len(typed))
        # a number the card never gives is no hedge of the notes' one
        if typed[j][:1].isdigit() and word not in scheme.card_words and stem(typed[j]) in scheme.card_stems:
            return typed[j], " ".join(typed[i : j + 1])
    return None


def _foreign_number(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """A number typed that the card never has, where the card gives numbers, as (its stem, "41%"); or None.

    Years are judged on their own; a number from the question is no claim.
    """
    card_numbers = {s for s in scheme.card_stems if s[:1].isdigit()}
    if not card_numbers:
        return None
    for typed_stem, typed_raw in zip(read.stems, read.raw):
        if typed_stem[:1].isdigit() and typed_stem not in card_numbers:
            return typed_stem, re.sub(r"^0(?=[a-z])", "", typed_raw.replace("pct", "%"))
    return None


def _bindings(
    text_words: tuple[str, ...], names: frozenset[str], acting: frozenset[str] = frozenset()
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """A text's (role word, name) pairs, ("against", "ussr") -> "against ussr", and its (name, the word
    it qualifies) pairs, ("stalin", "protest") -> "stalin's protests", each in the order written.
    `acting`: names that own a verb too common to be a key word too ("Russia got territory")."""
    stems = [stem(w) for w in text_words]
    roles: dict[tuple[str, str], str] = {}
    owners: dict[tuple[str, str], str] = {}
    for i, word in enumerate(text_words):
        if word in ROLE_WORDS:
            j = i + 1 + (i + 1 < len(stems) and text_words[i + 1] == "the")
            if j < len(stems) and stems[j] in names:
                roles.setdefault((word, stems[j]), " ".join(text_words[i : j + 1]))
        elif stems[i] in names and i + 1 < len(stems):
            following = text_words[i + 1]
            passive = text_words[i + 2 : i + 3] == ("by",)  # "Germany annihilated by ...": not Germany's
            if (
                (following not in STOP_WORDS or (following in COMMON_VERBS and stems[i] in acting))
                and stems[i + 1] not in names
                and not following[:1].isdigit()
                and not passive
            ):
                owner = word[:-1] + "'s" if word.endswith("s") and stem(word[:-1]) == stems[i] else word
                owners.setdefault((stems[i], stems[i + 1]), f"{owner} {following}")
    return roles, owners


def _roles_swapped(
    scheme: _Scheme, read: _Text, names: frozenset[str], proper: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """A name put in another's place in a relation, as (the notes' words, the typed words):
    "against germany" where the notes say "against the ussr", "britain's protests" for "stalin's
    protests", "Finland got" for "Russia got"; or None. `names`: the card's, the deck's and the typed
    answer's; `proper`: those that are names only (never a plain word, like "war"), which alone
    own a common verb ("got", "had")."""
    # the same words on the other side of "to"/"from", "for"/"against": "instructions from foreign
    # communists" where the notes say "instructions to foreign communists"
    words_of_card = scheme.card_stems
    plain_model = {
        key: written
        for point in scheme.points + scheme.answer_points
        for way in re.split(r"\s/\s", point.text)
        for key, written in _bindings(_read(way).words, words_of_card)[0].items()
    }
    plain_typed = _bindings(read.words, words_of_card)[0]
    for (role, word), typed in plain_typed.items():
        for flipped in ((opposite, word) for opposite in ROLE_OPPOSITES.get(role, ())):
            if (role, word) not in plain_model and flipped in plain_model and flipped not in plain_typed:
                return plain_model[flipped], typed
    if not names:
        return None
    model_roles: dict[tuple[str, str], str] = {}
    model_owners: dict[tuple[str, str], str] = {}
    for point in scheme.points + scheme.answer_points:
        for way in re.split(r"\s/\s", point.text):
            roles, owners = _bindings(_read(way).words, names, proper)
            for key, words_written in roles.items():
                model_roles.setdefault(key, words_written)
            for key, words_written in owners.items():
                model_owners.setdefault(key, words_written)
    typed_roles, typed_owners = _bindings(read.words, names, proper)

    def misspelt(name: str, theirs: list[tuple[str, str]], at: int) -> bool:
        allowance = typo_allowance(len(name))
        return any(edit_distance(name, key[at], allowance) <= allowance for key in theirs)

    for (role, name), typed in typed_roles.items():
        if role in AGENT_ROLES and name not in scheme.card_stems and (role, name) not in model_roles:
            return "nothing of it", typed  # "an alliance against Britain": a party the notes never name
        for flipped in ((opposite, name) for opposite in ROLE_OPPOSITES.get(role, ())):
            if (role, name) not in model_roles and flipped in model_roles and flipped not in typed_roles:
                return model_roles[flipped], typed
        theirs = [key for key in model_roles if key[0] == role]
        if (
            (role, name) not in model_roles
            and theirs
            and not any(key in typed_roles for key in theirs)
            and not misspelt(name, theirs, 1)
        ):
            return model_roles[theirs[0]], typed
    for (name, word), typed in typed_owners.items():
        theirs = [key for key in model_owners if key[1] == word]
        if (
            (name, word) not in model_owners
            and theirs
            and not any(key in typed_owners for key in theirs)
            and not misspelt(name, theirs, 0)
        ):
            return model_owners[theirs[0]], typed
    return None


ENDING_WORDS = frozenset("stop stops stopped stopping cease ceases ceased ceasing quit quits".split())  # noqa: SIM905


def _asked_verb_ended(scheme: _Scheme, read: _Text) -> tuple[str, str] | None:
    """(the question's word, the typed words) when the answer says the question's own action
    stopped ("Britain stopped recognising the USSR" to "When did Britain recognise the USSR?"):
    the opposite of what is asked; else None."""
    question = words(fold(scheme.question_text))
    if ENDING_WORDS & set(question):  # "Why did trade stop?": its stopping is what is asked
        return None
    asked = {stem(w): w for w in question if w not in STOP_WORDS and stem(w) not in scheme.question_names}
    typed = read.words
    for at, word in enumerate(typed[:-1]):
        if word in ENDING_WORDS and stem(typed[at + 1]) in asked:
            return asked[stem(typed[at + 1])], f"{word} {typed[at + 1]}"
    return None


def _name_for_word(scheme: _Scheme, read: _Text, names: frozenset[str]) -> tuple[str, str] | None:
    """(the notes' words, the typed name) when a point's word is typed followed (after at most "the")
    by a name the card never has, where the notes follow it with words the answer leaves out: "failed
    to capture Berlin" for "failure to capture the birthplace of the revolution"; else None. `names`:
    the deck's proper names and those the student capitalised."""
    full = read.words
    for point in scheme.points:
        for way in re.split(r"\s/\s", _PARENS.sub(" ", point.text)):
            way_read = _read(way)
            sequence = way_read.stems
            for p in range(len(sequence) - 1):
                word, following = sequence[p], sequence[p + 1]
                if following in names or following in read.stems or word in names:
                    continue
                for at in range(len(full) - 1):
                    named = at + 1 + (full[at + 1] == "the" and at + 2 < len(full))  # "capture (the) Berlin"
                    typed = stem(full[named])
                    if (
                        stem(full[at]) == word
                        and typed in names
                        and typed not in scheme.card_stems
                        and full[named] not in STOP_WORDS | CLAUSE_WORDS
                    ):
                        # the notes' words the name stands for, as written: "birthplace of the revolution"
                        end = next(
                            (q for q in range(p + 1, len(sequence)) if sequence[q] in read.stems), None
                        )
                        said = list(way_read.words)
                        gone = list(way_read.raw[p + 1 : end])
                        if gone[0] in said and gone[-1] in said:
                            gone = said[said.index(gone[0]) : said.index(gone[-1]) + 1]
                        return " ".join(gone), full[named]
    return None


def _head_swapped(scheme: _Scheme, read: _Text, names: frozenset[str]) -> tuple[str, str] | None:
    """(the notes' words, the typed words) when a point's "machinery from Germany ... in exchange for
    food" is typed with a word the notes put on the other side of "from Germany" before it: "food from
    Germany"; else None. What comes from whom is who did what."""
    typed = read.words
    for point in scheme.points:
        for way in re.split(r"\s/\s", _PARENS.sub(" ", point.text)):
            plain = _read(way).words
            for i, role in enumerate(plain):
                name_at = i + 1 + (i + 1 < len(plain) and plain[i + 1] == "the")
                if (
                    role not in ROLE_WORDS
                    or i == 0
                    or name_at >= len(plain)
                    or stem(plain[name_at]) not in names
                ):
                    continue
                before = {stem(w) for w in plain[:i] if w not in STOP_WORDS}
                after = {stem(w) for w in plain[name_at + 1 :] if w not in STOP_WORDS} - before
                head = next((w for w in reversed(plain[:i]) if w not in STOP_WORDS), "")
                for k, word in enumerate(typed):
                    at = k + 1 + (k + 1 < len(typed) and typed[k + 1] == "the")
                    if word != role or at >= len(typed) or stem(typed[at]) != stem(plain[name_at]):
                        continue
                    said = next((w for w in reversed(typed[:k]) if w not in STOP_WORDS), "")
                    if said and stem(said) in after:
                        return f"{head} {role} {plain[name_at]}", f"{said} {word} {typed[at]}"
    return None


# "March 1918", "3 March 1918": the day and month of a year are a date, no item of a list
_DAY_MONTH = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
    r"(?=\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:1[0-9]{3}|20[0-9]{2})\b)",
    re.IGNORECASE,
)


def _extra_items(typed: str, scheme: _Scheme, context: _DeckContext, read: _Text) -> list[str]:
    """Typed list items matching no point: "Poland" in a list of four other countries. A day and month
    before a year ("March 1918") are part of the date, not an item."""
    extra = []
    for item in re.split(r"[,;+&/]|\band\b", _strip_years(_DAY_MONTH.sub(" ", typed))):
        item_read = _read(item)
        if not item_read.stems:
            continue
        if not any(_covers(p, item_read, context, scheme) for p in scheme.points) and _an_item(
            item, item_read, context
        ):
            extra.append(_tidy(item))
    return extra


def _an_item(item: str, read: _Text, context: _DeckContext) -> bool:
    """A typed part that could stand for another item or a hedged answer ("Poland", "the Baltic states"):
    a name in a few words. A part with no name ("because they had become independent"), a longer one,
    or one relating names ("peace with Soviet Russia") says why or how, not what."""
    named = bool(_names(item, initial_too=True)) or bool(context.proper & set(read.stems))
    related = bool(ROLE_WORDS & set(words(item)))  # "peace with Soviet Russia": a claim about a name
    return named and not related and len(read.stems) <= LIST_ITEM_WORDS + 1


def _near_one_of(word: str, stems: frozenset[str]) -> bool:
    """`word` is one of `stems`, or one of them with a typo ("britian" for "britain")."""
    if word in stems:
        return True
    allowance = typo_allowance(len(word))
    return any(
        abs(len(s) - len(word)) <= allowance and edit_distance(s, word, allowance) <= allowance for s in stems
    )


def _tidy(item: str) -> str:
    """A list item as a note shows it: without the function words left at its ends ("Poland in")."""
    kept = item.split()
    while kept and fold(kept[-1]) in STOP_WORDS:
        kept.pop()
    while kept and fold(kept[0]) in STOP_WORDS:
        kept.pop(0)
    return " ".join(kept) or item.strip()


def _checklist(scheme: _Scheme, covered: Iterable[int]) -> tuple[PointResult, ...]:
    done = set(covered)
    return tuple(PointResult(p.text, i in done) for i, p in enumerate(scheme.points))


# -- comparing two answers (multiple choice) --------------------------------------


@lru_cache(maxsize=8192)
def _key(answer: str) -> tuple[tuple[str, ...], frozenset[int]]:
    read = _read(answer)
    return tuple(sorted(read.stems)), read.years


def same_answer(a: str, b: str) -> bool:
    """Would one answer pass for the other? Two multiple-choice options must never.

    Same key words and years, each word allowed a small typo: symmetric and fast.
    """
    (words_a, years_a), (words_b, years_b) = _key(a), _key(b)
    if years_a != years_b or len(words_a) != len(words_b):
        return False
    if words_a == words_b:
        return True
    unused = list(words_b)
    for word in words_a:
        match = next((w for w in unused if w == word), None)
        if match is None:
            match = next(
                (
                    w
                    for w in unused
                    if not w.isdigit()
                    and not word.isdigit()
                    and edit_distance(word, w, typo_allowance(max(len(w), len(word))))
                    <= typo_allowance(max(len(w), len(word)))
                ),
                None,
            )
        if match is None:
            return False
        unused.remove(match)
    return True
