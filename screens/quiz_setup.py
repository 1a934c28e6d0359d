"""Quiz setup: a modal of a few settings; `enter` takes them as shown (the deck's last choices, else the defaults)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from tui.core.quiz import AnswerMode, QuizSettings
from tui.core.text import plural
from tui.widgets.deck_text import safe_line
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.core.deck import Deck

V = TypeVar("V")

QUESTION_COUNTS = (5, 10, 15, 20, 25, 30, 40, 50)
MINUTES: tuple[int | None, ...] = (None, 1, 2, 3, 5, 10, 15, 20, 30, 45, 60)
ANSWER_MODE_NAMES: dict[AnswerMode, str] = {
    "choice": "multiple choice",
    "typed": "typed answers",
    "flashcard": "flashcards (reveal, then mark yourself)",
}
MARKING_NAMES = {False: "practice — marked after each answer", True: "exam — marked when handed in"}
LABEL_WIDTH = 13


def question_counts(available: int, preferred: int) -> list[int]:
    """The question counts offered for `available` cards: never more than there are, the last being all.

    `preferred` (the remembered count) is offered too when it is below `available`.
    """
    if available <= 0:
        return [0]
    return sorted({n for n in (*QUESTION_COUNTS, preferred) if 0 < n < available} | {available})


def question_count_names(counts: Sequence[int]) -> list[str]:
    """The counts as shown: the last (every available card) reads "all N"."""
    return [f"{n:,}" for n in counts[:-1]] + [f"all {counts[-1]:,}"]


def minutes_name(minutes: int | None) -> str:
    if minutes is None:
        return "off"
    return f"{minutes} minute{'s' * (minutes != 1)} for the whole quiz"


class SetupRow(Widget, can_focus=True):
    """A row of the setup that draws its `▸` marker while it has focus."""

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class SettingRow(SetupRow, Generic[V]):
    """One setting: its label and its value, changed with ← and →."""

    BINDINGS = [
        Binding("left", "step(-1)", "Change", show=False),
        Binding("right", "step(1)", "Change", key_display="←→"),
    ]
    DEFAULT_CSS = """
    SettingRow {
        height: auto;
    }
    """

    def __init__(self, label: str, values: Sequence[V], names: Sequence[str], value: V, *, id: str) -> None:
        super().__init__(id=id)
        self.label = label
        self.values = list(values)
        self.names = list(names)
        # A remembered value no longer offered (a hand-edited file) falls back to the first.
        self.position = self.values.index(value) if value in self.values else 0

    @property
    def value(self) -> V:
        return self.values[self.position]

    def render(self) -> Text:
        marker = "▸ " if self.has_focus else "  "
        text = Text(marker + self.label.ljust(LABEL_WIDTH), style="bold")
        text.append("‹ ", style="dim")
        text.append(self.names[self.position], style="reverse" if self.has_focus else "")
        text.append(" ›", style="dim")
        return text

    def action_step(self, step: int) -> None:
        self.position = (self.position + step) % len(self.values)
        self.refresh()
        self.screen.post_message(QuizSetupScreen.Changed(self))

    def offer(self, values: Sequence[V], names: Sequence[str], value: V) -> None:
        """Offer other values (the first if `value` is not among them) and redraw."""
        self.values, self.names = list(values), list(names)
        self.position = self.values.index(value) if value in self.values else 0
        self.refresh()


class TopicRow(SetupRow):
    """A topic to include or leave out; `space` toggles it."""

    BINDINGS = [Binding("space", "toggle_topic", "Include topic")]
    DEFAULT_CSS = """
    TopicRow {
        height: auto;
    }
    """

    def __init__(self, name: str, cards: int, chosen: bool, first: bool) -> None:
        super().__init__()
        self.topic = name
        self.cards = cards
        self.chosen = chosen
        self.first = first

    def render(self) -> Text:
        marker = "▸ " if self.has_focus else "  "
        text = Text(marker + ("Topics" if self.first else "").ljust(LABEL_WIDTH), style="bold")
        text.append("[x] " if self.chosen else "[ ] ", style="bold" if self.chosen else "dim")
        text.append(safe_line(f"{self.topic} "), style="reverse" if self.has_focus else "")
        text.append(f"({self.cards:,} card{'s' * (self.cards != 1)})", style="dim")
        return text

    def action_toggle_topic(self) -> None:
        self.chosen = not self.chosen
        self.refresh()
        self.screen.post_message(QuizSetupScreen.Changed())


class SettingRows(VerticalScroll, inherit_bindings=False):
    """The rows scroll as focus moves; ↑↓ belong to the screen (next setting), not to scrolling."""


class QuizSetupScreen(ModalScreen[QuizSettings | None]):
    """Questions, time limit, answer mode, practice or exam, and topics."""

    HELP_TITLE = "Quiz setup"
    BINDINGS = [
        Binding("enter", "start", "Start quiz", priority=True),
        Binding("down", "app.focus_next", "Next setting", key_display="↑↓", show=False),
        Binding("up", "app.focus_previous", "Previous setting", show=False),
        Binding("a", "all_topics", "All topics"),
        Binding("escape", "cancel", "Cancel"),
        # A modal screen hides the app's keys: help is bound here so ? works and shows in the Footer.
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]

    class Changed(Message):
        """A setting or a topic changed: the summary line follows."""

        def __init__(self, row: Widget | None = None) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self, deck: Deck, topics: Sequence[str] | None = None, defaults: QuizSettings | None = None
    ) -> None:
        super().__init__()
        self.deck = deck
        self.defaults = defaults or QuizSettings()
        wanted = set(topics or ())
        self.preselected = {t.name for t in deck.topics if not wanted or t.name in wanted}
        # The count the student asked for; None: all the chosen topics' cards, however many that is.
        self.wanted_questions: int | None = self.defaults.questions

    def compose(self) -> ComposeResult:
        d = self.defaults
        available = sum(len(t.card_ids) for t in self.deck.topics if t.name in self.preselected)
        counts = question_counts(available, d.questions)
        with Vertical(id="setup-box"):
            yield Static("New quiz", id="setup-title")
            with SettingRows(id="setup-rows"):
                yield SettingRow(
                    "Questions",
                    counts,
                    question_count_names(counts),
                    min(d.questions, counts[-1]),
                    id="setup-questions",
                )
                yield SettingRow(
                    "Time limit", MINUTES, [minutes_name(m) for m in MINUTES], d.minutes, id="setup-minutes"
                )
                yield SettingRow(
                    "Answer mode",
                    list(ANSWER_MODE_NAMES),
                    list(ANSWER_MODE_NAMES.values()),
                    d.answer_mode,
                    id="setup-mode",
                )
                yield SettingRow(
                    "Marking", [False, True], list(MARKING_NAMES.values()), d.exam, id="setup-exam"
                )
                for i, topic in enumerate(self.deck.topics):
                    yield TopicRow(
                        topic.name, len(topic.card_ids), topic.name in self.preselected, first=i == 0
                    )
            yield Static(id="setup-summary")
            yield Static(
                Text.assemble(
                    ("enter", "bold"),
                    " start · ",
                    ("↑↓", "bold"),
                    " move · ",
                    ("←→", "bold"),
                    " change · ",
                    ("space", "bold"),
                    " topic on/off · ",
                    ("esc", "bold"),
                    " cancel",
                ),
                id="setup-hint",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#setup-questions", SettingRow).focus()
        self._summarise()

    def on_quiz_setup_screen_changed(self, message: QuizSetupScreen.Changed) -> None:
        row = self.query_one("#setup-questions", SettingRow)
        if message.row is row:
            self.wanted_questions = None if row.position == len(row.values) - 1 else row.value
        else:
            self._offer_question_counts()
        self._summarise()

    def _offer_question_counts(self) -> None:
        """The counts follow the chosen topics: the wanted count where there are enough cards, else all."""
        available = sum(row.cards for row in self._chosen_topics())
        counts = question_counts(available, self.defaults.questions)
        wanted = counts[-1] if self.wanted_questions is None else min(self.wanted_questions, counts[-1])
        self.query_one("#setup-questions", SettingRow).offer(counts, question_count_names(counts), wanted)

    def settings(self) -> QuizSettings:
        """The settings as they stand on screen."""
        rows = self.query(TopicRow)
        return QuizSettings(
            questions=self.query_one("#setup-questions", SettingRow).value,
            minutes=self.query_one("#setup-minutes", SettingRow).value,
            topics=tuple(row.topic for row in rows if row.chosen) if not all(r.chosen for r in rows) else (),
            answer_mode=self.query_one("#setup-mode", SettingRow).value,
            exam=self.query_one("#setup-exam", SettingRow).value,
        )

    def _chosen_topics(self) -> list[TopicRow]:
        return [row for row in self.query(TopicRow) if row.chosen]

    def _summarise(self) -> None:
        chosen = self._chosen_topics()
        summary = self.query_one("#setup-summary", Static)
        if not chosen:
            summary.update(Text("✗ Choose at least one topic (space).", style="bold red"))
            return
        settings = self.settings()
        available = sum(row.cards for row in chosen)
        count = min(settings.questions, available)
        text = Text(f"{count:,} question{'s' * (count != 1)}", style="bold")
        if count == available:
            text.append(" (all the chosen topics have)")
        text.append(f" from {len(chosen)} of {plural(len(self.deck.topics), 'topic')} · ")
        text.append(f"{settings.minutes} min" if settings.minutes else "no time limit")
        summary.update(text)

    def action_start(self) -> None:
        # Started at once, not after the keys typed before the enter (`after_keys`): an answer key
        # typed with the enter ("⏎1") would then reach the quiz before it has started.
        if not self._chosen_topics():
            self.app.bell()
            self._summarise()
            return
        self.dismiss(self.settings())

    def action_all_topics(self) -> None:
        rows = list(self.query(TopicRow))
        everything = not all(row.chosen for row in rows)
        for row in rows:
            row.chosen = everything
            row.refresh()
        self._offer_question_counts()
        self._summarise()

    def action_cancel(self) -> None:
        self.dismiss(None)
