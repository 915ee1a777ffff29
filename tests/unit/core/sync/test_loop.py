"""The headless sync loop against a real server: it never gives up, and drains when it can.

Time is compressed: the loop's sleep moves a fake monotonic clock (the schedule's)
instead of waiting, so half an hour of a bad link passes in seconds, with every
request really sent through a proxy that cuts, resets, refuses or fails it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from counter_app.core.errors import StorageEnvironmentError
from counter_app.core.sync.backoff import Backoff
from counter_app.core.sync.engine import SyncEngine
from counter_app.core.sync.loop import run_forever
from counter_app.core.sync.schedule import SyncSchedule
from counter_app.core.sync.status import CycleReport
from tests.conftest import AGENCY, FakeMonotonic
from tests.netproxy import LinkProfile, TcpProxy
from tests.servers import Server, count_rows
from tests.sync_helpers import Counter, make_counter

pytestmark = pytest.mark.slow

MINUTE = 60.0


class Compressed:
    """The loop's clock and sleep: each sleep moves virtual time, and runs the test's script."""

    def __init__(self, script: Callable[[float], None] = lambda _t: None) -> None:
        self.clock = FakeMonotonic(0.0)
        self.script = script
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.now += seconds
        self.script(self.clock.now)


class Said:
    def __init__(self) -> None:
        self.reports: list[CycleReport] = []
        self.warnings: list[str] = []


def run(
    counter: Counter,
    time: Compressed,
    said: Said,
    until: Callable[[], bool],
    engine: SyncEngine | None = None,
) -> None:
    schedule = SyncSchedule(Backoff(rng=lambda: 0.5), monotonic=time.clock)
    run_forever(
        engine or counter.engine,
        schedule,
        report=said.reports.append,
        warn=said.warnings.append,
        sleep=time.sleep,
        stop=until,
    )


@pytest.fixture
def proxy(server: Server) -> Any:
    link = TcpProxy(server.port).start()
    yield link
    link.stop()


def test_half_an_hour_of_a_broken_link_then_everything_drains(
    template_db: Path, tmp_path: Path, server: Server, proxy: TcpProxy
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server, url=proxy.url)
    counter.receive(20)
    # Every connection broken, a different way every five minutes, for 30 minutes.
    faults = [
        LinkProfile(cut_replies_after=120),
        LinkProfile(drop_rate=1.0, drop_within=300),
        LinkProfile(refuse=True),
        LinkProfile(fail_rate=1.0),  # a 500 after the server applied the batch
        LinkProfile(cut_replies_after=40),
        LinkProfile(drop_rate=1.0, drop_within=300),
    ]

    def script(now: float) -> None:
        step = int(now // (5 * MINUTE))
        proxy.profile = faults[step] if step < len(faults) else LinkProfile()

    script(0.0)
    time, said = Compressed(script), Said()
    run(counter, time, said, until=lambda: counter.outbox_states() == {"delivered": 20})

    assert time.clock.now > 30 * MINUTE  # it kept going through every kind of fault
    assert len(said.warnings) >= 10 and all("Thử lại sau" in w for w in said.warnings)
    assert max(time.sleeps) <= 300  # backoff capped; probes every 15 s while offline
    assert said.reports and said.reports[-1].pending == 0
    assert count_rows(server.db_url, "dossiers") == 20  # nothing lost, nothing twice
    assert count_rows(server.db_url, "applied_events") == 20


def test_a_revoked_device_waits_for_a_new_enrolment_then_carries_on(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server)
    counter.receive(3)
    assert server.admin("revoke", "--agency", AGENCY, "--counter", "1").returncode == 0
    enrolled_at = 3 * 60 * MINUTE  # the province hands out a new code three hours later

    def script(now: float) -> None:
        if now >= enrolled_at and not counter.engine.credentials_path.with_suffix(".new").exists():
            counter.engine.credentials_path.with_suffix(".new").touch()
            code = server.enrolment_code(AGENCY, 1)
            # As `counter-app enroll` would, from another process: a new credentials file.
            other = SyncEngine(counter.services.db, counter.engine.credentials_path)
            other.enrol(server.url, code, AGENCY, 1, None)

    time, said = Compressed(script), Said()
    run(counter, time, said, until=lambda: counter.outbox_states() == {"delivered": 3})

    assert time.clock.now >= enrolled_at
    refusal = said.warnings[0]
    assert "thu hồi" in refusal and "counter-app enroll" in refusal
    assert "tạm dừng cho đến khi quầy được đăng ký lại" in refusal
    assert len([w for w in said.warnings if "thu hồi" in w]) == 1  # said once, not every 15 s
    assert "Đã có đăng ký mới" in said.warnings[-1]
    assert count_rows(server.db_url, "dossiers") == 3


def test_a_disk_fault_inside_the_sync_engine_is_waited_out(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server)
    counter.receive(5)
    failing = [True]

    @event.listens_for(counter.services.db.engine, "before_cursor_execute")
    def io_error(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if failing[0] and statement.lstrip().upper().startswith("UPDATE OUTBOX"):
            raise sqlite3.OperationalError("disk I/O error")

    def script(now: float) -> None:
        failing[0] = now < 10 * MINUTE

    time, said = Compressed(script), Said()
    run(counter, time, said, until=lambda: counter.outbox_states() == {"delivered": 5})

    assert any("Thử lại sau" in w for w in said.warnings)
    assert count_rows(server.db_url, "dossiers") == 5  # answered "duplicate" after the fault
    assert count_rows(server.db_url, "applied_events") == 5


def test_a_damaged_database_ends_the_loop_with_its_message(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server)
    counter.receive(1)

    @event.listens_for(counter.services.db.engine, "before_cursor_execute")
    def damaged(*_args: Any) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    with pytest.raises(StorageEnvironmentError) as ended:
        run(counter, Compressed(), Said(), until=lambda: False)
    assert ended.value.kind == "corrupt"
