"""What the province does with counters' events, independent of HTTP.

Each event is answered once and for all: its id is stored with the answer, so a
resent batch (a timeout, a cut reply, a USB bundle) changes nothing twice. The
province is authoritative for processing statuses: a status event must start
from the status the province holds, or it is rejected with the reason.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.domain.status import ALLOWED, Status
from counter_app.core.sync.protocol import PROTOCOL_VERSION, EventType
from provincial_server.db import ServerDatabase
from provincial_server.models import AppliedEvent, Change, Device, Dossier, EnrolmentCode

APPLIED, DUPLICATE, REJECTED = "applied", "duplicate", "rejected"
MAX_BATCH = 1000
LAST_SEEN_STEP = timedelta(minutes=1)
PROVINCE_STATUSES = (
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUIRED,
    Status.PAYMENT_REQUIRED,
    Status.STOPPED,
    Status.DONE,
)


class AccessDenied(Exception):
    """No valid token or enrolment code: the request is refused as a whole."""


class BadRequest(Exception):
    """The request as a whole is malformed (not one event of it: those are rejected)."""


@dataclass(frozen=True)
class DeviceInfo:
    id: int
    agency: str
    counter: int


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- enrolment ------------------------------------------------------------------------


def create_enrolment_code(
    db: ServerDatabase, agency: str, counter: int, now: datetime, valid_days: int = 7
) -> str:
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))  # e.g. 1A2B3C-…
    with db.transaction() as session:
        session.add(
            EnrolmentCode(
                code_hash=secret_hash(code),
                agency=agency,
                counter=counter,
                created_at=now,
                expires_at=now + timedelta(days=valid_days),
            )
        )
    return code


def enrol(db: ServerDatabase, code: str, now: datetime) -> tuple[str, DeviceInfo]:
    """Exchange a one-time code for a device token (returned once, stored hashed)."""
    with db.transaction() as session:
        entry = session.get(EnrolmentCode, secret_hash(code.strip().upper()))
        if entry is None or entry.used_at is not None or entry.expires_at < now:
            raise AccessDenied("Mã đăng ký không đúng, đã dùng hoặc đã hết hạn.")
        entry.used_at = now
        token = secrets.token_urlsafe(32)
        device = Device(
            token_hash=secret_hash(token),
            agency=entry.agency,
            counter=entry.counter,
            enrolled_at=now,
        )
        session.add(device)
        session.flush()
        return token, DeviceInfo(device.id, device.agency, device.counter)


def authenticate(db: ServerDatabase, token: str, now: datetime) -> DeviceInfo:
    with db.transaction() as session:
        device = session.scalar(select(Device).where(Device.token_hash == secret_hash(token)))
        if device is None:
            raise AccessDenied("Thiết bị chưa đăng ký hoặc mã truy cập không đúng.")
        # At most once a minute: not a database write in front of every batch.
        if device.last_seen_at is None or now - device.last_seen_at > LAST_SEEN_STEP:
            device.last_seen_at = now
        return DeviceInfo(device.id, device.agency, device.counter)


# --- events from counters -----------------------------------------------------------------


def apply_events(
    db: ServerDatabase, device: DeviceInfo, events: Any, now: datetime
) -> list[dict[str, str]]:
    """Answer every event of a batch, in order, in one transaction."""
    if not isinstance(events, list) or len(events) > MAX_BATCH:
        raise BadRequest(f"'events' phải là danh sách tối đa {MAX_BATCH} sự kiện.")
    answers = []
    with db.transaction() as session:
        for raw in events:
            event_id = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(event_id, str) or not _is_uuid(event_id):
                answers.append(
                    {"id": str(event_id), "result": REJECTED, "reason": "Thiếu mã sự kiện."}
                )
                continue
            answers.append(_answer(session, device, raw, now))
            session.flush()
    return answers


def _answer(
    session: Session, device: DeviceInfo, raw: dict[str, Any], now: datetime
) -> dict[str, str]:
    event_id = raw["id"]
    earlier = session.get(AppliedEvent, event_id)
    if earlier is not None:
        if earlier.outcome == APPLIED:
            return {"id": event_id, "result": DUPLICATE, "reason": ""}
        return {"id": event_id, "result": REJECTED, "reason": earlier.reason}
    reason = _check_envelope(raw, device) or _apply(session, device, raw, now)
    session.add(
        AppliedEvent(
            id=event_id,
            device_id=device.id,
            dossier=str(raw.get("dossier", ""))[:40],
            type=str(raw.get("type", ""))[:40],
            outcome=REJECTED if reason else APPLIED,
            reason=reason[:500],
            received_at=now,
        )
    )
    return {"id": event_id, "result": REJECTED if reason else APPLIED, "reason": reason}


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _check_envelope(raw: dict[str, Any], device: DeviceInfo) -> str:
    if raw.get("v") != PROTOCOL_VERSION:
        return f"Phiên bản giao thức {raw.get('v')!r} không được hỗ trợ."
    if raw.get("type") not in {t.value for t in EventType}:
        return f"Loại sự kiện {raw.get('type')!r} không được hỗ trợ."
    if raw.get("agency") != device.agency or raw.get("counter") != device.counter:
        return "Sự kiện không thuộc cơ quan/quầy của thiết bị này."
    if not isinstance(raw.get("dossier"), str) or not isinstance(raw.get("data"), dict):
        return "Sự kiện thiếu mã hồ sơ hoặc dữ liệu."
    return ""


def _apply(session: Session, device: DeviceInfo, raw: dict[str, Any], now: datetime) -> str:
    """Apply one checked event; an empty string means applied, else the rejection reason."""
    kind, code, data = EventType(raw["type"]), raw["dossier"], raw["data"]
    dossier = session.get(Dossier, code)
    if kind is EventType.DOSSIER_RECEIVED:
        if dossier is not None:
            return f"Hồ sơ {code} đã có trên hệ thống tỉnh."
        status = data.get("TrangThaiHoSo")
        if status not in {int(s) for s in Status}:
            return "Trạng thái hồ sơ không hợp lệ."
        session.add(
            Dossier(
                code=code,
                agency=device.agency,
                counter=device.counter,
                status=status,
                data=data,
                received_at=now,
                updated_at=now,
            )
        )
        return ""
    if dossier is None or dossier.agency != device.agency:
        return f"Hệ thống tỉnh chưa có hồ sơ {code}."
    if kind in (EventType.STATUS_CHANGED, EventType.RESULT_RETURNED):
        return _change_status(dossier, data, now)
    dossier.data = {**dossier.data, **{k: v for k, v in data.items() if k != "MaHoSo"}}
    dossier.updated_at = now
    return ""


def _change_status(dossier: Dossier, data: dict[str, Any], now: datetime) -> str:
    try:
        before, after = Status(int(data["TrangThaiTruoc"])), Status(int(data["TrangThai"]))
    except (KeyError, TypeError, ValueError):
        return "Trạng thái không hợp lệ."
    if dossier.status != before:
        held = Status(dossier.status).label
        return (
            f"Xung đột: trên hệ thống tỉnh hồ sơ đang «{held}», "
            f"không phải «{before.label}»; thao tác tại quầy không được áp dụng."
        )
    if after not in ALLOWED.get(before, ()):
        return f"Không thể chuyển từ «{before.label}» sang «{after.label}»."
    dossier.status = int(after)
    dossier.data = {**dossier.data, "TrangThaiHoSo": int(after)}
    dossier.updated_at = now
    return ""


# --- the province's own actions, and what counters pull -----------------------------------


def set_status(db: ServerDatabase, code: str, status: Status, note: str, now: datetime) -> None:
    """A processing body's decision; the dossier's counter pulls it as a change."""
    if status not in PROVINCE_STATUSES:
        raise BadRequest("Cơ quan xử lý chỉ đặt được các trạng thái 4, 5, 6, 8, 9.")
    with db.transaction() as session:
        dossier = session.get(Dossier, code)
        if dossier is None:
            raise BadRequest(f"Không có hồ sơ {code}.")
        before = Status(dossier.status)
        if status not in ALLOWED.get(before, ()):
            raise BadRequest(f"Không thể chuyển từ «{before.label}» sang «{status.label}».")
        dossier.status = int(status)
        dossier.updated_at = now
        session.add(
            Change(
                agency=dossier.agency,
                kind="status",
                payload={
                    "MaHoSo": code,
                    "TrangThaiTruoc": int(before),
                    "TrangThai": int(status),
                    "NoiDungXuLy": note,
                    "ThoiDiemXuLy": now.isoformat(),
                },
                created_at=now,
            )
        )


def changes_since(
    db: ServerDatabase, device: DeviceInfo, after: int, limit: int = 500
) -> tuple[list[dict[str, Any]], int]:
    """Changes for this device's agency (and for everyone) after ``after``, in order."""
    with db.transaction() as session:
        rows = session.scalars(
            select(Change)
            .where(Change.seq > after, (Change.agency == device.agency) | Change.agency.is_(None))
            .order_by(Change.seq)
            .limit(limit)
        ).all()
        changes = [{"seq": c.seq, "kind": c.kind, "payload": c.payload} for c in rows]
    return changes, (rows[-1].seq if rows else after)
