"""Writing a file so that a power cut leaves the old version or the new, never half."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(
    path: Path, data: bytes, *, private: bool = False, durable: bool = True
) -> None:
    """Write ``data`` beside ``path``, then rename it into place.

    ``private``: created readable by the owner only (0600) from the first byte.
    ``durable``: flushed to the disk before the rename (skip it for drafts, saved often).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        if durable:
            os.fsync(out.fileno())
    partial.replace(path)
