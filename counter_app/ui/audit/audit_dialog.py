"""The audit trail screen: who did what, filtered by person, action and date; CSV export.

Opened from Hệ thống › Nhật ký thao tác. It only asks: the window runs each request
on the database worker (``Desk.audit_entries``, ``audit_export``, ``audit_verify``)
and hands the answer back here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.audit.trail import AuditFilter, AuditRow
from counter_app.core.domain.roles import Actor
from counter_app.core.sync.wire_audit import ACTION_LABELS
from counter_app.ui.dossiers.ledger_view import date_box
from counter_app.ui.widgets.formatting import day, day_problem, message_of, named, parse_day, tr
from counter_app.ui.widgets.messages import ERROR_STYLE
from counter_app.ui.widgets.tables import fill, read_only_table

COLUMNS = ("Số", "Thời gian", "Người thực hiện", "Thao tác", "Mã hồ sơ", "Chi tiết")
STRETCHED = (2, 5)  # the person and the detail: cut with "…", whole in the tooltip
LIMIT = 5000  # rows shown at once; the CSV takes the same filter, without the limit
# The window's way to run work on the Desk: (work, on success, on failure).
Runner = Callable[[Callable[[Any], Any], Callable[[Any], None], Callable[[Exception], None]], None]


class AuditDialog(QDialog):
    filter_requested = Signal(object)  # AuditFilter
    export_requested = Signal(object, str)  # AuditFilter, the CSV file's path
    verify_requested = Signal()

    def __init__(
        self, clock: Callable[[], datetime], tz: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("audit_dialog")
        self.setWindowTitle(tr("Nhật ký thao tác"))
        today = day(clock().astimezone(tz).date())
        self.person = named(QLineEdit(), "audit_person")
        self.person.setPlaceholderText(tr("Tài khoản hoặc họ tên"))
        self.action = named(QComboBox(), "audit_action")
        self.action.addItem(tr("Mọi thao tác"), None)
        for action, label in ACTION_LABELS.items():
            self.action.addItem(tr(label), action)
        self.first = date_box(today, "audit_first")
        self.last = date_box(today, "audit_last")
        self.show_button = named(QPushButton(tr("Xem")), "audit_show")
        self.export_button = named(QPushButton(tr("Xuất CSV…")), "audit_export")
        self.verify_button = named(QPushButton(tr("Kiểm tra toàn vẹn")), "audit_verify")
        self.table = read_only_table(COLUMNS, "audit_table", stretch=STRETCHED)
        self.table.verticalHeader().hide()
        self.message = named(QLabel(), "audit_message")
        self.message.setWordWrap(True)
        self.summary = named(QLabel(), "audit_summary")
        self.summary.setWordWrap(True)
        # Two rows of controls: every one is whole on a 1024x768 screen.
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Người thực hiện")))
        bar.addWidget(self.person, 2)
        bar.addWidget(self.action, 1)
        actions = QHBoxLayout()
        for control in (QLabel(tr("Từ ngày")), self.first, QLabel(tr("đến ngày")), self.last):
            actions.addWidget(control)
        actions.addStretch()
        for button in (self.show_button, self.export_button, self.verify_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.show_button.clicked.connect(self.request)
        for edit in (self.person, self.first, self.last):
            edit.returnPressed.connect(self.request)
        self.export_button.clicked.connect(self._export)
        self.verify_button.clicked.connect(self.verify_requested)
        self.resize(980, 600)

    def wire(self, run: Runner, acting: Callable[[], Actor]) -> None:
        """Each request runs as ``run(work on the Desk, on success, on failure)`` (the
        window's database worker) as ``acting()``; answers and failures come back here."""

        def failed(error: Exception) -> None:
            self.show_error(message_of(error))

        self.filter_requested.connect(
            lambda spec: run(
                lambda desk: desk.audit_entries(spec, acting()), self.show_rows, failed
            )
        )
        self.export_requested.connect(
            lambda spec, path: run(
                lambda desk: desk.audit_export(spec, Path(path), acting()),
                lambda count: self.show_exported(count, path),
                failed,
            )
        )
        self.verify_requested.connect(
            lambda: run(
                lambda desk: desk.audit_verify(),
                lambda done: self.show_verdict(done[0].ok, f"{done[0].message} {done[1]}"),
                failed,
            )
        )

    def _day(self, edit: QLineEdit, label: str) -> date | None:
        if not edit.text().strip():
            return None  # an open end
        parsed = parse_day(edit.text())
        if parsed is None:
            raise ValueError(f"{label}: {day_problem(edit.text()) or ''}")
        return parsed

    def spec(self) -> AuditFilter | None:
        """What the controls ask for; None (with the reason shown) if a date is wrong."""
        try:
            first = self._day(self.first, tr("Từ ngày"))
            last = self._day(self.last, tr("Đến ngày"))
        except ValueError as problem:
            self.show_error(str(problem))
            return None
        if first is not None and last is not None and last < first:
            self.show_error(tr("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
            return None
        self.message.clear()
        return AuditFilter(self.person.text(), self.action.currentData(), first, last, LIMIT)

    def request(self) -> None:
        spec = self.spec()
        if spec is not None:
            self.filter_requested.emit(spec)

    def _export(self) -> None:
        spec = self.spec()
        if spec is None:
            return
        path = self.choose_file()
        if path:
            self.export_requested.emit(spec, path)

    def choose_file(self) -> str:
        """Where to write the CSV ("" if the person cancelled); tests answer it themselves."""
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Xuất nhật ký thao tác"), "nhat-ky-thao-tac.csv", "CSV (*.csv)"
        )
        return path

    def show_rows(self, rows: list[AuditRow]) -> None:
        values = [
            (
                str(row.seq),
                f"{row.at:%H:%M:%S %d/%m/%Y}",
                f"{row.name} ({row.login})" if row.login else row.name,
                tr(row.action_label),
                row.dossier,
                row.detail,
            )
            for row in rows
        ]
        fill(self.table, values, [None] * len(values), centered=(0,))
        more = f" ({tr('chỉ hiện')} {LIMIT})" if len(rows) >= LIMIT else ""
        self.summary.setText(f"{tr('Số mục')}: {len(rows)}{more}")

    def show_exported(self, count: int, path: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(f"{tr('Đã xuất')} {count} {tr('mục vào tệp')} {path}")

    def show_verdict(self, ok: bool, text: str) -> None:
        self.message.setStyleSheet("" if ok else ERROR_STYLE)
        self.message.setText(text)

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
