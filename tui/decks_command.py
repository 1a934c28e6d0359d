"""`revise decks [--json]`: the deck library on the command line (read-only, no lock)."""

from __future__ import annotations

import json
from datetime import datetime

from tui.commands import _fail, _percent, _print
from tui.core.text import plural
from tui.exit_codes import EXIT_OK


def print_decks(data_dir: str | None, as_json: bool = False, now: datetime | None = None) -> int:
    """Print each deck opened: title, cards, accuracy, due today, exam date, file (or missing)."""
    from tui.core.library import deck_names, library_rows
    from tui.core.progress import ProgressError, progress_path, read_store, utc_now
    from tui.paths import data_dir as resolve_data_dir

    path = progress_path(resolve_data_dir(data_dir))
    try:
        store = read_store(path.parent)
    except ProgressError as error:
        return _fail(error)
    rows = library_rows(store, now or utc_now()) if store is not None else []
    if as_json:
        _print(
            json.dumps(
                {"file": str(path), "decks": [row.as_json() for row in rows]}, indent=2, ensure_ascii=False
            )
        )
        return EXIT_OK
    if not rows:
        _print("No decks opened yet: `revise --deck PATH` opens one and remembers it.")
        return EXIT_OK
    names = deck_names(row.entry for row in rows)  # "My notes (biology.txt)" where two share a title
    lines = []
    for row in rows:
        figures = [
            plural(row.cards, "card"),
            f"{_percent(row.accuracy)} of the marks",
            f"{row.due} due today",
        ]
        if row.exam:
            figures.append(f"exam {row.exam.isoformat()}")
        lines.append(f"{names[row.entry.deck_id]}  ({' · '.join(figures)})")
        lines.append(f"  {'MISSING: ' if row.missing else ''}{row.entry.path}")
    _print("\n".join(lines))
    return EXIT_OK
