"""One owner per data folder: an OS lock on a sidecar file that dies with its owner."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tui.core.progress.errors import ProgressError, ProgressLockedError, ProgressLockLostError
from tui.core.progress.files import FILE_NAME, data_dir_error

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = FILE_NAME + ".lock"


class DataDirLock:
    """Exclusive ownership of a data folder: an OS lock on `progress.json.lock` beside the data.

    The lock is on a sidecar file (os.replace swaps the data file out), and the
    OS drops it when the owner dies, even by kill -9: a lock file left behind
    does not block the next start. POSIX takes it with flock directly (the
    filelock package costs ~12 ms of imports at every start); Windows uses filelock.

    On POSIX the folder itself is flocked too: deleting or replacing the lock file
    cannot let a second copy in. `check` (before each write) re-reads the lock
    file's identity: a lock file deleted is made again and taken, one another copy
    holds means this copy lost the folder (ProgressLockLostError).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_NAME
        self._fd: int | None = None
        self._folder_fd: int | None = None
        self._portable: Any = None  # filelock's FileLock, where there is no flock

    def acquire(self) -> DataDirLock:
        try:
            if fcntl is None:
                self._acquire_portable()
            else:
                self._acquire_flock()
        except ProgressLockedError:
            raise ProgressLockedError(
                f"Another copy of revise is already running with the data folder {self.folder}.\n"
                "Quit it first, or give this one a different --data-dir."
            ) from None
        except IsADirectoryError:
            raise ProgressError(
                f"{self.path} is a folder, so revise cannot lock the data folder {self.folder}.\n"
                "Move that folder away (revise makes the lock file itself) and start again."
            ) from None
        except OSError as error:
            raise data_dir_error(self.folder, error) from error
        return self

    def _acquire_flock(self) -> None:
        self._lock_folder()
        try:
            self._fd = self._lock_file()
        except BaseException:
            self._unlock_folder()
            raise

    def _lock_folder(self) -> None:
        try:
            fd = os.open(self.folder, os.O_RDONLY)
        except OSError:  # a folder that cannot be opened for reading: the lock file alone guards it
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ProgressLockedError() from None
        except OSError:  # a file system without flock on folders: the lock file alone guards it
            os.close(fd)
            return
        self._folder_fd = fd

    def _unlock_folder(self) -> None:
        if self._folder_fd is not None:
            fd, self._folder_fd = self._folder_fd, None
            os.close(fd)

    def _lock_file(self) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            # flock, not lockf: a second lock from this same process is refused too.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BaseException as error:
            os.close(fd)
            if isinstance(error, BlockingIOError):
                raise ProgressLockedError() from None
            raise
        return fd

    def check(self) -> None:
        """Before a write: raise ProgressLockLostError if another copy may own the folder now.

        The lock file at the path must be the one this copy holds. If it was deleted
        or replaced and nobody holds the new one, it is taken again (nothing was lost).
        """
        if self._fd is None:  # Windows (filelock), or released
            return
        try:
            now = os.stat(self.path)
            held = os.fstat(self._fd)
            if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                return
        except FileNotFoundError:
            pass
        except OSError:
            return  # cannot tell; the write itself will report a broken folder
        try:
            fd = self._lock_file()
        except ProgressLockedError:
            raise ProgressLockLostError(self.folder, f"The lock file {self.path} was replaced") from None
        except OSError:
            raise ProgressLockLostError(self.folder, f"The lock file {self.path} was deleted") from None
        os.close(self._fd)
        self._fd = fd

    def _acquire_portable(self) -> None:
        from filelock import FileLock, Timeout

        self._portable = FileLock(str(self.path), timeout=0, thread_local=False)
        try:
            self._portable.acquire()
        except Timeout:
            raise ProgressLockedError() from None

    def release(self) -> None:
        if self._portable is not None:
            self._portable.release()
        elif self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the only descriptor drops the flock
        self._unlock_folder()
