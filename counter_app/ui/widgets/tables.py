"""Read-only dossier tables shared by the lookup and the ledger, with due-date highlights."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from counter_app.core.domain.listing import DossierSummary
from counter_app.core.domain.status import Status
from counter_app.ui.widgets.formatting import named, tr

OVERDUE = QColor("#fde2e1")
DUE_TODAY = QColor("#fff4cc")


def row_colour(summary: DossierSummary, now: datetime) -> QColor | None:
    """Overdue and due-today dossiers stand out (only while still being processed)."""
    if summary.appointment_at is None or summary.voided:
        return None
    if summary.status.is_final or summary.status is Status.DONE:
        return None
    if summary.appointment_at < now:
        return OVERDUE
    due_day = summary.appointment_at.astimezone(now.tzinfo).date()  # both on the center's clock
    return DUE_TODAY if due_day == now.date() else None


def read_only_table(columns: Sequence[str], name: str) -> QTableWidget:
    table = named(QTableWidget(0, len(columns)), name)
    table.setHorizontalHeaderLabels([tr(c) for c in columns])
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    colours: Sequence[QColor | None],
    centered: Sequence[int] = (),
) -> None:
    table.setRowCount(len(rows))
    for r, (values, colour) in enumerate(zip(rows, colours, strict=True)):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if colour is not None:
                item.setBackground(colour)
            if c in centered:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
