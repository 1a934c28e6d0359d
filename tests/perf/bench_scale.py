"""Scale benchmarks (issue 18): big decks, years of answers, every screen as quick as a key.

Measured to the whole screen drawn in a real terminal (tmux at 100x30, the pane polled until
a known final text appears), and headless where a figure is memory or a step inside the app.
Each case alternates with its reference in one run and prints medians and their ratio; no
case asserts a time. Parsed decks are cached in a temporary folder, as a student's second
start would find them (the first round of a case pays the parse).

Run one case at a time (minutes each on a busy 2-core machine):
    python -m pytest -m perf -s tests/perf/bench_scale.py -k shipped
"""

from __future__ import annotations

import compileall
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.perf.measure import REPO, run_child, side_by_side
from tests.perf.scale_data import write_records, write_toml_deck
from tests.perf.tmux_clock import TMUX, Session, pane, time_and_cpu_to_text

pytestmark = [
    pytest.mark.perf,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed: real-terminal figures need it"),
]
ROUNDS = 5
REVISE = str(Path(sys.executable).parent / "revise")
HOME_DRAWN = ("Weak spots", "Last session", "palette")  # the dashboard's last row, the menu, the Footer

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hello from a bare app")
        yield Footer()

Bare().run()
"""


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scale")


@pytest.fixture(scope="module", autouse=True)
def tmux_server():
    """One idle session for the whole module: a run that ends the last session stops the tmux server,
    and the next run's new-session can reach it as it goes ("server exited unexpectedly")."""
    import subprocess
    import uuid

    name = f"revise-bench-idle-{uuid.uuid4().hex[:8]}"
    subprocess.run([TMUX, "new-session", "-d", "-s", name, "sleep 3600"], check=True)  # type: ignore[list-item]
    yield
    subprocess.run([TMUX, "kill-session", "-t", name], capture_output=True)  # type: ignore[list-item]


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    """Bytecode for the app's own modules, as a wheel install writes it (pip compiles on install).

    An editable install under PYTHONDONTWRITEBYTECODE=1 would compile every module again on
    every start (about 0.2 s of CPU here), which no installed `revise` does.
    """
    for package in ("tui", "screens"):
        compileall.compile_dir(str(REPO / package), quiet=1)


@pytest.fixture(autouse=True)
def cache_in(work, monkeypatch):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(work / "deck-cache"))


def _timed(drawn: tuple[float, float | None], cpu: list[float] | None) -> float:
    seconds, used = drawn
    if cpu is not None and used is not None:
        cpu.append(used)
    return seconds


def bare_app(work: Path, cpu: list[float] | None = None) -> float:
    """Seconds until the bare app is drawn; its CPU seconds by then appended to `cpu`."""
    script = work / "bare.py"
    script.write_text(BARE_APP)
    return _timed(
        time_and_cpu_to_text([sys.executable, str(script)], "Hello from a bare app", "palette"), cpu
    )


def revise(data: Path, deck: Path | None = None, cpu: list[float] | None = None) -> float:
    """Seconds until home is drawn; the CPU seconds revise used by then appended to `cpu`."""
    args = [REVISE, "--data-dir", str(data)] + (["--deck", str(deck)] if deck else [])
    env = {"REVISE_CACHE_DIR": str(data.parent / "deck-cache")}
    return _timed(time_and_cpu_to_text(args, *HOME_DRAWN, env=env), cpu)


def cpu_ratio(name_a: str, a: list[float], name_b: str, b: list[float]) -> None:
    """The same runs' CPU seconds to the screen drawn: steadier than wall time on a loaded machine."""
    if a and b:
        ratio = statistics.median(a) / statistics.median(b)
        print(
            f"  CPU to drawn: {name_a} median {statistics.median(a):.3f} s, {name_b} "
            f"{statistics.median(b):.3f} s, ratio {ratio:.2f} (load {os.getloadavg()[0]:.1f})"
        )


def verdict(ratio: float, target: float) -> str:
    return f"target <= {target}x: {'met' if ratio <= target else 'NOT met'}"


