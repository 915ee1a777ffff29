"""The panel under the screens: the dossier in hand, its barcode, print actions.

It shows the form last printed, or on the lookup screen the dossier open there; the
main window decides which and runs the buttons.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.core.domain.status import Status
from counter_app.core.forms.data import DossierSheet, Form, Printed
from counter_app.ui.barcode_widget import BarcodeWidget
from counter_app.ui.formatting import named, tr


def original_form(sheet: DossierSheet) -> Form:
    """The form the dossier was given at the desk: the refusal if it was refused, else the
    receipt."""
    return Form.REFUSAL if sheet.status == Status.NOT_ACCEPTED else Form.RECEIPT


def form_label(printed: Printed) -> str:
    """What the panel says was printed: the form's name and number, and if it was a reprint."""
    return form_name(printed.form) + (f" — {tr('in lại')}" if printed.reprint else "")


def form_name(form: Form) -> str:
    names = {
        Form.RECEIPT: tr("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)"),
        Form.SUPPLEMENT: tr("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)"),
        Form.REFUSAL: tr("Phiếu từ chối tiếp nhận, giải quyết hồ sơ (mẫu 03)"),
        Form.APOLOGY: tr("Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)"),
        Form.CONTROL: tr("Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 05)"),
    }
    return names[form]


class ResultPanel(QWidget):
    """The dossier in hand: its code, barcode, and print actions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = named(QLabel(), "last_code")
        self.code.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.detail = named(QLabel(), "last_detail")
        self.barcode = BarcodeWidget()
        self.print_button = named(QPushButton(tr("In lại")), "reprint")
        self.preview_button = named(QPushButton(tr("Xem trước")), "preview")
        self.save_button = named(QPushButton(tr("Lưu PDF")), "save_pdf")
        row = QHBoxLayout(self)
        text = QVBoxLayout()
        text.addWidget(self.code)
        text.addWidget(self.detail)
        row.addLayout(text, 3)
        row.addWidget(self.barcode, 3)
        for button in (self.print_button, self.preview_button, self.save_button):
            row.addWidget(button)
            button.setEnabled(False)

    def show_printed(self, printed: Printed, detail: str) -> None:
        self.show_dossier(printed.code, detail)

    def show_dossier(self, code: str, detail: str) -> None:
        self.code.setText(code)
        self.detail.setText(detail)
        self.barcode.set_code(code)
        for button in (self.print_button, self.preview_button, self.save_button):
            button.setEnabled(True)

    def clear(self) -> None:
        self.code.clear()
        self.detail.clear()
        self.barcode.set_code("")
        for button in (self.print_button, self.preview_button, self.save_button):
            button.setEnabled(False)
