"""Printing a dossier's forms, and the strip under the screens that prints them again.

One print path: render (and log) on the worker, rasterise, print or save; a paper that
never reaches a printer is struck from the print log. The strip (Print again, Preview,
Save PDF) acts on the dossier open on the lookup screen while that screen is shown (the
form last printed for it, else its original paper), else on the last print.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from counter_app.core.domain.roles import Actor
from counter_app.core.forms.data import DossierSheet, Form, Printed
from counter_app.core.settings import Settings
from counter_app.ui.app.operations import CoreRunner
from counter_app.ui.printing.printing import PrintDesk, PrintJob, PrintOutcome, rasterise
from counter_app.ui.printing.result_panel import ResultPanel, form_label, form_name, original_form
from counter_app.ui.widgets.formatting import tr

if TYPE_CHECKING:  # imported on the worker thread, after the window is painted
    from counter_app.core.services.desk import Desk

# Saved PDFs are named after the dossier and the form: one file per form, never overwritten.
FILE_NAMES = {
    Form.RECEIPT: "giay-tiep-nhan",
    Form.SUPPLEMENT: "phieu-yeu-cau-bo-sung",
    Form.REFUSAL: "phieu-tu-choi",
    Form.APOLOGY: "phieu-xin-loi",
    Form.CONTROL: "phieu-kiem-soat",
    Form.STOP: "thong-bao-dung-giai-quyet",
}
# The papers a correction asks to give the citizen again.
ORIGINAL_PAPERS = (Form.RECEIPT, Form.REFUSAL, Form.SUPPLEMENT)


def file_name(printed: Printed) -> str:
    """``<dossier code>-<form>``, and ``-in-lai`` for a reprint."""
    form = FILE_NAMES.get(printed.form, printed.form.value)
    return f"{printed.code}-{form}" + ("-in-lai" if printed.reprint else "")


class PrintStrip(QObject):
    printed = Signal(object)  # Printed, after the PDF went to the printer
    not_printed = Signal(str)  # what was not printed, and where to print it again
    pdf_saved = Signal(object)  # the file a form was saved to, for lack of a printer

    def __init__(
        self,
        panel: ResultPanel,
        print_desk: PrintDesk,
        run: CoreRunner,
        *,
        settings: Callable[[], Settings],
        acting: Callable[[], Actor],
        open_sheet: Callable[[], DossierSheet | None],
        tell: Callable[[str, int], None],
    ) -> None:
        """``open_sheet``: the dossier open on the lookup screen, if that screen is shown;
        ``tell``: a message for the status bar, and for how many ms."""
        super().__init__(panel)
        self.panel, self.print_desk, self._run = panel, print_desk, run
        self._settings, self._open_sheet, self._tell = settings, open_sheet, tell
        self._acting = acting  # who prints: the signed-in person
        self.last: Printed | None = None
        self._last_images: list[QImage] = []
        self._corrected: set[str] = set()  # corrected; the new paper not printed yet
        panel.print_button.clicked.connect(self.reprint)
        panel.preview_button.clicked.connect(self.preview)
        panel.save_button.clicked.connect(self.save)
        self.printed.connect(self._printed_after_correction)

    # --- printing ---------------------------------------------------------------------------

    def issued(self, printed: Printed, detail: str) -> None:
        """A paper just rendered (a reception's): on the strip at once, printed next."""
        self.last = printed
        self.panel.show_printed(printed, detail)

    def print(
        self,
        render_it: Callable[[Desk], Printed],
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Render (and log) a form on the worker, then print it; the one print path."""

        def work(desk: Desk) -> tuple[Printed, list[QImage]]:
            printed = render_it(desk)
            return printed, rasterise(printed.pdf)

        def done(result: tuple[Printed, list[QImage]]) -> None:
            self.issued(result[0], form_label(result[0]))
            self.send(*result)

        self._run(work, done, on_failure)

    def print_form(self, code: str, form: Form) -> None:
        clerk = self._acting()  # read here: the rendering runs on the worker thread
        self.print(lambda desk: desk.render_form(code, form, clerk))

    def send(self, printed: Printed, images: list[QImage]) -> None:
        self._last_images = images
        settings = self._settings()
        receipt = printed.form is Form.RECEIPT
        job = PrintJob(
            printed.pdf,
            images,
            file_name(printed),
            f"{form_label(printed)}, {tr('hồ sơ')} {printed.code},",
            tr("In lại bằng nút «In lại» ở cuối cửa sổ, hoặc tìm hồ sơ ở màn hình Tra cứu (F3)."),
            settings.receipt_printer if receipt else settings.a4_printer,
        )
        outcome = self.output(job)
        if outcome is PrintOutcome.PRINTED:
            self.printed.emit(printed)
        elif outcome is PrintOutcome.NOT_PRINTED:  # the next print is its first, not a reprint
            self._run(lambda desk: desk.withdraw_print(printed), lambda _none: None, None)

    def output(self, job: PrintJob) -> PrintOutcome:
        """Print the job. Saved or not printed: the clerk is told."""
        outcome, path = self.print_desk.print_job(job)
        if outcome is PrintOutcome.SAVED:
            what = job.title.rstrip(",")
            self._tell(tr("Đã lưu {what} vào tệp {path}.").format(what=what, path=path), 60_000)
            self.pdf_saved.emit(path)
        elif outcome is PrintOutcome.NOT_PRINTED:
            note = f"{job.title} {tr('chưa được in.')} {job.reprint}"
            self._tell(note, 60_000)
            self.not_printed.emit(note)
        return outcome

    # --- the strip ----------------------------------------------------------------------------

    def _target(self) -> tuple[str, Form] | None:
        sheet, last = self._open_sheet(), self.last
        if sheet is not None and (last is None or last.code != sheet.code):
            return sheet.code, original_form(sheet)
        return None if last is None else (last.code, last.form)

    def _is_last(self, target: tuple[str, Form]) -> bool:
        return self.last is not None and (self.last.code, self.last.form) == target

    def show(self) -> None:
        target = self._target()
        if target is None:
            self.panel.clear()
        elif self.last is not None and self._is_last(target):
            self.panel.show_printed(self.last, form_label(self.last))
        else:
            code, form = target
            detail = form_name(self._settings().form_set, form)
            if code in self._corrected:
                detail += " — " + tr("đã hiệu chỉnh, hãy in lại cho công dân")
            self.panel.show_dossier(code, detail)

    def reprint(self) -> None:
        target = self._target()
        if target is not None:
            self.print_form(*target)

    def preview(self) -> None:
        target = self._target()
        if target is None:
            return
        if self._is_last(target):
            self.print_desk.preview(self._last_images)
            return
        (code, form), clerk = target, self._acting()  # a look: nothing is logged
        self._run(
            lambda desk: rasterise(desk.render_form(code, form, clerk, log=False).pdf),
            self.print_desk.preview,
            None,
        )

    def save(self) -> None:
        target = self._target()
        if target is None:
            return
        if self.last is not None and self._is_last(target):
            self._save_pdf(self.last)
            return
        (code, form), clerk = target, self._acting()
        self._run(lambda desk: desk.render_form(code, form, clerk, log=False), self._save_pdf, None)

    def _save_pdf(self, printed: Printed) -> None:
        path = self.print_desk.save(printed.pdf, f"{file_name(printed)}.pdf")
        if path is not None:
            self._tell(tr("Đã lưu tệp {path}.").format(path=path), 30_000)
            self.pdf_saved.emit(path)

    # --- after a void or a correction ----------------------------------------------------------

    def forget(self, code: str) -> None:
        """The pages last printed for a dossier just voided or corrected are out of date:
        the strip renders it again from what is recorded now."""
        if self.last is not None and self.last.code == code:
            self.last, self._last_images = None, []

    def corrected(self, code: str) -> None:
        self._corrected.add(code)

    def _printed_after_correction(self, printed: Printed) -> None:
        if printed.form in ORIGINAL_PAPERS:
            self._corrected.discard(printed.code)