def test_shipped_deck_on_an_empty_folder_vs_bare_textual(work):
    runs = iter(range(1000))

    cpu: list[float] = []
    bare: list[float] = []

    def fresh() -> float:
        return revise(work / f"empty-{next(runs)}", cpu=cpu)

    print("\nStart -> home drawn in tmux: shipped deck, empty data folder vs a bare Textual app")
    *_, ratio = side_by_side("revise", fresh, "bare textual", lambda: bare_app(work, bare), ROUNDS)
    print(f"  {verdict(ratio, 1.3)}")
    cpu_ratio("revise", cpu, "bare textual", bare)


def fold_journal(folder: Path, deck_id: str) -> None:
    """Open and close the store in `folder` once the killed revise has let go of it: its journal folded."""
    from tui.core.progress import ProgressLockedError, open_store

    deadline = time.monotonic() + 30
    while True:
        try:
            open_store(folder, deck=deck_id).close()
            return
        except ProgressLockedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_10k_card_toml_deck_every_card_answered_vs_bare_textual(work):
    """A student's start after a quit: each round starts from a copy of the same folder, the deck
    opened there before and its journal folded (as ctrl+q leaves it). A start after a killed one
    (every round's start is killed once drawn) folds that journal first: its cost is printed last."""
    deck = write_toml_deck(work / "deck-10k.toml", 10_000, "deck-10k")
    template = work / "data-10k"
    write_records(template, "deck-10k", [f"c{n}" for n in range(10_000)])
    revise(template, deck)  # the deck opened once: in the library, its parse cached; killed once drawn
    fold_journal(template, "deck-10k")  # as a quit would have
    runs = iter(range(1000))

    def fresh_copy() -> Path:
        folder = work / f"data-10k-{next(runs)}"
        shutil.copytree(template, folder)
        return folder

    cpu: list[float] = []
    bare: list[float] = []
    print("\nStart -> home drawn in tmux: 10,000-card TOML deck, every card answered vs bare Textual")
    *_, ratio = side_by_side(
        "revise 10k answered",
        lambda: revise(fresh_copy(), deck, cpu),
        "bare textual",
        lambda: bare_app(work, bare),
        ROUNDS,
    )
    print(f"  {verdict(ratio, 1.5)}")
    cpu_ratio("revise 10k answered", cpu, "bare textual", bare)
    killed = work / "data-10k-killed"
    shutil.copytree(template, killed)
    revise(killed, deck)
    side_by_side(  # what folding a killed session's journal adds to a start
        "revise 10k answered, after a killed start",
        lambda: revise(killed, deck),
        "revise 10k answered",
        lambda: revise(fresh_copy(), deck),
        ROUNDS,
    )


PEAK_CODE = """
from pathlib import Path
from tui.core.formats import load_deck
from tui.core.progress import open_store
from tui.paths import shipped_deck_path
from tui.app import RevisionApp

deck = load_deck(shipped_deck_path())
store = open_store(Path({data!r}))

async def drawn(pilot):
    await pilot.pause()
    pilot.app.exit()

try:
    RevisionApp(deck, store).run(headless=True, size=(100, 30), auto_pilot=drawn)
finally:
    store.close()
"""


def test_100k_records_home_vs_bare_textual_and_peak_memory(work):
    """A student's start: the shipped deck opened last, another deck of 100,000 answered questions
    in the library (its records in its own file, backed up at an earlier start)."""
    from tui.core.formats import load_deck
    from tui.core.progress import open_store
    from tui.paths import shipped_deck_path

    ids = [f"card-{n}" for n in range(100_000)]
    template = work / "records-100k"
    write_records(template, "other-deck", ids)
    shipped = load_deck(shipped_deck_path())
    store = open_store(template)
    store.remember_deck("other-deck", str(work / "other-deck.toml"), "Other deck", "native", len(ids))
    store.remember_deck(shipped.id, str(shipped_deck_path()), shipped.title, "native", len(shipped.cards))
    store.close()
    open_store(template).close()  # the start after: its backup, the other deck's file kept once in it
    runs = iter(range(1000))

    def fresh_copy() -> Path:  # each start backs up and may compact: start each from the same files
        folder = work / f"data-100k-{next(runs)}"
        shutil.copytree(template, folder)
        return folder

    cpu: list[float] = []
    bare: list[float] = []
    print("\nStart -> home drawn in tmux: shipped deck, 100,000 progress records vs bare Textual")
    *_, ratio = side_by_side(
        "revise 100k records",
        lambda: revise(fresh_copy(), cpu=cpu),
        "bare textual",
        lambda: bare_app(work, bare),
        ROUNDS,
    )
    print(f"  {verdict(ratio, 1.5)}")
    cpu_ratio("revise 100k records", cpu, "bare textual", bare)
    empty = iter(range(1000))
    side_by_side(  # what the other deck's records still add to a start (1.0x: nothing)
        "revise 100k records",
        lambda: revise(fresh_copy()),
        "revise, empty data folder",
        lambda: revise(work / f"empty-100k-{next(empty)}"),
        ROUNDS,
    )
    peaks = [run_child(PEAK_CODE.format(data=str(fresh_copy())))["maxrss_kib"] / 1024 for _ in range(3)]
    peak = statistics.median(peaks)
    print(
        f"  peak memory, headless to home drawn: median {peak:.0f} MiB; target <= 120 MiB: "
        f"{'met' if peak <= 120 else 'NOT met'}"
    )


