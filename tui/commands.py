"""`revise stats` and `revise restore`: progress without the TUI."""

from __future__ import annotations

import sys


def print_stats(data_dir: str | None, as_json: bool = False, csv_path: str | None = None) -> int:
    print("revise: stats is not built yet", file=sys.stderr)
    return 1


def restore(data_dir: str | None) -> int:
    print("revise: restore is not built yet", file=sys.stderr)
    return 1
