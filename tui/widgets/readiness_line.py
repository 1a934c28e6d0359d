"""Home's readiness line (issue 15), worked out on a thread so a big deck never holds the screen up."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from tui.context import AppContext
    from tui.core.readiness import Readiness


class ReadinessLine(Static):
    """Home's one line: "Exam in 23 days · predicted 71% (64–78) · 86% with today's plan", or how to set one.

    The prediction is worked out on a thread (seconds on a deck of thousands of cards); the line
    already shown stays until the new one is ready.
    """

    def __init__(self, ctx: AppContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self.result: Readiness | None = None
        self._shown: tuple[str, date] | None = None  # (deck id, exam date) of the line shown

    def refresh_line(self) -> None:
        from tui.core.exam_dates import exam_date

        ctx = self.ctx
        now = ctx.now()
        exam = exam_date(ctx.progress, ctx.deck.id)
        if exam is None or exam < now.astimezone().date():
            self.result, self._shown = None, None
            passed = f"The exam date {exam.isoformat()} has passed · " if exam else ""
            self.update(Text(f"{passed}e: set an exam date", style="dim"))
            return
        key = (ctx.deck.id, exam)
        self.result = None  # stale from now on (answers just saved): `s` works it out afresh meanwhile
        if self._shown != key:
            self.update(Text(f"Exam on {exam.isoformat()} · working out the prediction…", style="dim"))
        deck, store = ctx.deck, ctx.progress

        def predict() -> None:
            from tui.core.readiness import readiness_for

            result = readiness_for(store, deck, now)
            if not get_current_worker().is_cancelled:  # a newer one was asked for meanwhile
                self.app.call_from_thread(self._predicted, key, result)

        self.run_worker(predict, thread=True, exclusive=True, group="readiness-line", exit_on_error=False)

    def _predicted(self, key: tuple[str, date], result: Readiness | None) -> None:
        if result is None or (self.ctx.deck.id, result.exam) != key:
            return  # the deck or the date changed while this was worked out
        self.result, self._shown = result, key
        self.update(Text(result.home_line(), style="bold"))
