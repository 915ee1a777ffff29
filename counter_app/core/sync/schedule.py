"""When the next sync cycle runs: one policy for the window and the headless loop.

After a successful cycle the next one comes a period later (sooner if new events
are waiting). After any failure, network, server or protocol alike, the next cycle
waits with exponential backoff and jitter; while the link is down a cheap probe
runs every 15 s, so sync resumes as soon as the link returns rather than when the
backoff runs out. Nothing here ever gives up for good, except a refusal of the
device itself (revoked token, not enrolled), until a person enrols the counter
again, and a damaged database, which only a restore can cure.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum
from typing import TypeGuard

from counter_app.core.errors import (
    CounterError,
    NotEnrolled,
    StorageEnvironmentError,
    SyncAuthError,
    SyncOffline,
)
from counter_app.core.sync.backoff import PERIOD_SECONDS, PROBE_SECONDS, Backoff

SURVIVABLE = ("full", "locked", "io", "readonly")  # disk faults that a person can clear


def fatal(error: object) -> TypeGuard[StorageEnvironmentError]:
    """A local fault that waiting cannot cure: a damaged database."""
    return isinstance(error, StorageEnvironmentError) and error.kind not in SURVIVABLE


class Due(Enum):
    CYCLE = "cycle"  # push and pull
    PROBE = "probe"  # is the link back? (cheap)
    NOTHING = "nothing"  # stopped until the counter is enrolled again


class SyncSchedule:
    def __init__(
        self,
        backoff: Backoff | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        probe_seconds: float = PROBE_SECONDS,
    ) -> None:
        self.backoff = backoff or Backoff()
        self.monotonic, self.probe_seconds = monotonic, probe_seconds
        self.next_attempt: float | None = monotonic()  # the next full cycle; None: stopped
        self.offline = False
        self.stopped_by: CounterError | None = None  # why it stopped, while it is stopped

    def cycle_ended(self, error: Exception | None, again: bool = False) -> None:
        """Plan after a cycle: ``error`` is what ended it (a local fault counts too)."""
        self.offline = isinstance(error, SyncOffline)
        if error is None:
            self.backoff.succeeded()
            delay = 0.0 if again else PERIOD_SECONDS
        elif isinstance(error, NotEnrolled | SyncAuthError) or fatal(error):
            self.stopped_by, self.next_attempt = error, None
            return
        else:
            delay = self.backoff.failed()
        self.stopped_by = None
        self.next_attempt = self.monotonic() + delay

    def probed(self, reachable: bool) -> None:
        if reachable:
            self.backoff.succeeded()
            self.offline = False
            self.next_attempt = self.monotonic()

    def resume(self) -> None:
        """The counter was enrolled again (or a person asked): a cycle now."""
        self.stopped_by, self.offline = None, False
        self.next_attempt = self.monotonic()

    def remaining(self) -> float | None:
        """Seconds until the next full cycle (what the clerk is shown); None when stopped."""
        if self.next_attempt is None:
            return None
        return max(0.0, self.next_attempt - self.monotonic())

    def wait(self) -> float | None:
        """Seconds until there is something to do (a cycle, or a probe while offline)."""
        remaining = self.remaining()
        if remaining is None:
            return None
        return min(remaining, self.probe_seconds) if self.offline else remaining

    def due(self) -> Due:
        """What to do once ``wait()`` has passed."""
        remaining = self.remaining()
        if remaining is None:
            return Due.NOTHING
        return Due.CYCLE if remaining <= 0 or not self.offline else Due.PROBE
