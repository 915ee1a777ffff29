"""Fetching the center's dossiers onto a new (or upgraded) counter, what is needed first.

A busy center has hundreds of thousands of past dossiers: at 64 kbit/s more than
an hour. The counter first fetches the part a clerk needs (every dossier not yet
closed, and those received in the last 30 days), then the history, newest first,
a few pages per sync cycle, so pushes and the feed keep flowing meanwhile. Where
it stands is kept in ``sync_state`` after every page: it resumes after a cut link,
a restart or a power cut, and never fetches a page twice.

The feed's number at the start (``records_head``) splits the work: records up to it
come from these pages, later ones from the feed (``dossiers_after``), and a record
never steps a dossier back (``RecordApplier``), so the two ways may overlap freely.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from counter_app.core.services.context import Clock
from counter_app.core.store.engine import Database
from counter_app.core.sync import outbox
from counter_app.core.sync.client import SyncClient
from counter_app.core.sync.protocol_records import (
    MAX_RECORDS_PER_PAGE,
    RECENT_DAYS,
    RecordsPart,
)
from counter_app.core.sync.pull import apply_records
from counter_app.core.sync.record_fields import CENTER_TZ

log = logging.getLogger("counter_app.sync")

CURRENT, HISTORY, DONE = "current", "history", "done"
HISTORY_SECONDS = 20.0  # of history per cycle, then the cycle ends (and another starts)


@dataclass
class Fetched:
    pages: int = 0
    records: int = 0
    skipped: list[str] = field(default_factory=list)  # records that could not be applied
    more: bool = False  # history is left for the next cycle


class RecordsFetch:
    def __init__(
        self,
        db: Database,
        client: SyncClient,
        clock: Clock,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db, self.client, self.clock, self.monotonic = db, client, clock, monotonic

    def head(self) -> int:
        """Dossier records numbered up to this come from the pages, not the feed."""
        with self.db.read() as session:
            return outbox.sync_state(session).records_head or 0

    def current(self) -> Fetched:
        """Every page of the open and recent part, if it is not complete yet."""
        done = Fetched()
        while self._phase() == CURRENT:
            self._page(RecordsPart.CURRENT, done)
        return done

    def history(self, between: Callable[[], None], seconds: float = HISTORY_SECONDS) -> Fetched:
        """History pages for about ``seconds``; ``between`` runs after each (a push of
        what the clerks did meanwhile)."""
        done = Fetched()
        ends = self.monotonic() + seconds
        while self._phase() == HISTORY:
            if self.monotonic() >= ends:
                done.more = True
                break
            self._page(RecordsPart.HISTORY, done)
            between()
        return done

    def _phase(self) -> str:
        with self.db.read() as session:
            return outbox.sync_state(session).records_phase

    def _page(self, part: RecordsPart, done: Fetched) -> None:
        with self.db.read() as session:
            state = outbox.sync_state(session)
            since = state.records_since
            key = state.records_key or ""
        if since is None:
            since = self.clock().astimezone(CENTER_TZ).date() - timedelta(days=RECENT_DAYS)
        reply = self.client.dossiers(part, since, key, MAX_RECORDS_PER_PAGE)
        with self.db.write() as session:
            state = outbox.sync_state(session)
            if (state.records_phase, state.records_key or "") != (str(part), key):
                return  # another process fetched this page meanwhile
            history = part is RecordsPart.HISTORY
            done.skipped += apply_records(session, reply.records, self.clock(), history=history)
            if state.records_since is None:  # the first page: the boundaries of the walk
                state.records_since, state.records_head = since, reply.head
            state.records_key = reply.next
            state.records_count += len(reply.records)
            if reply.next is None:
                state.records_phase = HISTORY if part is RecordsPart.CURRENT else DONE
        done.pages += 1
        done.records += len(reply.records)
        if reply.next is None:
            log.info("center's dossiers: %s part complete", part)
