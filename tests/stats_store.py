"""A data folder of varied progress for `revise stats`, the same bytes every time it is written.

Several decks (one with a non-ASCII id), records with long and short histories, with and without
the credits and credit sum newer versions keep, every scheduling phase and none, leeches, times
with other offsets and spellings, a deck library whose file holds only some of the cards (the
other rows have no question text), and a journal of answers not yet saved in full: new records,
changed ones and a deleted one. `tests/data/stats_golden.json` is what `revise stats --json`
printed for it before its columns were cached (issue 18).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson

from tests.progress_files import write_split
from tui.core.progress.schema import SCHEMA_VERSION

DECKS = ("deck-a", "b", "ünï deck")
FILE_PLACEHOLDER = "@PROGRESS_FILE@"  # the golden output's progress.json path, which differs per folder
DECK_FILE_PLACEHOLDER = "@DECK_FILE@"  # its library deck file's path (`write_store`'s `deck_file`)


def _time(rng: random.Random) -> str:
    """An aware time as revise writes it, or in another spelling `fromisoformat` takes."""
    base = f"2026-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}T{rng.randint(0, 23):02}:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}"
    return rng.choice(
        [
            f"{base}.{rng.randint(0, 999_999):06}+00:00",
            f"{base}.{rng.randint(0, 999_999):06}+00:00",
            f"{base}+00:00",
            f"{base}Z",
            f"{base}.{rng.randint(0, 999):03}+05:30",
            f"{base}-08:00",
            f"{base}.000000+00:00",
        ]
    )


def _schedule(rng: random.Random) -> dict[str, Any] | None:
    phase = rng.choice([None, 1, 2, 2, 3])
    if phase is None:
        return None
    learned = phase != 1 or rng.random() < 0.5
    return {
        "card_id": rng.randint(1, 2**40),
        "state": phase,
        "step": None if phase == 2 else rng.randint(0, 3),
        "stability": round(rng.uniform(0.1, 300), 4) if learned else None,
        "difficulty": round(rng.uniform(1, 10), 4) if learned else None,
        "due": _time(rng),
        "last_review": _time(rng) if rng.random() < 0.8 else None,
    }


def record(rng: random.Random, deck: str, card: str) -> dict[str, Any]:
    """A valid question record of `deck` for `card`, its fields drawn from `rng`."""
    attempts = rng.choice([0, 1, 2, 3, 5, 9, 14, 25, 60])
    correct = rng.randint(0, attempts)
    if rng.random() < 0.1:
        correct = max(0, attempts - 12)  # a leech: 8 misses or more
    recent = "".join(rng.choice("01") for _ in range(min(attempts, 20)))
    doc: dict[str, Any] = {
        "deck": deck,
        "card": card,
        "attempts": attempts,
        "correct": correct,
        "streak": rng.randint(0, attempts),
        "lapses": rng.randint(0, attempts),
        "recent": recent,
        "mean_seconds": round(rng.uniform(0, 40), 3),
        "schedule": _schedule(rng),
    }
    if attempts and rng.random() < 0.9:
        doc["last_answered"] = _time(rng)
        doc["last_mode"] = rng.choice(["quiz", "match", "flash"])
    kind = rng.random()
    if kind < 0.6:  # credits kept, one an answer: some marks partly
        doc["recent_credit"] = [rng.choice([0.0, 1.0, 0.5, 0.25, 2 / 3, 0.1]) for _ in recent]
        doc["credit_sum"] = min(float(attempts), round(sum(doc["recent_credit"]) + rng.random(), 6))
    elif kind < 0.75:  # credits kept, but not one an answer: read from the outcomes
        doc["recent_credit"] = [1.0] * (len(recent) + 1) if len(recent) < 20 else []
    elif kind < 0.85:
        doc["credit_sum"] = float(correct)
    return doc  # else: from before credit was kept


def write_store(folder: Path, deck_file: Path | None = None) -> Path:
    """The varied store in `folder` (and, given `deck_file`, the library's deck file there); its
    progress.json's path."""
    rng = random.Random(18)
    records: dict[str, dict[str, Any]] = {}
    key = 0
    for deck in DECKS:
        for n in range(rng.randint(40, 90)):
            key += rng.randint(1, 3)
            card = rng.choice([f"q{n}", f"card {n:03}", f"“{n}”", f"{n},\\x", f'{n}"quoted"'])
            records[str(key)] = record(rng, deck, card)
    sessions = {
        str(n): {
            "mode": "quiz",
            "deck": rng.choice(DECKS),
            "started": _time(rng),
            "questions": 5,
            "score": rng.randint(0, 5),
        }
        for n in range(1, 8)
    }
    tables: dict[str, Any] = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION}},
        "questions": records,
        "sessions": sessions,
    }
    if deck_file is not None:
        cards = [doc["card"] for doc in records.values() if doc["deck"] == "deck-a"][::2]  # half of them
        deck_file.write_text(
            'title = "Deck A"\nid = "deck-a"\n'
            + "".join(
                f'\n[[cards]]\nid = {orjson.dumps(card).decode()}\ntopic = "T"\n'
                f'question = {orjson.dumps(f"What is {card}?").decode()}\nanswer = "A"\n'
                for card in cards
            ),
            encoding="utf-8",
        )
        tables["decks"] = {
            "1": {
                "deck": "deck-a",
                "path": str(deck_file),
                "title": "Deck A",
                "format": "native",
                "cards": len(cards),
            }
        }
    folder.mkdir(parents=True, exist_ok=True)
    write_split(folder, tables)
    # answers since the last full save: a new record, changed ones, one deleted, one of a new deck
    keys = sorted(records, key=int)
    lines = [
        [["questions", str(key + 1), record(rng, "deck-a", "a new card")]],
        [
            [
                "questions",
                keys[3],
                {**records[keys[3]], **record(rng, records[keys[3]]["deck"], records[keys[3]]["card"])},
            ]
        ],
        [["questions", keys[-2], None]],
        [["questions", str(key + 2), record(rng, "a deck only in the journal", "c1")]],
        [["questions", keys[40], {**records[keys[40]], "attempts": records[keys[40]]["attempts"] + 1}]],
    ]
    (folder / "progress.json.journal").write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return folder / "progress.json"
