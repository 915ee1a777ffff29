"""The dossier code's Code128 on screen, drawn from the same encoding as the PDF."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from counter_app.core.forms.barcode import Bars, code128


class BarcodeWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: Bars | None = None
        self.setMinimumHeight(48)

    def set_code(self, code: str) -> None:
        self._bars = code128(code) if code else None
        self.setAccessibleName(code)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(320, 56)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if self._bars is None:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        module = self.width() / self._bars.modules
        for start, run in self._bars.runs:
            painter.fillRect(
                QRectF(start * module, 0, run * module, self.height()), Qt.GlobalColor.black
            )
        painter.end()
