from typing import Any

import pytest
from sqlalchemy import func, select

from counter_app.core.domain.limits import (
    MAX_DOCUMENT_COUNT,
    MAX_DOCUMENTS,
    MAX_PAGES,
    MAX_SETS,
)
from counter_app.core.domain.reception import DocumentInput, Outcome
from counter_app.core.domain.status import Status
from counter_app.core.errors import NotFound, ValidationFailed
from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from tests.conftest import FakeClock, local
from tests.helpers import applicant, reception


def test_accepted_reception_writes_everything_in_one_go(services: Services) -> None:
    result = receive(services, reception())
    assert result.code == "000.17.22.H56-260310-1001"
    assert result.status is Status.ACCEPTED
    assert result.appointment_at == local(2026, 3, 10, 17)  # same day, before 15:00
    with services.db.read() as session:
        dossier = session.scalars(select(m.Dossier)).one()
        assert dossier.applicant.name == "Nguyễn Văn Đức"
        assert dossier.documents[0].name.startswith("Tờ khai đăng ký khai sinh")
        assert [(h.from_status, h.to_status) for h in dossier.history] == [(1, 2)]
        issued = session.get(m.IssuedCode, result.code)
        assert issued is not None and (issued.state, issued.dossier_id) == ("used", dossier.id)
        event = session.scalars(select(m.OutboxEvent)).one()
        assert event.event_id == result.event_id
        assert event.state == "pending"
        payload = event.payload
        assert payload["type"] == "dossier.received" and payload["v"] == 1
        assert payload["data"]["MaHoSo"] == result.code
        assert payload["data"]["MaTTHC"] == "1.001193"
        assert payload["data"]["NgayTiepNhan"] == "20260310093000"
        assert payload["data"]["NgayHenTra"] == "20260310170000"
        assert payload["data"]["TrangThaiHoSo"] == 2


def test_stored_times_are_utc_and_shown_local(services: Services) -> None:
    receive(services, reception())
    with services.db.read() as session:
        raw = session.execute(
            func.datetime(select(m.Dossier.received_at).scalar_subquery())
        ).scalar()
    assert raw == "2026-03-10 02:30:00"  # 09:30 in Hà Nội is 02:30 UTC


def test_code_uses_the_local_date_not_the_utc_date(services: Services, clock: FakeClock) -> None:
    clock.now = local(2026, 3, 11, 6, 30)  # still 10 March in UTC
    assert receive(services, reception()).code.endswith("-260311-1001")


def test_numbers_run_per_day(services: Services, clock: FakeClock) -> None:
    codes = [receive(services, reception()).code for _ in range(3)]
    clock.now = local(2026, 3, 11, 8)
    codes.append(receive(services, reception()).code)
    assert [c[-11:] for c in codes] == ["260310-1001", "260310-1002", "260310-1003", "260311-1001"]


def test_supplement_and_refusal_need_a_reason(services: Services) -> None:
    with pytest.raises(ValidationFailed, match="Lý do"):
        receive(services, reception(outcome=Outcome.SUPPLEMENT))
    result = receive(
        services,
        reception(
            outcome=Outcome.SUPPLEMENT,
            reason="Thiếu giấy chứng sinh",
            documents=[
                DocumentInput("Tờ khai đăng ký khai sinh", component_position=1),
                DocumentInput("Giấy chứng sinh", received=False, component_position=2),
            ],
        ),
    )
    assert result.status is Status.SUPPLEMENT_REQUIRED and result.appointment_at is None
    refused = receive(services, reception(outcome=Outcome.REFUSED, reason="Không thuộc thẩm quyền"))
    assert refused.status is Status.NOT_ACCEPTED
    with services.db.read() as session:
        missing = session.scalars(
            select(m.DossierDocument.name).where(m.DossierDocument.received.is_(False))
        ).all()
    assert missing == ["Giấy chứng sinh"]


def test_invalid_input_changes_nothing_and_lists_every_problem(services: Services) -> None:
    bad = reception(
        applicant=applicant(name="", phone="0112345678"),
        clerk="",
        sets_count=0,
        return_method="post",
    )
    with pytest.raises(ValidationFailed) as caught:
        receive(services, bad)
    fields = {e.field for e in caught.value.errors}
    assert {"name", "phone", "clerk", "sets_count", "return_address"} <= fields
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(m.Dossier)) == 0
        assert session.scalar(select(func.count()).select_from(m.IssuedCode)) == 0
        assert session.scalar(select(func.count()).select_from(m.OutboxEvent)) == 0


def test_absurd_lengths_are_refused_not_stored(services: Services) -> None:
    huge = "Giấy tờ " * 500
    bad = reception(
        clerk="x" * 101,
        summary=huge,
        reason=huge,
        documents=[DocumentInput(huge)],
        applicant=applicant(name="A" * 5000, address="B" * 5000),
    )
    with pytest.raises(ValidationFailed) as caught:
        receive(services, bad)
    assert {"clerk", "summary", "reason", "documents", "name", "address"} <= {
        e.field for e in caught.value.errors
    }
    assert all("quá dài" in e.problem for e in caught.value.errors)


def test_unknown_procedure(services: Services) -> None:
    with pytest.raises(NotFound, match=r"9\.999999"):
        receive(services, reception("9.999999"))


def test_return_method_must_be_offered_by_the_procedure(services: Services) -> None:
    with pytest.raises(ValidationFailed, match="Tại quầy"):
        receive(services, reception("2.000815", return_method="post", return_address="Cô Tô"))


def test_fee_is_computed_from_the_rule(services: Services) -> None:
    result = receive(services, reception("2.000815", pages=4, copies=3))
    assert result.fee_amount == 18000


