"""One cycle's push: the outbox in order, in batches sized to the link, and no poison pill.

- A batch the server refuses as a whole (4xx: too large, malformed) is split in
  halves until the event at fault is alone; that event is set aside (quarantined)
  with the server's reason, and every other event is delivered.
- A batch that fails on the server (500) is split the same way, since one event may
  trigger the fault; an event that still fails alone is held back (5, 10, 20, 40
  minutes, its dossier's later events with it) while the rest flows, and after five
  such failures it is set aside for a person, with the reason.
- A lost link, a gateway error (502–504) or an unreadable reply is retried with a
  smaller batch a few times, then the cycle ends and the caller backs off.

An event leaves the queue only when the server's answer for it is committed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from counter_app.core.errors import SyncError, SyncOffline, SyncRefused, SyncServerError
from counter_app.core.services.context import Clock
from counter_app.core.store.engine import Database
from counter_app.core.sync import outbox
from counter_app.core.sync.client import SyncClient
from counter_app.core.sync.protocol import Answer, Result
from counter_app.core.sync.status import PENDING

Progress = Callable[[int, int], None]  # events sent so far, events to send in all
Batch = list[tuple[int, dict[str, Any]]]  # (outbox row id, envelope)

FIRST_BATCH, MIN_BATCH, MAX_BATCH = 100, 10, 1000
TARGET_SECONDS = 2.0  # a batch should take about this long on the current link
TRIES_PER_CYCLE = 3  # lost links within one cycle before it gives up for now
# Enough 500s to bisect a full batch down to one event twice over, not a storm.
SERVER_ERRORS_PER_CYCLE = 24
TRANSIENT_STATUSES = (502, 503, 504)  # a gateway or an overloaded server: not the content


class BatchSizer:
    """Batches sized to the link: as many events as go through in ~2 s, within bounds."""

    def __init__(self) -> None:
        self.size = FIRST_BATCH

    def succeeded(self, events: int, seconds: float) -> None:
        rate = events / max(seconds, 1e-3)
        self.size = int(max(MIN_BATCH, min(MAX_BATCH, 2 * self.size, rate * TARGET_SECONDS)))

    def failed(self) -> None:
        self.size = max(MIN_BATCH, self.size // 2)


@dataclass
class PushReport:
    delivered: int = 0
    quarantined: int = 0
    sent: int = 0
    held: list[str] = field(default_factory=list)  # why events were held back this cycle

    def held_error(self) -> SyncServerError | None:
        """Events the server failed on, one by one: the cycle did not finish its work."""
        if not self.held:
            return None
        return SyncServerError(
            f"{len(self.held)} sự kiện chưa gửi được vì máy chủ tỉnh gặp lỗi khi xử lý "
            f"({self.held[-1]}); các sự kiện khác đã gửi. Sẽ thử lại sau."
        )


@dataclass
class _Budget:
    lost: int = 0
    server_errors: int = 0


class Push:
    def __init__(
        self,
        db: Database,
        client: SyncClient,
        sizer: BatchSizer,
        clock: Clock,
        progress: Progress | None = None,
    ) -> None:
        self.db, self.client, self.sizer, self.clock = db, client, sizer, clock
        self.progress = progress
        self.report = PushReport()
        self._budget = _Budget()
        self._total = 0
        self._waiting: set[Any] = set()  # dossiers with an event held back this cycle

    def run(self) -> PushReport:
        """Everything pending, oldest first; raises when the link or the server gives out."""
        with self.db.read() as session:
            self._total = outbox.counts(session).get(PENDING, 0)
        after = 0
        while True:
            with self.db.read() as session:
                batch = outbox.next_batch(session, self.sizer.size, after=after, now=self.clock())
            if not batch:
                break
            after = batch[-1][0]
            self._send(batch)
        return self.report

    def _send(self, batch: Batch) -> None:
        # A dossier whose earlier event is held back waits whole: its status change
        # must not reach the province before its reception (halves go left first).
        batch = [item for item in batch if item[1].get("dossier") not in self._waiting]
        if not batch:
            return
        started = time.monotonic()
        try:
            answers = self.client.push([envelope for _, envelope in batch])
        except SyncRefused as refusal:
            self._refused(batch, refusal)
        except SyncServerError as error:
            if error.from_province and error.status not in TRANSIENT_STATUSES:
                self._failed_on(batch, error)
            else:
                self._lost(batch, error)
        except SyncOffline as error:
            self._lost(batch, error)
        else:
            self.sizer.succeeded(len(batch), time.monotonic() - started)
            self._record(answers, len(batch))

    def _refused(self, batch: Batch, refusal: SyncRefused) -> None:
        """The province refused the content: find the event at fault and set it aside."""
        if len(batch) > 1:
            self._split(batch)
            return
        reason = f"Máy chủ tỉnh không nhận sự kiện này: {refusal.reason}"
        self._record([Answer(id=batch[0][1]["id"], result=Result.REJECTED, reason=reason)], 1)

    def _failed_on(self, batch: Batch, error: SyncServerError) -> None:
        """The province failed on the content (500): one event may be the cause."""
        self._budget.server_errors += 1
        if self._budget.server_errors > SERVER_ERRORS_PER_CYCLE:  # not one event: a sick server
            self._count_failure(batch, error)
            raise error
        if len(batch) == 1:
            self._hold(batch[0], error)
        else:
            self._count_failure(batch, error)
            self._split(batch)

    def _lost(self, batch: Batch, error: SyncError) -> None:
        """Nothing said about the content (a lost link, a gateway): smaller batches, then later."""
        self._count_failure(batch, error)
        self._budget.lost += 1
        if self._budget.lost >= TRIES_PER_CYCLE:
            raise error
        self.sizer.failed()
        step = self.sizer.size  # fixed here: each chunk sent may resize the sizer
        for start in range(0, len(batch), step):
            self._send(batch[start : start + step])

    def _count_failure(self, batch: Batch, error: SyncError) -> None:
        with self.db.write() as session:
            outbox.record_failure(session, [row_id for row_id, _ in batch], error.message)

    def _hold(self, item: tuple[int, dict[str, Any]], error: SyncError) -> None:
        """The server fails on this event alone: it waits (and its dossier's later events
        with it) while the rest flows; after a few times a person sees it, set aside."""
        row_id, envelope = item
        with self.db.write() as session:
            set_aside = outbox.hold(session, row_id, error.message, self.clock())
        self._waiting.add(envelope.get("dossier"))
        if set_aside:
            self.report.quarantined += 1
        else:
            self.report.held.append(error.message)

    def _split(self, batch: Batch) -> None:
        middle = len(batch) // 2
        self._send(batch[:middle])
        self._send(batch[middle:])

    def _record(self, answers: list[Answer], sent: int) -> None:
        with self.db.write() as session:
            done, rejected = outbox.record_answers(session, answers, self.clock())
        report = self.report
        report.delivered += done
        report.quarantined += rejected
        report.sent += sent
        if self.progress is not None:
            self.progress(report.sent, max(self._total, report.sent))
