"""`revise stats` and `revise restore`: progress without the TUI."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from tui.core.deck import Deck
    from tui.core.progress import LibraryEntry, ProgressStore
    from tui.core.progress.restore import DeckRestore, RestoreResult, SharedCounts
    from tui.core.stats import StatsSource


def _print(text: str) -> None:
    try:
        print(text, flush=True)
    except BrokenPipeError:  # `revise stats | head`: the reader left; stay quiet about it
        reader_left()


def reader_left() -> None:
    """Standard output's reader has gone (`revise stats | head`): what is still buffered goes
    nowhere, so the flush at exit raises no BrokenPipeError either; the command exits 0 quietly."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _fail(message: object) -> int:
    print(f"revise: {message}", file=sys.stderr)
    return EXIT_FAILURE


# -- stats -----------------------------------------------------------------------

CSV_COLUMNS = (
    "deck",
    "card",
    "question",
    "attempts",
    "correct",
    "accuracy",
    "last_credit",
    "mean_credit",
    "last_answered",
    "weakness",
    "leech",
    "due",
)


def write_csv(report: dict[str, Any], path: Path) -> int | None:
    """Write every deck's question rows to `path` for a spreadsheet; how many, or None on failure."""
    rows = [{"deck": deck["deck"], **row} for deck in report["decks"] for row in deck["questions"]]
    if str(path) == "-":  # standard output, as most command-line tools read "-"
        try:
            writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            sys.stdout.flush()
        except BrokenPipeError:  # `revise stats --csv - | head`: the reader left; stay quiet about it
            reader_left()
        return len(rows)
    try:
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    except OSError as error:
        print(
            f"revise: {path}: cannot write the CSV file ({error.strerror}); check the folder exists.",
            file=sys.stderr,
        )
        return None
    return len(rows)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _local_time(iso: str | None) -> str:
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M") if iso else "–"


def _weakness(value: float) -> str:
    return f"{value:.2f}"


# key, header, how the text table shows the value, right-aligned?; the question (`QUESTION`)
# takes the room the others leave (`_table`)
QUESTION = "question"
QUESTION_COLUMNS: list[tuple[str, str, Callable[[Any], str], bool]] = [
    ("weakness", "Weakness", _weakness, True),
    (QUESTION, "Question", str, False),
    ("attempts", "Attempts", str, True),
    ("accuracy", "Accuracy", _percent, True),
    ("last_answered", "Last answered", _local_time, False),
]
TEXT_WIDTH = 80  # the text's width where standard output is no terminal (a file, a pipe)
MIN_QUESTION = 12  # cells of a cut question worth showing, however narrow the terminal
INDENT = "  "
GAP = "  "
WEAKNESS_NOTE = (
    "Questions weakest first. Weakness: the share of recent marks missed, plus a little for lapses "
    "and days unseen; {weak} or more is a weak spot, as home counts them."
)


def library_questions(store: ProgressStore) -> dict[str, dict[str, str]]:
    """deck id -> card id -> question text, for the library's decks whose file still loads to that deck.

    A file that is gone, no longer loads or now holds another deck gives nothing (the rows keep
    their card ids).
    """
    questions: dict[str, dict[str, str]] = {}
    entries = store.library()
    if not entries:  # the deck formats not even imported (~25 ms)
        return questions
    from tui.core.deck import DeckError
    from tui.core.formats import load_deck
    from tui.core.library import claim_deck_id

    for entry in entries:
        try:
            deck, _ = claim_deck_id(load_deck(entry.path), store)
        except DeckError:
            continue
        if deck.id == entry.deck_id:
            questions[deck.id] = {card.id: card.question for card in deck.cards}
    return questions


def progress_report(source: StatsSource, now: datetime | None = None) -> dict[str, Any]:
    """What `revise stats --json` prints (`stream_json`): per deck totals and per-question rows
    (`tui.core.stats.ROW_KEYS`), times as ISO text.

    Each row's `question` is the card's text where the deck's file is known (the deck
    library) and still holds the card; else None.
    """
    from tui.core.progress import utc_now
    from tui.core.stats import deck_rows

    when = now or utc_now()
    known = library_questions(source.store)
    library = {entry.deck_id: entry for entry in source.store.library()}
    decks = []
    for deck_id, records in source.decks.items():
        rows = deck_rows(records, when, known.get(deck_id, {}))
        decks.append(
            {
                "deck": deck_id,
                **_deck_fields(library.get(deck_id)),
                "questions_answered": len(rows),
                "attempts": rows.attempts,
                "correct": rows.correct,
                "accuracy": rows.marks / rows.attempts if rows.attempts else None,
                "sessions": source.store.session_count(deck_id),
                "questions": rows.rows(),
            }
        )
    return {"file": str(source.path), "sessions": source.store.session_count(), "decks": decks}


