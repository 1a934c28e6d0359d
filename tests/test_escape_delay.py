"""`escape` is the most used key (back): Revise asks Textual to wait less for the rest of a sequence."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = (
    "from tui.cli import quick_escape; quick_escape(); import textual.constants as c; print(c.ESCAPE_DELAY)"
)


def _delay(env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True, timeout=60
    )
    return float(done.stdout)


def test_escape_waits_50_ms_not_textuals_100():
    env = {key: value for key, value in os.environ.items() if key != "ESCDELAY"}
    assert _delay(env) == 0.05


def test_a_students_own_escdelay_is_kept():
    assert _delay({**os.environ, "ESCDELAY": "200"}) == 0.2
