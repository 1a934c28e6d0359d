"""What a data folder holds, read as tests need it: progress.json with its deck files' records.

From schema 3 the question records live in one file per deck (`tui.core.progress.split`);
`saved_tables` puts them back in a "questions" table, so a test reads a folder as one set of tables.
"""

from __future__ import annotations

from pathlib import Path

import orjson


def saved_tables(folder: Path, name: str = "progress.json") -> dict:
    """progress.json's tables (its `deck_files` summaries dropped) and every named deck file's records."""
    tables = orjson.loads((folder / name).read_bytes())
    summaries = tables.pop("deck_files", None)
    if summaries is None:
        return tables
    questions = tables.setdefault("questions", {})
    for summary in summaries.values():
        questions.update(orjson.loads((folder / summary["file"]).read_bytes())["questions"])
    return tables


def deck_files(folder: Path) -> list[Path]:
    """The deck files progress.json names."""
    tables = orjson.loads((folder / "progress.json").read_bytes())
    return [folder / summary["file"] for summary in tables.get("deck_files", {}).values()]


def saved_state(folder: Path) -> dict:
    """The tables saved in `folder`: the snapshot, its deck files' records and its journal replayed."""
    from tui.core.progress.journal import load_state, replay

    loaded = load_state(folder / "progress.json")
    if loaded is None:
        return {}
    tables = loaded.tables
    summaries = tables.pop("deck_files", None)
    if summaries is None:
        return tables
    questions: dict = {}
    for summary in summaries.values():
        questions.update(orjson.loads((folder / summary["file"]).read_bytes())["questions"])
    holder = {"questions": questions}
    replay(holder, loaded.question_lines)
    tables["questions"] = holder["questions"]
    return tables


def write_split(folder: Path, tables: dict, deck: str | None = None) -> None:
    """Write whole `tables` (with a "questions" table) as revise writes a store from schema 3: each
    deck's records in a file named by its hash, and progress.json naming them with their summaries.

    Records damaged on purpose are written as they are, so a test damages a record inside a deck
    file revise would otherwise trust: every record goes into the file of `deck` when it is given
    (a record whose deck field was damaged stays where it was), else of its own deck ("deck" if none).
    """
    from tui.core.progress import split
    from tui.core.progress.layout import encode_snapshot

    tables = dict(tables)
    questions = tables.pop("questions", {})
    by_deck: dict[str, dict] = {}
    for key, doc in questions.items():
        own = doc.get("deck") if isinstance(doc, dict) and isinstance(doc.get("deck"), str) else "deck"
        by_deck.setdefault(deck or own, {})[key] = doc
    summaries = {}
    (folder / "decks").mkdir(exist_ok=True)
    for deck_id, records in by_deck.items():
        chunks = split.deck_chunks(records)
        name = split.deck_file_name(deck_id, split.digest_of(chunks))
        (folder / name).write_bytes(b"".join(chunks))
        try:
            summaries[deck_id] = split.summary_of(deck_id, name, records)
        except (KeyError, TypeError, ValueError, AttributeError):  # a damaged record: the summary as it was
            ids = [int(key) for key in records if key.isascii() and key.isdigit()]
            summaries[deck_id] = {
                "deck": deck_id,
                "file": name,
                "records": len(records),
                "max_id": max(ids, default=1),
                "cards": None,
                "due": {},
            }
    (folder / "progress.json").write_bytes(encode_snapshot(split.shared_tables(tables, summaries)))


def rewrite_deck_file(folder: Path, path: Path, raw: bytes) -> Path:
    """Put `raw` in place of the deck file `path`, under the name its hash gives, and name it in
    progress.json (a deck file changed so that only its content, not its name, is wrong)."""
    from tui.core.progress import split
    from tui.core.progress.layout import encode_snapshot

    tables = orjson.loads((folder / "progress.json").read_bytes())
    relative = path.relative_to(folder).as_posix()
    summary = next(s for s in tables["deck_files"].values() if s["file"] == relative)
    summary["file"] = split.deck_file_name(summary["deck"], split.digest_of([raw]))
    path.unlink()
    (folder / summary["file"]).write_bytes(raw)
    (folder / "progress.json").write_bytes(encode_snapshot(tables))
    return folder / summary["file"]
