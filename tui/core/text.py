"""The one text normaliser and the one year parser the whole core uses.

`fold` is what search, question identity and marking share (case and accents
ignored); `words` is marking's view (signs spelled out, punctuation gone);
`year_spans` finds years and ranges ("1939-40", "1939–1940", "1939 to 1940").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import msgspec

# Letters that Unicode does not split into a base letter and an accent.
UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)

# A year is four digits from 1000 to 2099, not part of a longer number.
YEAR = re.compile(r"(?<![0-9])(1[0-9]{3}|20[0-9]{2})(?![0-9])")
# A year or a range of years: "1922", "1941-44", "1939–1940", "1939 to 1940".
YEAR_OR_RANGE = re.compile(
    r"(?<![\w.])(1[0-9]{3}|20[0-9]{2})(?:(?:\s*[-–—/]\s*|\s+to\s+)(\d{4}|\d{2}))?(?!\w|\.\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits


def fold(text: str) -> str:
    """Case and accents folded, length per character kept where possible: "Société" -> "societe".

    NFKD then dropping combining marks, then casefold; ASCII takes a fast path.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    # Only non-ASCII characters can be combining marks: test just those (long texts stay fast).
    return _NON_ASCII.sub(_drop_combining, decomposed).casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def identity_words(text: str) -> list[str]:
    """Folded runs of letters and digits ("Stalin's pact" -> ["stalin", "s", "pact"]): question identity."""
    return _WORD.findall(fold(text))


def words(text: str) -> list[str]:
    """Marking's words: folded, "+"/"&" spelled "and", apostrophes dropped ("Stalin's" -> "stalins")."""
    plain = fold(text)
    if not plain.isascii():
        plain = plain.translate(UNDECOMPOSABLE)
    plain = plain.replace("&", " and ").replace("+", " and ")
    plain = re.sub(r"['’`]", "", plain)
    plain = re.sub(r"[\W_]+", " ", plain)  # any script's letters and digits stay
    return plain.split()


def normalise(text: str) -> str:
    """`words` joined by single spaces: "Łódź & Kraków!" -> "lodz and krakow"."""
    return " ".join(words(text))


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
class YearSpan(msgspec.Struct, frozen=True, gc=False):  # numbers only: never in a cycle
    """A year or range found in text: years `start`..`end` (equal for one year), at text[begin:stop]."""

    start: int
    end: int
    begin: int
    stop: int

    @property
    def years(self) -> frozenset[int]:
        """Its end years (a range names its first and last year)."""
        return frozenset({self.start, self.end})


def _range_end(start: str, end: str | None) -> int:
    if not end:
        return int(start)
    value = int(end) if len(end) == 4 else int(start[:2] + end)
    return value if value > int(start) else int(start)


def year_spans(text: str) -> list[YearSpan]:
    """Years and ranges in order: "1939-40" is one span 1939..1940; a backwards "range" is one year."""
    spans = []
    for match in YEAR_OR_RANGE.finditer(text):
        start, end = match.group(1), match.group(2)
        stop = _range_end(start, end)
        if end and stop == int(start):  # "1924-1922" is no range: keep only the first year
            spans.append(YearSpan(int(start), int(start), match.start(), match.start(1) + 4))
            continue
        spans.append(YearSpan(int(start), stop, match.start(), match.end()))
    return spans


def years_in(text: str) -> list[int]:
    """Every four-digit year (1000–2099) in order of appearance; "1941-44" gives 1941 and 1944."""
    found: list[int] = []
    for span in year_spans(text):
        found.append(span.start)
        if span.end != span.start:
            found.append(span.end)
    for match in YEAR.finditer(text):  # years glued to letters ("c1920") still count
        if int(match.group()) not in found:
            found.append(int(match.group()))
    return found


def years_in_all(texts: Iterable[str]) -> set[int]:
    """Every year `years_in` finds in any of `texts`, in one regex pass over them all.

    For a whole deck's answers (200,000 in a big deck): the texts are joined with NUL, which
    no deck text holds (controls are cleaned out) and no year pattern reads across.
    """
    joined = "\0".join(texts)
    found = {int(year) for year in YEAR.findall(joined)}
    for start, end in YEAR_OR_RANGE.findall(joined):  # a range's short end: "1941-44" gives 1944
        if end:
            found.add(_range_end(start, end))
    return found


def first_year(text: str) -> int | None:
    """The first year in a date text ("1941-44" -> 1941), or None."""
    match = YEAR.search(text)
    return int(match.group()) if match else None


def shift_years(text: str, delta: int) -> str:
    """Every year moved by `delta` years, ranges kept in their shape ("1942-43" + 2 -> "1944-45")."""

    def shift_range(match: re.Match[str]) -> str:
        start, end = match.group(1), match.group(2)
        moved = match.group().replace(start, str(int(start) + delta), 1)
        if not end:
            return moved
        head = moved[: match.start(2) - match.start()]
        new_end = str(_range_end(start, end) + delta)
        return (
            head
            + (new_end[-len(end) :] if len(end) == 2 else new_end)
            + match.group()[match.end(2) - match.start() :]
        )

    shifted = YEAR_OR_RANGE.sub(shift_range, text)
    if shifted != text or not YEAR.search(text):
        return shifted
    return YEAR.sub(lambda match: str(int(match.group()) + delta), text)  # years glued to letters


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: split on \\n, \\r\\n or \\r only."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 topic", "3 topics", "1,200 cards": the count (thousands separated) and the noun that agrees.

    `many` is the plural when it is not `noun` + "s" ("1 match", "2 matches").
    """
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"
