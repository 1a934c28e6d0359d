"""An answer as the notes mean it: lines kept as written, `=` as a consequence, `-` as a bullet."""

from __future__ import annotations

from rich.text import Text

from tui.widgets.highlight import highlighted

CONSEQUENCE, BULLET = "⇒", "•"


def answer_lines(answer: str) -> list[str]:
    """The answer's lines with the notes' marks spelled out.

    "= USSR refused" reads "⇒ USSR refused"; "- Italy join in 1937" reads
    "• Italy join in 1937"; every other line is kept as written.
    """
    lines = []
    for line in answer.splitlines():
        stripped = line.strip()
        if stripped.startswith("=") and not stripped.startswith("=="):
            lines.append(f"{CONSEQUENCE} {stripped[1:].strip()}")
        elif stripped.startswith("-") and not stripped.startswith("--"):
            lines.append(f"{BULLET} {stripped[1:].strip()}")
        else:
            lines.append(line.rstrip())
    return lines


def answer_text(answer: str, terms: tuple[str, ...] = ()) -> Text:
    """The answer as Rich text, one line per answer line, consequences in italics.

    Words of a search (`terms`) are highlighted.
    """
    lines = [
        highlighted(line, terms, "italic" if line.startswith(CONSEQUENCE) else "")
        for line in answer_lines(answer)
    ]
    return Text("\n").join(lines)