def test_50k_card_toml_deck_second_start_vs_shipped_deck(work):
    deck = write_toml_deck(work / "deck-50k.toml", 50_000, "deck-50k")
    revise(work / "first-start", deck)  # the first start parses and caches
    print("\nStart -> home drawn in tmux: 50,000-card TOML deck (second start) vs the shipped deck")
    *_, ratio = side_by_side(
        "revise 50k cards",
        lambda: revise(work / "data-50k", deck),
        "shipped deck",
        lambda: revise(work / "data-shipped"),
        ROUNDS,
    )
    print(f"  {verdict(ratio, 1.5)}")


def test_weak_spots_first_open_and_reopen_vs_topics_at_10k_answered(work):
    deck = write_toml_deck(work / "deck-10k.toml", 10_000, "deck-10k")
    write_records(work / "data-10k-weak", "deck-10k", [f"c{n}" for n in range(10_000)])
    first, reopen, topics, home = [], [], [], []
    for _ in range(ROUNDS):
        with Session(
            [REVISE, "--data-dir", str(work / "data-10k-weak"), "--deck", str(deck)],
            env={"REVISE_CACHE_DIR": str(work / "deck-cache")},
        ) as app:
            app.wait_for(*HOME_DRAWN)
            sent = app.send("t")
            topics.append(app.wait_for("Mastery", "palette") - sent)
            app.send("escape")
            app.wait_for(*HOME_DRAWN)
            sent = app.send("w")
            first.append(app.wait_for("10,000 answered questions", "#1 weakest", "palette") - sent)
            sent = app.send("escape")
            home.append(app.wait_for(*HOME_DRAWN) - sent)
            sent = app.send("w")
            reopen.append(app.wait_for("10,000 answered questions", "#1 weakest", "palette") - sent)
    print("\nWeak spots in tmux, 10,000 answered questions, vs opening topics on the same store")
    side_by_side("weak spots, first open", iter(first).__next__, "topics", iter(topics).__next__, ROUNDS)
    print("  target <= 3x")
    side_by_side("weak spots, reopen", iter(reopen).__next__, "topics", iter(topics).__next__, ROUNDS)
    print("  target <= 2x")
    print(f"  back home from weak spots: median {statistics.median(home):.3f} s")


def _home_return_vs_cursor_move(argv: list[str], env: dict[str, str]) -> tuple[list[float], list[float]]:
    """In weak spots: `down` (the table's cursor moves) vs `escape` (home drawn again), alternately."""
    moves, homes = [], []
    weak_drawn = ("answered questions", "palette")
    with Session(argv, env=env) as app:
        app.wait_for(*HOME_DRAWN)
        for _ in range(ROUNDS * 2):
            app.send("w")
            app.wait_for(*weak_drawn)
            time.sleep(0.3)  # settled: the table fully drawn
            before = pane(app.name, styles=True)
            sent = app.send("Down")
            moves.append(app.until_changed(before) - sent)
            time.sleep(0.3)
            sent = app.send("Escape")
            homes.append(app.wait_for(*HOME_DRAWN) - sent)
            time.sleep(0.3)
    return homes, moves


BARE_KEYS = """
import sys
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

class Keys(App):
    BINDINGS = [Binding("escape", "say('escape')"), Binding("down", "say('down')")]
    count = 0

    def compose(self):
        yield Header()
        yield Static("no key yet", id="said")
        yield Footer()

    def action_say(self, key):
        self.count += 1
        self.query_one("#said").update(f"{key} {self.count}")

if sys.argv[1:] == ["quick"]:  # Revise's driver (tui.driver): escape at its deadline
    from tui.driver import QuickEscapeDriver

    Keys(driver_class=QuickEscapeDriver).run()
else:
    Keys().run()
"""


