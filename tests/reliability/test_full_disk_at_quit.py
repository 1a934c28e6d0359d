"""A disk that fills while the student answers: quitting says plainly what is lost, and tries once more.

A tester ran an exam with the data folder on a 1 MB tmpfs: 2 answers saved, the disk filled, 8
more answered and handed in. The in-app notice promised the answers were "kept in memory and saved
with the next one"; ctrl+q then printed the journal's own "Could not save progress to … No space
left on device. Nothing on disk changed." and the 8 answers were gone. Now quitting tries the
kept changes once more (space may have been freed) and, if that fails too, says how many answers
(and the exam paper) could not be saved and that they are lost. A full disk is simulated as the
store's writes see it: every byte written to a file fails with ENOSPC (as in
tests/core/test_progress_validation.py).
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from tui import cli
from tui.app import RevisionApp
from tui.core.paper import paper_key
from tui.core.progress import files, journal, open_store

CARDS = [f"q{n}" for n in range(10)]


class Disk:
    """The data folder's disk: `full` makes every write to a file fail as a full disk does."""

    def __init__(self, monkeypatch) -> None:
        self.full = False
        real = files.write_all

        def write_all(fd: int, chunk: bytes) -> None:
            if self.full and chunk:
                raise OSError(errno.ENOSPC, "No space left on device")
            real(fd, chunk)

        monkeypatch.setattr(files, "write_all", write_all)
        monkeypatch.setattr(journal, "write_all", write_all)


def paper(answered: int) -> dict:
    """Enough of a saved exam paper (`paper_to_dict`) for the writer to count and show its answers."""
    return {
        "version": 1,
        "deck": "elsewhere",
        "questions": [
            {"card": c, "response": f"typed answer {n}" if n < answered else None}
            for n, c in enumerate(CARDS)
        ],
    }


def exam_then_quit(
    monkeypatch, disk: Disk, *, freed_before_quit: bool, full_from: int = 2, hand_in: bool = True
):
    """RevisionApp.run replaced by an exam: its paper saved as each question is answered, the disk
    full from answer `full_from` on; handed in (each answer recorded, the paper cleared); quit."""

    def run(self, *args, **kwargs):
        writer, deck = self.writer, self.context.deck.id
        for n in range(len(CARDS)):
            if n == full_from:
                writer.wait_until_saved()  # the paper with the answers before this one is on disk
                disk.full = True
            writer.set_setting(paper_key(deck), paper(n + 1) | {"deck": deck})
        writer.wait_until_saved()
        disk.full = disk.full or full_from == len(CARDS)
        if not hand_in:
            return
        session = writer.start_session("exam", deck)
        for card in CARDS:
            writer.record_answer(session, card, True, 2.0, "exam")
        writer.set_setting(paper_key(deck), None)  # handed in and marked: the quiz screen clears it
        writer.wait_until_saved()
        if freed_before_quit:
            disk.full = False

    monkeypatch.setattr(RevisionApp, "run", run)


