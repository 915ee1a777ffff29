"""Adding a page of the center's dossiers that are new here, in a few statements.

A new counter fetches a busy center's 250,000 dossiers: one ORM object graph per
record (dossier, applicant, documents, history, search row) cost 7 ms, so an hour.
Records new here are added with one multi-row insert per table instead; what the
desk would write for a dossier is written the same (``RecordApplier._insert`` does
the same for one record and stays the reference: the tests compare the two).

History pages come newest first. Their dossiers get ids below every other, each
lower than the last, so that ids (the search index's order: newest matches first)
still follow the order of reception.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from counter_app.core.domain.status import Status
from counter_app.core.store import models as m
from counter_app.core.store.codes_repo import SKIPPED, USED, VOIDED
from counter_app.core.store.search import search_text_of
from counter_app.core.sync.protocol_records import DossierRecord
from counter_app.core.sync.record_fields import CENTER_TZ, HOLDER, moment, status_line

# Core, not ORM, inserts: the ORM's bulk path cost as much again as SQLite itself.
_TABLES = m.Base.metadata.tables
APPLICANTS, DOSSIERS, DOCUMENTS = (
    _TABLES["applicants"],
    _TABLES["dossiers"],
    _TABLES["dossier_documents"],
)
HISTORY, ISSUED = _TABLES["status_history"], _TABLES["issued_codes"]


@dataclass(frozen=True)
class NewDossier:
    record: DossierRecord
    procedure_id: int
    received_at: datetime
    holder: tuple[Any, ...]  # the applicant's fields, in HOLDER order


def insert_new(
    session: Session, now: datetime, new: Sequence[NewDossier], *, history: bool
) -> None:
    """Add dossiers unknown here, as ``RecordApplier._insert`` would one by one."""
    if not new:
        return
    applicants = _applicants(session, now, [n.holder for n in new])
    ids = _dossiers(session, now, new, applicants, history=history)
    _documents(session, new, ids)
    _history(session, new, ids)
    _codes(session, new, ids)
    session.execute(
        text("INSERT INTO dossier_search (rowid, text) VALUES (:id, :text)"),
        [
            {
                "id": ids[i],
                "text": search_text_of(n.holder[1], n.holder[7], n.holder[5], n.holder[2]),
            }
            for i, n in enumerate(new)
        ],
    )


def _applicants(
    session: Session, now: datetime, holders: list[tuple[Any, ...]]
) -> dict[tuple[Any, ...], int]:
    """Each distinct set of details → its row: the desk's row if identical, else a new one."""
    numbers = {h[2] for h in holders if h[2]}
    found: dict[tuple[Any, ...], int] = {}
    if numbers:
        columns = [getattr(m.Applicant, name) for name in HOLDER]
        for row in session.execute(
            select(m.Applicant.id, *columns).where(m.Applicant.id_number.in_(numbers))
        ):
            found.setdefault(tuple(row[1:]), row[0])
    missing = list(dict.fromkeys(h for h in holders if h not in found))
    if missing:
        ids = _next_ids(session, APPLICANTS.c.id, len(missing))
        rows = [
            dict(zip(HOLDER, h, strict=True), id=i, created_at=now)
            for i, h in zip(ids, missing, strict=True)
        ]
        session.execute(insert(APPLICANTS), rows)
        found.update(zip(missing, ids, strict=True))
    return found


def _next_ids(session: Session, column: Any, count: int, *, below: bool = False) -> list[int]:
    """Ids for new rows, chosen here: SQLite returns multi-row RETURNING in no promised
    order, so SQLAlchemy would insert row by row. The write transaction holds the
    database, so no one else takes them meanwhile. ``below``: under every id, downwards."""
    if below:
        start = min(session.scalar(select(func.min(column))) or 1, 0) - 1
        return list(range(start, start - count, -1))
    start = (session.scalar(select(func.max(column))) or 0) + 1
    return list(range(start, start + count))


def _dossiers(
    session: Session,
    now: datetime,
    new: Sequence[NewDossier],
    applicants: dict[tuple[Any, ...], int],
    *,
    history: bool,
) -> list[int]:
    # History comes newest first: below every id, downwards, the search index's order
    # (newest matches first) stays the order of reception.
    ids = _next_ids(session, DOSSIERS.c.id, len(new), below=history)
    rows = [
        _dossier_row(n, applicants[n.holder], now) | {"id": i}
        for i, n in zip(ids, new, strict=True)
    ]
    session.execute(insert(DOSSIERS), rows)
    return ids


