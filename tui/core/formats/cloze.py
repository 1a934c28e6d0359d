"""Cloze deletions (`{{c1::Moscow}}`, `{{c2::1922::year}}`) to one question and answer per number.

As Anki does (rslib/src/cloze.rs): card N shows the text with every deletion
numbered N hidden as `[...]` (or `[hint]`), the other deletions in full; its
answer is the hidden text. Deletions may nest and may carry several numbers
(`{{c1,2::...}}`). An unclosed `{{c1::` is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPEN = re.compile(r"\{\{c(\d+(?:,\d+)*)::")
_HAS_CLOZE = re.compile(r"\{\{c\d+(?:,\d+)*::")
HIDDEN = "[...]"


@dataclass
class _Deletion:
    numbers: frozenset[int]
    parts: list[str | _Deletion] = field(default_factory=list)
    hint: str = ""


def has_cloze(text: str) -> bool:
    """True when `text` holds at least one `{{cN::...}}` deletion."""
    return _HAS_CLOZE.search(text) is not None


def cloze_numbers(text: str) -> list[int]:
    """The cloze numbers used in `text`, ascending (each makes one card)."""
    numbers: set[int] = set()

    def walk(parts: list[str | _Deletion]) -> None:
        for part in parts:
            if isinstance(part, _Deletion):
                numbers.update(part.numbers)
                walk(part.parts)

    walk(_parse(text))
    return sorted(number for number in numbers if number > 0)


def cloze_card(text: str, number: int) -> tuple[str, str]:
    """(question, answer) of cloze `number` in `text`; the answer joins several deletions with " … "."""
    parts = _parse(text)
    answers: list[str] = []
    question = _render(parts, number, answers)
    return question, " … ".join(answer for answer in answers if answer)


def reveal(text: str) -> str:
    """`text` with every deletion shown in full (the note as a whole)."""
    return _render(_parse(text), 0, [])


def _parse(text: str) -> list[str | _Deletion]:
    """A tree of plain text and deletions; `::` after the text of a deletion starts its hint."""
    root: list[str | _Deletion] = []
    stack: list[tuple[_Deletion, int]] = []  # open deletions and where they opened in `text`
    position = 0
    buffer: list[str] = []

    def target() -> list[str | _Deletion]:
        return stack[-1][0].parts if stack else root

    def flush() -> None:
        if buffer:
            target().append("".join(buffer))
            buffer.clear()

    while position < len(text):
        opening = _OPEN.match(text, position)
        if opening:
            flush()
            numbers = frozenset(int(n) for n in opening.group(1).split(","))
            deletion = _Deletion(numbers)
            stack.append((deletion, position))
            position = opening.end()
            continue
        if stack and text.startswith("}}", position):
            flush()
            deletion, _ = stack.pop()
            _split_hint(deletion)
            target().append(deletion)
            position += 2
            continue
        # Jump to the next place a deletion could open or close.
        following = text.find("{{c", position + 1)
        closing = text.find("}}", position + 1) if stack else -1
        stops = [index for index in (following, closing) if index != -1]
        end = min(stops) if stops else len(text)
        buffer.append(text[position:end])
        position = end
    flush()
    while stack:  # unclosed: keep what was written, as text
        deletion, _ = stack.pop()
        written = "{{c" + ",".join(str(n) for n in sorted(deletion.numbers)) + "::"
        target().extend([written, *deletion.parts])
    return root


def _split_hint(deletion: _Deletion) -> None:
    """Move the text after the last top-level `::` of a deletion into its hint."""
    if deletion.parts and isinstance(deletion.parts[-1], str) and "::" in deletion.parts[-1]:
        head, hint = deletion.parts[-1].rsplit("::", 1)
        deletion.parts[-1] = head
        deletion.hint = hint.strip()


def _render(parts: list[str | _Deletion], number: int, answers: list[str]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif number in part.numbers:
            answers.append(_render(part.parts, 0, []).strip())
            out.append(f"[{part.hint}]" if part.hint else HIDDEN)
        else:
            out.append(_render(part.parts, number, answers))
    return "".join(out)
