"""Match the date: pair events (a–f) with their dates (1–6) against the clock."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Static

from tui.core.matching import (
    DATE_LABELS,
    DATES,
    EVENT_LABELS,
    EVENTS,
    MIN_PAIRS,
    PENALTY_SECONDS,
    MatchBoard,
    MatchResult,
    NotEnoughEvents,
    PairAttempt,
    Side,
)
from tui.widgets.deck_text import deck_text, safe_line
from tui.widgets.key_bar import KeyBar
from tui.widgets.stopwatch import Stopwatch
from tui.widgets.time_text import format_seconds

if TYPE_CHECKING:
    from datetime import datetime

    from tui.context import AppContext
    from tui.core.deck import DateEvent
    from tui.writer import Session

FLASH_SECONDS = 1.0
PAIRED_MAX = 16  # cells for a paired event's "= 1939"; a longer date is cut with an ellipsis
PLAYING_ACTIONS = {"pick_event", "pick_date", "move", "switch_side", "side", "pick_highlighted"}


def key_span(labels: str, size: int) -> str:
    """The keys of a board of `size` pairs as the key bar names them: "a–d" for 4 pairs of "abcdef"."""
    return f"{labels[0]}–{labels[size - 1]}"


def _event_bindings() -> list[Binding]:
    picks = [
        Binding(key, f"pick_event({i})", "Event", key_display="a–f", show=i == 0)
        for i, key in enumerate(EVENT_LABELS)
    ]
    return picks + [
        Binding(key, f"pick_date({i})", "Date", key_display="1–6", show=i == 0)
        for i, key in enumerate(DATE_LABELS)
    ]


class MatchScreen(Screen[None]):
    """A board of events and dates; a right pair locks in, a wrong one costs a penalty."""

    HELP_TITLE = "Match the date"
    ALLOWS_SEARCH = False  # the board asks for dates: `/` and the palette's search stay closed
    BINDINGS = [
        *_event_bindings(),
        Binding("up", "move(-1)", "Move", key_display="↑↓"),
        Binding("down", "move(1)", "Move", key_display="↑↓", show=False),
        Binding("tab", "switch_side", "Side"),
        Binding("shift+tab", "switch_side", "Side", show=False),
        Binding("left", f"side('{EVENTS}')", "Events side", show=False),
        Binding("right", f"side('{DATES}')", "Dates side", show=False),
        Binding("enter", "pick_highlighted", "Pick"),
        Binding("enter", "play_again", "Play again"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self, ctx: AppContext, topic: str | None = None) -> None:
        """A board from the whole deck's events (topic None) or from one topic's."""
        super().__init__()
        self.ctx = ctx
        self.topic = topic
        self.events: list[DateEvent] = []
        self.board: MatchBoard | None = None  # holds the selection too: cursor, picks, the wrong pair
        self._flash: Timer | None = None
        self._session: Session | None = None
        self._hidden_at: datetime | None = None  # when the too-small notice covered a running board

    # -- building ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.events = self.ctx.deck.events_in([self.topic] if self.topic else None)
        yield Header()
        try:
            self.board = MatchBoard.deal(self.events, self.ctx.rng, self.ctx.now)
        except NotEnoughEvents as error:
            yield Static(self._not_enough_text(error.available), id="match-empty")
            yield KeyBar()
            return
        with Horizontal(id="match-bar"):
            yield Static(id="match-goal")
            yield Stopwatch(self.ctx.now, animations=self.ctx.animations, id="match-clock")
            yield Static(id="match-mistakes")
            yield Static(id="match-paired")
        # One line of the board per pair of rows: a long event that wraps takes its date row down
        # with it, so the dates stay in line with the events beside them.
        with Vertical(id="match-board"):
            with Horizontal(classes="match-line"):
                yield Static("Events", classes="match-heading match-event-cell")
                yield Static("Dates", classes="match-heading match-date-cell")
            for _ in range(self.board.size):
                with Horizontal(classes="match-line"):
                    yield Static(classes="match-row match-event match-event-cell")
                    yield Static(classes="match-row match-date match-date-cell")
        yield Static(id="match-status")
        result = VerticalScroll(id="match-result")
        # Focusable only once cleared: while playing, ↑↓ belong to the board.
        result.can_focus = False
        with result:
            yield Static(id="match-result-text")
        yield KeyBar()

    def on_mount(self) -> None:
        where = f"topic “{safe_line(self.topic)}”" if self.topic else "whole deck"
        self.sub_title = f"Match the date · {where}"
        if self.board is not None:
            self._start_board()

    def _not_enough_text(self, available: int) -> Text:
        where = f"The topic “{safe_line(self.topic)}”" if self.topic else "This deck"
        dates = f"{available} event{'s' * (available != 1)} with different dates"
        return Text.assemble(
            ("Not enough dated events for a board.\n\n", "bold"),
            f"{where} has {dates}; match the date needs at least {MIN_PAIRS}.\n",
            "Try it from home (m) to use the whole deck's events.\n\n" if self.topic else "\n",
            ("escape goes back", "dim"),
        )

    def _start_board(self) -> None:
        board = self.board
        assert board is not None
        self._session = None
        self.query_one("#match-bar").display = True
        self.query_one("#match-board").display = True
        self.query_one("#match-status").display = True
        result = self.query_one("#match-result")
        result.display = False
        result.can_focus = False
        self.set_focus(None)
        self.query_one(Stopwatch).start(board.started_at)
        self._name_board_keys(board.size)
        self._say(
            f"Type a letter and a digit to pair an event with its date (b3 or 3b), "
            # "seconds" in full: a wrapped line never starts with a lone "s."
            f"or use ↑↓, tab and enter. Each mistake adds {PENALTY_SECONDS:g} seconds."
        )
        self.refresh_board()

    def _name_board_keys(self, size: int) -> None:
        """The key bar names the letters and digits this board has (a–d, 1–4 for 4 pairs), not all six."""
        keys = self._bindings.key_to_bindings
        for labels in (EVENT_LABELS, DATE_LABELS):
            keys[labels[0]] = [
                replace(binding, key_display=key_span(labels, size)) for binding in keys[labels[0]]
            ]
        self.refresh_bindings()

    # -- drawing -------------------------------------------------------------

    def refresh_board(self) -> None:
        """Redraw rows, clock, mistakes and progress from the board's state."""
        board = self.board
        if board is None:
            return
        board.settle_cursors()
        self.query_one(Stopwatch).refresh_time()
        self.query_one("#match-goal", Static).update(Text(f"{board.size} pairs", style="bold"))
        self.query_one("#match-mistakes", Static).update(
            Text.assemble(
                ("Mistakes ", "bold"),
                str(board.mistakes),
                (f" (+{PENALTY_SECONDS:g} s each)", "dim"),
            )
        )
        self.query_one("#match-paired", Static).update(
            Text.assemble(
                ("Paired ", "bold"),
                f"{len(board.matched_events)} of {board.size}",
            )
        )
        playing = not board.is_cleared
        # room for "= 1939" kept from the start: pairing an event never wraps its row anew
        paired_width = min(PAIRED_MAX, 2 + max(len(safe_line(date)) for date in board.dates))
        for i, row in enumerate(self.query(".match-event").results(Static)):
            matched = i in board.matched_events
            wrong = board.wrong is not None and board.wrong[0] == i
            picked = board.picked[EVENTS] == i
            paired = f"= {board.dates[board.date_index_for(i)]}" if matched else ""
            cursor = playing and board.side == EVENTS and board.cursor[EVENTS] == i
            mark = self._mark(matched, wrong, picked)
            row.update(self._row(cursor, mark, EVENT_LABELS[i], board.events[i].label, paired, paired_width))
            row.set_class(matched, "-matched")
            row.set_class(wrong, "-wrong")
            row.set_class(picked, "-picked")
            row.set_class(cursor, "-cursor")
        # A paired date names its event ("= a"): its ✓ sits beside another event's row, and without
        # the letter "c ... ✓ 3 1918" read as c = 1918. The column is there from the start: no wrap anew.
        event_of = {board.date_index_for(i): EVENT_LABELS[i] for i in board.matched_events}
        for j, row in enumerate(self.query(".match-date").results(Static)):
            matched = j in board.matched_dates
            wrong = board.wrong is not None and board.wrong[1] == j
            picked = board.picked[DATES] == j
            cursor = playing and board.side == DATES and board.cursor[DATES] == j
            mark = self._mark(matched, wrong, picked)
            paired = f"= {event_of[j]}" if j in event_of else ""
            row.update(self._row(cursor, mark, DATE_LABELS[j], board.dates[j], paired, len("= a")))
            row.set_class(matched, "-matched")
            row.set_class(wrong, "-wrong")
            row.set_class(picked, "-picked")
            row.set_class(cursor, "-cursor")
        self.refresh_bindings()

    @staticmethod
    def _row(cursor: bool, mark: str, key: str, label: str, paired: str = "", paired_width: int = 0) -> Table:
        # A grid keeps a wrapped label hanging under itself, clear of the key and the paired date.
        row = Table.grid(padding=(0, 2), expand=True)
        row.add_column(no_wrap=True, width=4)
        row.add_column(ratio=1)
        cells = [Text(f"{'›' if cursor else ' '}{mark} {key}"), deck_text(label)]
        if paired_width:
            row.add_column(no_wrap=True, width=paired_width, overflow="ellipsis")
            cells.append(deck_text(paired, one_line=True))
        row.add_row(*cells)
        return row

    @staticmethod
    def _mark(matched: bool, wrong: bool, picked: bool) -> str:
        return "✓" if matched else "✗" if wrong else "▶" if picked else " "

    def _say(self, message: str | Text) -> None:
        # Never markup: the board's own messages are plain, deck text in them is made inert by the caller.
        self.query_one("#match-status", Static).update(Text(message) if isinstance(message, str) else message)

    # -- keys ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        cleared = self.board is None or self.board.is_cleared
        if action in PLAYING_ACTIONS:
            return not cleared
        if action == "play_again":
            return self.board is not None and self.board.is_cleared
        return True

    def action_pick_event(self, index: int) -> None:
        self._pick(EVENTS, index)

    def action_pick_date(self, index: int) -> None:
        self._pick(DATES, index)

    def action_pick_highlighted(self) -> None:
        board = self.board
        assert board is not None
        self._pick(board.side, board.cursor[board.side])

    def action_move(self, step: int) -> None:
        assert self.board is not None
        self.board.move(step)
        self.refresh_board()

    def action_switch_side(self) -> None:
        assert self.board is not None
        self.board.switch_side()
        self.refresh_board()

    def action_side(self, side: Side) -> None:
        assert self.board is not None
        self.board.switch_side(side)
        self.refresh_board()

    def action_leave(self) -> None:
        self.ctx.nav.back()

    def action_play_again(self) -> None:
        self.board = MatchBoard.deal(self.events, self.ctx.rng, self.ctx.now)
        self._start_board()

    # -- play ----------------------------------------------------------------

    def _pick(self, side: Side, index: int) -> None:
        """A letter, a digit or enter: the board decides, the status line says what happened."""
        board = self.board
        assert board is not None
        pick = board.pick(side, index)
        labels, noun = (EVENT_LABELS, "event") if side == EVENTS else (DATE_LABELS, "date")
        label = labels[index]
        if pick.outcome == "off_board":
            span = key_span(labels, board.size)
            self._say(f"There is no {noun} {label} on this board: {noun}s are {span}.")
        elif pick.outcome == "already_paired":
            self._say(f"{label} is already paired ✓.")
        elif pick.outcome == "put_back":
            self._say(f"{label} put back: pick an event and a date.")
        elif pick.outcome == "picked":
            wanted = (
                f"its date, 1–{board.size}"
                if side == EVENTS
                else f"its event, a–{EVENT_LABELS[board.size - 1]}"
            )
            self._say(f"▶ {label} picked: now {wanted}.")
        elif pick.attempt is not None:
            self._tried(pick.attempt)
        self.refresh_board()

    def _tried(self, attempt: PairAttempt) -> None:
        board = self.board
        assert board is not None
        self._record(attempt)
        letter, digit = EVENT_LABELS[attempt.event_index], DATE_LABELS[attempt.date_index]
        if attempt.correct:
            self._say(
                Text.assemble(
                    ("✓ Right: ", "bold green"),
                    deck_text(f"{letter} {attempt.event.label} = {attempt.date}.  ", one_line=True),
                    f"{len(board.matched_events)} of {board.size} paired.",
                )
            )
        else:
            self._say(
                Text.assemble(
                    ("✗ Wrong: ", "bold red"),
                    deck_text(f"{letter} is not {digit} ({attempt.date}). ", one_line=True),
                    f"Mistake {board.mistakes}: +{PENALTY_SECONDS:g} s.",
                )
            )
            if self.ctx.animations:
                if self._flash is not None:
                    self._flash.stop()
                self._flash = self.set_timer(FLASH_SECONDS, self._end_flash)
        if board.is_cleared:
            self._finish()

    def _record(self, attempt: PairAttempt) -> None:
        writer = self.ctx.writer
        if self._session is None:
            self._session = writer.start_session(
                "match", self.ctx.deck.id, [self.topic] if self.topic else []
            )
        if attempt.first_for_event:  # per event, apart from its card's question record
            writer.record_date_match(self.ctx.deck.id, attempt.event.card_id, slipped=not attempt.correct)

    def hold_clock(self) -> None:
        """The app is hidden (terminal too small): the board's clock stops until `release_clock`."""
        board = self.board
        if board is None or board.is_cleared or self._hidden_at is not None:
            return
        self._hidden_at = self.ctx.now()
        self.query_one(Stopwatch).stop(self._hidden_at)

    def release_clock(self) -> None:
        board, hidden_at = self.board, self._hidden_at
        if board is None or hidden_at is None:
            return
        self._hidden_at = None
        board.exclude_time((self.ctx.now() - hidden_at).total_seconds())
        if not board.is_cleared:
            self.query_one(Stopwatch).start(board.started_at)

    def _finish(self) -> None:
        board = self.board
        assert board is not None and board.finished_at is not None and self._session is not None
        result = board.result()
        self.query_one(Stopwatch).stop(board.finished_at)
        best, is_new = self.ctx.writer.record_match(self._session, result, board_size=board.size)
        self.query_one("#match-bar").display = False
        self.query_one("#match-board").display = False
        self.query_one("#match-status").display = False
        self.query_one("#match-result-text", Static).update(self._result_text(board, result, best, is_new))
        shown = self.query_one("#match-result")
        shown.display = True
        shown.can_focus = True
        shown.focus()

    def _result_text(self, board: MatchBoard, result: MatchResult, best: float | None, is_new: bool) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold")
        table.add_column()
        table.add_row(
            Text("✓ Board cleared", style="bold green"),
            f"{result.pairs} pairs, {result.first_time_right} right first time",
        )
        table.add_row("", "")
        table.add_row("Time", format_seconds(result.elapsed))
        table.add_row(
            "Mistakes",
            f"{result.mistakes} × {PENALTY_SECONDS:g} s penalty = +{format_seconds(result.penalty)}",
        )
        table.add_row(
            "Final time",
            Text.assemble(
                format_seconds(result.final_seconds),
                ("   new best!", "bold green") if is_new else "",
            ),
        )
        table.add_row(
            f"Best ({result.pairs} pairs)",
            format_seconds(best) if best is not None else Text("none yet", style="dim"),
        )
        if result.why_not_a_record:
            table.add_row("", Text(f"Not kept as a record: {result.why_not_a_record}.", style="yellow"))
        table.add_row("", "")
        table.add_row("In date order", "")
        for event in sorted(board.events, key=lambda e: (e.sort_key, e.date)):
            table.add_row(deck_text(event.date, one_line=True), deck_text(event.label))
        table.add_row("", "")
        table.add_row("", Text("enter plays again · escape goes back", style="dim"))
        return table

    def _end_flash(self) -> None:
        if self.board is not None:
            self.board.wrong = None
        self.refresh_board()
