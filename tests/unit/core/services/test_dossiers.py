from datetime import date, datetime

import pytest
from sqlalchemy import select

from counter_app.core.domain.holidays_seed import OFF, WORK
from counter_app.core.domain.limits import MAX_REASON
from counter_app.core.domain.status import Status
from counter_app.core.errors import CounterError, IllegalTransition, NotFound, ValidationFailed
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import (
    change_status,
    reschedule,
    return_result,
    void_dossier,
)
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.store.calendar_repo import set_day
from tests.conftest import local
from tests.helpers import acting, reception


def test_full_life_of_a_dossier(services: Services) -> None:
    code = receive(services, reception()).code
    change_status(services, code, Status.PROCESSING, "Cán bộ tư pháp")
    change_status(services, code, Status.DONE, "Cán bộ tư pháp", "Đã ký giấy khai sinh")
    result = return_result(services, code, "Nguyễn Văn Đức", "022090001234", acting("Lê Thị Hoa"))
    assert (result.from_status, result.to_status) == (Status.DONE, Status.RETURNED)
    with services.db.read() as session:
        dossier = session.scalars(select(m.Dossier)).one()
        assert dossier.status == 10 and dossier.collected_by_id_number == "022090001234"
        assert dossier.returned_at == services.clock()
        assert [(h.from_status, h.to_status) for h in dossier.history] == [
            (1, 2),
            (2, 4),
            (4, 9),
            (9, 10),
        ]
        events = session.scalars(select(m.OutboxEvent).order_by(m.OutboxEvent.id)).all()
    assert [e.type for e in events] == [
        "dossier.received",
        "dossier.status_changed",
        "dossier.status_changed",
        "dossier.result_returned",
    ]
    last = events[-1].payload["data"]
    assert (last["TrangThaiTruoc"], last["TrangThai"], last["NguoiNhanKetQua"]) == (
        9,
        10,
        "Nguyễn Văn Đức",
    )


def test_returning_before_the_result_is_ready_is_refused(services: Services) -> None:
    code = receive(services, reception()).code
    with pytest.raises(IllegalTransition, match="Đã trả kết quả"):
        return_result(services, code, "Nguyễn Văn Đức", "022090001234", acting("Lê Thị Hoa"))
    with services.db.read() as session:
        assert session.scalars(select(m.Dossier.status)).one() == 2
        assert len(session.scalars(select(m.OutboxEvent)).all()) == 1


def test_collector_must_be_identified(services: Services) -> None:
    code = receive(services, reception()).code
    change_status(services, code, Status.DONE, "Cán bộ")
    with pytest.raises(ValidationFailed) as caught:
        return_result(services, code, "", "123", acting("Lê Thị Hoa"))
    assert {e.field for e in caught.value.errors} == {"name", "id_number"}


def test_unknown_code(services: Services) -> None:
    with pytest.raises(NotFound):
        change_status(services, "000.17.22.H56-260310-1999", Status.PROCESSING, "x")


def test_void_keeps_the_number_accounted_for(services: Services) -> None:
    code = receive(services, reception()).code
    with pytest.raises(ValidationFailed):
        void_dossier(services, code, " ", acting("Lê Thị Hoa"))
    void_dossier(services, code, "Nhập nhầm thủ tục", acting("Lê Thị Hoa"))
    with pytest.raises(CounterError, match="đã bị hủy"):
        void_dossier(services, code, "lần nữa", acting("Lê Thị Hoa"))
    with services.db.read() as session:
        issued = session.get(m.IssuedCode, code)
        assert issued is not None and (issued.state, issued.note) == ("voided", "Nhập nhầm thủ tục")
        kinds = session.scalars(select(m.OutboxEvent.type)).all()
    assert kinds == ["dossier.received", "code.voided"]


def test_processed_dossiers_cannot_be_voided(services: Services) -> None:
    code = receive(services, reception()).code
    change_status(services, code, Status.PROCESSING, "Cán bộ")
    with pytest.raises(CounterError, match="chưa chuyển xử lý"):
        void_dossier(services, code, "Nhầm", acting("Lê Thị Hoa"))


