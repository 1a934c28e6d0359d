"""The progress store, one module per concern.

- `store`: `ProgressStore` and its queries (per-question stats, sessions, best times, settings);
- `opening`: `open_store` (owned, for the app), `read_store` (read-only, for `revise stats`);
- `db`: TinyDB over the file, changed in place, each change written atomically;
- `split`: question records in one file per deck (schema 3), read when that deck is first used,
  with a summary per deck in progress.json (due counts, answered card ids);
- `files`: reading the file whole and replacing it atomically (temp, fsync, rename, fsync folder);
- `lock`: one owner per data folder;
- `backups`: a backup at each start, thinning;
- `restore`: `revise restore`, damaged files set aside and good copies put back;
- `schema`: the file's shape, schema version, record fields and migrations;
- `errors`: what can go wrong, in words for people.

Scripts use `open_store(folder)` (optionally `deck=` the id of the deck being opened: its file is
checked at start), `store.record_answer(deck_id, card_id, correct, seconds, mode)`
and `store.close()`.
"""

from typing import TYPE_CHECKING

from tui.core.progress.backups import (
    BACKUP_FOLDER,
    Backup,
    backups_to_keep,
    list_backups,
    take_backup,
    thin_backups,
)
from tui.core.progress.errors import (
    ProgressCorruptError,
    ProgressError,
    ProgressLockedError,
    ProgressLockLostError,
    ProgressTooNewError,
    ProgressWriteError,
)
from tui.core.progress.files import FILE_NAME, read_tables, write_atomically
from tui.core.progress.opening import open_store, progress_path, read_store
from tui.core.progress.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Tables,
    check_documents,
    readable_tables,
    schema_version,
)
from tui.core.progress.store import (
    CRAM_MODE,
    RECENT_OUTCOMES,
    TODAY_MODE,
    AccuracySummary,
    Clock,
    DateMatchStats,
    LibraryEntry,
    ProgressStore,
    QuestionStats,
    SessionRecord,
    utc_now,
)

if TYPE_CHECKING:
    from tui.core.progress.restore import DeckRestore, RestoreResult, restore_newest_backup

_RESTORE_NAMES = ("DeckRestore", "RestoreResult", "restore_newest_backup")


def __getattr__(name: str) -> object:
    """`restore` is imported when first asked for: `revise restore` needs it, a start does not."""
    if name in _RESTORE_NAMES:
        import tui.core.progress.restore as restore

        return getattr(restore, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BACKUP_FOLDER",
    "CRAM_MODE",
    "FILE_NAME",
    "MIGRATIONS",
    "RECENT_OUTCOMES",
    "SCHEMA_VERSION",
    "TODAY_MODE",
    "AccuracySummary",
    "Backup",
    "Clock",
    "DateMatchStats",
    "DeckRestore",
    "LibraryEntry",
    "ProgressCorruptError",
    "ProgressError",
    "ProgressLockLostError",
    "ProgressLockedError",
    "ProgressStore",
    "ProgressTooNewError",
    "ProgressWriteError",
    "QuestionStats",
    "RestoreResult",
    "SessionRecord",
    "Tables",
    "backups_to_keep",
    "check_documents",
    "list_backups",
    "open_store",
    "progress_path",
    "read_store",
    "read_tables",
    "readable_tables",
    "restore_newest_backup",
    "schema_version",
    "take_backup",
    "thin_backups",
    "utc_now",
    "write_atomically",
]
