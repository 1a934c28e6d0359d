"""Start-up benchmarks, measured side by side in one run (printed, not asserted).

- start to the first drawn home screen (shipped deck, a progress file of 10,000
  question records) vs a bare Textual app with a Header, a Static and a Footer:
  target <= 1.3x;
- start-up on a generated 10,000-card deck vs the shipped deck: target <= 1.5x,
  and peak memory for the same pair: target <= 2x.

Run: python -m pytest -m perf -s tests/perf/bench_startup.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from tests.perf.measure import run_child, side_by_side

pytestmark = pytest.mark.perf
ROUNDS = 7

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

async def drawn(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, size=(100, 30), auto_pilot=drawn)
"""

REVISE_APP = """
from pathlib import Path
from tui.core.formats import load_deck
from tui.core.progress import open_store
from tui.paths import shipped_deck_path
from tui.app import RevisionApp

deck = load_deck({deck!r} or shipped_deck_path())
store = open_store(Path({data_dir!r}))

async def drawn(pilot):
    await pilot.pause()
    pilot.app.exit()

try:
    RevisionApp(deck, store).run(headless=True, size=(100, 30), auto_pilot=drawn)
finally:
    store.close()
"""


def write_big_deck(path: Path, cards: int = 10_000) -> Path:
    """A plain-notes deck of `cards` cards in 50 topics, some of them dated."""
    lines = ["# Generated deck", ""]
    per_topic = cards // 50
    for t in range(50):
        lines += [f"## Topic {t}", ""]
        for c in range(per_topic):
            n = t * per_topic + c
            if n % 5 == 0:
                lines += [f"When did event number {n} happen?", "", f"{1800 + n % 200}", "", ""]
            else:
                lines += [
                    f"What was the significance of item {n} in topic {t}?",
                    "",
                    f"Answer line one for item {n}",
                    f"= consequence {n}",
                    "",
                    "",
                ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def seed_progress(data_dir: Path, questions: int = 10_000) -> None:
    """A progress file holding `questions` question records (another deck's: home reads them all)."""
    from tui.core.progress import open_store

    store = open_store(data_dir)
    try:
        with store.batch():  # one disk write, not 10,000
            for n in range(questions):
                store.record_answer(
                    "soviet-foreign-policy" if n < 29 else "other-deck", f"card-{n}", n % 3 != 0, 4.0, "quiz"
                )
    finally:
        store.close()


def timed(code: str) -> tuple[float, int]:
    start = time.perf_counter()
    result = run_child(code)
    return time.perf_counter() - start, result["maxrss_kib"]


def test_home_start_vs_bare_textual(tmp_path):
    data = tmp_path / "data"
    seed_progress(data)
    revise = REVISE_APP.format(deck=None, data_dir=str(data))
    print("\nStart to first drawn home screen (10,000 question records) vs bare Textual app")
    *_, ratio = side_by_side(
        "revise home", lambda: timed(revise)[0], "bare textual", lambda: timed(BARE_APP)[0], ROUNDS
    )
    print(f"  target <= 1.3x: {'met' if ratio <= 1.3 else 'NOT met'}")


def test_big_deck_vs_shipped_deck(tmp_path):
    big = write_big_deck(tmp_path / "big.txt")
    big_code = REVISE_APP.format(deck=str(big), data_dir=str(tmp_path / "d1"))
    shipped_code = REVISE_APP.format(deck=None, data_dir=str(tmp_path / "d2"))
    memory: dict[str, list[int]] = {"big": [], "shipped": []}

    def run(name: str, code: str) -> float:
        seconds, rss = timed(code)
        memory[name].append(rss)
        return seconds

    print("\nStart-up: generated 10,000-card deck vs the shipped deck")
    *_, ratio = side_by_side(
        "10,000 cards",
        lambda: run("big", big_code),
        "shipped deck",
        lambda: run("shipped", shipped_code),
        ROUNDS,
    )
    print(f"  target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'}")
    big_peak, shipped_peak = statistics.median(memory["big"]), statistics.median(memory["shipped"])
    mem_ratio = big_peak / shipped_peak
    print(
        f"  peak memory (median of the runs' peaks): {big_peak / 1024:.1f} MiB vs "
        f"{shipped_peak / 1024:.1f} MiB, ratio {mem_ratio:.2f}"
    )
    print(f"  target <= 2x: {'met' if mem_ratio <= 2 else 'NOT met'}")
