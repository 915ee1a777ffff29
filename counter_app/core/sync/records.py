"""Keeping the center's dossiers here: applying the province's dossier records.

A record is the province's current state of one dossier of the agency, whichever
counter received it. It is applied as an idempotent upsert: a dossier unknown here
is added (with its documents and a history line), a known one takes the record's
status, appointment, return, corrections and void. The province is authoritative.

A record never steps a dossier back (``Dossier.rev`` is the number of the last one
applied). While this counter's own events on a dossier are still on their way, the
record is held (``held_records``): it predates them. It is applied once they are
answered, then saying what the province made of them (a conflict lost to another
counter shows the province's state, and the rejected event stays in the console).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import msgspec
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from counter_app.core.domain.status import Status
from counter_app.core.errors import CounterError
from counter_app.core.store import models as m
from counter_app.core.store.search import index_dossier
from counter_app.core.sync.protocol_records import DossierRecord
from counter_app.core.sync.record_fields import (
    HOLDER,
    holder,
    moment,
    status_line,
)
from counter_app.core.sync.records_bulk import NewDossier, insert_new, keep_code
from counter_app.core.sync.status import PENDING


@dataclass
class RecordApplier:
    """Applies records inside the caller's transaction; one per pulled page."""

    session: Session
    now: datetime
    _procedures: dict[str, int | None] = field(default_factory=dict)
    _station: int | None = None

    def known(self, codes: Sequence[str]) -> set[str]:
        """Which of these dossiers this counter has already."""
        return set(self.session.scalars(select(m.Dossier.code).where(m.Dossier.code.in_(codes))))

    def prepare(self, record: DossierRecord) -> NewDossier:
        """A record new here, checked and ready for ``add_new`` (raises if unusable)."""
        try:
            received_at, details = moment(record.NgayTiepNhan), holder(record)
            moment(record.NgayHenTra), moment(record.NgayTra)
            moment(record.XuLy.ThoiDiemXuLy if record.XuLy else None)
        except ValueError as error:
            raise CounterError(f"hồ sơ {record.MaHoSo} có ngày không có thật ({error})") from None
        assert received_at is not None
        return NewDossier(record, self._procedure(record), received_at, details)

    def add_new(self, new: Sequence[NewDossier], *, history: bool = False) -> None:
        """Dossiers unknown here, in a few statements (``history``: ids below all others)."""
        insert_new(self.session, self.now, new, history=history)

    def apply(self, record: DossierRecord) -> bool:
        """True if the record changed something here (or was held for later)."""
        session = self.session
        dossier = session.scalar(select(m.Dossier).where(m.Dossier.code == record.MaHoSo))
        if dossier is not None and dossier.rev >= record.rev:
            return False  # this record or a newer one is here already
        if dossier is not None and _events_on_their_way(session, record.MaHoSo):
            _hold(session, record)
            return True
        if dossier is None:
            self._insert(record)
        else:
            self._update(dossier, record)
        return True

    def release(self) -> list[m.HeldRecord]:
        """Take out the held records whose dossier has no event on its way any more."""
        answered = select(m.HeldRecord).where(
            ~exists().where(
                m.OutboxEvent.dossier_code == m.HeldRecord.code, m.OutboxEvent.state == PENDING
            )
        )
        released = list(self.session.scalars(answered))
        for row in released:
            self.session.delete(row)
        self.session.flush()
        return released

    # --- a dossier new here -------------------------------------------------------------

    def _insert(self, record: DossierRecord) -> None:
        self.add_new([self.prepare(record)])

    def _procedure(self, record: DossierRecord) -> int:
        code = record.MaTTHC
        if code not in self._procedures:
            self._procedures[code] = self.session.scalar(
                select(m.Procedure.id)
                .where(m.Procedure.code == code)
                .order_by(m.Procedure.catalog_version_id.desc())
                .limit(1)
            )
        found = self._procedures[code]
        if found is None:
            raise CounterError(
                f"hồ sơ {record.MaHoSo} thuộc thủ tục {code} ({record.TenTTHC[:80]}) chưa có "
                "trong danh mục thủ tục ở quầy. Hãy cập nhật danh mục rồi báo cho Sở."
            )
        return found

    def _applicant(self, record: DossierRecord) -> m.Applicant:
        """The applicant row for the record's details: a person's row is reused only
        when every detail is the same, as at the desk."""
        fields = dict(zip(HOLDER, holder(record), strict=True))
        if record.SoGiayToChuHoSo:
            found = self.session.scalar(select(m.Applicant).filter_by(**fields).limit(1))
            if found is not None:
                return found
        return m.Applicant(created_at=self.now, **fields)

    # --- a dossier known here -------------------------------------------------------------

    def _update(self, dossier: m.Dossier, record: DossierRecord) -> None:
        held = dossier.status
        if _differs(dossier.applicant, holder(record)):  # corrected (at any counter)
            dossier.applicant = self._applicant(record)
            self.session.flush()
            index_dossier(self.session, dossier.id, dossier.applicant)
        dossier.appointment_at = moment(record.NgayHenTra)
        dossier.status, dossier.rev, dossier.updated_at = record.TrangThai, record.rev, self.now
        dossier.counter_number = dossier.counter_number or record.Quay
        if record.SoThuTu and not dossier.ledger_number:
            dossier.ledger_number = record.SoThuTu
        _returned(dossier, record)
        self._history_to(dossier, held, record)
        self._code(dossier, record)

    def _history_to(self, dossier: m.Dossier, held: int, record: DossierRecord) -> None:
        """The line for the record's status, when it is not the one ``held`` here."""
        if record.TrangThai == held:
            return
        at, actor, note = status_line(record, held, self.now)
        self.session.add(
            m.StatusChange(
                dossier_id=dossier.id,
                from_status=held,
                to_status=record.TrangThai,
                at=at,
                actor=actor,
                note=note,
            )
        )

    def _code(self, dossier: m.Dossier, record: DossierRecord) -> None:
        own = record.Quay == self._station_counter()
        keep_code(self.session, record, dossier.received_at, dossier.id, own=own)

    def _station_counter(self) -> int:
        if self._station is None:
            station = self.session.get(m.Station, 1)
            self._station = station.counter_number if station else 0
        return self._station


