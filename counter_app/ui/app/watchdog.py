"""Debug watchdog: logs every stall of the GUI thread longer than a threshold.

A timer that should fire every ``interval`` ms measures how late it fires; a late
tick means the event loop was blocked by something on the GUI thread.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("counter_app.ui.app.watchdog")


class StallWatchdog(QObject):
    def __init__(
        self, threshold_ms: float = 50, interval_ms: int = 10, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.threshold_ms = threshold_ms
        self.interval_ms = interval_ms
        self.stalls: list[float] = []  # ms blocked beyond the interval, for benchmarks
        self.worst_ms = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        blocked = (now - self._last) * 1000 - self.interval_ms
        self._last = now
        self.worst_ms = max(self.worst_ms, blocked)
        if blocked > self.threshold_ms:
            self.stalls.append(blocked)
            log.warning("GUI thread blocked for %.0f ms", blocked)
