"""A clerk's receptions, typed through the real widgets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from counter_app.core.drafts import DraftStore
from counter_app.core.services import desk as desk_module
from counter_app.core.services.context import Services
from counter_app.core.store import models as m
from counter_app.core.store.codes_repo import skip_through
from counter_app.core.sync.status import CycleReport
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.sync.sync_controller import Outcome
from tests.conftest import FakeClock
from tests.gui.conftest import PdfPrinters, answer_confirmation, press, screenshot, type_text
from tests.pdf_tools import pdf_text

NAME = "Nguyễn Văn Đức"


def fill_birth_registration(qtbot: QtBot, window: MainWindow, phone: str = "0912345678") -> None:
    view = window.receive
    type_text(view.search, "khai sinh")
    assert view.model.info(0) is not None and view.model.info(0).code == "1.001193"  # type: ignore[union-attr]
    press(qtbot, view.search, Qt.Key.Key_Return)
    assert view.applicant.name.hasFocus()
    type_text(view.applicant.name, NAME)
    type_text(view.applicant.id_number, "022090001234")
    type_text(view.applicant.phone, phone)
    type_text(view.applicant.address, "Thôn Hải Tiến, đặc khu Cô Tô")


def tick_all_documents(qtbot: QtBot, window: MainWindow) -> None:
    checklist = window.receive.documents.checklist
    checklist.setFocus()
    for row in range(checklist.count()):
        checklist.setCurrentRow(row)
        press(qtbot, checklist, Qt.Key.Key_Space)
        assert checklist.item(row).checkState() == Qt.CheckState.Checked


def dossiers(services: Services) -> list[tuple[str, str, int]]:
    with services.db.read() as session:
        rows = session.execute(
            select(m.Dossier.code, m.Applicant.name, m.Dossier.status).join(m.Applicant)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_full_reception_prints_a_receipt(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    services: Services,
    printers: PdfPrinters,
    barcode_reader: Callable[[bytes], list[str]],
) -> None:
    window = open_window()
    fill_birth_registration(qtbot, window)
    tick_all_documents(qtbot, window)
    assert window.receive.appointment.text() == "17:00 Thứ Ba 10/03/2026"
    assert window.receive.fee.text().startswith("Miễn phí")
    screenshot(window, "receive-filled")
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        press(
            qtbot,
            window.receive.applicant.address,
            Qt.Key.Key_P,
            Qt.KeyboardModifier.ControlModifier,
        )
    [(code, name, status)] = dossiers(services)
    assert (name, status) == (NAME, 2)
    receipt = printed.args[0]
    assert receipt.code == code and not receipt.reprint
    text = pdf_text(receipt.pdf)[0]
    assert code in text and NAME in text and "17 giờ 00 phút, ngày 10 tháng 03 năm 2026" in text
    assert printers.files and printers.files[0].stat().st_size > 10_000  # went through QPrinter
    assert code in barcode_reader(printers.files[0].read_bytes())
    assert window.result.code.text() == code
    assert window.receive.applicant.name.text() == ""  # ready for the next citizen
    screenshot(window, "receive-done")


def test_invalid_input_is_explained_and_kept(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    window = open_window()
    fill_birth_registration(qtbot, window, phone="0112345678")
    tick_all_documents(qtbot, window)
    form = window.receive.applicant
    form.address.setFocus()  # leaving the phone field checks it
    assert form.messages["phone"].isVisible()
    assert "Đầu số 011" in form.messages["phone"].text()
    window.receive.accept_button.click()
    assert "chưa hợp lệ" in window.receive.message.text()
    assert dossiers(services) == []
    assert form.phone.text() == "0112345678" and form.name.text() == NAME  # nothing lost
    screenshot(window, "receive-invalid")
    form.phone.clear()
    type_text(form.phone, "0912345678")
    assert not form.messages["phone"].isVisible()  # the message goes as soon as it is fixed


def test_supplement_lists_missing_documents(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    window = open_window()
    fill_birth_registration(qtbot, window)
    window.receive.accept_button.click()  # nothing ticked: accepting is refused
    assert "Còn giấy tờ bắt buộc chưa nhận" in window.receive.message.text()
    type_text(window.receive.reason, "Thiếu giấy chứng sinh bản chính")
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        window.receive.supplement_button.click()
    [(_, _, status)] = dossiers(services)
    assert status == 5
    text = " ".join(pdf_text(printed.args[0].pdf))
    assert "PHIẾU YÊU CẦU BỔ SUNG" in text and "Giấy chứng sinh" in text
    assert window.result.detail.text() == "Yêu cầu bổ sung giấy tờ"  # not taken in: no hẹn trả


def test_refusal_needs_a_reason(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    window = open_window()
    fill_birth_registration(qtbot, window)
    window.receive.refuse_button.click()
    assert "lý do" in window.receive.message.text()
    type_text(window.receive.reason, "Không thuộc thẩm quyền của xã")
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        window.receive.refuse_button.click()
    assert dossiers(services)[0][2] == 3
    assert "PHIẾU TỪ CHỐI" in pdf_text(printed.args[0].pdf)[0]
    assert window.result.detail.text() == "Không được tiếp nhận"  # not taken in: no hẹn trả


def test_reprint_is_logged_as_a_reprint(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    window = open_window()
    fill_birth_registration(qtbot, window)
    tick_all_documents(qtbot, window)
    with qtbot.waitSignal(window.printed, timeout=20_000):
        window.receive.accept_button.click()
    with qtbot.waitSignal(window.printed, timeout=20_000) as again:
        window.result.print_button.click()
    assert again.args[0].reprint
    assert (
        window.result.detail.text() == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01) — in lại"
    )
    with services.db.read() as session:
        assert session.scalars(select(m.PrintRecord.reprint)).all() == [False, True]


def test_unfinished_input_survives_closing_the_window(
    qtbot: QtBot, open_window: Callable[[], MainWindow], drafts: DraftStore
) -> None:
    window = open_window()
    fill_birth_registration(qtbot, window)
    window.close()
    assert drafts.load() is not None
    reopened = open_window()
    assert reopened.receive.applicant.name.text() == NAME
    assert reopened.receive.chosen.text().startswith("<b>1.001193</b>")
    answer_confirmation(reopened, "Bỏ, nhập hồ sơ mới", [])
    press(qtbot, reopened, Qt.Key.Key_F2)  # new dossier: the draft is dropped, once confirmed
    assert reopened.receive.applicant.name.text() == ""
    qtbot.waitUntil(lambda: drafts.load() is None, timeout=5_000)


def test_an_emoji_in_the_name_is_explained_beside_it_and_kept(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    window = open_window()
    fill_birth_registration(qtbot, window)
    tick_all_documents(qtbot, window)
    form = window.receive.applicant
    type_text(form.name, " 😀")
    form.address.setFocus()  # leaving the name checks it
    assert form.messages["name"].isVisible()
    message = form.messages["name"].text()
    assert message.startswith("Có biểu tượng cảm xúc") and "U+1F600" in message
    window.receive.accept_button.click()
    assert "chưa hợp lệ" in window.receive.message.text()
    assert dossiers(services) == []
    assert form.name.text() == NAME + " 😀"  # nothing typed is lost
    screenshot(window, "receive-emoji")
    form.name.setFocus()
    press(qtbot, form.name, Qt.Key.Key_Backspace)
    press(qtbot, form.name, Qt.Key.Key_Backspace)
    assert form.name.text() == NAME
    assert not form.messages["name"].isVisible()  # fixed: the message goes


def test_the_1000th_reception_of_a_day_is_refused_and_the_form_kept(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, clock: FakeClock
) -> None:
    with services.db.write() as session:  # numbers 1001-1999 of today, issued already
        skip_through(session, agency=services.settings.agency_code, counter=1,
                     local_day=clock().date(), last_skipped=999, reason="kiểm thử",
                     now=clock())  # fmt: skip
    window = open_window()
    printed: list[object] = []
    window.printed.connect(printed.append)
    fill_birth_registration(qtbot, window)
    tick_all_documents(qtbot, window)
    window.receive.accept_button.click()
    qtbot.waitUntil(lambda: "đã dùng hết" in window.receive.message.text(), timeout=10_000)
    assert window.receive.message.text() == (
        "Quầy 1 đã dùng hết 999 số hồ sơ của ngày hôm nay. "
        "Hãy tiếp nhận tiếp tại quầy khác và báo cho bộ phận CNTT của tỉnh."
    )
    form = window.receive.applicant
    assert (form.name.text(), form.id_number.text(), form.phone.text()) == (
        NAME, "022090001234", "0912345678"
    )  # fmt: skip
    assert window.receive.chosen.text().startswith("<b>1.001193</b>")
    checklist = window.receive.documents.checklist
    assert all(checklist.item(r).checkState() == Qt.CheckState.Checked
               for r in range(checklist.count()))  # fmt: skip
    assert window.receive.accept_button.isEnabled()  # the clerk can go on (another counter)
    assert dossiers(services) == [] and printed == []
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(m.OutboxEvent)) == 0
        assert session.scalar(select(func.count()).select_from(m.IssuedCode)) == 999


def test_f2_asks_before_discarding_what_was_typed(
    qtbot: QtBot, open_window: Callable[[], MainWindow], drafts: DraftStore
) -> None:
    window = open_window()
    asked: list[str] = []
    press(qtbot, window, Qt.Key.Key_F2)  # nothing typed: nothing to ask
    assert asked == []
    fill_birth_registration(qtbot, window)
    answer_confirmation(window, "Tiếp tục nhập", asked)
    press(qtbot, window, Qt.Key.Key_F2)
    assert len(asked) == 1 and NAME in asked[0] and "1.001193" in asked[0]
    assert window.receive.applicant.name.text() == NAME  # kept
    window.confirm_opened.disconnect()
    answer_confirmation(window, "Bỏ, nhập hồ sơ mới", asked)
    window.activateWindow()  # back from the question
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_F2)
    assert len(asked) == 2
    assert window.receive.applicant.name.text() == ""
    window.activateWindow()  # back from the question, the cursor in the procedure search
    qtbot.waitUntil(window.receive.search.hasFocus, timeout=5_000)
    qtbot.waitUntil(lambda: drafts.load() is None, timeout=5_000)


def test_a_restored_draft_is_announced_and_highlights_its_own_procedure(
    qtbot: QtBot, open_window: Callable[[], MainWindow], drafts: DraftStore
) -> None:
    window = open_window()
    view = window.receive
    type_text(view.search, "tam tru")  # 1.004194, far down the list
    press(qtbot, view.search, Qt.Key.Key_Return)
    type_text(view.applicant.name, NAME)
    window.close()
    reopened = open_window()
    view = reopened.receive
    assert view.chosen.text().startswith("<b>1.004194</b>")
    highlighted = view.model.info(view.list.currentIndex().row())
    assert highlighted is not None and highlighted.code == "1.004194"
    assert view.draft_notice.isVisibleTo(view)
    assert view.draft_notice.text().startswith("Đã khôi phục hồ sơ đang nhập dở lúc 09:30")
    screenshot(reopened, "receive-restored")
    asked: list[str] = []
    answer_confirmation(reopened, "Bỏ, nhập hồ sơ mới", asked)
    press(qtbot, reopened, Qt.Key.Key_F2)  # a restored draft is typed data too
    assert len(asked) == 1
    assert view.applicant.name.text() == "" and not view.draft_notice.isVisibleTo(view)


def test_an_empty_catalog_says_how_to_get_one_and_shows_it_once_synced(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = desk_module.catalog_snapshot
    monkeypatch.setattr(desk_module, "catalog_snapshot", lambda session, today: [])
    window = open_window()
    view = window.receive
    assert view.model.rowCount() == 0
    assert view.procedure_hint.isVisibleTo(view)
    hint = view.procedure_hint.text()
    assert "Chưa có danh mục thủ tục" in hint
    assert "counter-app catalog load" in hint and "đồng bộ" in hint
    screenshot(window, "receive-no-catalog")
    monkeypatch.setattr(desk_module, "catalog_snapshot", real)  # the province sent it
    report = CycleReport(delivered=0, quarantined=0, pulled=3, skipped=[], pending=0)
    window.sync.controller.outcome.emit(Outcome(report, None, None))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    assert not view.procedure_hint.isVisibleTo(view)
    type_text(view.search, "xyzxyz")
    assert view.procedure_hint.isVisibleTo(view)
    assert view.procedure_hint.text().startswith("Không có thủ tục nào khớp «xyzxyz»")


def test_a_day_that_does_not_exist_is_named_as_such(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    form = window.receive.applicant
    type_text(form.birth, "31/02/1990")
    form.phone.setFocus()  # leaving the field checks it
    assert form.messages["birth_date"].text() == (
        "Không có ngày 31/02/1990 (tháng 2 năm 1990 có 28 ngày)."
    )
    form.birth.clear()
    type_text(form.birth, "31-2-90")
    form.phone.setFocus()
    assert form.messages["birth_date"].text() == ("Phải có dạng ngày/tháng/năm, ví dụ 01/05/1990.")


def test_a_filled_form_and_a_restored_draft_still_fit_a_1024_pixel_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow]
) -> None:
    """Long texts (the birth registration's fee exemption, the restored-draft note) wrap:
    they never make the window wider than a 1024x768 laptop's screen."""
    window = open_window()
    fill_birth_registration(qtbot, window)
    assert "Miễn lệ phí" in window.receive.fee.text()  # the long note, shown
    window.receive.draft_notice.setText(
        "Đã khôi phục hồ sơ đang nhập dở lúc 02:21. Kiểm tra lại trước khi tiếp nhận; "
        "bấm F2 để bỏ và nhập hồ sơ mới."
    )
    window.receive.draft_notice.show()
    QApplication.processEvents()
    # The screen with its tab and window frames (about 40 px) within 1024 px.
    assert window.receive.minimumSizeHint().width() <= 1024 - 40
