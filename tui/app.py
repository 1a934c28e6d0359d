"""RevisionApp: the screens, the modes, the global keys and the theme."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from screens.home import HomeScreen
from tui.core.progress import ProgressStore, QuestionStats, utc_now
from tui.paths import stylesheet_path

if TYPE_CHECKING:
    from datetime import datetime

    from tui.core.deck import Deck

MIN_WIDTH, MIN_HEIGHT = 80, 24
T = TypeVar("T")


def _screen(module: str, name: str) -> Screen:
    """Import a section's screen on first use: start-up loads only the home screen."""
    from importlib import import_module

    return getattr(import_module(module), name)()


def _framework_scrolling(active: ActiveBinding) -> bool:
    """Scroll and page keys of Textual's own containers and lists: the same everywhere, so help leaves them out."""
    from_textual = type(active.node).__module__.startswith("textual.")
    return from_textual and active.binding.action.startswith(("scroll_", "page_"))


class RevisionApp(App[None]):
    """The Revise TUI for one deck and one progress store."""

    CSS_PATH = str(stylesheet_path())
    TITLE = "Revise"
    MODES = {
        "home": HomeScreen,
        "topics": lambda: _screen("screens.topics", "TopicsScreen"),
        "weak": lambda: _screen("screens.weak_spots", "WeakSpotsScreen"),
    }
    DEFAULT_MODE = "home"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        # f1 types nothing, so help also opens while an answer box has focus.
        Binding("f1", "help", "Help", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(
        self,
        deck: Deck,
        store: ProgressStore | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
        animate: bool = True,
    ) -> None:
        super().__init__()
        self.deck = deck
        self.store = store if store is not None else ProgressStore.in_memory(now=now)
        self.now = now
        self.rng = rng if rng is not None else random.Random()
        # Snapshots and tests turn clocks and flashes off for stable frames.
        self.animate = animate
        # One writer thread keeps answers in the order they were given and off the UI thread.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="progress-writer")
        self.sub_title = deck.title

    # -- saving --------------------------------------------------------------

    def save_answer(self, card_id: str, correct: bool, seconds: float, mode: str) -> Future[QuestionStats]:
        """Record an answer to the open deck off the UI thread; writes keep their order."""
        return self.persist(self.store.record_answer, self.deck.id, card_id, correct, seconds, mode)

    def persist(self, write: Callable[..., T], *args: object) -> Future[T]:
        """Run a store write (`store.start_session`, ...) on the writer thread, in order.

        The returned future gives the write's result (a session id, a new-best flag).
        """
        future = self._writer.submit(write, *args)
        future.add_done_callback(self._report_failed_write)
        return future

    def notify_when_saved(self, writes: list[Future], message: str, title: str) -> None:
        """Tell the student `message` once every write in `writes` is on disk.

        A failed write is told by `persist` already, so then this stays quiet.
        """

        async def announce() -> None:
            outcomes = await asyncio.gather(*map(asyncio.wrap_future, writes), return_exceptions=True)
            if not any(isinstance(outcome, BaseException) for outcome in outcomes):
                self.notify(message, title=title, timeout=4)

        # The app's worker, not a screen's: the screen that asked may already be closing.
        self.run_worker(announce(), group="saved-notices")

    def _report_failed_write(self, future: Future) -> None:
        """A save that failed (disk full, folder gone) is told to the student at once."""
        error = future.exception()
        if error is None:
            return
        message = f"{error}\nEverything saved before is safe; this answer is kept in memory and saved with the next one."
        notice = dict(title="Could not save", severity="error", timeout=10)
        if threading.get_ident() == self._thread_id:  # the write had finished before we asked
            self.notify(message, **notice)
            return
        # RuntimeError: the app has already stopped; the CLI reports a failed final save.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self.notify, message, **notice)

    def flush_saves(self) -> None:
        """Wait for every answer handed to `save_answer` to be on disk."""
        self._writer.submit(lambda: None).result()

    # -- lifecycle -----------------------------------------------------------

    def run(self, **options: Any) -> None:
        """Run as the process's main loop (the `revise` command; tests use run_test)."""
        # What exists now lives until quit: the imported modules, the deck, every progress
        # record (10,000s of dicts). Frozen, Python's cycle collector stops walking it again
        # on each full pass: no 20-30 ms pass while the first frame is drawn or mid-quiz.
        gc.freeze()
        return super().run(**options)

    def on_mount(self) -> None:
        saved_theme = self.store.setting("theme")
        if saved_theme and saved_theme in self.available_themes:
            self.theme = saved_theme
        self._check_size()

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted:
            self.persist(self.store.set_setting, "theme", theme)

    def on_resize(self) -> None:
        self._check_size()

    def _check_size(self) -> None:
        from screens.too_small import TooSmallScreen

        width, height = self.size
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen())
        elif not too_small and showing:
            self.pop_screen()

    def finish_writes(self) -> None:
        """Wait for every queued write, then stop the writer thread (at exit)."""
        self._writer.shutdown(wait=True)

    async def _on_exit_app(self) -> None:
        # Screens with a session open (a quiz) close it first, in every mode, so its writes queue too.
        for stack in self._screen_stacks.values():
            for screen in reversed(stack):
                if close := getattr(screen, "close_before_exit", None):
                    close()
        # Answers still queued for the writer reach the disk before the app goes.
        await asyncio.to_thread(self.finish_writes)
        await super()._on_exit_app()

    # -- navigation ----------------------------------------------------------

    def go_home(self) -> None:
        """Back to the dashboard from anywhere, closing screens pushed on the way."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.switch_mode("home")

    def action_back(self) -> None:
        """Escape: close the screen on top, or go home from a section."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif self.current_mode != "home":
            self.switch_mode("home")

    def action_help(self) -> None:
        from screens.help import HelpScreen

        # Collect before pushing: afterwards the help screen's own keys would be active.
        bindings = [
            active.binding
            for active in self.active_bindings.values()
            if active.binding.description and active.enabled and not _framework_scrolling(active)
        ]
        self.push_screen(HelpScreen(self.screen, bindings))

    def open_topics(self) -> None:
        """`t`: the topics section."""
        self.switch_mode("topics")

    def open_weak_spots(self) -> None:
        """`w`: the weak-spots section."""
        self.switch_mode("weak")

    def start_quiz(self, topics: list[str] | None = None) -> None:
        """`q`: the quiz setup modal (topics preselected), then the timed quiz."""
        from screens.quiz_setup import open_quiz_setup

        open_quiz_setup(self, topics)

    def start_review(
        self, card_ids: list[str], title: str, on_done: Callable[[], None] | None = None
    ) -> None:
        """A drill of exactly these cards: no setup, no clock; `on_done` runs when it closes."""
        from screens.quiz import open_review

        open_review(self, card_ids, title, on_done)

    def start_match(self, topic: str | None = None) -> None:
        """`m`: match-the-date on the whole deck's events, or one topic's."""
        from screens.match import open_match

        open_match(self, topic)

    def open_deck(self) -> None:
        """Ask for another deck file and switch to it."""
        from screens.open_deck import OpenDeckScreen

        def opened(deck: Deck | None) -> None:
            if deck is not None:
                self.switch_deck(deck)

        self.push_screen(OpenDeckScreen(), opened)

    def switch_deck(self, deck: Deck) -> None:
        """Make `deck` the open deck: sections start afresh on it, progress is kept per deck."""
        self.deck = deck
        self.sub_title = deck.title
        self.go_home()
        for mode in ("topics", "weak"):
            base = self.MODES[mode]
            self.remove_mode(mode)
            self.add_mode(mode, base)
        self.screen.refresh_dashboard()
        self.notify(f"{len(deck.cards)} cards in {len(deck.topics)} topics.", title=f"Opened {deck.title}")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Home", "The dashboard: accuracy, due cards, last session", self.go_home)
        yield SystemCommand("Topics", "Browse topics and read cards", self.open_topics)
        yield SystemCommand("Timed quiz", "Rehearse the exam against the clock", self.start_quiz)
        yield SystemCommand("Match the date", "Pair events with their years", self.start_match)
        yield SystemCommand(
            "Weak spots", "The questions you get wrong most, and drills", self.open_weak_spots
        )
        yield SystemCommand(
            "Open deck", "Switch to another deck file (TOML, notes, Anki/Quizlet)", self.open_deck
        )
        yield SystemCommand("Help", "Every key of this screen", self.action_help)
        yield from super().get_system_commands(screen)
