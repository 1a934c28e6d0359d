"""A question's own record in one line: accuracy, attempts, when it was last seen."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from tui.widgets.accuracy_bar import accuracy_text

if TYPE_CHECKING:
    from tui.core.progress import QuestionStats


def time_ago(when: datetime | None, now: datetime) -> str:
    """ "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", else the date; "never" for None."""
    if when is None:
        return "never"
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    if days == 1:
        return "yesterday"
    if days < 30:
        return f"{days} days ago"
    return when.strftime("%d %b %Y")


def record_text(stats: QuestionStats | None, now: datetime, bar_width: int = 10) -> Text:
    """`██████░░░░  67% of the marks · 3 answers · last seen yesterday`, or "not answered yet"."""
    if stats is None or not stats.attempts:
        return Text("not answered yet", style="dim")
    text = Text()
    # Appended, not extended: the bar's colour stays on the bar and its figure.
    text.append_text(accuracy_text(stats.mean_credit, width=bar_width))
    answers = "answer" if stats.attempts == 1 else "answers"
    text.append(f" of the marks · {stats.attempts} {answers}")
    if stats.last_answered is not None:
        text.append(f" · last seen {time_ago(stats.last_answered, now)}")
    return text