def _deck_fields(entry: LibraryEntry | None) -> dict[str, str | None]:
    """A deck's title and file as the deck library has them (None: not in it), so two decks of one
    title are told apart by more than their ids."""
    return {
        "title": entry.title if entry is not None else None,
        "deck_file": entry.path if entry is not None else None,
    }


def _question_cell(row: dict[str, Any]) -> str:
    """A row's question as one line of plain text; its card id in brackets where the text is not known."""
    from tui.core.display import display_safe

    if row[QUESTION] is None:
        return f"(card {display_safe(row['card'], keep_newlines=False)})"
    return " ".join(display_safe(row[QUESTION], keep_newlines=False).split())


def _table(rows: list[dict[str, Any]], width: int) -> list[str]:
    """The question table in at most `width` cells a line (but for a narrower terminal than the
    figures and `MIN_QUESTION` need): every figure whole, the questions cut with "…" to fit.

    The figures are ASCII or "–", one cell a character (`str.rjust` pads them); only the questions
    are measured in cells, column by column (100,000 rows: about 1 s on a shared machine)."""
    from tui.core.display import cell_width, cut_to_width

    columns = []
    for key, header, show, _right in QUESTION_COLUMNS:
        shown = [_question_cell(row) for row in rows] if key == QUESTION else [show(row[key]) for row in rows]
        columns.append([header, *shown])
    asked = [key for key, *_rest in QUESTION_COLUMNS].index(QUESTION)
    widths = [max(map(len, column)) for column in columns]
    others = sum(widths) - widths[asked] + len(INDENT) + len(GAP) * (len(widths) - 1)
    questions = columns[asked]
    room = min(max(map(cell_width, questions)), max(width - others, MIN_QUESTION))
    cut = [cut_to_width(question, room) for question in questions]
    columns[asked] = [question + " " * (room - cell_width(question)) for question in cut]
    padded = [
        column if index == asked else [cell.rjust(wide) if right else cell.ljust(wide) for cell in column]
        for index, (column, wide, (*_rest, right)) in enumerate(zip(columns, widths, QUESTION_COLUMNS))
    ]
    return [(INDENT + GAP.join(line)).rstrip() for line in zip(*padded)]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def print_stats(
    data_dir: str | None, as_json: bool = False, csv_path: str | None = None, now: datetime | None = None
) -> int:
    """Print progress from the data folder's file; needs no lock (the app may be running).

    With `csv_path`, write the per-question table there too (and say so, unless printing JSON).
    """
    from tui.core.progress.opening import no_gc_passes
    from tui.core.stats import cache_writes_after

    with no_gc_passes(), cache_writes_after():  # the report out first, then its cache entries kept
        return _print_stats(data_dir, as_json, csv_path, now)


