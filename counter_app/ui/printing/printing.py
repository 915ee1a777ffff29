"""Printing our PDFs through Qt: the chosen printer, a preview, or a PDF file.

ReportLab makes the PDF; pypdfium2 rasterises its pages at the printer's resolution
(on the worker thread); QPainter puts the images on the QPrinter's pages, on paper
of the form's own size and orientation (the ledger is A4 landscape, a receipt may be
an 80 mm roll).

With no printer (none installed, no default, or the one chosen in the settings gone)
the clerk is told so and may save the PDF, named after the dossier and the form, or
pick a printer; declining says that the form was not printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QSizeF, QStandardPaths, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from counter_app.ui.widgets.formatting import tr

PRINT_DPI = 300
PREVIEW_DPI = 110
INCH_MM = 25.4

# A printer by its name ("" for the system's default), or None when there is none.
PrinterFactory = Callable[[str], QPrinter | None]


def rasterise(pdf: bytes, dpi: int = PRINT_DPI) -> list[QImage]:
    """PDF pages as images; safe to run off the GUI thread (QImage is not a pixmap).

    Each image knows its resolution, so its paper size can be read back from it.
    """
    import pypdfium2  # noqa: PLC0415 (loaded on the worker at the first print)

    document = pypdfium2.PdfDocument(pdf)
    images = []
    dots_per_meter = round(dpi * 1000 / INCH_MM)
    try:
        for page in document:
            # Our forms are black on white: 8-bit grey is a quarter of the memory of RGB32
            # (9 MB, not 35, an A4 page at 300 dpi) and renders and copies 3x faster.
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            width, height = bitmap.width, bitmap.height
            image = QImage(
                bitmap.buffer, width, height, bitmap.stride, QImage.Format.Format_Grayscale8
            )
            image = image.copy()  # own the pixels before pdfium frees its buffer
            image.setDotsPerMeterX(dots_per_meter)
            image.setDotsPerMeterY(dots_per_meter)
            images.append(image)
            page.close()
    finally:
        document.close()
    return images


def paper_of(image: QImage) -> tuple[QPageSize, QPageLayout.Orientation]:
    """The paper a page was laid out on: A4 or A5 (either way round), or a custom roll."""
    width = image.width() * 1000 / image.dotsPerMeterX()
    height = image.height() * 1000 / image.dotsPerMeterY()
    size = QPageSize(
        QSizeF(min(width, height), max(width, height)),
        QPageSize.Unit.Millimeter,
        "",
        QPageSize.SizeMatchPolicy.FuzzyMatch,  # 209.9 x 297.0 mm is A4
    )
    landscape = width > height
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return size, orientation


def fit_paper(printer: QPrinter, images: list[QImage]) -> None:
    """Put the printer on the form's paper and orientation (before painting starts)."""
    if images:
        size, orientation = paper_of(images[0])
        printer.setPageSize(size)
        printer.setPageOrientation(orientation)


def paint(images: list[QImage], printer: QPrinter) -> None:
    fit_paper(printer, images)
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


