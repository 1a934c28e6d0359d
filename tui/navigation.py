"""Navigation: every way between screens (modes, pushes, home, back) in one place.

Screens ask this module to go somewhere; they never import or construct each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.widgets.deck_text import safe_line

if TYPE_CHECKING:
    from textual.app import App

    from screens.readiness import ExamDateChoice
    from tui.context import AppContext
    from tui.core.deck import Card, Deck
    from tui.core.quiz import Quiz, QuizSettings
    from tui.core.readiness import Readiness
    from tui.core.search import SearchIndex
    from tui.writer import Session

HOME, TOPICS, WEAK = "home", "topics", "weak"
# today's session and cram: the answer mode the student last chose on the readiness screen
ANSWER_MODE_SETTING = "session_answer_mode"
ANSWER_MODES = ("choice", "typed", "flashcard")


class Navigation:
    """Opens screens with the app's context; the app owns one."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.ctx: AppContext  # set by the app right after: the context holds this navigation too
        self._remembered: dict[str, dict] = {}  # settings just chosen, before their write lands

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

    def arrived(self, deck: Deck, notices: Sequence[str] = ()) -> None:
        """The deck just opened (at start or by a switch): into the library, progress carried over
        from a known deck it matches, skipped records told."""
        from tui.core.library import progress_source, skipped_notice

        ctx = self.ctx
        for notice in notices:
            self.app.notify(notice, severity="warning", timeout=8, markup=False)
        source = progress_source(deck, ctx.progress)
        if source is not None:
            entry = ctx.progress.library_entry(source)
            ctx.writer.carry_progress(source, deck.id)
            name = entry.title if entry else source
            self.app.notify(
                f"Most of its cards match {name!r}: that deck's progress is carried over.",
                title="Progress carried over",
                timeout=8,
                markup=False,
            )
        ctx.writer.remember_deck(deck)
        skipped = skipped_notice(deck)
        if skipped:
            self.app.notify(skipped, severity="warning", timeout=8, markup=False)
        self._watch_deck_file(deck)
        ctx.writer.when_saved(self._refresh_home)

    def _watch_deck_file(self, deck: Deck) -> None:
        watcher = getattr(self.app, "deck_watcher", None)
        if watcher is not None:
            watcher.watch(deck)

    def switch_deck(self, deck: Deck) -> None:
        """Make `deck` the open deck: sections start afresh on it, progress is kept per deck.

        A deck whose progress file is damaged is not opened: a notice gives the file and the fix
        (`revise restore`), and the open deck stays."""
        from tui.core.library import claim_deck_id
        from tui.core.progress import ProgressError

        app = self.app
        deck, clash = claim_deck_id(deck, self.ctx.progress)  # same title as another file: kept apart
        try:
            self.ctx.progress.all_question_stats(deck.id)  # its file is read and checked on first use
        except ProgressError as error:
            app.notify(str(error), title="Progress damaged", severity="error", timeout=15, markup=False)
            return
        self.ctx.deck = deck
        app.sub_title = safe_line(deck.title)
        self.go_home()
        modes = self.modes()
        for mode in (TOPICS, WEAK):
            app.remove_mode(mode)
            app.add_mode(mode, modes[mode])
        from screens.home import HomeScreen

        if isinstance(app.screen, HomeScreen):  # the dashboard shows the new deck now, not on next resume
            app.screen.refresh_dashboard()
        from tui.core.text import plural

        cards, topics = plural(len(deck.cards), "card"), plural(len(deck.topics), "topic")
        app.notify(f"{cards} in {topics}.", title=f"Opened {safe_line(deck.title)}", markup=False)
        self.arrived(deck, [clash] if clash else ())

    def open_deck(self) -> None:
        """Ask for another deck file and switch to it."""
        from screens.open_deck import OpenDeckScreen

        def opened(deck: Deck | None) -> None:
            if deck is not None:
                self.switch_deck(deck)

        self.app.push_screen(OpenDeckScreen(), opened)

    def open_decks(self) -> None:
        """`d`: the deck library."""
        from screens.decks import DecksScreen

        self.app.push_screen(DecksScreen(self.ctx))

    def locate_deck(self, old_id: str) -> None:
        """Ask where a missing deck's file is now; its progress comes along if its id changed."""
        from screens.open_deck import OpenDeckScreen

        def opened(deck: Deck | None) -> None:
            if deck is None:
                return
            from tui.core.library import claim_deck_id

            deck, _ = claim_deck_id(deck, self.ctx.progress, moved_from=old_id)  # a kept-apart id stays
            if deck.id != old_id and not self.ctx.progress.all_question_stats(deck.id):
                self.ctx.writer.carry_progress(old_id, deck.id)
            self.switch_deck(deck)

        entry = self.ctx.progress.library_entry(old_id)
        missing = (entry.title, entry.path) if entry is not None else None
        self.app.push_screen(OpenDeckScreen(missing), opened)

    def edit_card(
        self,
        card: Card,
        on_saved: Callable[[Card], None] | None = None,
        on_done: Callable[[], None] | None = None,
        reading: tuple[Sequence[str], str] | None = None,
    ) -> None:
        """`e`: edit the card in $VISUAL/$EDITOR or the in-app editor; `on_saved` gets the new card,
        `on_done` runs when the edit is over (saved or not). `reading`: (the card ids, context) of
        the card reader's run it is edited from, kept when a copy of the deck must be made first."""
        from tui.card_editing import CardEditing

        CardEditing(self.app, self.ctx).edit(card, on_saved, on_done, reading)

    def add_card(self, topic: str, on_saved: Callable[[Card], None] | None = None) -> None:
        """`a` on the topics screen: a new card in `topic`."""
        from tui.card_editing import CardEditing

        CardEditing(self.app, self.ctx).add(topic, on_saved)

    # -- pushed screens -------------------------------------------------------------

    def read_cards(
        self, cards: Sequence[Card], index: int = 0, context: str = "", terms: tuple[str, ...] = ()
    ) -> None:
        """The card reader over `cards`, opened at `index` (`terms` highlighted)."""
        from screens.card_reader import CardReaderScreen

        self.app.push_screen(CardReaderScreen(self.ctx, list(cards), index, context, terms))

    def search_cards(self) -> None:
        """`/` or the palette anywhere: search every card of the open deck (its index built once)."""
        from tui.core.search import SearchIndex

        deck = self.ctx.deck
        cached = getattr(self, "_search_index", None)
        if cached is None or cached.deck is not deck:
            cached = self._search_index = SearchIndex(deck)
        self.open_search(cached)

    def open_search(self, index: SearchIndex) -> None:
        from screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.ctx, index))

    def _setup_key(self) -> str:
        return f"quiz_setup:{self.ctx.deck.id}"

    def last_quiz_settings(self) -> QuizSettings | None:
        """The setup chosen last time on this deck (questions, time, answer mode, marking), if any."""
        from tui.core.quiz import settings_from_dict

        key = self._setup_key()
        # Just chosen (its write may not have landed), else as saved in the progress store.
        saved = self._remembered.get(key) or self.ctx.progress.setting(key)
        return settings_from_dict(saved) if isinstance(saved, dict) else None

    def start_quiz(self, topics: Sequence[str] | None = None) -> None:
        """`q`: the quiz setup modal (topics preselected, the rest as chosen last time), then the quiz.

        An unfinished exam paper of the deck is offered first (resume, hand in, or discard it for
        the new quiz): a new exam would save over it.
        """
        from screens.quiz import offer_saved_paper

        if not offer_saved_paper(self.ctx, new_quiz=lambda: self._open_setup(topics)):
            self._open_setup(topics)

    def _open_setup(self, topics: Sequence[str] | None) -> None:
        from screens.quiz_setup import QuizSetupScreen
        from tui.core.quiz import settings_to_dict

        def start(settings: QuizSettings | None) -> None:
            if settings is not None:
                remembered = settings_to_dict(settings)
                self._remembered[self._setup_key()] = remembered
                self.ctx.writer.set_setting(self._setup_key(), remembered)
                self.open_quiz(settings)

        self.app.push_screen(QuizSetupScreen(self.ctx.deck, topics, self.last_quiz_settings()), start)

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
        mode = "exam" if settings.exam else "quiz"  # the session says which: "Last session" names it
        self.app.push_screen(QuizScreen(ctx, quiz, mode, mode, on_done))

    def start_review(
        self,
        card_ids: list[str],
        title: str,
        on_done: Callable[[], None] | None = None,
        answer_mode: str | None = None,
        record_mode: str = "review",
        session_mode: str | None = None,
    ) -> None:
        """A drill of exactly these cards, in this order: no setup, no clock; `on_done` runs when it closes.

        Without `answer_mode`, the one last chosen in this deck's quiz setup (multiple choice at first).
        `record_mode` "cram" records the answers without touching their schedules; `session_mode`
        names the run in the session record (home's "Last session"), `record_mode` if None.
        """
        from screens.quiz import QuizScreen
        from tui.core.quiz import Quiz, QuizSettings

        ctx = self.ctx
        cards = [ctx.deck.card(card_id) for card_id in card_ids if ctx.deck.has_card(card_id)]
        if not cards:
            self.app.notify("Nothing to review.", title=safe_line(title), markup=False)
            if on_done is not None:
                on_done()
            return
        if answer_mode is None:
            last = self.last_quiz_settings()
            answer_mode = last.answer_mode if last is not None else "choice"
        settings = QuizSettings(questions=len(cards), minutes=None, answer_mode=answer_mode, exam=False)  # type: ignore[arg-type]
        quiz = Quiz.of_cards(ctx.deck, cards, settings, ctx.now, ctx.rng, title=title)
        quiz.relearn = True  # a missed card comes back later in this drill
        self.app.push_screen(QuizScreen(ctx, quiz, record_mode, session_mode or record_mode, on_done))

    def show_results(
        self,
        quiz: Quiz,
        record_mode: str,
        session_mode: str,
        on_done: Callable[[], None] | None,
        session: Session | None = None,
    ) -> None:
        """The marked paper, in place of the quiz screen (it says when `session`'s answers are saved)."""
        from screens.results import ResultsScreen

        self.app.switch_screen(ResultsScreen(self.ctx, quiz, record_mode, session_mode, on_done, session))

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
        again.relearn = not again.exam  # a retry is a drill of the missed ones
        self.app.switch_screen(QuizScreen(ctx, again, record_mode, session_mode, on_done))

    def done(self, on_done: Callable[[], None] | None = None) -> None:
        """Close the screen on top; the screen that opened it hears of it through `on_done`."""
        self.app.pop_screen()
        if on_done is not None:
            on_done()

    # -- exam readiness (issue 15) -------------------------------------------------------

    def open_readiness(self) -> None:
        """`r`: the readiness screen; without an exam date, first ask for one."""
        from screens.readiness import ReadinessScreen
        from tui.core.readiness import exam_date

        ctx = self.ctx
        if exam_date(ctx.progress, ctx.deck.id) is None:
            self.set_exam_date(on_done=self.open_readiness)
            return
        self.app.push_screen(ReadinessScreen(ctx))

    def set_exam_date(self, on_done: Callable[[], None] | None = None) -> None:
        """`e`: ask for the deck's exam date (or to clear it); `on_done` runs once the change is saved."""
        from screens.readiness import ExamDateScreen
        from tui.core.readiness import exam_date

        ctx = self.ctx
        today = ctx.now().astimezone().date()

        def chosen(choice: ExamDateChoice) -> None:
            if choice is None:  # cancelled
                return
            when = None if choice == "clear" else choice
            ctx.writer.set_exam_date(ctx.deck.id, when)
            said = f"Exam date {when.isoformat()}" if when else "Exam date cleared"
            self.app.notify(said, title=ctx.deck.title)
            ctx.writer.when_saved(on_done or self._refresh_home)

        self.app.push_screen(ExamDateScreen(exam_date(ctx.progress, ctx.deck.id), today), chosen)

    def _refresh_home(self) -> None:
        from screens.home import HomeScreen

        if isinstance(self.app.screen, HomeScreen) and self.app.screen.is_mounted:
            self.app.screen.refresh_dashboard()

    def start_today_session(
        self, on_done: Callable[[], None] | None = None, result: Readiness | None = None
    ) -> None:
        """`s`: today's cards of the plan as a drill, recorded and rescheduled as usual.

        `result`: the readiness a screen has worked out already (else it is worked out here).
        """
        from tui.core.progress import TODAY_MODE
        from tui.core.readiness import readiness_for
        from tui.core.text import plural

        ctx = self.ctx
        result = result or readiness_for(ctx.progress, ctx.deck, ctx.now())
        if result is None:
            self.app.notify("Set an exam date first: e on home.", title="No exam date")
            return
        cards = list(result.today_cards)
        if not cards:
            why = "the exam is today; r then c crams" if result.days_left == 0 else "the plan is on track"
            self.app.notify(f"Nothing planned for today: {why}.", title="Today's session")
            return
        self.start_review(
            cards,
            f"Today's session: {plural(len(cards), 'card')}",
            self._after(on_done),
            self.answer_mode(),
            session_mode=TODAY_MODE,
        )

    def start_cram(
        self, minutes: float, on_done: Callable[[], None] | None = None, result: Readiness | None = None
    ) -> None:
        """A cram of `minutes`: lowest predicted recall first; answers kept, schedules untouched."""
        from tui.core.progress import CRAM_MODE
        from tui.core.readiness import cram_cards, readiness_for
        from tui.core.text import plural

        ctx = self.ctx
        result = result or readiness_for(ctx.progress, ctx.deck, ctx.now())
        if result is None:
            self.app.notify("Set an exam date first: e on home.", title="No exam date")
            return
        cards = cram_cards(result, minutes)
        title = f"Cram: {plural(len(cards), 'card')}, about {minutes:g} minutes' worth"  # a size, not a time limit
        self.start_review(cards, title, self._after(on_done), self.answer_mode(), record_mode=CRAM_MODE)

    def _after(self, on_done: Callable[[], None] | None) -> Callable[[], None]:
        """Once a drill's answers are saved: `on_done`, or the dashboard redrawn."""
        return lambda: self.ctx.writer.when_saved(on_done or self._refresh_home)

    def answer_mode(self) -> str:
        """The answer mode of today's session and cram: the one last chosen, multiple choice at first."""
        mode = self.ctx.progress.setting(ANSWER_MODE_SETTING)
        return mode if mode in ANSWER_MODES else ANSWER_MODES[0]

    def next_answer_mode(self) -> None:
        """Remember the next answer mode (choice → typed → flashcard → choice) for the session and cram."""
        following = ANSWER_MODES[(ANSWER_MODES.index(self.answer_mode()) + 1) % len(ANSWER_MODES)]
        self.ctx.writer.set_setting(ANSWER_MODE_SETTING, following)

    def start_match(self, topic: str | None = None) -> None:
        """`m`: match-the-date on the whole deck's events, or one topic's."""
        from screens.match import MatchScreen

        self.app.push_screen(MatchScreen(self.ctx, topic))
