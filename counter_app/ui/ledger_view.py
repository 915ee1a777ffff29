"""The ledger (sổ theo dõi hồ sơ): today's dossiers by default, filters, print form 06."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.catalog import ProcedureInfo
from counter_app.core.domain.listing import DossierSummary, LedgerFilter
from counter_app.core.domain.status import Status
from counter_app.ui.applicant_form import ERROR_STYLE
from counter_app.ui.formatting import day, moment, named, parse_day, tr
from counter_app.ui.tables import DUE_TODAY, OVERDUE, fill, read_only_table, row_colour

COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Thủ tục",
    "Người nộp",
    "Địa chỉ, điện thoại",
    "Nhận lúc",
    "Hẹn trả",
    "Trạng thái",
)


class LedgerView(QWidget):
    filter_requested = Signal(object)  # LedgerFilter
    print_requested = Signal(object, object)  # first, last
    open_requested = Signal(str)  # dossier code (double click)

    def __init__(
        self, clock: Callable[[], datetime], tz: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clock, self.tz = clock, tz
        today = day(clock().date())
        self.first = named(QLineEdit(today), "ledger_first")
        self.last = named(QLineEdit(today), "ledger_last")
        self.status = named(QComboBox(), "ledger_status")
        self.status.addItem(tr("Mọi trạng thái"), None)
        for status in Status:
            self.status.addItem(f"{int(status)} · {tr(status.label)}", int(status))
        self.procedure = named(QComboBox(), "ledger_procedure")
        self.procedure.addItem(tr("Mọi thủ tục"), None)
        self.overdue = named(QCheckBox(tr("Chỉ hồ sơ quá hạn")), "ledger_overdue")
        self.show_button = named(QPushButton(tr("Xem")), "ledger_show")
        self.print_button = named(QPushButton(tr("In sổ theo dõi hồ sơ")), "ledger_print")
        self.table = read_only_table(COLUMNS, "ledger_table")
        self.summary = named(QLabel(), "ledger_summary")
        self.message = named(QLabel(), "ledger_message")
        self.message.setStyleSheet(ERROR_STYLE)
        bar = QHBoxLayout()
        controls: list[QWidget] = [
            QLabel(tr("Từ ngày")),
            self.first,
            QLabel(tr("đến ngày")),
            self.last,
            self.status,
            self.procedure,
            self.overdue,
            self.show_button,
            self.print_button,
        ]
        for control in controls:
            bar.addWidget(control)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        self.show_button.clicked.connect(self.request)
        for edit in (self.first, self.last):
            edit.returnPressed.connect(self.request)
        self.print_button.clicked.connect(self._print)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._open(row))

    def _open(self, row: int) -> None:
        item = self.table.item(row, 1)
        if item is not None:
            self.open_requested.emit(item.text())

    def set_catalog(self, catalog: list[ProcedureInfo]) -> None:
        for info in catalog:
            self.procedure.addItem(f"{info.code} — {info.name}", info.code)

    def _period(self) -> tuple[date, date] | None:
        first, last = parse_day(self.first.text()), parse_day(self.last.text())
        if first is None or last is None:
            self.message.setText(tr("Ngày phải có dạng dd/mm/yyyy."))
            return None
        if last < first:
            self.message.setText(tr("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
            return None
        self.message.clear()
        return first, last

    def request(self) -> None:
        period = self._period()
        if period is None:
            return
        status = self.status.currentData()
        self.filter_requested.emit(
            LedgerFilter(
                first=period[0],
                last=period[1],
                status=Status(status) if status is not None else None,
                procedure_code=self.procedure.currentData(),
                overdue_at=self._clock() if self.overdue.isChecked() else None,
            )
        )

    def _print(self) -> None:
        period = self._period()
        if period is not None:
            self.print_requested.emit(*period)

    def show_rows(self, rows: list[DossierSummary]) -> None:
        now = self._clock().astimezone(self.tz)
        colours = [row_colour(row, now) for row in rows]
        values = [
            (
                str(n),
                row.code,
                row.procedure_name,
                row.applicant_name,
                ", ".join(p for p in (row.address, row.phone or "") if p),
                moment(row.received_at, self.tz),
                moment(row.appointment_at, self.tz),
                tr(row.status.label),
            )
            for n, row in enumerate(rows, start=1)
        ]
        fill(self.table, values, colours, centered=(0,))
        self.summary.setText(
            f"{tr('Tổng số')}: {len(rows)} · {tr('quá hạn')}: {colours.count(OVERDUE)} · "
            f"{tr('đến hạn hôm nay')}: {colours.count(DUE_TODAY)}"
        )
