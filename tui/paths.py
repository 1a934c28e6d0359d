"""Every path the app uses, resolved in one place."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "revise"
PACKAGE_DIR = Path(__file__).resolve().parent
# An installed wheel carries data/ and styles.tcss inside the package; a source
# checkout (or an editable install) keeps them at the repository's top level.
_RESOURCE_ROOTS = (PACKAGE_DIR, PACKAGE_DIR.parent)


def resource(name: str) -> Path:
    """Path of a shipped resource (`data`, `styles.tcss`), installed or in a checkout."""
    for root in _RESOURCE_ROOTS:
        candidate = root / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"shipped resource {name!r} is missing from the installation")


def shipped_deck_path() -> Path:
    """The deck that opens when no --deck is given."""
    return resource("data") / "soviet-foreign-policy.toml"


def stylesheet_path() -> Path:
    return resource("styles.tcss")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The progress folder: --data-dir, else $REVISE_DATA_DIR, else the user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("REVISE_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))
