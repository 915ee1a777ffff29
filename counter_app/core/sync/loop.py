"""The always-on headless sync (``counter-app sync``): it never gives up on the link.

Every network, server or protocol failure is retried on ``SyncSchedule``'s backoff,
the same policy as the window's; a full or locked disk is waited out the same way.
When the province refuses the device itself (revoked token) or the counter is not
enrolled, the loop says what to do and waits until the credentials file changes
(``counter-app enroll``), then carries on. It ends only when ``stop()`` says so (a
signal, in the CLI) or on a local fault it cannot survive: a damaged database, or
a bug, which propagate with their message.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from counter_app.core.errors import StorageEnvironmentError, SyncError
from counter_app.core.sync.engine import SyncEngine
from counter_app.core.sync.schedule import Due, SyncSchedule, fatal
from counter_app.core.sync.status import CycleReport


def run_forever(
    engine: SyncEngine,
    schedule: SyncSchedule,
    *,
    report: Callable[[CycleReport], None],
    warn: Callable[[str], None],
    sleep: Callable[[float], None] = time.sleep,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    while not stop():
        due = schedule.due()
        if due is Due.NOTHING and engine.credentials_changed():  # enrolled again meanwhile
            schedule.resume()
            warn("Đã có đăng ký mới với máy chủ tỉnh; tiếp tục đồng bộ.")
            continue
        if due is Due.CYCLE:
            _cycle(engine, schedule, report, warn)
        elif due is Due.PROBE:
            schedule.probed(engine.probe())
        wait = schedule.wait()
        sleep(schedule.probe_seconds if wait is None else wait)


def _cycle(
    engine: SyncEngine,
    schedule: SyncSchedule,
    report: Callable[[CycleReport], None],
    warn: Callable[[str], None],
) -> None:
    try:
        done = engine.run_cycle()
    except SyncError as error:
        schedule.cycle_ended(error)
        _explain(error, schedule, warn)
        return
    except StorageEnvironmentError as error:
        if fatal(error):
            raise
        schedule.cycle_ended(error)
        _explain(error, schedule, warn)
        return
    schedule.cycle_ended(None, again=done.more)
    report(done)


def _explain(
    error: SyncError | StorageEnvironmentError, schedule: SyncSchedule, warn: Callable[[str], None]
) -> None:
    wait = schedule.remaining()
    if wait is None:
        warn(
            f"{error.message} Đồng bộ tạm dừng cho đến khi quầy được đăng ký lại "
            "(counter-app enroll --server … --code …); chương trình vẫn chạy và sẽ tự tiếp tục."
        )
    else:
        warn(f"{error.message} Thử lại sau {wait:.0f} giây.")
