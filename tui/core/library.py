"""The deck library's figures, from the progress store alone (no deck file is read).

Each deck the student opened is a `LibraryEntry` in the store (tui.core.progress.store).
Here: one row per deck for the Decks screen and `revise decks` (cards, accuracy, due today,
exam date, whether its file is still there), the "due in other decks" count for home, and
which known deck a newly opened deck's progress should come from (issue 14 item 6).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

import msgspec

from tui.core import scheduling
from tui.core.deck import best_matching_deck
from tui.core.exam_dates import exam_date

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tui.core.deck import Deck
    from tui.core.progress import LibraryEntry, ProgressStore, QuestionStats


def due_count(stats: Iterable[QuestionStats], now: datetime, tz: tzinfo | None = None) -> int:
    """How many of these records are due today: `len(weakness.due_today(stats, now, tz))`, counted
    with the day's end worked out once (10,000 records: ~10 ms, not ~150)."""
    end = scheduling.end_of_day(now, tz)
    return sum(1 for s in stats if s.schedule is not None and scheduling.due_at(s.schedule) < end)


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
# Numbers, texts, a date and an (untracked) entry only: never in a cycle, so not tracked (gc=False).
class DeckRow(msgspec.Struct, frozen=True, gc=False):
    """One deck of the library with its figures.

    `cards`: cards when last opened; `answered`: cards with a record; `accuracy`: share 0–1
    of the marks earned over the answers, as `AccuracySummary.accuracy` (None: none yet);
    `due`: cards due before the next local midnight (`weakness.due_today`); `missing`: its
    file is no longer at `entry.path`; `damaged`: why its progress file cannot be read (then
    the figures are zero), else None.
    """

    entry: LibraryEntry
    cards: int
    answered: int
    accuracy: float | None
    due: int
    exam: date | None
    missing: bool
    damaged: str | None = None

    def as_json(self) -> dict:
        """What `revise decks --json` prints for the deck."""
        opened = self.entry.opened
        return {
            "id": self.entry.deck_id,
            "title": self.entry.title,
            "path": self.entry.path,
            "format": self.entry.format,
            "missing": self.missing,
            "cards": self.cards,
            "answered": self.answered,
            "accuracy": self.accuracy,
            "due_today": self.due,
            "exam_date": self.exam.isoformat() if self.exam else None,
            "last_opened": opened.isoformat() if opened else None,
        }


def deck_row(store: ProgressStore, entry: LibraryEntry, now: datetime, tz: tzinfo | None = None) -> DeckRow:
    """The figures of one library deck at `now` (due today in `tz`, local when None).

    A deck whose progress file is damaged gets zero figures and `damaged` set, so one bad file
    never hides the other decks (issue 18: each deck's file is read when it is first used)."""
    from tui.core.progress import ProgressError

    try:
        stats = store.all_question_stats(entry.deck_id)
    except ProgressError as error:
        missing = not os.path.isfile(entry.path)
        return DeckRow(entry, entry.cards, 0, None, 0, exam_date(store, entry.deck_id), missing, str(error))
    attempts = sum(s.attempts for s in stats.values())
    earned = sum(s.credit_sum for s in stats.values())  # marks: a partial answer counts its share
    return DeckRow(
        entry=entry,
        cards=entry.cards,
        answered=len(stats),
        accuracy=earned / attempts if attempts else None,
        due=due_count(stats.values(), now, tz),
        exam=exam_date(store, entry.deck_id),
        missing=not os.path.isfile(entry.path),
    )


