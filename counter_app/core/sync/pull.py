"""Applying what the province sends back: dossier records, catalog versions, calendar days.

The province is authoritative for processing statuses: its status is taken, and
when the counter held another one the history says so (nothing silently lost: the
counter's own conflicting event comes back rejected and is shown in the console).
A change that cannot be applied (a payload that breaks the protocol, an unknown
kind, a catalog that does not load, a status for a dossier voided here) is skipped
so that it never blocks every later one, and recorded with its reason and payload
where a person sees it (the sync console, ``db check``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

import msgspec
from msgspec import to_builtins
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.core.domain.status import Status
from counter_app.core.errors import CounterError
from counter_app.core.services.accounts import apply_account
from counter_app.core.services.dossiers import add_history
from counter_app.core.store import models as m
from counter_app.core.store.calendar_repo import set_day
from counter_app.core.store.catalog import store_catalog
from counter_app.core.store.codes_repo import VOIDED
from counter_app.core.sync.protocol import (
    AccountPayload,
    CalendarPayload,
    Change,
    ChangeKind,
    StatusPayload,
    explain,
)
from counter_app.core.sync.protocol_records import DossierRecord
from counter_app.core.sync.records import RecordApplier, decode_record

PROVINCE = "Hệ thống tỉnh"
SOURCE_SERVER = "server"
MAX_KEPT_PAYLOAD = 1_000_000  # characters of a skipped change's payload kept for support


def apply_changes(session: Session, changes: Sequence[Change], now: datetime) -> list[str]:
    """Apply in order inside the caller's transaction; the reasons of skipped changes.

    Then the records held back for this counter's own events, if these are answered.
    """
    records = RecordApplier(session, now)
    skipped = [_apply_one(session, records, change, now) for change in changes]
    for held in records.release():
        released = Change(seq=held.rev, kind=ChangeKind.DOSSIER, payload=held.payload)
        skipped.append(_apply_one(session, records, released, now))
    return [why for why in skipped if why]


def apply_records(
    session: Session, records: Sequence[DossierRecord], now: datetime, *, history: bool = False
) -> list[str]:
    """Records fetched in pages, applied like the feed's (a bad one skipped and kept).

    Those new here are added together (``records_bulk``); if that fails on one of
    them, one by one, so that only the bad one is skipped.
    """
    applier = RecordApplier(session, now)
    known = applier.known([r.MaHoSo for r in records])
    skipped, new = [], []
    for record in records:
        if record.MaHoSo in known:
            skipped.append(_guarded(session, _change(record), partial(applier.apply, record), now))
            continue
        try:
            new.append(applier.prepare(record))
        except CounterError as error:
            skipped.append(_skip(session, _change(record), error.message, now))
    try:
        with session.begin_nested():
            applier.add_new(new, history=history)
    except (IntegrityError, ValueError):
        for one in new:
            skipped.append(
                _guarded(session, _change(one.record), partial(applier.apply, one.record), now)
            )
    return [why for why in skipped if why]


def _change(record: DossierRecord) -> Change:
    """A record as the feed would have carried it (to keep it if it is skipped)."""
    return Change(seq=record.rev, kind=ChangeKind.DOSSIER, payload=to_builtins(record))


def _apply_one(session: Session, records: RecordApplier, change: Change, now: datetime) -> str:
    def apply() -> None:
        if change.kind == ChangeKind.DOSSIER:
            records.apply(decode_record(change.payload))
        else:
            _apply(session, change, now)

    return _guarded(session, change, apply, now)


def _guarded(session: Session, change: Change, apply: Callable[[], object], now: datetime) -> str:
    """Run ``apply``; if the change cannot be applied, keep it with why (and return why)."""
    try:
        with session.begin_nested():  # a bad change leaves no half of itself behind
            apply()
    except msgspec.ValidationError as error:
        return _skip(session, change, f"dữ liệu sai giao thức ({explain(error)})", now)
    except CounterError as error:
        return _skip(session, change, error.message, now)
    except (KeyError, TypeError, ValueError, IntegrityError) as error:  # data, not the disk
        return _skip(session, change, f"dữ liệu không dùng được ({error!r:.200})", now)
    return ""


def skipped_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(m.SkippedChange)) or 0


def skipped_changes(session: Session, limit: int = 200) -> list[m.SkippedChange]:
    """The most recent skipped changes first."""
    query = select(m.SkippedChange).order_by(m.SkippedChange.id.desc()).limit(limit)
    return list(session.scalars(query))


def _skip(session: Session, change: Change, why: str, now: datetime) -> str:
    reason = f"Thay đổi số {change.seq} ({change.kind[:40]}) không áp dụng được: {why}"
    payload = json.dumps(change.payload, ensure_ascii=False)[:MAX_KEPT_PAYLOAD]
    session.add(
        m.SkippedChange(
            seq=change.seq, kind=change.kind[:40], reason=reason, payload=payload, skipped_at=now
        )
    )
    return reason


def _apply(session: Session, change: Change, now: datetime) -> None:
    try:
        apply = _APPLY[ChangeKind(change.kind)]
    except ValueError:
        raise CounterError(
            f"loại thay đổi «{change.kind[:40]}» chưa được phiên bản chương trình này hỗ trợ "
            "(máy chủ tỉnh mới hơn quầy). Đã bỏ qua và giữ lại nội dung; hãy báo cho Sở."
        ) from None
    apply(session, change, now)


def _status(session: Session, change: Change, now: datetime) -> None:
    payload = msgspec.convert(change.payload, StatusPayload)
    code, target = payload.MaHoSo, Status(payload.TrangThai)
    dossier = session.scalar(select(m.Dossier).where(m.Dossier.code == code))
    if dossier is None or dossier.status == target:
        return  # another counter's dossier, or already applied
    held = Status(dossier.status)
    issued = session.get(m.IssuedCode, dossier.code)
    if issued is not None and issued.state == VOIDED:
        # Voided here (offline) while the province moved it on: the province rejects the
        # void, and the counter keeps it voided; a person settles it with the province.
        raise CounterError(
            f"hồ sơ {code} đã bị hủy tại quầy ({issued.note}) nên không chuyển sang "
            f"«{target.label}» theo hệ thống tỉnh. Hãy liên hệ cơ quan xử lý để thống nhất "
            "hồ sơ này (hủy hay tiếp tục xử lý)."
        )
    note = payload.NoiDungXuLy
    if held != Status(payload.TrangThaiTruoc):
        note += f" (tại quầy khi đó đang «{held.label}»; theo hệ thống tỉnh)"
    dossier.status, dossier.updated_at = int(target), now
    add_history(session, dossier, from_status=int(held), at=now, actor=PROVINCE, note=note.strip())


def _catalog(session: Session, change: Change, now: datetime) -> None:
    store_catalog(session, json.dumps(change.payload, ensure_ascii=False), now)


def _calendar(session: Session, change: Change, now: datetime) -> None:
    for entry in msgspec.convert(change.payload, CalendarPayload).days:
        set_day(session, entry.day, entry.kind, entry.name, source=SOURCE_SERVER)


def _account(session: Session, change: Change, now: datetime) -> None:
    apply_account(session, msgspec.convert(change.payload, AccountPayload), now)


_APPLY: dict[ChangeKind, Callable[[Session, Change, datetime], None]] = {
    ChangeKind.STATUS: _status,
    ChangeKind.CATALOG: _catalog,
    ChangeKind.CALENDAR: _calendar,
    ChangeKind.ACCOUNT: _account,
}
