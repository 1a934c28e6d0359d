"""`revise stats --json` and `--csv PATH` carry the weak-spots ranking per question."""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import FIXED_NOW
from tui.cli import main
from tui.commands import CSV_COLUMNS, print_stats
from tui.core.progress import open_store


@pytest.fixture
def progress_dir(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    for _ in range(8):
        store.record_answer("sample", "britain", False, 2.0, "quiz")
    store.record_answer("sample", "pact", True, 2.0, "quiz")
    store.record_answer("other", "q1", False, 2.0, "quiz")
    store.close()
    return tmp_path


def test_stats_json_gives_weakness_leech_and_due_per_question(progress_dir, capsys):
    assert print_stats(str(progress_dir), as_json=True, now=FIXED_NOW) == 0
    report = json.loads(capsys.readouterr().out)
    sample = next(deck for deck in report["decks"] if deck["deck"] == "sample")
    britain, pact = sample["questions"]
    assert (britain["card"], pact["card"]) == ("britain", "pact")
    assert britain["leech"] is True and pact["leech"] is False
    assert britain["weakness"] > 0.8 > 0.4 > pact["weakness"] > 0
    assert britain["due"] == "2026-11-27T15:00:00+00:00"  # missed: back tomorrow
    assert pact["due"] == "2026-11-28T15:00:00+00:00"  # right: not before the day after


def test_stats_csv_writes_the_same_table_for_a_spreadsheet(progress_dir, tmp_path, capsys):
    target = tmp_path / "weak spots.csv"
    assert print_stats(str(progress_dir), csv_path=str(target), now=FIXED_NOW) == 0
    assert capsys.readouterr().out == f"Wrote 3 questions to {target}\n"
    with target.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(row["deck"], row["card"]) for row in rows] == [
        ("other", "q1"),
        ("sample", "britain"),
        ("sample", "pact"),
    ]
    print_stats(str(progress_dir), as_json=True, now=FIXED_NOW)
    report = json.loads(capsys.readouterr().out)
    as_json = [{"deck": deck["deck"], **row} for deck in report["decks"] for row in deck["questions"]]
    assert rows == [
        {key: "" if value is None else str(value) for key, value in row.items()} for row in as_json
    ]


def test_stats_csv_from_the_command_line_with_json_keeps_stdout_json(progress_dir, tmp_path, capsys):
    target = tmp_path / "out.csv"
    assert main(["stats", "--json", "--csv", str(target), "--data-dir", str(progress_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["decks"]
    assert target.read_text(encoding="utf-8").startswith(",".join(CSV_COLUMNS))


def test_stats_csv_to_a_missing_folder_says_so(progress_dir, tmp_path, capsys):
    target = tmp_path / "no such folder" / "out.csv"
    assert main(["stats", "--csv", str(target), "--data-dir", str(progress_dir)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "cannot write the CSV file" in err and "Traceback" not in err


def test_stats_csv_with_no_progress_writes_just_the_header(tmp_path, capsys):
    target = tmp_path / "empty.csv"
    assert main(["stats", "--csv", str(target), "--data-dir", str(tmp_path / "new")]) == 0
    assert target.read_text(encoding="utf-8").strip() == ",".join(CSV_COLUMNS)
    assert "Wrote 0 questions" in capsys.readouterr().out
