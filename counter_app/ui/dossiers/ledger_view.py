"""The ledger (sổ theo dõi hồ sơ): today's dossiers by default, filters, print form 06.

The number shown is each dossier's number in its year's ledger book, as on its
receipt and on the printed ledger; the printed ledger is what the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
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
from counter_app.ui.widgets.formatting import day, day_problem, named, parse_day, tr
from counter_app.ui.widgets.messages import ERROR_STYLE
from counter_app.ui.widgets.tables import (
    DUE_TODAY,
    OVERDUE,
    fill,
    read_only_table,
    row_colour,
    table_appointment,
    table_moment,
)

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
STRETCHED = (2, 3, 4)  # procedure, applicant, address: cut with "…", whole in the tooltip
WIDEST_DAY = "00/00/00000"  # a date and a digit to spare: the box never scrolls ("026")


def date_box(text: str, name: str) -> QLineEdit:
    edit = named(QLineEdit(text), name)
    edit.setPlaceholderText(tr("dd/mm/yyyy"))
    edit.setMaxLength(10)
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(WIDEST_DAY) + 16)
    edit.setMaximumWidth(edit.minimumWidth() + 24)
    return edit


class LedgerView(QWidget):
    filter_requested = Signal(object)  # LedgerFilter
    print_requested = Signal(object)  # LedgerFilter: the one shown, printed as shown
    open_requested = Signal(str)  # dossier code (double click)

    def __init__(
        self, clock: Callable[[], datetime], tz: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._clock, self.tz = clock, tz
        today = day(clock().astimezone(tz).date())  # the center's day, not the PC's UTC one
        self.first = date_box(today, "ledger_first")
        self.last = date_box(today, "ledger_last")
        self.status = named(QComboBox(), "ledger_status")
        self.status.addItem(tr("Mọi trạng thái"), None)
        for status in Status:
            self.status.addItem(f"{int(status)} · {tr(status.label)}", int(status))
        self.procedure = named(QComboBox(), "ledger_procedure")
        self.procedure.addItem(tr("Mọi thủ tục"), None)
        # Long names must not push the date boxes off a small screen: elided, full on hover.
        for combo, letters in ((self.status, 14), (self.procedure, 18)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(letters)
        self.overdue = named(QCheckBox(tr("Chỉ hồ sơ quá hạn")), "ledger_overdue")
        self.show_button = named(QPushButton(tr("Xem")), "ledger_show")
        self.print_button = named(QPushButton(tr("In sổ theo dõi hồ sơ")), "ledger_print")
        self.table = read_only_table(COLUMNS, "ledger_table", stretch=STRETCHED)
        self.table.verticalHeader().hide()  # the ledger number is the one number column
        number = self.table.horizontalHeaderItem(0)
        if number is not None:
            number.setToolTip(
                tr("Số thứ tự trong sổ theo dõi hồ sơ của năm, như trên giấy tiếp nhận")
            )
        self.summary = named(QLabel(), "ledger_summary")
        self.message = named(QLabel(), "ledger_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        # Two rows, so that a 1024-pixel screen shows every control whole.
        bar = QHBoxLayout()
        for control in (QLabel(tr("Từ ngày")), self.first, QLabel(tr("đến ngày")), self.last):
            bar.addWidget(control)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.procedure, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.overdue)
        actions.addStretch()
        actions.addWidget(self.show_button)
        actions.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
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
            self.procedure.setItemData(
                self.procedure.count() - 1, info.name, Qt.ItemDataRole.ToolTipRole
            )

    def _day(self, edit: QLineEdit, label: str) -> date | None:
        parsed = parse_day(edit.text())
        if parsed is None:
            problem = day_problem(edit.text()) or ""
            self.message.setText(f"{label}: {problem}")
        return parsed

    def _period(self) -> tuple[date, date] | None:
        first = self._day(self.first, tr("Từ ngày"))
        last = self._day(self.last, tr("Đến ngày")) if first is not None else None
        if first is None or last is None:
            return None
        if last < first:
            self.message.setText(tr("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
            return None
        self.message.clear()
        return first, last

    def spec(self) -> LedgerFilter | None:
        """What the controls ask for; None (with the reason shown) if a date is wrong."""
        period = self._period()
        if period is None:
            return None
        status = self.status.currentData()
        return LedgerFilter(
            first=period[0],
            last=period[1],
            status=Status(status) if status is not None else None,
            procedure_code=self.procedure.currentData(),
            overdue_at=self._clock() if self.overdue.isChecked() else None,
        )

    def request(self) -> None:
        spec = self.spec()
        if spec is not None:
            self.filter_requested.emit(spec)

    def _print(self) -> None:
        """Print what the controls ask for, and show that same list on screen."""
        spec = self.spec()
        if spec is not None:
            self.filter_requested.emit(spec)
            self.print_requested.emit(spec)

    def show_rows(self, rows: list[DossierSummary]) -> None:
        now = self._clock().astimezone(self.tz)
        colours = [row_colour(row, now) for row in rows]
        values = [
            (
                row.ledger,
                row.code,
                row.procedure_name,
                row.applicant_name,
                ", ".join(p for p in (row.address, row.phone or "") if p),
                table_moment(row.received_at, self.tz),
                table_appointment(row.appointment_at, self.tz, row.status),
                tr("ĐÃ HỦY") if row.voided else tr(row.status.label),
            )
            for row in rows
        ]
        fill(self.table, values, colours, centered=(0,))
        self.summary.setText(
            f"{tr('Tổng số')}: {len(rows)} · {tr('quá hạn')}: {colours.count(OVERDUE)} · "
            f"{tr('đến hạn hôm nay')}: {colours.count(DUE_TODAY)}"
        )

    def show_error(self, text: str) -> None:
        self.message.setText(text)
