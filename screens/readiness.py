"""Exam readiness (issue 15): the exam date dialog and the readiness screen.

The screen shows the predicted score from today to the exam with and without the plan, the
predicted recall per topic, answers and accuracy per day over the past two weeks, today's plan,
what would meet the target when the plan cannot, and cram. Numbers come from tui.core.readiness,
the same as `revise plan`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from tui.widgets.accuracy_bar import EMPTY, FULL, accuracy_text
from tui.widgets.deck_text import deck_text, safe_line
from tui.widgets.key_bar import KeyBar
from tui.widgets.readiness_chart import ReadinessChart

if TYPE_CHECKING:
    from tui.context import AppContext
    from tui.core.progress import SessionRecord
    from tui.core.readiness import Readiness

# What the exam date dialog gives back: a date, "clear", or None when cancelled.
ExamDateChoice = date | Literal["clear"] | None

CRAM_MINUTES = 20  # issue 15: a cram of 20 minutes unless the student picks another length
CRAM_STEP, CRAM_MAX = 5, 120
HISTORY_DAYS = 14  # answers and accuracy per day over the past two weeks
BAR_WIDTH = 20


class ExamDateScreen(ModalScreen[ExamDateChoice]):
    """Type the exam date (YYYY-MM-DD); an empty box clears it; a date gone by is refused politely."""

    HELP_TITLE = "Exam date"
    DEFAULT_CSS = """
    ExamDateScreen { align: center middle; }
    #exam-date-box { width: 64; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    #exam-date-title { text-style: bold; margin-bottom: 1; }
    #exam-date-error { color: $error; height: auto; }
    #exam-date-hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: date | None, today: date) -> None:
        super().__init__()
        self.current = current
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-date-box"):
            yield Static("Exam date", id="exam-date-title")
            yield Input(
                value=self.current.isoformat() if self.current else "",
                placeholder="YYYY-MM-DD",
                id="exam-date-input",
            )
            yield Static(id="exam-date-error")
            clear = " · empty clears the date" if self.current else ""
            yield Static(f"enter saves{clear} · esc cancels", id="exam-date-hint")
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from tui.core.readiness import parse_exam_date

        event.stop()
        text = event.value.strip()
        if not text:
            self.dismiss("clear" if self.current else None)
            return
        try:
            self.dismiss(parse_exam_date(text, self.today))
        except ValueError as error:
            self.query_one("#exam-date-error", Static).update(f"{error} Try another date.")

    def action_cancel(self) -> None:
        self.dismiss(None)


def daily_history(
    sessions: list[SessionRecord], today: date, days: int = HISTORY_DAYS
) -> list[tuple[date, int, float]]:
    """(day, answers, marks) for each of the `days` days up to today (local dates), oldest first:
    `marks` is the answers' worth in whole questions (a session at 60% of its marks over 10 answers: 6)."""
    answers: dict[date, int] = defaultdict(int)
    right: dict[date, float] = defaultdict(float)
    for session in sessions:
        day = session.started.astimezone().date()
        answers[day] += session.questions
        right[day] += (session.percent or 0.0) * session.questions
    first = today - timedelta(days=days - 1)
    return [(d, answers[d], right[d]) for d in (first + timedelta(days=i) for i in range(days))]


def answers_in_no_session(sessions: list[SessionRecord], answered: int) -> int:
    """Of the `answered` answers home counts (the deck's question records), how many no session kept
    counts (0 when the sessions count as many or more).

    The days above come from sessions; the records keep every answer. They part after a restore from a
    backup, which keeps each deck's answers but sets sessions back to the backup (README: restore)."""
    return max(0, answered - sum(session.questions for session in sessions))


def _bar(share: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, share)) * width)
    return FULL * filled + EMPTY * (width - filled)


