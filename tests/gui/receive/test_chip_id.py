"""The citizen's chip-ID card and receipts scanned on the Receive screen; returning applicants.

A keyboard-wedge scanner types what it reads as fast key events ending with Enter
into whatever widget has focus: ``wedge`` does the same (Vietnamese included), key
by key to the focused widget, through QTest (shortcut overrides and all).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core.forms.qr import qr_text
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.ui.app.main_window import MainWindow
from tests.gui.conftest import answer_confirmation, screenshot, type_text
from tests.helpers import applicant, reception

DUC = "022090001234||Nguyễn Văn Đức|01051990|Nam|Thôn Hải Tiến, đặc khu Cô Tô|15062021"
DAO = (
    "022300001111|197123456|Nguyễn Thị Đào|20082000|Nữ|Thôn Thanh Trì, đặc khu Cô Tô|"
    "01072024|Nguyễn Văn Lâm|Lê Thị Sen||"
)
ASCII_DUC = "022090001234||Nguyen Van Duc|01051990|Nam|Thon Hai Tien, dac khu Co To|15062021"
Press, Release = QTest.KeyAction.Press, QTest.KeyAction.Release
NO_MODIFIER, SHIFT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key_of(ch: str) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    if ch == "|":
        return Qt.Key.Key_Bar, SHIFT
    if ch.isascii() and ch.isalnum():
        return Qt.Key(ord(ch.upper())), SHIFT if ch.isupper() else NO_MODIFIER
    return Qt.Key.Key_unknown, NO_MODIFIER


ENDINGS = {  # a scanner's suffix, as configured
    "enter": (Qt.Key.Key_Return, "\r"),
    "linefeed": (Qt.Key.Key_unknown, "\n"),  # as xdotool's "\n" arrives under X
    "tab": (Qt.Key.Key_Tab, "\t"),
}


def wedge(text: str, ending: str = "enter") -> None:
    """What a USB scanner does: each character as a key press and release into the
    widget that has focus, then its suffix (Enter unless said otherwise; "none": none)."""
    for ch in text:
        key, modifier = key_of(ch)
        for action in (Press, Release):
            QTest.sendKeyEvent(action, focused(), key, ch, modifier)
    if ending in ENDINGS:
        key, end = ENDINGS[ending]
        for action in (Press, Release):
            QTest.sendKeyEvent(action, focused(), key, end, NO_MODIFIER)


class Keys:
    """The clerk's key presses, counted (a scan is not a key press)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot, self.count, self.scans = qtbot, 0, 0

    def type(self, text: str) -> None:
        type_text(focused(), text)
        self.count += len(text)

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
        self.qtbot.keyClick(focused(), key, modifier)
        self.count += 1

    def scan(self, text: str) -> None:
        wedge(text)
        self.scans += 1


def texts_on(widget: QWidget) -> list[str]:
    """What every text field of a screen holds."""
    lines = [w.text() for w in widget.findChildren(QLineEdit)]
    return lines + [w.toPlainText() for w in widget.findChildren(QPlainTextEdit)]


def applicant_on_screen(window: MainWindow) -> dict[str, str]:
    form = window.receive.applicant
    return {key: form.text_of(key) for key in ("name", "id_number", "birth_date", "sex",
                                               "phone", "email", "address")}  # fmt: skip


DUC_FIELDS = {
    "name": "Nguyễn Văn Đức",
    "id_number": "022090001234",
    "birth_date": "01/05/1990",
    "sex": "Nam",
    "phone": "",
    "email": "",
    "address": "Thôn Hải Tiến, đặc khu Cô Tô",
}


