"""`revise export`: any deck as native TOML with its ids kept; bad input as `revise check` reports it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.deck_files import FIXTURES
from tui.cli import main
from tui.core.formats import load_deck, parse


@pytest.mark.parametrize("name", ["anki-export.txt", "source-notes.txt", "quizlet.txt"])
def test_export_prints_a_native_deck_with_the_same_ids(capsys, tmp_path, name):
    assert main(["export", "--deck", str(FIXTURES / name), "--format", "toml"]) == 0
    out = capsys.readouterr().out
    exported = parse(out, tmp_path / "copy.toml", "native")
    deck = load_deck(FIXTURES / name)
    assert [c.id for c in exported.cards] == [c.id for c in deck.cards]
    assert exported.cards == deck.cards and exported.id == deck.id


def test_export_writes_the_output_file_and_will_not_overwrite_one(capsys, tmp_path):
    output = tmp_path / "copy.toml"
    assert main(["export", "--deck", str(FIXTURES / "anki-export.txt"), "--output", str(output)]) == 0
    assert load_deck(output).cards == load_deck(FIXTURES / "anki-export.txt").cards
    assert "wrote" in capsys.readouterr().err

    assert main(["export", "--deck", str(FIXTURES / "quizlet.txt"), "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"revise: {output}: already exists — choose another file name (revise export overwrites it with --force)\n"
    )
    assert main(["export", "--deck", str(FIXTURES / "quizlet.txt"), "-o", str(output), "--force"]) == 0
    assert load_deck(output).cards == load_deck(FIXTURES / "quizlet.txt").cards


def test_export_of_the_shipped_deck_by_default(capsys):
    assert main(["export"]) == 0
    assert 'id = "soviet-foreign-policy"' in capsys.readouterr().out


@pytest.mark.parametrize("content", [None, b"", b"\x00\x01binary"], ids=["missing", "empty", "binary"])
def test_bad_decks_fail_as_revise_check_fails(capsys, tmp_path, content):
    path = tmp_path / "deck.txt"
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    check_err = capsys.readouterr().err
    assert main(["export", "--deck", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == check_err and captured.err.count("\n") == 1 and captured.out == ""


def test_export_in_a_real_process_has_no_traceback(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--deck", str(tmp_path / "nope.toml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("revise: ") and "Traceback" not in run.stderr


def test_an_output_folder_that_does_not_exist_is_one_line_and_exit_2(capsys, tmp_path):
    output = tmp_path / "no-such-folder" / "copy.toml"
    assert main(["export", "--deck", str(FIXTURES / "quizlet.txt"), "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"revise: {output}: cannot be written (no such file or directory)")
    assert err.count("\n") == 1 and not output.parent.exists()
