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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from sqlalchemy import BigInteger, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.core.domain.codes import ParsedCode, format_code, parse_code
from counter_app.core.domain.status import ALLOWED, VOIDABLE, Status
from counter_app.core.sync import bundle
from counter_app.core.sync.protocol import (
    DEVICE_REPLACED,
    ISSUED_DAYS,
    MAX_EVENT_BYTES,
    MAX_EVENTS_PER_BATCH,
    PROTOCOL_VERSION,
    AccountEnvelope,
    Answer,
    CalendarPayload,
    CodeVoided,
    CorrectedData,
    DossierCorrected,
    DossierEvent,
    DossierReceived,
    Envelope,
    Event,
    EventType,
    Result,
    ResultReturned,
    StatusChanged,
    StatusData,
    StatusPayload,
    explain,
)
from counter_app.core.sync.protocol_records import DossierRecord, RecordsPart
from provincial_server import feed
from provincial_server.db import ServerDatabase
from provincial_server.models import AppliedEvent, Change, Device, Dossier, EnrolmentCode

APPLIED = Result.APPLIED.value
CONCURRENT_COPIES = 3  # tries of one batch colliding with copies of itself (PostgreSQL)
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # what the clerks read
LAST_SEEN_STEP = timedelta(minutes=1)
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(9000, 1, 1)
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


class TooLarge(BadRequest):
    """The request is over a stated limit (body size, events per batch)."""


class Conflict(BadRequest):
    """The request is well-formed but the dossier's state refuses it (a voided dossier)."""


@dataclass(frozen=True)
class DeviceInfo:
    id: int
    agency: str
    counter: int
    # Set for a PC whose counter number another PC took: it may still deliver what it
    # did before then (nothing received is lost), but no reception made after.
    replaced_at: datetime | None = None


@dataclass(frozen=True)
class Enrolment:
    token: str  # shown once, stored hashed
    device: DeviceInfo
    issued: dict[date, int]  # local day → the counter's highest number the province holds


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


def enrol(db: ServerDatabase, code: str, now: datetime) -> Enrolment:
    """Exchange a one-time code for a device token (returned once, stored hashed).

    One active device per counter number: the counter's previous device is revoked as
    replaced by this one. The reply says the counter's highest numbers of recent days,
    so the new PC continues after them.
    """
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
        previous = session.scalars(
            select(Device).where(
                Device.agency == device.agency,
                Device.counter == device.counter,
                Device.revoked_at.is_(None),
                Device.id != device.id,
            )
        ).all()
        for old in previous:
            old.revoked_at, old.replaced_by = now, device.id
        info = DeviceInfo(device.id, device.agency, device.counter)
        return Enrolment(token, info, _highest_issued(session, info, now))


def _highest_issued(session: Session, device: DeviceInfo, now: datetime) -> dict[date, int]:
    """Per local day of the last ``ISSUED_DAYS``, the highest n of the counter's codes."""
    since = now.astimezone(VIETNAM).date() - timedelta(days=ISSUED_DAYS)
    # The province receives a code on its local day or later (a late sync, a USB bundle).
    codes = session.scalars(
        select(Dossier.code).where(
            Dossier.agency == device.agency,
            Dossier.counter == device.counter,
            Dossier.received_at >= datetime.combine(since, datetime.min.time(), VIETNAM),
        )
    )
    highest: dict[date, int] = {}
    for code in codes:
        parsed = parse_code(code)
        if parsed is None or parsed.counter != device.counter or parsed.day < since:
            continue  # a code of another block (never stored for this counter), or too old
        if parsed.n == 0:
            continue
        highest[parsed.day] = max(highest.get(parsed.day, 0), parsed.n)
    return highest


