"""Correcting a mistake from the lookup screen: void a dossier, correct its applicant.

Each dialog is about one dossier, built afresh each time it opens (nothing of another
dossier can be left in it). It checks what it can at once (the reason, the applicant's
fields, as at reception), then hands the request to the main window, which runs it on
the database worker: on a refused field the dialog stays open with what was typed and
the problem under the field (``show_failure``); on success it closes (``done``).
Both are recorded with the person on duty; whether they are offered at all is decided
in one place, ``LookupView.corrections_offered``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.limits import MAX_REASON
from counter_app.core.domain.text import checked_text
from counter_app.core.domain.validation import ApplicantInput
from counter_app.core.errors import FieldError, ValidationFailed
from counter_app.core.forms.data import DossierSheet
from counter_app.ui.printing.result_panel import original_form, reprint_label
from counter_app.ui.receive.applicant_form import ORDER, ApplicantForm
from counter_app.ui.widgets.formatting import day, named, tr
from counter_app.ui.widgets.messages import ERROR_STYLE, FieldMessage

WARNING_STYLE = "#void_warning { background: #fdecea; border: 1px solid #e57373; padding: 6px; }"
NOTE_STYLE = "#correct_note { background: #e8f0fe; border: 1px solid #8ab4f8; padding: 6px; }"


def _capitalised(problem: str) -> str:
    return problem[:1].upper() + problem[1:]


class _ReasonDialog(QDialog):
    """A dialog about one dossier with a required reason, a message place and two buttons."""

    submitted = Signal()

    def __init__(
        self, sheet: DossierSheet, reason_label: str, confirm: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.code = sheet.code
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.reason_label = reason_label
        self.summary = named(QLabel(), "dossier_summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setText(
            f"<b>{escape(sheet.code)}</b> — {escape(tr(sheet.status_label))}<br/>"
            f"{escape(sheet.procedure_name)}<br/>"
            f"{tr('Người nộp')}: <b>{escape(sheet.applicant_name)}</b>"
            + (f" ({escape(sheet.id_number)})" if sheet.id_number else "")
        )
        self.reason = named(QLineEdit(), "reason")
        self.reason.setMaxLength(MAX_REASON)
        # Its line reserved, like a field's: the reason's message never moves the buttons.
        self.reason_message = named(FieldMessage(), "reason_message")
        self.message = named(QLabel(), "dialog_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.confirm = named(QPushButton(confirm), "confirm")
        self.close_button = named(QPushButton(tr("Đóng, không thay đổi")), "close")
        # Enter in a field must not void or save by itself: the clerk clicks or tabs to it.
        for button in (self.confirm, self.close_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.confirm.clicked.connect(self._submit)
        self.close_button.clicked.connect(self.reject)
        self.reason.textEdited.connect(lambda _t: self._recheck_reason())

    def reason_row(self) -> QWidget:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(self.reason)
        box.addWidget(self.reason_message)
        return cell

    def fit(self, width: int) -> None:
        """Wide enough to read, tall enough for every line of its wrapped text."""
        self.resize(max(self.sizeHint().width(), width), self.height())
        self.grow()

    def grow(self) -> None:
        """Taller when a message appears: a wrapped text is never cut."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = max(layout.totalSizeHint().height(), layout.totalMinimumSize().height())
        if layout.hasHeightForWidth():
            needed = max(needed, layout.totalHeightForWidth(self.width()))
        if needed > self.height():
            self.resize(self.width(), needed)

    def buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.confirm)
        row.addWidget(self.close_button)
        return row

    def check_reason(self) -> bool:
        """The same text rules as the core's: required, printable, no emoji, not too long."""
        try:
            checked_text("reason", self.reason_label, self.reason.text(), MAX_REASON, required=True)
        except FieldError as error:
            self.show_reason_problem(error.problem)
            return False
        self.reason_message.hide()
        return True

    def show_reason_problem(self, problem: str) -> None:
        self.reason_message.setText(f"{self.reason_label}: {problem}")
        self.reason_message.show()
        self.reason.setFocus()
        self.grow()

    def _recheck_reason(self) -> None:
        if self.reason_message.isVisible():
            self.check_reason()

    def check(self) -> bool:
        return self.check_reason()

    def _submit(self) -> None:
        self.message.hide()
        if not self.check():
            return
        self.set_waiting(True)
        self.submitted.emit()

    def set_waiting(self, waiting: bool) -> None:
        """While the worker records it: no second click, no closing half-way."""
        self.confirm.setEnabled(not waiting)
        self.close_button.setEnabled(not waiting)

    def show_failure(self, error: ValidationFailed) -> None:
        """A refused field, under the field; what was typed stays for the clerk to fix."""
        self.set_waiting(False)
        general = []
        for problem in error.errors:
            if not self.show_field_problem(problem):
                general.append(problem.message)
        if general:
            self.message.setText("\n".join(general))
            self.message.show()
        self.grow()

    def show_field_problem(self, problem: FieldError) -> bool:
        if problem.field == "reason":
            self.show_reason_problem(problem.problem)
            return True
        return False

    def reject(self) -> None:
        if self.close_button.isEnabled():  # not while the worker is recording it
            super().reject()