def deck_names(entries: Iterable[LibraryEntry]) -> dict[str, str]:
    """deck id -> the name a student tells it by: its title, and where another deck of the library has
    the same title (case and spacing aside; `claim_deck_id` keeps such files apart) its file's name
    in brackets, "My notes (biology.txt)"; its folder too when the file names are the same as well,
    "Notes (bio/notes.txt)"; its id when even that is shared."""
    entries = list(entries)
    by_title: dict[str, list[LibraryEntry]] = {}
    for entry in entries:
        by_title.setdefault(" ".join(entry.title.casefold().split()), []).append(entry)
    names = {}
    for entry in entries:
        same = by_title[" ".join(entry.title.casefold().split())]
        if len(same) == 1:
            names[entry.deck_id] = entry.title
            continue
        for where in (_file_name, _folder_and_file):
            if sum(where(other) == where(entry) for other in same) == 1:
                names[entry.deck_id] = f"{entry.title} ({where(entry)})"
                break
        else:
            names[entry.deck_id] = f"{entry.title} ({entry.deck_id})"
    return names


def _file_name(entry: LibraryEntry) -> str:
    return os.path.basename(entry.path)


def _folder_and_file(entry: LibraryEntry) -> str:
    folder = os.path.basename(os.path.dirname(entry.path))
    return f"{folder}/{_file_name(entry)}" if folder else _file_name(entry)


def library_rows(store: ProgressStore, now: datetime, tz: tzinfo | None = None) -> list[DeckRow]:
    """Every library deck's row, the most recently opened first."""
    return [deck_row(store, entry, now, tz) for entry in store.library()]


def due_elsewhere(
    store: ProgressStore, current_id: str, now: datetime, tz: tzinfo | None = None
) -> tuple[int, int]:
    """(cards due today, decks they are in) over the library's decks other than `current_id`.

    Each other deck answers from its summary in the store (`ProgressStore.due_count_before`):
    no other deck's records are read (issue 18).
    """
    total = decks = 0
    end = scheduling.end_of_day(now, tz)
    for entry in store.library():
        if entry.deck_id == current_id:
            continue
        due = store.due_count_before(entry.deck_id, end)
        if due:
            total += due
            decks += 1
    return total, decks


def due_line(here: int, elsewhere: tuple[int, int]) -> str:
    """Home's "cards due" figure: "12 today", or with other decks due "12 here · 31 in 3 other decks"."""
    due, decks = elsewhere
    if not due:
        return f"{here:,} today" if here else "none due"
    return f"{f'{here:,}' if here else 'none'} here · {due:,} in {decks} other deck{'s' * (decks != 1)}"


def progress_source(deck: Deck, store: ProgressStore) -> str | None:
    """The known deck whose progress `deck` should take over, or None.

    Only for a deck with no progress of its own: the deck whose answered cards
    hold over half of `deck`'s card ids (`best_matching_deck`), e.g. an untitled
    notes deck whose fingerprint id changed when a card was edited elsewhere.
    Not when that deck's library file is another file still on disk (a copy of a
    deck is a deck of its own): its progress would be taken from it.

    Other decks' answered card ids come from their summaries in the store: no other deck's
    records are read (issue 18).
    """
    if store.answered_count(deck.id):  # no stats made: home's first frame does without them
        return None
    known = store.answered_cards_by_deck()
    known.pop(deck.id, None)
    # a set, so `wanted & ids` asks each unread deck's ids about this deck's cards, not the reverse
    source = best_matching_deck(set(deck.card_ids()), known)  # type: ignore[arg-type]
    entry = store.library_entry(source) if source is not None else None
    if entry is not None and deck.source is not None:
        here = os.path.realpath(deck.source)
        if os.path.realpath(entry.path) != here and os.path.isfile(entry.path):
            return None  # that deck's file is still there: two decks sharing cards, each keeps its own
    return source


def skipped_notice(deck: Deck) -> str | None:
    """ "29 cards loaded, 2 skipped — see revise check" for a deck with skipped records (issue 14),
    or with cards that look mistyped (`Deck.warnings`: "1 to check"), the first one's place and fix told."""
    if not deck.skipped and not deck.warnings:
        return None
    cards, skipped, doubtful = deck.card_count(), len(deck.skipped), len(deck.warnings)
    told = [f"{cards} card{'s' * (cards != 1)} loaded"]
    if skipped:
        told.append(f"{skipped} skipped")
    if doubtful:
        told.append(f"{doubtful} to check ({deck.warnings[0]})")
    return ", ".join(told) + " — see revise check" + (f" {deck.source}" if deck.source else "")