def _bare_escape_vs_down(work: Path, driver: str = "") -> tuple[list[float], list[float]]:
    script = work / "bare_keys.py"
    script.write_text(BARE_KEYS)
    escapes, downs = [], []
    with Session([sys.executable, str(script), *([driver] if driver else [])]) as app:
        app.wait_for("no key yet", "palette")
        for _ in range(ROUNDS * 2):
            for key, times in (("Escape", escapes), ("Down", downs)):
                time.sleep(0.3)
                before = pane(app.name, styles=True)
                sent = app.send(key)
                times.append(app.until_changed(before) - sent)
    return escapes, downs


def test_home_return_vs_cursor_move_in_tmux(work):
    """Issue 16 item 13: home appears as fast as any other key, on the shipped deck and at 10k answered."""
    from tui.core.formats import load_deck
    from tui.paths import shipped_deck_path

    shipped = load_deck(shipped_deck_path())
    write_records(work / "data-home-shipped", shipped.id, [card.id for card in shipped.cards])
    deck = write_toml_deck(work / "deck-10k.toml", 10_000, "deck-10k")
    write_records(work / "data-home-10k", "deck-10k", [f"c{n}" for n in range(10_000)])
    env = {"REVISE_CACHE_DIR": str(work / "deck-cache")}
    cases = (
        ("shipped deck, every card answered", [REVISE, "--data-dir", str(work / "data-home-shipped")]),
        (
            "10,000-card deck, every card answered",
            [REVISE, "--data-dir", str(work / "data-home-10k"), "--deck", str(deck)],
        ),
    )
    # Textual's own driver hands a lone escape over on its 100 ms select tick (100-200 ms after the key).
    escapes, downs = _bare_escape_vs_down(work)
    print("\nThe floor, a bare Textual app whose escape and down each change one line, tmux:")
    side_by_side("escape", iter(escapes).__next__, "down", iter(downs).__next__, len(escapes))
    escapes, downs = _bare_escape_vs_down(work, "quick")
    print("The same bare app with Revise's driver (a lone escape is the escape key after 20 ms):")
    side_by_side("escape", iter(escapes).__next__, "down", iter(downs).__next__, len(escapes))
    for label, argv in cases:
        homes, moves = _home_return_vs_cursor_move(argv, env)
        print(
            f"\nBack home from weak spots (escape -> home drawn) vs a cursor move in its table (down), tmux: {label}"
        )
        *_, ratio = side_by_side(
            "home", iter(homes).__next__, "cursor move", iter(moves).__next__, len(homes)
        )
        print(
            f"  {verdict(ratio, 2)}; escape includes the 20 ms wait that tells a lone escape from a sequence"
        )
        own = statistics.median(homes) - statistics.median(escapes)
        print(
            f"  home beyond the bare app's escape (same driver): {own * 1000:.0f} ms, "
            f"{own / statistics.median(moves):.2f}x the cursor move"
        )


# What each key's figure waits for, tested on the same capture of the pane (`Session.until_shown`).
MOVED = re.compile(r"▸\s+2\s")  # the highlight (▸) on option 2 after `down`
VERDICTS = ("✓ Right", "✗ Wrong")
# A typed answer's verdict, or the step that stands for it: marking it yourself, or its checklist.
TYPED_VERDICTS = (*VERDICTS, "Is your answer right?", "Check the mark points")
TYPE_HINT = "Type your answer, then enter"  # the empty answer box's placeholder
QUIZZES = 2  # of the setup's default 10 questions each: 20 answers, a different sample of the deck each


def _quizzes(app: Session, setup: tuple[str, ...], question: Callable[[int], None]) -> None:
    """Run QUIZZES quizzes from home, `setup` keys pressed in the first one's setup (the next setup
    starts from the last quiz's choices); `question(number)` answers each question once it has
    settled (its text drawn, then 0.3 s)."""
    for quiz in range(QUIZZES):
        app.send("q")
        app.wait_for("Start quiz")
        for key in setup if quiz == 0 else ():
            app.send(key)
            time.sleep(0.2)
        app.send("Enter")
        for number in range(1, 11):
            app.wait_for(f"Question {number} of")
            time.sleep(0.3)
            question(number)
        app.wait_for("Time used")  # the results
        app.send("Enter")
        app.wait_for(*HOME_DRAWN)


