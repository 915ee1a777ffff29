"""The sync console: what waits to go to the province, what it refused, and why.

A clerk retries a refused event once its cause is fixed; a supervisor discards one
with a reason (kept with the event). "Sync now" and enrolment live here too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError, SyncError
from counter_app.core.sync.status import QUARANTINED, OutboxItem, SkippedItem, SyncStatus
from counter_app.ui.widgets.formatting import named, tr

EVENT_LABELS = {
    "dossier.received": "Tiếp nhận hồ sơ",
    "dossier.status_changed": "Đổi trạng thái",
    "dossier.result_returned": "Trả kết quả",
    "dossier.appointment_changed": "Hẹn lại ngày trả",
    "code.voided": "Hủy mã hồ sơ",
    "dossier.corrected": "Hiệu chỉnh thông tin người nộp",
}
STATE_LABELS = {"pending": "Chờ gửi", QUARANTINED: "Bị tỉnh từ chối"}


def age(since: datetime, now: datetime) -> str:
    return span((now - since).total_seconds())


def span(seconds: float) -> str:
    """A duration as a person says it: minutes, hours or days."""
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} {tr('phút')}"
    if minutes < 48 * 60:
        return f"{minutes // 60} {tr('giờ')}"
    return f"{minutes // 1440} {tr('ngày')}"


def records_progress(status: SyncStatus) -> str:
    """How far the center's dossiers have come to this counter (a new or upgraded PC)."""
    if status.records_phase == "current":
        what = tr("Đang tải hồ sơ chưa trả và 30 ngày gần nhất của trung tâm")
    else:
        what = tr("Đã có hồ sơ chưa trả và 30 ngày gần nhất; đang tải hồ sơ cũ hơn")
    count = f"{status.records_count:,}".replace(",", ".")  # 12.000, as Vietnamese write it
    return f"{what}: {count} {tr('hồ sơ')}"


def describe(
    status: SyncStatus, tz: ZoneInfo, next_in: float | None, stopped: CounterError | None = None
) -> tuple[str, str]:
    """The status bar's text and its colour: green online, amber offline, red problems."""
    if not status.enrolled:
        return tr("Đồng bộ: chưa đăng ký máy chủ tỉnh"), "#666"
    if isinstance(stopped, SyncError):  # the province refused the device: enrol again
        return tr("Đồng bộ đã dừng: máy chủ tỉnh từ chối quầy này, cần đăng ký lại"), "#a00"
    if stopped is not None:  # a damaged database: only a restore helps
        return tr("Đồng bộ đã dừng: dữ liệu của quầy bị lỗi (xem Bảng đồng bộ)"), "#a00"
    parts = []
    colour = "#070"
    if status.offline_since is not None:
        since = status.offline_since.astimezone(tz)
        parts.append(f"{tr('Mất kết nối từ')} {since:%H:%M %d/%m}")
        colour = "#a60"
    elif status.last_error and (
        status.last_success_at is None
        or (status.last_attempt_at and status.last_attempt_at > status.last_success_at)
    ):
        parts.append(tr("Lỗi đồng bộ"))
        colour = "#a00"
    else:
        parts.append(tr("Trực tuyến"))
    if status.last_success_at is not None:
        done = status.last_success_at.astimezone(tz)
        parts.append(f"{tr('đồng bộ lúc')} {done:%H:%M %d/%m}")
    if next_in is not None and colour != "#070":
        if next_in > 0:  # whole seconds rounded up: "0" is never said while still waiting
            parts.append(f"{tr('thử lại sau')} {math.ceil(next_in)} {tr('giây')}")
        else:
            parts.append(tr("sắp thử lại"))
    if status.quarantined:
        parts.append(f"{status.quarantined} {tr('bị từ chối')}")
        colour = "#a00"
    if status.clock_warning and status.clock_offset_seconds is not None:
        off = span(abs(status.clock_offset_seconds))
        parts.append(f"⚠ {tr('Đồng hồ máy lệch')} {off} {tr('so với máy chủ tỉnh')}")
        colour = "#a00"
    return " · ".join(parts), colour


