"""A good data folder to damage, and the checks every damaged variant must pass.

`good_folder` builds a data folder the way a student's looks after a few days (answers,
sessions, a best match time, settings, a backup). `verdict` opens a damaged copy and
asserts the one thing issue 13 asks of any file: it is either fully usable (the home
dashboard's reads, weak spots, `revise stats --json`, one recorded answer) or refused
cleanly (ProgressError, exit 1 from the command line, nothing on disk changed), and then
`revise restore` brings back a store that opens and works.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from tests.conftest import build_sample_deck
from tests.progress_files import write_split
from tui import cli
from tui.core import readiness
from tui.core.progress import (
    BACKUP_FOLDER,
    ProgressCorruptError,
    ProgressError,
    ProgressTooNewError,
    open_store,
)
from tui.core.weakness import due_today, rank_weak_spots, weak_questions

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


def good_folder(folder: Path) -> Path:
    """A data folder with answers to every card, two finished sessions, a best time, settings, a backup."""
    deck = build_sample_deck()
    when = NOW - timedelta(days=3)
    for day in range(3):
        store = open_store(folder, now=lambda when=when: when)
        session = store.start_session("quiz", deck.id, [deck.topics[0].name])
        for n, card in enumerate(deck.cards):
            store.record_answer(deck.id, card.id, (n + day) % 3 != 0, 2.5 + n, "quiz")
        store.finish_session(session, 5, len(deck.cards), 61.25)
        store.record_match_time(deck.id, 5, 40.5 - day)
        store.set_setting("theme", "nord")
        readiness.set_exam_date(store, deck.id, (NOW + timedelta(days=30)).date())
        store.close()
        when += timedelta(days=1)
    store = open_store(folder, now=lambda: when)  # one more start: the file of day 3 backed up
    store.remember_deck(deck.id, str(folder / "sample.toml"), deck.title, "native", len(deck.cards))
    store.close()
    store = open_store(folder, now=lambda: when)  # the deck opened last: its file is checked at start
    store.close()
    return folder


def fingerprint(path: Path) -> object:
    """What is at `path`, without following a link and without reading a FIFO or device."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISREG(info.st_mode):
        return ("file", path.read_bytes())
    if stat.S_ISDIR(info.st_mode):
        return ("folder", sorted(os.listdir(path)))
    return ("special", stat.S_IFMT(info.st_mode))


def folder_state(folder: Path) -> dict[str, object]:
    return {
        name: fingerprint(folder / name) for name in sorted(os.listdir(folder)) if not name.endswith(".lock")
    }


def exercise(folder: Path, capsys) -> list[str]:
    """Use an opened store as the app and `revise stats --json` do; its warnings. Fails on any error."""
    deck = build_sample_deck()
    store = open_store(folder, now=clock)
    try:
        for deck_id in [*store.deck_ids(), deck.id]:
            stats = store.all_question_stats(deck_id)
            for spot in rank_weak_spots(stats, NOW):
                assert spot.score == spot.score  # a number, not NaN
            weak_questions(stats, NOW)
            due_today(stats, NOW)
            for one in stats.values():
                _ = one.accuracy, one.last_answered and one.last_answered.astimezone()
            for session in store.recent_sessions(deck_id):
                session.started.astimezone().strftime("%d %b %H:%M")
                _ = session.percent
            store.best_match_times(deck_id)
            store.best_match_time(deck_id, 5)
            store.session_count(deck_id)
            readiness.exam_date(store, deck_id)
        store.deck_summary(deck)
        store.topic_summaries(deck)
        store.due_card_ids(deck)
        store.setting("theme")
        readiness.seconds_per_card(store.all_question_stats(deck.id).values())
        answered = next(iter(store.all_question_stats(deck.id)), deck.cards[0].id)
        before = store.question_stats(deck.id, answered)
        after = store.record_answer(deck.id, answered, False, 3.0, "quiz")
        assert after.attempts == (before.attempts if before else 0) + 1
        warnings = list(store.warnings)
    finally:
        store.close()
    capsys.readouterr()
    assert cli.main(["--data-dir", str(folder), "stats", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert any(row["card"] == answered for d in report["decks"] for row in d["questions"])
    return warnings


def verdict(folder: Path, capsys) -> str:
    """ "usable" or "refused" (see the module doc); any other outcome fails the calling test."""
    before = folder_state(folder)
    try:
        store = open_store(folder, now=clock)
    except ProgressError as error:
        message = str(error)
        assert "Traceback" not in message and str(folder) in message
        assert folder_state(folder) == before, "a refused store was changed"
        capsys.readouterr()
        assert cli.main(["--data-dir", str(folder), "stats", "--json"]) == 1
        assert capsys.readouterr().err.startswith("revise: ")
        assert folder_state(folder) == before, "stats changed a refused store"
        if isinstance(error, ProgressTooNewError):  # not damage: restore leaves it for a newer revise
            assert cli.main(["--data-dir", str(folder), "restore"]) == 1
            assert "Upgrade revise" in capsys.readouterr().err
            assert folder_state(folder) == before
            return "too new"
        assert cli.main(["--data-dir", str(folder), "restore"]) == 0, capsys.readouterr().err
        exercise(folder, capsys)
        return "refused"
    store.close()
    try:
        exercise(folder, capsys)
    except ProgressCorruptError as error:  # a deck file not read at start: refused when its deck opens
        assert "/decks/" in str(error.path), error
        damaged = {name: state for name, state in folder_state(folder).items() if name != BACKUP_FOLDER}
        capsys.readouterr()
        assert cli.main(["--data-dir", str(folder), "stats", "--json"]) == 1
        assert capsys.readouterr().err.startswith("revise: ")
        assert {
            name: state for name, state in folder_state(folder).items() if name != BACKUP_FOLDER
        } == damaged
        assert cli.main(["--data-dir", str(folder), "restore"]) == 0, capsys.readouterr().err
        exercise(folder, capsys)
        return "refused"
    return "usable"


def write_tables(folder: Path, tables: dict) -> None:
    """The damaged tables as revise writes them (progress.json and the deck's file of question
    records, one record a line, which `revise stats` reads a batch at a time), or as one line of
    progress.json where they are not shaped like tables at all."""
    shaped = isinstance(tables, dict) and all(isinstance(table, dict) for table in tables.values())
    if shaped:
        write_split(folder, tables, deck=build_sample_deck().id)
    else:
        (folder / "progress.json").write_bytes(orjson.dumps(tables))


def copy_folder(template: Path, to: Path) -> Path:
    shutil.copytree(template, to, symlinks=True)
    return to
