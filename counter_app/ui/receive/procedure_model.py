"""The procedure picker's list: as-you-type filtering of the in-memory catalog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from counter_app.core.domain.catalog import ProcedureInfo
from counter_app.core.domain.text import fold

Index = QModelIndex | QPersistentModelIndex


def filter_procedures(catalog: list[ProcedureInfo], query: str) -> list[ProcedureInfo]:
    """Every folded word of the query must occur in the code or name; code matches first."""
    words = fold(query).split()
    if not words:
        return catalog
    hits = [p for p in catalog if all(w in p.folded for w in words)]
    first = words[0]
    return sorted(hits, key=lambda p: (not p.code.startswith(first), p.folded.find(first)))


class ProcedureModel(QAbstractListModel):
    InfoRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self._catalog: list[ProcedureInfo] = []
        self._shown: list[ProcedureInfo] = []

    def set_catalog(self, catalog: list[ProcedureInfo]) -> None:
        self.beginResetModel()
        self._catalog = self._shown = catalog
        self.endResetModel()

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self._shown = filter_procedures(self._catalog, query)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{info.code} — {info.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{info.field}: {info.name}"
        if role == self.InfoRole:
            return info
        return None

    def info(self, row: int) -> ProcedureInfo | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None
