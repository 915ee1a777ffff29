"""The audit chain to the province: its own ordered stream, after the outbox's events.

Entries go in order, in batches, to ``POST /v1/audit``; the province answers how far
it holds the chain, and that number is kept (``audit_state.acked_seq``) in the
transaction that records the answer, so a lost reply only means entries are sent
again (the province acknowledges identical entries again). If the province stops the
chain at an entry (a gap, a changed entry), its reason is kept for ``audit verify``
and the sync console, and the dossiers' sync goes on: the trail must not hold up the
citizens' dossiers. A lost link ends the cycle as for events.
"""

from __future__ import annotations

import logging

from counter_app.core.audit import trail
from counter_app.core.errors import SyncProtocolError, SyncRefused
from counter_app.core.store.engine import Database
from counter_app.core.sync.client import SyncClient

log = logging.getLogger("counter_app.sync")

AUDIT_BATCH = 500  # ~150 KB of JSON before gzip: a few seconds on a 64 kbit/s link


def push_audit(db: Database, client: SyncClient) -> int:
    """Send what the province has not acknowledged; how many entries it newly holds."""
    held = 0
    while True:
        with db.read() as session:
            batch = trail.unsent(session, AUDIT_BATCH)
        if not batch:
            return held
        try:
            reply = client.push_audit(batch)
        except (SyncRefused, SyncProtocolError) as refusal:
            # An older server without the endpoint, or a batch it cannot read.
            log.warning("audit entries not delivered: %s", refusal.message)
            with db.write() as session:
                trail.record_ack(session, batch[0].seq - 1, refusal.message)
            return held
        with db.write() as session:
            trail.record_ack(session, reply.acked, reply.problem)
        held += max(0, reply.acked - batch[0].seq + 1)
        if reply.problem:
            log.warning("the province stopped the audit chain: %s", reply.problem)
            return held
        if reply.acked < batch[-1].seq:  # held back without a reason: try next cycle
            return held
