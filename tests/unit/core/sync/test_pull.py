"""A pulled change that cannot be applied is skipped, never a wedge, and never silent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import void_dossier
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.store.check import check
from counter_app.core.store.engine import Database
from counter_app.core.sync.protocol import Change
from counter_app.core.sync.pull import apply_changes, skipped_changes
from tests.conftest import make_settings
from tests.helpers import acting, reception

NOW = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def status(code: str, **changes: Any) -> dict[str, Any]:
    payload = {
        "MaHoSo": code,
        "TrangThaiTruoc": 2,
        "TrangThai": 4,
        "NoiDungXuLy": "Chuyển phòng Tư pháp",
        "ThoiDiemXuLy": NOW.isoformat(),
    }
    return payload | changes


def test_bad_changes_are_skipped_and_kept_while_good_ones_apply(db: Database) -> None:
    code = receive(Services(db, make_settings()), reception()).code
    day = {"day": "2026-04-27", "kind": "off", "name": "Nghỉ bù"}
    changes = [
        Change(seq=1, kind="status", payload=status(code, TrangThai="bốn")),
        Change(seq=2, kind="fees", payload={"amount": 1}),  # from a newer province server
        Change(seq=3, kind="calendar", payload={"days": [day | {"name": "\u202enghỉ"}]}),
        Change(seq=4, kind="catalog", payload={"not": "a catalog"}),
        Change(seq=5, kind="status", payload=status(code)),
        Change(seq=6, kind="calendar", payload={"days": [day]}),
    ]
    with db.write() as session:
        skipped = apply_changes(session, changes, NOW)
    assert [s.split(" ")[3] for s in skipped] == ["1", "2", "3", "4"]
    assert "TrangThai" in skipped[0] and "«fees»" in skipped[1] and "U+202E" in skipped[2]
    with db.read() as session:
        dossier = session.scalar(select(m.Dossier).where(m.Dossier.code == code))
        assert dossier is not None and dossier.status == 4  # the good change after the bad ones
        assert session.get(m.CalendarDay, date(2026, 4, 27)) is not None
        kept = skipped_changes(session)
        assert [(k.seq, k.kind) for k in kept] == [(4, "catalog"), (3, "calendar"), (2, "fees"),
                                                   (1, "status")]  # fmt: skip
        assert '"amount": 1' in kept[2].payload  # what the province sent, for support
    report = check(db)
    assert report.ok and len(report.skipped) == 4


def test_a_status_for_a_dossier_voided_here_is_skipped_with_why(db: Database) -> None:
    """The counter voided offline while the province moved the dossier on: nothing applies."""
    services = Services(db, make_settings())
    code = receive(services, reception()).code
    void_dossier(services, code, "Tiếp nhận nhầm thủ tục", acting("Lê Thị Hoa"))
    with db.write() as session:
        skipped = apply_changes(session, [Change(seq=7, kind="status", payload=status(code))], NOW)
    [why] = skipped
    assert code in why and "đã bị hủy" in why and "Tiếp nhận nhầm thủ tục" in why
    assert "«Đang xử lý»" in why  # what the province did, for the person who reads it
    with db.read() as session:
        dossier = session.scalar(select(m.Dossier).where(m.Dossier.code == code))
        assert dossier is not None and dossier.status == 2  # still as it was voided
        assert [h.actor for h in dossier.history if h.actor == "Hệ thống tỉnh"] == []
        [kept] = skipped_changes(session)
        assert (kept.seq, kept.kind, kept.reason) == (7, "status", why)