def system_printer(name: str) -> QPrinter | None:
    """The printer of that name, or the system's default for ""; None if there is none."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def installed_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def documents_folder() -> Path:
    """Where a first saved PDF is offered to go: Documents, else the home folder (a file
    dialog given a folder that does not exist opens in the program's own folder)."""
    location = QStandardPaths.StandardLocation.DocumentsLocation
    found = Path(QStandardPaths.writableLocation(location))
    return found if found.is_dir() else Path.home()


@dataclass(frozen=True)
class PrintJob:
    pdf: bytes
    images: list[QImage]
    name: str  # the file's name without ".pdf": the dossier code and the form
    title: str  # what it is, for the clerk: the form's name and the dossier code
    reprint: str  # where the clerk prints it again, if it is not printed now
    printer: str = ""  # chosen in the settings; "" for the system's default


class PrintOutcome(Enum):
    PRINTED = "printed"
    SAVED = "saved"  # as a PDF file, for lack of a printer
    NOT_PRINTED = "not_printed"


class PrintDesk(QObject):
    """Print, preview and save PDFs for one window."""

    dialog_opened = Signal(object)  # every dialog, before it runs (tests answer them)

    def __init__(
        self,
        parent: QWidget,
        printer_factory: PrinterFactory = system_printer,
        printers: Callable[[], list[str]] = installed_printers,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.printer_factory = printer_factory
        self.printers = printers
        self.folder: Path | None = None  # where the last PDF was saved: offered again

    def print_job(self, job: PrintJob) -> tuple[PrintOutcome, Path | None]:
        """Print on the job's printer; without one, ask. The outcome, and the saved file."""
        printer = self.printer_factory(job.printer)
        if printer is None:
            return self._without_printer(job)
        printer.setDocName(job.name)
        paint(job.images, printer)
        return PrintOutcome.PRINTED, None

    def _without_printer(self, job: PrintJob) -> tuple[PrintOutcome, Path | None]:
        names = self.printers()
        if job.printer:
            problem = tr(
                "Không tìm thấy máy in «{name}» đã chọn trong Cài đặt (máy tắt, rút cáp "
                "hoặc đổi tên?)."
            ).format(name=job.printer)
        elif names:
            problem = tr("Máy tính này chưa đặt máy in mặc định.")
        else:
            problem = tr("Máy tính này chưa cài đặt máy in nào.")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Chưa in được"),
            problem
            + "\n\n"
            + tr("{what} chưa được in. Có thể lưu thành tệp PDF để in sau.").format(what=job.title),
            QMessageBox.StandardButton.NoButton,
            self.parent_widget,
        )
        box.setObjectName("no_printer")
        save = box.addButton(tr("Lưu thành tệp PDF…"), QMessageBox.ButtonRole.AcceptRole)
        choose = None
        if names:
            choose = box.addButton(tr("Chọn máy in…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(tr("Không in"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        self.dialog_opened.emit(box)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is save:
            path = self.save(job.pdf, f"{job.name}.pdf")
            return (PrintOutcome.SAVED, path) if path else (PrintOutcome.NOT_PRINTED, None)
        if choose is not None and clicked is choose:
            return self._choose_and_print(job)
        return PrintOutcome.NOT_PRINTED, None

    def _choose_and_print(self, job: PrintJob) -> tuple[PrintOutcome, Path | None]:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(job.name)
        fit_paper(printer, job.images)
        dialog = QPrintDialog(printer, self.parent_widget)
        dialog.setWindowTitle(tr("Chọn máy in"))
        self.dialog_opened.emit(dialog)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()  # before the printer it points to goes
        if not accepted:
            return PrintOutcome.NOT_PRINTED, None
        paint(job.images, printer)
        return PrintOutcome.PRINTED, None

    def preview(self, images: list[QImage]) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        fit_paper(printer, images)
        dialog = QPrintPreviewDialog(printer, self.parent_widget)
        dialog.setWindowTitle(tr("Xem trước khi in"))
        dialog.paintRequested.connect(lambda p: paint(images, p))
        self.dialog_opened.emit(dialog)
        dialog.exec()
        dialog.deleteLater()  # before the printer it points to goes

    def save(self, pdf: bytes, suggested_name: str) -> Path | None:
        """Ask where to save the PDF (in the folder used last); None if the clerk cancels."""
        folder = self.folder or documents_folder()
        dialog = QFileDialog(
            self.parent_widget,
            tr("Lưu thành PDF"),
            str(folder / suggested_name),
            tr("Tệp PDF (*.pdf)"),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(suggested_name)
        self.dialog_opened.emit(dialog)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.selectedFiles()
        dialog.deleteLater()
        if not accepted or not chosen:
            return None
        name = chosen[0]
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        try:
            path.write_bytes(pdf)
        except OSError as error:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                tr("Không lưu được tệp"),
                tr("Không ghi được tệp {path}: {reason}. Hãy chọn thư mục khác.").format(
                    path=path, reason=error.strerror or error
                ),
                QMessageBox.StandardButton.Ok,
                self.parent_widget,
            )
            self.dialog_opened.emit(box)
            box.exec()
            box.deleteLater()
            return None
        self.folder = path.parent
        return path
