"""Starting the GUI: the Qt application, the window, then the database behind it.

The window is built from the settings file alone and painted first; the database
layer (SQLAlchemy, migrations, catalog) loads on the worker thread meanwhile.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QObject, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.core import settings as settings_file
from counter_app.core.drafts import DraftStore
from counter_app.core.errors import CounterError
from counter_app.core.logs import LOG_FILE
from counter_app.core.resources import resource
from counter_app.core.services.context import Clock, system_clock
from counter_app.core.settings import Settings
from counter_app.demo_settings import ensure_demo_settings
from counter_app.instance import instance_lock
from counter_app.paths import AppPaths
from counter_app.ui.app.crash import CrashGuard
from counter_app.ui.app.gc_guard import GuiThreadGarbageCollector
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.operations import Operations
from counter_app.ui.app.placement import FILE_NAME as PLACEMENT_FILE
from counter_app.ui.app.placement import WindowPlacement
from counter_app.ui.app.watchdog import StallWatchdog
from counter_app.ui.widgets.formatting import tr

if TYPE_CHECKING:
    from counter_app.core.services.desk import Desk

DRAFT_FILE = "draft-receive.json"


def build_window(
    settings: Settings,
    paths: AppPaths,
    clock: Clock = system_clock,
    *,
    demo: bool = False,
    crash_guard: CrashGuard | None = None,
    sign_in: bool = False,
) -> MainWindow:
    def open_desk() -> Desk:
        from counter_app.app import open_desk  # noqa: PLC0415 (on the worker, after painting)

        return open_desk(paths, settings, clock, demo=demo)

    ops = Operations("database")
    window = MainWindow(
        settings,
        clock,
        ops,
        DraftStore(paths.data_dir / DRAFT_FILE),
        open_desk=open_desk,
        settings_path=paths.settings_file,
        crash_guard=crash_guard,
        placement=WindowPlacement(paths.settings_file.parent / PLACEMENT_FILE),
        paths=paths,
        sign_in=sign_in,
    )
    ops.setParent(window)
    return window


def install_language(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Qt's own texts (standard buttons, file and print dialogs) and the program's, in
    ``language``; the translators installed (a test removes them again).

    Vietnamese is the program's source language and English Qt's: each needs only the
    other's translation. Qt ships no Vietnamese, so the project's ``qtbase_vi.qm`` is
    used unless Qt's own translations have one.
    """
    log = logging.getLogger("counter_app.ui")
    installed: list[QTranslator] = []
    if language != "en":
        qt = QTranslator(app)
        folders = (
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            str(resource("translations")),
        )
        if any(qt.load(f"qtbase_{language}", folder) for folder in folders):
            app.installTranslator(qt)
            installed.append(qt)
        else:
            log.warning("no Qt translation for %s", language)
    if language != "vi":
        own = QTranslator(app)
        if own.load(str(resource("translations", f"counter_app_{language}.qm"))):
            app.installTranslator(own)
            installed.append(own)
        else:
            log.warning("no translation for %s", language)
    return installed


def load_settings(paths: AppPaths, *, demo: bool) -> Settings | None:
    """The settings file, or None after telling the user what is wrong with it."""
    try:
        if demo:
            ensure_demo_settings(paths)
        return settings_file.load(paths.settings_file)
    except CounterError as error:
        QMessageBox.critical(None, tr("Chưa có cấu hình của quầy"), error.message)
        return None


def run_gui(paths: AppPaths, *, demo: bool = False, quit_when_ready: float | None = None) -> int:
    """The counter's window until it is closed; the exit code.

    ``quit_when_ready``: open the window, load the database, print READY, then close
    that many seconds later (exit 0), or exit 1 if the data cannot be opened: the
    start-up check for installers and CI, and the benchmarks' idle window.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Quầy Một Cửa")
    app.setWindowIcon(QIcon(str(resource("icons", "counter-app.png"))))
    guard = CrashGuard(paths.logs, paths.logs / LOG_FILE)
    guard.install()
    try:
        code = _run(app, paths, guard, demo=demo, quit_when_ready=quit_when_ready)
    finally:
        guard.uninstall()
    return code


def _run(
    app: QApplication,
    paths: AppPaths,
    guard: CrashGuard,
    *,
    demo: bool,
    quit_when_ready: float | None,
) -> int:
    early = install_language(app, "vi")  # what is said before the settings are read
    lock = instance_lock(paths)
    if lock is None:
        QMessageBox.information(
            None,
            tr("Chương trình đang mở"),
            tr(
                "Quầy Một Cửa đang chạy trên máy này với cùng dữ liệu. Hãy dùng cửa sổ "
                "đang mở (xem trên thanh tác vụ); nếu vừa đóng, xin chờ vài giây rồi mở lại."
            ),
        )
        return 1
    settings = load_settings(paths, demo=demo)
    if settings is None:
        return 1
    if settings.language != "vi":
        for translator in early:
            app.removeTranslator(translator)
        install_language(app, settings.language)
    collector = GuiThreadGarbageCollector(app)
    collector.start()
    window = build_window(settings, paths, demo=demo, crash_guard=guard, sign_in=True)
    if os.environ.get("COUNTER_APP_WATCHDOG"):
        logging.basicConfig(level=logging.INFO)
        watchdog = StallWatchdog(parent=window)
        watchdog.start()
    if quit_when_ready is not None:
        delay_ms = int(quit_when_ready * 1000)
        first_paint = FirstPaint(window)
        window.installEventFilter(first_paint)
        window.ready.connect(lambda: _announce_ready(window, delay_ms))
        window.start_failed.connect(lambda error: app.exit(1))
    window.show_placed()
    code = app.exec()
    if window.isVisible():  # app.exit() with the window open: save the draft, finish work
        window.close()
    # Tear Qt objects down here, on the GUI thread, not during interpreter shutdown.
    window.deleteLater()
    app.processEvents()
    collector.stop()
    gc.collect()
    lock.unlock()
    return code


def _say(event: str) -> None:
    print(f"{event} {time.time():.3f}", flush=True)


class FirstPaint(QObject):
    """Says PAINTED once the window has been drawn for the first time (start-up timing)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: _say("PAINTED"))  # after this paint completes
        return False


def _announce_ready(window: MainWindow, delay_ms: int) -> None:
    _say("READY")
    QTimer.singleShot(delay_ms, window.close)