def decode_record(payload: dict[str, object]) -> DossierRecord:
    return msgspec.convert(payload, DossierRecord)


def _events_on_their_way(session: Session, code: str) -> bool:
    query = select(m.OutboxEvent.id).where(
        m.OutboxEvent.dossier_code == code, m.OutboxEvent.state == PENDING
    )
    return session.scalar(query.limit(1)) is not None


def _hold(session: Session, record: DossierRecord) -> None:
    held = session.get(m.HeldRecord, record.MaHoSo)
    if held is not None and held.rev >= record.rev:
        return
    session.execute(delete(m.HeldRecord).where(m.HeldRecord.code == record.MaHoSo))
    session.add(m.HeldRecord(code=record.MaHoSo, rev=record.rev, payload=_builtins(record)))


def _builtins(record: DossierRecord) -> dict[str, object]:
    built: dict[str, object] = msgspec.to_builtins(record)
    return built


def _returned(dossier: m.Dossier, record: DossierRecord) -> None:
    if record.TrangThai == Status.RETURNED:
        dossier.returned_at = moment(record.NgayTra) or dossier.returned_at
        dossier.collected_by_name = record.NguoiNhanKetQua or dossier.collected_by_name
        dossier.collected_by_id_number = record.SoGiayToNguoiNhan or dossier.collected_by_id_number


def _differs(held: m.Applicant, given: tuple[object, ...]) -> bool:
    return any(getattr(held, name) != value for name, value in zip(HOLDER, given, strict=True))