def authenticate(
    db: ServerDatabase, token: str, now: datetime, *, delivering: bool = False
) -> DeviceInfo:
    """The device of ``token``; a replaced one only to deliver what it still holds."""
    with db.transaction() as session:
        device = session.scalar(select(Device).where(Device.token_hash == secret_hash(token)))
        if device is None:
            raise AccessDenied("Thiết bị chưa đăng ký hoặc mã truy cập không đúng.")
        if device.revoked_at is not None and delivering and device.replaced_by is not None:
            return DeviceInfo(device.id, device.agency, device.counter, device.revoked_at)
        if device.revoked_at is not None:
            raise AccessDenied(_revoked(session, device))
        # At most once a minute: not a database write in front of every batch.
        if device.last_seen_at is None or now - device.last_seen_at > LAST_SEEN_STEP:
            device.last_seen_at = now
        return DeviceInfo(device.id, device.agency, device.counter)


def _revoked(session: Session, device: Device) -> str:
    assert device.revoked_at is not None
    successor = session.get(Device, device.replaced_by) if device.replaced_by else None
    if successor is not None:
        return (
            f"Số quầy {device.counter} của {device.agency} {DEVICE_REPLACED} (đăng ký "
            f"lúc {successor.enrolled_at.astimezone(VIETNAM):%H:%M %d/%m/%Y}). Máy này không "
            "cấp được số hồ sơ mới; hãy tiếp nhận hồ sơ trên máy mới của quầy. Chỉ đăng ký "
            "lại máy này nếu máy mới không còn dùng cho quầy nữa."
        )
    return (
        f"Sở đã thu hồi quyền đồng bộ của thiết bị này (quầy {device.counter}, "
        f"{device.agency}) lúc {device.revoked_at.astimezone(VIETNAM):%H:%M %d/%m/%Y}."
    )


def revoke_devices(db: ServerDatabase, agency: str, counter: int, now: datetime) -> int:
    """Withdraw the access of every device of ``agency``'s counter ``counter``; how many."""
    with db.transaction() as session:
        devices = session.scalars(
            select(Device).where(
                Device.agency == agency, Device.counter == counter, Device.revoked_at.is_(None)
            )
        ).all()
        for device in devices:
            device.revoked_at = now
        return len(devices)


# --- events from counters -----------------------------------------------------------------


class _Head(msgspec.Struct):
    """What can be read of any event, however malformed, to answer it by name."""

    id: Any = None
    v: Any = None
    type: Any = None
    dossier: Any = None


@dataclass(frozen=True)
class Incoming:
    """One event of a batch as received: decoded if it follows the protocol, else why not."""

    sent_id: str  # the id as the counter spelled it, echoed in the answer
    key: str | None  # the canonical id (lower-case UUID), None if it is not a UUID
    type: str
    dossier: str
    event: Event | None
    problem: str


def read_event(raw: bytes) -> Incoming:
    """Decode one event strictly; never raises, whatever the bytes."""
    try:
        head = msgspec.json.decode(raw, type=_Head)
    except (msgspec.DecodeError, RecursionError):
        return Incoming("", None, "", "", None, "Sự kiện không phải JSON hợp lệ.")
    sent_id = head.id[:100] if isinstance(head.id, str) else ""
    kind = head.type[:40] if isinstance(head.type, str) else ""
    dossier = head.dossier[:40] if isinstance(head.dossier, str) else ""
    key = _canonical_id(head.id)
    event: Event | None = None
    if key is None:
        problem = "Thiếu mã sự kiện (id phải là một UUID)."
    elif len(raw) > MAX_EVENT_BYTES:
        problem = f"Sự kiện quá lớn ({len(raw) // 1024} KB, tối đa {MAX_EVENT_BYTES // 1024} KB)."
    elif head.v != PROTOCOL_VERSION:
        problem = (
            f"Phiên bản giao thức {str(head.v)[:20]} không được hỗ trợ (máy chủ dùng phiên bản "
            f"{PROTOCOL_VERSION}); hãy cập nhật chương trình ở quầy."
        )
    elif not isinstance(head.type, str) or head.type not in EVENT_TYPES:
        problem = f"Loại sự kiện «{str(head.type)[:40]}» không được hỗ trợ."
    else:
        try:
            event = _EVENT.decode(raw)
            problem = ""
        except msgspec.ValidationError as error:
            problem = f"Sự kiện không đúng giao thức: {explain(error)}"
        except (msgspec.DecodeError, RecursionError):
            problem = "Sự kiện không phải JSON hợp lệ."
    # Stored with the answer, and PostgreSQL text cannot hold NUL: the client's own
    # characters (in its type, its code, or quoted in the reason) are replaced.
    return Incoming(sent_id, key, _storable(kind), _storable(dossier), event, _storable(problem))


