"""The command line with hostile decks and unexpected errors (issue 13, items 1 and 5).

`revise check` prints deck text inertly; an error no code expected ends with one line on
stderr, a crash report in the data folder and exit 1, in the CLI and in the TUI.
"""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.hostile_deck import MARKUP_BOLD, MARKUP_CLOSE, MARKUP_LINK, RAW_CONTROLS, write_hostile_toml
from tui.cli import main
from tui.crash import crash_line, write_crash_report
from tui.exit_codes import EXIT_FAILURE

REPO = Path(__file__).resolve().parents[1]


def no_raw_controls(text: str) -> None:
    leaked = sorted({hex(ord(c)) for c in text if c in RAW_CONTROLS and c != "\n"})
    assert not leaked, f"raw control characters printed: {leaked}"


def test_check_prints_hostile_deck_text_inertly(tmp_path, capsys):
    assert main(["check", str(write_hostile_toml(tmp_path))]) == 0
    out = capsys.readouterr().out
    no_raw_controls(out)
    assert f"Arrays {MARKUP_CLOSE} slices" in out and MARKUP_LINK in out
    assert "Event 0 [bold]b[/bold]" in out
    summary = out.split("Mark points:")[0]  # then a few answers with their points, as inert as the rest
    assert len(summary.splitlines()) == 3 + 3 + 1 + 6  # title, counts, heading, topics, heading, events


