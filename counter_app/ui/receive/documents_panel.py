"""The procedure's required documents as a checklist, plus documents the clerk adds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.catalog import DOCUMENT_KINDS, ProcedureInfo
from counter_app.core.domain.reception import DocumentInput
from counter_app.ui.widgets.formatting import tr

DocRole = Qt.ItemDataRole.UserRole + 1


def _label(doc: DocumentInput) -> str:
    return f"{doc.name} — {tr(DOCUMENT_KINDS[doc.kind])} × {doc.count}"


class DocumentsPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = QListWidget()
        self.checklist.setObjectName("documents")
        self.checklist.setWordWrap(True)
        self.extra_name = QLineEdit()
        self.extra_name.setPlaceholderText(tr("Giấy tờ khác (không có trong danh mục)"))
        self.extra_kind = QComboBox()
        for key, label in DOCUMENT_KINDS.items():
            self.extra_kind.addItem(tr(label), key)
        self.extra_count = QSpinBox()
        self.extra_count.setRange(1, 999)
        self.add_button = QPushButton(tr("Thêm"))
        row = QHBoxLayout()
        row.addWidget(self.extra_name, 3)
        row.addWidget(self.extra_kind, 2)
        row.addWidget(self.extra_count)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.checklist)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_extra)
        self.extra_name.returnPressed.connect(self.add_extra)
        self.checklist.itemChanged.connect(lambda _item: self.changed.emit())

    def _append(self, doc: DocumentInput, checked: bool) -> None:
        item = QListWidgetItem(_label(doc))
        item.setData(DocRole, doc)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.checklist.addItem(item)

    def set_procedure(self, info: ProcedureInfo | None) -> None:
        self.checklist.clear()
        for c in info.components if info else ():
            doc = DocumentInput(c.name, c.kind, c.count, component_position=c.position)
            self._append(doc, checked=False)  # the clerk ticks what was actually handed in
        self.changed.emit()

    def add_extra(self) -> None:
        name = self.extra_name.text().strip()
        if not name:
            return
        self._append(
            DocumentInput(name, self.extra_kind.currentData(), self.extra_count.value()),
            checked=True,
        )
        self.extra_name.clear()
        self.changed.emit()

    def documents(self) -> list[DocumentInput]:
        """Every listed document; unticked ones are the missing ones (form 02)."""
        result = []
        for row in range(self.checklist.count()):
            item = self.checklist.item(row)
            doc: DocumentInput = item.data(DocRole)
            received = item.checkState() == Qt.CheckState.Checked
            result.append(
                DocumentInput(doc.name, doc.kind, doc.count, received, doc.component_position)
            )
        return result

    def missing_required(self, info: ProcedureInfo | None) -> list[str]:
        required = {c.position for c in info.components if c.required} if info else set()
        return [
            d.name for d in self.documents() if not d.received and d.component_position in required
        ]

    def draft(self) -> list[dict[str, Any]]:
        return [vars(d) for d in self.documents()]

    def restore(self, rows: list[dict[str, Any]]) -> None:
        self.checklist.clear()
        for row in rows:
            doc = DocumentInput(**row)
            self._append(doc, doc.received)
