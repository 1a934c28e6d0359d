"""Big inputs for the scale benchmarks: TOML decks of any size, progress files of any size.

Records are copied from one real record (made by the store itself) with a new card id each,
so writing 100,000 takes a second instead of 100,000 scheduler runs; the store reads them
exactly as it reads its own.
"""

from __future__ import annotations

from pathlib import Path

from tests.progress_files import write_split
from tui.core.progress import ProgressStore


def write_toml_deck(
    path: Path, cards: int, deck_id: str = "big-deck", topics: int = 50, *, short: bool = False
) -> Path:
    """A native TOML deck of `cards` cards in `topics` topics, one in five dated.

    `short`: terse cards, so that 200,000 stay under the 20 MB deck limit.
    """
    parts = [f'title = "Generated deck of {cards} cards"\nid = "{deck_id}"\n']
    if short:
        parts += [
            f'[[cards]]\nid="c{n}"\ntopic="T{n % topics}"\nquestion="Q{n}?"\nanswer="A{n}"\n'
            for n in range(cards)
        ]
        path.write_text("".join(parts), encoding="utf-8")
        return path
    for n in range(cards):
        event = (
            f'\nevent = {{ date = "{1800 + n % 200}", label = "Event {n} happened" }}' if n % 5 == 0 else ""
        )
        parts.append(
            f'\n[[cards]]\nid = "c{n}"\ntopic = "Topic {n % topics}"\n'
            f'question = "What was item {n} about?"\nanswer = "Answer {n}"{event}\n'
        )
    path.write_text("".join(parts), encoding="utf-8")
    return path


def write_records(folder: Path, deck_id: str, card_ids: list[str]) -> Path:
    """A progress file with one answered record per card id (every other one wrong), one record
    a line in the deck's own file, as revise writes it (`tui.core.progress.split`)."""
    store = ProgressStore.in_memory()
    right = store.record_answer(deck_id, "template-right", True, 3.0, "quiz")
    wrong = store.record_answer(deck_id, "template-wrong", False, 3.0, "quiz")
    tables = store._db.storage.read()
    docs = tables["questions"]
    templates = [dict(doc) for doc in docs.values()]
    assert right and wrong and len(templates) == 2
    tables["questions"] = {
        str(n): {**templates[n % 2], "card": card_id} for n, card_id in enumerate(card_ids, start=1)
    }
    folder.mkdir(parents=True, exist_ok=True)
    write_split(folder, tables)  # as revise saves it: progress.json and the deck's own file
    return folder / "progress.json"
