"""Unfinished input kept on disk, so nothing typed is lost to a crash or a closed window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class DraftStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    def save(self, draft: dict[str, Any]) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
        partial.replace(self.path)  # atomic: a power cut leaves the old or the new draft

    def load(self) -> dict[str, Any] | None:
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return loaded if isinstance(loaded, dict) else None

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)
