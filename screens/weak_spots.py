"""Weak spots: the questions the student keeps getting wrong, weakest first, and drills of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Static

from tui.core.text import plural
from tui.core.weakness import (
    ALL_SESSIONS,
    WeakSpot,
    answered_sessions,
    dates_mixed_up,
    deck_weak_spots,
    due_today,
    rank_moves,
    topics_weakest_first,
)
from tui.widgets.accuracy_bar import accuracy_text, marks_figure
from tui.widgets.answer_text import answer_text
from tui.widgets.deck_text import deck_text, safe_line
from tui.widgets.key_bar import KeyBar
from tui.widgets.lazy_table import LazyTable
from tui.widgets.question_record import time_ago
from tui.widgets.score_chart import ScoreChart

if TYPE_CHECKING:
    from tui.context import AppContext
    from tui.core.deck import Card, Deck

DRILL_SIZE = 10
CHART_SESSIONS = 20  # the sessions chart draws this many of the latest sessions


SIDE_PANEL_WIDTH = 30  # the recent-sessions panel; styles.tcss #weak-side says the same
TOPIC_BAR_WIDTH = 10
TREND_LENGTH = 5
EMPTY_MESSAGE = (
    "No answers yet, so no weak spots.\n\n"
    "Take a quiz with q from home: every answer is remembered, and the questions "
    "you miss most will show here, weakest first, ready to drill.\n\n"
    "escape goes back."
)


# -- what a cell says ----------------------------------------------------------


def truncate(text: str, width: int) -> str:
    """One line of at most `width` cells, ending in … when cut."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: max(0, width - 1)].rstrip() + "…"


def accuracy_label(spot: WeakSpot) -> str:
    """`2.5/7 · 36%`: the marks earned over the answers (a half-marked answer counts a half)."""
    stats = spot.stats
    return f"{marks_figure(stats.credit_sum)}/{stats.attempts} · {stats.credit_sum / stats.attempts:.0%}"


def trend_text(spot: WeakSpot, length: int = TREND_LENGTH) -> Text:
    """The last answers, oldest to newest: ✓ full marks, ◐ part of the marks, ✗ none."""
    text = Text()
    for credit in spot.stats.recent_credit[-length:]:
        if credit >= 1.0:
            text.append("✓", style="green")
        elif credit > 0.0:
            text.append("◐", style="yellow")
        else:
            text.append("✗", style="red")
    return text


def why_ranked(spot: WeakSpot, now: datetime) -> str:
    """Why a question ranks where it does, from its record: `3 of 5 wrong · last wrong 2 days ago`.

    A part-marked answer is said as such, never as right: `1 of 2 wrong, 1 part-marked · last
    part-marked (50%) just now`. Counts are over the kept recent answers (the last 20).
    """
    stats = spot.stats
    credits = stats.recent_credit
    kept = len(credits)
    wrong = sum(1 for credit in credits if credit <= 0.0)
    part = sum(1 for credit in credits if 0.0 < credit < 1.0)
    of = f"of the last {kept}" if stats.attempts > kept else f"of {kept}"
    counts = f"{wrong} {of} wrong" + (f", {part} part-marked" if part else "")
    parts = [counts]
    wrong_run = kept - len("".join("0" if c <= 0.0 else "1" for c in credits).rstrip("0"))
    when = time_ago(stats.last_answered, now)
    if wrong_run >= 2:
        parts.append(f"last {wrong_run} answers wrong")
    last = credits[-1] if credits else 0.0
    if last <= 0.0:
        parts.append(f"last wrong {when}")
    elif last < 1.0:
        parts.append(f"last part-marked ({last:.0%}) {when}")
    else:
        parts.append(f"last right {when}")
    if stats.lapses:
        parts.append(f"forgotten {stats.lapses} time{'s' * (stats.lapses != 1)} after a right answer")
    if spot.leech:
        parts.append("a leech")
    return " · ".join(parts)


def _days_apart(earlier: datetime, later: datetime) -> int:
    """Calendar days between two moments, in local time."""
    return (later.astimezone().date() - earlier.astimezone().date()).days


