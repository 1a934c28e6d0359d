"""RevisionApp: the modes, the global keys, the theme; one context, one writer, one navigation."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import random
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import constants as textual_constants
from textual import events
from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Input

from tui.context import AppContext
from tui.core.deck import DeckError
from tui.core.display import display_safe
from tui.core.progress import ProgressCorruptError, ProgressError, ProgressStore, utc_now
from tui.navigation import HOME, Navigation
from tui.paths import stylesheet_path
from tui.widgets.after_keys import AfterKeys
from tui.widgets.deck_text import safe_line
from tui.writer import ClosesBeforeExit, ProgressWriter

if TYPE_CHECKING:
    from datetime import datetime

    from textual.driver import Driver
    from textual.widget import AwaitMount

    from tui.core.deck import Deck

MIN_WIDTH, MIN_HEIGHT = 80, 24


def _framework_scrolling(active: ActiveBinding) -> bool:
    """Scroll and page keys of Textual's own containers and lists: the same everywhere, so help leaves them out."""
    from_textual = type(active.node).__module__.startswith("textual.")
    return from_textual and active.binding.action.startswith(("scroll_", "page_"))


def _unchanged(variables: dict[str, str]) -> None:
    """Stands in for `Stylesheet.set_variables` given the variables the stylesheet has (refresh_css)."""


def _parsed_already() -> None:
    """Stands in for `Stylesheet.reparse` when no variable changed; sources added since are parsed
    as the rules are next read (`Stylesheet.rules`), from its cache of parsed sources."""


@runtime_checkable
class HoldsClock(Protocol):
    """A screen with a clock running (a quiz, a match board): it stops while the app is hidden."""

    def hold_clock(self) -> None: ...

    def release_clock(self) -> None: ...


