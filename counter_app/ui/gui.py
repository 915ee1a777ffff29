"""Starting the GUI: the Qt application and the window, built from ready services."""

from __future__ import annotations

import gc
import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from counter_app.app import AppPaths
from counter_app.core.drafts import DraftStore
from counter_app.core.resources import resource
from counter_app.core.services.context import Services
from counter_app.ui.gc_guard import GuiThreadGarbageCollector
from counter_app.ui.main_window import MainWindow
from counter_app.ui.operations import Operations
from counter_app.ui.watchdog import StallWatchdog

DRAFT_FILE = "draft-receive.json"


def build_window(services: Services, paths: AppPaths) -> MainWindow:
    ops = Operations("database")
    window = MainWindow(
        services, ops, DraftStore(paths.data_dir / DRAFT_FILE), settings_path=paths.settings_file
    )
    ops.setParent(window)
    return window


def install_language(app: QCoreApplication, language: str) -> QTranslator | None:
    """Vietnamese is the source language; any other needs its compiled translation."""
    if language == "vi":
        return None
    translator = QTranslator(app)
    if not translator.load(str(resource("translations", f"counter_app_{language}.qm"))):
        logging.getLogger("counter_app.ui").warning("no translation for %s", language)
        return None
    app.installTranslator(translator)
    return translator


def run_gui(services: Services, paths: AppPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Quầy Một Cửa")
    install_language(app, services.settings.language)
    collector = GuiThreadGarbageCollector(app)
    collector.start()
    window = build_window(services, paths)
    if os.environ.get("COUNTER_APP_WATCHDOG"):
        logging.basicConfig(level=logging.INFO)
        watchdog = StallWatchdog(parent=window)
        watchdog.start()
    window.resize(1280, 800)
    window.show()
    code = app.exec()
    # Tear Qt objects down here, on the GUI thread, not during interpreter shutdown.
    window.deleteLater()
    app.processEvents()
    collector.stop()
    gc.collect()
    return code