# Formats whose deck id the file states (native TOML `id`): two files stating one id are one deck on
# purpose (the student's own copy of the shipped deck keeps its progress), so they never get a new id.
_STATED_ID_FORMATS = frozenset({"native"})


def _moved_kept_apart(
    deck: Deck, store: ProgressStore, entries: list[LibraryEntry], variant: re.Pattern[str]
) -> str | None:
    """Of the entries of `deck`'s title whose file is gone, the one whose answered cards are most of
    `deck`'s (`best_matching_deck`: its own id, or a kept-apart `<id>-2` ...), or None: a file of that
    title with other cards is another deck, and an entry with no answers to go by is not guessed at.
    Reads only the decks' summaries."""
    gone = [
        e.deck_id
        for e in entries
        if (e.deck_id == deck.id or variant.fullmatch(e.deck_id)) and not os.path.isfile(e.path)
    ]
    if not gone:
        return None
    answered = store.answered_cards_by_deck()
    known = {deck_id: set(answered[deck_id]) for deck_id in gone if answered.get(deck_id)}
    return best_matching_deck(deck.card_ids(), known)


def claim_deck_id(deck: Deck, store: ProgressStore, moved_from: str | None = None) -> tuple[Deck, str | None]:
    """`deck` under the id it goes by in this library, and a one-line notice when that is not its own.

    A notes or imported deck's id comes from its title (or its cards), never its file name, so two
    different files both titled "# My notes" would share one id and mix their progress (trial 8).
    When another file still on disk already holds `deck.id` in the library, this file is kept apart
    as `<id>-2` (`-3`, ...); the library then remembers that id for this file, so each later open
    gives it again. A deck opened before keeps its id; a file moved away from its old place (the old
    path is gone) takes its id over as before, and so does a kept-apart file the student locates
    again (`moved_from`: the library id whose file went missing) or opens by its new path (a
    kept-apart entry whose file is gone and whose answered cards are most of this file's,
    `_moved_kept_apart`). Native decks state their id and are returned as is.
    Returns a new Deck (loaded decks may be cached and shared: never changed in place).
    """
    if deck.source is None or deck.format in _STATED_ID_FORMATS:
        return deck, None
    here = os.path.realpath(deck.source)
    entries = store.library()
    variant = re.compile(re.escape(deck.id) + r"-\d+")
    for entry in entries:
        if os.path.realpath(entry.path) == here and (
            entry.deck_id == deck.id or variant.fullmatch(entry.deck_id)
        ):
            return (deck, None) if entry.deck_id == deck.id else (deck.with_id(entry.deck_id), None)
    holder = next((entry for entry in entries if entry.deck_id == deck.id), None)
    if holder is None:
        return deck, None
    if moved_from is not None and variant.fullmatch(moved_from):
        old = next((entry for entry in entries if entry.deck_id == moved_from), None)
        if old is not None and not os.path.isfile(old.path):
            return deck.with_id(moved_from), None
    moved = _moved_kept_apart(deck, store, entries, variant)
    if moved == deck.id:  # the first of that title, moved: its own id, as below
        return deck, None
    if moved is not None:
        return deck.with_id(moved), None
    if not os.path.isfile(holder.path):
        return deck, None
    taken = {entry.deck_id for entry in entries}
    number = 2
    while f"{deck.id}-{number}" in taken or store.answered_count(f"{deck.id}-{number}"):
        number += 1
    new_id = f"{deck.id}-{number}"
    notice = (
        f"{holder.path} already has a deck called {deck.title!r}: this file is kept as a deck of its"
        f" own ({new_id}), so their progress never mixes. A '# Title' of its own names it better."
    )
    return deck.with_id(new_id), notice
