"""When the counter syncs: after each action, periodically, on demand, and with backoff.

Cycles run on their own worker thread ("network"), never on the GUI thread and
never behind the database worker's receptions. The timing is ``SyncSchedule``'s,
the same policy as the headless ``counter-app sync``: after any failure the next
cycle waits (exponential backoff with jitter, at most five minutes); while the link
is down a cheap probe runs every 15 s. Only a refusal of the device itself (revoked
token, not enrolled) stops it, until the counter is enrolled again.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from counter_app.core.errors import CounterError, SyncError
from counter_app.core.sync.backoff import PROBE_SECONDS
from counter_app.core.sync.schedule import Due, SyncSchedule
from counter_app.core.sync.status import CycleReport, SyncStatus
from counter_app.ui.app.operations import Operations

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
    broken = Signal(object)  # Exception: a cycle that failed here, not on the link
    progress = Signal(int, int)  # events sent, events in all (emitted from the worker)
    running_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        probe_seconds: float = PROBE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        # A batch cut off at exit is sent again and answered "duplicate".
        self.ops = Operations("network", self, abandon_at_exit=True)
        self.ops.unexpected_error.connect(self._broken)  # a bug: reported, and sync goes on
        self.schedule = SyncSchedule(monotonic=monotonic, probe_seconds=probe_seconds)
        self.engine: SyncEngine | None = None
        self.running = self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # A coarse timer may fire up to 5 % early: a cycle due would then find itself
        # not quite due, and probe first. A precise one fires on time, or later.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    @property
    def stopped_by(self) -> CounterError | None:
        """What stopped syncing until a person acts (revoked token, damaged data), if any."""
        return self.schedule.stopped_by

    def remaining(self) -> float | None:
        """Seconds until the next full cycle; None while stopped or not yet scheduled."""
        return None if self.engine is None else self.schedule.remaining()

    def attach(self, engine: SyncEngine) -> None:
        self.engine = engine
        self.sync_now()

    def poke(self) -> None:
        """A clerk action added events: send them now, unless the link is known down."""
        if not self.schedule.offline and self.schedule.stopped_by is None:
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
        more = outcome.report is not None and outcome.report.more
        self.schedule.cycle_ended(outcome.error, self._again or more)
        self.running_changed.emit(False)
        self.status_changed.emit(outcome.status)
        self.outcome.emit(outcome)
        self._arm()

    def _broken(self, error: Exception) -> None:
        """The cycle failed here, not on the link (disk full, locked, damaged, a bug)."""
        self.running = False
        self.schedule.cycle_ended(error)
        self.running_changed.emit(False)
        self.broken.emit(error)
        self._arm()

    def _arm(self) -> None:
        wait = self.schedule.wait()
        # Stopped: look now and then whether the counter was enrolled again meanwhile.
        self._timer.start(math.ceil((self.schedule.probe_seconds if wait is None else wait) * 1000))

    def _tick(self) -> None:
        engine = self.engine
        if engine is None:
            return
        due = self.schedule.due()
        if due is Due.CYCLE:
            self.sync_now()
        elif due is Due.PROBE:
            self.ops.run(engine.probe, self._probed)
        else:
            self.ops.run(engine.credentials_changed, self._credentials_checked)

    def _credentials_checked(self, changed: bool) -> None:
        if changed:
            self.resume()
        elif not self.running:
            self._arm()

    def _probed(self, reachable: bool) -> None:
        self.schedule.probed(reachable)
        if reachable:
            self.sync_now()
        elif not self.running:
            self._arm()

    def resume(self) -> None:
        """After an enrolment: forget a refusal and sync now."""
        self.schedule.resume()
        self.sync_now()

    def refresh(self) -> None:
        """Re-read the status (after a console action or an enrolment)."""
        engine = self.engine
        if engine is not None:
            self.ops.run(engine.status, self.status_changed.emit)

    def shutdown(self) -> None:
        """Stop scheduling; a cycle in flight is abandoned (resending it later is safe)."""
        self._timer.stop()
        self.ops.shutdown(wait=False)
