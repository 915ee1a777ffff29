"""When to try again: exponential backoff with jitter, capped at five minutes.

Jitter keeps a whole province's counters from retrying in step after an outage.
While the link is down a cheap probe runs more often, so that sync resumes as soon
as the link returns rather than when the backoff runs out.
"""

from __future__ import annotations

import random
from collections.abc import Callable

BASE_SECONDS = 2.0
CAP_SECONDS = 300.0
PERIOD_SECONDS = 60.0  # a quiet link still pulls the province's changes this often
PROBE_SECONDS = 15.0


class Backoff:
    def __init__(self, rng: Callable[[], float] = random.random) -> None:
        self.failures = 0
        self._rng = rng

    def failed(self) -> float:
        """Seconds to wait after one more failure: between half and all of the ceiling."""
        self.failures += 1
        ceiling = min(CAP_SECONDS, BASE_SECONDS * 2.0 ** min(self.failures - 1, 16))
        return ceiling / 2 + self._rng() * ceiling / 2

    def succeeded(self) -> None:
        self.failures = 0