def focus(window: MainWindow, name: str, typed: str = "") -> QWidget:
    widget = window.receive.findChild(QWidget, name)
    assert widget is not None, name
    widget.setFocus()
    if typed:
        type_text(widget, typed)
    return widget


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("procedure_search", "khai"),
        ("name", "Nguyễn"),
        ("id_number", "0220"),  # begun by hand, then scanned
        ("phone", ""),
        ("address", "Thôn"),
        ("card_scan", ""),
        ("documents", ""),
        ("sets", ""),
        ("reason", "Thiếu tờ khai"),
        ("sex", ""),
    ],
)
def test_a_card_scanned_in_any_field_fills_the_applicant(
    qtbot: QtBot, open_window: Callable[[], MainWindow], field: str, typed: str
) -> None:
    window = open_window()
    view = window.receive
    focus(window, field, typed)
    before = {w.objectName(): w.text() for w in view.findChildren(QLineEdit) if w.objectName()}
    with qtbot.waitSignal(view.card_read, timeout=5_000):
        wedge(DUC)
    shown = applicant_on_screen(window)
    if field in ("name", "address"):
        shown[field] = DUC_FIELDS[field]  # the card's, not what was typed
    assert shown == DUC_FIELDS
    assert not any("|" in text for text in texts_on(window)), texts_on(window)
    assert focused() is view.applicant.phone  # the first field still empty
    assert view.applicant.scan_note.text() == "Đã đọc thẻ CCCD 022090001234, cấp ngày 15/06/2021."
    after = {w.objectName(): w.text() for w in view.findChildren(QLineEdit) if w.objectName()}
    untouched = set(before) - {"name", "id_number", "birth_date", "address"}
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    assert view.reason.toPlainText() == ("Thiếu tờ khai" if field == "reason" else "")
    assert view.sets.value() == 1
    assert not view.catcher.capturing


