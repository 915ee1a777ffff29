"""What the province does with counters' events, independent of HTTP.

Each event is answered once and for all: its id is stored with the answer, so a
resent batch (a timeout, a cut reply, a USB bundle) changes nothing twice. The
province is authoritative for processing statuses: a status event must start
from the status the province holds, or it is rejected with the reason.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.core.domain.status import ALLOWED, Status
from counter_app.core.sync import bundle
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
            bundle_key=bundle.signing_key(token),
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


@dataclass
class _Batch:
    """One batch's transaction: its well-formed ids and the rows it reads and writes."""

    session: Session
    device: DeviceInfo
    now: datetime
    ids: set[str]  # checked once: uuid parsing is per event, on the hot path
    earlier: dict[str, AppliedEvent]
    dossiers: dict[str, Dossier | None]


def apply_events(
    db: ServerDatabase, device: DeviceInfo, events: Any, now: datetime
) -> list[dict[str, str]]:
    """Answer every event of a batch, in order, in one transaction.

    Two concurrent copies of one batch (a resend after a timeout, on PostgreSQL) may
    collide on an event id; the loser is answered again from what the winner stored.
    """
    if not isinstance(events, list) or len(events) > MAX_BATCH:
        raise BadRequest(f"'events' phải là danh sách tối đa {MAX_BATCH} sự kiện.")
    try:
        return _apply_batch(db, device, events, now)
    except IntegrityError:
        return _apply_batch(db, device, events, now)


def _apply_batch(
    db: ServerDatabase, device: DeviceInfo, events: list[Any], now: datetime
) -> list[dict[str, str]]:
    ids = {e["id"] for e in events if isinstance(e, dict) and _is_uuid(e.get("id"))}
    codes = {str(e.get("dossier")) for e in events if isinstance(e, dict)}
    with db.transaction() as session:
        # Two queries for the whole batch instead of two per event.
        earlier = {
            row.id: row
            for row in session.scalars(select(AppliedEvent).where(AppliedEvent.id.in_(ids)))
        }
        known: dict[str, Dossier | None] = {code: None for code in codes}
        known.update(
            (d.code, d) for d in session.scalars(select(Dossier).where(Dossier.code.in_(codes)))
        )
        batch = _Batch(session, device, now, ids, earlier, known)
        return [_answer(batch, raw) for raw in events]


def _answer(batch: _Batch, raw: Any) -> dict[str, str]:
    event_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(event_id, str) or event_id not in batch.ids:
        return {"id": str(event_id), "result": REJECTED, "reason": "Thiếu mã sự kiện."}
    assert isinstance(raw, dict)
    earlier = batch.earlier.get(event_id)
    if earlier is not None and earlier.outcome == APPLIED:
        return {"id": event_id, "result": DUPLICATE, "reason": ""}
    # A rejection is not final: the clerk may retry once the cause is gone (the
    # dossier arrived by USB, the province resolved a conflict), so it is re-checked.
    reason = _check_envelope(raw, batch.device) or _apply(batch, raw)
    outcome = REJECTED if reason else APPLIED
    if earlier is None:
        earlier = AppliedEvent(
            id=event_id,
            device_id=batch.device.id,
            dossier=str(raw.get("dossier", ""))[:40],
            type=str(raw.get("type", ""))[:40],
        )
        batch.session.add(earlier)
        batch.earlier[event_id] = earlier
    earlier.outcome, earlier.reason, earlier.received_at = outcome, reason[:500], batch.now
    return {"id": event_id, "result": outcome, "reason": reason}


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
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


def _apply(batch: _Batch, raw: dict[str, Any]) -> str:
    """Apply one checked event; an empty string means applied, else the rejection reason."""
    kind, code, data = EventType(raw["type"]), raw["dossier"], raw["data"]
    dossier = batch.dossiers.get(code)
    if kind is EventType.DOSSIER_RECEIVED:
        if dossier is not None:
            return f"Hồ sơ {code} đã có trên hệ thống tỉnh."
        status = data.get("TrangThaiHoSo")
        if status not in {int(s) for s in Status}:
            return "Trạng thái hồ sơ không hợp lệ."
        dossier = Dossier(
            code=code,
            agency=batch.device.agency,
            counter=batch.device.counter,
            status=status,
            data=data,
            received_at=batch.now,
            updated_at=batch.now,
        )
        batch.session.add(dossier)
        batch.dossiers[code] = dossier
        return ""
    if dossier is None or dossier.agency != batch.device.agency:
        return f"Hệ thống tỉnh chưa có hồ sơ {code}."
    if kind in (EventType.STATUS_CHANGED, EventType.RESULT_RETURNED):
        return _change_status(dossier, data, batch.now)
    if kind is EventType.CODE_VOIDED:
        dossier.voided_at = batch.now
    dossier.data = {**dossier.data, **{k: v for k, v in data.items() if k != "MaHoSo"}}
    dossier.updated_at = batch.now
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
        _add_change(
            session,
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
            ),
        )


