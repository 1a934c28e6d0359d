"""Every screen at 80×24 and 120×40, reached by keys from home on the shipped deck.

The states and their key paths live in tests/screens/screen_tour.py (the README
pictures use the same ones). The per-screen snapshot files keep the states the
small sample deck shows best (empty screens, mistakes mid-board, typed marking).
"""

from __future__ import annotations

import pytest

from tests.screens.screen_tour import TOUR, tour_app

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("state", list(TOUR))
def test_every_screen(snap_compare, state, size):
    app, clock = tour_app()
    step = TOUR[state]

    async def run_before(pilot) -> None:
        await step(pilot, clock)

    assert snap_compare(app, run_before=run_before, terminal_size=size)


def test_terminal_too_small_on_the_shipped_deck(snap_compare):
    app, _clock = tour_app()
    assert snap_compare(app, terminal_size=(70, 20))
