"""A deck's exam date, kept in the progress store's settings.

Apart from the readiness model (`tui.core.readiness`) so that home, which shows the date on
start, does not import the model to read it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.progress import ProgressStore

SETTING_PREFIX = "exam_date:"


def _setting_key(deck_id: str) -> str:
    return f"{SETTING_PREFIX}{deck_id}"


def exam_date(store: ProgressStore, deck_id: str) -> date | None:
    """The deck's exam date, or None when unset; a stored value that is not an ISO date is ignored."""
    value = store.setting(_setting_key(deck_id))
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def set_exam_date(store: ProgressStore, deck_id: str, when: date | None) -> None:
    """Store (or with None clear) the deck's exam date, as an ISO "YYYY-MM-DD" string."""
    store.set_setting(_setting_key(deck_id), when.isoformat() if when else None)
