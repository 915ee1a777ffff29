"""The panel under the screens: the dossier in hand, its barcode, print actions.

It shows the form last printed, or on the lookup screen the dossier open there; the
main window decides which and runs the buttons.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.core.domain.status import Status
from counter_app.core.forms.data import DossierSheet, Form, Printed
from counter_app.core.forms.formset import FormNotInSet, caption
from counter_app.ui.printing.barcode_widget import BarcodeWidget
from counter_app.ui.widgets.formatting import named, tr


def original_form(sheet: DossierSheet) -> Form:
    """The form the dossier was given at the desk: the refusal if it was refused, the
    request for supplements if it was sent back at reception, else the receipt."""
    if sheet.status == Status.NOT_ACCEPTED:
        return Form.REFUSAL
    received = sheet.progress[0].status if sheet.progress else sheet.status  # its outcome
    return Form.SUPPLEMENT if received == Status.SUPPLEMENT_REQUIRED else Form.RECEIPT


def reprint_label(form: Form) -> str:
    """The lookup screen's reprint button, naming the paper it prints (``original_form``)."""
    if form is Form.REFUSAL:
        return tr("In lại phiếu từ chối")
    if form is Form.SUPPLEMENT:
        return tr("In lại phiếu yêu cầu bổ sung")
    return tr("In lại giấy tiếp nhận")


def form_label(printed: Printed) -> str:
    """What the panel says was printed: the form's name and number in the set it was
    printed from, and if it was a reprint."""
    label = f"{tr(printed.name)} ({tr('mẫu')} {printed.number})"
    return label + (f" — {tr('in lại')}" if printed.reprint else "")


def form_name(form_set: str, form: Form) -> str:
    """A form's name and number in the chosen set (its kind, if the set lacks it)."""
    try:
        found = caption(form_set, form.value)
    except FormNotInSet:
        return form.value
    return f"{tr(found.name)} ({tr('mẫu')} {found.number})"


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
