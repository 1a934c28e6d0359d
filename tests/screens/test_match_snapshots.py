"""Snapshots of match the date at 80×24: a fresh board, half done with a mistake, cleared."""

from __future__ import annotations

import random

from tests.conftest import FakeClock, build_sample_deck
from tests.match_board import answer_keys
from tests.screen_text import screen_text
from tui.core.progress import ProgressStore

SIZE = (80, 24)


def match_app(clock: FakeClock):
    from tui.app import RevisionApp

    store = ProgressStore.in_memory(now=clock)
    return RevisionApp(build_sample_deck(), store, now=clock, rng=random.Random(3), animations=False)


def play(pairs_right: int, mistake: bool):
    """A run_before that opens the board, pairs `pairs_right` events and maybe one wrong pair."""
    clock = FakeClock()
    app = match_app(clock)

    async def run_before(pilot) -> None:
        await pilot.press("m")
        await pilot.pause()
        keys = sorted(answer_keys(screen_text(app), app.context.deck).items())
        for letter, digit in keys[:pairs_right]:
            clock.advance(2.5)
            await pilot.press(letter, digit)
        if mistake:
            # The last event with another free date.
            letter, digit = keys[-1]
            clock.advance(4)
            await pilot.press(letter, next(d for _l, d in keys[pairs_right:] if d != digit))
        await pilot.pause()

    return app, run_before


def test_fresh_board(snap_compare):
    app, run_before = play(pairs_right=0, mistake=False)
    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_board_half_done_with_one_mistake(snap_compare):
    app, run_before = play(pairs_right=2, mistake=True)
    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_finished_board(snap_compare):
    clock = FakeClock()
    app = match_app(clock)

    async def run_before(pilot) -> None:
        await pilot.press("m")
        await pilot.pause()
        keys = sorted(answer_keys(screen_text(app), app.context.deck).items())
        letter, digit = keys[0]
        clock.advance(3)
        await pilot.press(letter, next(d for _l, d in keys if d != digit))
        for letter, digit in keys:
            clock.advance(2.5)
            await pilot.press(letter, digit)
        app.writer.wait_until_saved()  # the "New best" notice is surely up
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
