"""The built wheel ships exactly the packages `tui` and `screens`, with the deck and the stylesheet inside."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tui import __version__

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    wheels = list(out.glob("revise-*.whl"))
    if build.returncode != 0 or not wheels:
        # pip fetches the build backend (hatchling); without an index or cache it cannot.
        if "hatchling" in build.stderr and (
            "No matching distribution" in build.stderr or "connection" in build.stderr.lower()
        ):
            pytest.skip("the build backend (hatchling) cannot be fetched here")
        pytest.fail(f"pip wheel failed:\n{build.stderr}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        return wheel.namelist()


def test_the_wheel_holds_exactly_tui_and_screens(wheel_names):
    top_level = {name.split("/", 1)[0] for name in wheel_names}
    packages = {name for name in top_level if not name.endswith(".dist-info")}
    assert packages == {"tui", "screens"}
    assert {name for name in top_level if name.endswith(".dist-info")} == {f"revise-{__version__}.dist-info"}


def test_the_wheel_carries_the_shipped_deck_stylesheet_and_every_screen(wheel_names):
    assert "tui/styles.tcss" in wheel_names
    assert "tui/data/soviet-foreign-policy.toml" in wheel_names
    screens = {Path(name).stem for name in wheel_names if name.startswith("screens/")}
    expected = {path.stem for path in (ROOT / "screens").glob("*.py")}
    assert screens == expected
    assert not any(name.startswith("tests/") or "/tests/" in name for name in wheel_names)