def due_label(due: datetime | None, now: datetime) -> Text:
    """ "now", "today", "tomorrow", "in 3 days"; due now or today stands out."""
    if due is None:
        return Text("—", style="dim")
    if due <= now:
        return Text("now", style="bold yellow")
    days = _days_apart(now, due)
    if days <= 0:
        return Text("today", style="yellow")
    if days == 1:
        return Text("tomorrow")
    return Text(f"in {days} days", style="dim")


def move_label(move: int) -> Text:
    """↑2: moved up the list (weaker); ↓3: moved down (stronger)."""
    if move > 0:
        return Text(f"↑{move}", style="bold red")
    if move < 0:
        return Text(f"↓{-move}", style="bold green")
    return Text("")


def moves_summary(moves: dict[str, int]) -> str:
    down = sum(1 for move in moves.values() if move < 0)
    up = sum(1 for move in moves.values() if move > 0)
    if not moves:
        return "After the drill: no question changed place."
    parts = []
    if down:
        parts.append(f"↓ {down} moved down the list")
    if up:
        parts.append(f"↑ {up} moved up")
    return "After the drill: " + ", ".join(parts) + "."


# -- sorting -----------------------------------------------------------------


@dataclass(frozen=True)
class SortOrder:
    column: str  # the column key it sorts on
    label: str
    key: Callable[[WeakSpot, int, Card, Deck], tuple]  # (spot, weakness rank, card, deck)


def _topic_index(deck: Deck, topic: str) -> int:
    names = [t.name for t in deck.topics]
    return names.index(topic) if topic in names else len(names)


SORT_ORDERS = [
    SortOrder("rank", "weakest first", lambda spot, rank, card, deck: (rank,)),
    SortOrder(
        "accuracy",
        "lowest accuracy first",
        lambda spot, rank, card, deck: (
            spot.stats.credit_sum / spot.stats.attempts,
            -spot.stats.attempts,
            rank,
        ),
    ),
    SortOrder(
        "seen", "longest unseen first", lambda spot, rank, card, deck: (spot.stats.last_answered, rank)
    ),
    SortOrder(
        "due",
        "soonest due first",
        lambda spot, rank, card, deck: (spot.due.timestamp() if spot.due else float("inf"), rank),
    ),
    SortOrder(
        "topic",
        "by topic, weakest first",
        lambda spot, rank, card, deck: (_topic_index(deck, card.topic), rank),
    ),
    SortOrder(
        "question", "by question, A–Z", lambda spot, rank, card, deck: (card.question.casefold(), rank)
    ),
]

COLUMN_LABELS = {
    "rank": "#",
    "question": "Question",
    "topic": "Topic",
    "accuracy": "Accuracy",
    "trend": f"Last {TREND_LENGTH}",
    "seen": "Seen",
    "due": "Due",
}


# -- the card ------------------------------------------------------------------


class WeakCardScreen(ModalScreen[None]):
    """One card of the weak-spots table: question, answer and its record."""

    HELP_TITLE = "Weak spot card"
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("enter", "dismiss", "Close", show=False),
    ]

    def __init__(self, card: Card, spot: WeakSpot, rank: int, now: datetime) -> None:
        super().__init__()
        self.card, self.spot, self.rank, self.now = card, spot, rank, now

    def compose(self) -> ComposeResult:
        spot, stats = self.spot, self.spot.stats
        # Two label-value pairs a row, so each value sits right after its own label.
        grid = Table.grid(padding=(0, 1))
        for column in ("label", "value", "gap", "label", "value"):
            grid.add_column(
                style="bold" if column == "label" else "", no_wrap=True, width=2 if column == "gap" else None
            )
        grid.add_row("Accuracy", accuracy_label(spot), "", "Seen", time_ago(stats.last_answered, self.now))
        grid.add_row("Last answers", trend_text(spot, length=10), "", "Due", due_label(spot.due, self.now))
        grid.add_row("Lapses", str(stats.lapses))
        record: Table | Group = grid
        if spot.leech:
            record = Group(
                grid,
                Text(
                    f"Leech: missed {spot.misses} times — try rewriting or splitting this card.",
                    "bold red",
                ),
            )
        with Vertical(id="weak-card"):
            yield Static(
                deck_text(f"#{self.rank} weakest · {self.card.topic}", "dim", one_line=True),
                id="weak-card-topic",
            )
            with VerticalScroll(id="weak-card-scroll"):
                yield Static(deck_text(self.card.question, "bold"), id="weak-card-question")
                yield Static(answer_text(self.card.answer), id="weak-card-answer")
            yield Static(record, id="weak-card-record")
            yield Static("escape closes", id="weak-card-hint")


