"""The window's side of sync: status bar text, the console, enrolment, "Sync now"."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from counter_app.core.domain.roles import Actor
from counter_app.core.errors import CounterError
from counter_app.core.settings import Settings
from counter_app.core.sync.status import SyncStatus
from counter_app.ui.app.person import on_duty
from counter_app.ui.sync.sync_console import EnrolDialog, SyncConsole, describe
from counter_app.ui.sync.sync_controller import SyncController
from counter_app.ui.widgets.formatting import message_of, tr

if TYPE_CHECKING:
    from counter_app.core.sync.engine import SyncEngine


class SyncView(QObject):
    console_opened = Signal(object)  # the console, once shown (tests drive it)
    enrol_dialog_opened = Signal(object)
    help_requested = Signal()  # F1 in the console: its guide

    def __init__(
        self,
        window: QMainWindow,
        connection: QLabel,
        show_pending: Callable[[int], None],
        settings: Callable[[], Settings],
        now: Callable[[], datetime],
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self.window, self.connection, self.show_pending = window, connection, show_pending
        self.settings, self.now = settings, now
        # Who discards a refused event: the signed-in person (the window sets it); else
        # the supervisor named in the console's dialog (ui/app/person.py).
        self.acting: Callable[[str], Actor] = on_duty
        self.signed_in: Callable[[], str] = lambda: ""  # the signed-in person's name, if any
        # May the person at the counter discard events and enrol it? (the window's roles)
        self.supervises: Callable[[], bool] = lambda: True
        self.controller = SyncController(self, monotonic=monotonic)
        self.console: SyncConsole | None = None
        self.status: SyncStatus | None = None
        # While the bar says "thử lại sau N giây", N follows the clock: re-said each second.
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count_down)
        self.controller.status_changed.connect(self._show)
        self.controller.broken.connect(self._broken)
        self.controller.progress.connect(self._progress)
        self.controller.running_changed.connect(self._running)

    def add_actions(self, menu: QMenu) -> None:
        now_action = QAction(tr("Đồng bộ ngay"), self.window)
        now_action.setShortcut(QKeySequence("F9"))
        now_action.triggered.connect(self.controller.sync_now)
        console_action = QAction(tr("Bảng đồng bộ…"), self.window)
        console_action.setShortcut(QKeySequence("Ctrl+F9"))
        console_action.triggered.connect(self.open_console)
        menu.addAction(now_action)
        menu.addAction(console_action)

    def attach(self, engine: SyncEngine | None) -> None:
        if engine is not None:
            self.controller.attach(engine)

    def poke(self) -> None:
        self.controller.poke()

    def shutdown(self) -> None:
        self._countdown.stop()
        self.controller.shutdown()

    # --- status bar ---------------------------------------------------------------------

    def _next_in(self) -> float | None:
        return self.controller.remaining()

    def _show(self, status: SyncStatus) -> None:
        self.status = status
        stopped = self.controller.stopped_by
        text, colour = describe(status, self.settings().timezone, self._next_in(), stopped)
        self.connection.setText(text)
        self.connection.setStyleSheet(f"color: {colour};")
        self.connection.setToolTip(status.last_error or "")
        self.show_pending(status.pending)
        if self.console is not None:
            self.console.show_status(status, self._next_in(), stopped)
            self._load_items()
        if self._waiting() and not self.controller.running:
            self._countdown.start()
        else:
            self._countdown.stop()

    def _waiting(self) -> bool:
        """Whether the bar shows a wait ("thử lại sau N giây") that must follow the clock."""
        status, tz = self.status, self.settings().timezone
        stopped = self.controller.stopped_by
        if status is None or self._next_in() is None:
            return False
        return describe(status, tz, self._next_in(), stopped) != describe(status, tz, None, stopped)

    def _count_down(self) -> None:
        """Say the wait again, a second shorter (nothing else on the bar changes)."""
        status = self.status
        if status is None or self.controller.running or not self._waiting():
            self._countdown.stop()
            return
        stopped = self.controller.stopped_by
        text, _colour = describe(status, self.settings().timezone, self._next_in(), stopped)
        self.connection.setText(text)
        if self.console is not None:
            self.console.show_status(status, self._next_in(), stopped)

    def _broken(self, error: Exception) -> None:
        """A cycle failed at this counter (disk, database, a bug): say so, with the reason."""
        self._countdown.stop()
        stopped = self.controller.stopped_by
        if stopped is not None and self.status is not None:
            text, _colour = describe(self.status, self.settings().timezone, None, stopped)
        else:
            text = tr("Lỗi đồng bộ tại quầy; sẽ thử lại")
        self.connection.setText(text)
        self.connection.setStyleSheet("color: #a00;")
        self.connection.setToolTip(message_of(error))

    def _progress(self, sent: int, total: int) -> None:
        self.connection.setText(f"{tr('Đang đồng bộ')}: {sent}/{total}")
        if self.console is not None:
            self.console.show_progress(sent, total)

    def _running(self, running: bool) -> None:
        if not running:
            if self.console is not None:
                self.console.end_progress()
            return
        if self.status is None:
            self.connection.setText(tr("Đang đồng bộ…"))
        elif self._countdown.isActive():  # the wait is over: say so, not "thử lại sau 0 giây"
            self._countdown.stop()
            text, _colour = describe(self.status, self.settings().timezone, None)
            self.connection.setText(f"{text} · {tr('đang thử kết nối lại…')}")

    # --- console --------------------------------------------------------------------------

    def _signed_in_name(self) -> str:
        return self.signed_in()  # read when asked: the window sets ``signed_in`` later

    def open_console(self) -> None:
        if self.console is None:
            console = SyncConsole(self.settings().timezone, self.now, self.window)
            console.signed_in = self._signed_in_name
            console.sync_requested.connect(self.controller.sync_now)
            console.retry_requested.connect(self._retry)
            console.discard_requested.connect(self._discard)
            console.enrol_requested.connect(self.open_enrolment)
            console.help_requested.connect(self.help_requested)
            console.finished.connect(self._console_closed)
            self.console = console
        self.console.allow_supervision(self.supervises())
        self.console.show()
        self.console.raise_()
        if self.status is not None:
            self.console.show_status(self.status, self._next_in(), self.controller.stopped_by)
        self._load_items()
        self.console_opened.emit(self.console)

    def _console_closed(self) -> None:
        self.console = None

    def _engine_work(self, work: Callable[[SyncEngine], Any], done: Callable[[Any], None]) -> None:
        engine = self.controller.engine
        if engine is None:
            self._failed(CounterError(tr("Dữ liệu của quầy đang được mở, xin thử lại sau.")))
            return
        self.controller.ops.run(lambda: work(engine), done, self._failed)

    def _load_items(self) -> None:
        """The console's lists; none yet while the engine is being opened (it fills them
        once it reports its first status): a console opened early is no error."""
        if self.controller.engine is None:
            return

        def show(found: Any) -> None:
            if self.console is not None:
                items, skipped = found
                self.console.show_items(items)
                self.console.show_skipped(skipped)

        self._engine_work(lambda engine: (engine.items(), engine.skipped()), show)

    def _retry(self, ids: list[int]) -> None:
        self._engine_work(lambda engine: engine.retry(ids), lambda _n: self.controller.sync_now())

    def _discard(self, ids: list[int], reason: str, supervisor: str) -> None:
        self._engine_work(
            lambda engine: engine.discard(ids, reason, self.acting(supervisor)),
            lambda _n: self.controller.refresh(),
        )

    def open_enrolment(self, parent: QWidget | None = None) -> None:
        dialog = EnrolDialog(parent or self.console or self.window)
        self.enrol_dialog_opened.emit(dialog)
        if dialog.exec() != EnrolDialog.DialogCode.Accepted:
            return
        s = self.settings()
        url, code = dialog.server.text(), dialog.code.text()
        ca = dialog.ca_bundle.text().strip() or None

        def enrolled(_creds: Any) -> None:
            self.window.statusBar().showMessage(
                tr("Quầy đã đăng ký với máy chủ tỉnh; bắt đầu đồng bộ."), 10_000
            )
            self.controller.resume()

        self._engine_work(
            lambda engine: engine.enrol(url, code, s.agency_code, s.counter_number, ca), enrolled
        )

    def _failed(self, error: Exception) -> None:
        message = error.message if isinstance(error, CounterError) else repr(error)
        QMessageBox.warning(self.console or self.window, tr("Không thực hiện được"), message)
