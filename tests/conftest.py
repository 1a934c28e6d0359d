"""Shared fixtures: a small deck built in code, fixed clocks, an app factory."""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime, timedelta

import pytest

from tui.core.deck import Card, DateEvent, Deck, Topic
from tui.core.progress import ProgressStore

# Local times on screen ("last session 26 Nov 15:00") must not depend on the machine.
os.environ["TZ"] = "UTC"
time.tzset()

FIXED_NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, start: datetime = FIXED_NOW) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


def build_sample_deck() -> Deck:
    """Eight cards in three topics, five of them dated."""
    rows = [
        (
            "comintern",
            "Early diplomacy",
            "What was the Comintern?",
            "Founded in Moscow 1919 to promote world revolution",
            ("1919", 1919, "Comintern founded in Moscow"),
        ),
        (
            "first-recognition",
            "Early diplomacy",
            "What were the first countries to recognise the USSR?",
            "Estonia, Latvia, Lithuania + Finland in 1920",
            ("1920", 1920, "Baltic states and Finland recognise the USSR"),
        ),
        (
            "rapallo",
            "Recognition",
            "What was the Treaty of Rapallo 1922?",
            "Secret agreements for German troops to train in the USSR",
            ("1922", 1922, "Treaty of Rapallo with Germany"),
        ),
        (
            "britain",
            "Recognition",
            "When did Britain recognise the USSR?",
            "In 1924",
            ("1924", 1924, "Britain recognises the USSR"),
        ),
        (
            "zinoviev",
            "Recognition",
            "Why did relations with Britain break down?",
            "Due to the Zinoviev letter - no relations until 1930",
            None,
        ),
        (
            "pact",
            "Road to war",
            "What was the Nazi-Soviet Pact 1939?",
            "Non-aggression, trade, and a secret division of Poland",
            ("1939", 1939, "Nazi-Soviet Pact signed"),
        ),
        (
            "czech",
            "Road to war",
            "Why did the Czech Crisis worry Stalin?",
            "Britain and France appeased Hitler and ignored Stalin",
            None,
        ),
        (
            "purges",
            "Road to war",
            "Why was the Soviet army ill-prepared in 1941?",
            "Due to the purges of army officers",
            None,
        ),
    ]
    cards = [Card(card_id, topic, q, a) for card_id, topic, q, a, _ in rows]
    topics: dict[str, list[str]] = {}
    for card in cards:
        topics.setdefault(card.topic, []).append(card.id)
    events = [DateEvent(e[0], e[1], e[2], card_id) for card_id, *_rest, e in rows if e]
    return Deck(
        id="sample",
        title="Sample deck",
        topics=[Topic(name, tuple(ids)) for name, ids in topics.items()],
        cards=cards,
        events=events,
        format="native",
    )


@pytest.fixture(autouse=True, scope="session")
def deck_cache_in_a_temp_folder(tmp_path_factory):
    """Parsed decks are cached in a folder of the test run, never the user's cache (nor between runs)."""
    before = os.environ.get("REVISE_CACHE_DIR")
    os.environ["REVISE_CACHE_DIR"] = str(tmp_path_factory.mktemp("deck-cache"))
    yield
    if before is None:
        os.environ.pop("REVISE_CACHE_DIR", None)
    else:
        os.environ["REVISE_CACHE_DIR"] = before


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sample_deck() -> Deck:
    return build_sample_deck()


@pytest.fixture
def memory_store(clock: FakeClock) -> ProgressStore:
    return ProgressStore.in_memory(now=clock)


@pytest.fixture
def make_app(clock: FakeClock):
    """Build a RevisionApp with a fixed clock, seeded randomness and no animation."""
    from tui.app import RevisionApp

    def factory(deck: Deck | None = None, store: ProgressStore | None = None, seed: int = 7):
        return RevisionApp(
            deck or build_sample_deck(),
            store if store is not None else ProgressStore.in_memory(now=clock),
            now=clock,
            rng=random.Random(seed),
            animations=False,
        )

    return factory