def _dossier_row(new: NewDossier, applicant_id: int, now: datetime) -> dict[str, Any]:
    record = new.record
    returned = record.TrangThai == Status.RETURNED
    return {
        "code": record.MaHoSo,
        "procedure_id": new.procedure_id,
        "applicant_id": applicant_id,
        "status": record.TrangThai,
        "channel": record.KenhThucHien,
        "sets_count": record.SoBo,
        "summary": record.TrichYeuHoSo or record.TenTTHC,
        "received_at": new.received_at,
        "appointment_at": moment(record.NgayHenTra),
        "received_by": record.NguoiTiepNhan,
        "processing_body": record.DonViXuLy,
        "fee_amount": record.LePhi,
        "return_method": record.HinhThucTraKetQua,
        "return_address": record.DiaChiNhanKetQua,
        "outcome_reason": record.GhiChu,
        "returned_at": moment(record.NgayTra) if returned else None,
        "collected_by_name": record.NguoiNhanKetQua if returned else None,
        "collected_by_id_number": record.SoGiayToNguoiNhan if returned else None,
        "updated_at": now,
        "ledger_year": new.received_at.astimezone(CENTER_TZ).year,
        "ledger_number": record.SoThuTu or 0,
        "counter_number": record.Quay,
        "rev": record.rev,
    }


def _documents(session: Session, new: Sequence[NewDossier], ids: list[int]) -> None:
    rows = [
        {
            "dossier_id": ids[i],
            "position": position,
            "name": d.Ten,
            "kind": d.LoaiBan,
            "count": d.SoLuong,
            "received": d.DaNop,
        }
        for i, n in enumerate(new)
        for position, d in enumerate(n.record.GiayTo, start=1)
    ]
    if rows:
        session.execute(insert(DOCUMENTS), rows)


def _history(session: Session, new: Sequence[NewDossier], ids: list[int]) -> None:
    rows = []
    for i, n in enumerate(new):
        record = n.record
        rows.append(
            {
                "dossier_id": ids[i],
                "from_status": int(Status.REGISTERED),
                "to_status": record.KetQuaTiepNhan,
                "at": n.received_at,
                "actor": record.NguoiTiepNhan,
                "note": record.GhiChu or "",
            }
        )
        if record.TrangThai != record.KetQuaTiepNhan:
            at, actor, note = status_line(record, record.KetQuaTiepNhan, n.received_at)
            rows.append(
                {
                    "dossier_id": ids[i],
                    "from_status": record.KetQuaTiepNhan,
                    "to_status": record.TrangThai,
                    "at": at,
                    "actor": actor,
                    "note": note,
                }
            )
    session.execute(insert(HISTORY), rows)


def _codes(session: Session, new: Sequence[NewDossier], ids: list[int]) -> None:
    """This counter's own numbers (recovered on a new PC) and any voided code, kept in
    ``issued_codes`` as the desk keeps them; another counter's numbers are its own."""
    station = session.scalar(select(m.Station.counter_number).where(m.Station.id == 1))
    kept = [(ids[i], n) for i, n in enumerate(new) if n.record.Quay == station or n.record.Huy]
    if not kept:
        return
    codes = [n.record.MaHoSo for _, n in kept]
    found = select(m.IssuedCode.code, m.IssuedCode.state).where(m.IssuedCode.code.in_(codes))
    held = {code: state for code, state in session.execute(found)}  # skipped at enrolment
    added, changed = [], []
    for dossier_id, n in kept:
        record = n.record
        state, note = (VOIDED, record.Huy.LyDo) if record.Huy else (USED, "")
        if record.MaHoSo not in held:
            added.append(
                {
                    "code": record.MaHoSo,
                    "local_date": n.received_at.astimezone(CENTER_TZ).date(),
                    "counter_number": record.Quay,
                    "seq": int(record.MaHoSo[-3:]),
                    "state": state,
                    "note": note,
                    "issued_at": n.received_at,
                    "dossier_id": dossier_id,
                }
            )
        elif held[record.MaHoSo] in (USED, SKIPPED) or record.Huy:
            values = {"state": state, "dossier_id": dossier_id} | ({"note": note} if note else {})
            changed.append((record.MaHoSo, values))
    if added:
        session.execute(insert(ISSUED), added)
    for code, values in changed:  # few: only numbers skipped at enrolment
        session.execute(update(ISSUED).where(ISSUED.c.code == code).values(values))


def keep_code(
    session: Session, record: DossierRecord, received_at: datetime, dossier_id: int, *, own: bool
) -> None:
    """One dossier's code, as ``_codes`` keeps a page's."""
    if not (own or record.Huy):
        return
    issued = session.get(m.IssuedCode, record.MaHoSo)
    state, note = (VOIDED, record.Huy.LyDo) if record.Huy else (USED, "")
    if issued is None:
        issued = m.IssuedCode(
            code=record.MaHoSo,
            local_date=received_at.astimezone(CENTER_TZ).date(),
            counter_number=record.Quay,
            seq=int(record.MaHoSo[-3:]),
            state=state,
            note=note,
            issued_at=received_at,
        )
        session.add(issued)
    elif issued.state in (USED, SKIPPED) or record.Huy:
        issued.state, issued.note = state, note or issued.note
    issued.dossier_id = dossier_id
