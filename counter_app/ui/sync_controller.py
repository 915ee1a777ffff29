"""When the counter syncs: after each action, periodically, on demand, and with backoff.

Cycles run on their own worker thread ("network"), never on the GUI thread and
never behind the database worker's receptions. After a failure the next cycle
waits (exponential backoff with jitter, at most five minutes); while the link is
down a cheap probe runs every 15 s, so sync resumes as soon as the link returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.core.errors import NotEnrolled, SyncAuthError, SyncError, SyncOffline
from counter_app.core.sync.backoff import PERIOD_SECONDS, PROBE_SECONDS, Backoff
from counter_app.core.sync.status import CycleReport, SyncStatus
from counter_app.ui.operations import Operations

if TYPE_CHECKING:  # the engine module loads with the database layer, on the worker
    from counter_app.core.sync.engine import SyncEngine


@dataclass(frozen=True)
class Outcome:
    """One cycle as the window sees it: the report or the error, and the state after."""

    report: CycleReport | None
    error: SyncError | None
    status: SyncStatus


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    outcome = Signal(object)  # Outcome, after every cycle
    progress = Signal(int, int)  # events sent, events in all (emitted from the worker)
    running_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        probe_seconds: float = PROBE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``monotonic``: the clock the backoff is timed by (tests pass one they move)."""
        super().__init__(parent)
        self.probe_seconds = probe_seconds
        self.monotonic = monotonic
        # A batch cut off at exit is sent again and answered "duplicate".
        self.ops = Operations("network", self, abandon_at_exit=True)
        self.backoff = Backoff()
        self.engine: SyncEngine | None = None
        self.running = self._again = self._offline = False
        self.next_attempt: float | None = None  # self.monotonic() of the next full cycle
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)

    def attach(self, engine: SyncEngine) -> None:
        self.engine = engine
        self.sync_now()

    def poke(self) -> None:
        """A clerk action added events: send them now, unless the link is known down."""
        if not self._offline:
            self.sync_now()

    def sync_now(self) -> None:
        engine = self.engine
        if engine is None:
            return
        if self.running:
            self._again = True  # new events arrived mid-cycle: go again right after
            return
        self.running, self._again = True, False
        self._timer.stop()
        self.running_changed.emit(True)
        self.ops.run(lambda: self._cycle(engine), self._finished, self._broken)

    def _cycle(self, engine: SyncEngine) -> Outcome:
        try:
            report = engine.run_cycle(self.progress.emit)
            error = None
        except SyncError as failure:
            report, error = None, failure
        return Outcome(report, error, engine.status())

    def _finished(self, outcome: Outcome) -> None:
        self.running = False
        self.running_changed.emit(False)
        self.status_changed.emit(outcome.status)
        self.outcome.emit(outcome)
        error = outcome.error
        self._offline = isinstance(error, SyncOffline)
        if error is None:
            self.backoff.succeeded()
            delay = 0.0 if self._again else PERIOD_SECONDS
        elif isinstance(error, NotEnrolled | SyncAuthError):
            self.next_attempt = None  # nothing to do until someone enrols again
            return
        else:
            delay = self.backoff.failed()
        self.next_attempt = self.monotonic() + delay
        self._arm()

    def _broken(self, _error: Exception) -> None:
        """The local database failed under the cycle (disk full, locked): later, again."""
        self.running = False
        self.running_changed.emit(False)
        self.next_attempt = self.monotonic() + self.backoff.failed()
        self._arm()

    def _arm(self) -> None:
        assert self.next_attempt is not None
        remaining = max(0.0, self.next_attempt - self.monotonic())
        wait = min(remaining, self.probe_seconds) if self._offline else remaining
        self._timer.start(int(wait * 1000))

    def _tick(self) -> None:
        engine = self.engine
        if engine is None or self.next_attempt is None:
            return
        if not self._offline or self.monotonic() >= self.next_attempt:
            self.sync_now()
            return
        self.ops.run(engine.probe, self._probed)

    def _probed(self, reachable: bool) -> None:
        if reachable:
            self.backoff.succeeded()
            self.sync_now()
        elif not self.running:
            self._arm()

    def refresh(self) -> None:
        """Re-read the status (after a console action or an enrolment)."""
        engine = self.engine
        if engine is not None:
            self.ops.run(engine.status, self.status_changed.emit)

    def shutdown(self) -> None:
        """Stop scheduling; a cycle in flight is abandoned (resending it later is safe)."""
        self._timer.stop()
        self.ops.shutdown(wait=False)
