"""Looking dossiers up by scanner or search, and handing results over."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core.domain.reception import Outcome
from counter_app.core.domain.status import Status
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import change_status, void_dossier
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.widgets.tables import OVERDUE
from tests.conftest import FakeClock, local
from tests.gui.conftest import press, screenshot, type_text
from tests.helpers import acting, applicant, reception
from tests.pdf_tools import pdf_text


def dossier_state(services: Services) -> tuple[object, ...]:
    """What returning a result would change: status, collector, history, outbox."""
    with services.db.read() as session:
        dossier = session.scalars(select(m.Dossier)).one()
        return (
            dossier.status,
            dossier.collected_by_name,
            dossier.collected_by_id_number,
            dossier.returned_at,
            len(session.scalars(select(m.StatusChange)).all()),
            session.scalars(select(m.OutboxEvent.type).order_by(m.OutboxEvent.id)).all(),
        )


def scan(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """What a USB scanner does: type the code, then Enter."""
    press(qtbot, window, Qt.Key.Key_F3)
    window.lookup.query.clear()
    type_text(window.lookup.query, text)
    press(qtbot, window.lookup.query, Qt.Key.Key_Return)


def test_scan_then_return_the_result(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    code = receive(services, reception()).code
    change_status(services, code, Status.DONE, "Cán bộ tư pháp")  # the province finished it
    window = open_window()
    scan(qtbot, window, code)
    qtbot.waitUntil(lambda: window.lookup.sheet is not None, timeout=10_000)
    assert window.tabs.currentWidget() is window.lookup
    assert code in window.lookup.info.text() and "Đã xử lý xong" in window.lookup.info.text()
    assert window.lookup.return_button.isEnabled()
    assert window.lookup.collector_name.text() == "Nguyễn Văn Đức"  # the applicant by default
    screenshot(window, "lookup")
    with qtbot.waitSignal(window.returned, timeout=10_000):
        window.lookup.return_button.click()
    with services.db.read() as session:
        dossier = session.scalars(select(m.Dossier)).one()
    assert dossier.status == Status.RETURNED and dossier.collected_by_id_number == "022090001234"
    assert "Đã trả kết quả" in window.lookup.info.text()
    assert not window.lookup.return_button.isEnabled()


def test_scanning_receipts_one_after_another(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    first = receive(services, reception()).code
    second = receive(services, reception(applicant=applicant(name="Đặng Thị Hồng"))).code
    window = open_window()
    for code in (first, second, first):
        with qtbot.waitSignal(window.lookup.detail_shown, timeout=10_000) as shown:
            scan(qtbot, window, code)
        assert shown.args == [code]
        assert code in window.lookup.info.text()


def test_search_without_diacritics_and_overdue_rows(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services, clock: FakeClock
) -> None:
    receive(services, reception("1.004222"))  # 7 working days: due 19/3 09:30
    receive(services, reception("1.012756"))  # 20 working days: not due yet
    receive(
        services, reception(applicant=applicant(name="Đặng Thị Hồng", id_number="022185004321"))
    )
    clock.now = local(2026, 3, 19, 10)
    window = open_window()
    scan(qtbot, window, "nguyen van duc")
    qtbot.waitUntil(lambda: window.lookup.results.rowCount() == 2, timeout=10_000)
    assert window.lookup.results.item(0, 1).text() == "Nguyễn Văn Đức"
    colours = {
        window.lookup.results.item(r, 2).text(): window.lookup.results.item(r, 0)
        .background()
        .color()
        for r in range(2)
    }
    assert colours["Đăng ký thường trú"] == OVERDUE
    assert next(c for name, c in colours.items() if name.startswith("Đăng ký đất đai")) != OVERDUE
    scan(qtbot, window, "dang")
    qtbot.waitUntil(lambda: window.lookup.results.rowCount() == 1, timeout=10_000)
    assert window.lookup.results.item(0, 1).text() == "Đặng Thị Hồng"


def test_returning_too_early_is_refused_with_the_reason(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    code = receive(services, reception()).code
    before = dossier_state(services)
    window = open_window()
    scan(qtbot, window, code)
    qtbot.waitUntil(lambda: window.lookup.sheet is not None, timeout=10_000)
    assert not window.lookup.return_button.isEnabled()  # not done yet
    # A collector the core accepts, so that only the status rule can refuse.
    window.lookup.collector_name.clear()
    type_text(window.lookup.collector_name, "Đặng Thị Hồng")
    window.lookup.collector_id.clear()
    type_text(window.lookup.collector_id, "022185004321")
    window.lookup._return()  # even if forced, the core refuses
    qtbot.waitUntil(lambda: window.lookup.message.text() != "", timeout=10_000)
    message = window.lookup.message.text()
    assert message.startswith("Không thể chuyển hồ sơ sang «Đã trả kết quả»: từ «Được tiếp nhận»")
    assert "«Đã xử lý xong»" in message  # what it must reach first
    assert dossier_state(services) == before  # nothing written: status, collector, events
    assert before[0] == Status.ACCEPTED and before[1:3] == (None, None)


def test_apology_sets_a_new_date_and_prints_form_04(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    code = receive(services, reception("1.004222")).code
    window = open_window()
    scan(qtbot, window, code)
    qtbot.waitUntil(lambda: window.lookup.sheet is not None, timeout=10_000)
    assert window.lookup.new_day.text() == "20/03/2026"  # offered: the day after 19/03
    type_text(window.lookup.new_day, "27/03/2026")  # the field's text selected: replaced
    type_text(window.lookup.new_time, "16:00")
    type_text(window.lookup.delay_reason, "Chờ xác minh nơi cư trú")
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        window.lookup.apology_button.click()
    text = " ".join(pdf_text(printed.args[0].pdf))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text  # 2025 set
    assert "16 giờ 00 phút, ngày 27 tháng 03 năm 2026" in text and "Chờ xác minh" in text
    with services.db.read() as session:
        assert session.scalars(select(m.Dossier.appointment_at)).one() == local(2026, 3, 27, 16)
        types = session.scalars(select(m.OutboxEvent.type)).all()
    assert "dossier.appointment_changed" in types


def test_a_voided_dossier_is_headed_as_voided(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """The details' heading says ĐÃ HỦY, as the row does, not the status it was voided at."""
    code = receive(services, reception()).code
    void_dossier(services, code, "Nhầm thủ tục", acting("Lê Thị Hoa"))
    window = open_window()
    scan(qtbot, window, code)
    qtbot.waitUntil(lambda: window.lookup.sheet is not None, timeout=10_000)
    heading = window.lookup.info.text().split("<br/>")[0]
    assert heading == f"<b>{code}</b> — ĐÃ HỦY"