class DiscardDialog(QDialog):
    """Who decides and why: both required, kept with the discarded events."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Loại bỏ sự kiện bị từ chối"))
        self.supervisor = named(QLineEdit(), "supervisor")
        self.reason = named(QLineEdit(), "reason")
        self.reason.setMaxLength(500)
        form = QFormLayout(self)
        form.addRow(
            QLabel(tr("Loại bỏ {n} sự kiện: chúng sẽ không được gửi lên tỉnh nữa.").format(n=count))
        )
        form.addRow(tr("Người phụ trách"), self.supervisor)
        form.addRow(tr("Lý do"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class EnrolDialog(QDialog):
    """The server's address and the one-time code from the province (and its CA, if any)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Đăng ký máy chủ đồng bộ của tỉnh"))
        self.server = named(QLineEdit(), "server")
        self.server.setPlaceholderText("https://…")
        self.code = named(QLineEdit(), "code")
        self.ca_bundle = named(QLineEdit(), "ca_bundle")
        browse = QPushButton(tr("Chọn tệp…"))
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle)
        ca_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(tr("Địa chỉ máy chủ"), self.server)
        form.addRow(tr("Mã đăng ký"), self.code)
        form.addRow(tr("Chứng chỉ gốc (nếu có)"), ca_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chứng chỉ gốc"), "", "PEM (*.pem *.crt);;*")
        if path:
            self.ca_bundle.setText(path)


class SyncConsole(QDialog):
    sync_requested = Signal()
    retry_requested = Signal(list)  # row ids
    discard_requested = Signal(list, str, str)  # row ids, reason, supervisor
    enrol_requested = Signal()
    help_requested = Signal()  # F1: the guide to this console

    COLUMNS = ("Trạng thái", "Mã hồ sơ", "Loại", "Đã chờ", "Số lần gửi", "Lý do / lỗi gần nhất")

    def __init__(self, tz: ZoneInfo, now: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Đồng bộ với máy chủ tỉnh"))
        self.resize(900, 420)
        self.tz, self.now = tz, now
        # The signed-in person's name (the window's sign-in): who discards, not typed.
        self.signed_in: Callable[[], str] = lambda: ""
        self.summary = named(QLabel(), "summary")
        self.summary.setWordWrap(True)
        self.progress = named(QLabel(), "progress")
        self.progress.hide()  # only while a cycle sends
        self.table = named(QTableWidget(0, len(self.COLUMNS)), "items")
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.items: list[OutboxItem] = []
        self.skipped_label = QLabel(
            tr("Thay đổi từ tỉnh không áp dụng được (đã bỏ qua; hãy báo cho Sở):")
        )
        self.skipped = named(QPlainTextEdit(), "skipped")
        self.skipped.setReadOnly(True)
        self.skipped.setMaximumHeight(90)
        self.show_skipped([])
        buttons = QHBoxLayout()
        self.sync_button = named(QPushButton(tr("Đồng bộ ngay")), "sync_now")
        self.retry_button = named(QPushButton(tr("Gửi lại mục đã chọn")), "retry")
        self.discard_button = named(QPushButton(tr("Loại bỏ mục đã chọn…")), "discard")
        self.enrol_button = named(QPushButton(tr("Đăng ký máy chủ…")), "enrol")
        close = QPushButton(tr("Đóng"))
        for button in (self.sync_button, self.retry_button, self.discard_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.progress, self.table, self.skipped_label, self.skipped):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.sync_button.clicked.connect(self.sync_requested)
        self.retry_button.clicked.connect(lambda: self.retry_requested.emit(self.selected()))
        self.discard_button.clicked.connect(self._discard)
        self.enrol_button.clicked.connect(self.enrol_requested)
        close.clicked.connect(self.close)
        QShortcut(QKeySequence("F1"), self, self.help_requested.emit)
        QShortcut(QKeySequence("F9"), self, self.sync_requested.emit)

    def allow_supervision(self, allowed: bool) -> None:
        """Discarding events and enrolling the counter are a supervisor's."""
        why = "" if allowed else tr("Chỉ lãnh đạo trung tâm hoặc quản trị làm việc này.")
        for button in (self.discard_button, self.enrol_button):
            button.setEnabled(allowed)
            button.setToolTip(why)

    def show_status(
        self, status: SyncStatus, next_in: float | None, stopped: CounterError | None = None
    ) -> None:
        text, colour = describe(status, self.tz, next_in, stopped)
        detail = f"{text}\n{tr('Chờ gửi')}: {status.pending} · {tr('Bị từ chối')}: "
        detail += str(status.quarantined)
        if status.server:
            detail += f" · {status.server}"
        if status.enrolled and status.records_phase != "done":
            detail += "\n" + records_progress(status)
        if stopped is not None:
            detail += f"\n{stopped.message}"
        elif status.last_error:
            detail += f"\n{tr('Lỗi gần nhất')}: {status.last_error}"
        self.summary.setText(detail)
        self.summary.setStyleSheet(f"color: {colour};")

    def show_skipped(self, skipped: list[SkippedItem]) -> None:
        """Changes from the province this counter could not apply: kept, shown, never silent."""
        self.skipped_label.setVisible(bool(skipped))
        self.skipped.setVisible(bool(skipped))
        self.skipped.setPlainText(
            "\n".join(
                f"{s.skipped_at.astimezone(self.tz):%H:%M %d/%m/%Y} · {s.reason}" for s in skipped
            )
        )

    def show_progress(self, sent: int, total: int) -> None:
        self.progress.setText(f"{tr('Đang gửi')} {sent}/{total}")
        self.progress.show()

    def end_progress(self) -> None:
        """The cycle is over (all sent, or broken off): no "Đang gửi 17/17" left behind."""
        self.progress.clear()
        self.progress.hide()

    def show_items(self, items: list[OutboxItem]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        now = self.now()
        for row, item in enumerate(items):
            cells = (
                tr(STATE_LABELS.get(item.state, item.state)),
                item.dossier_code,
                tr(EVENT_LABELS.get(item.type, item.type)),
                age(item.created_at, now),
                str(item.attempts),
                item.last_error or "",
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if item.state == QUARANTINED:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, cell)
        # Every column but the last (the reason, which takes the rest) as wide as its
        # widest cell: a dossier code is read whole, never cut.
        for column in range(len(self.COLUMNS) - 1):
            self.table.resizeColumnToContents(column)

    def selected(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.items[r].id for r in rows if self.items[r].state == QUARANTINED]

    def _discard(self) -> None:
        ids = self.selected()
        if not ids:
            return
        dialog = DiscardDialog(len(ids), self)
        if name := self.signed_in():
            dialog.supervisor.setText(name)
            dialog.supervisor.setReadOnly(True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.discard_requested.emit(ids, dialog.reason.text(), dialog.supervisor.text())
