"""A student's tour of every screen, by keys from home, on the shipped deck.

Shared by the snapshot sweep (tests/screens/test_every_screen_snapshots.py) and
the README pictures (scripts/screenshots.py), so both show the same states.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from tests.conftest import FIXED_NOW, FakeClock
from tests.match_board import answer_keys
from tests.screen_text import screen_text
from tui.core.deck import Deck
from tui.core.formats import load_deck
from tui.core.progress import ProgressStore
from tui.paths import shipped_deck_path

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tui.app import RevisionApp

# Cards a student keeps missing in the history below: they head the weak spots.
HARD_CARDS = {"comintern-1919", "genoa-1922", "zinoviev-letter", "usa-recognition-1933", "kursk-1943"}
# Topics never answered in the history, so "not started" shows too.
UNSTARTED_TOPICS = {"Stalin's leadership"}
HISTORY_DAYS = 6
QUESTIONS_PER_SESSION = 10

_deck: Deck | None = None


def shipped_deck() -> Deck:
    """The deck that ships with the app, loaded once per process (it is never changed)."""
    global _deck
    if _deck is None:
        _deck = load_deck(shipped_deck_path())
    return _deck


def seed_history(store: ProgressStore, clock: FakeClock, deck: Deck) -> None:
    """Six daily quizzes ending yesterday, getting better, with a few cards always hard, and a match best."""
    rng = random.Random(1945)
    cards = [card for card in deck.cards if card.topic not in UNSTARTED_TOPICS]
    clock.current = FIXED_NOW - timedelta(days=HISTORY_DAYS, hours=3)
    with store.batch():
        for day in range(HISTORY_DAYS):
            session = store.start_session("quiz", deck.id, [])
            chosen = rng.sample(cards, QUESTIONS_PER_SESSION)
            score, started = 0, clock.current
            for card in chosen:
                chance = 0.25 if card.id in HARD_CARDS else 0.5 + 0.08 * day
                right = rng.random() < chance
                seconds = round(rng.uniform(4, 18), 1)
                store.record_answer(deck.id, card.id, right, seconds, "quiz")
                clock.advance(seconds)
                score += right
            store.finish_session(session, score, len(chosen), (clock.current - started).total_seconds())
            clock.advance(86400 - (clock.current - started).total_seconds())
        store.record_match_time(deck.id, 6, 41.7)
    clock.current = FIXED_NOW


def tour_app(with_history: bool = True) -> tuple[RevisionApp, FakeClock]:
    """The app on the shipped deck, a fixed clock, seeded randomness, no animation."""
    from tui.app import RevisionApp

    clock = FakeClock()
    deck = shipped_deck()
    store = ProgressStore.in_memory(now=clock)
    if with_history:
        seed_history(store, clock, deck)
    app = RevisionApp(deck, store, now=clock, rng=random.Random(5), animations=False)
    return app, clock


# -- the key paths --------------------------------------------------------------

Step = Callable[["Pilot", FakeClock], Awaitable[None]]


def keys(*presses: str) -> Step:
    async def press(pilot: Pilot, clock: FakeClock) -> None:
        await pilot.press(*presses)
        await pilot.pause()

    return press


async def open_deck_dialog(pilot: Pilot, clock: FakeClock) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"open deck")
    # The palette searches in the background: wait for the match before choosing it.
    # Polled without a deadline that a busy machine could miss: the match is there in the end.
    while "Switch to another deck file" not in screen_text(pilot.app):
        await pilot.pause(0.02)
    await pilot.press("enter")
    await pilot.pause()
    # Whether the Footer beneath redrew its keys while the palette was up is a race in Textual:
    # have it redraw once more so the picture is always the same.
    pilot.app.screen_stack[-2].refresh_bindings()
    # The path box takes focus a frame or more later, and its cursor blinks: wait for the focus
    # (by frames, not time) and hold the cursor steady so the picture is always the same.
    from textual.widgets import Input

    while not isinstance(pilot.app.focused, Input):
        await pilot.pause()
    pilot.app.focused.cursor_blink = False
    await pilot.pause()
    await pilot.pause()


def match_answers(pilot: Pilot) -> list[tuple[str, str]]:
    """(letter, digit) of every right pair, read off the board like a student with notes."""
    return sorted(answer_keys(screen_text(pilot.app), pilot.app.context.deck).items())


async def match_finished(pilot: Pilot, clock: FakeClock) -> None:
    await pilot.press("m")
    await pilot.pause()
    pairs = match_answers(pilot)
    letter, digit = pairs[0]
    clock.advance(4)
    await pilot.press(letter, next(d for _l, d in pairs if d != digit))  # one mistake
    for letter, digit in pairs:
        clock.advance(3.5)
        await pilot.press(letter, digit)
    pilot.app.writer.wait_until_saved()  # the "New best" notice is surely up
    await pilot.pause()


async def quiz_question(pilot: Pilot, clock: FakeClock) -> None:
    await pilot.press("q", "enter")
    await pilot.pause()
    clock.advance(42)
    pilot.app.screen.query_one("#quiz-clock").tick()
    await pilot.pause()


async def quiz_results(pilot: Pilot, clock: FakeClock) -> None:
    # Five questions (← on the first setting), answered 1, 2, 3, 4, 1.
    await pilot.press("q", "left", "enter")
    await pilot.pause()
    for key in "12341":
        clock.advance(9)
        await pilot.press(key, "enter")
    pilot.app.writer.wait_until_saved()  # the "5 answers saved" notice is surely up
    await pilot.pause()


TOUR: dict[str, Step] = {
    "home": keys(),
    "help": keys("question_mark"),
    "topics": keys("t"),
    # The sixth card of the first topic, the Treaty of Rapallo: answered before, so its record shows.
    "card_front": keys("t", "enter", *"jjjjj"),
    "card_back": keys("t", "enter", *"jjjjj", "space"),
    "search": keys("t", "slash", *"pact", "down"),
    "open_deck": open_deck_dialog,
    "match": keys("m"),
    "match_finished": match_finished,
    "weak_spots": keys("w"),
    "weak_card": keys("w", "down", "enter"),
    "quiz_setup": keys("q"),
    "quiz_question": quiz_question,
    "quiz_feedback": keys("q", "enter", "1"),
    "results": quiz_results,
}