def test_a_dossier_not_taken_in_has_no_appointment(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """Refused or sent back for supplements: no appointment at all ("—"), which is not the
    "no fixed deadline" of an accepted dossier of a procedure without one."""
    refused = receive(
        services, reception(outcome=Outcome.REFUSED, reason="Không thuộc thẩm quyền")
    ).code
    sent_back = receive(services, reception(outcome=Outcome.SUPPLEMENT, reason="Thiếu giấy")).code
    window = open_window()
    for code in (refused, sent_back):
        scan(qtbot, window, code)
        qtbot.waitUntil(
            lambda c=code: window.lookup.sheet is not None and window.lookup.sheet.code == c,
            timeout=10_000,
        )
        assert "Hẹn trả: —<br/>" in window.lookup.info.text()
        assert window.lookup.results.item(0, 4).text() == "—"
        assert "Không có ngày hẹn trả" not in window.lookup.info.text()


def test_the_reprint_button_names_the_paper_given_at_the_desk(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    """Refused: the refusal; sent back for supplements: that request; else the receipt."""
    accepted = receive(services, reception()).code
    refused = receive(
        services, reception(outcome=Outcome.REFUSED, reason="Không thuộc thẩm quyền")
    ).code
    sent_back = receive(services, reception(outcome=Outcome.SUPPLEMENT, reason="Thiếu giấy")).code
    window = open_window()
    for code, label, title in (
        (accepted, "In lại giấy tiếp nhận", "GIẤY TIẾP NHẬN"),
        (refused, "In lại phiếu từ chối", "PHIẾU TỪ CHỐI"),
        (sent_back, "In lại phiếu yêu cầu bổ sung", "PHIẾU YÊU CẦU BỔ SUNG"),
    ):
        scan(qtbot, window, code)
        qtbot.waitUntil(
            lambda c=code: window.lookup.sheet is not None and window.lookup.sheet.code == c,
            timeout=10_000,
        )
        assert window.lookup.reprint_button.text() == label
        with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
            window.lookup.reprint_button.click()
        assert printed.args[0].code == code
        assert title in " ".join(pdf_text(printed.args[0].pdf)), label


def test_results_ready_are_listed_counted_and_handed_over_one_after_another(
    qtbot: QtBot, open_window: Callable[[], MainWindow], services: Services
) -> None:
    codes = [receive(services, reception()).code for _ in range(3)]
    for code in codes[:2]:  # the province finished two of the three
        change_status(services, code, Status.DONE, "Cán bộ tư pháp")
    window = open_window()
    qtbot.waitUntil(lambda: window.ready_count.text() == "Kết quả chờ trả: 2", timeout=10_000)

    window.lookup.ready_button.click()
    qtbot.waitUntil(lambda: window.lookup.results.rowCount() == 2, timeout=10_000)
    listed = {window.lookup.results.item(row, 0).text() for row in range(2)}
    assert listed == set(codes[:2])
    screenshot(window, "lookup-ready")
    for waiting in (2, 1):  # hand both over, picking each from the list
        window.lookup.show_results([])  # so that the list below is the fresh one
        window.lookup.ready_button.click()
        qtbot.waitUntil(lambda n=waiting: window.lookup.results.rowCount() == n, timeout=10_000)
        window.lookup.results.selectRow(0)
        qtbot.waitUntil(window.lookup.return_button.isEnabled, timeout=10_000)
        with qtbot.waitSignal(window.returned, timeout=10_000):
            window.lookup.return_button.click()
    qtbot.waitUntil(lambda: window.ready_count.text() == "Kết quả chờ trả: 0", timeout=10_000)
    window.lookup.ready_button.click()
    qtbot.waitUntil(
        lambda: window.lookup.message.text() == "Không có kết quả nào chờ trả.", timeout=10_000
    )
