"""Unfinished input kept on disk, so nothing typed is lost to a crash or a closed window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from counter_app.core.files import write_atomically


class DraftStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def save(self, draft: dict[str, Any]) -> None:
        # Saved at every pause in typing, on the database worker: no fsync in front
        # of a reception. The rename still leaves the old draft or the new one.
        data = json.dumps(draft, ensure_ascii=False).encode()
        write_atomically(self.path, data, durable=False)

    def load(self) -> dict[str, Any] | None:
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return loaded if isinstance(loaded, dict) else None

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)
