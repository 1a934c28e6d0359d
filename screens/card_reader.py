"""The card reader: one card at a time, question first, `space` shows the answer.

Reading is not answering: nothing here writes to the progress store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from tui.widgets.answer_text import answer_text
from tui.widgets.deck_text import deck_text
from tui.widgets.header_line import fit_title
from tui.widgets.highlight import highlighted
from tui.widgets.key_bar import KeyBar
from tui.widgets.question_record import record_text

if TYPE_CHECKING:
    from tui.context import AppContext
    from tui.core.deck import Card


class ReaderPlace(Widget):
    """The line above the card: its topic and where the run came from, then its position in the run.

    One line at any width: the topic gives way first (cut with "…"), the position never."""

    DEFAULT_CSS = "ReaderPlace { height: 1; }"
    POSITION_GAP = 2  # cells at least between the topic and the position

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topic, self.context, self.position = Text(), Text(), ""

    def show(self, topic: Text, context: Text, position: str) -> None:
        self.topic, self.context, self.position = topic, context, position
        self.refresh()

    def render(self) -> Text:
        width = self.content_size.width
        room = width - len(self.position) - self.POSITION_GAP
        line = fit_title(self.topic, self.context, room, separator="") if room > 0 else Text()
        line.append(" " * max(self.POSITION_GAP, width - line.cell_len - len(self.position)))
        line.append(self.position)
        return line


class CardReaderScreen(Screen[None]):
    """Read a run of cards (a topic, or search results) one at a time."""

    HELP_TITLE = "Card reader"
    BINDINGS = [
        Binding("space", "flip", "Flip"),
        Binding("j,down,right,n", "next", "Next", key_display="→/↓/j/n"),
        Binding("k,up,left,p", "previous", "Previous", key_display="←/↑/k/p"),
        # told in the hint line with e: the key bar has no room for them at 80 columns
        Binding("pagedown", "scroll_card(1)", "Scroll a long card down", key_display="PgDn", show=False),
        Binding("pageup", "scroll_card(-1)", "Scroll a long card up", key_display="PgUp", show=False),
        Binding("e", "edit_card", "Edit card", show=False),
        Binding("escape", "app.back", "Back"),
    ]

    index: reactive[int] = reactive(0, init=False)
    flipped: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        ctx: AppContext,
        cards: list[Card],
        index: int = 0,
        context: str = "",
        terms: tuple[str, ...] = (),
    ) -> None:
        """`context` says where the run came from ("search “rapallo”"); `terms` are highlighted."""
        super().__init__()
        self.ctx = ctx
        if not cards:
            raise ValueError("the card reader needs at least one card")
        self.cards = cards
        self.context = context
        self.terms = terms
        self.set_reactive(CardReaderScreen.index, max(0, min(index, len(cards) - 1)))

    @property
    def card(self) -> Card:
        return self.cards[self.index]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="reader-body"):
            yield ReaderPlace(id="reader-place")
            with VerticalScroll(id="reader-card", can_focus=False):
                yield Static(id="reader-question")
                yield Static("Answer", id="reader-answer-label")
                yield Static(id="reader-answer")
            yield Static(id="reader-hint")
            yield Static(id="reader-record")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_card()

    def on_screen_resume(self) -> None:
        # A quiz taken meanwhile may have changed this card's record, once saved.
        self.ctx.writer.when_saved(self._show_if_mounted)

    def _show_if_mounted(self) -> None:
        if self.is_mounted:
            self.show_card()

    def watch_index(self) -> None:
        self.flipped = False
        self.show_card()
        self.query_one("#reader-card", VerticalScroll).scroll_home(animate=False)

    def watch_flipped(self) -> None:
        self.show_card()

    def show_card(self) -> None:
        card = self.card
        context = deck_text(f" · {self.context}", "dim", one_line=True) if self.context else Text()
        self.query_one(ReaderPlace).show(
            deck_text(card.topic, "bold", one_line=True), context, f"{self.index + 1} / {len(self.cards)}"
        )
        self.query_one("#reader-question", Static).update(highlighted(card.question, self.terms, "bold"))
        for widget_id in ("#reader-answer-label", "#reader-answer"):
            self.query_one(widget_id).display = self.flipped
        if self.flipped:
            self.query_one("#reader-answer", Static).update(answer_text(card.answer, self.terms))
            self.query_one("#reader-answer-label", Static).update(_answer_label(card))
        hint = "space hides the answer" if self.flipped else "space shows the answer"
        hint += " · e edits the card · PgDn/PgUp scroll a long card"
        self.query_one("#reader-hint", Static).update(Text(hint, style="dim italic"))
        stats = self.ctx.progress.question_stats(self.ctx.deck.id, card.id)
        record = Text.assemble(("Your record: ", "bold"), record_text(stats, self.ctx.now()))
        edited = self.ctx.progress.answer_edited(self.ctx.deck.id, card.id)
        if edited:
            record.append(f" · answer edited on {edited}", style="dim")
        self.query_one("#reader-record", Static).update(record)

    def action_flip(self) -> None:
        self.flipped = not self.flipped

    def action_next(self) -> None:
        if self.index + 1 < len(self.cards):
            self.index += 1
        else:
            self.notify("That was the last card.", timeout=2)

    def action_previous(self) -> None:
        if self.index > 0:
            self.index -= 1
        else:
            self.notify("This is the first card.", timeout=2)

    def action_edit_card(self) -> None:
        index = self.index
        self.ctx.nav.edit_card(
            self.card,
            lambda card: self._edited(index, card),
            reading=([card.id for card in self.cards], self.context),
        )

    def _edited(self, index: int, card: Card) -> None:
        """The saved card replaces the one read (its id may have changed with its question)."""
        self.cards[index] = card
        if self.is_mounted:
            self.show_card()

    def action_scroll_card(self, direction: int) -> None:
        card_view = self.query_one("#reader-card", VerticalScroll)
        if direction > 0:
            card_view.scroll_page_down(animate=False)
        else:
            card_view.scroll_page_up(animate=False)


def _answer_label(card: Card) -> Text:
    """ "Answer", and for an answer of several mark points how many a typed answer needs: each
    line, bullet and "+" part of a notes answer is a point (README "Mark schemes"), shown so a
    student is not surprised by a partial mark for a one-line answer."""
    from tui.core.marking import mark_points

    points, need = mark_points(card)
    label = Text("Answer")
    if len(points) > 1:
        needed = "all" if need >= len(points) else str(need)
        label.append(f" · {len(points)} mark points: a typed answer needs {needed}", style="not underline")
    return label
