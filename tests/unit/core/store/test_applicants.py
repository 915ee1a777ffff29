"""Returning applicants found by ID number: the details of their last dossier, by index."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.services.dossiers import void_dossier
from counter_app.core.services.reception import receive
from counter_app.core.store.applicants import KnownApplicant, known_applicant_query
from tests.conftest import TZ, FakeClock, local
from tests.helpers import acting, applicant, reception


def test_an_unknown_id_number_finds_nobody(services: Services) -> None:
    receive(services, reception())
    desk = Desk(services)
    assert desk.known_applicant("022090009999") is None
    assert desk.known_applicant("") is None


def test_the_details_of_the_last_dossier_are_offered(services: Services, clock: FakeClock) -> None:
    first = reception()
    first.applicant.sex = "Nam"
    receive(services, first)
    clock.now = local(2026, 3, 12, 14, 5)
    moved = reception(applicant=applicant(phone="0387654321", address="Khu 3, Vân Đồn"))
    moved.applicant.birth_date, moved.applicant.email = date(1990, 5, 1), "duc@example.vn"
    last_code = receive(services, moved).code
    clock.now = local(2026, 3, 13, 8, 0)
    other = applicant(name="Đặng Thị Hồng", id_number="022185004321")
    receive(services, reception(applicant=other))

    known = Desk(services).known_applicant("022090001234")
    assert known == KnownApplicant(
        applicant_type=1,
        id_number="022090001234",
        name="Nguyễn Văn Đức",
        birth_date=date(1990, 5, 1),
        sex=None,
        phone="0387654321",
        email="duc@example.vn",
        address="Khu 3, Vân Đồn",
        last_code=last_code,
        last_received_at=local(2026, 3, 12, 14, 5),
        last_received_on=date(2026, 3, 12),
    )


def test_the_last_dossier_is_dated_in_local_time(services: Services, clock: FakeClock) -> None:
    clock.now = local(2026, 3, 11, 6, 30)  # still 10 March in UTC
    receive(services, reception())
    known = Desk(services).known_applicant("022090001234")
    assert known is not None and known.last_received_on == date(2026, 3, 11)
    assert known.last_received_at.astimezone(TZ).hour == 6


def test_the_lookup_goes_through_indexes_only(services: Services) -> None:
    """No table scan: a million dossiers answer as fast as eight (bench_gui times it)."""
    receive(services, reception())
    query = known_applicant_query("022090001234").compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    with services.db.read() as session:
        plan = [row[3] for row in session.execute(text(f"EXPLAIN QUERY PLAN {query}"))]
    assert plan[:2] == [
        "SEARCH applicants USING INDEX ix_applicants_id_number (id_number=?)",
        "SEARCH dossiers USING INDEX ix_dossiers_applicant_id (applicant_id=?)",
    ]
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_a_voided_dossier_offers_nothing(services: Services, clock: FakeClock) -> None:
    """Voided as received in error (the wrong person's details): never offered again."""
    first = receive(services, reception()).code
    clock.now = local(2026, 3, 11, 9, 0)
    wrong = reception(applicant=applicant(name="Người Khác", address="Địa chỉ nhầm"))
    mistake = receive(services, wrong).code
    void_dossier(services, mistake, "Nhầm người nộp", acting("Nguyễn Thị Mai"))
    known = Desk(services).known_applicant("022090001234")
    assert known is not None and known.last_code == first and known.name == "Nguyễn Văn Đức"
    void_dossier(services, first, "Nhầm thủ tục", acting("Nguyễn Thị Mai"))
    assert Desk(services).known_applicant("022090001234") is None
