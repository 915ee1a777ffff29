"""Counters for sync tests: a real database file, enrolled with a real server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from counter_app.core.errors import SyncOffline, SyncServerError
from counter_app.core.services.context import Clock, Services, system_clock
from counter_app.core.services.identity import bind_identity
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.sync.client import Timeouts
from counter_app.core.sync.engine import SyncEngine
from tests.conftest import AGENCY, copy_db, make_settings
from tests.helpers import reception
from tests.servers import Server

OTHER_AGENCY = "000.21.22.H56"
QUICK = Timeouts(connect=2.0, read=5.0, total=20.0)


@dataclass
class Counter:
    services: Services
    engine: SyncEngine
    folder: Path

    def receive(self, count: int) -> list[str]:
        return [receive(self.services, reception()).code for _ in range(count)]

    def outbox_states(self) -> dict[str, int]:
        with self.services.db.read() as session:
            rows = session.execute(
                select(m.OutboxEvent.state, func.count()).group_by(m.OutboxEvent.state)
            ).all()
        return {state: n for state, n in rows}

    def status_of(self, code: str) -> int:
        with self.services.db.read() as session:
            status = session.scalar(select(m.Dossier.status).where(m.Dossier.code == code))
            assert status is not None
            return status

    def drain(self, cycles: int = 50) -> None:
        """Sync until the queue is empty, as the background worker would keep doing."""
        for _ in range(cycles):
            try:
                if self.engine.run_cycle().complete:
                    return
            except (SyncOffline, SyncServerError):
                continue
        raise AssertionError(f"queue not drained: {self.outbox_states()}")


def make_counter(
    template_db: Path,
    folder: Path,
    server: Server,
    *,
    number: int = 1,
    agency: str = AGENCY,
    url: str | None = None,
    clock: Clock = system_clock,
    timeouts: Timeouts = QUICK,
) -> Counter:
    """A counter database from the template, enrolled through ``url`` (default: direct)."""
    db = copy_db(template_db, folder)
    settings = make_settings(number, agency)
    bind_identity(db, settings, datetime.now(UTC))
    engine = SyncEngine(db, folder / "device.json", clock, timeouts)
    code = server.enrolment_code(agency, number)
    engine.enrol(url or server.url, code, agency, number, None)
    return Counter(Services(db, settings, clock), engine, folder)
