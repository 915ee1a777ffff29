"""The transactional outbox: written in the caller's transaction, read by the engine.

Events are delivered in the order they were written. A rejected event moves aside
(quarantined, with the server's reason) and never blocks the ones after it; a
person retries it or, as a supervisor, discards it with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

import msgspec
from sqlalchemy import CursorResult, Update, func, select, update
from sqlalchemy.orm import Session

from counter_app.core import audit
from counter_app.core.audit import AuditAction
from counter_app.core.domain.text import clean, text_problem
from counter_app.core.errors import FieldError, ValidationFailed
from counter_app.core.store.models import OutboxEvent, SyncState
from counter_app.core.sync.protocol import Answer, Event, event_dossier
from counter_app.core.sync.status import (
    DELIVERED,
    DISCARDED,
    PENDING,
    QUARANTINED,
    OutboxItem,
)

HOLD_FIRST = timedelta(minutes=5)  # then 10, 20, 40 minutes
HOLD_LIMIT = 5  # failures alone before the event is set aside for a person


def enqueue(session: Session, event: Event, now: datetime) -> OutboxEvent:
    """Add ``event`` to the outbox. Commit happens with the change it describes."""
    row = OutboxEvent(
        event_id=event.id,
        type=str(event.kind),
        dossier_code=event_dossier(event),
        payload=msgspec.to_builtins(event),
        created_at=now,
        state=PENDING,
        attempts=0,
    )
    session.add(row)
    return row


def _changed(session: Session, statement: Update) -> int:
    """Run a bulk UPDATE; how many rows it changed."""
    result = session.execute(statement.execution_options(synchronize_session=False))
    return cast(CursorResult[Any], result).rowcount


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OutboxEvent.state, func.count())
        .where(OutboxEvent.state.in_((PENDING, QUARANTINED)))
        .group_by(OutboxEvent.state)
    ).all()
    return {state: number for state, number in rows}


def next_batch(
    session: Session, size: int, after: int = 0, now: datetime | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """The oldest pending events after row ``after``: (row id, envelope).

    With ``now``, events held back until later are left out, and so is every later
    event of the same dossier (its status change must not overtake its reception).
    """
    rows = session.execute(
        select(OutboxEvent.id, OutboxEvent.payload, OutboxEvent.dossier_code)
        .where(OutboxEvent.state == PENDING, OutboxEvent.id > after)
        .order_by(OutboxEvent.id)
        .limit(size)
    ).all()
    waiting: dict[str, int] = {}  # dossier → its first event held back (rarely any)
    if now is not None:
        waiting = {
            code: first
            for code, first in session.execute(
                select(OutboxEvent.dossier_code, func.min(OutboxEvent.id))
                .where(OutboxEvent.next_attempt_at > now, OutboxEvent.state == PENDING)
                .group_by(OutboxEvent.dossier_code)
            )
        }
    return [
        (row_id, payload)
        for row_id, payload, code in rows
        if code not in waiting or row_id < waiting[code]
    ]


def hold(session: Session, row_id: int, error: str, now: datetime) -> bool:
    """The server failed on this event alone: wait before the next try, and after
    ``HOLD_LIMIT`` times set it aside for a person. True when it was set aside."""
    row = session.get(OutboxEvent, row_id)
    if row is None or row.state != PENDING:
        return False
    row.held += 1
    row.attempts += 1
    if row.held >= HOLD_LIMIT:
        row.state, row.next_attempt_at = QUARANTINED, None
        row.last_error = (
            f"Máy chủ tỉnh gặp lỗi mỗi lần xử lý sự kiện này ({row.held} lần): {error} "
            "Hãy báo cho Sở; bấm «Gửi lại» khi Sở đã sửa."
        )[:2000]
        return True
    row.next_attempt_at = now + HOLD_FIRST * 2 ** (row.held - 1)
    row.last_error = error[:2000]
    return False


def record_answers(session: Session, answers: Sequence[Answer], now: datetime) -> tuple[int, int]:
    """Delivered or quarantined, by event id; only events still pending change.

    Returns (delivered, quarantined) among the events this call changed.
    """
    accepted = [a.id for a in answers if a.result != "rejected"]
    delivered = 0
    for start in range(0, len(accepted), 500):  # SQLite's limit on bound parameters
        delivered += _changed(
            session,
            update(OutboxEvent)
            .where(OutboxEvent.event_id.in_(accepted[start : start + 500]))
            .where(OutboxEvent.state == PENDING)
            .values(
                state=DELIVERED,
                delivered_at=now,
                attempts=OutboxEvent.attempts + 1,
                last_error=None,
                next_attempt_at=None,
            ),
        )
    quarantined = 0
    for answer in answers:
        if answer.result == "rejected":
            quarantined += _changed(
                session,
                update(OutboxEvent)
                .where(OutboxEvent.event_id == answer.id, OutboxEvent.state == PENDING)
                .values(
                    state=QUARANTINED,
                    next_attempt_at=None,
                    attempts=OutboxEvent.attempts + 1,
                    last_error=answer.reason[:2000] or "Máy chủ tỉnh từ chối (không nêu lý do).",
                ),
            )
    return delivered, quarantined


def record_failure(session: Session, row_ids: Sequence[int], error: str) -> None:
    """A batch that did not get through: one more attempt each, and why."""
    ids = list(row_ids)
    for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        _changed(
            session,
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(ids[start : start + 500]), OutboxEvent.state == PENDING)
            .values(attempts=OutboxEvent.attempts + 1, last_error=error[:2000]),
        )


def items(session: Session, states: Sequence[str], limit: int = 1000) -> list[OutboxItem]:
    """What the sync console lists: quarantined and pending events, oldest first."""
    rows = session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.state.in_(list(states)))
        .order_by(OutboxEvent.id)
        .limit(limit)
    ).all()
    return [
        OutboxItem(
            r.id, r.event_id, r.type, r.dossier_code, r.state, r.created_at,
            r.attempts, r.last_error, r.note,
        )
        for r in rows
    ]  # fmt: skip


def retry(session: Session, row_ids: Sequence[int]) -> int:
    """Quarantined events back into the queue (the cause was fixed on the server side)."""
    return _changed(
        session,
        update(OutboxEvent)
        .where(OutboxEvent.id.in_(list(row_ids)), OutboxEvent.state == QUARANTINED)
        .values(state=PENDING, held=0, next_attempt_at=None),
    )


def discard(
    session: Session, row_ids: Sequence[int], reason: str, supervisor: str, now: datetime
) -> int:
    """A supervisor's decision to give up on quarantined events; kept, with who and why."""
    problems = [
        FieldError(field, label, problem)
        for field, label, value in (
            ("supervisor", "Người phụ trách", supervisor),
            ("reason", "Lý do loại bỏ", reason),
        )
        if (problem := text_problem(value))
    ]
    reason, supervisor = clean(reason), clean(supervisor)
    if not supervisor:
        problems.append(FieldError("supervisor", "Người phụ trách", "chưa nhập họ tên."))
    if len(reason) < 5:
        problems.append(FieldError("reason", "Lý do loại bỏ", "cần ghi rõ (ít nhất 5 ký tự)."))
    if problems:
        raise ValidationFailed(problems)
    note = f"Loại bỏ lúc {now:%Y-%m-%d %H:%M} UTC bởi {supervisor}: {reason}"
    chosen = OutboxEvent.id.in_(list(row_ids)), OutboxEvent.state == QUARANTINED
    events = session.execute(
        select(OutboxEvent.type, OutboxEvent.dossier_code).where(*chosen).order_by(OutboxEvent.id)
    ).all()
    changed = _changed(
        session, update(OutboxEvent).where(*chosen).values(state=DISCARDED, note=note[:2000])
    )
    for kind, code in events:
        audit.append(
            session,
            supervisor,
            AuditAction.DISCARD,
            at=now,
            dossier=code,
            detail=f"{kind}: {reason}",
        )
    return changed


def sync_state(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1, cursor=0, records_phase="current", records_count=0)
        session.add(state)
    return state