def test_f6_goes_to_the_scan_field_where_a_pasted_card_is_read(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    view = window.receive
    focus(window, "address", "Thôn")
    qtbot.keyClick(focused(), Qt.Key.Key_F6)
    assert focused() is view.applicant.scan
    view.applicant.scan.setText(DAO)  # pasted, say from a phone app's reading
    qtbot.keyClick(view.applicant.scan, Qt.Key.Key_Return)
    form = view.applicant
    assert (form.name.text(), form.text_of("sex"), form.birth.text()) == (
        "Nguyễn Thị Đào", "Nữ", "20/08/2000"
    )  # fmt: skip
    assert form.scan.text() == "" and form.address.text() == "Thôn Thanh Trì, đặc khu Cô Tô"


def test_a_card_that_cannot_be_read_is_explained_and_nothing_filled(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    form = window.receive.applicant
    focus(window, "name")
    wedge("022090001234||Nguyễn Văn Đức|31021990|Nam|Thôn Hải Tiến|")
    note = form.scan_note.text()
    assert note.startswith("Không đọc được mã QR trên thẻ CCCD: Ngày sinh: «31021990»")
    assert form.scan_note.isVisible() and "quét lại" in note
    assert set(applicant_on_screen(window).values()) == {""}
    assert not any("|" in text for text in texts_on(window))
    screenshot(window, "receive-card-unreadable")


def test_a_scanner_in_ascii_mode_is_pointed_out_before_anything_is_stored(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    window = open_window()
    view, form = window.receive, window.receive.applicant
    type_text(view.search, "khai sinh")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    wedge(ASCII_DUC)
    warning = form.scan_note.text()
    assert form.scan_note.isVisible() and "chế độ ASCII" in warning
    assert "UTF-8/Unicode" in warning  # and how to fix it
    assert focused() is form.name and form.name.selectedText() == "Nguyen Van Duc"
    screenshot(window, "receive-card-ascii")
    type_text(form.phone, "0912345678")
    view._tick_all_documents()
    view.accept_button.click()
    assert "không có dấu" in view.message.text()
    assert dossiers_of(services) == []  # not stored silently
    form.name.setFocus()
    qtbot.keyClick(form.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    phone_at = form.phone.mapTo(window, QPoint(0, 0)).y()
    type_text(form.name, "Nguyễn Văn Đức")  # typed over, with the accents
    assert form.scan_note.isVisible()  # the address is still as the scanner dropped it
    assert form.unaccented_pending()
    form.address.setFocus()
    qtbot.keyClick(form.address, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(form.address, "Thôn Hải Tiến, đặc khu Cô Tô")
    assert not form.scan_note.isVisible()  # both fixed: the warning goes
    QApplication.processEvents()
    assert form.phone.mapTo(window, QPoint(0, 0)).y() == phone_at  # and nothing moved
    with qtbot.waitSignal(window.printed, timeout=20_000):
        view.accept_button.click()
    assert dossiers_of(services) == [("Nguyễn Văn Đức", "Nam")]


def test_an_unaccented_name_true_to_the_card_is_taken_when_confirmed(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    window = open_window()
    view = window.receive
    type_text(view.search, "khai sinh")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    wedge(ASCII_DUC)
    view._tick_all_documents()
    view.accept_button.click()
    assert "bấm tiếp nhận lần nữa" in view.message.text()
    with qtbot.waitSignal(window.printed, timeout=20_000):
        view.accept_button.click()  # the clerk looked at the card: it is so
    assert dossiers_of(services) == [("Nguyen Van Duc", "Nam")]


def dossiers_of(services: Services) -> list[tuple[str, str | None]]:
    with services.db.read() as session:
        query = select(m.Applicant.name, m.Applicant.sex).join(m.Dossier).order_by(m.Dossier.id)
        return [(name, sex) for name, sex in session.execute(query)]


def test_a_receipt_scanned_on_the_receive_screen_opens_its_dossier(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    code = receive(services, reception()).code
    window = open_window()
    focus(window, "name", "Nguyễn")
    with qtbot.waitSignal(window.lookup.detail_shown, timeout=10_000) as shown:
        wedge(code)
    assert shown.args == [code]
    assert window.tabs.currentWidget() is window.lookup and code in window.lookup.info.text()
    assert window.receive.applicant.name.text() == "Nguyễn"  # the half-typed form is kept
    assert not any(code in text for text in texts_on(window.receive))


@pytest.mark.parametrize("field", ["procedure_search", "name", "address"])
def test_the_qr_code_of_a_paper_scanned_on_the_receive_screen_opens_its_dossier(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, field: str
) -> None:
    code = receive(services, reception()).code
    window = open_window()
    focus(window, field, "Thôn")
    paper = qr_text([("MaHoSo", code), ("TenGiayTo", "Giấy tiếp nhận hồ sơ"), ("MauSo", "01")])
    with qtbot.waitSignal(window.lookup.detail_shown, timeout=10_000) as shown:
        wedge(paper)
    assert shown.args == [code]
    assert window.tabs.currentWidget() is window.lookup
    on_screen = texts_on(window.receive)
    assert not any("QMC1" in text or code in text for text in on_screen)
    assert "Thôn" in on_screen  # what was typed before the scan stays


def test_a_paper_qr_cut_short_on_the_receive_screen_is_explained(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    focus(window, "name")
    wedge("QMC1|TenGiayTo=Giấy tiếp nhận")  # no dossier code: the scan was cut short
    form = window.receive.applicant
    assert form.scan_note.isVisible() and "không đọc được mã hồ sơ" in form.scan_note.text()
    assert window.tabs.currentWidget() is window.receive and form.name.text() == ""


def test_a_returning_applicant_is_offered_their_details_taken_with_one_key(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = reception(applicant=applicant(phone="0387654321"))
    first.applicant.email, first.applicant.sex = "duc@example.vn", "Nam"
    receive(services, first)
    threads: list[str] = []
    looked_up = Desk.known_applicant

    def spy(desk: Desk, id_number: str) -> object:
        threads.append(threading.current_thread().name)
        return looked_up(desk, id_number)

    monkeypatch.setattr(Desk, "known_applicant", spy)
    window = open_window()
    form = window.receive.applicant
    type_text(form.id_number, "022090001234")  # by hand this time
    qtbot.waitUntil(form.offer.isVisible, timeout=10_000)
    assert threads and threading.main_thread().name not in threads  # on the database worker
    text = form.offer_text.text()
    assert "lần gần nhất ngày 10/03/2026" in text
    for part in ("Nguyễn Văn Đức", "Nam", "0387654321", "duc@example.vn", "Thôn Hải Tiến"):
        assert part in text
    assert text.endswith(
        "F7 điền các ô còn trống: Họ và tên, Giới tính, Số điện thoại, Thư điện tử, Địa chỉ."
    )
    screenshot(window, "receive-returning")
    qtbot.keyClick(focused(), Qt.Key.Key_F7)
    assert applicant_on_screen(window) == DUC_FIELDS | {
        "birth_date": "",
        "phone": "0387654321",
        "email": "duc@example.vn",
    }
    assert not form.offer.isVisible()
    assert focused() is form.birth  # the first usual field still empty: none was stored


def test_an_offer_for_another_number_is_never_shown(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    receive(services, reception())
    window = open_window()
    form = window.receive.applicant
    type_text(form.id_number, "022090001234")
    qtbot.waitUntil(form.offer.isVisible, timeout=10_000)
    qtbot.keyClick(form.id_number, Qt.Key.Key_Backspace)  # the number changes: the offer goes
    assert not form.offer.isVisible()
    qtbot.keyClick(form.id_number, Qt.Key.Key_F7)
    assert form.name.text() == ""
    # An answer that arrives for a number no longer in the form is dropped.
    known = Desk(services).known_applicant("022090001234")
    window.receive.show_known("022090001234", known)
    assert not form.offer.isVisible()


def test_scan_accept_next_citizen_nothing_carries_over_and_few_keys(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """Three citizens in a row as a clerk serves them: Đức (new), Đào (new), Đức again.

    Keys are counted from the procedure search to the printed receipt: a new citizen
    with a scan takes ≤ 25 keys, a returning one ≤ 15."""
    window = open_window()
    view, form = window.receive, window.receive.applicant

    def serve(card: str, returning: bool, phone: str = "") -> Keys:
        keys = Keys(qtbot)
        assert focused() is view.search
        keys.type("khai sinh")
        keys.press(Qt.Key.Key_Return)
        keys.scan(card)
        if returning:
            qtbot.waitUntil(form.offer.isVisible, timeout=10_000)
            keys.press(Qt.Key.Key_F7)
        else:
            assert focused() is form.phone
            keys.type(phone)
            keys.press(Qt.Key.Key_Return)
        assert focused() is view.documents.checklist
        keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        with qtbot.waitSignal(window.printed, timeout=20_000):
            keys.press(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        return keys

    duc = serve(DUC, returning=False, phone="0912345678")
    assert (duc.count, duc.scans) == (23, 1) and duc.count <= 25
    # The next citizen: nothing of Đức's is left anywhere, before or after her scan.
    assert set(applicant_on_screen(window).values()) == {""}
    assert not form.offer.isVisible() and not form.scan_note.isVisible()
    type_text(view.search, "khai sinh")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    wedge(DAO)
    assert applicant_on_screen(window) == {
        "name": "Nguyễn Thị Đào",
        "id_number": "022300001111",
        "birth_date": "20/08/2000",
        "sex": "Nữ",
        "phone": "",
        "email": "",
        "address": "Thôn Thanh Trì, đặc khu Cô Tô",
    }
    screenshot(window, "receive-card-next-citizen")
    asked: list[str] = []
    answer_confirmation(window, "Bỏ, nhập hồ sơ mới", asked)
    qtbot.keyClick(view.search, Qt.Key.Key_F2)  # she changes her mind: start afresh
    assert len(asked) == 1 and "Nguyễn Thị Đào" in asked[0]
    window.activateWindow()  # back from the question, the cursor in the procedure search
    qtbot.waitUntil(view.search.hasFocus, timeout=5_000)
    returning = serve(DUC, returning=True)
    assert (returning.count, returning.scans) == (13, 1) and returning.count <= 15
    with services.db.read() as session:
        rows = session.execute(
            select(m.Applicant.name, m.Applicant.sex, m.Applicant.phone, m.Dossier.applicant_id)
            .join(m.Dossier)
            .order_by(m.Dossier.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("Nguyễn Văn Đức", "Nam", "0912345678", 1),
        ("Nguyễn Văn Đức", "Nam", "0912345678", 1),  # the same details: the same row
    ]


def test_a_second_card_scanned_over_a_half_filled_form_replaces_the_person(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    receive(services, reception())  # Đức is known: his offer will show
    window = open_window()
    form = window.receive.applicant
    focus(window, "name")
    wedge(DUC)
    qtbot.waitUntil(form.offer.isVisible, timeout=10_000)
    assert form.offer_text.text().endswith("F7 điền các ô còn trống: Số điện thoại.")
    type_text(form.phone, "0912345678")
    type_text(form.email, "duc@example.vn")
    wedge(DAO)  # the wrong card was read first: the other person's details all go
    assert applicant_on_screen(window)["phone"] == ""
    assert applicant_on_screen(window)["email"] == ""
    assert form.name.text() == "Nguyễn Thị Đào" and not form.offer.isVisible()
    assert focused() is form.phone


def test_the_card_wins_over_stored_details_that_differ(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    earlier = reception()
    earlier.applicant.birth_date = date(1990, 3, 12)  # typed wrong last time
    receive(services, earlier)
    window = open_window()
    form = window.receive.applicant
    focus(window, "procedure_search")
    wedge(DUC)
    qtbot.waitUntil(form.offer.isVisible, timeout=10_000)
    assert form.offer_text.text().endswith(
        "F7 điền các ô còn trống: Số điện thoại.\nKhác với ô đang ghi (giữ nguyên): Ngày sinh."
    )
    qtbot.keyClick(focused(), Qt.Key.Key_F7)
    assert (form.birth.text(), form.phone.text()) == ("01/05/1990", "0912345678")


@pytest.mark.parametrize("ending", ["linefeed", "tab", "none"])
def test_whatever_suffix_the_scanner_sends(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, ending: str
) -> None:
    code = receive(services, reception()).code
    window = open_window()
    view = window.receive
    focus(window, "name")
    if ending == "none":  # read once the keys stop coming
        with qtbot.waitSignal(view.card_read, timeout=5_000):
            wedge(DUC, ending)
    else:  # read at the suffix, at once
        wedge(DUC, ending)
    assert applicant_on_screen(window) == DUC_FIELDS
    assert not any("|" in text for text in texts_on(window))
    if ending != "none":  # a receipt code ends with its suffix, or it is typing
        focus(window, "email", "duc@")
        with qtbot.waitSignal(window.lookup.detail_shown, timeout=10_000):
            wedge(code, ending)
        assert view.applicant.email.text() == "duc@"


def test_a_new_dossier_leaves_no_message_from_the_field_it_left(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    form = window.receive.applicant
    focus(window, "name")
    wedge(DUC)
    focus(window, "name", " Nguyễn")  # typed: leaving the field checks it
    answer_confirmation(window, "Bỏ, nhập hồ sơ mới", [])
    qtbot.keyClick(form.name, Qt.Key.Key_F2)
    window.activateWindow()  # back from the question, the cursor in the procedure search
    qtbot.waitUntil(window.receive.search.hasFocus, timeout=5_000)
    assert set(applicant_on_screen(window).values()) == {""}
    assert not any(message.isVisible() for message in form.messages.values())
    assert not form.scan_note.isVisible() and not form.offer.isVisible()
    assert focused() is window.receive.search


def test_an_ascii_mode_scan_of_a_returning_applicant_gets_the_accents_back_with_f7(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    receive(services, reception())  # Đức came before, his name typed with its accents
    window = open_window()
    view, form = window.receive, window.receive.applicant
    type_text(view.search, "khai sinh")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    wedge(ASCII_DUC)
    qtbot.waitUntil(form.offer.isVisible, timeout=10_000)
    assert form.offer_text.text().split("\n")[1:] == [
        "F7 điền các ô còn trống: Số điện thoại.",
        "F7 thêm dấu theo hồ sơ đã lưu: Họ và tên, Địa chỉ.",
    ]
    qtbot.keyClick(focused(), Qt.Key.Key_F7)
    assert (form.name.text(), form.address.text()) == (
        "Nguyễn Văn Đức", "Thôn Hải Tiến, đặc khu Cô Tô"
    )  # fmt: skip
    assert not form.scan_note.isVisible() and not form.unaccented_pending()
    assert focused() is view.documents.checklist
    view._tick_all_documents()
    with qtbot.waitSignal(window.printed, timeout=20_000):
        view.accept_button.click()  # no second press needed: the name is right
    assert dossiers_of(services)[-1] == ("Nguyễn Văn Đức", "Nam")


def test_a_restored_draft_gets_its_offer_and_keeps_the_sex(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    receive(services, reception())
    window = open_window()
    focus(window, "name")
    wedge(DUC)
    window.close()  # the draft keeps what was read
    reopened = open_window()
    form = reopened.receive.applicant
    assert form.text_of("sex") == "Nam" and form.name.text() == "Nguyễn Văn Đức"
    qtbot.waitUntil(form.offer.isVisible, timeout=10_000)
    assert form.offer_text.text().endswith("F7 điền các ô còn trống: Số điện thoại.")
