"""Mistakes a student can make on the command line get a plain message, never a crash report.

A fresh-user trial got `unexpected error (...)` and a crash report for a binary file given as
`--answers`, for a deck path that is a symlink loop, and for `revise stats --csv - | head -1`.
Each is bad input or a reader that left, not a bug: a message naming the path and what to do,
exit 2 (a reader that left: exit 0, quiet, as `revise stats | head` already was).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.perf.scale_data import write_records
from tui.cli import main
from tui.exit_codes import EXIT_USAGE


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """The data folder, where a crash report would go."""
    folder = tmp_path / "data"
    monkeypatch.setenv("REVISE_DATA_DIR", str(folder))
    return folder


def plain(err: str, data: Path) -> None:
    assert err.startswith("revise: ") and len(err.splitlines()) == 1
    assert "unexpected error" not in err and "crash report" not in err and "Traceback" not in err
    assert not list(data.glob("crash-*.txt")) if data.exists() else True


def test_a_binary_answers_file_is_named_as_not_utf8(tmp_path, data, capsys):
    answers = tmp_path / "some.apkg"
    answers.write_bytes(b'{"card_id": "a"}\n' + bytes([0xA6, 0xFC, 0x00, 0x01]) * 50)

    code = main(["check", "--answers", str(answers)])

    err = capsys.readouterr().err
    plain(err, data)
    assert code == EXIT_USAGE
    assert f"{answers}:2: is not UTF-8 text (byte 0xA6)" in err  # the line the first bad byte is on
    assert "JSON lines" in err


@pytest.mark.parametrize("command", [["--deck"], ["check"], ["plan", "--deck"], ["export", "--deck"]])
def test_a_deck_path_that_is_a_symlink_loop_is_named_as_one(tmp_path, data, capsys, command):
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")

    code = main([*command, str(tmp_path / "loop1")])

    err = capsys.readouterr().err
    plain(err, data)
    assert code == EXIT_USAGE
    assert f"{tmp_path / 'loop1'}: is a symbolic link that loops back on itself" in err


def test_a_link_to_a_missing_file_says_where_it_leads(tmp_path, data, capsys):
    (tmp_path / "notes.txt").symlink_to("moved-away.txt")

    code = main(["check", str(tmp_path / "notes.txt")])

    err = capsys.readouterr().err
    plain(err, data)
    assert code == EXIT_USAGE
    assert "is a symbolic link to moved-away.txt, which does not exist" in err


@pytest.mark.skipif(shutil.which("head") is None, reason="no head")
def test_stats_csv_to_a_reader_that_leaves_early_exits_0_quietly(tmp_path):
    folder = tmp_path / "data"
    write_records(folder, "big", [f"card-{n}" for n in range(3000)])  # far more than a pipe holds
    stats = subprocess.Popen(
        [sys.executable, "-m", "tui", "--data-dir", str(folder), "stats", "--csv", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    head = subprocess.run(["head", "-n", "1"], stdin=stats.stdout, capture_output=True, timeout=120)
    assert stats.stdout is not None
    stats.stdout.close()
    _out, err = stats.communicate(timeout=120)

    assert head.stdout.decode().startswith("deck,card,question,")
    assert (stats.returncode, err) == (0, b"")
    assert not list(folder.glob("crash-*.txt"))
    assert os.path.exists(folder / "progress.json")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--deck", ""], "argument --deck"),
        (["--data-dir", ""], "argument --data-dir"),
        (["check", ""], "argument PATH"),
        (["check", "--answers", ""], "argument --answers"),
        (["stats", "--csv", ""], "argument --csv"),
        (["plan", "--deck", ""], "argument --deck"),
        (["export", "--deck", ""], "argument --deck"),
        (["export", "--output", ""], "argument --output/-o"),
    ],
)
def test_an_empty_path_is_a_usage_error_not_the_last_deck(data, capsys, monkeypatch, args, named):
    from tui.app import RevisionApp

    def never(self, *args, **kwargs):
        raise AssertionError("the app started with an empty deck path")

    monkeypatch.setattr(RevisionApp, "run", never)
    with pytest.raises(SystemExit) as stopped:
        main(args)

    assert stopped.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"error: {named}: the path is empty" in err and "Traceback" not in err
