"""An Anki package in a real terminal: quiz a cloze and a reversed note, then rename the file.

The package is built here (schema 18, zstd, beside the dummy collection, as
current Anki writes it). Answers are stored under ids made from the notes'
guids and card numbers, so the renamed package shows the same progress.
"""

from __future__ import annotations

import json

from tests.anki_packages import CLOZE, REVERSED, Note, write_package
from tests.e2e.terminal import Terminal, needs_terminal

pytestmark = needs_terminal

NOTES = [
    Note(["Molotov", "Soviet foreign minister"], REVERSED, deck="History::Soviet::People", guid="molotov"),
    Note(
        ["Litvinov", "Foreign minister before Molotov"],
        REVERSED,
        deck="History::Soviet::People",
        guid="litvinov",
    ),
    Note(
        ["The {{c1::Treaty of Rapallo}} was signed in {{c2::1922}}", ""],
        CLOZE,
        deck="History::Soviet::Treaties",
        guid="rapallo",
    ),
    Note(
        ["The {{c1::Nazi-Soviet pact}} was signed in {{c2::1939}}", ""],
        CLOZE,
        deck="History::Soviet::Treaties",
        guid="pact",
    ),
    Note(["Comintern", "Third International"], deck="History::Soviet::Treaties", guid="comintern"),
    Note(["Genoa", "Conference of 1922"], deck="History::Soviet::Treaties", guid="genoa"),
]
IDS = {
    "molotov",
    "molotov:2",
    "litvinov",
    "litvinov:2",
    "rapallo",
    "rapallo:2",
    "pact",
    "pact:2",
    "comintern",
    "genoa",
}


def test_an_apkg_is_quizzed_and_its_progress_survives_a_rename(tmp_path):
    package = write_package(tmp_path / "soviet.apkg", NOTES, "collection.anki21b")
    with Terminal(tmp_path, args=("--deck", str(package)), size=(100, 30)) as term:
        term.wait_for("History / Soviet", "10 cards · 2 topics")
        term.send("q")
        term.wait_for("New quiz", "‹ all 10 ›")  # 10 cards: the largest count offered is all of them
        term.send("Enter")
        for number in range(1, 11):
            term.wait_for(f"Question {number} of 10")
            term.send("1")
            term.wait_for("✓ Right", "✗ Wrong", any_of=True)
            term.send("Enter")
        term.wait_for("/10", "Time used")
        term.quit()
        shown = term.revise("stats", "--json")
    assert shown.returncode == 0, shown.stderr
    [deck] = json.loads(shown.stdout)["decks"]
    assert {question["card"] for question in deck["questions"]} == IDS

    renamed = package.rename(tmp_path / "Copy of my deck.apkg")
    with Terminal(tmp_path, args=("--deck", str(renamed)), size=(100, 30)) as term:
        term.wait_for("History / Soviet", "10 of 10 (10 answers")
        term.quit()