def _storable(text: str) -> str:
    return text.replace("\x00", "\ufffd")


_EVENT = msgspec.json.Decoder(Event)
EVENT_TYPES = frozenset(t.value for t in EventType)


def _canonical_id(value: object) -> str | None:
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


@dataclass
class _Batch:
    """One batch's transaction: the rows it reads and writes, fetched once for all events."""

    session: Session
    device: DeviceInfo
    now: datetime
    earlier: dict[str, tuple[AppliedEvent, tuple[str, int]]]  # id → row, (agency, counter)
    dossiers: dict[str, Dossier | None]
    touched: dict[str, Dossier]  # changed by the batch: their records go to the feed


def apply_events(
    db: ServerDatabase, device: DeviceInfo, events: Sequence[Incoming], now: datetime
) -> list[Answer]:
    """Answer every event of a batch, in order, in one transaction.

    Two concurrent copies of one batch (a resend after a timeout, on PostgreSQL) may
    collide on an event id; the loser is answered again from what the winner stored.
    """
    if len(events) > MAX_EVENTS_PER_BATCH:
        raise TooLarge(f"Một lần gửi tối đa {MAX_EVENTS_PER_BATCH} sự kiện.")
    for _ in range(CONCURRENT_COPIES - 1):
        try:
            return _apply_batch(db, device, events, now)
        except IntegrityError:
            continue  # the other copy committed first: answer again from what it stored
    return _apply_batch(db, device, events, now)


def _apply_batch(
    db: ServerDatabase, device: DeviceInfo, events: Sequence[Incoming], now: datetime
) -> list[Answer]:
    keys = {e.key for e in events if e.key}
    codes = {e.event.dossier for e in events if isinstance(e.event, Envelope)}
    with db.transaction() as session:
        # Two queries for the whole batch instead of two per event.
        earlier: dict[str, tuple[AppliedEvent, tuple[str, int]]] = {
            row.id: (row, (agency, counter))
            for row, agency, counter in session.execute(
                select(AppliedEvent, Device.agency, Device.counter)
                .join(Device, AppliedEvent.device_id == Device.id)
                .where(AppliedEvent.id.in_(keys))
            )
        }
        # Locked, in one order for everyone: a concurrent status change (the province's,
        # another counter's) waits for this batch or is waited for, never overwritten.
        locked = (
            select(Dossier).where(Dossier.code.in_(codes)).order_by(Dossier.code).with_for_update()
        )
        known: dict[str, Dossier | None] = {code: None for code in codes}
        known.update((d.code, d) for d in session.scalars(locked))
        batch = _Batch(session, device, now, earlier, known, {})
        answers = [_answer(batch, incoming) for incoming in events]
        feed.publish(session, batch.touched.values(), now)
        return answers