def test_dossier_actions_refuse_characters_that_cannot_be_stored(services: Services) -> None:
    code = receive(services, reception()).code
    with pytest.raises(ValidationFailed, match="Người thực hiện: có ký tự điều khiển"):
        change_status(services, code, Status.PROCESSING, "Cán\x00bộ")
    with pytest.raises(ValidationFailed, match=r"Nội dung xử lý: .*U\+202E"):
        change_status(services, code, Status.PROCESSING, "Cán bộ", note="xong\u202e")
    with pytest.raises(ValidationFailed, match=r"Lý do hủy: .*coi như chưa nhập"):
        void_dossier(services, code, "\u200b", acting("Lê Thị Hoa"))
    with pytest.raises(ValidationFailed, match="Lý do hủy: quá dài"):
        void_dossier(services, code, "x" * (MAX_REASON + 1), acting("Lê Thị Hoa"))
    with pytest.raises(ValidationFailed, match=r"Lý do chậm trả: .*U\+1F600"):
        reschedule(services, code, local(2026, 3, 20, 10), "Chờ 😀", acting("Lê Thị Hoa"))
    change_status(services, code, Status.DONE, "Cán bộ")
    with pytest.raises(ValidationFailed, match="Họ và tên: chỉ được gồm chữ cái"):
        return_result(services, code, "Nguyễn Văn 2", "022090001234", acting("Lê Thị Hoa"))
    with services.db.read() as session:
        assert session.scalars(select(m.Dossier.status)).one() == int(Status.DONE)
        notes = session.scalars(select(m.StatusChange.note)).all()
    assert not any("\x00" in n or "\u202e" in n for n in notes)


def test_a_code_that_is_not_a_code_is_not_found_and_not_echoed(services: Services) -> None:
    with pytest.raises(NotFound) as caught:
        change_status(services, "\ud800" + "x" * 100_000, Status.PROCESSING, "Cán bộ")
    assert len(caught.value.message) < 100
    caught.value.message.encode("utf-8")


def appointment_state(services: Services) -> tuple[object, ...]:
    """What a new appointment would change: the date, the history, the outbox."""
    with services.db.read() as session:
        return (
            session.scalars(select(m.Dossier.appointment_at)).one(),
            len(session.scalars(select(m.StatusChange)).all()),
            session.scalars(select(m.OutboxEvent.type)).all(),
        )


@pytest.mark.parametrize(
    ("new_date", "problem"),
    [
        (local(2026, 3, 21, 10), "21/03/2026 (Thứ Bảy) là ngày nghỉ theo lịch làm việc"),
        (local(2026, 3, 22, 10), "ngày làm việc tiếp theo 23/03/2026 (Thứ Hai)"),
        (local(2026, 4, 30, 10), "30/04/2026 (Thứ Năm) là ngày nghỉ"),  # Reunification Day
        (local(2026, 3, 23, 12), "12:00 không nằm trong giờ làm việc (07:00-11:30, 13:30-17:00)"),
        (local(2026, 3, 23, 18, 30), "18:30 không nằm trong giờ làm việc"),
        (local(2026, 3, 10, 9, 0), "phải sau thời điểm hiện tại (09:30 10/03/2026)"),
    ],
)
def test_a_new_appointment_must_be_a_working_time_later_than_now(
    services: Services, new_date: datetime, problem: str
) -> None:
    code = receive(services, reception("1.004222")).code
    before = appointment_state(services)
    with pytest.raises(ValidationFailed) as caught:
        reschedule(services, code, new_date, "Chờ xác minh", acting("Lê Thị Hoa"))
    assert [e.field for e in caught.value.errors] == ["new_date"]
    assert caught.value.message.startswith("Ngày hẹn mới: ") and problem in caught.value.message
    assert appointment_state(services) == before  # nothing written, nothing queued


