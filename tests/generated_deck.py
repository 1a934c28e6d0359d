"""A large generated deck (10,000 cards by default) for search and perf tests.

Seeded, so every run builds the same deck: questions and answers from a small
vocabulary of the period, accents included, one card about Rapallo in 10,000.
"""

from __future__ import annotations

import random

from tui.core.deck import Card, Deck, Topic

PEOPLE = [
    "Stalin",
    "Litvinov",
    "Molotov",
    "Ribbentrop",
    "Chamberlain",
    "Daladier",
    "Beneš",
    "Piłsudski",
    "Trotsky",
    "Zhukov",
    "Roosevelt",
    "Churchill",
    "Mussolini",
    "Hitler",
    "Chicherin",
    "Kalinin",
]
PLACES = [
    "Moscow",
    "Genève",
    "Kraków",
    "Zürich",
    "München",
    "Leningrad",
    "Warsaw",
    "Prague",
    "Tallinn",
    "Helsinki",
    "Bucureşti",
    "Stalingrad",
    "Yalta",
    "Potsdam",
    "Tehran",
    "Brest-Litovsk",
]
THINGS = [
    "non-aggression pact",
    "trade agreement",
    "loan",
    "alliance",
    "conference",
    "ultimatum",
    "border dispute",
    "recognition",
    "naval treaty",
    "Société des Nations seat",
    "secret protocol",
    "armistice",
    "embassy",
    "purge",
    "five-year plan",
    "Comintern congress",
]
VERBS = ["sign", "reject", "propose", "negotiate", "denounce", "delay", "welcome", "fear"]
PAST = {
    "sign": "signed",
    "reject": "rejected",
    "propose": "proposed",
    "negotiate": "negotiated",
    "denounce": "denounced",
    "delay": "delayed",
    "welcome": "welcomed",
    "fear": "feared",
}


def build_generated_deck(cards: int = 10_000, topics: int = 50, seed: int = 1917) -> Deck:
    """`cards` cards in `topics` topics; the last card is the only one about Rapallo."""
    rng = random.Random(seed)
    made: list[Card] = []
    per_topic = max(1, cards // topics)
    for n in range(cards):
        topic = f"Generated topic {n // per_topic + 1:02d}"
        person, other = rng.sample(PEOPLE, 2)
        place, thing, verb = rng.choice(PLACES), rng.choice(THINGS), rng.choice(VERBS)
        year = 1917 + rng.randrange(29)
        question = f"Why did {person} {verb} the {thing} with {other} at {place} in {year}?"
        answer = (
            f"{person} wanted security in {rng.choice(PLACES)}\n"
            f"- {other} had a {rng.choice(THINGS)} in mind\n= the {thing} of {year} {PAST[rng.choice(VERBS)]}"
        )
        made.append(Card(f"gen-{n:05d}", topic, question, answer))
    made[-1] = Card(
        made[-1].id,
        made[-1].topic,
        "What was the Treaty of Rapallo 1922?",
        "Secret agreements for German troops to train in the USSR\n= gain access to German technology",
    )
    names: dict[str, list[str]] = {}
    for card in made:
        names.setdefault(card.topic, []).append(card.id)
    return Deck(
        id="generated",
        title=f"Generated deck ({cards:,} cards)",
        topics=[Topic(name, tuple(ids)) for name, ids in names.items()],
        cards=made,
    )
