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
import math
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta

from counter_app.core.services.context import Clock
from counter_app.core.store.engine import Database
from counter_app.core.sync import outbox
from counter_app.core.sync.client import SyncClient
from counter_app.core.sync.protocol_records import (
    MAX_RECORDS_PER_PAGE,
    RECENT_DAYS,
    DossiersReply,
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
        return self._walk(RecordsPart.CURRENT, lambda: None, math.inf)

    def history(self, between: Callable[[], None], seconds: float = HISTORY_SECONDS) -> Fetched:
        """History pages for about ``seconds``; ``between`` runs after each (a push of
        what the clerks did meanwhile)."""
        return self._walk(RecordsPart.HISTORY, between, seconds)

    def _walk(self, part: RecordsPart, between: Callable[[], None], seconds: float) -> Fetched:
        """The part's pages from where it stands; the next page is on its way while one
        is applied (the province builds it on its core while this one writes)."""
        done = Fetched()
        with self.db.read() as session:
            state = outbox.sync_state(session)
            phase, key, since = state.records_phase, state.records_key or "", state.records_since
        if phase != part:
            return done
        since = since or self.clock().astimezone(CENTER_TZ).date() - timedelta(days=RECENT_DAYS)
        ends = self.monotonic() + seconds
        pages = self._pages_client()  # its own connection: a push may run between pages
        with pages, ThreadPoolExecutor(1, thread_name_prefix="pages") as ahead:
            coming: Future[DossiersReply] | None = ahead.submit(
                pages.dossiers, part, since, key, MAX_RECORDS_PER_PAGE
            )
            while coming is not None:
                reply = coming.result()
                more = reply.next is not None and self.monotonic() < ends
                following = reply.next or ""
                coming = (
                    ahead.submit(pages.dossiers, part, since, following, MAX_RECORDS_PER_PAGE)
                    if more
                    else None
                )
                if not self._apply(part, key, since, reply, done):
                    break  # another process fetched this page meanwhile
                key = following
                done.more = part is RecordsPart.HISTORY and reply.next is not None
                between()
        return done

    def _pages_client(self) -> SyncClient:
        c = self.client
        return SyncClient(c.base, c.token, c.verify, c.timeouts)

    def _apply(
        self, part: RecordsPart, key: str, since: date, reply: DossiersReply, done: Fetched
    ) -> bool:
        """Apply a page and move on, in one transaction; False if the walk moved meanwhile."""
        with self.db.write() as session:
            state = outbox.sync_state(session)
            if (state.records_phase, state.records_key or "") != (str(part), key):
                return False
            history = part is RecordsPart.HISTORY
            done.skipped += apply_records(session, reply.records, self.clock(), history=history)
            if state.records_since is None:  # the first page: the boundaries of the walk
                state.records_since, state.records_head = since, reply.head
            state.records_key = reply.next
            state.records_count += len(reply.records)
            if reply.next is None:
                state.records_phase = HISTORY if part is RecordsPart.CURRENT else DONE
                log.info("center's dossiers: %s part complete", part)
        done.pages += 1
        done.records += len(reply.records)
        return True