def _print_stats(data_dir: str | None, as_json: bool, csv_path: str | None, now: datetime | None) -> int:
    from tui.core.progress import ProgressError, progress_path
    from tui.core.stats import read_stats
    from tui.paths import data_dir as resolve_data_dir

    path = progress_path(resolve_data_dir(data_dir))
    try:
        source = read_stats(path.parent)
    except ProgressError as error:
        return _fail(error)
    if csv_path == "-" and as_json:
        print(
            "revise: --csv - and --json both write to standard output: give --csv a file name.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if csv_path is not None:
        report = progress_report(source, now) if source else {"file": str(path), "sessions": 0, "decks": []}
        written = write_csv(report, Path(csv_path))
        if written is None:
            return EXIT_USAGE
        if not as_json:
            if csv_path != "-":
                _print(f"Wrote {_plural(written, 'question')} to {csv_path}")
            return EXIT_OK
    if source is None:
        if as_json:
            _print(json.dumps({"file": str(path), "sessions": 0, "decks": []}, indent=2))
        else:
            _print(f"No progress yet: {path} does not exist.")
        return EXIT_OK
    if as_json:
        stream_json(source, now)
        return EXIT_OK
    import shutil

    from tui.core.library import deck_names

    titles = deck_names(source.store.library())  # "My notes (biology.txt)" where two share a title
    width = shutil.get_terminal_size((TEXT_WIDTH, 24)).columns  # $COLUMNS, the terminal, else 80
    _print("\n".join(_stats_lines(progress_report(source, now), titles, width)))
    return EXIT_OK


def stream_json(source: StatsSource, now: datetime | None = None) -> None:
    """Print `progress_report` as JSON a few thousand question rows a write (orjson), never the whole report.

    Issue 18: at 100,000 records building the report and dumping it took 3.9 s and 444 MiB;
    streamed, time and memory follow the rows printed. The same document, one row a line; each
    deck's totals follow its rows. UTF-8 bytes straight to stdout's buffer where it has one.
    """
    import orjson

    from tui.core.progress import utc_now
    from tui.core.stats import deck_rows

    when = now or utc_now()
    store = source.store
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    write: Callable[[bytes], Any] = buffer.write if buffer is not None else _text_writer(sys.stdout)
    dumps = orjson.dumps

    known = library_questions(store)  # question texts, as in `progress_report`
    library = {entry.deck_id: entry for entry in store.library()}
    try:
        write(
            b'{\n  "file": %b,\n  "sessions": %d,\n  "decks": ['
            % (dumps(str(source.path)), store.session_count())
        )
        for number, (deck_id, records) in enumerate(source.decks.items()):
            write(b",\n    {" if number else b"\n    {")
            write(b'\n      "deck": %b,' % dumps(deck_id))
            for key, value in _deck_fields(library.get(deck_id)).items():
                write(b"\n      %b: %b," % (dumps(key), dumps(value)))
            write(b'\n      "questions": [')
            rows = deck_rows(records, when, known.get(deck_id, {}))
            answered = len(rows)
            for first in range(0, answered, ROWS_PER_WRITE):  # a few thousand rows a write
                chunk = rows.json_lines(first, first + ROWS_PER_WRITE, ROW_SEPARATOR)
                write((b"," if first else b"") + ROW_SEPARATOR[1:] + chunk)
            totals = {
                "questions_answered": answered,
                "attempts": rows.attempts,
                "correct": rows.correct,
                "accuracy": rows.marks / rows.attempts if rows.attempts else None,
                "sessions": store.session_count(deck_id),
            }
            write(b"\n      ]," if answered else b"],")
            write(b",".join(b"\n      %b: %b" % (dumps(key), dumps(value)) for key, value in totals.items()))
            write(b"\n    }")
        write(b"\n  ]\n}\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `revise stats --json | head`: the reader left; stay quiet about it
        reader_left()


def _text_writer(out: Any) -> Callable[[bytes], Any]:
    """A writer of UTF-8 bytes to a text stream with no byte buffer under it."""
    return lambda data: out.write(data.decode())


ROWS_PER_WRITE = 2000  # rows joined into one write: few calls, and memory stays that of a few rows
ROW_SEPARATOR = b",\n        "  # one question row a line, indented, comma-separated


def _stats_lines(
    report: dict[str, Any], titles: dict[str, str] | None = None, width: int = TEXT_WIDTH
) -> list[str]:
    """The text `revise stats` prints, in `width` cells a line: each deck under its title where the
    deck library knows it (`titles`: deck id -> title), else its id, then its totals; its questions
    weakest first (highest `weakness` first, then by card id; weak spots breaks such ties by recall),
    each with its weakness, question text (cut to fit), attempts, accuracy and last answer."""
    import textwrap

    from tui.core.display import cut_to_width, display_safe
    from tui.core.weakness import WEAK_AT

    titles = titles or {}
    lines = [
        f"Progress in {report['file']}",
        f"{_plural(len(report['decks']), 'deck')} · {_plural(report['sessions'], 'session')}",
    ]
    if report["decks"]:
        lines += textwrap.wrap(WEAKNESS_NOTE.format(weak=_weakness(WEAK_AT)), width)
    for deck in report["decks"]:
        name = (
            display_safe(titles[deck["deck"]], keep_newlines=False)
            if deck["deck"] in titles
            else display_safe(deck["deck"], keep_newlines=False)
        )
        lines += [
            "",
            cut_to_width(name, width),
            (
                f"{INDENT}{_plural(deck['questions_answered'], 'question')} answered · "
                f"{_plural(deck['attempts'], 'answer')} · {_percent(deck['accuracy'])} of the marks · "
                f"{_plural(deck['sessions'], 'session')}"
            ),
        ]
        rows = sorted(deck["questions"], key=lambda row: (-row["weakness"], row["card"]))
        lines += _table(rows, width)
        if any(row[QUESTION] is None for row in rows):
            lines.append(f"{INDENT}(card …): the deck's file is not known here or no longer has that card.")
    return lines


# -- restore ---------------------------------------------------------------------


def restore(data_dir: str | None) -> int:
    """Set aside what is damaged in the progress store and put back good copies; say exactly what."""
    from tui.core.progress import ProgressError, progress_path, restore_newest_backup
    from tui.paths import data_dir as resolve_data_dir

    folder = resolve_data_dir(data_dir)
    try:
        result = restore_newest_backup(folder)
    except ProgressError as error:
        return _fail(error)
    except OSError as error:  # moving a file aside or writing the backup back failed (permissions, disk)
        return _fail(
            f"Could not restore in {folder}: {error.strerror or error}"
            f"{f' ({error.filename})' if error.filename else ''}. Nothing was restored; fix that and run it again."
        )
    path = progress_path(folder)
    try:
        papers = _saved_paper_lines(folder)  # the store opens now: its papers read as the app reads them
    except ProgressError as error:  # another copy of the app started meanwhile, a full disk
        papers = [f"Could not check the saved exam papers: {error}"]
    if result is None:
        for line in papers:
            print(line)
        set_aside = any(line.startswith(PAPER_SET_ASIDE) for line in papers)
        print(f"Nothing {'else ' if set_aside else ''}to restore: {path} is healthy.")
        return EXIT_OK
    if result.moved_aside:
        print(f"Moved the damaged file aside to {result.moved_aside}")
    for deck_file in result.decks_aside:
        print(f"Moved a damaged deck file aside to {deck_file}")
    if result.journal_aside and result.journal_replayed:
        print(f"Copied its journal of changes, whole, aside to {result.journal_aside}")
    elif result.journal_aside:
        print(f"Moved its journal of changes aside to {result.journal_aside}")
    for skipped in result.skipped:
        print(f"Skipped {skipped.path.name}: it cannot be read either")
    if result.backup is not None:
        taken = result.backup.taken.strftime("%Y-%m-%d %H:%M:%S")
        print(
            f"Restored {path} from backup {result.backup.path.name} "
            f"(taken {taken} UTC, {_plural(result.questions, 'question record')})."
        )
    elif result.rebuilt:
        print(
            f"No backup of {path} can be read: made a new one around the intact deck files "
            f"({_plural(result.questions, 'question record')}); sessions, settings and the deck list start empty."
        )
    for line in _deck_lines(result.decks):
        print(line)
    for fix in result.papers:
        answers = _plural(fix.answers, "answer")
        if fix.dropped:
            print(
                f"Cleared the exam paper of deck {fix.deck!r} that backup held: its {answers} left to "
                "record were recorded after it was saved (the deck file has them), so it is not offered again."
            )
        else:
            print(
                f"Took {answers} out of the exam paper of deck {fix.deck!r} that backup held: they were "
                "recorded after it was saved (the deck file has them), so they are not recorded twice."
            )
    if result.backup is not None:
        for line in _rolled_back_lines(result, result.backup.taken.strftime("%Y-%m-%d %H:%M:%S")):
            print(line)
    for line in _journal_lines(result):
        print(line)
    for line in papers:
        print(line)
    if result.journal_only:
        print(f"There is no {path} and no backup yet: the progress is the journal's saves kept above.")
    elif result.backup is None and not result.rebuilt:
        if result.decks or result.decks_aside:
            print(f"Kept {path} and every other deck's file as they were.")
        elif result.journal_replayed:
            print(f"Kept {path} as it was last saved in full; only the journal lines above were set aside.")
        else:
            print(
                f"Kept {path} as it was last saved in full ({_plural(result.questions, 'question record')}); "
                "only its journal of later changes was damaged."
            )
    return EXIT_OK


def _counts(counts: SharedCounts) -> str:
    return (
        f"{_plural(counts.sessions, 'session')}, {_plural(counts.exam_dates, 'exam date')}, "
        f"{_plural(counts.best_times, 'best time')}, {_plural(counts.decks_listed, 'deck')} in the deck list"
    )


PAPER_SET_ASIDE = "Set aside the exam paper saved for deck"  # how restore's line on each one begins


def _library_deck(store: ProgressStore, deck_id: str) -> Deck | None:
    """The deck `deck_id` from its file in the deck library, or None (not listed, gone, or now another deck)."""
    from tui.core.deck import DeckError
    from tui.core.formats import load_deck
    from tui.core.library import claim_deck_id

    entry = store.library_entry(deck_id)
    if entry is None:
        return None
    try:
        deck, _ = claim_deck_id(load_deck(entry.path), store)
    except DeckError:
        return None
    return deck if deck.id == deck_id else None


def _saved_paper_lines(folder: Path) -> list[str]:
    """Read each saved exam paper against its deck as the app does before offering it; set aside the
    ones that cannot be used, as the app would (kept as they were under `set_aside_key`, no longer
    offered), and say so; say which could not be checked. Raises ProgressError (the store does not open)."""
    from tui.core.paper import PAPER_PREFIX, check_saved_papers, paper_key, set_aside_key
    from tui.core.progress import open_store, read_store, utc_now

    store = read_store(folder)
    papers = store.settings_starting(PAPER_PREFIX) if store is not None else {}
    if store is None or not papers:
        return []
    checks = check_saved_papers(papers, lambda deck_id: _library_deck(store, deck_id), utc_now)
    damaged = [check for check in checks if check.problem is not None]
    if damaged:
        writer = open_store(folder)
        try:
            for check in damaged:
                # kept: nothing the student answered is deleted by a refusal (as `screens.quiz.offer_saved_paper`)
                writer.set_setting(set_aside_key(check.deck), check.value)
                writer.set_setting(paper_key(check.deck), None)
        finally:
            writer.close()
    lines = []
    for check in checks:
        if check.problem is not None:
            lines.append(
                f"{PAPER_SET_ASIDE} {check.deck!r}: it cannot be used ({check.problem}), "
                f"so it cannot be resumed or handed in. It is kept as it was, in progress.json under the "
                f"setting {set_aside_key(check.deck)!r}, and is no longer offered."
            )
        elif not check.checked:
            lines.append(
                f"Could not check the exam paper saved for deck {check.deck!r}: the deck list has no file "
                "that loads as that deck now. Revise checks the paper when that deck is opened."
            )
    return lines


def _rolled_back_lines(result: RestoreResult, taken: str) -> list[str]:
    """What could not be kept when progress.json came from a backup: everything but the answers is as
    of then, but for what the kept journal of later changes brings back (said with its counts)."""
    counts, after = result.shared, result.shared_with_journal
    if counts is None:
        return []
    kinds = "sessions, exam dates, best times, settings and the deck list"
    why = "they live in progress.json, and that backup is its newest good copy"
    if not result.saved_since_backup:  # a clean quit's backup: it holds all progress.json held
        lines = [
            f"Nothing was saved after that backup was taken, so nothing is lost: {kinds} are as they "
            f"were ({_counts(after or counts)})."
        ]
    elif after is None:
        lines = [
            f"Could not keep changes made after {taken} UTC to {kinds}: {why}. As of then: {_counts(counts)}."
        ]
    else:  # the journal holds the changes since the last full save, which may be before or after the backup
        lines = [
            f"Could not keep changes made after {taken} UTC to {kinds}, but for those the journal of later "
            f"changes kept below holds: {why}. As of then: {_counts(counts)}"
            + (f"; with the journal's saves: {_counts(after)}." if _counts(after) != _counts(counts) else ".")
        ]
    unlisted = (after or counts).unlisted
    if unlisted:
        names = ", ".join(repr(deck) for deck in unlisted)
        lines.append(
            f"The deck list does not name {names}, whose answers are kept: open each deck file again "
            "(`revise --deck PATH`) to list it."
        )
    return lines


def _journal_lines(result: RestoreResult) -> list[str]:
    """What became of the journal's saves: how many are kept, which lines were set aside and why."""
    kept, dropped = result.journal_replayed, result.journal_dropped
    if not dropped:
        if not kept:
            return []
        return [
            f"Kept the journal of later changes: {_plural(kept, 'save')} "
            "since the last full save are applied at the next start."
        ]
    total = kept + len(dropped)
    lines = [
        f"Kept {kept} of the journal's {_plural(total, 'save')} (applied at the next start); "
        f"set aside {len(dropped)} that cannot be used:"
        if kept
        else f"None of the journal's {_plural(total, 'save')} can be used:"
    ]
    lines += [f"  {line.problem}" for line in dropped[:5]]
    if len(dropped) > 5:
        lines.append(f"  and {len(dropped) - 5} more lines")
    if result.journal_aside is not None:
        lines.append(f"Every line, those included, is still in {result.journal_aside}.")
    return lines


def _deck_lines(decks: tuple[DeckRestore, ...]) -> list[str]:
    """Where each deck's answers came from: one line for the decks kept from their own files."""
    from tui.core.progress.restore import FROM_BACKUP, FROM_FILE

    kept = [f"{d.deck!r} ({_plural(d.records, 'question record')})" for d in decks if d.source == FROM_FILE]
    lines = [f"Kept the answers in the intact deck files of {', '.join(kept)}."] if kept else []
    for deck in decks:
        if deck.source == FROM_BACKUP:
            copy = deck.copy.name if deck.copy is not None else "a backup"
            lines.append(
                f"Restored deck {deck.deck!r} from its backup copy {copy} ({_plural(deck.records, 'question record')})."
            )
        elif deck.source != FROM_FILE:
            lines.append(f"No good copy of deck {deck.deck!r} is left in the backups: it has no answers now.")
    return lines
