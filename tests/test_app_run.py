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