# -- the screen ----------------------------------------------------------------

SEEN_WIDTH = len("29 days ago")  # the widest time_ago label: no pass over every row to size the column


class WeakTable(LazyTable, inherit_bindings=False):
    """The ranking: rows drawn only when on screen, so 10,000 answered questions open as fast as 29."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Show card"),
        Binding("up", "cursor_up", "Previous row", show=False, key_display="↑"),
        Binding("down", "cursor_down", "Next row", show=False, key_display="↓"),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_top", show=False),
        Binding("end", "scroll_bottom", show=False),
    ]


class WeakSpotsScreen(Screen[None]):
    """Answered questions weakest first, topic bars, recent sessions; drills and due cards."""

    HELP_TITLE = "Weak spots"
    BINDINGS = [
        Binding("r", "review_weakest", f"Review weakest {DRILL_SIZE}"),
        Binding("d", "review_due", "Review due"),
        Binding("enter", "show_card", "Show card"),
        # Off the Footer so "? Help" fits at 80 columns: the line above the table says "s changes the sort".
        Binding("s", "next_sort", "Sort", show=False),
        Binding("e", "edit_card", "Edit card", show=False),  # in help (?): the footer is full at 80 columns
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.spots: list[WeakSpot] = []
        self.rows: list[tuple[int, WeakSpot, Card]] = []  # (weakness rank, spot, card) in the sort order
        self.sort_index = 0
        # Places each question moved in the last drill; shown until the student leaves.
        self.moves: dict[str, int] = {}
        self.moves_noted = False  # the note line sums the moves up until the sort changes
        # The ranking when a drill started; compared with the one after it.
        self._before_drill: list[str] | None = None
        # What the ranking was made from: re-ranked only when the deck, the store or the hour changed.
        self._ranked_from: tuple[object, ...] | None = None
        self._filled_width = -1  # the table is laid out again only when the width changed
        self._widths: dict[str, int] = {}
        self._now = ctx.now()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="weak-body"):
            with Horizontal(id="weak-overview"):
                with VerticalScroll(id="weak-topics"):
                    yield Static("Topics, weakest first", classes="weak-heading")
                    yield Static(id="weak-topic-bars")
                with Vertical(id="weak-side"):
                    yield Static("Recent sessions", classes="weak-heading")
                    yield ScoreChart(id="weak-sparkline")
                    yield Static(id="weak-sessions-note")
                    yield Static(id="weak-due-note")
            yield Static(id="weak-dates")
            yield Static(id="weak-table-note")
            yield Static(id="weak-table-head")
            yield WeakTable(id="weak-table")
            yield Static(id="weak-why")
            yield Static(EMPTY_MESSAGE, id="weak-empty")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        # Answers given meanwhile are re-read once saved; the screen never waits for the disk.
        self.ctx.writer.when_saved(
            self._drill_landed if self._before_drill is not None else self._refresh_if_mounted
        )

    def _refresh_if_mounted(self) -> None:
        if self.is_mounted:
            self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no answers there is no table to sort or open: those keys leave the Footer.
        return not (action in ("show_card", "next_sort") and not self.spots)

    def on_resize(self) -> None:
        if self.size.width == self._filled_width:
            return  # a change of height only: the table draws the rows now in view by itself
        if self._ranked_from is not None:
            self.show_dates()  # cut to the width
        if self.spots:
            self.show_topics()
            self.fill_table()

    # -- reading the store -------------------------------------------------

    @property
    def ranked_ids(self) -> list[str]:
        return [spot.card_id for spot in self.spots]

    def refresh_view(self, force: bool = False) -> None:
        """Re-read the store and redraw everything, unless nothing it is made from changed."""
        ctx = self.ctx
        deck, store, now = ctx.deck, ctx.progress, ctx.now()
        # Scores drift with time since last seen: an hour-old ranking is re-made on the next visit.
        source = (id(deck), deck.id, store.version, int(now.timestamp() // 3600))
        if source == self._ranked_from and not force:
            return
        self._ranked_from, self._now = source, now
        stats = store.all_question_stats(deck.id)
        self.spots = deck_weak_spots(deck, stats, now)
        answered = bool(self.spots)
        self.query_one("#weak-empty").display = not answered
        for selector in (
            "#weak-overview",
            "#weak-table-note",
            "#weak-table-head",
            "#weak-table",
            "#weak-why",
        ):
            self.query_one(selector).display = answered
        self.refresh_bindings()
        self.show_dates()
        if not answered:
            return
        self.show_topics()
        self.show_sessions()
        due = due_today(stats, now, deck=deck)
        leeches = sum(spot.leech for spot in self.spots)
        note = Text.assemble(("Due today ", "bold"), f"{len(due)} card{'s' * (len(due) != 1)}")
        if leeches:
            note.append("\n")
            note.append("Leeches ", "bold")
            note.append(f"{leeches} (missed 8+ times)", "red")
        self.query_one("#weak-due-note", Static).update(note)
        self.sort_rows()
        self.fill_table()
        self.query_one("#weak-table", WeakTable).focus()

    def show_topics(self) -> None:
        order = topics_weakest_first(self.ctx.progress.topic_summaries(self.ctx.deck))
        counts = {
            name: f"{marks_figure(s.credit if s.credit is not None else s.correct)}/{s.attempts}"
            if s.attempts
            else ""
            for name, s in order
        }
        counts_width = max(len(text) for text in counts.values())
        # The panel beside the sessions: the name gets what the bar, figure and counts leave.
        panel = self.size.width - SIDE_PANEL_WIDTH - 2
        name_width = max(12, min(40, panel - TOPIC_BAR_WIDTH - len(" not started") - counts_width - 3))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, style="dim", justify="right")
        grid.add_column(no_wrap=True)
        for name, summary in order:
            grid.add_row(
                deck_text(truncate(safe_line(name), name_width)),
                counts[name],
                accuracy_text(summary.accuracy, width=TOPIC_BAR_WIDTH),
            )
        self.query_one("#weak-topic-bars", Static).update(grid)

    def show_dates(self) -> None:
        """Dates you mix up: match-the-date events whose first pairing slipped most (one line)."""
        ctx = self.ctx
        slips = dates_mixed_up(ctx.deck, ctx.progress.date_match_stats(ctx.deck.id))
        line = self.query_one("#weak-dates", Static)
        line.display = bool(slips)
        if not slips:
            return
        text = Text("Dates you mix up: ", style="bold")
        for n, (event, stats) in enumerate(slips):
            shown = (
                event.label.replace("____", event.date)
                if "____" in event.label
                else f"{event.label} ({event.date})"
            )
            text.append(" · " if n else "")
            text.append(safe_line(shown))
            text.append(f" ✗{stats.mistakes}", style="red")
        text.truncate(max(self.size.width - 2, 20), overflow="ellipsis")
        line.update(text)

    def show_sessions(self) -> None:
        """The chart of the last sessions' scores, under the count of every session the deck has."""
        recent = self.ctx.progress.recent_sessions(self.ctx.deck.id, limit=ALL_SESSIONS)
        # sessions of questions: a match-the-date board scores pairs, not answers (as readiness's history)
        sessions = answered_sessions(s for s in recent if s.mode != "match")
        scores = [round(100 * (s.percent or 0.0)) for s in sessions[-CHART_SESSIONS:]]
        chart = self.query_one("#weak-sparkline", ScoreChart)
        chart.scores = tuple(scores)
        chart.display = bool(scores)
        if scores:
            # The count is every session; the chart may draw only the latest of them.
            count = f"{len(sessions)} session{'s' * (len(sessions) != 1)}"
            drawn = ", oldest to newest" if len(scores) == len(sessions) else f" (chart: last {len(scores)})"
            note = f"{count}{drawn}\nlast {scores[-1]}% · best {max(scores)}%"
        else:
            note = "No finished sessions yet."
        self.query_one("#weak-sessions-note", Static).update(Text(note))

    # -- the table ---------------------------------------------------------

    def sort_rows(self) -> None:
        """Put the ranked questions in the current sort order (once per ranking or sort change)."""
        deck = self.ctx.deck
        order = SORT_ORDERS[self.sort_index]
        rows = [(rank, spot, deck.card(spot.card_id)) for rank, spot in enumerate(self.spots, start=1)]
        self.rows = sorted(rows, key=lambda row: order.key(row[1], row[0], row[2], deck))

    def row_text(self, index: int) -> Text:
        """Row `index` of the table, made only when it comes into view."""
        rank, spot, card = self.rows[index]
        widths, now = self._widths, self._now
        rank_cell = Text.assemble(f"{rank:>2} ", move_label(self.moves.get(spot.card_id, 0)))
        prefix = Text("leech · ", style="bold red") if spot.leech else Text()
        # deck text, one line and inert; every cell is Text, never markup
        question = prefix + Text(truncate(safe_line(card.question), widths["question"] - len(prefix.plain)))
        cells: dict[str, Text] = {
            "rank": rank_cell,
            "question": question,
            "topic": Text(truncate(safe_line(card.topic), widths["topic"])),
            "accuracy": Text(accuracy_label(spot)),
            "trend": trend_text(spot),
            "due": due_label(spot.due, now),
        }
        if "seen" in widths:
            cells["seen"] = Text(time_ago(spot.stats.last_answered, now))
        line = Text(no_wrap=True)
        for column, width in widths.items():
            cell = cells[column]
            cell.truncate(width, pad=True)
            line.append_text(cell)
            line.append(" ")
        return line

    def fill_table(self) -> None:
        """Lay the table out for the screen's width, keeping the cursor on its question."""
        table = self.query_one("#weak-table", WeakTable)
        order = SORT_ORDERS[self.sort_index]
        selected = self.selected_card_id()
        self._filled_width = self.size.width
        self._widths = self.column_widths()
        head = Text(style="bold")
        for column, width in self._widths.items():
            label = COLUMN_LABELS[column] + (" ▾" if column == order.column else "")
            head.append(label.ljust(width)[:width] + " ")
        self.query_one("#weak-table-head", Static).update(head)
        ids = [spot.card_id for _rank, spot, _card in self.rows]
        cursor = ids.index(selected) if selected in ids else 0
        table.show_rows(len(self.rows), self.row_text, cursor)
        self.show_why(cursor)
        note = Text.assemble(
            (plural(len(self.rows), "answered question"), "bold"),
            f" · sorted {order.label} · s changes the sort",
        )
        if self.moves_noted:
            note = Text(moves_summary(self.moves), style="bold")
        self.query_one("#weak-table-note", Static).update(note)

    def column_widths(self) -> dict[str, int]:
        """Fixed columns fit their widest possible value; the question takes what is left (at least 16).

        Under 100 columns "Seen" goes: the line under the table says when the highlighted one was last seen.
        """
        most = max((spot.stats.attempts for spot in self.spots), default=1)
        part_marked = any(not spot.stats.credit_sum.is_integer() for spot in self.spots)
        moved = max((abs(move) for move in self.moves.values()), default=0)
        latest_due = max((spot.due for spot in self.spots if spot.due is not None), default=None)
        widths = {
            "rank": max(2, len(str(len(self.spots)))) + 1 + (len(str(moved)) + 1 if moved else 0),
            "accuracy": 2 * len(str(most)) + len("/ · 100%") + (2 if part_marked else 0),  # "1.5/2"
            "trend": TREND_LENGTH,
            "due": len(due_label(latest_due, self._now).plain) if latest_due else 1,
        }
        if self.size.width >= 100:
            widths["seen"] = SEEN_WIDTH
        widths = {column: max(width, len(COLUMN_LABELS[column]) + 2) for column, width in widths.items()}
        longest_topic = max((len(topic.name) for topic in self.ctx.deck.topics), default=0)
        widths["topic"] = min(
            max(longest_topic, len(COLUMN_LABELS["topic"]) + 2), 14 if self.size.width >= 100 else 12
        )
        # One cell of gap per column, two for the scrollbar, one spare; inside the body's padding.
        inside = self.size.width - self.query_one("#weak-body").styles.padding.width
        spare = inside - sum(widths.values()) - len(widths) - 4
        widths["question"] = max(16, spare)
        if spare < 16:  # narrow: give the question room from the topic
            widths["topic"] = max(8, widths["topic"] - (16 - spare))
        return {column: widths[column] for column in COLUMN_LABELS if column in widths}

    def show_why(self, index: int) -> None:
        """Below the table: the highlighted question in full, and why it ranks where it does."""
        why = self.query_one("#weak-why", Static)
        if not self.rows:
            why.update("")
            return
        rank, spot, card = self.rows[index]
        why.update(
            Text.assemble(
                deck_text(card.question, "bold"),
                "\n",
                (f"#{rank} weakest: {why_ranked(spot, self._now)}", "dim"),
            )
        )

    def on_lazy_table_highlighted(self, event: LazyTable.Highlighted) -> None:
        event.stop()
        self.show_why(event.row)

    def selected_card_id(self) -> str | None:
        table = self.query_one("#weak-table", WeakTable)
        if not table.row_count or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row][1].card_id

    # -- actions -----------------------------------------------------------

    def action_next_sort(self) -> None:
        if not self.spots:
            return
        self.sort_index = (self.sort_index + 1) % len(SORT_ORDERS)
        self.moves_noted = False
        self.sort_rows()
        self.fill_table()

    def action_show_card(self) -> None:
        card_id = self.selected_card_id()
        if card_id is None:
            return
        rank = self.ranked_ids.index(card_id) + 1
        spot = self.spots[rank - 1]
        self.app.push_screen(WeakCardScreen(self.ctx.deck.card(card_id), spot, rank, self.ctx.now()))

    def action_edit_card(self) -> None:
        card_id = self.selected_card_id()
        if card_id is not None and self.ctx.deck.has_card(card_id):
            self.ctx.nav.edit_card(self.ctx.deck.card(card_id), lambda _card: self.refresh_view())

    def on_lazy_table_selected(self, event: LazyTable.Selected) -> None:
        event.stop()
        self.action_show_card()

    def action_review_weakest(self) -> None:
        card_ids = self.ranked_ids[:DRILL_SIZE]
        if not card_ids:
            self.notify("Nothing to review yet: take a quiz with q from home first.", title="No answers yet")
            return
        self.start_drill(card_ids, f"Review: the {len(card_ids)} weakest")

    def action_review_due(self) -> None:
        ctx = self.ctx
        now = ctx.now()
        card_ids = due_today(ctx.progress.all_question_stats(ctx.deck.id), now, deck=ctx.deck)
        if not card_ids:
            upcoming = sorted(spot.due for spot in self.spots if spot.due is not None)
            when = f" The next is due {due_label(upcoming[0], now).plain}." if upcoming else ""
            self.notify(f"No cards are due today.{when}", title="Nothing due")
            return
        self.start_drill(card_ids, f"Review: {len(card_ids)} due today")

    def start_drill(self, card_ids: list[str], title: str) -> None:
        self._before_drill = self.ranked_ids
        self.ctx.nav.start_review(card_ids, title, on_done=self.drill_finished)

    def drill_finished(self) -> None:
        """After a drill: once its answers are saved, re-rank in place and mark which questions moved."""
        self.ctx.writer.when_saved(self._drill_landed)

    def _drill_landed(self) -> None:
        before = self._before_drill
        self._before_drill = None
        if not self.is_mounted:
            return
        self.refresh_view()
        if before is None:
            return
        self.moves = rank_moves(before, self.ranked_ids)
        self.moves_noted = True
        self.fill_table()

    def action_leave(self) -> None:
        """Escape: back home; the next visit starts without the marks of the last drill."""
        if self.moves or self.moves_noted:
            self.moves, self.moves_noted = {}, False
            self._ranked_from = None  # the marks go: laid out again on the next visit
        self.ctx.nav.back()
