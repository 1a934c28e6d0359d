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
