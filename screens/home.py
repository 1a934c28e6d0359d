"""Home: the dashboard a student sees first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from tui.core.dashboard import SESSION_NAMES, DeckFigures, FiguresCache
from tui.core.library import due_elsewhere, due_line
from tui.core.text import plural
from tui.core.weakness import ALL_SESSIONS, answered_sessions, topics_weakest_first
from tui.widgets.accuracy_bar import accuracy_text
from tui.widgets.deck_text import cut_line, deck_text
from tui.widgets.key_bar import KeyBar
from tui.widgets.readiness_line import ReadinessLine
from tui.widgets.time_text import format_seconds

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tui.context import AppContext
    from tui.core.progress import AccuracySummary, SessionRecord


TOPIC_BAR_WIDTH = 10
TOPIC_NAME_WIDTH = 36  # a topic name's cells at most, so the bars line up near the names
MIN_TOPIC_NAME = 8  # cells of a cut topic name worth showing, however narrow the screen
TOPIC_GAP = 2  # cells between a topic row's name, bar and count


class TopicStrengths(Widget):
    """Each topic's accuracy, weakest first, in the rows there are; the rest summed up in one line."""

    def __init__(self, ctx: AppContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        # Weakest first; topics never answered last, in deck order. Set by the dashboard, not per render.
        self.order: list[tuple[str, AccuracySummary]] = []

    def show(self, order: list[tuple[str, AccuracySummary]]) -> None:
        if order != self.order:
            self.order = order
            self.refresh()

    def render(self) -> Group:
        order = self.order
        started = any(summary.attempts for _name, summary in order)
        room = max(0, self.content_size.height - 1)  # below the heading
        shown = order if len(order) <= room else order[: max(0, room - 1)]
        bars = [accuracy_text(summary.accuracy, width=TOPIC_BAR_WIDTH) for _name, summary in shown]
        counts = [f"{summary.answered:,} of {summary.cards:,} answered" for _name, summary in shown]
        # the figures stay whole: the names take the room they leave, cut with "…"
        figures = max((bar.cell_len for bar in bars), default=0) + max(map(len, counts), default=0)
        room = self.content_size.width - figures - 2 * TOPIC_GAP
        name_width = (
            max(MIN_TOPIC_NAME, min(TOPIC_NAME_WIDTH, room)) if self.content_size.width else TOPIC_NAME_WIDTH
        )
        grid = Table.grid(padding=(0, TOPIC_GAP))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, style="dim")
        for (name, _summary), bar, count in zip(shown, bars, counts):
            grid.add_row(cut_line(deck_text(name, one_line=True), name_width), bar, count)
        parts: list[Text | Table] = [
            Text("Topics, weakest first" if started else "Topics", style="bold"),
            grid,
        ]
        if len(shown) < len(order):
            parts.append(Text(f"… {len(order) - len(shown)} more: t shows every topic", style="dim italic"))
        return Group(*parts)


_NOTHING = object()  # no widget shows it yet


def stats_table(
    figures: DeckFigures,
    elsewhere: tuple[int, int],
    best: dict[int, float],
    last: SessionRecord | None,
) -> Table:
    """Home's figures, one row each: accuracy, answered, weak spots, due, best match, last session."""
    summary = figures.summary
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    if summary.attempts:
        # each answer counts its share of its marks the same, over every session: a quiz's results
        # weigh questions by their marks, so the two figures differ and each says what it counts
        table.add_row(
            "Overall accuracy", accuracy_text(summary.accuracy).append(" per answer, all sessions", "dim")
        )
        table.add_row(
            "Questions answered",
            f"{summary.answered:,} of {summary.cards:,} ({plural(summary.attempts, 'answer')})",
        )
        table.add_row("Weak spots", plural(figures.weak, "question"))
    else:
        table.add_row("Overall accuracy", Text("no answers yet", style="dim"))
        table.add_row("Questions answered", Text(f"none of {summary.cards:,} yet", style="dim"))
        table.add_row("Weak spots", Text("no answers yet", style="dim"))
    due_text = due_line(figures.due, elsewhere)
    if elsewhere[0]:
        due_text += " (d: your decks)"
    table.add_row("Cards due", due_text if figures.due or elsewhere[0] else Text(due_text, style="dim"))
    if best:
        size = max(best)
        table.add_row("Best match time", f"{format_seconds(best[size])} ({size} pairs)")
    else:
        table.add_row("Best match time", Text("no match played yet", style="dim"))
    if last:
        when = last.started.astimezone().strftime("%d %b %H:%M")
        name = SESSION_NAMES.get(last.mode, last.mode)
        table.add_row("Last session", Text(f"{name} · {last.score_label} · {when}"))
    else:
        table.add_row("Last session", Text("none yet", style="dim"))
    return table


