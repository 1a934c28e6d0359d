"""`revise restore` keeps every journal line that still reads when one line of it is damaged.

A fresh-user trial: answer 3 questions, kill -9 (the answers sit in the journal), change one field
of one journal line by hand, start (refused, exit 1), `revise restore`. Restore set the whole journal
aside, losing the other answers and the session. Each journal line is one save of whole records,
checked on its own: restore keeps every good line, sets aside only the damaged ones (the whole
journal stays in the set-aside copy), says how many of each, and the store opens afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tui.cli import main
from tui.core.progress import open_store

# A child answers, then is killed with SIGKILL before it closes the store: its saves stay in the journal.
KILLED_MID_SESSION = """
import os, signal, sys
from pathlib import Path
from tui.core.progress import open_store

folder = Path(sys.argv[1])
if sys.argv[3] == "again":
    open_store(folder).close()  # progress.json exists: the answers below go to its journal
store = open_store(folder)
session = store.start_session("quiz", "d", [])
for card in sys.argv[2].split(","):
    store.record_answer("d", card, True, 2.0, "quiz")
store.finish_session(session, 3, 3, 30.0)
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_after_answering(folder: Path, cards: str = "c0,c1,c2", start: str = "again") -> Path:
    child = subprocess.run([sys.executable, "-c", KILLED_MID_SESSION, str(folder), cards, start], check=False)
    assert child.returncode == -9
    journal = folder / "progress.json.journal"
    assert journal.stat().st_size > 0
    return journal


def damage_line(journal: Path, number: int, old: bytes, new: bytes) -> bytes:
    lines = journal.read_bytes().split(b"\n")
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    journal.write_bytes(b"\n".join(lines))
    return journal.read_bytes()


def run(folder: Path, capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(folder), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def answered(folder: Path, capsys) -> tuple[dict[str, int], int]:
    """card -> attempts of deck "d", and the sessions, as `revise stats --json` reports them."""
    code, out, err = run(folder, capsys, "stats", "--json")
    assert code == 0, err
    report = json.loads(out)
    cards = {row["card"]: row["attempts"] for deck in report["decks"] for row in deck["questions"]}
    return cards, report["sessions"]


def test_one_hand_edited_journal_line_costs_only_that_line(tmp_path, capsys):
    journal = killed_after_answering(tmp_path)
    # lines: session started, c0, c1, c2, session finished; c1's count made text by hand
    damaged = damage_line(journal, 3, b'"attempts":1', b'"attempts":"two"')
    code, _, err = run(tmp_path, capsys, "stats")
    assert code == 1 and "progress.json.journal is damaged: line 3" in err and "revise restore" in err

    code, out, err = run(tmp_path, capsys, "restore")

    assert code == 0, err
    [aside] = tmp_path.glob("progress.json.journal.damaged-*")
    assert aside.read_bytes() == damaged  # nothing deleted: the damaged line is kept there
    assert (
        "Kept 4 of the journal's 5 saves (applied at the next start); set aside 1 that cannot be used:" in out
    )
    assert "  line 3, questions record 2, field attempts: is text, not a whole number" in out
    assert f"Every line, those included, is still in {aside}." in out
    assert answered(tmp_path, capsys) == ({"c0": 1, "c2": 1}, 1)
    store = open_store(tmp_path)  # the whole store opens, and works
    assert store.record_answer("d", "c1", True, 2.0, "quiz").attempts == 1
    store.close()
    assert answered(tmp_path, capsys) == ({"c0": 1, "c1": 1, "c2": 1}, 1)
    assert run(tmp_path, capsys, "restore")[1].startswith("Nothing to restore")


def test_lines_after_a_damaged_one_are_kept_and_a_later_save_of_the_same_record_wins(tmp_path, capsys):
    journal = killed_after_answering(tmp_path, "c0,c1,c0,c2")  # c0 answered twice: lines 2 and 4
    raw = journal.read_bytes()
    lines = raw.split(b"\n")
    lines[1] = b"\x00garbage that is not JSON"  # c0's first answer
    journal.write_bytes(b"\n".join(lines) + b'[["questions","9",{"deck"')  # and a torn last save

    code, out, err = run(tmp_path, capsys, "restore")

    assert code == 0, err
    assert "Kept 5 of the journal's 6 saves" in out and "line 2 is not valid JSON" in out
    # c0's second save holds its whole record (2 answers): nothing is lost but the torn, unacknowledged save
    assert answered(tmp_path, capsys) == ({"c0": 2, "c1": 1, "c2": 1}, 1)


def test_a_journal_with_no_good_line_is_moved_aside_as_before(tmp_path, capsys):
    journal = killed_after_answering(tmp_path, "c0")
    journal.write_bytes(b"{}\n[1]\n")

    code, out, err = run(tmp_path, capsys, "restore")

    assert code == 0, err
    [aside] = tmp_path.glob("progress.json.journal.damaged-*")
    assert aside.read_bytes() == b"{}\n[1]\n"
    assert f"Moved its journal of changes aside to {aside}" in out
    assert "None of the journal's 2 saves can be used:" in out
    assert answered(tmp_path, capsys) == ({}, 0)


def test_a_good_line_that_no_longer_fits_is_set_aside_and_the_rest_kept(tmp_path, capsys):
    journal = killed_after_answering(tmp_path)
    # line 4 (c2's record) made to hold c0's question again: each line reads alone, together they clash
    damage_line(journal, 4, b'"card":"c2"', b'"card":"c0"')

    code, out, err = run(tmp_path, capsys, "restore")

    assert code == 0, err
    assert "Kept 4 of the journal's 5 saves" in out
    assert "line 4: its change does not fit the restored progress" in out
    assert answered(tmp_path, capsys) == ({"c0": 1, "c1": 1}, 1)


def test_a_first_session_killed_before_any_full_save_keeps_its_good_lines(tmp_path, capsys):
    journal = killed_after_answering(tmp_path, start="first")  # no progress.json, no backup yet
    assert not (tmp_path / "progress.json").exists()
    damage_line(journal, 4, b'"attempts":1', b'"attempts":"two"')  # c1's line (after the meta line)

    code, out, err = run(tmp_path, capsys, "restore")

    assert code == 0, err
    assert "Kept 5 of the journal's 6 saves" in out
    assert "no backup yet: the progress is the journal's saves kept above" in out
    assert answered(tmp_path, capsys) == ({"c0": 1, "c2": 1}, 1)
