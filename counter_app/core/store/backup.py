"""Consistent copies of the live database through SQLite's online backup API.

A plain file copy of a WAL database can miss committed pages still in the -wal
file; the backup API copies a consistent snapshot even while others write.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from counter_app.core.store.engine import environment_errors

BACKUP_SUFFIX = ".sqlite3"


def backup_to(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` as one self-contained file (rollback journal, not WAL,
    so it can be read, copied or restored without -wal/-shm companions)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with environment_errors(target):
            src = sqlite3.connect(source)
            try:
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
    except BaseException:
        partial.unlink(missing_ok=True)  # a full disk must not keep half a copy
        raise
    # Only a complete copy takes the final name; a power cut leaves just a .partial.
    partial.replace(target)
    return target


def backup_name(stem: str, now: datetime, reason: str) -> str:
    """``counter-20261124-081500-daily.sqlite3``: in the PC's local time, which is what
    the clerk and support read; names sort by time."""
    return f"{stem}-{now.astimezone():%Y%m%d-%H%M%S}-{reason}{BACKUP_SUFFIX}"


def timestamped_backup(source: Path, folder: Path, reason: str, now: datetime) -> Path:
    return backup_to(source, folder / backup_name(source.stem, now, reason))
