"""The readiness screen at 80×24 and 120×40 on the shipped deck with six days of history, a fixed
clock and an exam date 23 days away; and the cram offer in the last three days."""

from __future__ import annotations

from datetime import date

import pytest

from tests.screens.screen_tour import tour_app
from tui.core import readiness

SIZES = [(80, 24), (120, 40)]


def readiness_app(exam: date):
    app, _clock = tour_app()
    readiness.set_exam_date(app.context.progress, app.context.deck.id, exam)
    return app


async def settled(pilot) -> None:
    """The readiness is worked out on a thread: wait for it to be drawn."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_readiness(pilot) -> None:
    await settled(pilot)
    await pilot.press("r")
    await settled(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_readiness_screen(snap_compare, size):
    app = readiness_app(date(2026, 12, 19))
    assert snap_compare(app, run_before=open_readiness, terminal_size=size)


def test_readiness_screen_offers_cram_two_days_out_scrolled_down(snap_compare):
    app = readiness_app(date(2026, 11, 28))

    async def scrolled(pilot) -> None:
        await open_readiness(pilot)
        await pilot.press("end")
        await settled(pilot)

    assert snap_compare(app, run_before=scrolled, terminal_size=(80, 24))


def test_home_with_an_exam_date(snap_compare):
    app = readiness_app(date(2026, 12, 19))
    assert snap_compare(app, run_before=settled, terminal_size=(80, 24))


def test_exam_date_dialog_refusing_a_past_date(snap_compare):
    app = readiness_app(date(2026, 12, 19))

    async def refused(pilot) -> None:
        await settled(pilot)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#exam-date-input").value = "2026-11-01"
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, run_before=refused, terminal_size=(80, 24))