def _answer(batch: _Batch, incoming: Incoming) -> Answer:
    key = incoming.key
    if key is None:  # nothing to remember it by
        return Answer(id=incoming.sent_id, result=Result.REJECTED, reason=incoming.problem)
    earlier, owner = batch.earlier.get(key, (None, None))
    if earlier is not None and earlier.outcome == APPLIED:
        if owner == (batch.device.agency, batch.device.counter):  # this counter, any PC of it
            return Answer(id=incoming.sent_id, result=Result.DUPLICATE, reason="")
        reason = "Mã sự kiện này đã được dùng cho một sự kiện của quầy khác."
        return Answer(id=incoming.sent_id, result=Result.REJECTED, reason=reason)
    # A rejection is not final: the clerk may retry once the cause is gone (the
    # dossier arrived by USB, the province resolved a conflict), so it is re-checked.
    event = incoming.event
    reason = incoming.problem
    if event is not None:
        reason = check_ownership(event, batch.device) or _apply(batch, event)
    outcome = Result.REJECTED if reason else Result.APPLIED
    if earlier is None:
        earlier = AppliedEvent(id=key)
        batch.session.add(earlier)
        batch.earlier[key] = (earlier, (batch.device.agency, batch.device.counter))
    # The latest sending is what the row describes (a rejected event may apply later).
    earlier.device_id, earlier.dossier, earlier.type = (
        batch.device.id,
        incoming.dossier,
        incoming.type,
    )
    earlier.outcome, earlier.reason, earlier.received_at = outcome.value, reason[:500], batch.now
    return Answer(id=incoming.sent_id, result=outcome, reason=reason)


def check_ownership(event: Event, device: DeviceInfo) -> str:
    """Only a device's own agency's codes, and new codes only from its own number block.

    Checked before any lookup, so the answer never tells whether a code of another
    agency (or another counter's block) exists.
    """
    if event.agency != device.agency or event.counter != device.counter:
        return "Sự kiện không thuộc cơ quan/quầy của thiết bị này."
    if not isinstance(event, Envelope):
        return ""  # an account event: its rules are checked when it is applied
    code = parse_code(event.dossier)
    if code is None or format_code(code.agency, code.day, code.number) != event.dossier:
        return f"Mã hồ sơ «{event.dossier}» không đúng định dạng <mã cơ quan>-YYMMDD-NNNN."
    if code.agency != device.agency:
        return f"Mã hồ sơ {event.dossier} không thuộc cơ quan {device.agency} của thiết bị này."
    return _check_new_code(event, code, device) if isinstance(event, DossierReceived) else ""


def _check_new_code(event: DossierReceived, code: ParsedCode, device: DeviceInfo) -> str:
    """A new dossier's number lies in the device's own block, dated the day it was received
    (and before the device was replaced, if it was)."""
    if device.replaced_at is not None and event.occurred_at >= device.replaced_at:
        shown = device.replaced_at.astimezone(VIETNAM)
        return (
            f"Số quầy {device.counter} {DEVICE_REPLACED} từ {shown:%H:%M %d/%m/%Y}; hồ sơ "
            f"{event.dossier} tiếp nhận sau đó trên máy cũ không được nhận. Hãy tiếp nhận lại "
            "hồ sơ này trên máy mới của quầy."
        )
    if code.counter != device.counter or code.n == 0:
        block = f"{device.counter}001–{device.counter}999"
        return (
            f"Mã hồ sơ {event.dossier} nằm ngoài dải số của quầy {device.counter} ({block}); "
            "các số 0001–0999 dành cho hệ thống tỉnh."
        )
    if event.data.NgayTiepNhan[2:8] != f"{code.day:%y%m%d}":
        return f"Ngày trong mã hồ sơ {event.dossier} khác ngày tiếp nhận."
    return ""


def _apply(batch: _Batch, event: Event) -> str:
    """Apply one checked event; an empty string means applied, else the rejection reason."""
    if isinstance(event, AccountEnvelope):
        from provincial_server import accounts  # noqa: PLC0415 (it builds on this module)

        return accounts.apply_event(batch.session, batch.device, event, batch.now)
    if isinstance(event, DossierReceived):
        return _receive(batch, event)
    code = event.dossier
    dossier = batch.dossiers.get(code)
    if dossier is None:
        return f"Hệ thống tỉnh chưa có hồ sơ {code}."
    if dossier.voided_at is not None and not isinstance(event, CodeVoided):
        return f"Hồ sơ {code} đã bị hủy; thao tác tại quầy không được áp dụng."
    reason = _update(dossier, event, batch.now)
    if not reason:
        batch.touched[code] = dossier
    return reason


