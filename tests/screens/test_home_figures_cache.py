"""Home drawn from the figures cache (issue 18): the same home as from the deck's records."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import FIXED_NOW, build_sample_deck
from tests.screen_text import screen_text
from tui.core.progress import open_store

DECK = build_sample_deck()


def answered_folder(folder):
    """Every card answered over a month, some right, some wrong, some twice: weak, due and not."""
    for day in range(4):
        when = FIXED_NOW - timedelta(days=30 - 9 * day)
        store = open_store(folder, now=lambda when=when: when)
        for n, card in enumerate(DECK.cards):
            if (n + day) % 3 or day == 0:
                store.record_answer(
                    DECK.id, card.id, (n * day) % 4 != 1, 3.0 + n, "quiz", 0.5 if n == 5 else None
                )
        store.close()  # a clean close keeps the figures of the deck's new file
    return folder


async def home_text(make_app, folder, clock) -> tuple[str, bool]:
    """Home's text at start, and whether the figures came from the cache (the file not yet read)."""
    store = open_store(folder, now=clock, deck=DECK.id, check_later=True)
    from_cache = store.opening_pending
    app = make_app(store=store)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert not store.opening_pending  # read and checked once home was drawn
    finally:
        store.close()
    return text, from_cache


async def test_home_shows_the_same_figures_with_and_without_the_cache(make_app, clock, tmp_path, monkeypatch):
    from tui.core import dashboard

    folder = answered_folder(tmp_path / "data")
    worked_out = []
    original = dashboard.figures_from_records

    def counted(*args):
        worked_out.append(args)
        return original(*args)

    monkeypatch.setattr(dashboard, "figures_from_records", counted)
    cached, from_cache = await home_text(make_app, folder, clock)
    assert from_cache and worked_out == []  # no record read for home's figures
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "an-empty-cache"))
    uncached, from_cache = await home_text(make_app, folder, clock)
    assert not from_cache and len(worked_out) == 1
    assert cached == uncached
    assert "8 of 8" in cached and "today" in cached  # figures that depend on the records and on now
