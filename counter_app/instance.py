"""One program at a time on a data directory: the GUI and ``db restore`` take this lock.

Two windows on one database would each print receipts from their own view of the
day, and a restore under a running window would pull the file from under it.
QLockFile (QtCore only, no GUI) knows a lock whose process is gone is stale.
"""

from __future__ import annotations

from PySide6.QtCore import QLockFile

from counter_app.paths import AppPaths

LOCK_FILE = "counter-app.lock"


def instance_lock(paths: AppPaths) -> QLockFile | None:
    """Held while the program works on the data; None if another process holds it."""
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(paths.data_dir / LOCK_FILE))
    lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
    return lock if lock.tryLock(200) else None
