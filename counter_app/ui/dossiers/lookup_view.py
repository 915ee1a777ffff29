"""Lookup & return: scan a receipt (code + Enter) or search, then act on the dossier.

The view only shows data and emits requests; the main window runs them on the
database worker and hands the results back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.calendar import WorkingCalendar
from counter_app.core.domain.codes import AGENCY_PATTERN, parse_code
from counter_app.core.domain.listing import DossierSummary
from counter_app.core.domain.status import VOIDABLE, Status
from counter_app.core.forms.data import DossierSheet, Form
from counter_app.core.forms.qr import NotOurCode
from counter_app.ui.dossiers.history import history_line, sheet_status
from counter_app.ui.printing.barcode_widget import BarcodeWidget
from counter_app.ui.printing.result_panel import original_form, reprint_label
from counter_app.ui.receive.wedge import QR_START, qr_dossier_code, qr_unreadable
from counter_app.ui.widgets.fields import EntryField, WholeLabel
from counter_app.ui.widgets.formatting import appointment, moment, named, parse_day, tr
from counter_app.ui.widgets.messages import ERROR_STYLE
from counter_app.ui.widgets.tables import fill, read_only_table, row_colour, table_appointment

COLUMNS = ("Mã hồ sơ", "Người nộp", "Thủ tục", "Trạng thái", "Hẹn trả")
STRETCHED = (1, 2)  # the applicant and the procedure: cut with "…", whole in the tooltip
# A receipt scanned while the cursor was in an action field: the code ends the text.
_SCANNED_CODE = re.compile(rf"{AGENCY_PATTERN}-[0-9]{{6}}-[0-9]{{4}}$", re.IGNORECASE)
VOID_STYLE = "color: #b00020;"


class LookupView(QWidget):
    lookup_requested = Signal(str)
    detail_requested = Signal(str)
    return_requested = Signal(str, str, str)  # code, collector name, collector ID
    reschedule_requested = Signal(str, object, str)  # code, new datetime, reason
    reprint_requested = Signal(str)
    control_slip_requested = Signal(str)
    stop_notice_requested = Signal(str, str)  # code, reason (notice of stopping processing)
    void_requested = Signal(str)  # code: open the void dialog
    correct_requested = Signal(str)  # code: open the correction dialog
    detail_shown = Signal(str)  # dossier code now on screen
    sheet_changed = Signal()  # the dossier on screen changed, or none is open any more
    ready_requested = Signal()  # list the center's results waiting to be handed over

    def __init__(
        self, tz: ZoneInfo, clock: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tz, self._clock = tz, clock
        self.sheet: DossierSheet | None = None
        self.supervision = True  # the person may void and correct (the window says who)
        self.calendar: WorkingCalendar | None = None  # set once the database is open
        self._rows: list[DossierSummary] = []
        self._opening: str | None = None  # the code of a row the clerk just picked
        self.query = named(EntryField(), "lookup_query")
        self.query.setPlaceholderText(
            tr("Quét mã vạch trên giấy tiếp nhận, hoặc gõ mã, số CCCD, tên, số điện thoại")
        )
        self.ready_button = named(QPushButton(tr("Kết quả chờ trả")), "ready_results")
        self.ready_button.setToolTip(
            tr("Hồ sơ của trung tâm đã xử lý xong, chờ trả cho công dân (mọi quầy)")
        )
        self.results = read_only_table(COLUMNS, "lookup_results", stretch=STRETCHED)
        self.info = named(WholeLabel(), "dossier_info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.barcode = BarcodeWidget()
        self.timeline = named(QListWidget(), "timeline")
        # Gives up height to the details above it (it scrolls): the window fits a 768 screen.
        self.timeline.setMinimumHeight(self.timeline.fontMetrics().lineSpacing() * 2 + 18)
        self.collector_name = named(EntryField(), "collector_name")
        self.collector_id = named(EntryField(), "collector_id")
        self.return_button = named(QPushButton(tr("Trả kết quả")), "return_result")
        self.new_day = named(EntryField(), "new_day")
        self.new_day.setPlaceholderText(tr("dd/mm/yyyy"))
        self.new_time = named(EntryField(), "new_time")
        self.new_time.setPlaceholderText(tr("HH:MM"))
        offered = tr(
            "Gợi ý sẵn: ngày làm việc đầu tiên sau ngày hẹn cũ, cùng giờ hẹn. "
            "Chỉ nhận ngày và giờ làm việc của trung tâm."
        )
        self.new_day.setToolTip(offered)
        self.new_time.setToolTip(offered)
        self.delay_reason = named(EntryField(), "delay_reason")
        self.apology_button = named(QPushButton(tr("In phiếu xin lỗi và hẹn lại")), "apology")
        self.reprint_button = named(QPushButton(tr("In lại giấy tiếp nhận")), "reprint_receipt")
        self.control_button = named(QPushButton(tr("In phiếu kiểm soát")), "control_slip")
        self.stop_button = named(QPushButton(tr("In thông báo dừng giải quyết")), "stop_notice")
        self.stop_notice_in_set = True  # the 2018 form set has no notice of stopping
        self.void_button = named(QPushButton(tr("Hủy hồ sơ…")), "void_dossier")
        self.correct_button = named(
            QPushButton(tr("Hiệu chỉnh thông tin người nộp…")), "correct_applicant"
        )
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
        search = QHBoxLayout()
        search.addWidget(self.query, 1)
        search.addWidget(self.ready_button)
        left.addLayout(search)
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
        fixes = QHBoxLayout()
        fixes.addWidget(QLabel(tr("Sửa sai:")))
        fixes.addWidget(self.correct_button)
        fixes.addWidget(self.void_button)
        fixes.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.info)
        right.addWidget(self.barcode)
        right.addWidget(QLabel(tr("Quá trình giải quyết")))
        right.addWidget(self.timeline)
        right.addWidget(back)
        right.addWidget(late)
        right.addLayout(prints)
        right.addLayout(fixes)
        right.addWidget(self.message)
        # The dossier's side scrolls: a long dossier (many documents, a void's reason) never
        # makes the window taller than the screen and pushes its status bar off it.
        panel = QWidget()
        panel.setLayout(right)
        side = named(QScrollArea(), "dossier_side")
        side.setWidget(panel)
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        columns = QHBoxLayout(self)
        columns.addLayout(left, 5)
        columns.addWidget(side, 4)

    def _connect(self) -> None:
        self.query.returnPressed.connect(self._scanned)
        self.query.textEdited.connect(lambda _t: self._debounce.start())
        self._debounce.timeout.connect(self._search_now)
        self.results.itemSelectionChanged.connect(self._selected)
        self.ready_button.clicked.connect(self.ready_requested)
        self.results.installEventFilter(self)
        for field in self._action_fields():
            field.returnPressed.connect(lambda field=field: self._scanned_into(field))
        self.return_button.clicked.connect(self._return)
        self.apology_button.clicked.connect(self._reschedule)
        self.reprint_button.clicked.connect(lambda: self._emit_code(self.reprint_requested))
        self.control_button.clicked.connect(lambda: self._emit_code(self.control_slip_requested))
        self.stop_button.clicked.connect(self._stop_notice)
        self.void_button.clicked.connect(lambda: self._emit_code(self.void_requested))
        self.correct_button.clicked.connect(lambda: self._emit_code(self.correct_requested))

    def _action_fields(self) -> tuple[QLineEdit, ...]:
        return (
            self.collector_name,
            self.collector_id,
            self.new_day,
            self.new_time,
            self.delay_reason,
        )

    def set_calendar(self, calendar: WorkingCalendar) -> None:
        """The center's working days and hours: what a new appointment is offered from."""
        self.calendar = calendar

    # --- searching -------------------------------------------------------------------

    def _scanned(self) -> None:
        """Enter in the lookup field (a scan ends so): search, and be ready for the next
        scan, which replaces this text instead of being added to it. The QR code of one of
        our papers opens its dossier as the barcode's code does."""
        text = self.query.text()
        try:
            code = qr_dossier_code(text)
        except NotOurCode:  # no dossier found: none stays open
            self.show_results([])
            self.show_error(qr_unreadable())
            self.query.selectAll()
            return
        if code is not None:
            self.query.setText(code)
        self._search_now()
        self.query.selectAll()

    def _scanned_into(self, field: QLineEdit) -> None:
        """Enter in an action field that ends with a dossier code: a receipt was scanned
        while the cursor was there. The code leaves the field and is looked up."""
        text = field.text()
        qr_at = text.upper().find(QR_START)
        if qr_at >= 0:  # a paper's QR code: its text ends the field
            field.setText(text[:qr_at])
            self.query.setText(text[qr_at:])
            self.query.setFocus()
            self._scanned()
            return
        match = _SCANNED_CODE.search(text)
        if match is None or parse_code(match.group()) is None:
            return
        field.setText(text[: match.start()])
        self.query.setText(match.group())
        self.query.setFocus()
        self._scanned()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Typing on the results list goes to the lookup field: a scan after picking a row
        lands there, not in the list's own type-ahead (which would open another dossier)."""
        if watched is self.results and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            text = event.text()
            plain = not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if plain and text and text.isprintable():
                self.query.setFocus()
                self.query.selectAll()
                QApplication.sendEvent(self.query, event)
                return True
        return super().eventFilter(watched, event)

    def _search_now(self) -> None:
        self._debounce.stop()
        text = self.query.text().strip()
        if text.upper().startswith(QR_START):  # a QR code on its way: wait for its Enter
            return
        if text:
            self.lookup_requested.emit(text)

    def _values(self, row: DossierSummary) -> tuple[str, ...]:
        return (
            row.code,
            row.applicant_name,
            row.procedure_name,
            tr("ĐÃ HỦY") if row.voided else tr(row.status.label),
            table_appointment(row.appointment_at, self.tz, row.status),
        )

    def show_results(self, rows: list[DossierSummary], sheet: DossierSheet | None = None) -> None:
        """Fill the results; ``sheet`` is the single hit's details, shown straight away.

        Several hits open none of them: the details never show a dossier the search did
        not pick (nor the one open before it).
        """
        self._rows = list(rows)
        self.results.blockSignals(True)
        self.results.clearSelection()  # so that selecting row 0 again announces the new dossier
        now = self._now()
        fill(self.results, [self._values(r) for r in rows], [row_colour(r, now) for r in rows])
        if sheet is not None:  # a scanned code: its row selected, its details already here
            self.results.selectRow(0)
        self.results.blockSignals(False)
        self._opening = None
        self._show(sheet, fresh=True)
        self.message.setText("" if rows else tr("Không tìm thấy hồ sơ nào."))

    def show_ready(self, rows: list[DossierSummary]) -> None:
        """The results waiting to be handed over, in the results list."""
        self.query.clear()
        self.show_results(rows)
        if not rows:
            self.message.setText(tr("Không có kết quả nào chờ trả."))

    def _selected(self) -> None:
        rows = {item.row() for item in self.results.selectedItems()}
        code = self.results.item(min(rows), 0) if rows else None  # column 0 is the code
        if code is not None:
            self._opening = code.text()
            self.detail_requested.emit(code.text())

    def _refresh_row(self, sheet: DossierSheet) -> None:
        """The list follows the dossier: its row shows the status and appointment now."""
        for r, shown in enumerate(self._rows):
            if shown.code != sheet.code:
                continue
            now = replace(
                shown,
                applicant_name=sheet.applicant_name,
                status=Status(sheet.status),
                appointment_at=sheet.appointment_at,
                voided=sheet.voided,
            )
            self._rows[r] = now
            colour = row_colour(now, self._now())
            for c, value in enumerate(self._values(now)):
                item = self.results.item(r, c)
                if item is not None:
                    item.setText(value)
                    item.setBackground(colour if colour is not None else QBrush())

    # --- the dossier ----------------------------------------------------------------------

    def show_detail(self, sheet: DossierSheet | None) -> None:
        """A dossier the clerk opened, or the one on screen again after an action.

        Opening a dossier starts its actions afresh. A reload of the same dossier keeps
        what the clerk typed and the error of the last action (to read and correct), unless
        the action went through (the status or the appointment changed).
        """
        opening, self._opening = self._opening, None
        fresh = (
            sheet is None
            or self.sheet is None
            or sheet.code != self.sheet.code
            or sheet.code == opening
        )
        self._show(sheet, fresh)

    def _show(self, sheet: DossierSheet | None, fresh: bool) -> None:
        previous, self.sheet = self.sheet, sheet
        if fresh:
            self.message.clear()
        done = fresh or previous is None or sheet is None or _acted_on(previous, sheet)
        if done:
            self._reset_actions(sheet)
        self._render(sheet)
        if sheet is not None:
            self._refresh_row(sheet)
            self.detail_shown.emit(sheet.code)
        self.sheet_changed.emit()

    def _reset_actions(self, sheet: DossierSheet | None) -> None:
        """Every action field as for a dossier just opened: nothing left from another one."""
        self.collector_name.setText(sheet.applicant_name if sheet else "")
        self.collector_id.setText(sheet.id_number if sheet else "")
        offered = self._offered(sheet)
        self.new_day.setText(f"{offered:%d/%m/%Y}" if offered else "")
        self.new_time.setText(f"{offered:%H:%M}" if offered else "")
        self.delay_reason.clear()

    def _offered(self, sheet: DossierSheet | None) -> datetime | None:
        """The new appointment offered for form 04 (see WorkingCalendar.later_appointment)."""
        if sheet is None or self.calendar is None:
            return None
        return self.calendar.later_appointment(sheet.appointment_at, self._now()).astimezone(
            self.tz
        )

    def _render(self, sheet: DossierSheet | None) -> None:
        self.timeline.clear()
        enabled = sheet is not None
        for widget in (self.reprint_button, self.control_button):
            widget.setEnabled(enabled)
        self.reprint_button.setText(reprint_label(original_form(sheet) if sheet else Form.RECEIPT))
        offered = self.corrections_offered(sheet)
        for button, key in ((self.void_button, "void"), (self.correct_button, "correct")):
            button.setEnabled(not offered[key])
            button.setToolTip(offered[key])
        stopped = sheet is not None and sheet.status in (Status.WITHDRAWN, Status.STOPPED)
        self.stop_button.setVisible(stopped and self.stop_notice_in_set)
        if sheet is None:
            self.info.setText(tr("Chưa chọn hồ sơ."))
            self.info.fit()
            self.barcode.set_code("")
            self.return_button.setEnabled(False)
            self.apology_button.setEnabled(False)
            return
        status = Status(sheet.status)
        # The core refuses these too; the buttons say so before the clerk tries.
        late = not status.is_final and status is not Status.DONE
        self.apology_button.setEnabled(late and not sheet.voided)
        self.barcode.set_code(sheet.code)
        voided = ""
        if sheet.voided:
            why = f" — {tr('Lý do')}: {escape(sheet.void_reason)}" if sheet.void_reason else ""
            voided = (
                f'<span style="{VOID_STYLE}"><b>{tr("ĐÃ HỦY")}</b>{why}. '
                f"{tr('Mã hồ sơ giữ lại, không cấp lại; không trả kết quả, không hẹn lại.')}"
                "</span><br/>"
            )
        refused = "".join(
            f'<span style="{VOID_STYLE}">{tr("Hệ thống tỉnh không nhận thao tác của quầy")}: '
            f"{escape(reason)}</span><br/>"
            for reason in sheet.refused
        )
        heading = tr("ĐÃ HỦY") if sheet.voided else sheet_status(sheet)  # as its row says
        self.info.setText(
            f"<b>{escape(sheet.code)}</b> — {escape(heading)}<br/>"
            + voided
            + refused
            + f"{escape(sheet.procedure_name)}<br/>"
            f"{tr('Người nộp')}: <b>{escape(sheet.applicant_name)}</b> "
            f"({escape(sheet.id_number)}) {escape(sheet.phone)}<br/>"
            f"{tr('Nhận')}: {moment(sheet.received_at, self.tz)} · "
            f"{tr('Hẹn trả')}: {appointment(sheet.appointment_at, self.tz, sheet.status)}<br/>"
            f"{tr('Giấy tờ')}: "
            + "; ".join(escape(f"{d.name} ({tr(d.kind)})") for d in sheet.documents if d.received)
        )
        self.info.fit()
        for step in sheet.progress:
            self.timeline.addItem(history_line(step))
        self.return_button.setEnabled(status is Status.DONE and not sheet.voided)

    def corrections_offered(self, sheet: DossierSheet | None) -> dict[str, str]:
        """Whether voiding and correcting are offered for ``sheet``: ``""`` if so, else why
        not (the button's tooltip). The one place that decides it, the signed-in person's
        role included (``supervision``: a supervisor or admin)."""
        if sheet is None:
            return {"void": tr("Chưa chọn hồ sơ."), "correct": tr("Chưa chọn hồ sơ.")}
        if not self.supervision:
            only = tr(
                "Chỉ lãnh đạo/phụ trách trung tâm hoặc quản trị được hủy hay hiệu chỉnh hồ sơ."
            )
            return {"void": only, "correct": only}
        if sheet.voided:
            voided = tr("Hồ sơ đã bị hủy.")
            return {"void": voided, "correct": voided}
        void = ""
        if Status(sheet.status) not in VOIDABLE:
            void = tr(
                "Chỉ hủy được hồ sơ chưa chuyển xử lý; hồ sơ này đang ở trạng thái «{status}»."
            ).format(status=tr(sheet.status_label))
        return {"void": void, "correct": ""}

    def show_error(self, text: str) -> None:
        """An action's error: it stays until the clerk acts again or opens another dossier."""
        self.message.setText(text)

    def _emit_code(self, signal: SignalInstance) -> None:
        if self.sheet is not None:
            self.message.clear()
            signal.emit(self.sheet.code)

    def _return(self) -> None:
        if self.sheet is not None:
            self.message.clear()
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
        self.message.clear()
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


def _acted_on(before: DossierSheet, after: DossierSheet) -> bool:
    """An action went through on the dossier on screen: its fields start afresh."""
    watched = ("status", "appointment_at", "voided", "applicant_name", "id_number")
    return any(getattr(before, key) != getattr(after, key) for key in watched)