def _key_figures(
    label: str, a: tuple[str, list[float]], b: tuple[str, list[float]], captures: list[int]
) -> None:
    """Medians and ratio of two keys measured alike, the load, each figure and the polling."""
    (name_a, times_a), (name_b, times_b) = a, b
    print(f"\n{label}")
    *_, ratio = side_by_side(name_a, iter(times_a).__next__, name_b, iter(times_b).__next__, len(times_a))
    # A busy machine stretches the longer drawing more than the shorter: say how busy it was.
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"  {verdict(ratio, 2)}; load average {load}")
    print(f"  {name_a} in ms: {' '.join(f'{seconds * 1000:.0f}' for seconds in times_a)}")
    print(f"  {name_b} in ms: {' '.join(f'{seconds * 1000:.0f}' for seconds in times_b)}")
    print(f"  captures of the pane per figure (each one tmux process): median {statistics.median(captures)}")


def test_answer_to_verdict_vs_highlight_move_in_tmux(work):
    """Issue 18: `1` until the verdict is on the pane vs `down` until the highlight is on option 2.

    Both are polled alike (`until_shown`: the same capture, a text test), from the same settled
    question, 20 answers over two quizzes.
    """
    moves: list[float] = []
    answers: list[float] = []
    captures: list[int] = []

    def question(_number: int) -> None:
        sent = app.send("Down")
        moved, polls = app.until_shown(MOVED.search)
        moves.append(moved - sent)
        captures.append(polls)
        time.sleep(0.3)
        sent = app.send("1")
        shown, polls = app.until_shown(lambda text: any(word in text for word in VERDICTS))
        answers.append(shown - sent)
        captures.append(polls)
        time.sleep(0.2)
        app.send("Enter")

    with Session([REVISE, "--data-dir", str(work / "data-keys")]) as app:
        app.wait_for(*HOME_DRAWN)
        _quizzes(app, (), question)
    _key_figures(
        "Quiz keys in tmux on the shipped deck: answer (1 -> verdict drawn) vs highlight (down -> moved)",
        ("answer", answers),
        ("highlight", moves),
        captures,
    )


def test_typed_verdict_and_exam_answer_vs_a_key_in_tmux(work):
    """Typed answers (`enter` until the verdict, or the marking that stands for it) against a letter
    typed in the answer box, and an exam's `1` (on to the next question) against a highlight move."""
    typed: list[float] = []
    letters: list[float] = []
    captures: list[int] = []

    def typed_question(_number: int) -> None:
        sent = app.send("-l", "q")
        shown, polls = app.until_shown(lambda text: TYPE_HINT not in text)  # the box's hint gives way
        letters.append(shown - sent)
        captures.append(polls)
        time.sleep(0.3)
        sent = app.send("Enter")
        shown, polls = app.until_shown(lambda text: any(word in text for word in TYPED_VERDICTS))
        typed.append(shown - sent)
        captures.append(polls)
        time.sleep(0.2)
        app.send("n" if "Is your answer right?" in pane(app.name) else "Enter")

    with Session([REVISE, "--data-dir", str(work / "data-typed")]) as app:
        app.wait_for(*HOME_DRAWN)
        _quizzes(app, ("Down", "Down", "Right"), typed_question)
    _key_figures(
        "Typed answers in tmux: enter -> verdict (or its marking) drawn vs a letter typed",
        ("typed answer", typed),
        ("letter", letters),
        captures,
    )

    exams: list[float] = []
    moves: list[float] = []
    captures = []

    def exam_question(number: int) -> None:
        sent = app.send("Down")
        moved, polls = app.until_shown(MOVED.search)
        moves.append(moved - sent)
        captures.append(polls)
        time.sleep(0.3)
        sent = app.send("1")
        following = f"Question {number + 1} of" if number < 10 else "All questions answered"
        shown, polls = app.until_shown(lambda text: following in text)
        exams.append(shown - sent)
        captures.append(polls)
        if number == 10:
            time.sleep(0.2)
            app.send("Enter")  # hand in: multiple choice is marked at once

    with Session([REVISE, "--data-dir", str(work / "data-exam")]) as app:
        app.wait_for(*HOME_DRAWN)
        _quizzes(app, ("Down", "Down", "Down", "Right"), exam_question)
    _key_figures(
        "Exam answers in tmux: 1 -> the next question drawn vs highlight (down -> moved)",
        ("exam answer", exams),
        ("highlight", moves),
        captures,
    )


