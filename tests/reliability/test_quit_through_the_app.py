"""Quitting the real app (ctrl+q) after the disk refused writes: the CLI's message, never a crash.

A tester filled a 2 MB tmpfs data folder while an exam ran, typed two answers and pressed ctrl+q:
`unexpected error (RuntimeError: cannot schedule new futures after shutdown)`, exit 1, and the two
typed answers were neither printed nor saved. The app's exit closes the writer (`_on_exit_app`) and
the CLI closed it again after `run` returned: the second close tried the failed writes once more on
a writer already shut down. The other reliability tests replace `RevisionApp.run`, so that first
close never ran there; here the app runs headless, quits with ctrl+q, and the CLI does the rest.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.reliability.test_full_disk_at_quit import Disk
from tests.screens.test_quiz import SIZE, type_answer
from tui import cli
from tui.app import RevisionApp
from tui.core.paper import paper_key
from tui.core.progress import open_store

TYPED = ("My carefully written exam answer number one", "Second exam answer, also precious")


def play_then_quit(monkeypatch, before_quit) -> None:
    """RevisionApp.run replaced by the app run headless: `before_quit(app, pilot)`, then ctrl+q."""

    def run(self, *args, **kwargs):
        async def play() -> None:
            async with self.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await before_quit(self, pilot)
                await pilot.press("ctrl+q")
                await pilot.pause()

        asyncio.run(play())

    monkeypatch.setattr(RevisionApp, "run", run)


def start(folder: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--data-dir", str(folder)])
    return code, capsys.readouterr().err


def no_crash(folder: Path, err: str) -> None:
    assert "unexpected error" not in err and "Traceback" not in err
    assert not list(folder.glob("crash-*.txt"))


def test_a_typed_exam_on_a_full_disk_prints_its_answers_at_ctrl_q(tmp_path, capsys, monkeypatch):
    open_store(tmp_path).close()
    disk = Disk(monkeypatch)

    async def exam_on_a_full_disk(app, pilot) -> None:
        disk.full = True  # the disk fills before the exam starts, as in the tester's run
        app.navigation.start_quiz(None)
        await pilot.pause()
        await pilot.press("down", "down", "right", "down", "right", "enter")  # typed answers, exam
        await pilot.pause()
        for text in TYPED:
            await type_answer(app, pilot, text)
        app.writer.wait_until_saved()

    play_then_quit(monkeypatch, exam_on_a_full_disk)

    code, err = start(tmp_path, capsys)

    no_crash(tmp_path, err)
    assert code == 1
    assert "could not be saved in" in err and "even when tried again at quit" in err
    assert "your exam paper as it stood (2 of " in err
    assert "Your exam paper's answers as they stood (copy them now: they are not on disk):" in err
    for typed in TYPED:
        assert f"     {typed}\n" in err
    disk.full = False
    store = open_store(tmp_path)
    assert not any(store.settings_starting(paper_key("")).values())  # as said: no paper was ever saved
    store.close()


def test_answers_refused_all_session_are_counted_at_ctrl_q(tmp_path, capsys, monkeypatch):
    open_store(tmp_path).close()
    disk = Disk(monkeypatch)

    async def answers_on_a_full_disk(app, pilot) -> None:
        disk.full = True
        writer, deck = app.writer, app.context.deck.id
        session = writer.start_session("quiz", deck)
        for card in app.context.deck.cards[:3]:
            writer.record_answer(session, card.id, True, 2.0, "quiz")
        writer.wait_until_saved()

    play_then_quit(monkeypatch, answers_on_a_full_disk)

    code, err = start(tmp_path, capsys)

    no_crash(tmp_path, err)
    assert code == 1
    assert (
        f"revise: 3 answers of this session could not be saved in {tmp_path} (No space left on device)" in err
    )
    assert f"free some disk space where {tmp_path} is" in err


def test_a_file_where_the_decks_folder_should_be_quits_with_a_message_every_run(
    tmp_path, capsys, monkeypatch
):
    (tmp_path / "decks").write_text("")  # a plain file named `decks`: no deck file can be written

    async def answer_one(app, pilot) -> None:
        writer = app.writer
        session = writer.start_session("quiz", app.context.deck.id)
        writer.record_answer(session, app.context.deck.cards[0].id, True, 2.0, "quiz")
        writer.wait_until_saved()

    async def nothing(app, pilot) -> None:
        app.writer.wait_until_saved()

    for before_quit in (answer_one, nothing, nothing):
        play_then_quit(monkeypatch, before_quit)
        code, err = start(tmp_path, capsys)
        no_crash(tmp_path, err)
        assert code == 1
        assert err.startswith("revise: ") and f"{tmp_path / 'decks'} is a file, not a folder" in err
        assert f"move or rename the file {tmp_path / 'decks'}" in err
    (tmp_path / "decks").unlink()  # as the message says
    store = open_store(tmp_path)
    deck = store.deck_ids()[0]
    assert sum(stats.attempts for stats in store.all_question_stats(deck).values()) == 1  # kept all along
    store.close()