# Every key of home, in two rows that fit 80 columns: revising, then planning (the Footer cuts off
# at 80-100 columns, so this is where a student finds s, r, e and d).
HOME_MENU = (
    (("t", "Topics"), ("q", "Timed quiz"), ("m", "Match the date"), ("w", "Weak spots")),
    (("s", "Today's session"), ("r", "Readiness"), ("e", "Exam date"), ("d", "Your decks")),
)


def home_menu() -> Text:
    menu = Text()
    for number, row in enumerate(HOME_MENU):
        if number:
            menu.append("\n")
        for key, label in row:
            menu.append(f" {key} ", style="reverse bold")
            menu.append(f" {label}   ")
    menu.rstrip()
    return menu


class KeepsStyles(Screen[None]):
    """A screen that, shown again, keeps its widgets' styles when nothing they depend on changed.

    Textual restyles every widget of a screen each time it is shown (ScreenResume), the first
    time included, right after they were styled as they mounted: most of what going home cost.
    A change of theme or stylesheet is restyled by Textual itself as the screen comes back (its
    CSS update count); what else styles depend on (the app's focus, colour mode, size, the
    screen's classes) is compared here with what it was, and restyled if it changed.
    """

    _styled_for: tuple[object, ...] | None = None

    def _style_inputs(self) -> tuple[object, ...]:
        app = self.app
        return (app.theme, app.ansi_color, app.app_focus, app.size, self.classes)

    def _on_mount(self, event: events.Mount) -> None:
        self._styled_for = self._style_inputs()  # its widgets are styled as they mount

    def _on_screen_suspend(self) -> None:
        self._styled_for = self._style_inputs()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (subclass first), which restyles only when asked.
        if self._styled_for is not None and self._styled_for == self._style_inputs():
            event.refresh_styles = False
        self._styled_for = None


