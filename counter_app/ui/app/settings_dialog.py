"""Settings dialog: the same declared settings and validation as the settings file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.codes import MAX_COUNTER, MIN_COUNTER
from counter_app.core.errors import SettingsError
from counter_app.core.forms.formset import FORM_SETS, basis
from counter_app.core.forms.paper import LABELS as PAPER_LABELS
from counter_app.core.settings import BACKUP_KEEP_RANGE, SETTINGS, Settings
from counter_app.ui.printing.printing import installed_printers
from counter_app.ui.widgets.formatting import named, tr
from counter_app.ui.widgets.messages import ERROR_STYLE

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


def printer_choice(name: str, installed: list[str], current: str) -> QComboBox:
    """The computer's default, or one of its printers; a chosen one now gone stays, marked."""
    combo = named(QComboBox(), name)
    combo.addItem(tr("(Máy in mặc định của máy tính)"), "")
    for printer in installed:
        combo.addItem(printer, printer)
    if current and current not in installed:
        combo.addItem(f"{current} — {tr('không tìm thấy trên máy này')}", current)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings`` is set only when all are valid."""

    enrol_requested = Signal()

    def __init__(
        self,
        current: Settings,
        parent: QWidget | None = None,
        printers: Callable[[], list[str]] = installed_printers,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Cài đặt quầy"))
        self.current = current
        self.result_settings: Settings | None = None
        values = current.values()
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        help_of = {s.key: s for s in SETTINGS}
        for key in (
            "agency.code",
            "agency.name",
            "agency.place",
            "counter.clerk",
            "office_hours.timezone",
            "print.lookup_url",
        ):
            edit = named(QLineEdit(str(values[key])), key)
            edit.setToolTip(tr(help_of[key].help))
            self.edits[key] = edit
        self.counter = named(QSpinBox(), "counter.number")
        self.counter.setRange(MIN_COUNTER, MAX_COUNTER)
        self.counter.setValue(current.counter_number)
        self.hours = named(QLineEdit(", ".join(values["office_hours.periods"])), "office_hours")
        self._add_print_choices(current, printers())
        self.backup_keep = named(QSpinBox(), "backup.keep")
        self.backup_keep.setRange(*BACKUP_KEEP_RANGE)
        self.backup_keep.setValue(current.backup_keep)
        self.backup_keep.setToolTip(tr(help_of["backup.keep"].help))
        self.language = named(QComboBox(), "ui.language")
        for code, label in LANGUAGES.items():
            self.language.addItem(label, code)
        self.language.setCurrentIndex(self.language.findData(current.language))
        rows: list[tuple[str, QWidget]] = [
            (tr("Mã cơ quan"), self.edits["agency.code"]),
            (tr("Tên cơ quan"), self.edits["agency.name"]),
            (tr("Địa danh"), self.edits["agency.place"]),
            (tr("Số quầy"), self.counter),
            (tr("Cán bộ tiếp nhận"), self.edits["counter.clerk"]),
            (tr("Giờ làm việc"), self.hours),
            (tr("Múi giờ"), self.edits["office_hours.timezone"]),
            (tr("Máy in giấy tiếp nhận"), self.receipt_printer),
            (tr("Khổ giấy tiếp nhận"), self.paper),
            (tr("Máy in phiếu A4 và sổ theo dõi"), self.a4_printer),
            (tr("Bộ biểu mẫu"), self.form_set),
            (tr("Địa chỉ tra cứu (mã QR)"), self.edits["print.lookup_url"]),
            (tr("Số bản sao lưu giữ lại"), self.backup_keep),
            (tr("Ngôn ngữ"), self.language),
        ]
        for label, widget in rows:
            form.addRow(label, widget)
        self.confirm_identity = named(
            QCheckBox(
                tr("Tôi xác nhận đổi mã cơ quan hoặc số quầy (số hồ sơ mới sẽ theo số quầy mới)")
            ),
            "confirm_identity",
        )
        self.errors = named(QLabel(), "settings_errors")
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        # The same enrolment as the sync console's and `counter-app enroll`.
        self.enrol_button = named(QPushButton(tr("Đăng ký máy chủ tỉnh…")), "enrol")
        self.enrol_button.clicked.connect(self.enrol_requested)
        buttons.addButton(self.enrol_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.confirm_identity)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)

    def _add_print_choices(self, current: Settings, installed: list[str]) -> None:
        """Paper, printers and form set: what goes where when a form is printed."""
        help_of = {s.key: s for s in SETTINGS}
        self.paper = named(QComboBox(), "print.paper")
        for paper, label in PAPER_LABELS.items():
            self.paper.addItem(tr(label), paper.value)
        self.paper.setCurrentIndex(self.paper.findData(current.paper.value))
        self.form_set = named(QComboBox(), "print.form_set")
        for form_set in reversed(FORM_SETS):  # the newest first
            self.form_set.addItem(f"{form_set} — {basis(form_set)}", form_set)
        self.form_set.setCurrentIndex(self.form_set.findData(current.form_set))
        self.form_set.setToolTip(tr(help_of["print.form_set"].help))
        self.paper.setToolTip(tr(help_of["print.paper"].help))
        self.receipt_printer = printer_choice(
            "print.receipt_printer", installed, current.receipt_printer
        )
        self.a4_printer = printer_choice("print.a4_printer", installed, current.a4_printer)
        for key, combo in (
            ("print.receipt_printer", self.receipt_printer),
            ("print.a4_printer", self.a4_printer),
        ):
            combo.setToolTip(tr(help_of[key].help))

    def values(self) -> dict[str, Any]:
        values = {key: edit.text() for key, edit in self.edits.items()}
        return values | {
            "counter.number": self.counter.value(),
            "office_hours.periods": [p.strip() for p in self.hours.text().split(",") if p.strip()],
            "print.paper": self.paper.currentData(),
            "print.form_set": self.form_set.currentData(),
            "print.receipt_printer": self.receipt_printer.currentData(),
            "print.a4_printer": self.a4_printer.currentData(),
            "backup.keep": self.backup_keep.value(),
            "ui.language": self.language.currentData(),
        }

    @property
    def identity_changed(self) -> bool:
        return (self.edits["agency.code"].text().strip().upper(), self.counter.value()) != (
            self.current.agency_code,
            self.current.counter_number,
        )

    def accept(self) -> None:
        try:
            settings = Settings.from_values(self.values())
        except SettingsError as error:
            self.errors.setText(error.message)  # everything typed stays in the fields
            return
        if self.identity_changed and not self.confirm_identity.isChecked():
            self.errors.setText(
                tr(
                    "Mã cơ quan hoặc số quầy đã thay đổi: hãy đánh dấu ô xác nhận. "
                    "Mỗi quầy của trung tâm phải có số riêng."
                )
            )
            return
        self.result_settings = settings
        super().accept()
