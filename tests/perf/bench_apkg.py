"""Opening a 10,000-note Anki package vs the same notes as Anki's text export.

Both files hold the same notes (basic, type-in and cloze; HTML fields; deck
paths, tags and guids), as Anki would write them with File > Export: the
package as `collection.anki21b` (zstd) beside the dummy collection, the text
as "Notes in Plain Text" with `#html:true` and guid/notetype/deck/tags
columns. Loads alternate, round after round, so machine noise hits both;
medians and their ratio are printed (issue 14 asks for under 2x). Not asserted.

Run: python -m pytest -m perf -s tests/perf/bench_apkg.py
"""

from __future__ import annotations

import csv
import statistics
import time

import pytest

from tests.anki_packages import CLOZE, TYPE_IN, Note, write_package
from tui.core.formats import load_deck

pytestmark = pytest.mark.perf
NOTES = 10_000
ROUNDS = 5


def generated_notes() -> list[Note]:
    notes = []
    for i in range(NOTES):
        deck = f"History::Soviet::Topic {i % 12}"
        if i % 10 == 0:
            text = f"The {{{{c1::treaty {i}}}}} was signed in {{{{c2::{1900 + i % 100}}}}}"
            notes.append(Note([text, f"Extra <i>{i}</i>"], CLOZE, deck=deck, tags=["cloze"], guid=f"n{i}"))
        elif i % 10 == 1:
            notes.append(Note([f"Capital {i}?", f"City {i}"], TYPE_IN, deck=deck, guid=f"n{i}"))
        else:
            front = f"What was <b>event {i}</b> &amp; why did it matter?"
            back = f"<div>It happened in {1900 + i % 100}</div><div>because of <i>reason {i}</i></div>"
            notes.append(Note([front, back], deck=deck, tags=["basic", f"t{i % 7}"], guid=f"n{i}"))
    return notes


def write_text_export(path, notes: list[Note]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
        )
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        for note in notes:
            writer.writerow([note.guid, note.note_type, note.deck, *note.fields, " ".join(note.tags)])


def test_apkg_opens_within_twice_the_text_export(tmp_path):
    notes = generated_notes()
    package = write_package(tmp_path / "big.apkg", notes, "collection.anki21b")
    text = tmp_path / "big.txt"
    write_text_export(text, notes)
    times: dict[str, list[float]] = {"apkg": [], "text": []}
    counts = {}
    for _ in range(ROUNDS):
        for name, path in (("apkg", package), ("text", text)):
            start = time.perf_counter()
            deck = load_deck(path)
            times[name].append(time.perf_counter() - start)
            counts[name] = len(deck.cards)
    apkg, txt = statistics.median(times["apkg"]), statistics.median(times["text"])
    print(
        f"\n{NOTES} notes: .apkg {apkg * 1000:.0f} ms ({counts['apkg']} cards, "
        f"{package.stat().st_size // 1024} KiB), text export {txt * 1000:.0f} ms "
        f"({counts['text']} cards, {text.stat().st_size // 1024} KiB); ratio {apkg / txt:.2f}x (target < 2x)"
    )