class HomeScreen(KeepsStyles):
    """Deck title, counts, accuracy, weak spots, due cards, best match time, last session, topics."""

    BINDINGS = [
        Binding("t", "topics", "Topics"),
        Binding("q", "quiz", "Timed quiz"),
        Binding("m", "match", "Match the date"),
        Binding("w", "weak", "Weak spots"),
        Binding("e", "exam_date", "Exam date"),
        Binding("r", "readiness", "Readiness"),
        Binding("s", "today", "Today's session"),
        # d: in help, the palette and the due line (80 columns of footer are full)
        Binding("d", "decks", "Decks", show=False),
        # An exam paper left unfinished (a killed terminal) is offered at start; p offers it again.
        Binding("p", "saved_paper", "Unfinished exam paper", show=False),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        # What the dashboard was drawn from: drawn again only when the deck or the store changed.
        self._drawn_from: tuple[object, ...] | None = None
        self._figures = FiguresCache()
        self._shown: dict[str, object] = {}  # widget selector -> what its text was made from
        self._papers_offered: set[str] = set()  # unfinished exam papers offered already (saved times)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(id="home-title")
            yield ReadinessLine(self.ctx, id="home-readiness")
            yield Static(id="home-stats")
            yield self._paper_line()
            yield TopicStrengths(self.ctx, id="home-topics")
            yield Static(id="home-menu")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_dashboard()
        self.ctx.writer.when_saved(self._offer_saved_paper)

    def on_screen_resume(self) -> None:
        # Answers of the quiz or board just left may still be on their way to disk.
        self.ctx.writer.when_saved(self._refresh_if_mounted)
        self.ctx.writer.when_saved(self._offer_saved_paper)

    # -- an unfinished exam paper (screens.quiz.offer_saved_paper): offered once, p again ----------

    def _offer_saved_paper(self) -> None:
        from tui.core.paper import paper_key

        if not self.is_mounted:
            return
        waiting = self.ctx.progress.setting(paper_key(self.ctx.deck.id)) is not None
        self.query_one("#home-paper").display = waiting
        if self.app.screen is not self:
            return
        if waiting:  # the quiz screen only if so
            from screens.quiz import offer_saved_paper

            offer_saved_paper(self.ctx, self._papers_offered)

    @staticmethod
    def _paper_line() -> Static:
        """ "An exam paper is waiting": shown only while the deck has one saved (`_offer_saved_paper`)."""
        line = Static(
            Text.assemble(
                ("An unfinished exam paper is waiting: ", "bold yellow"), ("p", "bold reverse"), " resumes it"
            ),
            id="home-paper",
        )
        line.styles.margin = (0, 0, 1, 0)
        line.display = False
        return line

    def action_saved_paper(self) -> None:
        from screens.quiz import offer_saved_paper

        offer_saved_paper(self.ctx)

    def _refresh_if_mounted(self) -> None:
        if self.is_mounted:
            self.refresh_dashboard()

    def refresh_dashboard(self, force: bool = False) -> None:
        """Draw the dashboard from the store; skipped when nothing it is made from changed since.

        The open deck's figures are worked out again only when one of its records changed
        (`FiguresCache`); a widget is updated only when what it shows changed.
        """
        ctx = self.ctx
        deck, store, now = ctx.deck, ctx.progress, ctx.now()
        # "Due today" moves with the clock: an hour-old dashboard is drawn again.
        source = (id(deck), deck.id, store.version, int(now.timestamp() // 3600))
        if source == self._drawn_from and not force:
            return
        self._drawn_from = source
        if force:  # everything worked out and drawn afresh
            self._figures, self._shown = FiguresCache(), {}
        self._show(
            "#home-title",
            (deck.title, deck.card_count(), len(deck.topics), deck.event_count()),
            lambda: Text.assemble(
                deck_text(deck.title, "bold", one_line=True),
                "\n",
                (
                    f"{plural(deck.card_count(), 'card')} · {plural(len(deck.topics), 'topic')} · {plural(deck.event_count(), 'dated event')}",
                    "dim",
                ),
            ),
        )
        self.query_one(ReadinessLine).refresh_line()
        figures = self._figures.figures(deck, store, now)
        elsewhere = due_elsewhere(store, deck.id, now)
        best = store.best_match_times(deck.id)
        answered = answered_sessions(store.recent_sessions(deck.id, limit=ALL_SESSIONS))
        last = answered[-1] if answered else None
        shown = (figures.summary, figures.weak, figures.due, elsewhere, best, last)
        self._show("#home-stats", shown, lambda: stats_table(figures, elsewhere, best, last))
        self.query_one(TopicStrengths).show(topics_weakest_first(dict(figures.topics)))
        self._show("#home-menu", None, home_menu)

    def _show(self, selector: str, source: object, draw: Callable[[], RenderableType]) -> None:
        """Update the Static at `selector` with `draw()`, unless it shows what `source` made already."""
        if self._shown.get(selector, _NOTHING) == source:
            return
        self._shown[selector] = source
        self.query_one(selector, Static).update(draw())

    def action_exam_date(self) -> None:
        self.ctx.nav.set_exam_date()

    def action_readiness(self) -> None:
        self.ctx.nav.open_readiness()

    def action_today(self) -> None:
        line = self.query_one(ReadinessLine)
        self.ctx.nav.start_today_session(result=line.result)

    def action_topics(self) -> None:
        self.ctx.nav.open_topics()

    def action_quiz(self) -> None:
        self.ctx.nav.start_quiz()

    def action_match(self) -> None:
        self.ctx.nav.start_match()

    def action_weak(self) -> None:
        self.ctx.nav.open_weak_spots()

    def action_decks(self) -> None:
        self.ctx.nav.open_decks()
