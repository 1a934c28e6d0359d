"""Side-by-side measurement helpers: run two things alternately, compare medians."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_child(code: str, env: dict[str, str] | None = None) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON line last. Adds peak RSS (KiB).

    The peak is VmHWM of the new program: ru_maxrss would also count the parent's
    size at fork, which hides the child's own peak when the parent is big (pytest).
    """
    wrapped = code + (
        "\nimport json as _j, re as _re\n"
        "_hwm = int(_re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
        "print(_j.dumps({'maxrss_kib': _hwm}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapped],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{result.stderr}")
    merged: dict = {}
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            merged.update(json.loads(line))
    return merged


def side_by_side(
    name_a: str, run_a: Callable[[], float], name_b: str, run_b: Callable[[], float], rounds: int = 7
) -> tuple[float, float, float]:
    """Alternate a and b `rounds` times (so machine noise hits both); medians and a/b ratio."""
    a, b = [], []
    for _ in range(rounds):
        a.append(run_a())
        b.append(run_b())
    med_a, med_b = statistics.median(a), statistics.median(b)
    ratio = med_a / med_b
    print(f"  {name_a}: median {med_a:.4g} over {rounds} runs")
    print(f"  {name_b}: median {med_b:.4g} over {rounds} runs")
    print(f"  ratio {name_a} / {name_b} = {ratio:.2f}")
    return med_a, med_b, ratio
