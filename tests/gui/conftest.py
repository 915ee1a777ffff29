"""GUI test fixtures: the real main window over a real migrated database."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from counter_app.core import settings as settings_file
from counter_app.core.drafts import DraftStore
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.ui.app.gc_guard import GuiThreadGarbageCollector
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.operations import Operations
from counter_app.ui.printing.printing import PrintDesk

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, Vietnamese included, as key events (keyClicks aborts on non-ASCII)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def press(
    qtbot: QtBot,
    widget: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(widget, key, modifier)


class PdfPrinters:
    """Real QPrinters that print into PDF files instead of onto paper."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []
        self.names: list[str] = []  # the printer asked for, each time ("" for the default)
        self._numbers = itertools.count(1)

    def __call__(self, name: str = "") -> QPrinter:
        self.names.append(name)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = self.folder / f"printed-{next(self._numbers)}.pdf"
        printer.setOutputFileName(str(path))
        self.files.append(path)
        return printer


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As the app does: the worker thread must never run the garbage collector."""
    collector = GuiThreadGarbageCollector(qapp)
    collector.start()
    yield
    gc.collect()  # here, on the GUI thread, with this test's windows closed
    collector.stop()


@pytest.fixture
def printers(tmp_path: Path) -> PdfPrinters:
    return PdfPrinters(tmp_path)


@pytest.fixture
def drafts(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "draft-receive.json")


@pytest.fixture
def open_window(
    qtbot: QtBot, services: Services, drafts: DraftStore, printers: PdfPrinters
) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []
    unanswered: list[str] = []

    settings_path = drafts.path.parent / "settings.toml"
    settings_file.save(services.settings, settings_path)

    def make() -> MainWindow:
        window = MainWindow(
            services.settings,
            services.clock,
            Operations("database"),
            drafts,
            open_desk=lambda: Desk(services),
            print_desk_factory=lambda parent: PrintDesk(parent, printers),
            settings_path=settings_path,
        )
        qtbot.addWidget(window)
        window.confirm_opened.connect(lambda box: refuse_unanswered(window, box, unanswered))
        with qtbot.waitSignal(window.ready, timeout=10_000):
            window.resize(1280, 800)
            window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.ops.shutdown()
    assert not unanswered, f"the window asked and the test did not answer: {unanswered}"


def screenshot(widget: QWidget, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    widget.grab().save(str(path))
    return path


def answer_confirmation(window: MainWindow, button: str, seen: list[str]) -> None:
    """Answer the window's next question by the button's text, noting what it asked."""

    def answer(box: QMessageBox) -> None:
        seen.append(box.text())
        [chosen] = [b for b in box.buttons() if b.text() == button]
        QTimer.singleShot(0, chosen.click)

    window.confirm_opened.connect(answer)


def refuse_unanswered(window: MainWindow, box: QMessageBox, unanswered: list[str]) -> None:
    """A question no test answers would wait for a person forever: close it, fail the test."""
    if window.receivers(SIGNAL("confirm_opened(PyObject)")) == 1:  # only this guard
        unanswered.append(box.text())
        QTimer.singleShot(0, box.reject)