def quit_message(folder: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--data-dir", str(folder)])
    return code, capsys.readouterr().err


def on_disk(folder: Path) -> tuple[int, int | None]:
    """(answers stored of CARDS, answers on the exam paper stored or None)."""
    store = open_store(folder)
    stored = sum(
        stats.attempts
        for deck in store.deck_ids()
        for card, stats in store.all_question_stats(deck).items()
        if card in CARDS
    )
    papers = [
        doc["value"] for doc in store._settings.all() if doc["key"].startswith("exam_paper:") and doc["value"]
    ]
    store.close()
    answered = sum(q["response"] is not None for q in papers[0]["questions"]) if papers else None
    return stored, answered


def test_answers_the_full_disk_refused_are_counted_as_lost_at_quit_never_nothing_changed(
    tmp_path, capsys, monkeypatch
):
    open_store(tmp_path).close()
    disk = Disk(monkeypatch)
    exam_then_quit(monkeypatch, disk, freed_before_quit=False)

    code, err = quit_message(tmp_path, capsys)

    assert code == 1
    assert "Nothing on disk changed" not in err
    assert (
        f"revise: 10 answers of this session could not be saved in {tmp_path} (No space left on device), "
        "even when tried again at quit: they are lost. Everything saved before is safe."
    ) in err
    assert "The next start offers the exam paper as it was last saved, with the answers saved by then." in err
    assert f"free some disk space where {tmp_path} is" in err
    # what was typed is not lost silently: the terminal shows every answer of the paper, after its question
    assert "Your exam paper's answers as they stood (copy them now: they are not on disk):" in err
    questions = {card.id: card.question for card in cli._load(None, None).cards}
    for n, card in enumerate(CARDS):
        shown = questions.get(card, card)
        assert f"  {n + 1}. {shown[:69]}" in err and f"     typed answer {n}\n" in err
    disk.full = False
    assert on_disk(tmp_path) == (0, 2)  # as said: none recorded, the paper offered as last saved (2 answered)


def test_a_paper_not_handed_in_is_said_lost_with_its_answers_shown(tmp_path, capsys, monkeypatch):
    open_store(tmp_path).close()
    disk = Disk(monkeypatch)
    exam_then_quit(monkeypatch, disk, freed_before_quit=False, hand_in=False)

    code, err = quit_message(tmp_path, capsys)

    assert code == 1
    assert (
        f"revise: your exam paper as it stood (10 of 10 answered) could not be saved in {tmp_path} "
        "(No space left on device), even when tried again at quit: it is lost."
    ) in err
    assert "  10. " in err and "     typed answer 9\n" in err
    disk.full = False
    assert on_disk(tmp_path) == (0, 2)


def test_a_disk_full_only_at_hand_in_leaves_the_whole_paper_to_be_offered_again(
    tmp_path, capsys, monkeypatch
):
    open_store(tmp_path).close()
    disk = Disk(monkeypatch)
    exam_then_quit(monkeypatch, disk, freed_before_quit=False, full_from=len(CARDS))

    code, err = quit_message(tmp_path, capsys)

    assert code == 1
    assert "revise: 10 answers of this session could not be saved" in err
    assert "The next start offers the exam paper as it was last saved, with the answers saved by then." in err
    assert "copy them now" not in err  # every answer of the paper is on disk: nothing to copy
    disk.full = False
    assert on_disk(tmp_path) == (0, 10)


def test_space_freed_before_quit_saves_every_kept_answer_and_quits_cleanly(tmp_path, capsys, monkeypatch):
    open_store(tmp_path).close()
    disk = Disk(monkeypatch)
    exam_then_quit(monkeypatch, disk, freed_before_quit=True)

    code, err = quit_message(tmp_path, capsys)

    assert (code, err) == (0, "")
    assert on_disk(tmp_path) == (10, None)  # every answer recorded, the paper handed in and cleared


@pytest.mark.parametrize("paper_too", [False, True])
def test_the_writer_counts_what_only_memory_holds_and_a_landed_save_clears_it(
    tmp_path, monkeypatch, paper_too
):
    from tests.test_writer import make_writer

    store = open_store(tmp_path)
    disk = Disk(monkeypatch)
    writer, ui = make_writer(store)
    session = writer.start_session("exam", "d")
    disk.full = True
    for card in CARDS[:3]:
        writer.record_answer(session, card, True, 1.0, "exam")
    if paper_too:
        writer.set_setting(paper_key("d"), paper(3))
    writer.wait_until_saved()
    assert (writer.unsaved_answers, writer.unsaved_paper) == (3, (3, 10) if paper_too else None)
    ((message, _title, _severity),) = ui.notices
    assert "quitting says what could not be saved" in message.replace("\n", " ")
    disk.full = False
    writer.set_setting("theme", "dark")  # any save that lands carries every change kept
    writer.close()
    assert (writer.unsaved_answers, writer.unsaved_paper) == (0, None)
    store.close()
    assert on_disk(tmp_path)[0] == 3


def test_a_folder_put_in_place_of_progress_json_is_named_at_quit_not_blamed_on_space(
    tmp_path, capsys, monkeypatch
):
    open_store(tmp_path).close()

    def run(self, *args, **kwargs):
        self.context.progress.record_answer(self.context.deck.id, "a", True, 2.0, "quiz")
        (tmp_path / "progress.json").rename(tmp_path / "moved.json")
        (tmp_path / "progress.json").mkdir()

    monkeypatch.setattr(RevisionApp, "run", run)

    code, err = quit_message(tmp_path, capsys)

    assert code == 1
    assert f"could not be written into {tmp_path / 'progress.json'} (it is a folder, not a file)" in err
    assert "run `revise restore`" in err
    assert "writable" not in err and "disk space" not in err
