"""Printing our PDFs through Qt: the default printer, a print dialog, a preview, or a file.

ReportLab makes the PDF; pypdfium2 rasterises its pages at the printer's resolution
(on the worker thread); QPainter puts the images on the QPrinter's pages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from counter_app.ui.formatting import tr

PRINT_DPI = 300
PREVIEW_DPI = 110

PrinterFactory = Callable[[], QPrinter | None]


def rasterise(pdf: bytes, dpi: int = PRINT_DPI) -> list[QImage]:
    """PDF pages as images; safe to run off the GUI thread (QImage is not a pixmap)."""
    import pypdfium2  # noqa: PLC0415 (loaded on the worker at the first print)

    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            # Our forms are black on white: 8-bit grey is a quarter of the memory of RGB32
            # (9 MB, not 35, an A4 page at 300 dpi) and renders and copies 3x faster.
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            width, height = bitmap.width, bitmap.height
            image = QImage(
                bitmap.buffer, width, height, bitmap.stride, QImage.Format.Format_Grayscale8
            )
            images.append(image.copy())  # own the pixels before pdfium frees its buffer
            page.close()
    finally:
        document.close()
    return images


def paint(images: list[QImage], printer: QPrinter) -> None:
    painter = QPainter(printer)
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.x(), target.y(), size.width(), size.height()), image)
    finally:
        painter.end()


def default_printer() -> QPrinter | None:
    """The system's default printer, or None when there is none (then we ask)."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


class PrintDesk:
    """Print, preview and save PDFs for one window."""

    def __init__(self, parent: QWidget, printer_factory: PrinterFactory = default_printer) -> None:
        self.parent = parent
        self.printer_factory = printer_factory

    def print_images(self, images: list[QImage]) -> bool:
        printer = self.printer_factory()
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self.parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        paint(images, printer)
        return True

    def preview(self, images: list[QImage]) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self.parent)
        dialog.setWindowTitle(tr("Xem trước khi in"))
        dialog.paintRequested.connect(lambda p: paint(images, p))
        dialog.exec()

    def save(self, pdf: bytes, suggested_name: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent, tr("Lưu thành PDF"), suggested_name, tr("Tệp PDF (*.pdf)")
        )
        if not name:
            return None
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        path.write_bytes(pdf)
        return path
