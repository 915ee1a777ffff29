"""Consistent copies of the live database through SQLite's online backup API.

A plain file copy of a WAL database can miss committed pages still in the -wal
file; the backup API copies a consistent snapshot even while others write.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from counter_app.core.store.engine import environment_errors


def backup_to(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with environment_errors():
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    # Only a complete copy takes the final name; a power cut leaves just a .partial.
    partial.replace(target)
    return target


def timestamped_backup(source: Path, folder: Path, reason: str, now: datetime) -> Path:
    name = f"{source.stem}-{now:%Y%m%d-%H%M%S}-{reason}.sqlite3"
    return backup_to(source, folder / name)
