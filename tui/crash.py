"""An unexpected error, told honestly: a crash report on disk, one line on stderr, exit 1.

Whatever goes wrong that no code expected (a bug in a screen, in a subcommand) ends the
same way, in the TUI and the CLI: the full story (traceback, version, time) goes to
`crash-YYYYmmdd-HHMMSS.txt` in the data folder, or the temp folder when the data folder
cannot be written, and the student reads one line saying what happened and where that is.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from tui import __version__
from tui.core.display import display_safe

_MESSAGE_LIMIT = 160  # characters of the error's own message in the one-line summary


def crash_report_text(error: BaseException, now: datetime) -> str:
    """What a crash report holds: version, time (UTC), Python, platform, command line, traceback."""
    lines = [
        f"revise {__version__} crashed at {now.isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Command: {' '.join(sys.argv)}",
        "",
        "".join(traceback.format_exception(error)),
    ]
    return "\n".join(lines)


def write_crash_report(error: BaseException, folder: Path | None, now: datetime | None = None) -> Path | None:
    """Write the crash report of `error` into `folder` (else the temp folder); its path, or None.

    The file is `crash-YYYYmmdd-HHMMSS.txt` (UTC), with `-2`, `-3` … when that name is taken.
    None only when neither folder can be written: the caller still says what happened.
    """
    now = now or datetime.now(UTC)
    text = crash_report_text(error, now)
    stem = f"crash-{now:%Y%m%d-%H%M%S}"
    candidates = [folder] if folder is not None else []
    candidates.append(Path(tempfile.gettempdir()))
    for place in candidates:
        try:
            place.mkdir(parents=True, exist_ok=True)
            for number in range(1, 100):
                path = place / (f"{stem}.txt" if number == 1 else f"{stem}-{number}.txt")
                try:
                    # "x": never overwrite an earlier report written in the same second.
                    with open(path, "x", encoding="utf-8") as report:
                        report.write(text)
                    return path
                except FileExistsError:
                    continue
        except OSError:
            continue  # a data folder that is a file, read-only, full: try the next place
    return None


def crash_line(error: BaseException, report: Path | None) -> str:
    """The one line the student reads: what happened and where the report is."""
    message = display_safe(str(error), keep_newlines=False).strip()
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 1] + "…"
    what = f"{type(error).__name__}: {message}" if message else type(error).__name__
    where = f"crash report: {report}" if report is not None else "no crash report could be written"
    return f"revise: unexpected error ({what}); {where}. Please send it to the authors."


def report_crash(error: BaseException, data_dir: str | os.PathLike[str] | None) -> None:
    """Write the crash report (data folder of `data_dir`, else temp) and print the one line on stderr."""
    folder: Path | None
    try:
        from tui.paths import data_dir as resolve_data_dir

        folder = resolve_data_dir(data_dir)
    except Exception:  # the data folder cannot even be named: the temp folder will do
        folder = None
    report = write_crash_report(error, folder)
    with contextlib.suppress(OSError):  # stderr closed: the report on disk is all there is
        print(crash_line(error, report), file=sys.stderr, flush=True)