def test_check_json_of_a_hostile_deck_holds_no_control_even_unescaped(tmp_path, capsys):
    assert main(["check", str(write_hostile_toml(tmp_path)), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    no_raw_controls(json.dumps(summary, ensure_ascii=False))
    assert summary["title"].startswith("Hostile ") and MARKUP_BOLD in summary["title"]
    assert {topic["name"].split()[0] for topic in summary["topic_cards"]} == {"Arrays", "Links", "Bold"}
    cards = summary["card_list"]
    assert len(cards) == 9 and cards[0]["question"].startswith(f"Question 0 {MARKUP_CLOSE} ")


def test_a_crash_in_a_subcommand_is_one_line_a_report_and_exit_1(tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug \x1b]0;PWNED\x07")

    monkeypatch.setattr("tui.cli.run_check", broken)
    assert main(["check", "--data-dir", str(tmp_path)]) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    no_raw_controls(err)
    (report,) = tmp_path.glob("crash-*.txt")
    assert str(report) in err and "KeyError" in err
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "revise 0." in text and "a bug" in text


def test_the_report_goes_to_the_temp_folder_when_the_data_folder_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    report = write_crash_report(RuntimeError("x"), blocked / "data")
    assert report is not None and report.parent == tmp_path / "tmp"
    again = write_crash_report(RuntimeError("y"), blocked / "data", now=None)
    assert again is not None and again != report  # never overwritten, even within the same second


def test_the_one_line_is_short_and_says_where_the_report_is():
    line = crash_line(ValueError("x" * 1000 + "\n" + "y"), Path("/data/crash-1.txt"))
    assert "\n" not in line and len(line) < 300
    assert line.startswith("revise: unexpected error (ValueError: ") and line.endswith(
        "crash report: /data/crash-1.txt. Please send it to the authors."
    )
    assert "no crash report could be written" in crash_line(ValueError("x"), None)


def run_app_pressing(monkeypatch, *keys: str) -> None:
    """Make `RevisionApp.run` run headless and press `keys`, as the `revise` command runs it."""
    from tui.app import RevisionApp

    original = RevisionApp.run

    def headless(self, **options):
        async def press(pilot) -> None:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            pilot.app.exit()

        try:
            return original(self, headless=True, size=(100, 30), auto_pilot=press)
        finally:
            gc.unfreeze()  # run() froze this test process's objects; it goes on

    monkeypatch.setattr(RevisionApp, "run", headless)


def test_a_key_handler_that_raises_ends_the_app_with_exit_1_and_a_crash_report(tmp_path, capsys, monkeypatch):
    from screens.home import HomeScreen

    def broken(self) -> None:
        raise RuntimeError("broken handler")

    monkeypatch.setattr(HomeScreen, "action_topics", broken)
    run_app_pressing(monkeypatch, "t")
    assert main(["--data-dir", str(tmp_path)]) == EXIT_FAILURE
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err  # no page of traceback
    assert "RuntimeError: broken handler" in err
    (report,) = tmp_path.glob("crash-*.txt")
    assert str(report) in err
    assert 'in broken\n    raise RuntimeError("broken handler")' in report.read_text(encoding="utf-8")
    assert (tmp_path / "progress.json").exists()  # the store was closed and saved as usual


def test_a_quiet_session_still_exits_0(tmp_path, capsys, monkeypatch):
    run_app_pressing(monkeypatch, "t", "escape")
    assert main(["--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""
    assert not list(tmp_path.glob("crash-*.txt"))


def test_changes_lost_to_a_bad_record_end_with_exit_1(tmp_path, capsys, monkeypatch):
    from tui.core.progress import ProgressStore

    def bad_record(self, *args, **kwargs):
        raise ValueError("a record that cannot be serialised")

    monkeypatch.setattr(ProgressStore, "set_setting", bad_record)
    run_app_pressing(monkeypatch, "escape")

    from tui.app import RevisionApp

    real_mount = RevisionApp.on_mount

    def mount_and_change_theme(self) -> None:
        real_mount(self)
        self.theme = "nord" if self.theme != "nord" else "gruvbox"  # saved through the writer

    monkeypatch.setattr(RevisionApp, "on_mount", mount_and_change_theme)
    assert main(["--data-dir", str(tmp_path)]) == EXIT_FAILURE
    err = capsys.readouterr().err
    # the theme, and the deck library's "last deck" setting written at start: each counted
    assert re.search(
        r"\b2 changes of this session could not be saved \(a record that cannot be serialised\)", err
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX exit status")
def test_python_m_tui_exits_1_when_a_screen_raises(tmp_path):
    """The real process: `python -m tui` with a home screen whose key handler raises."""
    hook = textwrap.dedent(
        f"""
        import runpy, sys
        from screens.home import HomeScreen
        from tui.app import RevisionApp

        def broken(self):
            raise RuntimeError("broken handler")

        HomeScreen.action_topics = broken
        original = RevisionApp.run

        def headless(self, **options):
            async def press(pilot):
                await pilot.pause()
                await pilot.press("t")
                await pilot.pause()
                pilot.app.exit()
            return original(self, headless=True, size=(100, 30), auto_pilot=press)

        RevisionApp.run = headless
        sys.argv = ["revise", "--data-dir", {str(tmp_path)!r}]
        runpy.run_module("tui", run_name="__main__")
        """
    )
    done = subprocess.run([sys.executable, "-c", hook], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 1, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("revise: unexpected error (RuntimeError: broken handler); crash report: ")
    assert len(list(tmp_path.glob("crash-*.txt"))) == 1


def test_check_output_is_inert_even_for_a_deck_no_loader_cleaned(monkeypatch, capsys):
    """The deck built in code keeps its raw escapes: the CLI's own defence is what is tested."""
    from tests.hostile_deck import build_hostile_deck

    monkeypatch.setattr("tui.cli._load", lambda path, format: build_hostile_deck())
    for as_json in (False, True):
        assert main(["check", *(["--json"] if as_json else [])]) == 0
        out = capsys.readouterr().out
        no_raw_controls(out)
        assert "\u241b]0;PWNED" in out  # shown as ␛, not dropped
        assert f"Arrays {MARKUP_CLOSE} slices" in out


@pytest.mark.parametrize("command", [[], ["stats"], ["decks"], ["plan"], ["restore"]])
def test_a_file_given_as_the_data_folder_is_named_as_such(tmp_path, capsys, command):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("my notes\n", encoding="utf-8")
    assert main([*command, "--data-dir", str(not_a_folder)]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "--data-dir" in err and "Traceback" not in err
    assert not_a_folder.read_text(encoding="utf-8") == "my notes\n"
