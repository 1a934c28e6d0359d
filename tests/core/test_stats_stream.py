"""`revise stats --json` streams the same document `progress_report` describes, one row a line."""

from __future__ import annotations

import json

from tests.conftest import FIXED_NOW
from tests.stats_oracle import old_report
from tui.commands import print_stats
from tui.core.progress import open_store


def test_streamed_json_is_the_whole_report(tmp_path, capsys):
    store = open_store(tmp_path)
    try:
        session = store.start_session("quiz", "deck-b", [])
        for n in range(30):
            store.record_answer("deck-b" if n % 3 else "deck-a", f"card-{n % 11}", n % 4 != 0, 3.0, "quiz")
        store.record_answer("deck-a", "ünïcode “quoted”", False, 2.0, "quiz")
        store.finish_session(session, 3, 5, 60.0)
    finally:
        store.close()
    assert print_stats(str(tmp_path), as_json=True, now=FIXED_NOW) == 0
    out = capsys.readouterr().out
    expected = old_report(tmp_path, FIXED_NOW)
    assert json.loads(out) == expected
    assert [deck["deck"] for deck in expected["decks"]] == ["deck-a", "deck-b"]
    assert "ünïcode “quoted”" in out  # UTF-8 as is, not \\u escapes
    # One question row a line: easy to grep, and each line is written as it is made.
    assert sum(line.strip().startswith('{"card":') for line in out.splitlines()) == sum(
        len(deck["questions"]) for deck in expected["decks"]
    )


def test_streamed_json_of_many_batches_of_rows_is_the_whole_report(tmp_path, capsys):
    from tests.perf.scale_data import write_records

    write_records(
        tmp_path, "big-deck", [f"card-{n:04}" for n in range(1234)]
    )  # 2 full batches of rows and more
    assert print_stats(str(tmp_path), as_json=True, now=FIXED_NOW) == 0
    out = capsys.readouterr().out
    expected = old_report(tmp_path, FIXED_NOW)
    assert json.loads(out) == expected
    assert len(expected["decks"][0]["questions"]) == 1234
    assert expected["decks"][0]["attempts"] == 1234 and expected["decks"][0]["correct"] == 617
