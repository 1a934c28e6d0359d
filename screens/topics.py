"""Topics: every topic with its mastery, a preview of the highlighted one, and the ways in.

`enter` reads the topic's cards, `/` searches every card, `q` quizzes the
topic, `m` matches its dates.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.display import display_safe
from tui.widgets.accuracy_bar import accuracy_text
from tui.widgets.after_keys import after_keys
from tui.widgets.deck_text import deck_text, safe_line
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.context import AppContext
    from tui.core.progress import AccuracySummary
    from tui.core.search import SearchIndex

MATCH_MIN_EVENTS = 3
BAR_WIDTH = 10


def _topic_grid() -> Table:
    """The columns of the topic list; the header row uses the same grid so they line up."""
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", width=5, no_wrap=True)
    grid.add_column(justify="right", width=8, no_wrap=True)
    grid.add_column(width=BAR_WIDTH + 12, no_wrap=True, overflow="ellipsis")
    return grid


def topic_row(name: str, summary: AccuracySummary) -> Table:
    grid = _topic_grid()
    answered = Text(f"{summary.answered:,}", style="" if summary.answered else "dim")
    grid.add_row(
        deck_text(name, one_line=True),
        f"{summary.cards:,}",
        answered,
        accuracy_text(summary.accuracy, width=BAR_WIDTH),
    )
    return grid


def topic_header() -> Table:
    grid = _topic_grid()
    grid.add_row("Topic", "Cards", "Answered", "Mastery", style="bold")
    return grid


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class TopicPreview(Widget):
    """The highlighted topic's questions and dated events, fitted to the space there is.

    Lines are cut with an ellipsis, and a list too long for the space ends
    with "… N more" rather than vanishing off the bottom.
    """

    topic: reactive[str | None] = reactive(None)

    def __init__(self, ctx: AppContext, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ctx = ctx

    def render(self) -> Text:
        deck = self.ctx.deck
        if self.topic is None:
            return Text("")
        cards = deck.cards_in(self.topic)
        events = sorted(deck.events_in([self.topic]), key=lambda event: event.sort_key)
        title = deck_text(self.topic, "bold", one_line=True)
        title.append(f" · {plural(len(cards), 'card')} · {plural(len(events), 'dated event')}", style="dim")
        sections = [("Questions", [deck_text(f"  {card.question}") for card in cards])]
        if events:
            date_width = max(len(display_safe(event.date)) for event in events)
            sections.append(
                (
                    "Dated events",
                    [
                        Text.assemble(
                            "  ",
                            deck_text(display_safe(event.date).ljust(date_width), "bold", one_line=True),
                            "  ",
                            deck_text(event.label, one_line=True),
                        )
                        for event in events
                    ],
                )
            )
        lines = [title, *fit_sections(sections, self.content_size.height - 1)]
        text = Text("\n").join(lines)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text


def fit_sections(sections: list[tuple[str, list[Text]]], height: int) -> list[Text]:
    """Headed lists in at most `height` lines: long lists give way first, ending "… N more"."""
    shown = [len(items) for _heading, items in sections]

    def needed() -> int:
        # A blank line and a heading per section, its items, and a "more" line when cut.
        return sum(2 + count + (count < len(items)) for count, (_h, items) in zip(shown, sections))

    while needed() > height and any(shown):
        longest = max(range(len(shown)), key=lambda i: shown[i])
        shown[longest] -= 1
    lines: list[Text] = []
    for count, (heading, items) in zip(shown, sections):
        lines.append(Text(""))
        lines.append(Text(heading, style="bold underline"))
        lines.extend(items[:count])
        if count < len(items):
            lines.append(Text(f"  … {len(items) - count} more", style="dim italic"))
    return lines


class TopicsScreen(Screen[None]):
    """Every topic in deck order with its card count, answered count and mastery bar."""

    HELP_TITLE = "Topics"
    BINDINGS = [
        # Priority: the topic list would otherwise take enter for itself and hide it from the Footer.
        Binding("enter", "read_topic", "Read", priority=True),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("q", "quiz_topic", "Quiz"),
        Binding("m", "match_topic", "Match dates"),
        Binding("a", "add_card", "Add card"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="topics-body"):
            yield Static(topic_header(), id="topics-header")
            yield OptionList(id="topics-list")
            yield TopicPreview(self.ctx, id="topic-preview")
        yield KeyBar()

    def on_mount(self) -> None:
        deck = self.ctx.deck
        topic_list = self.query_one("#topics-list", OptionList)
        summaries = self.ctx.progress.topic_summaries(deck)
        topic_list.add_options(
            Option(topic_row(name, summary), id=name) for name, summary in summaries.items()
        )
        if deck.topics:
            topic_list.highlighted = 0
        topic_list.focus()

    def on_screen_resume(self) -> None:
        # Answers given in a quiz or drill since the list was drawn change the figures, once saved.
        self.ctx.writer.when_saved(self._refresh_figures)

    def _refresh_figures(self) -> None:
        if not self.is_mounted:
            return
        topic_list = self.query_one("#topics-list", OptionList)
        for name, summary in self.ctx.progress.topic_summaries(self.ctx.deck).items():
            topic_list.replace_option_prompt(name, topic_row(name, summary))
        # A card added or edited keeps the highlight where it is: the preview is drawn from the new deck.
        self.query_one(TopicPreview).refresh()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one(TopicPreview).topic = event.option.id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A mouse click on a topic: read it, as enter does.
        self.action_read_topic()

    @property
    def highlighted_topic(self) -> str | None:
        topic_list = self.query_one("#topics-list", OptionList)
        if topic_list.highlighted is None:
            return None
        return topic_list.get_option_at_index(topic_list.highlighted).id

    @cached_property
    def search_index(self) -> SearchIndex:
        """Every card normalised for search, once per deck."""
        from tui.core.search import SearchIndex

        return SearchIndex(self.ctx.deck)

    def action_read_topic(self) -> None:
        after_keys(self, self._read_topic)  # a ↓ typed with the enter moves the highlight first

    def _read_topic(self) -> None:
        topic = self.highlighted_topic
        if topic is None:
            return
        cards = self.ctx.deck.cards_in(topic)
        if not cards:
            self.notify(f"“{safe_line(topic)}” has no cards.", severity="warning", markup=False)
            return
        self.ctx.nav.read_cards(cards)

    def action_search(self) -> None:
        self.ctx.nav.open_search(self.search_index)

    def action_quiz_topic(self) -> None:
        topic = self.highlighted_topic
        if topic is not None:
            self.ctx.nav.start_quiz([topic])

    def action_add_card(self) -> None:
        topic = self.highlighted_topic
        if topic is not None:
            self.ctx.nav.add_card(topic, lambda _card: self._card_added())

    def _card_added(self) -> None:
        self.__dict__.pop("search_index", None)  # built again with the new card on the next search
        self._refresh_figures()

    def action_match_topic(self) -> None:
        topic = self.highlighted_topic
        if topic is None:
            return
        events = self.ctx.deck.events_in([topic])
        if len(events) < MATCH_MIN_EVENTS:
            self.notify(
                f"“{safe_line(topic)}” has {plural(len(events), 'dated event')}; "
                f"match the date needs at least {MATCH_MIN_EVENTS}. Press m on another topic, "
                "or m on the home screen for the whole deck.",
                title="Match the date",
                severity="warning",
                markup=False,
            )
            return
        self.ctx.nav.start_match(topic)
