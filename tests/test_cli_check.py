"""`revise check`: the summary a person reads, the JSON a script reads, and errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.deck_files import FIXTURES
from tui.cli import main


def test_check_summarises_the_shipped_deck(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Soviet foreign policy 1917–1945 (native deck, id soviet-foreign-policy)\n")
    assert "29 cards · 6 topics · 16 dated events" in out
    assert "     6  Early diplomacy 1917–1922" in out
    assert "  1942-43  Battle of Stalingrad" in out
    events = out.split("Dated events:\n")[1].splitlines()
    years = [int(line.split()[0][:4]) for line in events]
    assert years == sorted(years) and len(years) == 16


def test_check_json_of_plain_notes(capsys):
    assert main(["check", str(FIXTURES / "source-notes.txt"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("title", "format", "cards", "topics", "events")} == {
        "title": "Source notes",
        "format": "notes",
        "cards": 29,
        "topics": 1,
        "events": 2,
    }
    assert summary["topic_cards"] == [{"name": "All cards", "cards": 29}]
    assert summary["dated_events"][0] == {
        "date": "1924",
        "label": "When did Britain recognise the USSR?",  # the question itself, its year masked
        "card": "when-did-britain-recognise-the-ussr",
    }


def test_check_json_of_an_anki_export_with_format_given(capsys, tmp_path):
    path = tmp_path / "export.dat"
    path.write_bytes((FIXTURES / "anki-export.txt").read_bytes())
    assert main(["check", str(path), "--format", "anki", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["format"], summary["cards"], summary["events"]) == ("anki", 5, 2)  # one note reversed
    assert [t["name"] for t in summary["topic_cards"]] == ["Early diplomacy", "Recognition", "War"]


def test_check_bad_deck_prints_one_line_and_exits_2(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Q one?\n\n\nQ two?\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == f"revise: {path}:1: has no card that can be used (2 records skipped; this is the first): this question has no answer — write the question, one blank line, the answer, and two blank lines before the next card\n"
    )


def test_check_of_a_missing_file_exits_2(capsys, tmp_path):
    assert main(["check", str(tmp_path / "gone.toml"), "--json"]) == 2
    assert capsys.readouterr().err.startswith(f"revise: {tmp_path / 'gone.toml'}: no such file")


def test_real_command_on_a_binary_file_has_no_traceback(tmp_path):
    path = tmp_path / "deck.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    script = Path(sys.executable).parent / "revise"  # the installed console script
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    result = subprocess.run([*command, "check", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"revise: {path}:3: looks like a binary file")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_long_lists_are_cut_in_the_human_summary(capsys, tmp_path):
    path = tmp_path / "many.tsv"
    path.write_text("".join(f"When did event {i} happen?\t{1800 + i}\n" for i in range(45)), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "45 cards · 1 topic · 45 dated events" in out
    assert "  1839  When did event 39 happen?" in out and "1840" not in out
    assert out.endswith("  … and 5 more (--json lists them all)\n")


def test_check_never_imports_textual():
    code = "import sys; from tui.cli import main; main(['check']); print(sorted(m for m in sys.modules if m.startswith('textual')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip().endswith("[]")


def test_check_lists_skipped_records_with_path_line_and_reason(capsys, tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("#separator:tab\nRapallo\tTreaty\nGenoa\t\nComintern\t1919\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 cards · 1 topic" in out
    assert out.endswith(
        "Skipped 1 record (not loaded; fix them and check again):\n"
        f"  {path}:3: this card has no answer — put the answer after a tab on the same line\n"
    )


def test_check_warns_of_cards_run_together_with_path_line_and_fix(capsys, tmp_path):
    path = tmp_path / "sloppy.txt"
    path.write_text("When did Lenin die?\n\n1924\n\nWho replaced him?\n\nStalin\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 card · 1 topic" in out
    assert f"Check 1 card (loaded, but may be mistyped):\n  {path}:5: 'Who replaced him?'" in out
    assert out.rstrip().endswith("put two blank lines before each new question")
    assert main(["check", str(path), "--json"]) == 0
    assert [w["line"] for w in json.loads(capsys.readouterr().out)["warnings"]] == [5]


def test_check_says_each_line_of_a_notes_answer_is_a_mark_point(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Who led the Bolsheviks?\n\nLenin\n- returned from exile in April 1917\n\n\nWho?\n\nStalin\n",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Mark points: 1 answer of several lines — each line" in out
    assert "'Who led the Bolsheviks?': needs all of Lenin | returned from exile in April 1917" in out


def test_check_json_lists_every_card_as_seen_and_every_skipped_record(capsys, tmp_path):
    path = tmp_path / "export.txt"
    path.write_text(
        'Rapallo\t<div>A treaty</div><div>with Germany</div>\nGenoa\t"Conference\n', encoding="utf-8"
    )
    assert main(["check", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["card_list"] == [
        {
            "id": "rapallo",
            "topic": "All cards",
            "question": "Rapallo",
            "answer": "A treaty\nwith Germany",
            "tags": [],
        }
    ]
    assert summary["skipped"] == 1
    (record,) = summary["skipped_records"]
    assert (record["path"], record["line"]) == (str(path), 2)
    assert record["reason"].startswith("a quoted field starts here and never ends")


def test_check_reads_an_anki_package(capsys, tmp_path):
    from tests.anki_packages import CLOZE, REVERSED, Note, write_package

    notes = [
        Note(["Molotov", "Foreign minister"], REVERSED, deck="History::Soviet"),
        Note(["{{c1::Rapallo}} was signed in {{c2::1922}}", ""], CLOZE, deck="History::Soviet"),
    ]
    path = write_package(tmp_path / "soviet.apkg", notes, "collection.anki21b")
    assert main(["check", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["format"], summary["title"], summary["cards"]) == ("apkg", "History / Soviet", 4)
    assert [(c["id"], c["question"], c["answer"]) for c in summary["card_list"]] == [
        ("g00000", "Molotov", "Foreign minister"),
        ("g00000:2", "Foreign minister", "Molotov"),
        ("g00001", "[...] was signed in 1922", "Rapallo"),
        ("g00001:2", "Rapallo was signed in [...]", "1922"),
    ]


def test_check_of_a_file_where_nothing_loads_exits_2(capsys, tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("#separator:tab\nGenoa\t\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err.startswith(
        f"revise: {path}:2: has no card that can be used: this card has no answer"
    )


def test_counts_of_a_thousand_and_more_are_separated_as_on_the_screens(capsys, tmp_path):
    path = tmp_path / "big.tsv"
    path.write_text("".join(f"Question {i}?\tAnswer {i}\n" for i in range(1200)), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1,200 cards · 1 topic" in out and "  1,200  " in out and "1200" not in out