def test_land_procedure_counts_working_days_across_tet(
    services: Services, clock: FakeClock
) -> None:
    clock.now = local(2026, 2, 13, 10)
    result = receive(services, reception("1.012756", return_method="counter"))
    # 20 working days from Fri 13/2 10:00, skipping Tết (16–20/2): Fri 20/3 10:00... counted:
    # 13/2 (5 h) + 23/2..19/3 (19 days) + 3 h on Fri 20/3.
    assert result.appointment_at == local(2026, 3, 20, 10)


def test_same_person_with_same_details_reuses_the_applicant(services: Services) -> None:
    receive(services, reception())
    receive(services, reception())
    receive(services, reception(applicant=applicant(phone="0987654321")))
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(m.Applicant)) == 2


def _nothing_written(services: Services) -> None:
    with services.db.read() as session:
        for table in (m.Dossier, m.DossierDocument, m.IssuedCode, m.OutboxEvent, m.Applicant):
            assert session.scalar(select(func.count()).select_from(table)) == 0


def test_thousands_of_documents_are_refused_in_one_message(services: Services) -> None:
    documents = [DocumentInput(f"Giấy tờ {n}") for n in range(5000)]
    with pytest.raises(ValidationFailed) as caught:
        receive(services, reception(documents=documents))
    [error] = caught.value.errors
    assert error.field == "documents"
    assert "5.000 giấy tờ" in error.problem and f"tối đa {MAX_DOCUMENTS}" in error.problem
    _nothing_written(services)


def test_the_largest_allowed_number_of_documents_is_received(services: Services) -> None:
    documents = [DocumentInput(f"Giấy tờ {n}") for n in range(MAX_DOCUMENTS)]
    result = receive(services, reception(documents=documents))
    with services.db.read() as session:
        stored = session.scalars(
            select(m.DossierDocument.name).where(m.DossierDocument.dossier_id == result.dossier_id)
        ).all()
    assert len(stored) == MAX_DOCUMENTS


@pytest.mark.parametrize(
    ("changes", "field", "needle"),
    [
        ({"sets_count": MAX_SETS + 1}, "sets_count", f"từ 1 đến {MAX_SETS}"),
        ({"pages": 0}, "pages", "Số trang"),
        ({"pages": MAX_PAGES + 1}, "pages", "10.000"),
        ({"copies": 10**18}, "copies", "Số bản"),
        ({"documents": [DocumentInput("Sổ", count=MAX_DOCUMENT_COUNT + 1)]}, "documents", "999"),
        ({"documents": [DocumentInput("Tờ khai", component_position=7)]}, "documents", "số 7"),
        ({"procedure_code": "1.001193" * 10}, "procedure", "tối đa 30"),
    ],
)
def test_absurd_numbers_are_refused_with_the_limit(
    services: Services, changes: dict[str, Any], field: str, needle: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        receive(services, reception(**changes))
    [error] = caught.value.errors
    assert error.field == field and needle in error.message
    _nothing_written(services)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"clerk": "Lê Thị\x00Hoa"}, "clerk", "U+0000"),
        ({"summary": "Khai sinh \u202ecod.exe"}, "summary", "U+202E"),
        ({"reason": "Thiếu giấy 😀", "outcome": Outcome.SUPPLEMENT}, "reason", "U+1F600"),
        ({"return_address": "Cô Tô\ud800"}, "return_address", "U+D800"),
        ({"documents": [DocumentInput("Sổ\u200bhộ khẩu")]}, "documents", "U+200B"),
        ({"procedure_code": "1.001193\x00"}, "procedure", "U+0000"),
        ({"procedure_code": "\ud800"}, "procedure", "U+D800"),
        ({"applicant": applicant(name="Nguyễn Văn 😀")}, "name", "U+1F600"),
    ],
)
def test_characters_that_cannot_be_stored_are_refused_in_every_field(
    services: Services, changes: dict[str, Any], field: str, code: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        receive(services, reception(**changes))
    assert [(e.field, code in e.problem) for e in caught.value.errors] == [(field, True)]
    _nothing_written(services)


def test_a_clerk_of_invisible_characters_is_not_a_clerk(services: Services) -> None:
    with pytest.raises(ValidationFailed, match="coi như chưa nhập"):
        receive(services, reception(clerk="\u200b\u2060"))


def test_a_bad_procedure_code_still_reports_the_other_problems(services: Services) -> None:
    bad = reception("\x00", clerk="", applicant=applicant(phone="0112345678"))
    with pytest.raises(ValidationFailed) as caught:
        receive(services, bad)
    assert [e.field for e in caught.value.errors] == ["phone", "procedure", "clerk"]
    assert "\x00" not in caught.value.message


def test_the_sex_is_stored_and_sent_to_the_province(services: Services) -> None:
    request = reception(applicant=applicant(name="Lê Thị Hoa", id_number="022190001234"))
    request.applicant.sex = "Nữ"
    receive(services, request)
    receive(services, reception())  # not given: nothing is guessed
    with services.db.read() as session:
        assert session.scalars(select(m.Applicant.sex).order_by(m.Applicant.id)).all() == [
            "Nữ",
            None,
        ]
        payloads = session.scalars(select(m.OutboxEvent.payload).order_by(m.OutboxEvent.id))
        assert [p["data"]["GioiTinh"] for p in payloads] == ["Nữ", None]


def test_a_returning_applicant_row_is_reused_only_with_the_same_sex(services: Services) -> None:
    for sex in ("", "Nam", "Nam"):
        request = reception()
        request.applicant.sex = sex
        receive(services, request)
    with services.db.read() as session:
        rows = session.execute(select(m.Dossier.applicant_id, m.Applicant.sex).join(m.Applicant))
        assert [tuple(r) for r in rows] == [(1, None), (2, "Nam"), (2, "Nam")]