def _receive(batch: _Batch, event: DossierReceived) -> str:
    code = event.dossier
    if batch.dossiers.get(code) is not None:
        return f"Hồ sơ {code} đã có trên hệ thống tỉnh."
    data = msgspec.to_builtins(event.data)
    dossier = Dossier(
        code=code,
        agency=batch.device.agency,
        counter=batch.device.counter,
        status=event.data.TrangThaiHoSo,
        data={**data, "KetQuaTiepNhan": event.data.TrangThaiHoSo},
        received_at=batch.now,
        updated_at=batch.now,
    )
    batch.session.add(dossier)
    batch.dossiers[code] = dossier
    batch.touched[code] = dossier
    return ""


def _update(dossier: Dossier, event: DossierEvent, now: datetime) -> str:
    if isinstance(event, StatusChanged | ResultReturned):
        return _change_status(dossier, event.data, event.counter, now)
    if isinstance(event, DossierCorrected):
        return _correct(dossier, event.data, now)
    if isinstance(event, CodeVoided):
        if dossier.voided_at is not None:  # voided already (another PC of the counter?):
            return ""  # the first void's reason and person stay
        held = Status(dossier.status)
        if held not in VOIDABLE:  # the counter's own rule, which it could not check offline
            return (
                f"Không hủy được hồ sơ {dossier.code}: trên hệ thống tỉnh hồ sơ đã ở trạng "
                f"thái «{held.label}»; chỉ hủy được hồ sơ chưa chuyển xử lý. Hồ sơ vẫn được "
                "xử lý tiếp: hãy liên hệ cơ quan xử lý (có thể đề nghị dừng xử lý)."
            )
        dossier.voided_at = now
        void = {"LyDo": event.data.LyDo, "NguoiXuLy": event.data.NguoiXuLy}
        dossier.data = {**dossier.data, "Huy": {**void, "Quay": event.counter}}
    changes = msgspec.to_builtins(event.data)
    dossier.data = {**dossier.data, **{k: v for k, v in changes.items() if k != "MaHoSo"}}
    dossier.updated_at = now
    return ""


def _correct(dossier: Dossier, data: CorrectedData, now: datetime) -> str:
    """The applicant's corrected details; the old ones must be what the province holds."""
    old, new = msgspec.to_builtins(data.Cu), msgspec.to_builtins(data.Moi)
    if {key: dossier.data.get(key) for key in old} != old:
        return (
            "Xung đột: thông tin người nộp trên hệ thống tỉnh khác thông tin cũ quầy gửi "
            "(có thể đã được điều chỉnh trước đó); chưa điều chỉnh."
        )
    corrections = [*dossier.data.get("HieuChinh", []), msgspec.to_builtins(data)]
    dossier.data = {**dossier.data, **new, "HieuChinh": corrections}
    dossier.updated_at = now
    return ""


def _change_status(dossier: Dossier, data: StatusData, counter: int, now: datetime) -> str:
    """A counter's status change (any counter of the agency): it must start from the
    status the province holds, so of two counters acting on one dossier offline, the
    first to arrive is applied and the other is told why not."""
    before, after = Status(data.TrangThaiTruoc), Status(data.TrangThai)
    if dossier.status != before:
        return _conflict(dossier, before)
    if after not in ALLOWED.get(before, ()):
        return f"Không thể chuyển từ «{before.label}» sang «{after.label}»."
    dossier.status = int(after)
    last = feed.step(int(before), data.NguoiXuLy, data.NoiDungXuLy, data.ThoiDiemXuLy, counter)
    handed = {  # a return says to whom and when: every counter shows it
        "NgayTra": data.NgayTra,
        "NguoiNhanKetQua": data.NguoiNhanKetQua,
        "SoGiayToNguoiNhan": data.SoGiayToNguoiNhan,
    }
    returned = {k: v for k, v in handed.items() if v is not None}
    dossier.data = {**dossier.data, **returned, "TrangThaiHoSo": int(after), "XuLy": last}
    dossier.updated_at = now
    return ""