def _add_change(session: Session, change: Change) -> None:
    """Changes commit in the order of their numbers, so a cursor never skips one.

    On PostgreSQL, a transaction holding number 11 could otherwise commit before the
    one holding 10: a counter reading in between would move its cursor past 10 for
    ever. SQLite serializes writers already (BEGIN IMMEDIATE).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE changes IN EXCLUSIVE MODE"))
    session.add(change)


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


# --- catalog and calendar ---------------------------------------------------------------


def publish_catalog(
    db: ServerDatabase, document: Any, agency: str | None, now: datetime
) -> tuple[str, int]:
    """Publish a procedure-catalog version (checked as counters will load it)."""
    from counter_app.core.errors import CounterError  # noqa: PLC0415
    from counter_app.core.store.catalog import parse_catalog  # noqa: PLC0415

    try:
        version, procedures = parse_catalog(json.dumps(document, ensure_ascii=False))
    except CounterError as error:
        raise BadRequest(error.message) from error
    with db.transaction() as session:
        _add_change(
            session, Change(agency=agency, kind="catalog", payload=document, created_at=now)
        )
    return version.version, len(procedures)


def publish_calendar(
    db: ServerDatabase, days: list[tuple[date, str, str]], agency: str | None, now: datetime
) -> None:
    """Days off and extra working days decided by the province (or for one agency)."""
    for _day, kind, name in days:
        if kind not in ("off", "work") or not name.strip():
            raise BadRequest("Mỗi ngày cần loại «off» hoặc «work» và tên (lý do).")
    payload = {"days": [{"day": d.isoformat(), "kind": k, "name": n.strip()} for d, k, n in days]}
    with db.transaction() as session:
        _add_change(
            session, Change(agency=agency, kind="calendar", payload=payload, created_at=now)
        )


# --- USB bundles ----------------------------------------------------------------------------


def import_bundle(db: ServerDatabase, data: bytes, now: datetime) -> tuple[DeviceInfo, bytes]:
    """Apply a counter's signed bundle (same rules as a push); the signed acknowledgement.

    The acknowledgement carries every event's answer and the agency's changes after
    the counter's cursor, so an island counter catches up without any link.
    """
    try:
        sealed = bundle.unseal(data, bundle.BUNDLE)
        head = sealed.body
        with db.transaction() as session:
            device = session.scalar(
                select(Device)
                .where(Device.agency == head.get("agency"), Device.counter == head.get("counter"))
                .where(Device.id == head.get("device"))
            )
            if device is None or device.bundle_key is None:
                raise AccessDenied("Tệp không thuộc thiết bị nào đã đăng ký.")
            key, info = device.bundle_key, DeviceInfo(device.id, device.agency, device.counter)
        body = bundle.verified(sealed, key)
    except bundle.BundleError as error:
        raise BadRequest(str(error)) from error
    events, cursor = body.get("events"), body.get("cursor", 0)
    if not isinstance(events, list) or not isinstance(cursor, int) or cursor < 0:
        raise BadRequest("Tệp thiếu danh sách sự kiện hoặc vị trí đồng bộ.")
    answers: list[dict[str, str]] = []
    for start in range(0, len(events), MAX_BATCH):
        answers += apply_events(db, info, events[start : start + MAX_BATCH], now)
    changes, new_cursor = changes_since(db, info, cursor, limit=100_000)
    ack = {
        "agency": info.agency,
        "counter": info.counter,
        "device": info.id,
        "created_at": now.isoformat(),
        "server_time": now.isoformat(),
        "results": answers,
        "changes": changes,
        "cursor": new_cursor,
    }
    return info, bundle.seal(bundle.ACK, ack, key)
