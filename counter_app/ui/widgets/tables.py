"""Read-only dossier tables shared by the lookup and the ledger, with due-date highlights."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from counter_app.core.domain.listing import DossierSummary
from counter_app.core.domain.status import Status, no_appointment
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


def table_moment(value: datetime | None, tz: ZoneInfo) -> str:
    """A time in a table cell: short, so that the column stays whole on a 1024-pixel screen
    (the details and the printed forms give the weekday)."""
    if value is None:
        return tr("Không hẹn ngày")
    return f"{value.astimezone(tz):%H:%M %d/%m/%Y}"


def table_appointment(value: datetime | None, tz: ZoneInfo, status: int) -> str:
    """A dossier's appointment in a table cell: "—" for one never given any (refused, or
    sent back for supplements at the desk), else short as ``table_moment``."""
    return "—" if no_appointment(status, value) else table_moment(value, tz)


def read_only_table(columns: Sequence[str], name: str, stretch: Sequence[int]) -> QTableWidget:
    """The ``stretch`` columns (long texts: procedure, name, address) share the width the
    others leave: their text is cut with "…" and whole in the tooltip, so that the short
    columns (code, status, due date) are always whole on screen, without scrolling sideways."""
    table = named(QTableWidget(0, len(columns)), name)
    table.setHorizontalHeaderLabels([tr(c) for c in columns])
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(False)  # one line a row, cut with "…"
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


def stretched(table: QTableWidget, column: int) -> bool:
    mode = table.horizontalHeader().sectionResizeMode(column)
    return mode is QHeaderView.ResizeMode.Stretch


def fill(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    colours: Sequence[QColor | None],
    centered: Sequence[int] = (),
) -> None:
    table.setRowCount(len(rows))
    whole = [stretched(table, c) for c in range(table.columnCount())]
    for r, (values, colour) in enumerate(zip(rows, colours, strict=True)):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if whole[c]:
                item.setToolTip(value)  # the text the column may cut
            if colour is not None:
                item.setBackground(colour)
            if c in centered:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(r, c, item)
    for column, cut in enumerate(whole):
        if not cut:  # the stretched ones keep sharing what these leave
            table.resizeColumnToContents(column)
