"""How long saving one card's edit takes, next to loading the same deck, on a small and a large deck.

The shipped deck and a generated native deck of 2,000 cards (written once with
`write_native_copy`), each copied to a temporary folder. Per round: load the
deck (the baseline), then edit one card's answer (read, check the file still
holds the deck, tomlkit parse and dump, parse the new text, atomic write, stat).
Medians are printed with their ratio; the edit reads and parses the file twice,
so about 2-3x a load plus tomlkit's own parse is expected. Printed, not asserted.

Run: python -m pytest -m perf -s tests/perf/bench_editing.py
"""

from __future__ import annotations

import shutil
import statistics
import time

import pytest

from tests.generated_deck import build_generated_deck
from tui.core.editing import edit_card, write_native_copy
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

pytestmark = pytest.mark.perf
ROUNDS = 7


@pytest.mark.parametrize("size", ["shipped", 2000])
def test_edit_against_load(tmp_path, size):
    path = tmp_path / "deck.toml"
    if size == "shipped":
        shutil.copyfile(shipped_deck_path(), path)
    else:
        write_native_copy(build_generated_deck(cards=size, topics=20), path)
    loads, edits = [], []
    for round_ in range(ROUNDS):
        started = time.perf_counter()
        deck = load_deck(path)
        loads.append(time.perf_counter() - started)
        started = time.perf_counter()
        edit_card(deck, deck.cards[len(deck.cards) // 2].id, answer=f"Answer of round {round_}")
        edits.append(time.perf_counter() - started)
    load, edit = statistics.median(loads), statistics.median(edits)
    print(
        f"\n{size} deck ({len(deck.cards)} cards, {path.stat().st_size // 1024} KiB): "
        f"load {load * 1000:.1f} ms, edit {edit * 1000:.1f} ms, edit/load {edit / load:.1f}x"
    )
