"""The last line of defence: an error nobody expected, in the GUI.

It is logged, a crash report is written, what the clerk was typing is saved as a
draft (offered again at the next start), and a dialog says what happened and where
the report is. The clerk may go on working or close the program.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, QTimer, Signal, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter_app.ui.widgets.formatting import tr

log = logging.getLogger("counter_app.ui")


class CrashGuard(QObject):
    """Installed as ``sys.excepthook`` (and for threads) while the GUI runs."""

    # Emitted from any thread; the dialog is shown on the GUI thread (queued).
    crashed = Signal(object, object)  # the error, the report file (or None)
    dialog_opened = Signal(object)  # the QMessageBox, before it runs (tests answer it)

    def __init__(self, reports: Path, log_file: Path | None) -> None:
        super().__init__()
        self.reports, self.log_file = reports, log_file
        self.save_input: Callable[[], None] = lambda: None
        self.parent_widget: QWidget | None = None
        self._showing = False
        self._previous = (sys.excepthook, threading.excepthook)
        self.crashed.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self._uncaught
        threading.excepthook = lambda args: self.report(args.exc_value or Exception())

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _uncaught(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if isinstance(error, KeyboardInterrupt):
            self._previous[0](kind, error, tb)
            return
        self.report(error.with_traceback(tb))

    def report(self, error: BaseException) -> Path | None:
        """Log, save the input, write the report; the dialog follows on the GUI thread."""
        log.critical("unexpected error", exc_info=error)
        try:
            self.save_input()
        except Exception:
            log.exception("could not save the clerk's input after a crash")
        from counter_app.core.crash_report import write_report  # noqa: PLC0415 (rarely needed)

        path = None
        try:
            extra = {"Qt": f"{qVersion()} (PySide6 {pyside_version})"}
            path = write_report(self.reports, error, datetime.now(UTC), self.log_file, extra)
        except OSError:
            log.exception("could not write the crash report")
        self.crashed.emit(error, path)
        return path

    def _show(self, error: BaseException, path: Path | None) -> None:
        if self._showing:
            return  # one dialog at a time; every crash still has its report
        self._showing = True
        where = str(path) if path else tr("(không ghi được tệp báo cáo; xem nhật ký)")
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            tr("Lỗi chương trình"),
            tr(
                "Chương trình gặp một lỗi không mong đợi. Dữ liệu đang nhập đã được lưu lại "
                "và sẽ hiện lại khi mở chương trình. Hãy gửi tệp báo cáo lỗi dưới đây cho "
                "bộ phận hỗ trợ:"
            )
            + f"\n\n{where}\n\n{type(error).__name__}: {error}",
            QMessageBox.StandardButton.NoButton,
            self.parent_widget,
        )
        keep = box.addButton(tr("Tiếp tục làm việc"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Đóng chương trình"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        self.dialog_opened.emit(box)
        box.exec()
        self._showing = False
        if box.clickedButton() is not keep:
            QTimer.singleShot(0, QApplication.closeAllWindows)
