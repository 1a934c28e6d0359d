"""Backups of the progress file: one at each start and each clean quit when it changed, thinned;
damaged files set aside.

`restore` puts a good set back from them.
"""

from __future__ import annotations

import os
import re
import stat
from contextlib import suppress
from datetime import date, datetime, timedelta
from pathlib import Path

import msgspec

import tui.core.progress.split as split
from tui.core.progress.errors import ProgressError, ProgressWriteError
from tui.core.progress.files import (
    FILE_NAME,
    fsync_folder,
    read_regular_file,
    write_atomically,
)
from tui.core.progress.journal import journal_path

BACKUP_FOLDER = "backups"

KEEP_NEWEST_BACKUPS = 10

KEEP_DAILY_BACKUPS_FOR_DAYS = 30

_BACKUP_NAME = re.compile(r"^progress-(\d{8}T\d{6})(?:-(\d+))?(?:-schema(\d+))?\.json$")

_STAMP = "%Y%m%dT%H%M%S"


# A Struct, not a dataclass: no methods generated at import on the start path (issue 18).
# A time, numbers and a path only: never in a cycle, so not tracked (gc=False).
class Backup(msgspec.Struct, frozen=True, order=True, gc=False):
    """One file in `backups/`: when it was taken and, for pre-migration copies, its old schema."""

    taken: datetime
    counter: int
    path: Path
    schema: int | None = None

    @classmethod
    def from_path(cls, path: Path) -> Backup | None:
        match = _BACKUP_NAME.match(path.name)
        if not match:
            return None
        stamp, counter, schema = match.groups()
        try:  # fromisoformat reads the basic form too, without strptime's ~2 ms first-use import
            taken = datetime.fromisoformat(stamp)
        except ValueError:  # digits that are no date (month 13): not one of ours
            return None
        return cls(taken, int(counter or 1), path, int(schema) if schema is not None else None)


def list_backups(folder: Path) -> list[Backup]:
    """Backups in `folder/backups`, oldest first."""
    found = (Backup.from_path(path) for path in (folder / BACKUP_FOLDER).glob("progress-*.json"))
    return sorted(backup for backup in found if backup is not None)


def take_backup(folder: Path, raw: bytes, now: datetime, schema: int | None = None) -> Path | None:
    """Copy the bytes of a good progress file into `backups/` (None if the newest backup is the same).

    A pre-migration copy is tagged with its schema and never thinned.
    """
    backup_dir = _backup_folder(folder)
    existing = list_backups(folder)
    if schema is None and existing and _same_bytes(existing[-1].path, raw):
        return None
    stamp = now.strftime(_STAMP)
    tag = f"-schema{schema}" if schema is not None else ""
    counter = 1 + max((b.counter for b in existing if b.taken.strftime(_STAMP) == stamp), default=0)
    name = f"progress-{stamp}{f'-{counter}' if counter > 1 else ''}{tag}.json"
    write_atomically(backup_dir / name, [raw], what="the backup")
    return backup_dir / name


def _backup_folder(folder: Path) -> Path:
    """`backups/`, made if missing; raises ProgressWriteError if something else is in its place."""
    backup_dir = folder / BACKUP_FOLDER
    if os.path.lexists(backup_dir) and not backup_dir.is_dir():
        raise ProgressWriteError(
            f"{backup_dir} is a file, not a folder: move it away so Revise can keep backups there"
        )
    backup_dir.mkdir(exist_ok=True)
    return backup_dir


def backup_deck_files(folder: Path, summaries: dict[str, dict]) -> list[Path]:
    """Copy into `backups/decks/` each deck file `summaries` name that is not there yet; the copies made.

    A deck file is named by the hash of its bytes and never changed, so one copy serves every
    backup naming it: a start copies only the decks written since the last one. A file whose
    bytes do not match its name (damaged) is not copied: it is refused when its deck is opened,
    and `restore` brings back a set whose every file is good.
    """
    made = []
    for summary in summaries.values():
        target = folder / BACKUP_FOLDER / summary["file"]
        if os.path.lexists(target):
            continue
        source = folder / summary["file"]
        try:
            raw = read_regular_file(source)
        except ProgressError:
            continue
        if raw is None or split.digest_of([raw]) != _digest_in(summary["file"]):
            continue
        if not target.parent.is_dir():
            _backup_folder(folder)
            target.parent.mkdir(exist_ok=True)
        write_atomically(target, [raw], what="the backup")
        made.append(target)
    return made


