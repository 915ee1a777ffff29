"""The change feed's dossier records, and the pages a new counter fetches first.

Every dossier the province holds has one row of kind ``dossier`` in ``changes``:
its latest change. Whenever a dossier is received or changes, its old row goes and
a new one takes the next number (``Dossier.rev``); the record itself is built from
the dossier when the row is read. A counter far behind (or new) thus pulls each
dossier once, however often it changed.

Numbers are taken and committed in order for each reader. A reader sees its own
agency's rows and the rows for everyone (catalog, calendar): an agency's writers
queue on that agency's lock, and a change for everyone takes the table, waiting for
every writer in flight. Writers of different agencies never wait for each other.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import msgspec
from sqlalchemy import and_, delete, func, or_, select, text
from sqlalchemy.orm import Session

from counter_app.core.domain.status import ALLOWED, Status
from counter_app.core.sync.protocol_records import (
    DossierRecord,
    LastStep,
    RecordDocument,
    RecordsPart,
    VoidRecord,
)
from provincial_server.models import Change, Dossier

DOSSIER = "dossier"
CLOSED = [int(s) for s in Status if not ALLOWED[s]]  # nothing more happens to them
_NONE = ""  # the key of a part's first page


# One lock for every writer (what the province had before the center's records), kept
# to measure the difference: benchmarks/bench_province.py runs both.
ONE_LOCK = os.environ.get("PROVINCIAL_FEED_LOCK") == "table"


def lock_feed(session: Session, agency: str | None) -> None:
    """Before taking a number: the agency's writers in order; a global change after all.

    SQLite serializes writers already (BEGIN IMMEDIATE).
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    if agency is None or ONE_LOCK:
        session.execute(text("LOCK TABLE changes IN EXCLUSIVE MODE"))
    else:  # held to the end of the transaction, like the row lock the insert takes
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(agency)})


def _lock_key(agency: str) -> int:
    return zlib.crc32(f"feed:{agency}".encode())


def add_change(session: Session, change: Change) -> None:
    lock_feed(session, change.agency)
    session.add(change)


def publish(session: Session, dossiers: Iterable[Dossier], now: datetime) -> None:
    """Each dossier's record, as it is now, becomes the latest in its agency's feed."""
    touched = {d.code: d for d in dossiers}
    if not touched:
        return
    for agency in sorted({d.agency for d in touched.values()}):
        lock_feed(session, agency)
    session.execute(delete(Change).where(Change.kind == DOSSIER, Change.dossier.in_(list(touched))))
    rows = {
        code: Change(agency=d.agency, kind=DOSSIER, dossier=code, payload={}, created_at=now)
        for code, d in sorted(touched.items())
    }
    session.add_all(rows.values())
    session.flush()
    for code, row in rows.items():
        touched[code].rev = row.seq


def record(dossier: Dossier) -> DossierRecord:
    """The compact current state a counter keeps of a dossier."""
    data = dossier.data
    outcome = data.get("KetQuaTiepNhan") or data.get("TrangThaiHoSo")
    # A dossier from before the outcome was kept that went on: it had been accepted.
    received: Literal[2, 3, 5] = outcome if outcome in (3, 5) else 2
    returned = dossier.status == Status.RETURNED
    step = data.get("XuLy")
    assert dossier.rev is not None
    return DossierRecord(
        rev=dossier.rev,
        MaHoSo=dossier.code,
        Quay=dossier.counter,
        MaTTHC=data["MaTTHC"],
        TenTTHC=data["TenTTHC"],
        ChuHoSo=data["ChuHoSo"],
        LoaiDoiTuong=data["LoaiDoiTuong"],
        DiaChi=data["DiaChi"],
        NgayTiepNhan=data["NgayTiepNhan"],
        KetQuaTiepNhan=received,
        TrangThai=dossier.status,
        NguoiTiepNhan=data["NguoiTiepNhan"],
        DonViXuLy=data["DonViXuLy"],
        SoThuTu=data.get("SoThuTu"),
        TrichYeuHoSo=data.get("TrichYeuHoSo") or "",
        KenhThucHien=data.get("KenhThucHien", 1),
        SoGiayToChuHoSo=data.get("SoGiayToChuHoSo"),
        NgaySinh=data.get("NgaySinh"),
        GioiTinh=data.get("GioiTinh"),
        SoDienThoai=data.get("SoDienThoai"),
        Email=data.get("Email"),
        NgayHenTra=data.get("NgayHenTra"),
        SoBo=data.get("SoBo", 1),
        LePhi=data.get("LePhi"),
        HinhThucTraKetQua=data.get("HinhThucTraKetQua", "counter"),
        DiaChiNhanKetQua=data.get("DiaChiNhanKetQua"),
        GhiChu=data.get("GhiChu"),
        GiayTo=[
            RecordDocument(g["Ten"], g["LoaiBan"], g.get("SoLuong", 1), g.get("DaNop", True))
            for g in data.get("GiayTo", [])
        ],
        NgayTra=data.get("NgayTra") if returned else None,
        NguoiNhanKetQua=data.get("NguoiNhanKetQua") if returned else None,
        SoGiayToNguoiNhan=data.get("SoGiayToNguoiNhan") if returned else None,
        XuLy=LastStep(**step) if isinstance(step, dict) else None,
        Huy=_void(dossier),
        HieuChinh=len(data.get("HieuChinh", [])),
    )