class ReadinessScreen(Screen[None]):
    """The predicted exam score with and without the plan, per topic, past answers, today, cram."""

    HELP_TITLE = "Exam readiness"
    DEFAULT_CSS = """
    #readiness-body { padding: 0 2; }
    #readiness-body > Static { margin-bottom: 1; }
    #readiness-chart { margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("s", "today", "Today's session"),
        Binding("c", "cram", "Cram"),
        Binding("plus,equals_sign", "cram_minutes(1)", "Cram +5 min", key_display="+", show=False),
        Binding("minus", "cram_minutes(-1)", "Cram −5 min", key_display="-", show=False),
        Binding("a", "answer_mode", "Answer mode"),
        Binding("e", "exam_date", "Exam date"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.cram_minutes = CRAM_MINUTES
        self.readiness: Readiness | None = None
        self._fresh = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="readiness-body"):
            yield Static(id="readiness-headline")
            yield ReadinessChart(id="readiness-chart")
            yield Static(id="readiness-topics")
            yield Static(id="readiness-today")
            yield Static(id="readiness-target")
            yield Static(id="readiness-cram")
            yield Static(id="readiness-history")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        """Recompute the readiness from the store (after a session, a new date) on a thread, then redraw."""
        ctx = self.ctx
        now = ctx.now()
        deck, store = ctx.deck, ctx.progress
        self._fresh = False  # until drawn, keys work the readiness out afresh rather than use this one
        if self.readiness is None:
            self.query_one("#readiness-headline", Static).update(
                Text.assemble(
                    deck_text(deck.title, "bold", one_line=True), ("\nWorking out the prediction…", "dim")
                )
            )

        def predict() -> None:
            from tui.core.readiness import minutes_needed, readiness_for, topics_to_defer

            result = readiness_for(store, deck, now, trajectory=True)
            answered = store.deck_summary(deck).attempts  # home's "(N answers)": ~0.2 s at 100,000 cards
            if get_current_worker().is_cancelled:  # a newer one was asked for meanwhile
                return
            self.app.call_from_thread(self._draw, result, now, answered)
            if result is None or result.target_met:
                return
            # what would meet the target: each a few more plans, so after the rest is drawn
            stats = store.all_question_stats(deck.id)
            needed = minutes_needed(deck, stats, result.exam, now)
            dropped = topics_to_defer(result, deck, stats, now)
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._draw_advice, result, needed, dropped)

        self.run_worker(predict, thread=True, exclusive=True, group="readiness", exit_on_error=False)

    def _draw(self, result: Readiness | None, now: datetime, answered: int) -> None:
        """Draw `result` worked out at `now`; `answered`: the deck's answers home counts, then."""
        if not self.is_mounted:
            return
        ctx = self.ctx
        self.readiness, self._fresh = result, True
        self.refresh_bindings()  # c (cram) is in the key bar only in the last days
        headline = self.query_one("#readiness-headline", Static)
        if result is None:
            headline.update(
                Text.assemble(
                    deck_text(ctx.deck.title, "bold", one_line=True), "\nNo exam date set: e sets one."
                )
            )
            for name in ("#readiness-topics", "#readiness-today", "#readiness-target", "#readiness-cram"):
                self.query_one(name, Static).update("")
            self._draw_chart(None)
            self._draw_history(now, answered)
            return
        headline.update(self._headline(result))
        self._draw_chart(result)
        self.query_one("#readiness-topics", Static).update(self._topics(result))
        self.query_one("#readiness-today", Static).update(self._today(result))
        self.query_one("#readiness-target", Static).update(self._target(result))
        self.query_one("#readiness-cram", Static).update(self._cram(result))
        self._draw_history(now, answered)

    # -- sections ------------------------------------------------------------------------

    def _headline(self, r: Readiness) -> Group:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", justify="right")
        table.add_column(no_wrap=True)
        table.add_column(style="dim")
        table.add_row("Now", _bar(r.now.mean), r.now.text())
        table.add_row("Exam day, doing nothing", _bar(r.without_plan.mean), r.without_plan.text())
        table.add_row("Exam day, with the plan", _bar(r.with_plan.mean), r.with_plan.text())
        # one line at 80 columns: the deck's title is in the header, not repeated here to wrap the figures
        first = Text(r.home_line(), style="bold", no_wrap=True, overflow="ellipsis")
        return Group(
            first,
            Text(
                f"Exam on {r.exam:%a %d %b %Y} · predicted share of marks, 80% range in brackets",
                style="dim",
            ),
            table,
        )

    def _draw_chart(self, r: Readiness | None) -> None:
        chart = self.query_one("#readiness-chart", ReadinessChart)
        points = r.trajectory if r is not None else ()
        # one point (the exam is today) is no line: the headline's "Now" row says the score
        chart.display = len(points) > 1
        if r is not None:
            chart.points = tuple(((p.day - r.today).days, p.without_plan, p.with_plan) for p in points)

    def _topics(self, r: Readiness) -> Group:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=30)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, style="dim")
        for topic in sorted(r.topics, key=lambda t: (t.with_plan.mean, t.name)):
            table.add_row(
                deck_text(topic.name, one_line=True),
                accuracy_text(topic.with_plan.mean, width=10),
                f"now {topic.now.mean:.0%} · no plan {topic.without_plan.mean:.0%}",
            )
        return Group(Text("Predicted recall per topic on the exam day, with the plan", style="bold"), table)

    def _today(self, r: Readiness) -> Text:
        text = Text("Today's plan  ", style="bold")
        if r.days_left == 0:
            text.append("The exam is today: no plan is left; c crams the weakest cards.")
            return text
        plan = r.days[0] if r.days else None
        reviews = len(plan.reviews) if plan else 0
        new = len(plan.new) if plan else 0
        minutes = (plan.seconds if plan else 0) / 60
        if not reviews + new:
            text.append("nothing due today: the plan is on track.")
        else:
            text.append(
                f"{reviews} review{'s' * (reviews != 1)} + {new} new card{'s' * (new != 1)}, "
                f"about {max(1, round(minutes))} min of your {r.minutes:g} a day"
            )
            text.append("  s starts it", style="dim")
        text.append(
            f"\nAnswer mode: {_mode_name(self.ctx.nav.answer_mode())} (a changes it) · "
            f"{r.seconds_per_card:.0f} s a card, from your answers",
            style="dim",
        )
        return text

    def _target(self, r: Readiness, needed: int | None = None, dropped: list[str] | None = None) -> Text:
        """Whether the plan meets the target; if not, what would (None: still being worked out)."""
        goal = f"Target {r.target:.0%} on the exam day"
        if r.target_met:
            return Text.assemble(
                (goal, "bold"), ": ", ("met", "green"), f" by the plan in {r.minutes:g} minutes a day."
            )
        text = Text.assemble(
            (goal, "bold"),
            ": ",
            ("not met", "yellow"),
            f" in {r.minutes:g} minutes a day ({r.with_plan.mean:.0%}).",
        )
        if dropped is None:
            text.append("\nWorking out what would meet it…", style="dim")
            return text
        if needed is not None:
            text.append(f"\n{needed} minutes a day would meet it.")
        else:
            # a plan that needs a minute of the budget beside "not met" reads as a contradiction: say why
            text.append(
                "\nMore time a day would not meet it: memory needs days between reviews, and the exam is too close."
            )
        if dropped:
            text.append(f"\nOr leave to a later pass: {safe_line(', '.join(dropped))}.")
        return text

    def _draw_advice(self, r: Readiness, needed: int | None, dropped: list[str]) -> None:
        if self.is_mounted and self.readiness is r:
            self.query_one("#readiness-target", Static).update(self._target(r, needed, dropped))

    def _cram(self, r: Readiness) -> Text:
        from tui.core.readiness import CRAM_DAYS, cram_cards, cram_offered

        text = Text("Cram  ", style="bold")
        if not cram_offered(r.today, r.exam):
            # a cram leaves schedules alone: before the last days, the plan's spaced reviews do more
            opens = r.exam - timedelta(days=CRAM_DAYS)
            text.append(
                f"opens in the last {CRAM_DAYS} days before the exam, on {opens:%a %d %b}: c then drills "
                "the cards least likely to be recalled on the day. Until then, s follows the plan.",
                style="dim",
            )
            return text
        count = len(cram_cards(r, self.cram_minutes))
        text.append(f"offered: the exam is within {CRAM_DAYS} days. ", style="bold")
        text.append(
            f"c drills the {count:,} card{'s' * (count != 1)} least likely to be recalled on the day, "
            f"{self.cram_minutes} minutes (+/- change it); answers count, schedules stay as they are."
        )
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cram and its minutes only in the last `CRAM_DAYS` days (README: exam readiness)."""
        if action in ("cram", "cram_minutes"):
            from tui.core.readiness import cram_offered

            r = self.readiness
            return r is not None and cram_offered(r.today, r.exam)
        return True

    def _draw_history(self, now: datetime, answered: int) -> None:
        ctx = self.ctx
        today = now.astimezone().date()
        sessions = [
            s for s in ctx.progress.recent_sessions(ctx.deck.id, limit=1_000_000) if s.mode != "match"
        ]
        rows = daily_history(sessions, today)
        most = max((answers for _d, answers, _r in rows), default=0)
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, style="dim")
        for day, answers, right in reversed(rows):  # newest first: today is in view without scrolling far
            if answers:
                table.add_row(
                    f"{day:%a %d %b}",
                    _bar(answers / most, width=12),
                    f"{answers:>3} answers · {right / answers:.0%} of the marks",
                )
            else:
                table.add_row(f"{day:%a %d %b}", EMPTY * 12, "  – no answers")
        parts: list[Text | Table] = [
            Text(f"Answers per day in your sessions, past {HISTORY_DAYS} days, newest first", style="bold")
        ]
        outside = answers_in_no_session(sessions, answered)
        if outside:
            parts.append(
                Text(
                    f"{outside:,} of the {answered:,} answers home counts are in no session kept (as after a "
                    "restore from a backup, which keeps answers but sets sessions back), so no day here "
                    "shows them.",
                    style="dim",
                )
            )
        self.query_one("#readiness-history", Static).update(Group(*parts, table))

    # -- keys ----------------------------------------------------------------------------

    def action_today(self) -> None:
        self.ctx.nav.start_today_session(on_done=self._refresh_if_mounted, result=self._current())

    def action_cram(self) -> None:
        self.ctx.nav.start_cram(self.cram_minutes, on_done=self._refresh_if_mounted, result=self._current())

    def _current(self) -> Readiness | None:
        return self.readiness if self._fresh else None

    def action_cram_minutes(self, step: int) -> None:
        self.cram_minutes = max(CRAM_STEP, min(CRAM_MAX, self.cram_minutes + step * CRAM_STEP))
        if self.readiness is not None:
            self.query_one("#readiness-cram", Static).update(self._cram(self.readiness))

    def action_answer_mode(self) -> None:
        self.ctx.nav.next_answer_mode()
        self.ctx.writer.when_saved(self._refresh_if_mounted)

    def action_exam_date(self) -> None:
        self.ctx.nav.set_exam_date(on_done=self._refresh_if_mounted)

    def _refresh_if_mounted(self) -> None:
        if self.is_mounted:
            self.refresh_view()


def _mode_name(mode: str) -> str:
    return {"choice": "multiple choice", "typed": "typed answers", "flashcard": "flashcards"}.get(mode, mode)
