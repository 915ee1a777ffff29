"""Applying what the province sends back: statuses, catalog versions, calendar days.

The province is authoritative for processing statuses: its status is taken, and
when the counter held another one the history says so (nothing silently lost: the
counter's own conflicting event comes back rejected and is shown in the console).
A change that cannot be applied is skipped with its reason instead of blocking
every later one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.domain.status import Status
from counter_app.core.errors import CounterError
from counter_app.core.services.dossiers import add_history
from counter_app.core.store import models as m
from counter_app.core.store.calendar_repo import set_day
from counter_app.core.store.catalog import store_catalog
from counter_app.core.sync.protocol import ServerChange

PROVINCE = "Hệ thống tỉnh"
SOURCE_SERVER = "server"


def apply_changes(session: Session, changes: Sequence[ServerChange], now: datetime) -> list[str]:
    """Apply in order inside the caller's transaction; the reasons of skipped changes."""
    skipped: list[str] = []
    for change in changes:
        try:
            with session.begin_nested():  # a bad change leaves no half of itself behind
                _APPLY[change.kind](session, change, now)
        except (CounterError, KeyError, TypeError, ValueError) as error:
            text = error.message if isinstance(error, CounterError) else repr(error)
            skipped.append(f"Thay đổi số {change.seq} ({change.kind}) không áp dụng được: {text}")
    return skipped


def _status(session: Session, change: ServerChange, now: datetime) -> None:
    payload = change.payload
    code, target = str(payload["MaHoSo"]), Status(int(payload["TrangThai"]))
    before = Status(int(payload["TrangThaiTruoc"]))
    dossier = session.scalar(select(m.Dossier).where(m.Dossier.code == code))
    if dossier is None or dossier.status == target:
        return  # another counter's dossier, or already applied
    held = Status(dossier.status)
    note = str(payload.get("NoiDungXuLy") or "")[:1000]
    if held != before:
        note += f" (tại quầy khi đó đang «{held.label}»; theo hệ thống tỉnh)"
    dossier.status, dossier.updated_at = int(target), now
    add_history(session, dossier, from_status=int(held), at=now, actor=PROVINCE, note=note.strip())


def _catalog(session: Session, change: ServerChange, now: datetime) -> None:
    store_catalog(session, json.dumps(change.payload, ensure_ascii=False), now)


def _calendar(session: Session, change: ServerChange, now: datetime) -> None:
    for entry in change.payload["days"]:
        day = date.fromisoformat(entry["day"])
        set_day(session, day, str(entry["kind"]), str(entry["name"]), source=SOURCE_SERVER)


_APPLY = {"status": _status, "catalog": _catalog, "calendar": _calendar}