def backup_at_quit(folder: Path, now: datetime) -> Path | None:
    """After a clean close: back up progress.json as the session left it, and the deck files it names.

    So a later `revise restore` rolls back only what changed since this quit, not since this start.
    Cheap: a deck file is copied once (named by its hash: only the decks answered this session are
    new), and progress.json is not copied again when the newest backup holds the same bytes. Taken
    under the folder's lock again (the store gave it up at close); if another copy holds it by then,
    nothing is done (its own start backs up). Returns the new backup, or None (nothing new, or
    another copy running). Raises ProgressWriteError if a copy cannot be written (the disk is full).
    """
    from tui.core.progress.lock import DataDirLock

    try:
        lock = DataDirLock(folder).acquire()
    except ProgressError:
        return None
    try:
        raw = read_regular_file(folder / FILE_NAME)
        if raw is None:
            return None
        named = {name.decode(): {"file": name.decode()} for name in _NAMED_DECK_FILE.findall(raw)}
        backup_deck_files(folder, named)  # first: a backup never names a missing one
        made = take_backup(folder, raw, now)
        if made is not None:
            thin_backups(folder, now.date())
        return made
    finally:
        lock.release()


def _digest_in(name: str) -> str:
    """The hash a deck file's name holds (`split.deck_file_name`)."""
    return name.rsplit(".", 2)[-2]


_NAMED_DECK_FILE = re.compile(rb'"file":"(decks/[A-Za-z0-9_-]{1,40}\.[0-9a-f]{32}\.json)"')


def _thin_deck_files(folder: Path, backups: list[Backup]) -> None:
    """Delete deck-file copies in `backups/decks/` that no backup left names."""
    copies = folder / BACKUP_FOLDER / split.DECKS_FOLDER
    if not copies.is_dir():
        return
    named: set[str] = set()
    for backup in backups:
        try:
            raw = read_regular_file(backup.path) or b""
        except ProgressError:
            continue
        named.update(match.decode() for match in _NAMED_DECK_FILE.findall(raw))
    for entry in os.listdir(copies):
        if f"{split.DECKS_FOLDER}/{entry}" not in named:
            with suppress(OSError):
                os.unlink(copies / entry)


def _same_bytes(path: Path, raw: bytes, chunk: int = 1 << 18) -> bool:
    """Whether `path` holds exactly `raw`: the size first, then chunk by chunk (no second 4 MB buffer)."""
    try:  # without blocking: a FIFO named like a backup must not hang the start
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with open(fd, "rb", buffering=0) as file:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(raw):
                return False
            for offset in range(0, len(raw), chunk):
                if file.read(chunk) != raw[offset : offset + chunk]:
                    return False
            return not file.read(1)
        except OSError:
            return False


def backups_to_keep(backups: list[Backup], today: date) -> set[Backup]:
    """The newest few, plus the newest of each of the last days; pre-migration copies always."""
    regular = sorted(b for b in backups if b.schema is None)
    keep = set(regular[-KEEP_NEWEST_BACKUPS:])
    newest_of_day: dict[date, Backup] = {}
    for backup in regular:
        newest_of_day[backup.taken.date()] = backup
    first_day = today - timedelta(days=KEEP_DAILY_BACKUPS_FOR_DAYS - 1)
    keep.update(b for day, b in newest_of_day.items() if first_day <= day <= today)
    keep.update(b for b in backups if b.schema is not None)
    return keep


def thin_backups(folder: Path, today: date) -> list[Path]:
    """Delete backups `backups_to_keep` does not keep; the paths removed."""
    backups = list_backups(folder)
    keep = backups_to_keep(backups, today)
    removed = []
    for backup in backups:
        if backup not in keep:
            with suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    if removed:  # deck files only the removed backups named
        _thin_deck_files(folder, [backup for backup in backups if backup in keep])
    return removed


def set_aside(path: Path, when: datetime) -> Path:
    """Keep what is at `path` under a `.damaged-` name before it is replaced.

    A readable file (or a link to one) is copied, so it stays in place till the
    backup replaces it atomically, and a link stays a link; anything else (a
    folder, FIFO, device, a file too big, a link to one or to nothing) is renamed.
    """
    if _is_regular_file(path):
        try:
            raw = read_regular_file(path)
        except ProgressError:
            raw = None
        if raw is not None:
            aside = _aside_name(path, when)
            write_atomically(aside, [raw], what="the damaged file")
            return aside
    return move_aside(path, when)


def _is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def no_backup_message(folder: Path, path: Path, skipped: list[Backup]) -> str:
    backup_dir = folder / BACKUP_FOLDER
    if os.path.lexists(backup_dir) and not backup_dir.is_dir():
        where = f"{backup_dir} is a file, not a folder of backups"
    elif skipped:
        where = f"none of the {len(skipped)} backups in {backup_dir} can be read"
    else:
        where = f"there is no backup in {backup_dir}"
    left = " The damaged file was left in place." if os.path.lexists(path) else ""
    return (
        f"Nothing was restored: {where}.{left}\n"
        f"To start again with no progress, move {path} (and {journal_path(path).name}, if there is one) "
        "out of the folder; Revise then starts a new file."
    )


def move_aside(path: Path, when: datetime) -> Path:
    aside = _aside_name(path, when)
    os.replace(path, aside)
    fsync_folder(path.parent)
    return aside


def _aside_name(path: Path, when: datetime) -> Path:
    stamp = when.strftime("%Y%m%dT%H%M%S")
    candidate = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    return candidate
