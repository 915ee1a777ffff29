"""The center's dossier records applied at a counter: upserted once, never stepped back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from sqlalchemy import func, select

from counter_app.core.domain.status import Status
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import change_status
from counter_app.core.services.identity import bind_identity
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.store.check import check
from counter_app.core.store.printing import dossier_sheet
from counter_app.core.store.search import ready_count, ready_results, search
from counter_app.core.sync.protocol import Change
from counter_app.core.sync.protocol_records import DossierRecord
from counter_app.core.sync.pull import apply_changes, apply_records, skipped_changes
from tests.conftest import AGENCY, TZ
from tests.helpers import reception

NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
OTHER = f"{AGENCY}-260309-2007"  # counter 2's 7th dossier of 9 March


def record(rev: int, code: str = OTHER, **changes: Any) -> dict[str, Any]:
    fields = {
        "rev": rev,
        "MaHoSo": code,
        "Quay": int(code[-4]),
        "SoThuTu": 41,
        "MaTTHC": "1.001193",
        "TenTTHC": "Đăng ký khai sinh",
        "ChuHoSo": "Phạm Thị Mai",
        "LoaiDoiTuong": 1,
        "SoGiayToChuHoSo": "022190004321",
        "DiaChi": "Thôn Đông Tiến, đặc khu Cô Tô",
        "NgayTiepNhan": "20260309141500",
        "KetQuaTiepNhan": 2,
        "TrangThai": 2,
        "NguoiTiepNhan": "Trần An",
        "DonViXuLy": "UBND đặc khu Cô Tô",
        "NgayHenTra": "20260310170000",
        "GiayTo": [["Tờ khai đăng ký khai sinh", "original", 1, True]],
    }
    return fields | changes


@pytest.fixture(autouse=True)
def station(services: Services) -> None:
    """The database knows it is counter 1's, as every counter's does once set up."""
    bind_identity(services.db, services.settings, NOW)


def pulled(services: Services, *payloads: dict[str, Any]) -> list[str]:
    changes = [Change(seq=p["rev"], kind="dossier", payload=p) for p in payloads]
    with services.db.write() as session:
        return apply_changes(session, changes, NOW)


def test_another_counters_dossier_arrives_whole_and_is_found_by_scan(services: Services) -> None:
    assert pulled(services, record(5)) == []
    with services.db.read() as session:
        [row] = search(session, OTHER)
        sheet = dossier_sheet(session, OTHER, TZ)
    assert check(services.db).ok  # its code is counter 2's: no gap in this counter's numbers
    assert (row.ledger, row.applicant_name) == ("Q2-41", "Phạm Thị Mai")
    assert sheet.ledger_book == "2026-Q2" and sheet.received_by == "Trần An"
    assert [d.name for d in sheet.documents] == ["Tờ khai đăng ký khai sinh"]
    assert sheet.appointment_at == datetime(2026, 3, 10, 17, tzinfo=TZ)


def test_a_record_is_applied_once_and_never_steps_a_dossier_back(services: Services) -> None:
    done = record(9, TrangThai=9, XuLy={"TrangThaiTruoc": 2, "ThoiDiemXuLy": "20260310100000",
                                         "NoiDungXuLy": "Đã ký"})  # fmt: skip
    pulled(services, record(5), done)
    pulled(services, record(5), done)  # a page fetched again, the feed's copy again
    with services.db.read() as session:
        sheet = dossier_sheet(session, OTHER, TZ)
        assert ready_count(session) == 1 and [r.code for r in ready_results(session)] == [OTHER]
    assert sheet.status == Status.DONE
    assert [(p.status, p.note) for p in sheet.progress][-1] == (9, "Đã ký")
    assert len(sheet.progress) == 2  # received, done: nothing twice


def test_records_from_pages_and_the_bad_ones_are_kept_for_a_person(services: Services) -> None:
    unknown = record(7, f"{AGENCY}-260309-2008", MaTTHC="9.999999")
    no_such_day = record(8, f"{AGENCY}-260309-2009", NgayHenTra="20260231170000")
    page = [msgspec.convert(r, DossierRecord) for r in (record(6), unknown, no_such_day)]
    with services.db.write() as session:
        skipped = apply_records(session, page, NOW)
    assert len(skipped) == 2 and "9.999999" in skipped[0] and "danh mục" in skipped[0]
    assert "ngày không có thật" in skipped[1]
    with services.db.read() as session:
        assert [s.seq for s in skipped_changes(session)] == [8, 7]
        assert session.scalar(select(m.Dossier.code).where(m.Dossier.code == OTHER)) == OTHER


def test_a_record_waits_while_this_counters_own_event_is_on_its_way(
    services: Services,
) -> None:
    code = receive(services, reception()).code
    change_status(services, code, Status.PROCESSING, "Lê Thị Hoa")  # not yet sent
    stale = record(3, code, Quay=1, TrangThai=2, SoThuTu=1)
    assert pulled(services, stale) == []
    with services.db.read() as session:
        assert dossier_sheet(session, code, TZ).status == Status.PROCESSING  # not stepped back
        assert session.get(m.HeldRecord, code) is not None
    with services.db.write() as session:  # the province answered: the event was refused
        for row in session.scalars(select(m.OutboxEvent)):
            row.state = "quarantined"
    pulled(services)  # the next pull applies what was held: the province's state
    with services.db.read() as session:
        assert dossier_sheet(session, code, TZ).status == Status.ACCEPTED
        assert session.get(m.HeldRecord, code) is None


def test_a_correction_and_a_void_at_another_counter_reach_this_one(services: Services) -> None:
    pulled(services, record(5))
    void = {"LyDo": "Nhầm thủ tục", "NguoiXuLy": "Trần An", "ThoiDiem": NOW.isoformat()}
    pulled(services, record(8, ChuHoSo="Phạm Thị Mây", HieuChinh=1, Huy=void))
    with services.db.read() as session:
        sheet = dossier_sheet(session, OTHER, TZ)
        [row] = search(session, "Phạm Thị Mây")
    assert check(services.db).ok
    assert sheet.applicant_name == "Phạm Thị Mây" and row.code == OTHER
    assert sheet.voided and sheet.void_reason == "Nhầm thủ tục"


def test_a_page_added_together_reads_as_one_applied_alone(services: Services) -> None:
    """The bulk path (pages) and the one-by-one path (the feed) write the same dossier."""
    alone, together = f"{AGENCY}-260309-2001", f"{AGENCY}-260309-2002"
    done = {"TrangThaiTruoc": 9, "ThoiDiemXuLy": "20260310100000", "NoiDungXuLy": "Trả",
            "Quay": 2}  # fmt: skip
    details = {"TrangThai": 10, "NgayTra": "20260310100000", "NguoiNhanKetQua": "Phạm Thị Mai",
               "XuLy": done}  # fmt: skip
    pulled(services, record(3, alone, SoThuTu=1, **details))
    page = [msgspec.convert(record(4, together, SoThuTu=2, **details), DossierRecord)]
    with services.db.write() as session:
        assert apply_records(session, page, NOW, history=True) == []
    with services.db.read() as session:
        one, other = (dossier_sheet(session, code, TZ) for code in (alone, together))
        ids = {code: id_ for code, id_ in session.execute(select(m.Dossier.code, m.Dossier.id))}
        found = {row.code for row in search(session, "Phạm Thị Mai 0221")}  # both indexed
        assert session.scalar(select(func.count()).select_from(m.Applicant)) == 1  # one person
    assert found == {alone, together}
    assert ids[together] < 0 < ids[alone]  # history below every other id
    same = ("status", "received_by", "documents", "appointment_at", "applicant_name", "phone")
    assert all(getattr(one, f) == getattr(other, f) for f in same)
    assert [(p.status, p.note, p.actor) for p in one.progress] == [
        (p.status, p.note, p.actor) for p in other.progress
    ]
