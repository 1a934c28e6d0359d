"""The tester's full-disk exam, played through the screens: a typed exam, the disk full after its
first answer, two more answers, handed in, ctrl+q. What the student typed is shown at quit, and
the quit message counts the answers lost (see test_full_disk_at_quit for the CLI around it)."""

from __future__ import annotations

from tests.reliability.test_full_disk_at_quit import Disk
from tests.screens.test_quiz import SIZE, start_typed_exam, type_answer
from tui import cli
from tui.core.paper import paper_key
from tui.core.progress import open_store


async def test_a_typed_exam_on_a_full_disk_shows_its_answers_at_quit(
    make_app, clock, tmp_path, capsys, monkeypatch
):
    disk = Disk(monkeypatch)
    store = open_store(tmp_path, now=clock)
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        await type_answer(app, pilot, "first answer")
        app.writer.wait_until_saved()
        assert store.setting(paper_key("sample")) is not None  # on disk with its first answer
        disk.full = True
        await type_answer(app, pilot, "second answer")
        await type_answer(app, pilot, "third answer")
        await pilot.press("enter")  # hand in
        await pilot.pause()
        app.writer.wait_until_saved()
        assert app.writer.unsaved_paper is not None
        await pilot.press("ctrl+q")
        await pilot.pause()
    capsys.readouterr()
    assert not cli._close_store(store, tmp_path, app.writer, app.context.deck)
    err = capsys.readouterr().err

    assert "answers of this session could not be saved" in err and "they are lost" in err
    assert "Nothing on disk changed" not in err
    assert "Your exam paper's answers as they stood (copy them now: they are not on disk):" in err
    for typed in ("first answer", "second answer", "third answer"):
        assert f"     {typed}\n" in err
    disk.full = False
    store = open_store(tmp_path, now=clock)
    paper = store.setting(paper_key("sample"))
    store.close()
    assert [q["response"] for q in paper["questions"] if q["response"]] == ["first answer"]  # as said
