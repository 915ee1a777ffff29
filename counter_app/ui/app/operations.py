"""Running core calls off the GUI thread.

One ``Operations`` instance is one serialized worker thread (one for the database;
the network gets its own later). ``run`` queues a plain function; its result or
its error comes back on the GUI thread through a queued signal, as plain data.

The worker is a plain ``ThreadPoolExecutor``, not a QThreadPool with Python
QRunnables: a Python-owned QRunnable freed on the GUI thread while the pool thread
is still returning from ``run()`` is a use-after-free that crashed the tests.
Work that may be cut off at exit (a sync request on a dead link) runs on a daemon
thread instead, which the interpreter does not wait for.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from counter_app.core.errors import CounterError

if TYPE_CHECKING:  # the database layer loads on the worker, after the first paint
    from counter_app.core.services.desk import Desk

# The window's way to the core: work(desk) on the worker; on_success or on_failure come
# back on the GUI thread (MainWindow._core). Screens' controllers take it, not the window.
CoreRunner = Callable[
    [Callable[["Desk"], Any], Callable[[Any], None], Callable[[Exception], None] | None], None
]

log = logging.getLogger("counter_app.ui.app.operations")

Success = Callable[[Any], None]
Failure = Callable[[Exception], None]


class _Job:
    """What to run and whom to tell afterwards."""

    def __init__(
        self, work: Callable[[], Any], on_success: Success, on_failure: Failure | None
    ) -> None:
        self.work, self.on_success, self.on_failure = work, on_success, on_failure


class _AbandonableWorker:
    """A one-thread executor on a daemon thread: at exit nobody waits for its job.

    ThreadPoolExecutor's threads are joined when the interpreter exits, so a request
    blocked until its deadline (two minutes) would keep a closed program running.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def submit(self, fn: Callable[[_Job], None], job: _Job) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name=self._name, daemon=True)
            self._thread.start()
        self._jobs.put(lambda: fn(job))

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()

    def shutdown(self, *, wait: bool, cancel_futures: bool) -> None:
        while cancel_futures:
            try:
                self._jobs.get_nowait()
            except queue.Empty:
                break
        self._jobs.put(None)
        if wait and self._thread is not None:
            self._thread.join()


class Operations(QObject):
    """A serialized background executor whose callbacks run on the GUI thread."""

    # Emitted on the worker thread; Qt queues it to this object's (the GUI) thread.
    finished = Signal(object, object, object)  # job, result, error
    busy_changed = Signal(bool)
    # Errors that are bugs, not the user's doing: the window shows them and logs them.
    unexpected_error = Signal(object)

    def __init__(
        self, name: str, parent: QObject | None = None, *, abandon_at_exit: bool = False
    ) -> None:
        """``abandon_at_exit``: only for work that is safe to cut off anywhere."""
        super().__init__(parent)
        self.name = name
        self._executor: ThreadPoolExecutor | _AbandonableWorker = (
            _AbandonableWorker(name)
            if abandon_at_exit
            else ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        )
        self._pending = 0
        self._closed = False
        self.finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self, work: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        if self._closed:
            return  # the window is closing: a late signal (a sync's status) starts nothing
        job = _Job(work, on_success, on_failure)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._executor.submit(self._execute, job)

    def _execute(self, job: _Job) -> None:
        try:
            result = job.work()
        except Exception as error:  # handed to the GUI thread, never swallowed
            self.finished.emit(job, None, error)
        else:
            self.finished.emit(job, result, None)

    def _deliver(self, job: _Job, result: Any, error: Exception | None) -> None:
        self._pending -= 1
        if self._closed:
            return  # the window that asked is gone; its callbacks must not run
        try:
            if error is None:
                job.on_success(result)
            elif isinstance(error, CounterError) and job.on_failure is not None:
                job.on_failure(error)
            else:
                log.error("unexpected error in %s operation", self.name, exc_info=error)
                self.unexpected_error.emit(error)
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop delivering; by default finish the work already queued (it may be a reception)."""
        self._closed = True
        self._executor.shutdown(wait=wait, cancel_futures=not wait)
