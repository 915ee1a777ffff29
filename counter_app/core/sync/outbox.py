"""Writing events to the transactional outbox, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from counter_app.core.store.models import OutboxEvent
from counter_app.core.sync.protocol import Event

PENDING = "pending"


def enqueue(session: Session, event: Event, now: datetime) -> OutboxEvent:
    """Add ``event`` to the outbox. Commit happens with the change it describes."""
    row = OutboxEvent(
        event_id=event.id,
        type=str(event.type),
        dossier_code=event.dossier,
        payload=event.envelope(),
        created_at=now,
        state=PENDING,
        attempts=0,
    )
    session.add(row)
    return row
