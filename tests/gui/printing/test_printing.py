"""Printing as a counter has it: a receipt printer (80 mm roll), an A4 printer, or none."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from counter_app.core.forms.paper import Paper
from counter_app.core.services.context import Services
from counter_app.core.store.engine import Database
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.printing.printing import documents_folder
from tests.conftest import FakeClock, make_settings
from tests.gui.conftest import PdfPrinters, screenshot
from tests.gui.receive.test_receive import fill_birth_registration, tick_all_documents
from tests.pdf_tools import pdf_text

RECEIPT_PRINTER = "XP-80 (quầy 1)"
A4_PRINTER = "HP LaserJet A4"
MM = 72 / 25.4  # PDF points in a millimetre


@pytest.fixture
def services(db: Database, clock: FakeClock) -> Services:
    """A counter with a receipt printer on an 80 mm roll, and an A4 printer."""
    settings = replace(
        make_settings(),
        paper=Paper.RECEIPT_80,
        receipt_printer=RECEIPT_PRINTER,
        a4_printer=A4_PRINTER,
    )
    return Services(db, settings, clock)


@pytest.fixture(autouse=True)
def no_dialog_left_open(qapp: QApplication) -> Iterator[None]:
    """A dialog nobody answers would block the test forever: close it after 20 s."""

    def close_modal() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()

    timer = QTimer()
    timer.setInterval(20_000)
    timer.timeout.connect(close_modal)
    timer.start()
    yield
    timer.stop()


def seen(dialog: QWidget) -> str:
    """What the dialog says, read while it is open (it is deleted once answered)."""
    if isinstance(dialog, QMessageBox):
        buttons = sorted(b.text() for b in dialog.buttons())
        return f"{dialog.text()}|{'/'.join(buttons)}"
    if isinstance(dialog, QPrintDialog):
        return f"print dialog|{dialog.printer().docName()}"
    if isinstance(dialog, QFileDialog):
        return f"file dialog|{Path(dialog.selectedFiles()[0]).name}"
    return type(dialog).__name__


def without_printer(window: MainWindow, installed: list[str]) -> list[str]:
    """No printer answers; ``installed`` are the printers the system lists. The dialogs seen."""
    window.print_desk.printer_factory = lambda _name: None
    window.print_desk.printers = lambda: installed
    shown: list[str] = []
    window.print_desk.dialog_opened.connect(lambda dialog: shown.append(seen(dialog)))
    return shown


def answer(dialog: QWidget, action: Callable[[], object]) -> None:
    QTimer.singleShot(0, action)


def click(box: QMessageBox, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text() == text]
    answer(box, button.click)


def receive_one(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()  # back from a dialog
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.receive.search.setFocus()
    fill_birth_registration(qtbot, window)
    tick_all_documents(qtbot, window)
    window.receive.accept_button.click()


def test_without_any_printer_each_receipt_can_be_saved_as_its_own_pdf(
    qtbot: QtBot, open_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    window.settings = replace(window.settings, receipt_printer="")  # the system's default
    shown = without_printer(window, installed=[])
    suggested: list[str] = []

    def respond(dialog: QWidget) -> None:
        if isinstance(dialog, QMessageBox):
            screenshot(dialog, "no-printer")
            click(dialog, "Lưu thành tệp PDF…")
        elif isinstance(dialog, QFileDialog):
            suggested.append(Path(dialog.selectedFiles()[0]).name)

            def save_here() -> None:
                dialog.setDirectory(str(tmp_path))
                dialog.selectFile(suggested[-1])
                dialog.accept()

            answer(dialog, save_here)

    window.print_desk.dialog_opened.connect(respond)
    codes, files = [], []
    for _ in range(2):
        with qtbot.waitSignal(window.pdf_saved, timeout=20_000) as saved:
            receive_one(qtbot, window)
        codes.append(window.result.code.text())
        files.append(saved.args[0])
    text, buttons = shown[0].split("|")
    assert text.startswith("Máy tính này chưa cài đặt máy in nào.")
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)" in text and "chưa được in" in text
    assert buttons == "Không in/Lưu thành tệp PDF…"
    assert suggested == [f"{code}-giay-tiep-nhan.pdf" for code in codes]  # never one fixed name
    assert [f.name for f in files] == suggested and files[0] != files[1]
    for code, file in zip(codes, files, strict=True):
        assert code in pdf_text(file.read_bytes())[0]
    assert str(files[1]) in window.statusBar().currentMessage()


def test_a_printer_that_is_gone_is_named_and_not_printing_says_where_to_print_again(
    qtbot: QtBot, open_window: Callable[[], MainWindow], printers: PdfPrinters
) -> None:
    window = open_window()
    shown = without_printer(window, installed=[A4_PRINTER])
    window.print_desk.dialog_opened.connect(
        lambda box: click(box, "Không in") if isinstance(box, QMessageBox) else None
    )
    with qtbot.waitSignal(window.not_printed, timeout=20_000) as missed:
        receive_one(qtbot, window)
    text, buttons = shown[0].split("|")
    assert text.startswith(f"Không tìm thấy máy in «{RECEIPT_PRINTER}» đã chọn trong Cài đặt")
    assert buttons == "Chọn máy in…/Không in/Lưu thành tệp PDF…"
    code = window.result.code.text()
    note = missed.args[0]
    assert note.startswith(
        f"Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01), hồ sơ {code}, chưa được in."
    )
    assert "«In lại»" in note and "Tra cứu (F3)" in note
    assert window.statusBar().currentMessage() == note
    # The printer is back: «In lại» prints it.
    window.print_desk.printer_factory = printers
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        window.result.print_button.click()
    assert printed.args[0].code == code
    # Its first paper: dated today, not marked as a reprint of a paper nobody got.
    assert not printed.args[0].reprint
    assert "Bản in lại" not in " ".join(pdf_text(printed.args[0].pdf))


def test_choosing_a_printer_opens_the_print_dialog_and_cancelling_it_says_so(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    shown = without_printer(window, installed=[A4_PRINTER])

    def respond(dialog: QWidget) -> None:
        if isinstance(dialog, QMessageBox):
            click(dialog, "Chọn máy in…")
        elif isinstance(dialog, QPrintDialog):
            answer(dialog, dialog.reject)

    window.print_desk.dialog_opened.connect(respond)
    with qtbot.waitSignal(window.not_printed, timeout=20_000) as missed:
        receive_one(qtbot, window)
    assert shown[1] == f"print dialog|{window.result.code.text()}-giay-tiep-nhan"
    assert "chưa được in" in missed.args[0]


def test_receipts_go_to_the_receipt_printer_on_its_roll_other_forms_to_the_a4_printer(
    qtbot: QtBot, open_window: Callable[[], MainWindow], printers: PdfPrinters
) -> None:
    window = open_window()
    with qtbot.waitSignal(window.printed, timeout=20_000):
        receive_one(qtbot, window)
    assert printers.names[-1] == RECEIPT_PRINTER
    roll = PdfReader(printers.files[-1]).pages[0].mediabox
    assert round(float(roll.width) / MM) == 80  # the 80 mm roll, not A4
    code = window.result.code.text()
    window.lookup.query.setText(code)
    window.lookup.lookup_requested.emit(code)
    qtbot.waitUntil(lambda: window.lookup.sheet is not None, timeout=10_000)
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        window.lookup.control_button.click()
    assert printed.args[0].code == code and printers.names[-1] == A4_PRINTER
    slip = PdfReader(printers.files[-1]).pages[0].mediabox
    assert (round(float(slip.width) / MM), round(float(slip.height) / MM)) == (210, 297)
    with qtbot.waitSignal(window.ledger_printed, timeout=20_000):
        window.ledger.print_button.click()
    assert printers.names[-1] == A4_PRINTER
    ledger = PdfReader(printers.files[-1]).pages[0].mediabox
    assert (round(float(ledger.width) / MM), round(float(ledger.height) / MM)) == (297, 210)


def test_a_saved_pdf_is_first_offered_a_folder_that_exists(qtbot: QtBot) -> None:
    """On a PC without a Documents folder the dialog must not open in the program's folder."""
    assert documents_folder().is_dir()
