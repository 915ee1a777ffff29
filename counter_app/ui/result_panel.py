"""The panel under the screens: the last dossier handled, its barcode, print actions."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.core.forms.data import Printed
from counter_app.ui.barcode_widget import BarcodeWidget
from counter_app.ui.formatting import named, tr


def form_label(printed: Printed) -> str:
    """What the panel says was printed: the form's name and number in the set it was
    printed from, and if it was a reprint."""
    label = f"{tr(printed.name)} ({tr('mẫu')} {printed.number})"
    return label + (f" — {tr('in lại')}" if printed.reprint else "")


class ResultPanel(QWidget):
    """The last dossier handled: its code, barcode, and print actions."""

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
        self.code.setText(printed.code)
        self.detail.setText(detail)
        self.barcode.set_code(printed.code)
        for button in (self.print_button, self.preview_button, self.save_button):
            button.setEnabled(True)
