"""Start-up pays only for what home shows: the app and its home screen import no heavy library.

Marking (rapidfuzz, snowballstemmer), scheduling (fsrs), deck editing (tomlkit), compressed
backups (zstandard) and the other screens are imported
when first used. Nor does it build dataclasses (~1 ms a class at import, issue 18): its value
classes are msgspec Structs, the loaded deck aside. Checked in a fresh interpreter, as `revise` starts.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys

HEAVY = ("fsrs", "rapidfuzz", "snowballstemmer", "tomlkit", "zstandard", "textual_plotext", "plotext")
NOT_AT_START = (
    "screens.quiz",
    "screens.weak_spots",
    "screens.topics",
    "screens.readiness",
    "screens.match",
    "tui.core.readiness",  # the readiness model: home reads the exam date alone at start
    "screens.too_small",  # the too-small notice, and Textual's TextArea it brings: only below 80×24
    "textual.widgets._text_area",
)

CODE = """
import json, sys, tempfile
from pathlib import Path
from tui.app import RevisionApp
from tui.core.formats import load_deck
from tui.core.progress import open_store
from tui.paths import shipped_deck_path

store = open_store(Path(tempfile.mkdtemp()))
app = RevisionApp(load_deck(shipped_deck_path()), store)

async def drawn(pilot):
    await pilot.pause()
    pilot.app.exit()

app.run(headless=True, size=(100, 30), auto_pilot=drawn)
store.close()
import dataclasses
ours = [m for name, m in sorted(sys.modules.items()) if name.split(".")[0] in ("tui", "screens")]
built = sorted(
    f"{value.__module__}.{value.__qualname__}"
    for module in ours
    for value in vars(module).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__
)
print(json.dumps({"modules": sorted(sys.modules), "dataclasses": built}))
"""
# The loaded deck keeps its dataclass (its index is set in __post_init__); its cards, topics and
# events are Structs.
DATACLASSES_KEPT = ("tui.core.deck.Deck",)


@functools.cache
def started() -> dict[str, list[str]]:
    """What a start to home's first frame imported (`modules`) and the dataclasses its modules define."""
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_starting_on_home_imports_no_heavy_library_nor_other_screens():
    modules = set(started()["modules"])
    assert "screens.home" in modules  # the check saw a real start
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
    assert [m for m in NOT_AT_START if m in modules] == []


def test_starting_on_home_builds_no_dataclass_but_the_loaded_deck():
    built = started()["dataclasses"]
    assert "tui.core.deck.Deck" in built  # the check saw the deck model's dataclass
    assert [name for name in built if not name.startswith(DATACLASSES_KEPT)] == []