class RevisionApp(App[None]):
    """The Revise TUI for one deck and one progress store."""

    CSS_PATH = str(stylesheet_path())
    TITLE = "Revise"
    DEFAULT_MODE = HOME
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        # f1 types nothing, so help also opens while an answer box has focus.
        Binding("f1", "help", "Help", show=False),
        Binding("escape", "back", "Back", show=False),
        # "/" types nothing on most screens: search from anywhere (a text box keeps its "/").
        Binding("slash", "search", "Search cards", key_display="/", show=False),
        Binding("ctrl+r", "reload_deck", "Reload deck", show=False),
    ]

    def __init__(
        self,
        deck: Deck,
        store: ProgressStore | None = None,
        *,
        now: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
        animations: bool = True,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        # Screenshots go to the data folder's screenshots/ (the current directory without one).
        self.screenshot_dir = data_dir / "screenshots" if data_dir is not None else Path.cwd()
        self.data_dir = data_dir  # None: the app was started without one (tests); see tui.paths.data_dir
        store = store if store is not None else ProgressStore.in_memory(now=now)
        self.navigation = Navigation(self)
        self.writer = ProgressWriter(store, self._notify_from_any_thread, self._call_soon)
        self.context = AppContext(
            deck=deck,
            progress=store,
            writer=self.writer,
            now=now,
            rng=rng if rng is not None else random.Random(),
            nav=self.navigation,
            animations=animations,
        )
        self.navigation.ctx = self.context
        for mode, screen in self.navigation.modes().items():
            self.add_mode(mode, screen)
        self.sub_title = safe_line(deck.title)  # the header shows it: deck text, made inert
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ui_context: contextvars.Context = contextvars.copy_context()  # set again at mount
        self._theme_restored = False  # the saved theme is not saved again as it is put back
        # The first error no code expected, if one ended the app: the CLI reports it (crash report, exit 1).
        self.crash: Exception | None = None
        # Why the open deck's progress file was refused when checked after the first frame (issue 18):
        # the app ends and the CLI says it as a refusal at open does (exit 1, nothing written).
        self.refused: ProgressError | None = None
        # The open deck's cards, left for after the first frame, could not be read (its file
        # changed or broke as it opened): the app ends and the CLI says why (exit 1).
        self.unread_deck: DeckError | None = None
        self._switching_to_drawn = False  # see switch_mode
        self._css_refreshed = False  # see _load_screen_css
        self._main_loop = False  # run() is the process's main loop: see run
        self._held_for_size: list[HoldsClock] = []  # screens whose clock the too-small notice stopped
        self.start_notices: list[str] = []  # told once the app runs ("the last deck is missing")
        from tui.deck_watch import DeckWatcher

        self.deck_watcher = DeckWatcher(self)

    # -- from the writer thread -------------------------------------------------

    def _call_soon(self, callback: Callable[[], None]) -> None:
        """Run `callback` on the UI thread without waiting for it (from any thread)."""
        loop = self._loop
        if loop is None:  # not running yet, or already stopped: nothing to show it on
            return
        # RuntimeError: the loop has closed; the CLI reports a failed final save.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(callback, context=self._ui_context.copy())

    def _notify_from_any_thread(self, message: str, title: str, severity: str) -> None:
        timeout = 10 if severity == "error" else 4
        # The message may quote an error that quotes deck text: never markup, never control.
        self._call_soon(
            lambda: self.notify(
                display_safe(message),
                title=safe_line(title),
                severity=severity,  # type: ignore[arg-type]
                timeout=timeout,
                markup=False,
            )
        )

    # -- lifecycle -----------------------------------------------------------

    def run(self, **options: Any) -> None:
        """Run as the process's main loop (the `revise` command; tests use run_test)."""
        # No cycle-collector pass until the first frame is drawn (issue 18): at 10,000 answered
        # questions the passes over the records, home's figures and Textual's start took 50-90 ms
        # of CPU. What exists then lives until quit (modules, the deck, every record, the home
        # screen): frozen (`_first_frame_drawn`), later passes never walk it again.
        self._main_loop = True
        gc.disable()
        try:
            return super().run(**options)
        finally:
            gc.enable()  # the app ended before its first frame (an error at start)

    def _first_frame_drawn(self) -> None:
        # Home may have drawn from the deck's outline (`load_deck(read_later=True)`): its cards
        # are read now, before any key is handled; a kept parse found unsound is parsed again.
        try:
            self.context.deck.read_all()
        except DeckError as error:
            self.unread_deck = error
            self.writer.opening_checked()  # the queued writes are let go: nothing is answered yet
            self.exit()
            return
        # Home may have drawn from the figures cache (`open_store(check_later=True)`): the open
        # deck's file is read and checked now, before any key is handled or anything written.
        progress = self.context.progress
        if progress.opening_pending:
            told = len(progress.warnings)
            try:
                progress.finish_opening()
            except ProgressError as error:
                self._refuse(error)
                return
            finally:
                self.writer.opening_checked()
            for warning in progress.warnings[told:]:  # a backup skipped, as at open
                self.notify(warning, title="Progress", severity="warning", timeout=10, markup=False)
        # Home draws from the stored records; the sections (topics, quiz, weak spots) read the
        # open deck's stats, made now while nothing is asked, and frozen with the rest.
        progress.all_question_stats(self.context.deck.id)
        self.writer.keep_figures(self.context.deck.id)  # for the next start, if none are kept yet
        if self._main_loop:  # not in a test's run_test: that process goes on, its garbage with it
            gc.freeze()
            gc.enable()

    def get_driver_class(self) -> type[Driver]:
        # A real Linux/macOS terminal gets the driver that delivers `escape` on time (tui.driver);
        # Windows, a driver named in TEXTUAL_DRIVER, and headless or inline runs keep Textual's.
        if sys.platform == "win32" or textual_constants.DRIVER is not None:
            return super().get_driver_class()
        from tui.driver import QuickEscapeDriver

        return QuickEscapeDriver

    def _refuse(self, error: ProgressError) -> None:
        """The open deck's progress file failed its check: end the app, nothing written (`refused`)."""
        self.refused = error
        self.writer.opening_checked()
        self.exit()

    def _handle_exception(self, error: Exception) -> None:
        if isinstance(error, ProgressCorruptError) and self.context.progress.opening_pending:
            # a key read the open deck's records before its check ran: that check, failed
            try:
                self.context.progress.finish_opening()
            except ProgressError as refused:
                self._refuse(refused)
                return
        # Textual's way (App._handle_exception in Textual 8): return code 1, the app closes, and a
        # page-long traceback with locals is printed on exit. The traceback goes to the crash
        # report instead (tui.crash, written by the CLI); the student reads one line.
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()
        # The screen's callbacks after a refresh run once it is idle: its first frame is written.
        self.screen.call_after_refresh(self._first_frame_drawn)
        # The app's own context (Textual's active app): callbacks from the writer thread run in a
        # copy of it, or a screen they push could not find its app (NoActiveAppError).
        self._ui_context = contextvars.copy_context()
        saved_theme = self.context.progress.setting("theme")
        if saved_theme and saved_theme in self.available_themes:
            self.theme = saved_theme
        self._theme_restored = True
        # Start-up problems the store could live with (a backup skipped on a full disk).
        for warning in self.context.progress.warnings:
            self.notify(warning, title="Progress", severity="warning", timeout=10, markup=False)
        self._check_size()
        self.navigation.arrived(self.context.deck, self.start_notices)

    def watch_theme(self, theme: str) -> None:
        if self._theme_restored:
            self.writer.set_setting("theme", theme)

    def on_resize(self, event: events.Resize) -> None:
        # This handler runs before Textual's own App._on_resize stores the new size: self.size
        # is still the old one here. The event's size is the one the terminal has now.
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        """Cover the app with the too-small notice below 80×24, and take it away (only it) above."""
        width, height = size if size is not None else self.size
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        top = self.screen
        # The notice's module (it brings Textual's TextArea) is imported only once it is needed:
        # not yet imported, it cannot be showing.
        module = sys.modules.get("screens.too_small")
        showing = module is not None and isinstance(top, module.TooSmallScreen)
        if not too_small and not showing:
            return
        from screens.too_small import TooSmallScreen

        if too_small and isinstance(top, TooSmallScreen):
            top.show_size(width, height)
        elif too_small:
            # Running clocks (a quiz, a match board) stop while the student cannot see them.
            self._held_for_size = [s for s in self.screen_stack if isinstance(s, HoldsClock)]
            for screen in self._held_for_size:
                screen.hold_clock()
            self.push_screen(TooSmallScreen(width, height))
        elif showing:
            self.pop_screen()
            for screen in self._held_for_size:
                screen.release_clock()
            self._held_for_size = []

    def finish_writes(self) -> None:
        """Wait for every queued write, then stop the writer thread (at exit)."""
        self.writer.close()

    async def _on_exit_app(self) -> None:
        # Screens with a session open (a quiz) close it first, in every mode, so its writes queue too.
        for stack in self._screen_stacks.values():
            for screen in reversed(stack):
                if isinstance(screen, ClosesBeforeExit):
                    screen.close_before_exit()
        # Answers still queued for the writer reach the disk before the app goes.
        await asyncio.to_thread(self.finish_writes)
        self._loop = None
        await super()._on_exit_app()

    # -- modes -------------------------------------------------------------------

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show `mode`'s screen (Textual's switch), drawn at once when it was drawn before."""
        # Textual holds every frame 50 ms on a mode switch (delay_update) to hide a screen still
        # being composed; a mode shown before has its screen composed and drawn: it goes on at once.
        self._switching_to_drawn = mode in self._screen_stacks and mode != self.current_mode
        try:
            return super().switch_mode(mode)
        finally:
            self._switching_to_drawn = False

    def _load_screen_css(self, screen: Screen) -> None:
        super()._load_screen_css(screen)
        # Textual then re-parses every rule of the stylesheet and restyles the app (refresh_css,
        # ~80 ms) for any screen not styled since the last CSS change, a brand-new one included.
        # Once the first screen was (the start's refresh sets the theme's variables), a new
        # section's screen is styled as it mounts from the stylesheet as it is now: mark it current.
        if self._css_refreshed and not screen.is_mounted:
            screen._css_update_count = self._css_update_count

    def refresh_css(self, animate: bool = True) -> None:
        stylesheet = self.stylesheet
        if stylesheet._variables != self.get_css_variables():
            super().refresh_css(animate)
        else:
            # Textual sets the variables (dropping every rule parsed with them) and parses the whole
            # stylesheet again, twice at start (~25 ms of CPU, issue 18). With the variables it was
            # parsed with, the rules it has are the same: only the restyle is done.
            stylesheet.set_variables = _unchanged  # type: ignore[method-assign]
            stylesheet.reparse = _parsed_already  # type: ignore[method-assign]
            try:
                super().refresh_css(animate)
            finally:
                del stylesheet.set_variables, stylesheet.reparse
        self._css_refreshed = True

    def delay_update(self, delay: float = 0.05) -> None:
        if self._switching_to_drawn:
            return
        super().delay_update(delay)

    # -- keys --------------------------------------------------------------------

    def on_after_keys(self, message: AfterKeys) -> None:
        """A screen's action that waited for the keys typed before it (`tui.widgets.after_keys`)."""
        if message.screen is self.screen:
            message.callback()

    async def action_back(self) -> None:
        """Escape: close the screen on top, or go home from a section."""
        self.navigation.back()

    def action_reload_deck(self) -> None:
        """ctrl+r: load the open deck's file again after it changed on disk.

        Reloading goes home, so a quiz running asks first, as escape there does."""
        quiz = self.running_quiz()
        if quiz is None or not self.deck_watcher.changed:
            self.deck_watcher.reload()
        elif quiz.is_current:
            quiz.leave_to_reload(self.deck_watcher.reload)
        else:  # a dialog over the quiz (help, the editor, leave?) is answered first
            self.bell()

    def running_quiz(self) -> Any:
        """The quiz screen in the stack still asking or marking (`QuizScreen.running`), or None."""
        quiz_module = sys.modules.get("screens.quiz")  # never imported: no quiz was ever started
        if quiz_module is None:
            return None
        for screen in reversed(self.screen_stack):
            if isinstance(screen, quiz_module.QuizScreen) and screen.running:
                return screen
        return None

    def action_help(self) -> None:
        from screens.help import HelpScreen

        # Collect before pushing: afterwards the help screen's own keys would be active.
        # A focused text box's keys (cursor, delete word) are the same everywhere: listed last.
        bindings: list[Binding] = []
        typing: list[Binding] = []
        for active in self.active_bindings.values():
            if not (active.binding.description and active.enabled) or _framework_scrolling(active):
                continue
            from_text_box = isinstance(active.node, Input)
            (typing if from_text_box else bindings).append(active.binding)
        self.push_screen(HelpScreen(self.screen, bindings, typing))

    def action_search(self) -> None:
        """`/` and the palette: search every card, from any screen that lets it."""
        self.navigation.search_cards()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":  # not mid-quiz (a look-up would answer it), nor over a search
            return getattr(self.screen, "ALLOWS_SEARCH", True)
        return True

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen in `screenshot_dir` (made if need be) and say where, or why not."""
        from textual.app import generate_datetime_filename

        folder = Path(path) if path else self.screenshot_dir
        name = filename or generate_datetime_filename(self.title, ".svg", time_format)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / name
            target.write_text(self.export_screenshot(), encoding="utf-8")
        except OSError as error:
            self.notify(
                f"{error}\nNothing was saved.", title="Screenshot not saved", severity="error", timeout=10
            )
            return None
        self.notify(str(target), title="Screenshot saved", timeout=8)
        return str(target)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        nav = self.navigation
        yield SystemCommand("Home", "The dashboard: accuracy, due cards, last session", nav.go_home)
        yield SystemCommand("Topics", "Browse topics and read cards", nav.open_topics)
        yield SystemCommand("Timed quiz", "Rehearse the exam against the clock", nav.start_quiz)
        yield SystemCommand("Match the date", "Pair events with their years", nav.start_match)
        yield SystemCommand("Weak spots", "The questions you get wrong most, and drills", nav.open_weak_spots)
        yield SystemCommand("Set exam date", "Set, change or clear this deck's exam date", nav.set_exam_date)
        yield SystemCommand(
            "Readiness", "Predicted exam score, the plan to the day, cram", nav.open_readiness
        )
        yield SystemCommand("Today's session", "The exam plan's cards for today", nav.start_today_session)
        yield SystemCommand(
            "Open deck", "Switch to another deck file (TOML, notes, Anki/Quizlet)", nav.open_deck
        )
        if getattr(screen, "ALLOWS_SEARCH", True):
            yield SystemCommand(
                "Search cards", "Every question and answer, typos forgiven (/)", nav.search_cards
            )
        yield SystemCommand(
            "Decks", "Every deck you have opened: due cards, accuracy, exam dates", nav.open_decks
        )
        yield SystemCommand("Help", "Every key of this screen", self.action_help)
        for command in super().get_system_commands(screen):
            # Textual's Keys panel squeezes the screen and escape cannot close it: help (?) does its job.
            if command.title != "Keys":
                yield command
