"""Path completion for typed file paths: the rest of the first entry of the folder that fits (→ accepts)."""

from __future__ import annotations

import os

from textual.suggester import Suggester

MAX_LISTED = 2000  # a huge folder is not listed on every key press


class PathSuggester(Suggester):
    """Suggest the first file or folder (sorted, hidden ones only when typed) that starts with what is typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        expanded = os.path.expanduser(value)
        folder, start = os.path.split(expanded)
        try:
            with os.scandir(folder or ".") as entries:
                names = []
                for index, entry in enumerate(entries):
                    if index >= MAX_LISTED:
                        break
                    if entry.name.startswith(start) and (
                        start.startswith(".") or not entry.name.startswith(".")
                    ):
                        names.append(entry.name + (os.sep if entry.is_dir() else ""))
        except OSError:
            return None
        names = sorted(name for name in names if name != start)
        if not names:
            return None
        return value + names[0][len(start) :]
