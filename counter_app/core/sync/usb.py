"""No link for days: the pending outbox to a signed file, and the province's answer back.

Exporting changes nothing locally: the events stay pending until the province
confirms them, by the acknowledgement file or by a later online push (which the
server answers "duplicate"). Exporting twice, or importing an acknowledgement
twice or out of order, is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from counter_app.core.errors import SyncError
from counter_app.core.files import write_atomically
from counter_app.core.store.engine import Database
from counter_app.core.sync import bundle, outbox
from counter_app.core.sync.credentials import Credentials
from counter_app.core.sync.protocol import Answer, Change, explain
from counter_app.core.sync.pull import apply_changes
from counter_app.core.sync.wire_types import Count


@dataclass(frozen=True)
class AckReport:
    delivered: int
    quarantined: int
    pulled: int
    skipped: list[str]


def export_bundle(db: Database, creds: Credentials, target: Path, now: datetime) -> int:
    """Write every pending event to ``target``; how many."""
    with db.read() as session:
        events = [envelope for _, envelope in outbox.next_batch(session, 10**9)]
        cursor = outbox.sync_state(session).cursor
    body = {
        "agency": creds.agency,
        "counter": creds.counter,
        "device": creds.device,
        "created_at": now.isoformat(),
        "cursor": cursor,
        "events": events,
    }
    data = bundle.seal(bundle.BUNDLE, body, bundle.signing_key(creds.token))
    try:  # durable: a USB stick pulled out early must not hold half a file
        write_atomically(target, data)
    except OSError as error:
        raise SyncError(f"Không ghi được tệp {target}: {error.strerror}.") from error
    return len(events)


def import_ack(db: Database, creds: Credentials, source: Path, now: datetime) -> AckReport:
    """Mark the province's answers and apply its changes, in one transaction."""
    try:
        data = source.read_bytes()
    except OSError as error:
        raise SyncError(f"Không đọc được tệp {source}: {error.strerror}.") from error
    try:
        body = bundle.open_sealed(data, bundle.ACK, bundle.signing_key(creds.token))
    except bundle.BundleError as error:
        raise SyncError(f"Tệp xác nhận không dùng được: {error}") from error
    if (body.get("agency"), body.get("counter"), body.get("device")) != (
        creds.agency,
        creds.counter,
        creds.device,
    ):
        raise SyncError("Tệp xác nhận này dành cho quầy khác.")
    answers, changes, cursor = _parse_ack(body)
    with db.write() as session:
        delivered, quarantined = outbox.record_answers(session, answers, now)
        state = outbox.sync_state(session)
        fresh = [c for c in changes if c.seq > state.cursor]  # an older file: already applied
        skipped = apply_changes(session, fresh, now)
        state.cursor = max(state.cursor, cursor)
    return AckReport(delivered, quarantined, len(fresh), skipped)


def _parse_ack(body: dict[str, Any]) -> tuple[list[Answer], list[Change], int]:
    try:
        answers = msgspec.convert(body.get("results"), list[Answer])
        changes = msgspec.convert(body.get("changes"), list[Change])
        cursor = msgspec.convert(body.get("cursor"), Count)
    except msgspec.ValidationError as error:
        raise SyncError(f"Tệp xác nhận thiếu hoặc sai dữ liệu ({explain(error)}).") from error
    return answers, changes, cursor
