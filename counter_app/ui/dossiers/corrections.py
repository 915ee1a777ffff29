"""Correcting a mistake from the lookup screen: void a dossier, correct its applicant.

The dialogs, the calls on the worker, and what the lookup screen shows after. The
window hears ``recorded`` to bring the rest up to date (the strip, the pending count,
the status bar, a sync).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from counter_app.core.domain.roles import Actor
from counter_app.core.domain.validation import ApplicantInput
from counter_app.core.errors import FieldError, ValidationFailed
from counter_app.core.forms.data import DossierSheet
from counter_app.ui.app.operations import CoreRunner
from counter_app.ui.dossiers.lookup_view import LookupView
from counter_app.ui.printing.result_panel import original_form, reprint_label
from counter_app.ui.widgets.formatting import tr

if TYPE_CHECKING:  # the worker's imports, and the dialogs: loaded when first opened
    from counter_app.core.services.corrections import Correction
    from counter_app.core.services.desk import Desk
    from counter_app.ui.dossiers.correction_dialogs import CorrectDialog, VoidDialog

Dialog: TypeAlias = "VoidDialog | CorrectDialog"


class Corrections(QObject):
    dialog_opened = Signal(object)  # a VoidDialog or CorrectDialog, now open
    voided = Signal(str)  # dossier code
    corrected = Signal(object)  # Correction
    recorded = Signal(str, int, str)  # dossier code, events pending, what to tell the clerk

    def __init__(
        self,
        window: QWidget,
        lookup: LookupView,
        run: CoreRunner,
        *,
        on_duty: Callable[[], Actor],
        today: Callable[[], date],
        failed: Callable[[Exception], None],
    ) -> None:
        super().__init__(window)
        self.window, self.lookup, self._run = window, lookup, run
        self._on_duty, self._today, self._failed = on_duty, today, failed
        lookup.void_requested.connect(self.open_void)
        lookup.correct_requested.connect(self.ask_recorded_applicant)

    def open_void(self, code: str) -> None:
        sheet = self.lookup.sheet
        if sheet is None or sheet.code != code:
            return
        from counter_app.ui.dossiers.correction_dialogs import VoidDialog  # noqa: PLC0415

        dialog = VoidDialog(sheet, self.window)
        dialog.submitted.connect(lambda: self._void(dialog))
        self._show(dialog)

    def ask_recorded_applicant(self, code: str) -> None:
        self._run(
            lambda desk: desk.recorded_applicant(code),
            lambda recorded: self._open_correct(code, recorded),
            self._failed,
        )

    def _open_correct(self, code: str, recorded: ApplicantInput) -> None:
        sheet = self.lookup.sheet
        if sheet is None or sheet.code != code:  # the clerk opened another one meanwhile
            return
        from counter_app.ui.dossiers.correction_dialogs import CorrectDialog  # noqa: PLC0415

        dialog = CorrectDialog(sheet, recorded, self._today, self.window)
        dialog.submitted.connect(lambda: self._correct(dialog))
        self._show(dialog)

    def _show(self, dialog: Dialog) -> None:
        dialog.open()  # window-modal; the worker's answer comes back while it is open
        dialog.accepted.connect(self._back_to_lookup)
        self.dialog_opened.emit(dialog)

    def _back_to_lookup(self) -> None:
        """Done: the lookup field is ready for the next scan."""
        self.window.activateWindow()
        self.lookup.query.setFocus()
        self.lookup.query.selectAll()

    def _person(self, dialog: Dialog) -> Actor | None:
        """The person on duty, who is recorded as doing it; None (and why, in the dialog)
        if the settings name nobody."""
        if (person := self._on_duty()).name:
            return person
        problem = tr(
            "chưa đặt cán bộ trực. Ghi tên ở Hệ thống → Cài đặt… (Cán bộ tiếp nhận) rồi thử lại."
        )
        dialog.show_failure(ValidationFailed([FieldError("actor", tr("Người thực hiện"), problem)]))
        return None

    def _void(self, dialog: VoidDialog) -> None:
        code, reason, person = dialog.code, dialog.reason.text(), self._person(dialog)
        if person is None:
            return

        def work(desk: Desk) -> tuple[DossierSheet, int]:
            return desk.void(code, reason, person), desk.pending_events()

        def done(result: tuple[DossierSheet, int]) -> None:
            sheet, pending = result
            told = tr("Đã hủy hồ sơ {code}; mã được giữ lại, không cấp lại.").format(code=code)
            self._done(dialog, sheet, pending, told)
            self.voided.emit(code)

        self._run(work, done, lambda error: self._refused(dialog, error))

    def _correct(self, dialog: CorrectDialog) -> None:
        code, applicant, reason = dialog.code, dialog.value(), dialog.reason.text()
        person = self._person(dialog)
        if person is None:
            return

        def work(desk: Desk) -> tuple[Correction, DossierSheet, int]:
            done, sheet = desk.correct(code, applicant, reason, person)
            return done, sheet, desk.pending_events()

        def done(result: tuple[Correction, DossierSheet, int]) -> None:
            correction, sheet, pending = result
            told = tr(
                "Đã hiệu chỉnh hồ sơ {code} ({fields}). In lại cho công dân bằng nút "
                "«{button}» của màn hình Tra cứu."
            ).format(
                code=code,
                fields=", ".join(correction.changed),
                button=reprint_label(original_form(sheet)),
            )
            self.corrected.emit(correction)  # first: the strip asks for the new receipt
            self._done(dialog, sheet, pending, told)

        self._run(work, done, lambda error: self._refused(dialog, error))

    def _done(self, dialog: Dialog, sheet: DossierSheet, pending: int, told: str) -> None:
        """Recorded: the window brings itself up to date, then the dossier is shown anew."""
        dialog.set_waiting(False)
        dialog.accept()
        self.recorded.emit(sheet.code, pending, told)
        self.lookup.show_detail(sheet)

    def _refused(self, dialog: Dialog, error: Exception) -> None:
        """A refused field stays in the dialog, with what was typed; anything else (voided
        meanwhile, a status the core refuses) closes it and stays on the lookup screen."""
        if isinstance(error, ValidationFailed):
            dialog.show_failure(error)
            return
        dialog.set_waiting(False)
        dialog.reject()
        self._failed(error)
