"""`revise stats [--json]` and `revise restore` as a user types them (tui.cli.main, in process)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from tui.cli import main
from tui.core.progress import list_backups, open_store


@pytest.fixture
def progress_dir(tmp_path, clock):
    """A data folder with answers in two decks and one finished session."""
    store = open_store(tmp_path, now=clock)
    store.record_answer("sample", "rapallo", True, 4.0, "quiz")
    store.record_answer("sample", "rapallo", False, 6.0, "quiz")
    store.record_answer("sample", "britain", True, 3.0, "quiz")
    store.record_answer("other", "q1", False, 3.0, "drill")
    session = store.start_session("quiz", "sample", [])
    store.finish_session(session, score=2, questions=3, duration=20.0)
    store.close()
    return tmp_path


def test_stats_prints_each_deck_and_each_question(progress_dir, capsys):
    assert main(["--data-dir", str(progress_dir), "stats"]) == 0
    out = capsys.readouterr().out
    assert f"Progress in {progress_dir / 'progress.json'}" in out
    assert "2 decks · 1 session" in out
    assert "sample\n  2 questions answered · 3 answers · 67% of the marks · 1 session" in out
    assert "other\n  1 question answered · 1 answer · 0% of the marks · 0 sessions" in out
    # no deck file known: the card id stands in for the question, in brackets
    assert re.search(r"\d\.\d\d  \(card rapallo\)\s+2\s+50%\s+2026-11-26 \d\d:\d\d", out)
    assert re.search(r"\(card britain\)\s+1\s+100%", out)


def test_stats_json_has_per_deck_totals_and_per_question_rows(progress_dir, capsys):
    assert main(["stats", "--json", "--data-dir", str(progress_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sessions"] == 1
    sample = next(deck for deck in report["decks"] if deck["deck"] == "sample")
    assert (sample["questions_answered"], sample["attempts"], sample["correct"]) == (2, 3, 2)
    assert sample["accuracy"] == pytest.approx(2 / 3)
    assert (
        sample["questions"][1].items()
        >= {
            "card": "rapallo",
            "attempts": 2,
            "correct": 1,
            "accuracy": 0.5,
            "last_answered": "2026-11-26T15:00:00+00:00",
        }.items()
    )


def test_the_data_dir_option_goes_before_or_after_the_subcommand(
    progress_dir, capsys, monkeypatch, tmp_path_factory
):
    monkeypatch.setenv("REVISE_DATA_DIR", str(tmp_path_factory.mktemp("elsewhere")))
    main(["--data-dir", str(progress_dir), "stats", "--json"])
    before = capsys.readouterr().out
    main(["stats", "--json", "--data-dir", str(progress_dir)])
    after = capsys.readouterr().out
    assert before == after and json.loads(before)["decks"]


def test_the_data_dir_comes_from_the_environment_without_the_option(progress_dir, capsys, monkeypatch):
    monkeypatch.setenv("REVISE_DATA_DIR", str(progress_dir))
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["file"] == str(progress_dir / "progress.json")


def test_stats_works_while_the_app_holds_the_folder(progress_dir, capsys, clock):
    store = open_store(progress_dir, now=clock)
    store.record_answer("sample", "pact", True, 1.0, "quiz")
    assert main(["--data-dir", str(progress_dir), "stats"]) == 0
    assert "3 questions answered" in capsys.readouterr().out
    store.close()


def test_stats_with_no_progress_yet_says_so(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "new"), "stats"]) == 0
    assert "No progress yet" in capsys.readouterr().out
    assert not (tmp_path / "new").exists()  # a read-only command creates nothing


def test_stats_on_a_damaged_file_fails_with_the_reason(tmp_path, capsys):
    (tmp_path / "progress.json").write_bytes(b'{"questions": {')
    assert main(["--data-dir", str(tmp_path), "stats"]) == 1
    err = capsys.readouterr().err
    assert "is damaged: it is cut off" in err and "revise restore" in err


def test_restore_says_what_it_moved_and_what_it_brought_back(progress_dir, capsys, clock):
    store = open_store(progress_dir, now=clock)  # start-up backup of the good file
    store.close()
    (progress_dir / "progress.json").write_bytes(b"garbage")
    assert main(["restore", "--data-dir", str(progress_dir)]) == 0
    out = capsys.readouterr().out
    [backup] = list_backups(progress_dir)
    assert "Moved the damaged file aside to" in out and ".damaged-" in out
    assert f"from backup {backup.path.name}" in out and "3 question records" in out
    assert main(["--data-dir", str(progress_dir), "stats"]) == 0
    assert "sample\n  2 questions answered" in capsys.readouterr().out


def test_restore_on_a_healthy_file_changes_nothing(progress_dir, capsys):
    assert main(["--data-dir", str(progress_dir), "restore"]) == 0
    assert "Nothing to restore" in capsys.readouterr().out


def test_restore_with_no_backup_fails_and_says_how_to_start_again(tmp_path, capsys):
    (tmp_path / "progress.json").write_bytes(b"")
    assert main(["--data-dir", str(tmp_path), "restore"]) == 1
    err = capsys.readouterr().err
    assert "there is no backup in" in err and "The damaged file was left in place" in err
    assert "To start again with no progress, move" in err
    assert (tmp_path / "progress.json").read_bytes() == b""


@pytest.mark.parametrize(
    "offset",
    [timedelta(0), timedelta(hours=5, minutes=30), timedelta(hours=-3), timedelta(hours=1, seconds=15)],
)
def test_stats_json_writes_every_time_as_the_report_does_whatever_its_offset(tmp_path, capsys, offset):
    """The stream leaves UTC times to orjson; any offset must come out as `isoformat` writes it."""
    from tests.stats_oracle import old_report

    when = datetime(2026, 11, 24, 9, 30, 15, 250000, tzinfo=timezone(offset))
    store = open_store(tmp_path, now=lambda: when)
    store.record_answer("deck", "card", True, 2.0, "quiz")
    store.close()
    assert main(["--data-dir", str(tmp_path), "stats", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["decks"][0]["questions"]
    expected = old_report(tmp_path, when)
    assert row["last_answered"] == when.isoformat() == expected["decks"][0]["questions"][0]["last_answered"]
    assert row["due"] == expected["decks"][0]["questions"][0]["due"]


def test_stats_count_a_part_marked_answer_as_its_share_of_the_marks(tmp_path, capsys):
    """One measure everywhere: `revise stats` gives a half-marked answer 50%, as home and weak spots do."""
    store = open_store(tmp_path)
    store.record_answer("deck", "part", True, 3.0, "quiz", credit=0.5)
    store.record_answer("deck", "whole", True, 3.0, "quiz", credit=1.0)
    store.close()
    assert main(["stats", "--json", "--data-dir", str(tmp_path)]) == 0
    [deck] = json.loads(capsys.readouterr().out)["decks"]
    rows = {row["card"]: row for row in deck["questions"]}
    assert (rows["part"]["accuracy"], rows["part"]["correct"]) == (0.5, 1)  # right for the schedule only
    assert deck["accuracy"] == 0.75
    assert main(["stats", "--data-dir", str(tmp_path)]) == 0
    assert "2 answers · 75% of the marks" in capsys.readouterr().out
