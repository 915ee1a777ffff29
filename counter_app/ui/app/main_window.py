"""The main window: screens, status bar, and the hand-off between GUI and core."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.listing import DossierSummary, LedgerFilter
from counter_app.core.domain.reception import Outcome, ReceptionInput, ReceptionResult
from counter_app.core.domain.roles import Actor, Permission
from counter_app.core.domain.status import no_appointment
from counter_app.core.drafts import DraftStore
from counter_app.core.errors import CounterError, SignInFailed
from counter_app.core.forms.data import DossierSheet, Form, Printed
from counter_app.core.forms.formset import kinds
from counter_app.core.services.context import Clock
from counter_app.core.settings import Settings
from counter_app.core.sync.wire_audit import AuditAction
from counter_app.paths import AppPaths
from counter_app.ui.app.crash import CrashGuard
from counter_app.ui.app.operations import Operations
from counter_app.ui.app.person import on_duty
from counter_app.ui.app.placement import WindowPlacement
from counter_app.ui.app.screens import LEDGER, LOOKUP, RECEIVE, SYNC
from counter_app.ui.app.signin import IdleWatch, SignInDialog
from counter_app.ui.app.start_notice import StartNotice
from counter_app.ui.dossiers.corrections import Corrections
from counter_app.ui.dossiers.ledger_view import LedgerView
from counter_app.ui.dossiers.lookup_view import LookupView
from counter_app.ui.printing.printing import PrintDesk, PrintJob, PrintOutcome, rasterise
from counter_app.ui.printing.result_panel import ResultPanel, original_form
from counter_app.ui.printing.strip import PrintStrip
from counter_app.ui.receive.receive_view import ReceiveView
from counter_app.ui.sync.sync_controller import Outcome as SyncOutcome
from counter_app.ui.sync.sync_view import SyncView
from counter_app.ui.widgets.formatting import day, message_of, moment, named, tr

if TYPE_CHECKING:  # imported on the worker thread, after the window is painted
    from counter_app.core.services.desk import Desk, DeskSnapshot

    # The guide and the settings dialog load when first opened: off the start's path
    # (their Qt classes take ~20 ms to load, before the first paint).
    from counter_app.ui.app.guide import GuideDialog

T = TypeVar("T")


def ledger_file_name(spec: LedgerFilter) -> str:
    """``so-theo-doi-<first>-<last>``, and the filters: a filtered print is another file."""
    parts = [f"so-theo-doi-{spec.first:%Y%m%d}-{spec.last:%Y%m%d}"]
    if spec.status is not None:
        parts.append(f"trang-thai-{int(spec.status)}")
    if spec.procedure_code:
        parts.append(f"thu-tuc-{spec.procedure_code}")
    if spec.overdue_at is not None:
        parts.append("qua-han")
    return "-".join(parts)


def _ignore(_result: object) -> None:
    pass


def _refusal(error: Exception, unlocking: bool) -> str:
    """Why the door stays shut; at the lock screen the login is known: the password."""
    if unlocking and isinstance(error, SignInFailed) and error.kind == "wrong":
        return tr("Mật khẩu không đúng. Hãy kiểm tra chữ hoa/thường và bộ gõ tiếng Việt.")
    return message_of(error)


class MainWindow(QMainWindow):
    ready = Signal()  # database open, catalog loaded, screens usable
    backup_done = Signal(object)  # the day's backup file, or None (taken already, or failed)
    start_failed = Signal(object)  # the CounterError that kept the database from opening
    pdf_ready = Signal(object)  # Printed, committed and rendered
    printed = Signal(object)  # Printed, after the PDF went to the printer
    returned = Signal(str)  # dossier code whose result was handed over
    ledger_printed = Signal(object, int)  # the PDF, its pages (printed)
    not_printed = Signal(str)  # what was not printed, and where to print it again
    pdf_saved = Signal(object)  # the file a form was saved to, for lack of a printer
    settings_dialog_opened = Signal(object)  # the dialog, before it runs (tests drive it)
    audit_opened = Signal(object)  # the audit trail screen, as it opens (tests drive it)
    confirm_opened = Signal(object)  # a question (QMessageBox), before it runs (tests answer)
    settings_saved = Signal(object)  # Settings
    correction_dialog_opened = Signal(object)  # a VoidDialog or CorrectDialog, now open
    voided = Signal(str)  # dossier code voided from the lookup screen
    corrected = Signal(object)  # Correction done from the lookup screen
    guide_opened = Signal(str)  # F1: the screen whose guide is shown
    about_opened = Signal(object)  # Help → About: the dialog, shown
    sign_in_opened = Signal(object)  # the SignInDialog, open (at start, locked, switching)
    signed_in = Signal(object)  # the Actor now at the counter

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        ops: Operations,
        drafts: DraftStore,
        *,
        open_desk: Callable[[], Desk],
        print_desk_factory: Any = PrintDesk,
        settings_path: Path | None = None,
        crash_guard: CrashGuard | None = None,
        placement: WindowPlacement | None = None,
        paths: AppPaths | None = None,
        sign_in: bool = False,
        person: Actor | None = None,
    ) -> None:
        """Builds the screens at once; ``open_desk`` (the database) runs on the worker.

        The window paints before the database layer is even imported, so the clerk
        sees the Receive screen at once; it becomes usable when ``ready`` fires.

        ``sign_in``: the screens show only once a person has signed in (asked when the
        database is open), the window locks after ``ui.idle_lock_minutes`` idle, and
        the menu offers «Đổi người» and «Đăng xuất». Without it, ``person`` acts, or the
        clerk on duty of the settings (``ui/app/person.py``).
        """
        super().__init__()
        self.person, self._sign_in = person, sign_in
        self.sign_in_dialog: SignInDialog | None = None
        self.idle = IdleWatch(self, settings.idle_lock_minutes)
        self.idle.idle.connect(self.lock)
        self.settings, self.clock, self.ops, self.drafts = settings, clock, ops, drafts
        self.backup_ops = Operations("backup", self)
        self.desk: Desk | None = None  # set on the GUI thread once the database is open
        self.settings_path = settings_path
        self.placement = placement  # where the window opens; remembered when it closes
        self.paths = paths  # where the data, settings and logs are (Help → About)
        self.guide: GuideDialog | None = None
        # Bugs on the workers end here too: reported, the input saved, the clerk told.
        self.crash_guard = crash_guard or CrashGuard(drafts.path.parent / "crash-reports", None)
        self.crash_guard.save_input = self.save_draft
        self.crash_guard.parent_widget = self
        self.print_desk: PrintDesk = print_desk_factory(self)
        s = settings
        self.setWindowTitle(tr("Quầy Một Cửa — ") + s.agency_name)
        self.receive = ReceiveView(lambda: clock().astimezone(s.timezone), self.acting)
        self.lookup = LookupView(s.timezone, clock)
        self.ledger = LedgerView(clock, s.timezone)
        self.result = ResultPanel()
        self.strip = PrintStrip(
            self.result,
            self.print_desk,
            self._core,
            settings=lambda: self.settings,
            acting=self.acting,
            open_sheet=self._open_sheet,
            tell=self.statusBar().showMessage,
        )
        for own, forwarded in (
            (self.strip.printed, self.printed),
            (self.strip.not_printed, self.not_printed),
            (self.strip.pdf_saved, self.pdf_saved),
        ):
            own.connect(forwarded)
        self.start_notice = StartNotice(ops, clock)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.receive, tr("Tiếp nhận (F2)"))
        self.tabs.addTab(self.lookup, tr("Tra cứu, trả kết quả (F3)"))
        self.tabs.addTab(self.ledger, tr("Sổ theo dõi (F4)"))
        self.central = central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.start_notice)
        layout.addWidget(self.tabs)
        layout.addWidget(self.result)
        self.setCentralWidget(central)
        self._status_bar()
        self.sync = SyncView(
            self, self.connection, self._show_pending, lambda: self.settings, clock
        )
        self._menu()
        self._wire()
        self.corrections = self._corrections()
        self._set_up_sign_in()
        self._open_desk = open_desk
        self.start_notice.reopen_requested.connect(self._open_again)
        self.ops.run(lambda: self._open(open_desk), self._loaded, self._start_failed)

    def _open_again(self, message: str) -> None:
        """Open the database again, as at start-up (after a restore, or a retry)."""
        if message:
            self.statusBar().showMessage(message, 30_000)
        self.start_notice.clear()
        self.tabs.setEnabled(True)
        self.ops.run(lambda: self._open(self._open_desk), self._loaded, self._start_failed)

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.identity = named(QLabel(), "identity")
        self.clerk = named(QLabel(), "clerk")
        self._show_settings(self.settings)
        self.connection = named(QLabel(tr("Đồng bộ: chưa kết nối máy chủ tỉnh")), "connection")
        self.pending = named(QLabel(), "pending")
        self.pending.setMinimumWidth(160)
        self.ready_count = named(QLabel(), "ready_count")
        # A long sync status must not widen the window past a small screen: it is cut,
        # and whole in its tooltip.
        self.connection.setMinimumWidth(120)
        for widget in (self.identity, self.clerk, self.connection):
            bar.addWidget(widget)
        bar.addPermanentWidget(self.ready_count)
        bar.addPermanentWidget(self.pending)

    def _show_settings(self, s: Settings) -> None:
        self.identity.setText(f"{s.agency_code} · {tr('Quầy')} {s.counter_number}")
        if self.person is not None:
            self.clerk.setText(f"{tr('Cán bộ')}: {self.person.name} ({self.person.role.label})")
        elif self._sign_in:
            self.clerk.setText(f"{tr('Cán bộ')}: {tr('(chưa đăng nhập)')}")
        else:
            self.clerk.setText(f"{tr('Cán bộ')}: {s.clerk or tr('(chưa đặt)')}")
        self.lookup.stop_notice_in_set = Form.STOP.value in kinds(s.form_set)

    def _menu(self) -> None:
        menu = self.menuBar().addMenu(tr("Hệ thống"))
        self.settings_action = QAction(tr("Cài đặt…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setEnabled(self.settings_path is not None)
        self.settings_action.triggered.connect(self.open_settings)
        menu.addAction(self.settings_action)
        self.audit_action = QAction(tr("Nhật ký thao tác…"), self)
        self.audit_action.triggered.connect(self.open_audit)
        menu.addAction(self.audit_action)
        self.sync.add_actions(menu)
        menu.addSeparator()
        self.switch_action = QAction(tr("Đổi người"), self)
        self.switch_action.triggered.connect(lambda: self.ask_sign_in(switching=True))
        self.sign_out_action = QAction(tr("Đăng xuất"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        for action in (self.switch_action, self.sign_out_action):
            action.setEnabled(self._sign_in)
            menu.addAction(action)
        help_menu = self.menuBar().addMenu(tr("Trợ giúp"))
        self.guide_action = QAction(tr("Hướng dẫn màn hình này"), self)
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(lambda: self.show_guide(self._screen()))
        self.about_action = QAction(tr("Giới thiệu…"), self)
        self.about_action.triggered.connect(self.open_about)
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.about_action)
        self.sync.help_requested.connect(lambda: self.show_guide(SYNC))

    # --- the person at the counter --------------------------------------------------------

    def _set_up_sign_in(self) -> None:
        self.sync.acting = lambda name: self.acting() if self._sign_in else on_duty(name)
        self.sync.signed_in = lambda: self.person.name if self.person and self._sign_in else ""
        self.sync.supervises = lambda: self.acting().may(Permission.DISCARD_EVENT)
        if self._sign_in:
            self.central.setVisible(False)  # no screen before someone signs in
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self.idle)
        elif self.person is not None:
            self._apply_role(self.person)

    def acting(self) -> Actor:
        """Who acts: the signed-in person; without sign-in, as before (ui/app/person.py)."""
        if self.person is not None:
            return self.person
        return on_duty("" if self._sign_in else self.settings.clerk)

    def ask_sign_in(self, *, locked: bool = False, switching: bool = False) -> None:
        """Hide the screens and ask who is at the counter (locked: the same person's
        password, or «Đổi người»)."""
        self.idle.stop()
        self.central.setVisible(False)
        self._close_other_windows()
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.deleteLater()
        login = self.person.login if locked and self.person is not None else ""
        dialog = SignInDialog(self, login=login, locked=locked)
        dialog.switched.connect(lambda: self._in_trail(AuditAction.SIGN_OUT))
        if switching:
            dialog.let_another_person_in()
        dialog.submitted.connect(lambda name, password: self._check(dialog, name, password))
        dialog.new_password_submitted.connect(
            lambda new, again: self._change_password(dialog, new, again)
        )
        self.sign_in_dialog = dialog
        dialog.open()
        self.sign_in_opened.emit(dialog)

    def _close_other_windows(self) -> None:
        """Locked, switching person, signed out: no window of the last person's stays
        readable (the sync console, the audit trail, a guide, a dialog)."""
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget is not self.sign_in_dialog and widget.isVisible():
                widget.close()

    def lock(self) -> None:
        """Idle too long: the screens hide until the password is typed again."""
        if self.person is not None and self.central.isVisible():
            self._in_trail(AuditAction.LOCK)
            self.ask_sign_in(locked=True)

    def sign_out(self) -> None:
        self._in_trail(AuditAction.SIGN_OUT)
        self.person = None
        self._show_person()
        self.ask_sign_in()

    def _check(self, dialog: SignInDialog, login: str, password: str) -> None:
        from counter_app.core.services.accounts import sign_in  # noqa: PLC0415 (database layer)

        def answered(result: object) -> None:
            if isinstance(result, Actor):
                self._welcome(dialog, result)
            else:  # a one-time password: a new one first
                dialog.pending = (login, password)
                dialog.ask_new_password(getattr(result, "name", ""))

        unlocking = dialog.locked  # the same person again: the trail says «Mở khóa» only
        self._core(
            lambda desk: sign_in(desk.services, login, password, record=not unlocking),
            answered,
            lambda error: dialog.show_error(_refusal(error, unlocking)),
        )

    def _change_password(self, dialog: SignInDialog, new: str, again: str) -> None:
        from counter_app.core.services.accounts import change_password  # noqa: PLC0415

        if new != again:
            dialog.show_error(tr("Hai lần nhập mật khẩu mới không giống nhau."))
            return
        login, old = dialog.pending
        self._core(
            lambda desk: change_password(desk.services, login, old, new),
            lambda actor: self._welcome(dialog, actor),
            lambda error: dialog.show_error(message_of(error)),
        )

    def _in_trail(self, action: AuditAction) -> None:
        """Lock, unlock, sign-out: in the audit trail, like every action of a person."""
        from counter_app.core.services.accounts import record_session  # noqa: PLC0415

        person = self.person
        if person is not None and self._sign_in:
            self._core(lambda desk: record_session(desk.services, person, action), _ignore)

    def _welcome(self, dialog: SignInDialog, person: Actor) -> None:
        if dialog.locked and person == self.person:
            self._in_trail(AuditAction.UNLOCK)
        self.person = person
        dialog.accept()
        self.sign_in_dialog = None
        dialog.deleteLater()
        self._apply_role(person)
        self.central.setVisible(True)
        self.activateWindow()
        (self.receive.search if self.tabs.currentWidget() is self.receive else self.tabs).setFocus()
        self.idle.start()
        self.signed_in.emit(person)

    def _apply_role(self, person: Actor) -> None:
        """Hide or disable what the person may not do (the core refuses it anyway)."""
        self._show_person()
        self.settings_action.setEnabled(
            self.settings_path is not None and person.may(Permission.CHANGE_SETTINGS)
        )
        self.lookup.supervision = person.may(Permission.VOID)
        sees = person.may(Permission.SEE_AUDIT)
        self.audit_action.setEnabled(sees)
        self.audit_action.setToolTip(
            "" if sees else tr("Chỉ lãnh đạo trung tâm hoặc quản trị xem nhật ký thao tác.")
        )
        if self.lookup.sheet is not None:
            self.lookup.show_detail(self.lookup.sheet)

    def _show_person(self) -> None:
        self._show_settings(self.settings)

    # --- help ---------------------------------------------------------------------------

    def _screen(self) -> str:
        current = self.tabs.currentWidget()
        if current is self.lookup:
            return LOOKUP
        return LEDGER if current is self.ledger else RECEIVE

    def show_guide(self, screen: str) -> None:
        """F1: the guide to the screen in front of the clerk (non-modal, one window);
        F1 again on the same screen closes it."""
        if self.guide is None:
            from counter_app.ui.app.guide import GuideDialog  # noqa: PLC0415 (see TYPE_CHECKING)

            self.guide = GuideDialog(self)
        elif self.guide.isVisible() and self.guide.shown_screen == screen:
            self.guide.close()  # F1 again: read, closed
            return
        self.guide.show_screen(screen)
        self.guide_opened.emit(screen)

    def _guide_follows(self) -> None:
        """An open guide follows the clerk to the new screen (F2/F3/F4, a double click)."""
        if self.guide is not None and self.guide.isVisible():
            screen = self._screen()
            if self.guide.shown_screen != screen:
                self.guide.show_screen(screen)
                self.guide_opened.emit(screen)

    def about_lines(self) -> list[tuple[str, str]]:
        """This window's own folders: from its paths, else where its drafts and reports go."""
        from counter_app.ui.app.guide import about_lines  # noqa: PLC0415 (see TYPE_CHECKING)

        if self.paths is not None:
            return about_lines(self.paths.data_dir, self.paths.logs, self.paths.settings_file)
        return about_lines(self.drafts.path.parent, self.crash_guard.reports, self.settings_path)

    def open_about(self) -> None:
        from counter_app.ui.app.guide import AboutDialog  # noqa: PLC0415 (see TYPE_CHECKING)

        dialog = AboutDialog(self.about_lines(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.about_opened.emit(dialog)

    def open_audit(self) -> None:
        """The audit trail screen (a supervisor's; roles will hide it from clerks)."""
        from counter_app.ui.audit.audit_dialog import AuditDialog  # noqa: PLC0415

        dialog = AuditDialog(self.clock, self.settings.timezone, self)
        dialog.wire(self._core, self.acting)
        self.audit_opened.emit(dialog)
        dialog.request()
        dialog.open()

    def open_settings(self) -> None:
        from counter_app.ui.app.settings_dialog import SettingsDialog  # noqa: PLC0415

        dialog = SettingsDialog(self.settings, self, self.print_desk.printers)
        dialog.enrol_requested.connect(lambda: self.sync.open_enrolment(dialog))
        self.settings_dialog_opened.emit(dialog)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted and dialog.result_settings:
            self.apply_settings(dialog.result_settings)

    def apply_settings(self, new: Settings) -> None:
        """Save the file and re-bind the database's identity, then use the new settings."""
        path = self.settings_path
        assert path is not None

        def done(_: object) -> None:
            self.settings = new
            self._show_settings(new)
            self.statusBar().showMessage(
                tr(
                    "Đã lưu cấu hình. Ngôn ngữ, giờ làm việc và múi giờ có hiệu lực khi mở lại "
                    "chương trình."
                ),
                10_000,
            )
            self.settings_saved.emit(new)

        person = self.acting()
        self._core(lambda desk: desk.apply_settings(new, path, person), done)

    def _wire(self) -> None:
        self.receive.submitted.connect(self._submit)
        self.receive.dossier_scanned.connect(self._open_dossier)  # a receipt scanned there
        self.receive.known_applicant_requested.connect(self._known_applicant)
        self.receive.draft_changed.connect(
            lambda draft: self.ops.run(lambda: self.drafts.save(draft), lambda _r: None)
        )
        self.lookup.sheet_changed.connect(self.strip.show)
        self.tabs.currentChanged.connect(lambda _index: self.strip.show())
        self.tabs.currentChanged.connect(lambda _index: self._guide_follows())
        self.lookup.lookup_requested.connect(self._lookup)
        self.lookup.ready_requested.connect(self._list_ready)
        self.lookup.detail_requested.connect(self._detail)
        self.lookup.return_requested.connect(self._return_result)
        self.lookup.reschedule_requested.connect(self._reschedule)
        self.lookup.reprint_requested.connect(self._reprint_original)
        self.lookup.control_slip_requested.connect(
            lambda code: self.strip.print_form(code, Form.CONTROL)
        )
        self.lookup.stop_notice_requested.connect(self._print_stop_notice)
        self.ledger.filter_requested.connect(self._ledger)
        self.ledger.print_requested.connect(self._print_ledger)
        self.ledger.open_requested.connect(self._open_dossier)
        shortcuts = {
            "F4": self.open_ledger,
            "F3": self.open_lookup,
            "F2": self.new_dossier,
            "Ctrl+P": lambda: self.receive.submit(Outcome.ACCEPTED),
        }
        for keys, action in shortcuts.items():
            QShortcut(QKeySequence(keys), self).activated.connect(action)
        self.ops.unexpected_error.connect(self._bug)
        self.sync.controller.ops.unexpected_error.connect(self._bug)
        self.sync.controller.outcome.connect(self._synced)

    def _synced(self, outcome: SyncOutcome) -> None:
        """A counter without a catalog shows the province's as soon as a sync brings it."""
        if outcome.report is not None and outcome.report.pulled and self.receive.catalog_empty:
            self._core(lambda desk: desk.snapshot(), self._catalog_arrived)

    def _catalog_arrived(self, snapshot: DeskSnapshot) -> None:
        if snapshot.catalog:
            self.receive.set_catalog(snapshot.catalog, snapshot.calendar)
            self.ledger.set_catalog(snapshot.catalog)

    # --- loading ------------------------------------------------------------------------

    def _open(
        self, open_desk: Callable[[], Desk]
    ) -> tuple[Desk, DeskSnapshot, dict[str, Any] | None]:
        desk = open_desk()
        return desk, desk.snapshot(), self.drafts.load()

    def _loaded(self, loaded: tuple[Desk, DeskSnapshot, dict[str, Any] | None]) -> None:
        self.desk, snapshot, draft = loaded
        self.receive.set_catalog(snapshot.catalog, snapshot.calendar)
        self.lookup.set_calendar(snapshot.calendar)
        self.ledger.set_catalog(snapshot.catalog)
        if draft:
            self.receive.restore(draft, snapshot.catalog)
        self._show_pending(snapshot.pending_events)
        self.receive.search.setFocus()
        # What exists now lives as long as the program: keep it out of every later
        # collection, so the GUI-thread collector never scans it again. (No full
        # collection first: it would stall the freshly shown window for ~50 ms.)
        gc.freeze()
        self.ready.emit()
        if self._sign_in and self.person is None:
            self.ask_sign_in()
        self._core(lambda desk: desk.warm_up(), lambda _: None)
        self._core(lambda desk: desk.open_sync(), self.sync.attach)
        # On its own thread: it reads through its own connection (WAL lets the clerk
        # write meanwhile), and on a large file it takes seconds the first reception
        # of the day must not wait for.
        desk = self.desk
        self.backup_ops.run(desk.daily_backup, self._backed_up, self._backup_failed)

    def _backed_up(self, path: Path | None) -> None:
        if path is not None:
            self.statusBar().showMessage(tr("Đã sao lưu dữ liệu hôm nay."), 10_000)
        self.backup_done.emit(path)

    def _backup_failed(self, error: Exception) -> None:
        """Receiving goes on; the clerk is told the day has no backup yet."""
        self.start_notice.warn(message_of(error))
        self.backup_done.emit(None)

    def _start_failed(self, error: Exception) -> None:
        """The database did not open (locked, damaged, another counter's): say why, stay safe."""
        self.start_notice.failed(error)
        self.tabs.setEnabled(False)
        self.start_failed.emit(error)

    def _core(
        self,
        work: Callable[[Desk], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``work(desk)`` on the worker; results and errors come back on this thread."""
        desk, failed = self.desk, on_failure or self._failed
        if desk is None:
            failed(CounterError(tr("Dữ liệu của quầy đang được mở, xin thử lại sau giây lát.")))
            return
        self.ops.run(lambda: work(desk), on_success, failed)

    def _show_pending(self, count: int) -> None:
        self.pending.setText(f"{tr('Chờ gửi lên tỉnh')}: {count}")
        # Shown with it: after every action and sync, either may have changed.
        self._core(lambda desk: desk.ready_count(), self._show_ready, lambda _e: None)

    def _show_ready(self, count: int) -> None:
        self.ready_count.setText(f"{tr('Kết quả chờ trả')}: {count}")

    def _list_ready(self) -> None:
        self.open_lookup()
        self._core(lambda desk: desk.ready_results(), self.lookup.show_ready)

    # --- receiving ------------------------------------------------------------------------

    def _submit(self, request: ReceptionInput) -> None:
        def work(desk: Desk) -> tuple[ReceptionResult, Printed, int]:
            result, printed = desk.receive_and_render(request)
            return result, printed, desk.pending_events()

        self._core(work, self._received, self._rejected)

    def _received(self, done: tuple[ReceptionResult, Printed, int]) -> None:
        """Committed and rendered: show it at once, then rasterise and print."""
        result, printed, pending = done
        tz = self.settings.timezone
        detail = tr(result.status.label)
        if not no_appointment(result.status, result.appointment_at):  # not taken in: none
            detail += f" — {tr('hẹn trả')}: {moment(result.appointment_at, tz)}"
        self.strip.issued(printed, detail)
        self.pdf_ready.emit(printed)
        self._show_pending(pending)
        self.sync.poke()
        self._discard_draft()
        self.receive.clear()
        self.ops.run(
            lambda: rasterise(printed.pdf), lambda images: self.strip.send(printed, images)
        )

    def _known_applicant(self, id_number: str) -> None:
        """Look the ID number up on the worker; no answer (still opening, an error) is no offer."""
        self._core(
            lambda desk: desk.known_applicant(id_number),
            lambda known: self.receive.show_known(id_number, known),
            lambda _error: None,
        )

    def _rejected(self, error: Exception) -> None:
        self.receive.show_rejection(error)

    def _discard_draft(self) -> None:
        self.ops.run(self.drafts.delete, lambda _r: None)

    def new_dossier(self) -> None:
        """F2: a fresh Receive screen; what was typed goes only once the clerk says so."""
        self.tabs.setCurrentWidget(self.receive)
        if self.receive.has_input() and not self._confirm_discard():
            return
        self.receive.clear()
        self._discard_draft()

    def _confirm_discard(self) -> bool:
        applicant = self.receive.applicant.name.text().strip() or tr("(chưa ghi tên)")
        procedure = self.receive.draft()["procedure"] or tr("chưa chọn thủ tục")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("Bỏ hồ sơ đang nhập?"),
            tr(
                "Hồ sơ đang nhập ({applicant}, {procedure}) chưa được tiếp nhận. "
                "Bỏ những gì đã nhập để nhập hồ sơ mới?"
            ).format(applicant=applicant, procedure=procedure),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        discard = box.addButton(tr("Bỏ, nhập hồ sơ mới"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(tr("Tiếp tục nhập"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.confirm_opened.emit(box)
        box.exec()
        discarded = box.clickedButton() is discard
        box.deleteLater()
        return discarded

    # --- printing (ui/printing/strip.py) -------------------------------------------------

    @property
    def last(self) -> Printed | None:
        """The form printed last (the strip's)."""
        return self.strip.last

    def _open_sheet(self) -> DossierSheet | None:
        """The dossier open on the lookup screen, while that screen is shown."""
        return self.lookup.sheet if self.tabs.currentWidget() is self.lookup else None

    def _print_stop_notice(self, code: str, reason: str) -> None:
        clerk = self.acting()  # read here: the rendering runs on the worker thread
        self.strip.print(
            lambda desk: desk.render_form(code, Form.STOP, clerk, reason=reason),
            self._lookup_failed,
        )

    # --- lookup and return -------------------------------------------------------------------

    def open_lookup(self) -> None:
        self.tabs.setCurrentWidget(self.lookup)
        self.lookup.query.selectAll()
        self.lookup.query.setFocus()

    def _open_dossier(self, code: str) -> None:
        self.open_lookup()
        self.lookup.query.setText(code)
        self._lookup(code)

    # --- ledger ------------------------------------------------------------------------------

    def open_ledger(self) -> None:
        self.tabs.setCurrentWidget(self.ledger)
        self.ledger.request()

    def _ledger(self, spec: LedgerFilter) -> None:
        self._core(lambda desk: desk.ledger(spec), self.ledger.show_rows)

    def _print_ledger(self, spec: LedgerFilter) -> None:
        def work(desk: Desk) -> tuple[bytes, list[QImage]]:
            pdf = desk.ledger_pdf(
                spec.first,
                spec.last,
                status=spec.status,
                procedure_code=spec.procedure_code,
                overdue_at=spec.overdue_at,
            )
            return pdf, rasterise(pdf)

        def done(result: tuple[bytes, list[QImage]]) -> None:
            pdf, images = result
            job = PrintJob(
                pdf,
                images,
                ledger_file_name(spec),
                tr("Sổ theo dõi hồ sơ từ {first} đến {last}").format(
                    first=day(spec.first), last=day(spec.last)
                ),
                tr("In lại bằng nút «In sổ theo dõi» ở màn hình Sổ theo dõi (F4)."),
                self.settings.a4_printer,
            )
            if self.strip.output(job) is PrintOutcome.PRINTED:
                self.ledger_printed.emit(pdf, len(images))

        self._core(work, done, lambda error: self.ledger.show_error(message_of(error)))

    def _lookup(self, query: str) -> None:
        self._core(lambda desk: desk.lookup(query), self._found, self._lookup_failed)

    def _found(self, found: tuple[list[DossierSummary], DossierSheet | None]) -> None:
        rows, sheet = found
        self.lookup.show_results(rows, sheet)

    def _detail(self, code: str) -> None:
        self._core(lambda desk: desk.detail(code), self.lookup.show_detail, self._lookup_failed)

    def _lookup_failed(self, error: Exception) -> None:
        self.lookup.show_error(message_of(error))

    def _return_result(self, code: str, name: str, id_number: str) -> None:
        person = self.acting()  # read here: the work runs on the worker thread

        def work(desk: Desk) -> tuple[DossierSheet, int]:
            sheet = desk.return_result(code, name, id_number, person)
            return sheet, desk.pending_events()

        def done(result: tuple[DossierSheet, int]) -> None:
            self.lookup.show_detail(result[0])
            self._show_pending(result[1])
            self.returned.emit(code)
            self.sync.poke()

        self._core(work, done, self._lookup_failed)

    def _reschedule(self, code: str, new_date: datetime, reason: str) -> None:
        person = self.acting()
        self.strip.print(
            lambda desk: desk.reschedule_and_render(code, new_date, reason, person),
            self._lookup_failed,
        )
        self._detail(code)
        # Queued behind the reschedule on the serialized worker: its event is committed.
        self._core(lambda _desk: None, lambda _: self.sync.poke())

    # --- correcting a mistake: void, correct the applicant (ui/dossiers/corrections.py) ---

    def _corrections(self) -> Corrections:
        tz = self.settings.timezone
        corrections = Corrections(
            self,
            self.lookup,
            self._core,
            on_duty=self.acting,
            today=lambda: self.clock().astimezone(tz).date(),
            failed=self._lookup_failed,
        )
        corrections.recorded.connect(self._correction_recorded)
        corrections.corrected.connect(lambda done: self.strip.corrected(done.code))
        corrections.dialog_opened.connect(self.correction_dialog_opened)
        corrections.voided.connect(self.voided)
        corrections.corrected.connect(self.corrected)
        return corrections

    def _correction_recorded(self, code: str, pending: int, told: str) -> None:
        self.strip.forget(code)
        self._show_pending(pending)
        self.statusBar().showMessage(told, 60_000)
        self.sync.poke()

    def _reprint_original(self, code: str) -> None:
        sheet = self.lookup.sheet
        self.strip.print_form(code, original_form(sheet) if sheet else Form.RECEIPT)

    # --- errors and closing ----------------------------------------------------------------------

    def _failed(self, error: Exception) -> None:
        QMessageBox.warning(self, tr("Không thực hiện được"), message_of(error))

    def _bug(self, error: Exception) -> None:
        self.receive.set_busy(False)
        self.crash_guard.report(error)

    def save_draft(self) -> None:
        """Keep what is on the Receive screen: the next start offers it again."""
        draft = self.receive.draft()
        if draft.get("procedure") or any(draft["applicant"].get(k) for k in ("name", "id_number")):
            self.drafts.save(draft)

    def show_placed(self) -> None:
        """Open on the screen it fits, where the clerk left it last time."""
        if self.placement is None:
            self.show()
        else:
            self.placement.show(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.stop()
        if self.placement is not None:
            self.placement.save(self)
        self.receive.stop_drafts()
        self.sync.shutdown()
        self.ops.shutdown()  # let queued work (a draft save, a reception) finish first
        self.backup_ops.shutdown()  # a backup half written would only be thrown away
        self.save_draft()
        super().closeEvent(event)
