"""What changed between two loads of a deck: cards edited, added and removed, by card id.

Progress is kept by card id, so the caller keeps every record whose id is in
both loads and moves the records of `renamed` pairs (a plain-notes card whose
question was edited gets a new id, since notes ids derive from the question).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.deck import Card, Deck


@dataclass(frozen=True)
class DeckDiff:
    """Card ids that changed between an old and a new load of a deck, each in the deck's order.

    `edited`: same id, different text, topic or mark scheme (new ids of renamed cards included);
    `answer_edited`: the subset whose answer changed (the caller notes "answer edited" on them);
    `added` / `removed`: ids only in the new / only in the old load;
    `renamed`: (old id, new id) pairs of cards whose id changed with their question.
    """

    edited: tuple[str, ...] = ()
    answer_edited: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.edited or self.added or self.removed)

    def summary(self) -> str:
        """One line for a person: "2 cards edited, 1 added" ("no cards changed" when nothing did)."""
        parts = [(len(self.edited), "edited"), (len(self.added), "added"), (len(self.removed), "removed")]
        words: list[str] = []
        for count, verb in parts:
            if not count:
                continue
            noun = "" if words else (" card" if count == 1 else " cards")
            words.append(f"{count}{noun} {verb}")
        return ", ".join(words) if words else "no cards changed"


def diff_decks(old: Deck, new: Deck) -> DeckDiff:
    """Compare two loads of a deck by card id.

    A card whose id is only in the old load and one only in the new load are
    paired as renamed (counted once, as edited) when they hold the same answer
    in the same topic and no other unpaired card does: that is a notes card whose
    question was edited. Every other id only on one side is added or removed.
    """
    old_by_id = {card.id: card for card in old.cards}
    new_by_id = {card.id: card for card in new.cards}
    gone = [card for card in old.cards if card.id not in new_by_id]
    fresh = [card for card in new.cards if card.id not in old_by_id]
    renamed = _pairs(gone, fresh)
    renamed_new = {new_id: old_id for old_id, new_id in renamed}
    renamed_old = set(renamed_new.values())

    edited: list[str] = []
    answer_edited: list[str] = []
    for card in new.cards:
        old_id = renamed_new.get(card.id, card.id)
        before = old_by_id.get(old_id)
        if before is None or (before == card and old_id == card.id):
            continue
        edited.append(card.id)
        if before.answer != card.answer:
            answer_edited.append(card.id)
    return DeckDiff(
        edited=tuple(edited),
        answer_edited=tuple(answer_edited),
        added=tuple(card.id for card in fresh if card.id not in renamed_new),
        removed=tuple(card.id for card in gone if card.id not in renamed_old),
        renamed=tuple(renamed),
    )


def _pairs(gone: list[Card], fresh: list[Card]) -> list[tuple[str, str]]:
    """(old id, new id) for unpaired cards that match on topic and answer, one to one."""

    def key(card: Card) -> tuple[str, str]:
        return card.topic, " ".join(card.answer.split())

    old_keys: dict[tuple[str, str], list[Card]] = {}
    new_keys: dict[tuple[str, str], list[Card]] = {}
    for card in gone:
        old_keys.setdefault(key(card), []).append(card)
    for card in fresh:
        new_keys.setdefault(key(card), []).append(card)
    return [
        (olds[0].id, new_keys[k][0].id)
        for k, olds in old_keys.items()
        if len(olds) == 1 and len(new_keys.get(k, [])) == 1
    ]


def reload_deck(deck: Deck) -> tuple[Deck, DeckDiff]:
    """Load `deck`'s file again (same format) and say what changed since `deck` was loaded.

    For "reload on change": progress stays by card id; move the records of
    `DeckDiff.renamed`. Raises DeckError as the loader does (a file that no
    longer loads, or a deck without a file).
    """
    from tui.core.deck import DeckError
    from tui.core.formats import load_deck

    if deck.source is None:
        raise DeckError(deck.title, "has no file to reload", "open the deck from a file")
    new = load_deck(deck.source, deck.format)
    return new, diff_decks(deck, new)
