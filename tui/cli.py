"""The `revise` command line: argument parsing, subcommands and exit codes.

Exit codes (tui.exit_codes): 0 ok, 1 runtime failure (store locked or damaged), 2 bad usage or input.
Nothing here imports Textual unless the TUI is started.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from tui import __version__
from tui.exit_codes import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from tui.core.progress.split import DeckChange

FORMATS = ("native", "notes", "anki", "apkg")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 already; keep its one-line style
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _path(text: str) -> str:
    """A path argument as given; an empty one is a usage error (`--deck ''` opened the last deck)."""
    if not text:
        raise argparse.ArgumentTypeError("the path is empty: give the path of a file or folder")
    return text


def build_parser() -> argparse.ArgumentParser:
    # --data-dir is accepted before or after a subcommand.
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="PATH",
        type=_path,
        default=argparse.SUPPRESS,
        help="folder of progress.json (default: $REVISE_DATA_DIR or the user data folder)",
    )
    parser = _Parser(
        prog="revise",
        parents=[common],
        description="Keyboard-driven revision in the terminal: topics, timed quizzes, "
        "match-the-date and weak spots.",
    )
    parser.add_argument("--version", action="version", version=f"revise {__version__}")
    parser.add_argument(
        "--deck", metavar="PATH", type=_path, help="open this deck instead of the shipped one"
    )
    parser.add_argument("--format", choices=FORMATS, help="deck format (default: detected)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", parents=[common], help="check a deck file and summarise it")
    check.add_argument(
        "path", metavar="PATH", type=_path, nargs="?", help="deck file (default: the shipped deck)"
    )
    check.add_argument("--format", choices=FORMATS, help="deck format (default: detected)")
    check.add_argument("--json", action="store_true", help="print the summary as JSON")
    check.add_argument(
        "--answers", metavar="FILE", type=_path, help="mark labelled answers (JSON lines) against the deck"
    )

    stats = commands.add_parser(
        "stats",
        parents=[common],
        help="print progress without the TUI",
        description="Print each deck's progress without the TUI: its totals, then its questions weakest "
        "first, each with its weakness (0.40 or more is a weak spot), the question (cut to the "
        "terminal's width), attempts, accuracy (the share of the marks) and when last answered.",
    )
    stats.add_argument("--json", action="store_true", help="print as JSON")
    stats.add_argument(
        "--csv",
        metavar="PATH",
        type=_path,
        help="write the per-question table as CSV (- for standard output)",
    )

    commands.add_parser(
        "restore",
        parents=[common],
        help="set damaged progress files aside; keep intact ones, the rest from backups",
    )

    plan = commands.add_parser("plan", parents=[common], help="exam readiness")
    plan.add_argument(
        "--deck",
        metavar="PATH",
        type=_path,
        default=argparse.SUPPRESS,
        help="deck (default: the shipped one)",
    )
    plan.add_argument(
        "--format", choices=FORMATS, default=argparse.SUPPRESS, help="deck format (default: detected)"
    )
    plan.add_argument(
        "--exam", metavar="YYYY-MM-DD|none", help="set (or with none clear) the deck's exam date"
    )
    plan.add_argument("--minutes", type=float, metavar="N", help="minutes a day for the plan (default 20)")
    plan.add_argument("--json", action="store_true", help="print as JSON")

    decks = commands.add_parser("decks", parents=[common], help="list the decks you have opened")
    decks.add_argument("--json", action="store_true", help="print as JSON")

    export = commands.add_parser("export", parents=[common], help="write a deck as native TOML, ids kept")
    export.add_argument(
        "--deck",
        metavar="PATH",
        type=_path,
        default=argparse.SUPPRESS,
        help="deck (default: the shipped one)",
    )
    export.add_argument(
        "--format", dest="export_format", choices=("toml", "native"), default="toml", help="output format"
    )
    export.add_argument("--from", dest="deck_format", choices=FORMATS, help="deck format (default: detected)")
    export.add_argument(
        "--output", "-o", metavar="FILE", type=_path, help="file to write (default: standard output)"
    )
    export.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    if args.command in (None, "stats", "plan", "decks", "restore") and (
        problem := data_dir_problem(data_dir)
    ):
        print(f"revise: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "check" and args.answers:
            return run_answers_check(args.path, args.format, args.answers, args.json)
        if args.command == "check":
            return run_check(args.path, args.format, args.json)
        if args.command == "stats":
            from tui.commands import print_stats

            return print_stats(data_dir, as_json=args.json, csv_path=args.csv)
        if args.command == "plan":
            from tui.plan_command import run_plan

            return run_plan(data_dir, args.deck, args.format, args.exam, args.minutes, args.json)
        if args.command == "export":
            from tui.export_command import run_export

            return run_export(args.deck, args.deck_format or args.format, args.output, args.force)
        if args.command == "decks":
            from tui.decks_command import print_decks

            return print_decks(data_dir, as_json=args.json)
        if args.command == "restore":
            from tui.commands import restore

            return restore(data_dir)
        return run_app(args.deck, args.format, data_dir)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # any command's output piped to a reader that left (`| head`): not a crash
        from tui.commands import reader_left

        reader_left()
        return EXIT_OK
    except Exception as error:  # a bug, not bad input: a crash report and exit 1, never a traceback or 0
        from tui.crash import report_crash

        report_crash(error, data_dir)
        return EXIT_FAILURE


def data_dir_problem(override: str | None) -> str | None:
    """What is wrong with the progress folder given (--data-dir or REVISE_DATA_DIR) before anything
    reads or writes in it, or None: a file where the folder should be ("File exists" said nothing)."""
    from tui.paths import data_dir

    folder = data_dir(override)
    if folder.exists() and not folder.is_dir():
        return (
            f"the data folder {_safe(str(folder))} is a file, not a folder. "
            "Choose a folder with --data-dir or REVISE_DATA_DIR (it is made if it does not exist)."
        )
    return None


def run_answers_check(path: str | None, format: str | None, answers: str, as_json: bool) -> int:
    """`revise check DECK --answers FILE.jsonl`: see tui.core.mark_scheme_check."""
    from tui.core.deck import DeckError
    from tui.core.mark_scheme_check import run

    deck = _load(path, format)
    if deck is None:
        return EXIT_USAGE
    try:
        code, lines = run(deck, Path(answers), as_json)
    except DeckError as error:  # a bad answers file is bad input, as a bad deck is
        print(f"revise: {_safe(str(error), one_line=False)}", file=sys.stderr)
        return EXIT_USAGE
    print(_safe("\n".join(lines), one_line=False))  # answers and cards quoted: made inert
    return code


def _load(path: str | None, format: str | None, *, read_later: bool = False):
    from tui.core.deck import DeckError
    from tui.core.formats import load_deck
    from tui.paths import shipped_deck_path

    try:
        return load_deck(Path(path) if path else shipped_deck_path(), format, read_later=read_later)
    except DeckError as error:
        print(f"revise: {_safe(str(error), one_line=False)}", file=sys.stderr)
        return None


def _safe(text: str, *, one_line: bool = True) -> str:
    """Deck text as printed: control characters and escape sequences shown inertly (␛)."""
    from tui.core.display import display_safe

    return display_safe(text, keep_newlines=not one_line)


def deck_summary(deck) -> dict:
    """What `revise check --json` prints; deck text made inert (json escapes it, a reader may not)."""
    return {
        "title": _safe(deck.title),
        "id": _safe(deck.id),
        "format": deck.format,
        "cards": len(deck.cards),
        "topics": len(deck.topics),
        "events": len(deck.events),
        "topic_cards": [{"name": _safe(t.name), "cards": len(t.card_ids)} for t in deck.topics],
        "dated_events": [
            {"date": _safe(e.date), "label": _safe(e.label), "card": _safe(e.card_id)} for e in deck.events
        ],
    }


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


_LISTED = 40  # longer lists are cut in the human summary; --json has everything


def _summary_lines(deck, summary: dict) -> list[str]:
    """What `revise check` prints for a person: counts, topics, then events in time order."""
    counts = (
        _count(summary["cards"], "card"),
        _count(summary["topics"], "topic"),
        _count(summary["events"], "dated event"),
    )
    lines = [
        f"{summary['title']} ({deck.format} deck, id {summary['id']})",
        " · ".join(counts),
        "Topics (cards):",
    ]
    lines += [f"  {topic['cards']:>4,}  {topic['name']}" for topic in summary["topic_cards"][:_LISTED]]
    if len(deck.topics) > _LISTED:
        lines.append(f"  … and {len(deck.topics) - _LISTED} more (--json lists them all)")
    if deck.events:
        events = sorted(deck.events, key=lambda event: event.sort_key)
        width = max(len(_safe(event.date)) for event in events[:_LISTED])
        lines.append("Dated events:")
        lines += [f"  {_safe(event.date):<{width}}  {_safe(event.label)}" for event in events[:_LISTED]]
        if len(events) > _LISTED:
            lines.append(f"  … and {len(events) - _LISTED} more (--json lists them all)")
    return lines


def run_check(path: str | None, format: str | None, as_json: bool) -> int:
    deck = _load(path, format)
    if deck is None:
        return EXIT_USAGE
    from tui.deck_check import check_details, mark_point_lines, skipped_lines

    summary = deck_summary(deck) | check_details(deck)
    text = (
        json.dumps(summary, indent=2, ensure_ascii=False)
        if as_json
        else "\n".join(_summary_lines(deck, summary) + mark_point_lines(deck) + skipped_lines(deck))
    )
    # Every line may quote the deck (cards, skipped records); JSON leaves C1 controls and DEL raw.
    text = _safe(text, one_line=False)
    try:
        print(text, flush=True)
    except BrokenPipeError:  # `revise check | head`: the reader left; stay quiet about it
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def run_app(deck_path: str | None, format: str | None, data_dir: str | None) -> int:
    import gc

    # No cycle-collector pass from here to home's first frame (RevisionApp.run turns it back on
    # then, issue 18): the imports, the deck, 100,000s of parsed records and the first screen are
    # all kept, so a pass would only walk them (50-90 ms at 10,000 answered questions).
    gc.disable()
    try:
        return _run_app(deck_path, format, data_dir)
    finally:
        gc.enable()


def follow_stats_cache(folder: Path, changes: list[DeckChange]) -> None:
    """`revise stats`' cached columns follow each deck file the app writes (`stats_cache.follow`):
    the first `revise stats` after a save reads the changed records only (issue 18)."""
    from tui.core import stats_cache

    stats_cache.follow(changes)


def _run_app(deck_path: str | None, format: str | None, data_dir: str | None) -> int:
    if deck_path is not None:
        deck = _load(deck_path, format, read_later=True)  # a kept parse's cards: read after home is drawn
        if deck is None:
            return EXIT_USAGE
    from tui.core.progress import ProgressError, open_store
    from tui.paths import data_dir as resolve_data_dir

    folder = resolve_data_dir(data_dir)
    try:
        # the deck asked for has its progress file checked now: damage refused at start, not mid-session
        # home may draw from the figures cache first; the file is then checked after that frame
        store = open_store(
            folder,
            deck=deck.id if deck_path is not None else None,
            on_decks_written=follow_stats_cache,
            check_later=True,
        )
    except ProgressError as error:
        print(f"revise: {error}", file=sys.stderr)
        return EXIT_FAILURE
    notices: list[str] = []
    if deck_path is None:  # the deck used last, else the shipped one
        from tui.library_start import last_or_shipped_deck

        deck, notices = last_or_shipped_deck(store)
    from tui.library_start import own_copy_notices

    notices += own_copy_notices(deck, folder)  # the shipped file while an edited own copy exists
    from tui.core.library import claim_deck_id

    deck, clash = claim_deck_id(deck, store)  # another file with the same title keeps its progress apart
    if clash:
        notices.append(clash)
    from tui.app import RevisionApp

    app = RevisionApp(deck, store, data_dir=folder)
    app.start_notices = notices
    try:
        app.run()
    finally:
        app.finish_writes()
        if app.refused is None:
            saved = _close_store(store, folder, app.writer, app.context.deck)
        else:  # nothing was written: the lock is let go, as when open refuses the file
            store.close()
    if app.refused is not None:
        print(f"revise: {app.refused}", file=sys.stderr)
        return EXIT_FAILURE
    if app.unread_deck is not None:
        print(f"revise: {_safe(str(app.unread_deck), one_line=False)}", file=sys.stderr)
        return EXIT_FAILURE
    if app.crash is not None or app.return_code:
        from tui.crash import report_crash

        # return_code without a crash: Textual ended the app on an error it kept to itself.
        report_crash(app.crash or RuntimeError(f"the app ended with code {app.return_code}"), data_dir)
        return EXIT_FAILURE
    if not saved:
        return EXIT_FAILURE
    lost = app.writer.lost_writes
    if lost:
        print(
            f"revise: {lost} change{'s' * (lost != 1)} of this session could not be saved "
            f"({_safe(app.writer.lost_reason)}); everything saved before is safe.",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return EXIT_OK


def _close_store(store, folder: Path, writer=None, deck=None) -> bool:
    """Write anything not yet saved and free the data folder; False (and said on stderr) if that failed.

    A clean close folds the journal into progress.json and leaves it empty; a journal left with
    changes means that fold failed (a read-only folder, a full disk): the answers are safe in the
    journal, but the student is told, with what to do, rather than quitting as if all was well.
    Changes the disk refused all session (`writer.unsaved_*`, tried once more by `writer.close`)
    are lost with the process: the student is told how many answers, never "nothing changed", and
    the exam paper's answers the disk refused (`writer.kept_paper`) are printed, the terminal being
    the one place left to keep them.
    """
    from tui.core.progress import ProgressError, progress_path
    from tui.core.progress.journal import journal_path

    try:
        store.close()
    except ProgressError as error:
        print(f"revise: {_unsaved_message(error, folder, writer)}", file=sys.stderr)
        kept = getattr(writer, "kept_paper", None)
        if kept is not None:
            print("\n".join(_kept_answers(kept, deck)), file=sys.stderr)
        return False
    journal = journal_path(progress_path(folder))
    try:
        left = journal.stat().st_size
    except OSError:  # no journal: nothing was left unfolded
        left = 0
    if left:
        why, fix = _why_not_folded(folder)
        print(
            f"revise: this session's answers could not be written into {progress_path(folder)}"
            f"{f' ({_safe(why)})' if why else ''}. They are kept in its journal {journal}, and the next "
            f"start applies them: {fix}, then start revise once. Do not delete the journal.",
            file=sys.stderr,
        )
        return False
    _backup_at_quit(folder)
    return True


def _unsaved_message(error: Exception, folder: Path, writer) -> str:
    """What quitting says when the last save failed: what is lost (answers, the exam paper), why, what to do."""
    from tui.core.progress import ProgressLockLostError
    from tui.writer import os_error_of

    text = _safe(str(error), one_line=False)
    answers = getattr(writer, "unsaved_answers", 0)
    paper = getattr(writer, "unsaved_paper", None)
    if isinstance(error, ProgressLockLostError) or not (answers or paper or os_error_of(error)):
        return text  # not a refused save (a lost lock, a damaged file): its own message says it all
    cause = os_error_of(error)
    why = _safe(cause.strerror or str(cause)) if cause is not None else text
    fix = _fix_for(why, folder)
    if blocked := _decks_folder_blocked(folder):  # "File exists" alone does not say which file
        why, fix = (_safe(part) for part in blocked)
    lost = []
    if answers:
        lost.append(f"{_count(answers, 'answer')} of this session")
    if paper is not None:
        answered, questions = paper
        lost.append(f"your exam paper as it stood ({answered} of {questions} answered)")
    what = " and ".join(lost) or "the last changes of this session (no answers)"
    after = (
        " The next start offers the exam paper as it was last saved, with the answers saved by then."
        if getattr(writer, "paper_refused", False)
        else ""
    )
    return (
        f"{what} could not be saved in {folder} ({why}), even when tried again at quit: "
        f"{'it is' if what.startswith('your') and not answers else 'they are'} lost. Everything saved "
        f"before is safe.{after} Before the next session: {fix}."
    )


def _kept_answers(paper: dict, deck) -> list[str]:
    """The answers given on an exam paper the disk refused (`tui.core.paper.paper_to_dict`), one a line,
    each after its question (its card id if the open deck is not the paper's), made inert."""
    answered = [
        q for q in paper.get("questions", ()) if isinstance(q, dict) and q.get("response") is not None
    ]
    if not answered:
        return []
    lines = ["Your exam paper's answers as they stood (copy them now: they are not on disk):"]
    for number, question in enumerate(answered, 1):
        card = str(question.get("card"))
        asked = card
        if deck is not None and paper.get("deck") == deck.id and deck.has_card(card):
            asked = deck.card(card).question
            asked = asked if len(asked) <= 70 else asked[:69] + "…"
        lines.append(f"  {number}. {_safe(asked)}\n     {_safe(str(question['response']))}")
    return lines


def _fix_for(why: str, folder: Path) -> str:
    """What to do about a refused save, by its cause."""
    lowered = why.lower()
    if "no space" in lowered or "quota" in lowered:
        return f"free some disk space where {folder} is"
    if "read-only" in lowered or "permission" in lowered:
        return f"make {folder} writable again"
    return f"check {folder} ({why})"


def _why_not_folded(folder: Path) -> tuple[str | None, str]:
    """Why the journal could not be folded into progress.json, and what to do about it: progress.json
    is not a file (a folder in its place), a file stands where the deck files' folder should be, or
    the folder takes no new file (`_why_not_writable`)."""
    import os
    import stat

    from tui.core.progress import progress_path

    path = progress_path(folder)
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        # `revise restore` sets it aside, brings back the newest backup and keeps the journal's changes.
        return f"it is {kind}, not a file", (
            "put the progress file back in its place, or run `revise restore` (it sets that aside and "
            "brings back the newest backup)"
        )
    if blocked := _decks_folder_blocked(folder):
        return blocked
    why = _why_not_writable(folder)
    if why is None:
        return None, f"check that {folder} can take new files"
    return why, _fix_for(why, folder)


def _decks_folder_blocked(folder: Path) -> tuple[str, str] | None:
    """(why, what to do) when something other than a folder stands where the deck files' folder
    should be (a file named `decks`): no deck's records can be written; else None."""
    from tui.core.progress.split import DECKS_FOLDER

    decks = folder / DECKS_FOLDER
    if decks.exists() and not decks.is_dir():
        return f"{decks} is a file, not a folder", f"move or rename the file {decks}"
    return None


def _backup_at_quit(folder: Path) -> None:
    """A backup of what this session saved (`backups.backup_at_quit`); a failed one is not said:
    nothing is lost by it, and the next start takes one (and says what fails)."""
    import contextlib
    from datetime import UTC, datetime

    from tui.core.progress import ProgressError
    from tui.core.progress.backups import backup_at_quit

    with contextlib.suppress(ProgressError, OSError):
        backup_at_quit(folder, datetime.now(UTC))


def _why_not_writable(folder: Path) -> str | None:
    """Why a new file cannot be made in `folder` ("Permission denied", "Read-only file system", ...),
    tried as a save would; None if it can be made now."""
    import contextlib
    import os
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=".revise-check.", dir=folder)
    except OSError as error:
        return error.strerror or str(error)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return None
