"""What the window shows about synchronisation: plain values, no database types.

Kept free of SQLAlchemy so that the GUI can import it before the database layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

CLOCK_TOLERANCE_SECONDS = 300  # beyond 5 minutes, codes and appointments may be wrong
PENDING, DELIVERED, QUARANTINED, DISCARDED = "pending", "delivered", "quarantined", "discarded"


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server: str | None
    pending: int
    quarantined: int
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    offline_since: datetime | None
    last_error: str | None
    clock_offset_seconds: float | None  # server time minus ours
    skipped_changes: int  # changes from the province that could not be applied here
    # Fetching the center's dossiers: "current" (open and recent), "history", "done";
    # how many have come so far.
    records_phase: str = "done"
    records_count: int = 0

    @property
    def clock_warning(self) -> bool:
        offset = self.clock_offset_seconds
        return offset is not None and abs(offset) > CLOCK_TOLERANCE_SECONDS


@dataclass(frozen=True)
class OutboxItem:
    id: int
    event_id: str
    type: str
    dossier_code: str
    state: str
    created_at: datetime
    attempts: int
    last_error: str | None
    note: str | None


@dataclass(frozen=True)
class SkippedItem:
    """A change from the province that could not be applied here, and why."""

    seq: int
    kind: str
    reason: str
    skipped_at: datetime


@dataclass(frozen=True)
class CycleReport:
    """One sync cycle: what went out, what came back, and what is left."""

    delivered: int
    quarantined: int
    pulled: int
    skipped: list[str]  # pulled changes that could not be applied, with the reason
    pending: int
    more: bool = False  # the center's history is still coming: another cycle right away

    @property
    def complete(self) -> bool:
        return self.pending == 0