def _void(dossier: Dossier) -> VoidRecord | None:
    if dossier.voided_at is None:
        return None
    void = dossier.data.get("Huy") or {}
    return VoidRecord(
        LyDo=void.get("LyDo") or dossier.data.get("LyDo") or "",
        NguoiXuLy=void.get("NguoiXuLy") or dossier.data.get("NguoiXuLy") or "",
        ThoiDiem=dossier.voided_at,
        Quay=void.get("Quay", dossier.counter),
    )


def step(before: int, person: str, note: str, at: str, counter: int) -> dict[str, Any]:
    """What ``LastStep`` says of a status change, kept in the dossier's data."""
    return {
        "TrangThaiTruoc": before,
        "ThoiDiemXuLy": at,
        "NoiDungXuLy": note,
        "NguoiXuLy": person,
        "Quay": counter,
    }


def rows_with_records(session: Session, rows: list[Change]) -> list[dict[str, Any]]:
    """The feed rows as sent: a dossier row carries the dossier's record."""
    codes = [c.dossier for c in rows if c.kind == DOSSIER and c.dossier]
    found = {d.code: d for d in session.scalars(select(Dossier).where(Dossier.code.in_(codes)))}
    out = []
    for change in rows:
        payload = change.payload
        if change.kind == DOSSIER:
            dossier = found.get(change.dossier or "")
            if dossier is None or dossier.rev != change.seq:
                continue  # superseded while this page was read: its newer row follows
            payload = _builtins(record(dossier))
        out.append({"seq": change.seq, "kind": change.kind, "payload": payload})
    return out


def _builtins(item: DossierRecord) -> dict[str, Any]:
    built: dict[str, Any] = msgspec.to_builtins(item)
    return built


def head(session: Session, agency: str) -> int:
    """The last number a reader of ``agency`` can see: every row of the agency (and for
    everyone) up to it has committed, as rows commit in order for each reader. Other
    agencies' later numbers may be committed before an earlier one of this agency."""
    visible = (Change.agency == agency) | Change.agency.is_(None)
    return session.scalar(select(func.max(Change.seq)).where(visible)) or 0


def records_page(
    session: Session, agency: str, part: RecordsPart, *, key: str, boundary: datetime, limit: int
) -> tuple[list[DossierRecord], str | None]:
    """One page of the agency's dossiers; the key of the next page (None: no more).

    ``current``: not yet closed (nor voided), or received at or after ``boundary``,
    oldest first (a counter's ids then follow reception, as its search expects);
    ``history``: received before it, newest first (what a clerk may need sooner).
    Keyset pages: each resumes where the last ended, so the whole walk reads each
    dossier once whatever the page size.
    """
    query = select(Dossier).where(Dossier.agency == agency, Dossier.rev.is_not(None))
    newest_first = part is RecordsPart.HISTORY
    if newest_first:
        query = query.where(Dossier.received_at < boundary)
    else:
        still_open = Dossier.status.not_in(CLOSED) & Dossier.voided_at.is_(None)
        query = query.where(or_(Dossier.received_at >= boundary, still_open))
    if key != _NONE:
        at, code = _position(key)
        if newest_first:
            after = or_(
                Dossier.received_at < at, and_(Dossier.received_at == at, Dossier.code < code)
            )
        else:
            after = or_(
                Dossier.received_at > at, and_(Dossier.received_at == at, Dossier.code > code)
            )
        query = query.where(after)
    order = (Dossier.received_at, Dossier.code)
    query = query.order_by(*(c.desc() for c in order) if newest_first else order).limit(limit)
    found = list(session.scalars(query))
    records = [record(d) for d in found]
    if len(found) < limit:
        return records, None
    last = found[-1]
    return records, f"{(last.received_at - EPOCH) // MICROSECOND}|{last.code}"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
# A page key: the last record's reception (microseconds since 1970, UTC) and code.
KEY_PATTERN = r"^([0-9]{1,19}\|[0-9A-Za-z.\-]{1,40})?$"


def _position(key: str) -> tuple[datetime, str]:
    """Where a key says the last page ended (any key of the pattern is a position)."""
    micros, _, code = key.partition("|")
    return EPOCH + min(int(micros), (LATEST - EPOCH) // MICROSECOND) * MICROSECOND, code
