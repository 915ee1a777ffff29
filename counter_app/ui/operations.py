"""Running core calls off the GUI thread.

One ``Operations`` instance is one serialized worker thread (one for the database;
the network gets its own later). ``run`` queues a plain function; its result or
its error comes back on the GUI thread through a queued signal, as plain data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from counter_app.core.errors import CounterError

log = logging.getLogger("counter_app.ui.operations")

Success = Callable[[Any], None]
Failure = Callable[[Exception], None]


class _Task(QRunnable):
    def __init__(
        self,
        owner: Operations,
        work: Callable[[], Any],
        on_success: Success,
        on_failure: Failure | None,
    ) -> None:
        super().__init__()
        self.owner, self.work = owner, work
        self.on_success, self.on_failure = on_success, on_failure

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # handed to the GUI thread, never swallowed
            self.owner.finished.emit(self, None, error)
        else:
            self.owner.finished.emit(self, result, None)


class Operations(QObject):
    """A serialized background executor whose callbacks run on the GUI thread."""

    finished = Signal(object, object, object)  # task, result, error
    busy_changed = Signal(bool)
    # Errors that are bugs, not the user's doing: the window shows them and logs them.
    unexpected_error = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one at a time: SQLite writes are serialized anyway
        self._pending = 0
        self.finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self, work: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Task(self, work, on_success, on_failure))

    def _deliver(self, task: _Task, result: Any, error: Exception | None) -> None:
        self._pending -= 1
        try:
            if error is None:
                task.on_success(result)
            elif isinstance(error, CounterError) and task.on_failure is not None:
                task.on_failure(error)
            else:
                log.error("unexpected error in %s operation", self.name, exc_info=error)
                self.unexpected_error.emit(error)
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)

    def shutdown(self) -> None:
        self._pool.waitForDone()
