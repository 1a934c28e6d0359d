"""`revise check DECK --answers FILE.jsonl`: mark labelled answers and compare with the examiner.

Each line of the answers file is a JSON object with `card_id`, `typed` and
`label` (RIGHT, WRONG or PARTIAL). The check marks every answer with the deck's
mark scheme and counts agreement, false rights (WRONG or PARTIAL marked right)
and false wrongs (RIGHT marked wrong): what a deck author tunes points against.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.deck import Deck, DeckError
from tui.core.marking import mark_answer

LABELS = ("RIGHT", "WRONG", "PARTIAL")
AGREES = {"RIGHT": "right", "WRONG": "wrong", "PARTIAL": "partial"}


@dataclass(frozen=True)
class CheckedAnswer:
    card_id: str
    typed: str
    label: str
    verdict: str
    coverage: float  # share of the card's marks, 0–1

    def as_json(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "typed": self.typed,
            "label": self.label,
            "verdict": self.verdict,
            "coverage": round(self.coverage, 3),
        }


def read_answers(path: Path) -> list[dict[str, str]]:
    """The answers file's lines. Raises DeckError naming path:line for a bad line, and for a file
    that cannot be read or is not UTF-8 text (a binary file given by mistake)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DeckError(path, f"cannot be read ({error.strerror or error})", "check the path") from None
    except UnicodeDecodeError as error:
        raise DeckError(
            path,
            f"is not UTF-8 text (byte 0x{error.object[error.start]:02X})",
            "give a UTF-8 text file of JSON lines, one answer a line",
            line=error.object.count(b"\n", 0, error.start) + 1,
        ) from None
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DeckError(
                path, f"is not JSON: {error.msg}", "write one JSON object per line", line=number
            ) from None
        if not isinstance(row, dict) or not all(
            isinstance(row.get(k), str) for k in ("card_id", "typed", "label")
        ):
            raise DeckError(
                path,
                "needs text `card_id`, `typed` and `label`",
                'write {"card_id": ..., "typed": ..., "label": "RIGHT"}',
                line=number,
            )
        if row["label"] not in LABELS:
            raise DeckError(
                path,
                f"label {row['label']!r} is not RIGHT, WRONG or PARTIAL",
                "use one of those",
                line=number,
            )
        row["_line"] = str(number)
        rows.append(row)
    return rows


def check_answers(
    deck: Deck, rows: list[dict[str, str]], path: Path
) -> tuple[list[CheckedAnswer], dict[str, Any]]:
    """Mark every answer; the per-answer results and the summary (counts, agreement 0–1, false rights/wrongs)."""
    checked = []
    for row in rows:
        if not deck.has_card(row["card_id"]):
            raise DeckError(
                path,
                f"card {row['card_id']!r} is not in the deck",
                "check the card id",
                line=int(row["_line"]),
            )
        mark = mark_answer(deck.card(row["card_id"]), row["typed"], deck)
        checked.append(CheckedAnswer(row["card_id"], row["typed"], row["label"], mark.verdict, mark.credit))
    pairs = Counter((c.label, c.verdict) for c in checked)
    total = len(checked)
    summary = {
        "answers": total,
        "labels": dict(Counter(c.label for c in checked)),
        "verdicts": dict(Counter(c.verdict for c in checked)),
        "by_label": {label: {v: n for (said, v), n in pairs.items() if said == label} for label in LABELS},
        "agreement": round(sum(1 for c in checked if AGREES[c.label] == c.verdict) / total, 3)
        if total
        else 0.0,
        "decided": round(sum(1 for c in checked if c.verdict in ("right", "wrong")) / total, 3)
        if total
        else 0.0,
        "false_rights": sum(1 for c in checked if c.label != "RIGHT" and c.verdict == "right"),
        "false_wrongs": sum(1 for c in checked if c.label == "RIGHT" and c.verdict == "wrong"),
    }
    return checked, summary


def summary_table(summary: dict[str, Any]) -> list[str]:
    """The plain-text summary: one row per label, one column per verdict, then the figures."""
    verdicts = ("right", "partial", "self", "wrong")
    lines = [f"{'label':<9}" + "".join(f"{v:>9}" for v in verdicts)]
    for label in LABELS:
        row = summary["by_label"][label]
        lines.append(f"{label:<9}" + "".join(f"{row.get(v, 0):>9}" for v in verdicts))
    lines.append(
        f"{summary['answers']} answers · agreement {summary['agreement']:.0%} · decided {summary['decided']:.0%}"
        f" · false rights {summary['false_rights']} · false wrongs {summary['false_wrongs']}"
    )
    return lines


def run(deck: Deck, answers: Path, as_json: bool) -> tuple[int, list[str]]:
    """Exit code and lines to print. Raises DeckError for a bad answers file."""
    checked, summary = check_answers(deck, read_answers(answers), answers)
    if as_json:
        return 0, [json.dumps(c.as_json(), ensure_ascii=False) for c in checked] + [
            json.dumps({"summary": summary})
        ]
    return 0, summary_table(summary)
