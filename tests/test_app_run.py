"""RevisionApp.run, the way the `revise` command starts the app (headless here)."""

from __future__ import annotations

import gc
import random

from tests.conftest import build_sample_deck
from tests.screen_text import screen_text
from tui.app import RevisionApp
from tui.core.progress import open_store


def test_run_draws_home_with_the_progress_records_kept_out_of_the_cycle_collectors_walk(tmp_path, clock):
    store = open_store(tmp_path, now=clock)
    store.record_answer("sample", "rapallo", True, 4.0, "quiz")
    store.close()
    store = open_store(tmp_path, now=clock, deck="sample")  # the open deck's records are read at start
    record = store._question_docs()["1"]
    assert any(tracked is record for tracked in gc.get_objects())  # walked on every full pass
    seen: dict[str, object] = {}

    async def drawn(pilot) -> None:
        await pilot.pause()
        seen["record walked"] = any(tracked is record for tracked in gc.get_objects())
        seen["screen"] = screen_text(pilot.app)
        pilot.app.exit()

    app = RevisionApp(build_sample_deck(), store, now=clock, rng=random.Random(7), animations=False)
    try:
        app.run(headless=True, size=(100, 30), auto_pilot=drawn)
    finally:
        gc.unfreeze()  # this test process goes on; the real one quits after run
        store.close()
    assert seen["record walked"] is False
    assert "Sample deck" in seen["screen"] and "1 of 8" in seen["screen"]


def test_the_cycle_collector_is_off_until_home_is_drawn_and_on_after(tmp_path, clock):
    """Start-up keeps the collector off (issue 18); it must be back on once home is drawn, or a
    long session would never free a cycle of its garbage."""
    store = open_store(tmp_path, now=clock)
    seen: dict[str, object] = {}

    class Watching(RevisionApp):
        def on_mount(self) -> None:
            seen["while starting"] = gc.isenabled()
            super().on_mount()

    async def drawn(pilot) -> None:
        await pilot.pause()
        seen["home drawn"] = gc.isenabled()
        seen["screen"] = screen_text(pilot.app)
        pilot.app.exit()

    app = Watching(build_sample_deck(), store, now=clock, rng=random.Random(7), animations=False)
    try:
        app.run(headless=True, size=(100, 30), auto_pilot=drawn)
    finally:
        gc.unfreeze()
        store.close()
    assert "Sample deck" in seen["screen"]  # type: ignore[operator]
    assert seen["while starting"] is False and seen["home drawn"] is True and gc.isenabled()


def test_a_start_refused_before_the_app_runs_leaves_the_collector_on(tmp_path, capsys):
    from tui import cli

    (tmp_path / "progress.json").write_bytes(b"{")  # damaged: refused before the app runs
    assert cli.main(["--data-dir", str(tmp_path)]) == 1
    assert "revise restore" in capsys.readouterr().err
    assert gc.isenabled()


def test_at_10000_answered_questions_home_and_weak_spots_right_after_start_show_every_record(tmp_path):
    """The start as `revise --deck` makes it at scale (collector off until home is drawn, then
    everything frozen): home counts every record, and weak spots opened at once ranks them all."""
    from tests.perf.scale_data import write_records
    from tui.core.deck import Card, Deck, Topic

    cards = [Card(f"c{n}", f"Topic {n % 50}", f"Question {n}?", f"Answer {n}") for n in range(10_000)]
    topics = [Topic(f"Topic {t}", tuple(f"c{n}" for n in range(t, 10_000, 50))) for t in range(50)]
    deck = Deck(id="deck-10k", title="Ten thousand", topics=topics, cards=cards)
    write_records(tmp_path, deck.id, [card.id for card in cards])  # every other one answered wrong
    store = open_store(tmp_path, deck=deck.id)
    seen: dict[str, str] = {}

    async def drawn(pilot) -> None:
        await pilot.pause()
        seen["home"] = screen_text(pilot.app)
        await pilot.press("w")
        for _ in range(100):
            await pilot.pause()
            if "#1 weakest" in screen_text(pilot.app):
                break
        seen["weak"] = screen_text(pilot.app)
        pilot.app.exit()

    app = RevisionApp(deck, store, animations=False)
    try:
        app.run(headless=True, size=(100, 30), auto_pilot=drawn)
    finally:
        gc.unfreeze()
        store.close()
    home = " ".join(seen["home"].split())
    assert "Overall accuracy" in home and "50%" in home
    assert "Questions answered 10,000 of 10,000 (10,000 answers)" in home
    assert "Weak spots 5,000 questions" in home  # one wrong answer each: weak; one right: not yet
    assert "Topic 0 ░░░░░░░░░░ 0% 200 of 200 answered" in home  # its cards are the wrong ones
    assert "10,000 answered questions" in seen["weak"] and "#1 weakest" in seen["weak"]


async def test_a_tests_run_freezes_nothing(clock):
    """Only `run` (the process's main loop) freezes what exists at the first frame: a test process
    goes on, and what it froze would never be collected."""
    from tui.core.progress import ProgressStore

    frozen = gc.get_freeze_count()
    app = RevisionApp(build_sample_deck(), ProgressStore.in_memory(now=clock), now=clock, animations=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Sample deck" in screen_text(app)
    assert gc.get_freeze_count() == frozen and gc.isenabled()
