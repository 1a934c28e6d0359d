"""The progress store's errors: each message says what happened and what to do."""

from __future__ import annotations

from pathlib import Path

_RESTORE_HINT = "Run `revise restore` (with the same --data-dir, if you gave one)"


class ProgressError(Exception):
    """The progress store cannot be used (locked by another copy, damaged, too new).

    The message says what happened and what to do; the CLI prints it and exits 1.
    """


class ProgressCorruptError(ProgressError):
    """The progress file exists but is not a progress file any more (cut off, not JSON, ...)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path} is damaged: {reason}. It was left untouched.\n"
            f"{_RESTORE_HINT} to move it aside and bring back the newest good backup."
        )


class ProgressTooNewError(ProgressError):
    """The progress file was written by a newer revise with a schema this one cannot read."""


class ProgressLockedError(ProgressError):
    """Another running copy of revise owns the data folder."""


class ProgressWriteError(ProgressError):
    """A change could not be written; the file on disk still holds the last saved state."""


class ProgressLockLostError(ProgressWriteError):
    """This copy no longer owns the data folder (its lock file or journal was deleted or replaced
    and another copy holds it): nothing more is written, and retrying cannot help."""

    def __init__(self, folder: Path, what: str) -> None:
        super().__init__(
            f"{what}, so another copy of Revise took over the progress folder {folder}; "
            "your answers from now on are not saved — quit and restart."
        )