def _conflict(dossier: Dossier, expected: Status) -> str:
    held = Status(dossier.status)
    last = dossier.data.get("XuLy") or {}
    where = f" tại quầy {last['Quay']}" if last.get("Quay") else ""
    by = f" ({last['NguoiXuLy']})" if last.get("NguoiXuLy") else ""
    when = _portal_shown(last.get("ThoiDiemXuLy"))
    if held is Status.RETURNED:
        to = dossier.data.get("NguoiNhanKetQua")
        done = f"đã được trả kết quả{where}{by}{when}" + (f" cho {to}" if to else "")
    else:
        done = f"đang «{held.label}»" + (f", do{where}{by}{when} chuyển" if last else "")
    return (
        f"Xung đột: trên hệ thống tỉnh hồ sơ {dossier.code} {done}, không còn «{expected.label}»; "
        "thao tác này tại quầy không được áp dụng. Quầy sẽ nhận trạng thái của hệ thống tỉnh "
        "ở lần đồng bộ tới."
    )


def _portal_shown(moment: object) -> str:
    if not isinstance(moment, str) or len(moment) != 14:
        return ""
    return f" lúc {moment[8:10]}:{moment[10:12]} {moment[6:8]}/{moment[4:6]}/{moment[:4]}"


# --- the province's own actions, and what counters pull -----------------------------------


def set_status(db: ServerDatabase, code: str, status: Status, note: str, now: datetime) -> None:
    """A processing body's decision; the dossier's counter pulls it as a change."""
    if status not in PROVINCE_STATUSES:
        raise BadRequest("Cơ quan xử lý chỉ đặt được các trạng thái 4, 5, 6, 8, 9.")
    with db.transaction() as session:
        # Locked: a counter's status event for the same dossier waits, then sees this one.
        dossier = session.get(Dossier, code, with_for_update=True)
        if dossier is None:
            raise BadRequest(f"Không có hồ sơ {code}.")
        if dossier.voided_at is not None:
            raise Conflict(_voided(dossier))
        before = Status(dossier.status)
        if status not in ALLOWED.get(before, ()):
            raise BadRequest(f"Không thể chuyển từ «{before.label}» sang «{status.label}».")
        _published(
            StatusPayload,
            {
                "MaHoSo": code,
                "TrangThaiTruoc": int(before),
                "TrangThai": int(status),
                "NoiDungXuLy": note.strip(),
                "ThoiDiemXuLy": now.isoformat(),
            },
        )
        shown = now.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")
        last = feed.step(int(before), "", note.strip(), shown, 0)
        dossier.status = int(status)
        dossier.data = {**dossier.data, "TrangThaiHoSo": int(status), "XuLy": last}
        dossier.updated_at = now
        feed.publish(session, [dossier], now)


def _voided(dossier: Dossier) -> str:
    assert dossier.voided_at is not None
    why = dossier.data.get("LyDo")
    return (
        f"Hồ sơ {dossier.code} đã bị hủy tại quầy {dossier.counter} lúc "
        f"{dossier.voided_at.astimezone(VIETNAM):%H:%M %d/%m/%Y}"
        + (f" (lý do: {why})" if isinstance(why, str) and why else "")
        + "; không đặt được trạng thái cho hồ sơ đã hủy. Nếu vẫn cần giải quyết, công dân "
        "nộp lại hồ sơ mới tại quầy."
    )


