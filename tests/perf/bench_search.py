"""Search as you type on a generated 10,000-card deck vs the shipped 29-card deck.

Both apps run in one test, round after round, so machine noise hits both. Per
keystroke, two times: wall time from the key press to the redrawn results
(Pilot press and pause, which also waits for the app to go idle), and the CPU
time the process spent on it (the work itself, without the Pilot's idle
polling). Medians are printed with their ratios. Printed, not asserted.

Run: python -m pytest -m perf -s tests/perf/bench_search.py
"""

from __future__ import annotations

import random
import statistics
import time

import pytest

from tests.conftest import FakeClock
from tests.generated_deck import build_generated_deck
from tui.core.deck import Deck
from tui.core.formats import load_deck
from tui.core.progress import ProgressStore
from tui.paths import shipped_deck_path

pytestmark = pytest.mark.perf
ROUNDS = 3
# Words that occur in both decks, typed one key at a time, then erased.
QUERY = "stalin pact"


async def keystroke_times(deck: Deck) -> list[tuple[float, float]]:
    """Open topics and search on `deck`, type QUERY and erase it; (wall, CPU) seconds per keystroke."""
    from tui.app import RevisionApp

    clock = FakeClock()
    app = RevisionApp(
        deck, ProgressStore.in_memory(now=clock), now=clock, rng=random.Random(1), animations=False
    )
    times: list[tuple[float, float]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t", "slash")
        await pilot.pause()
        keys = ["space" if ch == " " else ch for ch in QUERY] + ["backspace"] * len(QUERY)
        for key in keys:
            started, cpu_started = time.perf_counter(), time.process_time()
            await pilot.press(key)
            await pilot.pause()
            times.append((time.perf_counter() - started, time.process_time() - cpu_started))
    return times


async def test_keystroke_time_10000_cards_vs_shipped_deck():
    big, shipped = build_generated_deck(10_000), load_deck(shipped_deck_path())
    big_times: list[tuple[float, float]] = []
    shipped_times: list[tuple[float, float]] = []
    for _ in range(ROUNDS):
        big_times += await keystroke_times(big)
        shipped_times += await keystroke_times(shipped)
    print(
        f"\nSearch as you type, {QUERY!r} typed then erased: per keystroke, medians over "
        f"{len(big_times)} keystrokes each ({ROUNDS} rounds, side by side)"
    )
    for label, column in (("wall", 0), ("CPU", 1)):
        big_median = statistics.median(t[column] for t in big_times)
        shipped_median = statistics.median(t[column] for t in shipped_times)
        slowest = max(t[column] for t in big_times)
        print(
            f"  {label:4}  10,000 cards {big_median * 1000:6.1f} ms (slowest {slowest * 1000:.1f} ms)"
            f" | {len(shipped.cards)} cards {shipped_median * 1000:6.1f} ms"
            f" | ratio {big_median / shipped_median:.2f}"
        )