def test_the_centers_own_calendar_decides(services: Services) -> None:
    """A Saturday the center works is a good day; a weekday it closes is not."""
    code = receive(services, reception("1.004222")).code
    with services.db.write() as session:
        set_day(session, date(2026, 3, 21), WORK, "Làm bù")
        set_day(session, date(2026, 3, 20), OFF, "Nghỉ theo quyết định của tỉnh")
    with pytest.raises(ValidationFailed, match=r"20/03/2026 \(Thứ Sáu\) là ngày nghỉ"):
        reschedule(services, code, local(2026, 3, 20, 10), "Chờ xác minh", acting("Lê Thị Hoa"))
    reschedule(services, code, local(2026, 3, 21, 10), "Chờ xác minh", acting("Lê Thị Hoa"))
    assert appointment_state(services)[0] == local(2026, 3, 21, 10)


def test_a_bad_date_and_a_bad_reason_are_told_together(services: Services) -> None:
    code = receive(services, reception("1.004222")).code
    with pytest.raises(ValidationFailed) as caught:
        reschedule(services, code, local(2026, 3, 21, 10), " ", acting("Lê Thị Hoa"))
    assert [e.field for e in caught.value.errors] == ["reason", "new_date"]


def test_a_good_new_appointment_is_kept_with_the_old_one_in_the_history(
    services: Services,
) -> None:
    code = receive(services, reception("1.004222")).code  # due Thu 19/03/2026 09:30
    reschedule(services, code, local(2026, 3, 23, 17), "Chờ xác minh", acting("Lê Thị Hoa"))
    appointment, _, kinds = appointment_state(services)
    assert appointment == local(2026, 3, 23, 17)
    assert kinds == ["dossier.received", "dossier.appointment_changed"]
    with services.db.read() as session:
        note = session.scalars(select(m.StatusChange.note).order_by(m.StatusChange.id)).all()[-1]
    assert note == (
        "Hẹn lại ngày trả: 17:00 23/03/2026 (hẹn cũ 09:30 19/03/2026). Lý do: Chờ xác minh"
    )


def test_every_action_on_a_dossier_is_in_the_support_log(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """What support reads on the phone: who did what to which dossier, and no citizen's data."""
    from counter_app.core.forms.data import Form
    from counter_app.core.services.corrections import correct_applicant, recorded_applicant
    from counter_app.core.services.desk import Desk
    from counter_app.core.services.dossiers import void_dossier

    caplog.set_level("INFO", logger="counter_app.services")
    kept, voided = (receive(services, reception()).code for _ in range(2))
    desk = Desk(services)
    desk.render_form(kept, Form.RECEIPT, "Lê Thị Hoa")
    desk.render_form(kept, Form.RECEIPT, "Lê Thị Hoa")
    reschedule(services, kept, local(2026, 3, 12, 9, 30), "Chờ xác minh", acting("Lê Thị Hoa"))
    recorded = recorded_applicant(services, kept)
    correct_applicant(
        services, kept, recorded.__class__(**{**vars(recorded), "phone": "0987654321"}),
        "Sai số điện thoại", acting("Lê Thị Hoa"),
    )  # fmt: skip
    change_status(services, kept, Status.PROCESSING, "Hệ thống tỉnh")
    void_dossier(services, voided, "Nhầm thủ tục", acting("Lê Thị Hoa"))
    lines = [r.getMessage() for r in caplog.records if r.name == "counter_app.services"]
    assert f"{kept}: form receipt printed, by Lê Thị Hoa" in lines
    assert f"{kept}: form receipt printed (reprint), by Lê Thị Hoa" in lines
    assert f"{kept}: new appointment 09:30 12/03/2026, by Lê Thị Hoa" in lines
    assert f"{kept}: applicant corrected (Số điện thoại), by Lê Thị Hoa" in lines
    assert f"{kept}: Được tiếp nhận → Đang xử lý, by Hệ thống tỉnh" in lines
    assert f"{voided}: voided, by Lê Thị Hoa" in lines
    assert not any("0987654321" in line or "Chờ xác minh" in line for line in lines)