def _published(kind: type[msgspec.Struct], payload: dict[str, Any]) -> dict[str, Any]:
    """A change's payload, checked as every counter will check it when applying it."""
    try:
        msgspec.convert(payload, kind)
    except msgspec.ValidationError as error:
        raise BadRequest(f"Nội dung không hợp lệ: {explain(error)}") from error
    return payload


def changes_since(
    db: ServerDatabase, device: DeviceInfo, after: int, limit: int = 500, dossiers_after: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Changes for this device's agency (and for everyone) after ``after``, in order.

    Dossier records numbered up to ``dossiers_after`` are left out: a new counter
    fetches those in pages (``dossier_records``), what it needs first, first.
    """
    with db.transaction() as session:
        query = (
            select(Change)
            # A cursor is 64-bit on the wire; bound as seq's own type (int4 on PostgreSQL)
            # one past 2**31 - 1 would be an error instead of an empty page.
            .where(Change.seq > literal(after, BigInteger()))
            .where((Change.agency == device.agency) | Change.agency.is_(None))
        )
        if dossiers_after > after:
            bound = literal(dossiers_after, BigInteger())
            query = query.where(Change.dossier.is_(None) | (Change.seq > bound))
        rows = session.scalars(query.order_by(Change.seq).limit(limit)).all()
        changes = feed.rows_with_records(session, list(rows))
    cursor = rows[-1].seq if rows else after
    if len(rows) < limit and dossiers_after > cursor:
        cursor = dossiers_after  # every row up to it was sent, or is a record the pages gave
    return changes, cursor


def dossier_records(
    db: ServerDatabase, device: DeviceInfo, part: RecordsPart, *, key: str, since: date, limit: int
) -> tuple[list[DossierRecord], str | None, int]:
    """A page of the agency's dossiers (see ``feed.records_page``), and the feed's head.

    ``since`` is a local day: "the last 30 days" as the counter counted them when it
    started, so every page of a walk uses the same boundary.
    """
    day = min(max(since, EARLIEST_DAY), LATEST_DAY)  # no dossier lies outside
    boundary = datetime.combine(day, datetime.min.time(), VIETNAM)
    with db.transaction() as session:
        head = feed.head(session, device.agency)  # first: the records below are at least as new
        records, after = feed.records_page(
            session, device.agency, part, key=key, boundary=boundary, limit=limit
        )
    return records, after, head


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
        feed.add_change(
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
    entries = [{"day": d.isoformat(), "kind": k, "name": n.strip()} for d, k, n in days]
    payload = _published(CalendarPayload, {"days": entries})
    with db.transaction() as session:
        feed.add_change(
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
            if device.revoked_at is not None:
                raise AccessDenied(_revoked(session, device))
            key, info = device.bundle_key, DeviceInfo(device.id, device.agency, device.counter)
        body = bundle.verified(sealed, key)
    except bundle.BundleError as error:
        raise BadRequest(str(error)) from error
    events, cursor = body.get("events"), body.get("cursor", 0)
    if not isinstance(events, list) or not isinstance(cursor, int) or cursor < 0:
        raise BadRequest("Tệp thiếu danh sách sự kiện hoặc vị trí đồng bộ.")
    incoming = [read_event(msgspec.json.encode(event)) for event in events]
    answers: list[Answer] = []
    for start in range(0, len(incoming), MAX_EVENTS_PER_BATCH):
        answers += apply_events(db, info, incoming[start : start + MAX_EVENTS_PER_BATCH], now)
    changes, new_cursor = changes_since(db, info, cursor, limit=100_000)
    ack = {
        "agency": info.agency,
        "counter": info.counter,
        "device": info.id,
        "created_at": now.isoformat(),
        "server_time": now.isoformat(),
        "results": msgspec.to_builtins(answers),
        "changes": changes,
        "cursor": new_cursor,
    }
    return info, bundle.seal(bundle.ACK, ack, key)
