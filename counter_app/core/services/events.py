"""Building outbox events for dossiers in the national portal's field names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.core.settings import Settings
from counter_app.core.store import models as m
from counter_app.core.sync.protocol import (
    PROTOCOL_VERSION,
    Event,
    EventType,
    checked_event,
    new_event_id,
    portal_time,
)


def holder_data(applicant: m.Applicant) -> dict[str, Any]:
    """The applicant (chủ hồ sơ) in the portal's field names."""
    return {
        "ChuHoSo": applicant.name,
        "SoGiayToChuHoSo": applicant.id_number,
        "LoaiDoiTuong": applicant.applicant_type,
        "NgaySinh": applicant.birth_date.strftime("%Y%m%d") if applicant.birth_date else None,
        "SoDienThoai": applicant.phone,
        "Email": applicant.email,
        "DiaChi": applicant.address,
        "GioiTinh": applicant.sex,
    }


def dossier_data(dossier: m.Dossier, settings: Settings) -> dict[str, Any]:
    tz = settings.timezone
    applicant, procedure = dossier.applicant, dossier.procedure
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name,
        "MaLinhVuc": procedure.field_code,
        "KenhThucHien": dossier.channel,
        **holder_data(applicant),
        "TrichYeuHoSo": dossier.summary,
        "NgayTiepNhan": portal_time(dossier.received_at, tz),
        "NgayHenTra": portal_time(dossier.appointment_at, tz),
        "TrangThaiHoSo": dossier.status,
        "DonViXuLy": dossier.processing_body,
        "SoBo": dossier.sets_count,
        "LePhi": dossier.fee_amount,
        "HinhThucTraKetQua": dossier.return_method,
        "DiaChiNhanKetQua": dossier.return_address,
        "NguoiTiepNhan": dossier.received_by,
        "GhiChu": dossier.outcome_reason,
        "GiayTo": [
            {"Ten": d.name, "LoaiBan": d.kind, "SoLuong": d.count, "DaNop": d.received}
            for d in dossier.documents
        ],
        "SoThuTu": dossier.ledger_number or None,
    }


def dossier_event(
    kind: EventType,
    dossier: m.Dossier,
    settings: Settings,
    now: datetime,
    data: dict[str, Any] | None = None,
) -> Event:
    """The event, checked against the protocol before anything is queued.

    An event the province would refuse is refused here, at the counter, with the
    reason, so nothing that cannot be delivered enters the queue.
    """
    envelope = {
        "type": str(kind),
        "v": PROTOCOL_VERSION,
        "id": new_event_id(),
        "occurred_at": now,
        "agency": settings.agency_code,
        "counter": settings.counter_number,
        "dossier": dossier.code,
        "data": dossier_data(dossier, settings) if data is None else data,
    }
    return checked_event(envelope)
