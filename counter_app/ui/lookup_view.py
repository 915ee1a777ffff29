"""Lookup & return: scan a receipt (code + Enter) or search, then act on the dossier.

The view only shows data and emits requests; the main window runs them on the
database worker and hands the results back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.listing import DossierSummary
from counter_app.core.domain.status import Status
from counter_app.core.forms.data import DossierSheet
from counter_app.ui.applicant_form import ERROR_STYLE
from counter_app.ui.barcode_widget import BarcodeWidget
from counter_app.ui.formatting import moment, named, parse_day, tr
from counter_app.ui.tables import fill, read_only_table, row_colour

COLUMNS = ("Mã hồ sơ", "Người nộp", "Thủ tục", "Trạng thái", "Hẹn trả")


class LookupView(QWidget):
    lookup_requested = Signal(str)
    detail_requested = Signal(str)
    return_requested = Signal(str, str, str)  # code, collector name, collector ID
    reschedule_requested = Signal(str, object, str)  # code, new datetime, reason
    reprint_requested = Signal(str)
    control_slip_requested = Signal(str)
    stop_notice_requested = Signal(str, str)  # code, reason (notice of stopping processing)
    detail_shown = Signal(str)  # dossier code now on screen

    def __init__(
        self, tz: ZoneInfo, clock: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tz, self._clock = tz, clock
        self.sheet: DossierSheet | None = None
        self.query = named(QLineEdit(), "lookup_query")
        self.query.setPlaceholderText(
            tr("Quét mã vạch trên giấy tiếp nhận, hoặc gõ mã, số CCCD, tên, số điện thoại")
        )
        self.results = read_only_table(COLUMNS, "lookup_results")
        self.info = named(QLabel(), "dossier_info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.barcode = BarcodeWidget()
        self.timeline = named(QListWidget(), "timeline")
        self.collector_name = named(QLineEdit(), "collector_name")
        self.collector_id = named(QLineEdit(), "collector_id")
        self.return_button = named(QPushButton(tr("Trả kết quả")), "return_result")
        self.new_day = named(QLineEdit(), "new_day")
        self.new_day.setPlaceholderText(tr("dd/mm/yyyy"))
        self.new_time = named(QLineEdit("16:00"), "new_time")
        self.delay_reason = named(QLineEdit(), "delay_reason")
        self.apology_button = named(QPushButton(tr("In phiếu xin lỗi và hẹn lại")), "apology")
        self.reprint_button = named(QPushButton(tr("In lại giấy tiếp nhận")), "reprint_receipt")
        self.control_button = named(QPushButton(tr("In phiếu kiểm soát")), "control_slip")
        self.stop_button = named(QPushButton(tr("In thông báo dừng giải quyết")), "stop_notice")
        self.message = named(QLabel(), "lookup_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self._layout()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._connect()
        self.show_detail(None)

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.query)
        left.addWidget(self.results)
        back = QGroupBox(tr("Trả kết quả"))
        form = QFormLayout(back)
        form.addRow(tr("Người nhận"), self.collector_name)
        form.addRow(tr("Số CCCD người nhận"), self.collector_id)
        form.addRow(self.return_button)
        late = QGroupBox(tr("Chậm trả: xin lỗi và hẹn lại (mẫu 04)"))
        form = QFormLayout(late)
        when = QHBoxLayout()
        when.addWidget(self.new_day)
        when.addWidget(self.new_time)
        form.addRow(tr("Ngày, giờ hẹn mới"), when)
        form.addRow(tr("Lý do"), self.delay_reason)
        form.addRow(self.apology_button)
        prints = QHBoxLayout()
        prints.addWidget(self.reprint_button)
        prints.addWidget(self.control_button)
        prints.addWidget(self.stop_button)
        right = QVBoxLayout()
        right.addWidget(self.info)
        right.addWidget(self.barcode)
        right.addWidget(QLabel(tr("Quá trình giải quyết")))
        right.addWidget(self.timeline)
        right.addWidget(back)
        right.addWidget(late)
        right.addLayout(prints)
        right.addWidget(self.message)
        columns = QHBoxLayout(self)
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)

    def _connect(self) -> None:
        self.query.returnPressed.connect(self._search_now)
        self.query.textEdited.connect(lambda _t: self._debounce.start())
        self._debounce.timeout.connect(self._search_now)
        self.results.itemSelectionChanged.connect(self._selected)
        self.return_button.clicked.connect(self._return)
        self.apology_button.clicked.connect(self._reschedule)
        self.reprint_button.clicked.connect(lambda: self._emit_code(self.reprint_requested))
        self.control_button.clicked.connect(lambda: self._emit_code(self.control_slip_requested))
        self.stop_button.clicked.connect(self._stop_notice)

    # --- searching -------------------------------------------------------------------

    def _search_now(self) -> None:
        self._debounce.stop()
        text = self.query.text().strip()
        if text:
            self.lookup_requested.emit(text)

    def show_results(self, rows: list[DossierSummary], sheet: DossierSheet | None = None) -> None:
        """Fill the results; ``sheet`` is the single hit's details, shown straight away."""
        self.results.blockSignals(True)
        self.results.clearSelection()  # so that selecting row 0 again announces the new dossier
        now = self._now()
        values = [
            (
                r.code,
                r.applicant_name,
                r.procedure_name,
                tr(r.status.label),
                moment(r.appointment_at, self.tz),
            )
            for r in rows
        ]
        fill(self.results, values, [row_colour(r, now) for r in rows])
        if sheet is not None:  # a scanned code: its row selected, its details already here
            self.results.selectRow(0)
        self.results.blockSignals(False)
        self.message.setText("" if rows else tr("Không tìm thấy hồ sơ nào."))
        if sheet is not None:
            self.show_detail(sheet)

    def _selected(self) -> None:
        rows = {item.row() for item in self.results.selectedItems()}
        code = self.results.item(min(rows), 0) if rows else None  # column 0 is the code
        if code is not None:
            self.detail_requested.emit(code.text())

    # --- the dossier ----------------------------------------------------------------------

    def show_detail(self, sheet: DossierSheet | None) -> None:
        self.sheet = sheet
        self.message.clear()
        self.timeline.clear()
        enabled = sheet is not None
        for widget in (self.reprint_button, self.control_button, self.apology_button):
            widget.setEnabled(enabled)
        stopped = sheet is not None and sheet.status in (Status.WITHDRAWN, Status.STOPPED)
        self.stop_button.setVisible(stopped)
        if sheet is None:
            self.info.setText(tr("Chưa chọn hồ sơ."))
            self.barcode.set_code("")
            self.return_button.setEnabled(False)
            return
        self.barcode.set_code(sheet.code)
        self.info.setText(
            f"<b>{escape(sheet.code)}</b> — {escape(sheet.status_label)}<br/>"
            f"{escape(sheet.procedure_name)}<br/>"
            f"{tr('Người nộp')}: <b>{escape(sheet.applicant_name)}</b> "
            f"({escape(sheet.id_number)}) {escape(sheet.phone)}<br/>"
            f"{tr('Nhận')}: {moment(sheet.received_at, self.tz)} · "
            f"{tr('Hẹn trả')}: {moment(sheet.appointment_at, self.tz)}<br/>"
            f"{tr('Giấy tờ')}: "
            + "; ".join(escape(f"{d.name} ({d.kind})") for d in sheet.documents if d.received)
        )
        for step in sheet.progress:
            self.timeline.addItem(
                f"{step.at:%H:%M %d/%m/%Y} — {step.action}"
                + (f" — {step.note}" if step.note else "")
            )
        self.return_button.setEnabled(sheet.status == Status.DONE)
        self.collector_name.setText(sheet.applicant_name)
        self.collector_id.setText(sheet.id_number)
        self.detail_shown.emit(sheet.code)

    def show_error(self, text: str) -> None:
        self.message.setText(text)

    def _emit_code(self, signal: SignalInstance) -> None:
        if self.sheet is not None:
            signal.emit(self.sheet.code)

    def _return(self) -> None:
        if self.sheet is not None:
            self.return_requested.emit(
                self.sheet.code, self.collector_name.text(), self.collector_id.text()
            )

    def _stop_notice(self) -> None:
        """The notice of stopping processing, with the reason recorded (the clerk may edit)."""
        if self.sheet is None:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(tr("Thông báo dừng giải quyết hồ sơ"))
        dialog.setLabelText(tr("Lý do dừng giải quyết (in trên thông báo):"))
        dialog.setTextValue(self.sheet.stop_reason)
        hint = dialog.sizeHint()  # wide enough to read the whole reason
        dialog.resize(max(hint.width(), self.width() // 2), hint.height())
        if dialog.exec() == QInputDialog.DialogCode.Accepted:
            self.stop_notice_requested.emit(self.sheet.code, dialog.textValue())

    def _reschedule(self) -> None:
        if self.sheet is None:
            return
        day = parse_day(self.new_day.text())
        try:
            clock = time.fromisoformat(self.new_time.text().strip())
        except ValueError:
            clock = None
        if day is None or clock is None:
            self.show_error(tr("Ngày hẹn mới phải có dạng dd/mm/yyyy và giờ dạng HH:MM."))
            return
        self.reschedule_requested.emit(
            self.sheet.code, datetime.combine(day, clock, self.tz), self.delay_reason.text()
        )

    def _now(self) -> datetime:
        return self._clock().astimezone(self.tz)
