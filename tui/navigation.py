"""Navigation: every way between screens (modes, pushes, home, back) in one place.

Screens ask this module to go somewhere; they never import or construct each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

    from tui.context import AppContext
    from tui.core.deck import Card, Deck
    from tui.core.quiz import Quiz, QuizSettings
    from tui.core.search import SearchIndex

HOME, TOPICS, WEAK = "home", "topics", "weak"


class Navigation:
    """Opens screens with the app's context; the app owns one."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.ctx: AppContext  # set by the app right after: the context holds this navigation too

    # -- modes -------------------------------------------------------------------

    def modes(self) -> dict[str, Callable[[], Screen]]:
        """The sections, each a mode with its own screen stack; screens are imported on first use."""

        def home() -> Screen:
            from screens.home import HomeScreen

            return HomeScreen(self.ctx)

        def topics() -> Screen:
            from screens.topics import TopicsScreen

            return TopicsScreen(self.ctx)

        def weak() -> Screen:
            from screens.weak_spots import WeakSpotsScreen

            return WeakSpotsScreen(self.ctx)

        return {HOME: home, TOPICS: topics, WEAK: weak}

    def go_home(self) -> None:
        """Back to the dashboard from anywhere, closing screens pushed on the way."""
        app = self.app
        while len(app.screen_stack) > 1:
            app.pop_screen()
        app.switch_mode(HOME)

    def back(self) -> None:
        """Escape: close the screen on top, or go home from a section."""
        app = self.app
        if len(app.screen_stack) > 1:
            app.pop_screen()
        elif app.current_mode != HOME:
            app.switch_mode(HOME)

    def open_topics(self) -> None:
        """`t`: the topics section."""
        self.app.switch_mode(TOPICS)

    def open_weak_spots(self) -> None:
        """`w`: the weak-spots section."""
        self.app.switch_mode(WEAK)

    def switch_deck(self, deck: Deck) -> None:
        """Make `deck` the open deck: sections start afresh on it, progress is kept per deck."""
        app = self.app
        self.ctx.deck = deck
        app.sub_title = deck.title
        self.go_home()
        modes = self.modes()
        for mode in (TOPICS, WEAK):
            app.remove_mode(mode)
            app.add_mode(mode, modes[mode])
        from screens.home import HomeScreen

        if isinstance(app.screen, HomeScreen):  # the dashboard shows the new deck now, not on next resume
            app.screen.refresh_dashboard()
        app.notify(f"{len(deck.cards)} cards in {len(deck.topics)} topics.", title=f"Opened {deck.title}")

    def open_deck(self) -> None:
        """Ask for another deck file and switch to it."""
        from screens.open_deck import OpenDeckScreen

        def opened(deck: Deck | None) -> None:
            if deck is not None:
                self.switch_deck(deck)

        self.app.push_screen(OpenDeckScreen(), opened)

    # -- pushed screens -------------------------------------------------------------

    def read_cards(
        self, cards: Sequence[Card], index: int = 0, context: str = "", terms: tuple[str, ...] = ()
    ) -> None:
        """The card reader over `cards`, opened at `index` (`terms` highlighted)."""
        from screens.card_reader import CardReaderScreen

        self.app.push_screen(CardReaderScreen(self.ctx, list(cards), index, context, terms))

    def open_search(self, index: SearchIndex) -> None:
        from screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.ctx, index))

    def start_quiz(self, topics: Sequence[str] | None = None) -> None:
        """`q`: the quiz setup modal (topics preselected), then the timed quiz."""
        from screens.quiz_setup import QuizSetupScreen

        def start(settings: QuizSettings | None) -> None:
            if settings is not None:
                self.open_quiz(settings)

        self.app.push_screen(QuizSetupScreen(self.ctx.deck, topics), start)

    def open_quiz(self, settings: QuizSettings, on_done: Callable[[], None] | None = None) -> None:
        """Start a quiz of the deck with these settings."""
        from screens.quiz import QuizScreen
        from tui.core.quiz import Quiz

        ctx = self.ctx
        stats = ctx.progress.all_question_stats(ctx.deck.id)
        quiz = Quiz.build(ctx.deck, settings, stats, ctx.now, ctx.rng)
        quiz.title = "Exam rehearsal" if settings.exam else "Quiz"
        if not quiz.questions:
            self.app.notify("The chosen topics have no cards.", severity="warning")
            return
        self.app.push_screen(QuizScreen(ctx, quiz, "exam" if settings.exam else "quiz", "quiz", on_done))

    def start_review(
        self,
        card_ids: list[str],
        title: str,
        on_done: Callable[[], None] | None = None,
        answer_mode: str = "choice",
    ) -> None:
        """A drill of exactly these cards, in this order: no setup, no clock; `on_done` runs when it closes."""
        from screens.quiz import QuizScreen
        from tui.core.quiz import Quiz, QuizSettings

        ctx = self.ctx
        cards = [ctx.deck.card(card_id) for card_id in card_ids if ctx.deck.has_card(card_id)]
        if not cards:
            self.app.notify("Nothing to review.", title=title)
            if on_done is not None:
                on_done()
            return
        settings = QuizSettings(questions=len(cards), minutes=None, answer_mode=answer_mode, exam=False)  # type: ignore[arg-type]
        quiz = Quiz.of_cards(ctx.deck, cards, settings, ctx.now, ctx.rng, title=title)
        self.app.push_screen(QuizScreen(ctx, quiz, "review", "review", on_done))

    def show_results(
        self, quiz: Quiz, record_mode: str, session_mode: str, on_done: Callable[[], None] | None
    ) -> None:
        """The marked paper, in place of the quiz screen."""
        from screens.results import ResultsScreen

        self.app.switch_screen(ResultsScreen(self.ctx, quiz, record_mode, session_mode, on_done))

    def retry(
        self, quiz: Quiz, record_mode: str, session_mode: str, on_done: Callable[[], None] | None
    ) -> None:
        """The missed questions of `quiz` again, in place of its results."""
        from screens.quiz import QuizScreen
        from tui.core.quiz import Quiz

        ctx = self.ctx
        result = quiz.result()
        cards = [ctx.deck.card(card_id) for card_id in result.missed_card_ids]
        title = quiz.title if quiz.title.startswith("Retry") else f"Retry: {quiz.title}"
        again = Quiz.of_cards(ctx.deck, cards, quiz.settings, ctx.now, ctx.rng, title=title)
        self.app.switch_screen(QuizScreen(ctx, again, record_mode, session_mode, on_done))

    def done(self, on_done: Callable[[], None] | None = None) -> None:
        """Close the screen on top; the screen that opened it hears of it through `on_done`."""
        self.app.pop_screen()
        if on_done is not None:
            on_done()

    def start_match(self, topic: str | None = None) -> None:
        """`m`: match-the-date on the whole deck's events, or one topic's."""
        from screens.match import MatchScreen

        self.app.push_screen(MatchScreen(self.ctx, topic))
