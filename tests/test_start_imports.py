"""Start-up pays only for what home shows: the app and its home screen import no heavy library.

Marking (rapidfuzz, snowballstemmer), scheduling (fsrs), deck editing (tomlkit), compressed
backups (zstandard) and the other screens are imported
when first used. Checked in a fresh interpreter, as `revise` starts.
"""

from __future__ import annotations

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
print(json.dumps(sorted(sys.modules)))
"""


def test_starting_on_home_imports_no_heavy_library_nor_other_screens():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    modules = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "screens.home" in modules  # the check saw a real start
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
    assert [m for m in NOT_AT_START if m in modules] == []
