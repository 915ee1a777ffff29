"""Correcting a mistake after reception: the applicant's details, or voiding the dossier."""

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.errors import CounterError, ValidationFailed
from counter_app.core.services.context import Services
from counter_app.core.services.corrections import correct_applicant, recorded_applicant
from counter_app.core.services.dossiers import (
    change_status,
    reschedule,
    return_result,
    void_dossier,
)
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.store.search import search
from tests.helpers import acting, reception


def test_a_correction_changes_the_dossier_keeps_the_old_details_and_tells_the_province(
    services: Services,
) -> None:
    first = receive(services, reception()).code
    second = receive(services, reception()).code  # the same person, another dossier
    wrong = recorded_applicant(services, first)
    right = replace(wrong, name="Nguyễn Văn Đạt", phone="0987654321")
    done = correct_applicant(
        services, first, right, "Gõ nhầm tên và số điện thoại", acting("Lê Thị Hoa")
    )
    assert done.changed == ["Họ và tên", "Số điện thoại"]
    with services.db.read() as session:
        dossier = session.scalar(select(m.Dossier).where(m.Dossier.code == first))
        other = session.scalar(select(m.Dossier).where(m.Dossier.code == second))
        assert dossier is not None and other is not None
        assert (dossier.applicant.name, dossier.applicant.phone) == ("Nguyễn Văn Đạt", "0987654321")
        assert other.applicant.name == "Nguyễn Văn Đức"  # as given that day, untouched
        assert (
            "Điều chỉnh thông tin người nộp (Họ và tên, Số điện thoại)" in dossier.history[-1].note
        )
        assert dossier.history[-1].actor == "Lê Thị Hoa"
        event = session.scalars(select(m.OutboxEvent).order_by(m.OutboxEvent.id.desc())).first()
        assert event is not None and event.type == "dossier.corrected"
        assert event.payload["data"]["Cu"]["ChuHoSo"] == "Nguyễn Văn Đức"
        assert event.payload["data"]["Moi"]["ChuHoSo"] == "Nguyễn Văn Đạt"
        assert event.payload["data"]["LyDo"] == "Gõ nhầm tên và số điện thoại"
        assert [row.code for row in search(session, "nguyen van dat")] == [first]


def test_a_correction_is_checked_like_a_reception_and_needs_a_reason(services: Services) -> None:
    code = receive(services, reception()).code
    recorded = recorded_applicant(services, code)
    with pytest.raises(ValidationFailed, match="Số định danh"):
        correct_applicant(services, code, replace(recorded, id_number="０２２０９０００１２３４"),
                          "Sửa số CCCD", acting("Lê Thị Hoa"))  # fmt: skip
    with pytest.raises(ValidationFailed, match="Lý do điều chỉnh"):
        correct_applicant(
            services, code, replace(recorded, name="Lê Văn A"), " ", acting("Lê Thị Hoa")
        )
    with pytest.raises(ValidationFailed, match="không có gì để điều chỉnh"):
        correct_applicant(services, code, recorded, "Không đổi gì", acting("Lê Thị Hoa"))
    spaced = replace(recorded, name=f" {recorded.name}  ", phone="0912.345.678")
    with pytest.raises(ValidationFailed, match="không có gì để điều chỉnh"):  # the same, written
        correct_applicant(services, code, spaced, "Không đổi gì", acting("Lê Thị Hoa"))  # otherwise
    with services.db.read() as session:
        assert session.scalar(select(m.Dossier.updated_at)) == services.clock()
        assert len(session.scalars(select(m.OutboxEvent)).all()) == 1  # only the reception


def test_a_voided_dossier_refuses_every_later_action(services: Services) -> None:
    code = receive(services, reception()).code
    recorded = recorded_applicant(services, code)
    void_dossier(services, code, "Tiếp nhận nhầm thủ tục", acting("Lê Thị Hoa"))
    later = services.clock() + timedelta(days=3)
    hoa = acting("Lê Thị Hoa")
    attempts = [
        lambda: return_result(services, code, "Nguyễn Văn Đức", "022090001234", hoa),
        lambda: reschedule(services, code, later, "Chậm", hoa),
        lambda: change_status(services, code, Status.PROCESSING, "Lê Thị Hoa"),
        lambda: correct_applicant(
            services, code, replace(recorded, name="Lê Văn B"), "Sửa tên", acting("Lê Thị Hoa")
        ),
        lambda: recorded_applicant(services, code),
        lambda: void_dossier(services, code, "Hủy lần nữa", acting("Lê Thị Hoa")),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(CounterError, match="đã bị hủy"):
            attempt()


def test_a_corrected_sex_is_recorded_and_sent_with_the_old_value(services: Services) -> None:
    code = receive(services, reception()).code  # received without the sex
    recorded = recorded_applicant(services, code)
    assert recorded.sex == ""
    done = correct_applicant(
        services, code, replace(recorded, sex="Nam"), "Chưa ghi giới tính", acting("Lê Thị Hoa")
    )
    assert done.changed == ["Giới tính"]
    assert recorded_applicant(services, code).sex == "Nam"  # what the next correction starts from
    with services.db.read() as session:
        event = session.scalars(select(m.OutboxEvent).order_by(m.OutboxEvent.id.desc())).first()
        assert event is not None and event.type == "dossier.corrected"
        data = event.payload["data"]
        assert (data["Cu"]["GioiTinh"], data["Moi"]["GioiTinh"]) == (None, "Nam")
    with pytest.raises(ValidationFailed, match="Giới tính"):  # the ID's 4th digit says Nam
        correct_applicant(services, code, replace(recorded, sex="Nữ"), "Sửa", acting("Lê Thị Hoa"))