async def test_quiz_over_a_200k_card_deck_starts_within_a_second_of_the_deck_open(work):
    from screens.quiz import QuizScreen
    from tests.screen_text import screen_text
    from tui.app import RevisionApp
    from tui.core.formats import load_deck
    from tui.core.progress import ProgressStore

    path = write_toml_deck(work / "deck-200k.toml", 200_000, "deck-200k", topics=200, short=True)
    load_deck(path)  # the first start parses and caches
    started = time.perf_counter()
    deck = load_deck(path)
    opened = time.perf_counter() - started
    times = []
    for _ in range(3):
        app = RevisionApp(deck, ProgressStore.in_memory(), animations=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("q")
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("enter")
            while not (isinstance(app.screen, QuizScreen) and "Question 1 of" in screen_text(app)):
                await pilot.pause()
            times.append(time.perf_counter() - started)
    start = statistics.median(times)
    print(
        f"\n200,000-card deck: opened (cached) in {opened:.2f} s; quiz setup enter -> question 1 drawn "
        f"(headless): median {start:.2f} s over 3; target <= 1 s: {'met' if start <= 1 else 'NOT met'}"
    )


STATS_CODE = """
import os, sys, time
from tui.commands import print_stats
sys.stdout = open(os.devnull, "w")
started, cpu = time.perf_counter(), time.process_time()
print_stats({data!r}, as_json=True)
sys.stdout = sys.__stdout__
import json
print(json.dumps({{"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}}))
"""


# The read alone (`tui.core.stats.read_stats`: progress.json, its journal, each deck file decoded and
# checked once, or its cached columns): the rest of `revise stats --json` is making and printing the rows.
READ_CODE = """
import sys, time
from pathlib import Path
from tui.core.stats import no_gc_passes, read_stats
started = time.perf_counter()
with no_gc_passes():
    read_stats(Path({data!r}))
import json
print(json.dumps({{"seconds": time.perf_counter() - started}}))
"""


def test_stats_json_at_100k_records(work):
    """Warm: the deck file's columns cached by an earlier run (`tui.core.stats_cache`), as on every
    run but the first after the app saved that deck; cold: that first run (no entry yet)."""
    print("\nrevise stats --json (headless, output to /dev/null): time and peak memory by records printed")
    entries = work / "deck-cache" / "stats"
    for records in (1_000, 10_000, 100_000):
        folder = work / f"stats-{records}"
        write_records(folder, "stats-deck", [f"card-{n}" for n in range(records)])
        colds, runs, reads = [], [], []
        for _ in range(3):  # alternating: the load of a shared machine falls on all alike
            shutil.rmtree(entries, ignore_errors=True)
            colds.append(run_child(STATS_CODE.format(data=str(folder))))
            runs.append(run_child(STATS_CODE.format(data=str(folder))))
            reads.append(run_child(READ_CODE.format(data=str(folder))))
        seconds = statistics.median(run["seconds"] for run in runs)
        cpu = statistics.median(run["cpu"] for run in runs)
        peak = statistics.median(run["maxrss_kib"] for run in runs) / 1024
        read = statistics.median(run["seconds"] for run in reads)
        cold = statistics.median(run["seconds"] for run in colds)
        cold_cpu = statistics.median(run["cpu"] for run in colds)
        cold_peak = statistics.median(run["maxrss_kib"] for run in colds) / 1024
        print(
            f"  {records:>7} records: warm {seconds:.2f} s (CPU {cpu:.2f} s), peak {peak:.0f} MiB "
            f"(the read alone: {read:.2f} s); cold {cold:.2f} s (CPU {cold_cpu:.2f} s), peak {cold_peak:.0f} MiB"
        )
    print(
        f"  target at 100k (warm): <= 1 s: {'met' if seconds <= 1 else 'NOT met'}; "
        f"<= 150 MiB: {'met' if max(peak, cold_peak) <= 150 else 'NOT met'} (load {os.getloadavg()[0]:.1f})"
    )


# The app's save as a student's session ends: 40 questions answered again and 10 new ones, then quit
# (the journal folded into a new deck file). `follow`: as `revise` starts the app, keeping a delta for
# `revise stats` (`tui.core.stats_cache.follow`); else as before. Prints the quit's time and CPU.
APP_SAVE_CODE = """
import sys, time
from tui.cli import follow_stats_cache
from tui.core.progress import open_store
spent = [0.0]
def follow(folder, changes):
    started = time.process_time()
    follow_stats_cache(folder, changes)
    spent[0] += time.process_time() - started
store = open_store({data!r}, deck="stats-deck", on_decks_written=follow if {follow} else None)
for n in range(50):
    card = f"card-{{n * 997 % {records}}}" if n < 40 else f"new-{{n}}"
    store.record_answer("stats-deck", card, n % 3 != 0, 2.5, "quiz")
started, cpu = time.perf_counter(), time.process_time()
store.close()
import json
print(json.dumps({{"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "follow": spent[0]}}))
"""


def test_stats_json_first_run_after_the_app_saved(work):
    """The first `revise stats --json` after the app saved the deck (a new deck file, whose columns
    no entry holds yet), the student having run it before: with the delta the app keeps
    (`stats_cache.follow`) against without (the new file decoded, as before). Then the quit's cost
    of keeping the delta: the app's close with and without it. Alternating rounds, each on a fresh
    copy of the same store and its entry."""
    import subprocess

    print("\nrevise stats --json, first run after the app saved the deck (headless, to /dev/null)")
    entries = work / "deck-cache" / "stats"
    for records in (10_000, 100_000):
        base = work / f"after-save-{records}"
        write_records(base, "stats-deck", [f"card-{n}" for n in range(records)])
        shutil.rmtree(entries, ignore_errors=True)
        run_child(STATS_CODE.format(data=str(base)))  # the entry of the deck's file as the student left it
        kept = work / f"after-save-{records}-entries"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(entries, kept)
        figures: dict[str, list[dict]] = {"follow": [], "before": [], "quit follow": [], "quit before": []}
        warm: list[dict] = []
        for _ in range(ROUNDS):
            for follow in (True, False):
                folder = work / f"after-save-{records}-copy"
                shutil.rmtree(folder, ignore_errors=True)
                shutil.copytree(base, folder)
                shutil.rmtree(entries, ignore_errors=True)
                shutil.copytree(kept, entries)
                subprocess.run(["sync"], check=False)  # the copies' writeback not charged to the runs
                quit_run = run_child(APP_SAVE_CODE.format(data=str(folder), follow=follow, records=records))
                figures["quit follow" if follow else "quit before"].append(quit_run)
                time.sleep(2.1)  # a student runs it later than the file's settling time (`stats.SETTLED_NS`)
                figures["follow" if follow else "before"].append(
                    run_child(STATS_CODE.format(data=str(folder)))
                )
                if follow:
                    warm.append(run_child(STATS_CODE.format(data=str(folder))))

        def median(name: str, key: str, figures: dict[str, list[dict]] = figures) -> float:
            return statistics.median(run[key] for run in figures[name])

        peak = max(median("follow", "maxrss_kib"), median("before", "maxrss_kib")) / 1024
        print(
            f"  {records:>7} records: first run after a save {median('follow', 'seconds'):.2f} s "
            f"(CPU {median('follow', 'cpu'):.2f} s, peak {median('follow', 'maxrss_kib') / 1024:.0f} MiB) "
            f"against {median('before', 'seconds'):.2f} s (CPU {median('before', 'cpu'):.2f} s, peak "
            f"{median('before', 'maxrss_kib') / 1024:.0f} MiB) before; the run after: "
            f"{statistics.median(run['seconds'] for run in warm):.2f} s\n"
            f"           the app's quit: {median('quit follow', 'seconds'):.3f} s (CPU "
            f"{median('quit follow', 'cpu'):.3f} s) keeping the delta, {median('quit before', 'seconds'):.3f} s "
            f"(CPU {median('quit before', 'cpu'):.3f} s) without; the delta itself: CPU "
            f"{median('quit follow', 'follow') * 1000:.1f} ms"
        )
    seconds = median("follow", "seconds")
    print(
        f"  target at 100k, first run after a save: <= 1 s: {'met' if seconds <= 1 else 'NOT met'}; "
        f"<= 150 MiB: {'met' if peak <= 150 else 'NOT met'} (load {os.getloadavg()[0]:.1f})"
    )
