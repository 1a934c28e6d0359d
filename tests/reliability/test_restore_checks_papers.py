"""`revise restore` reads each saved exam paper as the app does, and sets aside one that cannot be used.

A fresh-user trial: a saved exam paper damaged by hand; `revise restore` said "Nothing to restore:
progress.json is healthy", then the app refused the paper when the deck opened. Restore now reads
every saved paper against its deck (`read_paper`, as the quiz screen does before offering it),
sets a damaged one aside under `exam_paper_set_aside:<deck>` as the app does (kept as it was, no
longer offered), and says so; a paper that reads is left as it is.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from tui.cli import main
from tui.core.formats import load_deck
from tui.core.paper import paper_key, paper_to_dict, read_paper, set_aside_key
from tui.core.progress import open_store
from tui.core.quiz import Quiz, QuizSettings
from tui.paths import shipped_deck_path

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DECK = load_deck(shipped_deck_path())


def clock() -> datetime:
    return NOW


def exam_paper() -> dict:
    """A saved exam of 3 multiple-choice questions on the shipped deck, 2 answered."""
    quiz = Quiz.build(DECK, QuizSettings(questions=3, minutes=5, exam=True), {}, clock, random.Random(4))
    quiz.start()
    for _ in range(2):
        quiz.choose(0)
        quiz.advance()
    return paper_to_dict(quiz, DECK.id, NOW)


def folder_with_paper(folder, paper: object) -> None:
    """The shipped deck listed, one answer, and `paper` saved as its exam paper."""
    store = open_store(folder, now=clock)
    store.remember_deck(DECK.id, str(shipped_deck_path()), DECK.title, DECK.format, len(DECK.cards))
    store.record_answer(DECK.id, DECK.cards[0].id, True, 2.0, "quiz")
    store.set_setting(paper_key(DECK.id), paper)
    store.close()


def restore(folder, capsys) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "restore"]) == 0
    return capsys.readouterr().out


def settings(folder) -> tuple[object, object]:
    store = open_store(folder, now=clock)
    try:
        return store.setting(paper_key(DECK.id)), store.setting(set_aside_key(DECK.id))
    finally:
        store.close()


def test_a_damaged_paper_in_a_healthy_store_is_set_aside_and_said(tmp_path, capsys):
    damaged = {**exam_paper(), "index": 99}  # a question the paper does not have
    folder_with_paper(tmp_path, damaged)

    out = restore(tmp_path, capsys)

    assert (
        f"Set aside the exam paper saved for deck {DECK.id!r}: it cannot be used (index: 99 is not a "
        "question of the paper), so it cannot be resumed or handed in. It is kept as it was, in "
        f"progress.json under the setting 'exam_paper_set_aside:{DECK.id}', and is no longer offered."
    ) in out
    assert f"Nothing else to restore: {tmp_path / 'progress.json'} is healthy." in out
    assert "Nothing to restore" not in out
    assert settings(tmp_path) == (None, damaged)  # as the app sets one aside: nothing deleted
    assert "Nothing to restore:" in restore(tmp_path, capsys)  # done once


def test_a_paper_that_reads_is_left_as_it_is(tmp_path, capsys):
    paper = exam_paper()
    folder_with_paper(tmp_path, paper)

    out = restore(tmp_path, capsys)

    assert out == f"Nothing to restore: {tmp_path / 'progress.json'} is healthy.\n"
    assert settings(tmp_path) == (paper, None)
    assert read_paper(paper, DECK, clock).answered == 2


def test_a_damaged_paper_in_the_backup_restored_is_set_aside_too(tmp_path, capsys):
    damaged = {**exam_paper(), "version": 7}
    folder_with_paper(tmp_path, damaged)
    open_store(tmp_path, now=clock).close()  # a start: its backup holds the paper
    (tmp_path / "progress.json").write_bytes(b"{")

    out = restore(tmp_path, capsys)

    assert "Restored" in out and "from backup" in out
    assert (
        f"Set aside the exam paper saved for deck {DECK.id!r}: it cannot be used (version: 7 is not 1)" in out
    )
    assert settings(tmp_path) == (None, damaged)


def test_a_paper_whose_deck_file_is_gone_is_said_unchecked_and_kept(tmp_path, capsys):
    paper = {**exam_paper(), "index": 99}
    folder_with_paper(tmp_path, paper)
    store = open_store(tmp_path, now=clock)
    store.remember_deck(DECK.id, str(tmp_path / "moved-away.toml"), DECK.title, DECK.format, len(DECK.cards))
    store.close()

    out = restore(tmp_path, capsys)

    assert out == (
        f"Could not check the exam paper saved for deck {DECK.id!r}: the deck list has no file that loads "
        "as that deck now. Revise checks the paper when that deck is opened.\n"
        f"Nothing to restore: {tmp_path / 'progress.json'} is healthy.\n"
    )
    assert settings(tmp_path) == (paper, None)  # left for the app, which reads it when the deck opens
