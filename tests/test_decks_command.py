"""`revise decks [--json]` lists the library read-only; `revise stats --csv` names the questions."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import timedelta

from tests.conftest import FIXED_NOW
from tui.cli import main
from tui.core.formats import load_deck
from tui.core.progress import open_store
from tui.decks_command import print_decks
from tui.paths import shipped_deck_path


def _library(tmp_path, clock):
    soviet = tmp_path / "soviet.toml"
    shutil.copy(shipped_deck_path(), soviet)
    deck = load_deck(soviet)
    data = tmp_path / "data"
    store = open_store(data, now=clock)
    store.remember_deck(deck.id, str(soviet), deck.title, deck.format, len(deck.cards))
    store.remember_deck("gone", str(tmp_path / "gone.txt"), "Gone deck", "notes", 4)
    store.record_answer(deck.id, deck.cards[0].id, True, 2.0, "quiz")
    store.record_answer(deck.id, deck.cards[1].id, False, 2.0, "quiz")
    store.set_setting(f"exam_date:{deck.id}", "2027-06-14")
    store.close()
    return data, deck, soviet


def test_decks_json_lists_each_deck_with_its_figures(tmp_path, clock, capsys):
    data, deck, soviet = _library(tmp_path, clock)
    assert print_decks(str(data), as_json=True, now=FIXED_NOW + timedelta(days=3)) == 0
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)["decks"]}
    assert listed[deck.id] | {"last_opened": None} == {
        "id": deck.id,
        "title": deck.title,
        "path": str(soviet),
        "format": "native",
        "missing": False,
        "cards": len(deck.cards),
        "answered": 2,
        "accuracy": 0.5,
        "due_today": 2,
        "exam_date": "2027-06-14",
        "last_opened": None,
    }
    assert listed["gone"]["missing"] is True and listed["gone"]["answered"] == 0


def test_decks_text_names_missing_files_and_runs_while_the_app_holds_the_lock(tmp_path, clock, capsys):
    data, deck, _soviet = _library(tmp_path, clock)
    holder = open_store(data, now=clock)  # the app running: revise decks takes no lock
    try:
        assert main(["decks", "--data-dir", str(data)]) == 0
    finally:
        holder.close()
    out = capsys.readouterr().out
    assert f"{deck.title}  ({len(deck.cards)} cards · 50% of the marks" in out and "exam 2027-06-14" in out
    assert f"MISSING: {tmp_path / 'gone.txt'}" in out


def test_decks_with_no_progress_says_how_to_start(tmp_path, capsys):
    assert main(["decks", "--data-dir", str(tmp_path / "new")]) == 0
    assert "No decks opened yet" in capsys.readouterr().out


def test_stats_csv_has_the_question_text_where_the_deck_file_is_known(tmp_path, clock, capsys):
    data, deck, _soviet = _library(tmp_path, clock)
    store = open_store(data, now=clock)
    store.record_answer("unknown-deck", "q1", True, 2.0, "quiz")
    store.close()
    target = tmp_path / "out.csv"
    assert main(["stats", "--csv", str(target), "--data-dir", str(data)]) == 0
    with target.open(newline="", encoding="utf-8") as file:
        rows = {(row["deck"], row["card"]): row["question"] for row in csv.DictReader(file)}
    assert rows[(deck.id, deck.cards[0].id)] == deck.cards[0].question
    assert rows[("unknown-deck", "q1")] == ""


def test_stats_csv_dash_writes_the_table_to_standard_output_and_no_file(tmp_path, clock, capsys, monkeypatch):
    data, deck, _soviet = _library(tmp_path, clock)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["stats", "--csv", "-", "--data-dir", str(data)]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {(row["deck"], row["card"]) for row in rows} == {(deck.id, card.id) for card in deck.cards[:2]}
    assert not (tmp_path / "-").exists()
    assert main(["stats", "--csv", "-", "--json", "--data-dir", str(data)]) == 2
    assert "give --csv a file name" in capsys.readouterr().err


def test_stats_text_names_a_known_deck_by_its_title_and_lists_the_weakest_first(tmp_path, clock, capsys):
    data, deck, _soviet = _library(tmp_path, clock)
    store = open_store(data, now=clock)
    weak, strong = sorted(card.id for card in deck.cards[:2])[::-1]  # the weaker one sorts last by id
    for card_id, correct in ((weak, False), (weak, False), (strong, True), (strong, True)):
        store.record_answer(deck.id, card_id, correct, 2.0, "quiz")
    store.record_answer("unknown-deck", "q1", True, 2.0, "quiz")
    store.close()
    assert main(["stats", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"{deck.title}\n  2 questions answered" in out and deck.id not in out
    assert "unknown-deck\n  1 question answered" in out  # a deck the library does not know keeps its id
    lines = out.splitlines()
    text = {card.id: " ".join(card.question.split())[:20] for card in deck.cards}
    assert lines.index(next(line for line in lines if text[weak] in line)) < lines.index(
        next(line for line in lines if text[strong] in line)
    )
    # the JSON still names decks by id, as before
    assert main(["stats", "--json", "--data-dir", str(data)]) == 0
    assert {d["deck"] for d in json.loads(capsys.readouterr().out)["decks"]} == {deck.id, "unknown-deck"}


def test_stats_text_shows_each_question_with_its_weakness_in_80_columns(tmp_path, clock, capsys, monkeypatch):
    """A student reads questions, not card ids: each row has the question (cut with "…" to fit),
    its weakness, attempts and accuracy, every line within the terminal's 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    data, deck, _soviet = _library(tmp_path, clock)
    store = open_store(data, now=clock)
    store.record_answer("unknown-deck", "q1", True, 2.0, "quiz")
    store.close()
    assert main(["stats", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(map(len, lines[1:])) <= 80  # all but the file's path, which is never cut
    assert "Weakness  Question" in out and "Attempts  Accuracy" in out
    assert "0.40 or more is a weak spot" in " ".join(out.split())
    assert main(["stats", "--json", "--data-dir", str(data)]) == 0
    rows = {row["card"]: row for d in json.loads(capsys.readouterr().out)["decks"] for row in d["questions"]}
    for card, right in ((deck.cards[0], True), (deck.cards[1], False)):
        question = " ".join(card.question.split())
        [line] = [line for line in lines if line.split()[1:3] == question.split()[:2]]
        weakness, rest = line.split(maxsplit=1)
        assert weakness == f"{rows[card.id]['weakness']:.2f}"
        shown = rest.split("  ")[0]
        assert question.startswith(shown.removesuffix("…"))
        assert shown == question or shown.endswith("…")
        assert line.split()[-4:-2] == ["1", "100%" if right else "0%"]
        assert card.id not in line
    assert any("(card q1)" in line for line in lines)


def _two_my_notes(tmp_path, clock):
    """A library with two files both titled "My notes" (kept apart as my-notes, my-notes-2), each
    answered once, and the shipped deck."""
    from tests.deck_files import remember_two_my_notes

    data = tmp_path / "data"
    store = open_store(data, now=clock)
    for deck in remember_two_my_notes(tmp_path, store):
        store.record_answer(deck.id, deck.cards[0].id, True, 2.0, "quiz")
    soviet = load_deck(shipped_deck_path())
    store.remember_deck(soviet.id, str(shipped_deck_path()), soviet.title, "native", len(soviet.cards))
    store.record_answer(soviet.id, soviet.cards[0].id, True, 2.0, "quiz")
    store.close()
    return data, soviet


def test_stats_names_same_titled_decks_by_their_files(tmp_path, clock, capsys):
    data, soviet = _two_my_notes(tmp_path, clock)
    capsys.readouterr()
    assert main(["stats", "--data-dir", str(data)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "My notes (biology.txt)" in lines and "My notes (chemistry.txt)" in lines
    assert "My notes" not in lines  # no heading a student cannot tell from another
    assert soviet.title in lines  # a title of its own as it is
    assert main(["decks", "--data-dir", str(data)]) == 0
    listed = capsys.readouterr().out
    assert "My notes (biology.txt)  (1 card" in listed and "My notes (chemistry.txt)  (1 card" in listed


def test_stats_json_gives_each_decks_title_and_file(tmp_path, clock, capsys):
    data, soviet = _two_my_notes(tmp_path, clock)
    capsys.readouterr()
    assert main(["stats", "--json", "--data-dir", str(data)]) == 0
    decks = {deck["deck"]: deck for deck in json.loads(capsys.readouterr().out)["decks"]}
    assert {key: (deck["title"], deck["deck_file"]) for key, deck in decks.items()} == {
        "my-notes": ("My notes", str(tmp_path / "biology.txt")),
        "my-notes-2": ("My notes", str(tmp_path / "chemistry.txt")),
        soviet.id: (soviet.title, str(shipped_deck_path())),
    }
    assert (
        decks["my-notes"]["attempts"] == 1 and len(decks["my-notes"]["questions"]) == 1
    )  # kept as they were
