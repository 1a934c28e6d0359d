"""`revise plan` as a user types it (tui.cli.main, in process): exam date, forecast, today's cards."""

from __future__ import annotations

import json
from datetime import date, timedelta

from tests.deck_files import FIXTURES
from tui.cli import main
from tui.core.formats import load_deck
from tui.core.progress import open_store, read_store
from tui.core.readiness import exam_date, set_exam_date
from tui.paths import shipped_deck_path

SHIPPED_ID = load_deck(shipped_deck_path()).id


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()  # tests run in UTC (conftest)


def test_without_an_exam_date_it_says_how_to_set_one(tmp_path, capsys):
    assert main(["plan", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "No exam date is set for 'Soviet foreign policy 1917–1945'" in err
    assert "revise plan --exam YYYY-MM-DD" in err


def test_setting_the_exam_prints_the_forecast_and_stores_the_date(tmp_path, capsys):
    assert main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(20)]) == 0
    out = capsys.readouterr().out
    assert f"exam on {in_days(20)} (in 20 days)" in out
    assert "doing nothing:" in out and "with the plan:" in out
    assert "Today's cards (" in out
    store = read_store(tmp_path)
    assert store is not None and exam_date(store, SHIPPED_ID) == date.fromisoformat(in_days(20))


def test_json_gives_the_scores_topics_and_todays_cards(tmp_path, capsys):
    main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(10)])
    capsys.readouterr()
    assert main(["plan", "--data-dir", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["exam"] == in_days(10) and report["days_left"] == 10
    predicted = report["predicted"]
    for key in ("now", "exam_without_plan", "exam_with_plan"):
        assert predicted[key]["low"] <= predicted[key]["mean"] <= predicted[key]["high"]
    assert predicted["exam_with_plan"]["mean"] > predicted["exam_without_plan"]["mean"]
    assert len(report["topics"]) == 6
    assert report["today_cards"] == report["plan"][0]["reviews"] + report["plan"][0]["new"]
    assert len(report["plan"]) == 10
    assert all(day["seconds"] <= 20 * 60 for day in report["plan"])


def test_an_exam_date_in_the_past_is_refused_and_not_stored(tmp_path, capsys):
    assert main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(-1)]) == 2
    assert "has passed" in capsys.readouterr().err
    store = read_store(tmp_path)
    assert store is None or exam_date(store, SHIPPED_ID) is None


def test_a_stored_date_that_has_passed_is_refused_politely(tmp_path, capsys):
    store = open_store(tmp_path)
    set_exam_date(store, SHIPPED_ID, date.today() - timedelta(days=3))
    store.close()
    assert main(["plan", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "has passed" in err and "--exam none" in err
    assert "Traceback" not in err


def test_not_a_date_is_refused(tmp_path, capsys):
    assert main(["plan", "--data-dir", str(tmp_path), "--exam", "next june"]) == 2
    assert "'next june' is not a date: write it as YYYY-MM-DD" in capsys.readouterr().err


def test_exam_none_clears_the_date(tmp_path, capsys):
    main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(5)])
    assert main(["plan", "--data-dir", str(tmp_path), "--exam", "none"]) == 0
    assert "Cleared the exam date" in capsys.readouterr().out
    assert main(["plan", "--data-dir", str(tmp_path)]) == 2


def test_exam_today_offers_a_cram_of_the_weakest(tmp_path, capsys):
    assert main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(0)]) == 0
    out = capsys.readouterr().out
    assert "(today)" in out and "cram" in out


def test_the_exam_date_belongs_to_one_deck(tmp_path, capsys):
    other = str(FIXTURES / "quizlet.txt")
    assert main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(30)]) == 0
    assert main(["plan", "--data-dir", str(tmp_path), "--deck", other]) == 2
    assert main(["plan", "--data-dir", str(tmp_path), "--deck", other, "--exam", in_days(9)]) == 0
    capsys.readouterr()
    assert main(["plan", "--data-dir", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["days_left"] == 30


def test_a_short_budget_says_how_many_minutes_would_do(tmp_path, capsys):
    assert main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(10), "--minutes", "1"]) == 0
    out = capsys.readouterr().out
    assert "does not reach the target of 90% in 1 minute a day" in out
    assert "minutes a day would reach it" in out


def test_bad_minutes_are_refused(tmp_path, capsys):
    assert main(["plan", "--data-dir", str(tmp_path), "--minutes", "0"]) == 2
    assert "--minutes" in capsys.readouterr().err


def test_printing_reads_without_the_lock_but_setting_needs_it(tmp_path, capsys):
    main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(12)])
    running = open_store(tmp_path)  # the app holds the data folder
    try:
        assert main(["plan", "--data-dir", str(tmp_path), "--json"]) == 0
        assert main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(4)]) == 1
        assert "Traceback" not in capsys.readouterr().err
    finally:
        running.close()


def test_a_target_no_daily_time_can_reach_says_so(tmp_path, capsys):
    """A fresh user three days out: new cards right 40% of the time cannot reach 90% in any minutes."""
    assert main(["plan", "--data-dir", str(tmp_path), "--exam", in_days(3)]) == 0
    out = capsys.readouterr().out
    assert "does not reach the target of 90%" in out
    assert "More time a day would not reach it: memory needs days between reviews" in out
    assert "(100–100)" not in out and "100%" not in out.split("Topic")[0]