class VoidDialog(_ReasonDialog):
    """Void a dossier received in error: what it is, what voiding means, and why."""

    def __init__(self, sheet: DossierSheet, parent: QWidget | None = None) -> None:
        super().__init__(sheet, tr("Lý do hủy"), tr("Hủy hồ sơ này"), parent)
        named(self, "void_dialog")
        self.setWindowTitle(tr("Hủy hồ sơ tiếp nhận nhầm"))
        self.warning = named(QLabel(), "void_warning")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setWordWrap(True)
        self.warning.setText(
            tr(
                "Hủy hồ sơ không hoàn tác được. Mã {code} được giữ lại với trạng thái ĐÃ HỦY "
                "và không bao giờ được cấp lại cho hồ sơ khác; hệ thống tỉnh được báo hủy ở "
                "lần đồng bộ tới. Hồ sơ đã hủy không trả kết quả, không hẹn lại được; giấy tờ "
                "in lại của hồ sơ ghi ĐÃ HỦY. Nếu chỉ ghi sai thông tin người nộp, hãy dùng "
                "«Hiệu chỉnh thông tin người nộp» thay vì hủy."
            ).format(code=sheet.code)
        )
        self.reason.setPlaceholderText(tr("Ví dụ: tiếp nhận nhầm thủ tục, nhầm người nộp"))
        form = QFormLayout()
        form.addRow(f"{self.reason_label} *", self.reason_row())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons())
        self.confirm.setStyleSheet("color: #b00020; font-weight: bold;")
        self.fit(600)
        self.reason.setFocus()


def _draft(recorded: ApplicantInput) -> dict[str, object]:
    """The recorded applicant as the applicant form's draft (what it restores)."""
    values = {f.name: getattr(recorded, f.name) for f in fields(recorded)}
    birth = values.pop("birth_date")
    return values | {
        "type": int(recorded.applicant_type),
        "birth_date": day(birth) if birth else "",
    }


class CorrectDialog(_ReasonDialog):
    """Correct the applicant's details as recorded, checked as at reception, with a reason."""

    def __init__(
        self,
        sheet: DossierSheet,
        recorded: ApplicantInput,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(sheet, tr("Lý do điều chỉnh"), tr("Lưu điều chỉnh"), parent)
        named(self, "correct_dialog")
        self.setWindowTitle(tr("Hiệu chỉnh thông tin người nộp"))
        self.recorded = recorded
        self.applicant = form = named(ApplicantForm(today), "correct_applicant")
        # A chip-ID card is read on the Receive screen; here the clerk types the correction.
        layout_of_form = form.layout()
        assert isinstance(layout_of_form, QFormLayout)
        layout_of_form.setRowVisible(0, False)  # the card scan row
        form.restore(_draft(recorded))
        self.note = named(QLabel(), "correct_note")
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setWordWrap(True)
        self.note.setText(
            tr(
                "Sửa các ô ghi sai rồi ghi lý do. Thông tin được kiểm tra như khi tiếp nhận; "
                "lịch sử hồ sơ ghi lại thông tin cũ, mới và người điều chỉnh, hệ thống tỉnh "
                "nhận điều chỉnh ở lần đồng bộ tới. Sau khi lưu, in lại cho công dân bằng "
                "nút «{button}» của màn hình Tra cứu."
            ).format(button=reprint_label(original_form(sheet)))
        )
        self.reason.setPlaceholderText(tr("Ví dụ: gõ nhầm tên, ghi sai số CCCD"))
        reason = QFormLayout()
        reason.addRow(f"{self.reason_label} *", self.reason_row())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(form)
        layout.addLayout(reason)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons())
        for message in form.messages.values():  # a field's message comes or goes: its room
            message.installEventFilter(self)
        self.fitted_height = 0
        self.fit(760)
        self.fitted_height = self.height()  # every field's message has one line reserved
        form.name.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            QTimer.singleShot(0, self.grow)  # once laid out with (or without) the message
        return super().eventFilter(watched, event)

    def grow(self) -> None:
        """Every line of a wrapped message under a field shows (the form's rows do not
        ask their wrapped labels for the height they need at their width)."""
        for message in self.applicant.messages.values():
            if message.isVisible():
                message.setMinimumHeight(message.heightForWidth(message.width()))
        super().grow()
        layout = self.layout()
        if layout is None:
            return
        layout.activate()  # a longer message gone: back to the height it opened with
        needed = max(layout.totalSizeHint().height(), layout.totalMinimumSize().height())
        settled = max(needed, self.fitted_height)
        if self.height() > settled:
            self.resize(self.width(), settled)

    def value(self) -> ApplicantInput:
        return self.applicant.value()

    def check(self) -> bool:
        fields_ok = self.applicant.check_all()
        reason_ok = self.check_reason()
        QTimer.singleShot(0, self.grow)
        if fields_ok and self.value() == self.recorded:
            self.message.setText(
                tr("Chưa sửa ô nào: thông tin đang giống hệt thông tin đã ghi trên hồ sơ.")
            )
            self.message.show()
            self.grow()
            return False
        return fields_ok and reason_ok

    def show_field_problem(self, problem: FieldError) -> bool:
        if problem.field in ORDER:
            self.applicant.show_message(problem.field, problem.problem)
            return True
        return super().show_field_problem(problem)
