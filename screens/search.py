"""Search every card as you type; `enter` opens the highlighted result in the card reader.

The box keeps the focus, so letters always type: the screen's own keys are
ones that type nothing (arrows, page keys, enter, escape).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.display import display_safe
from tui.core.search import SearchResult, excerpt, match_spans
from tui.widgets.after_keys import after_keys
from tui.widgets.answer_text import answer_lines
from tui.widgets.deck_text import deck_text, safe_line
from tui.widgets.highlight import HIGHLIGHT_STYLE, highlighted
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.context import AppContext
    from tui.core.deck import Card
    from tui.core.search import SearchIndex

# Only the first results are drawn, so a keystroke never waits for a whole deck to render.
SHOWN_RESULTS = 20


def result_prompt(card: Card, terms: tuple[str, ...]) -> Group:
    """A result in two lines: the question (wrapped), then topic and answer, cut with an ellipsis."""
    question = highlighted(card.question, terms, "bold")
    answer = display_safe(" · ".join(line.strip() for line in answer_lines(card.answer) if line.strip()))
    answer, spans = excerpt(answer, match_spans(answer, terms))
    detail = deck_text(f"{card.topic} — ", "dim", one_line=True)
    detail_answer = Text(answer)
    for start, end in spans:
        detail_answer.stylize(HIGHLIGHT_STYLE, start, end)
    detail.append_text(detail_answer)
    detail.no_wrap = True
    detail.overflow = "ellipsis"
    return Group(question, detail)


class SearchScreen(Screen[None]):
    """A search box over every card's question and answer, with results as you type."""

    ALLOWS_SEARCH = False  # `/` and the palette's search stay closed here

    HELP_TITLE = "Search"
    BINDINGS = [
        # Priority: the search box would otherwise take these keys (enter as "submit",
        # arrows and page keys as scrolling) and hide them from the Footer.
        Binding("enter", "open_result", "Open card", priority=True),
        Binding("down", "move(1)", "Next result", key_display="↓", priority=True),
        Binding("up", "move(-1)", "Previous result", key_display="↑", priority=True),
        Binding("pagedown", "page(1)", "Page down", show=False, priority=True),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True),
        Binding("escape", "app.back", "Close search"),
    ]

    def __init__(self, ctx: AppContext, index: SearchIndex) -> None:
        super().__init__()
        self.ctx = ctx
        self.index = index
        self.result: SearchResult | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="search-body"):
            yield Input(placeholder="Search questions and answers", id="search-box")
            yield Static(id="search-summary")
            results = OptionList(id="search-results")
            # The box keeps the focus: arrows reach the results through the screen's keys.
            results.can_focus = False
            yield results
            yield Static(id="search-more")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_results("")
        box = self.query_one("#search-box", Input)
        # A blinking cursor would make every snapshot frame different.
        box.cursor_blink = self.ctx.animations
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._catch_up()

    def _catch_up(self) -> None:
        """The results of the box as it is now; a Changed sent for a value since typed on is old news."""
        query = self.query_one("#search-box", Input).value
        if self.result is None or self.result.query != query:
            self.show_results(query)

    def show_results(self, query: str) -> None:
        result = self.index.search(query)
        self.result = result
        total = len(result)
        if not result.terms:
            summary = Text(f"{plural_cards(total)} · type to narrow (case and accents ignored)", style="dim")
        elif result.near:
            summary = Text.assemble(
                "No card has ",
                (f"“{query.strip()}”", "bold"),
                f" as typed; {plural_cards(total)} with close words",
            )
        elif total:
            summary = Text.assemble(
                (plural_cards(total), "bold"),
                f" {'matches' if total == 1 else 'match'} ",
                (f"“{safe_line(query.strip())}”", "bold"),
            )
        else:
            summary = Text.assemble(
                "No card matches ",
                (f"“{safe_line(query.strip())}”", "bold"),
                " — try fewer or shorter words.",
            )
        self.query_one("#search-summary", Static).update(summary)
        results = self.query_one("#search-results", OptionList)
        results.set_options(
            Option(result_prompt(card, result.terms)) for card in result.cards[:SHOWN_RESULTS]
        )
        results.highlighted = 0 if total else None
        more = self.query_one("#search-more", Static)
        more.display = total > SHOWN_RESULTS
        if more.display:
            more.update(
                Text(
                    f"… {total - SHOWN_RESULTS:,} more below the first {SHOWN_RESULTS}: keep typing to narrow",
                    style="dim italic",
                )
            )

    def action_move(self, step: int) -> None:
        after_keys(self, lambda: self._move(step))  # in the results of the words typed before it

    def _move(self, step: int) -> None:
        self._catch_up()
        results = self.query_one("#search-results", OptionList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def action_page(self, step: int) -> None:
        after_keys(self, lambda: self._page(step))

    def _page(self, step: int) -> None:
        self._catch_up()
        results = self.query_one("#search-results", OptionList)
        if step > 0:
            results.action_page_down()
        else:
            results.action_page_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A mouse click on a result opens it, as enter does.
        self.open_result(event.option_index)

    def action_open_result(self) -> None:
        after_keys(self, self._open_highlighted)  # the words typed with the enter are searched first

    def _open_highlighted(self) -> None:
        self._catch_up()  # its Changed message is still on the way
        highlighted_index = self.query_one("#search-results", OptionList).highlighted
        if highlighted_index is not None:
            self.open_result(highlighted_index)

    def open_result(self, position: int) -> None:
        result = self.result
        if result is None or not 0 <= position < min(len(result), SHOWN_RESULTS):
            return
        context = f"search “{result.query.strip()}”" if result.terms else "all cards"
        self.ctx.nav.read_cards(result.cards, position, context, result.terms)


def plural_cards(count: int) -> str:
    return f"{count:,} card{'' if count == 1 else 's'}"
