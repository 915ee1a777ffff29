"""Counters and a real provincial server process: the whole loop, offline first."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.errors import ClockBehind, SyncOffline
from counter_app.core.resources import resource
from counter_app.core.services.dossiers import change_status, return_result
from counter_app.core.store import models as m
from counter_app.core.sync import outbox
from counter_app.core.sync.status import DELIVERED, QUARANTINED, OutboxItem
from provincial_server.db import ServerDatabase
from provincial_server.models import Dossier
from tests.conftest import FakeClock
from tests.e2e.cli_helpers import write_json
from tests.helpers import acting
from tests.servers import Server, count_rows
from tests.sync_helpers import OTHER_AGENCY, Counter, make_counter


def server_dossiers(server: Server) -> dict[str, tuple[str, int, int]]:
    db = ServerDatabase(server.db_url)
    try:
        with db.transaction() as session:
            return {d.code: (d.agency, d.counter, d.status) for d in session.query(Dossier).all()}
    finally:
        db.close()


def set_status(server: Server, code: str, status: Status) -> None:
    done = server.admin("set-status", code, str(int(status)), "--note", "Phòng Tư pháp")
    assert done.returncode == 0, done.stderr


def test_three_counters_offline_then_synced_then_statuses_pulled(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    a1 = make_counter(template_db, tmp_path / "a1", server, number=1)
    a2 = make_counter(template_db, tmp_path / "a2", server, number=2)
    b1 = make_counter(template_db, tmp_path / "b1", server, number=1, agency=OTHER_AGENCY)
    server.stop()  # the link goes down: the counters keep working

    codes = {name: c.receive(4) for name, c in (("a1", a1), ("a2", a2), ("b1", b1))}
    with pytest.raises(SyncOffline):
        a1.engine.run_cycle()
    assert a1.outbox_states() == {"pending": 4}  # nothing lost, nothing marked

    server.restart()
    for counter in (a1, a2, b1):
        report = counter.engine.run_cycle()
        assert (report.delivered, report.quarantined, report.pending) == (4, 0, 0)
        assert counter.outbox_states() == {DELIVERED: 4}
    for counter in (a1, a2, b1):  # a second round sends nothing again
        assert counter.engine.run_cycle().delivered == 0

    on_server = server_dossiers(server)
    assert len(on_server) == 12 == count_rows(server.db_url, "applied_events")
    assert {on_server[c][:2] for c in codes["a2"]} == {(a1.services.settings.agency_code, 2)}
    assert {on_server[c][:2] for c in codes["b1"]} == {(OTHER_AGENCY, 1)}

    # The province processes two of A1's dossiers; A1 sees "result ready" after a pull.
    ready, stopped = codes["a1"][0], codes["a1"][1]
    set_status(server, ready, Status.PROCESSING)
    set_status(server, ready, Status.DONE)
    set_status(server, stopped, Status.STOPPED)
    assert a1.engine.run_cycle().pulled == 2  # each dossier's latest record, not every step
    assert a1.status_of(ready) == Status.DONE
    assert a1.status_of(stopped) == Status.STOPPED
    # A2 knows A1's dossiers too (the center's); B1 sees nothing of A's.
    assert a2.engine.run_cycle().pulled == 2
    assert b1.engine.run_cycle().pulled == 0
    assert {a2.status_of(c) for c in codes["a2"]} == {Status.ACCEPTED}
    assert (a2.status_of(ready), a2.status_of(stopped)) == (Status.DONE, Status.STOPPED)

    # The citizen collects the result at A1: the province hears of it.
    return_result(a1.services, ready, "Nguyễn Văn Đức", "022090001234", acting("Lê Thị Hoa"))
    assert a1.engine.run_cycle().delivered == 1
    assert server_dossiers(server)[ready][2] == Status.RETURNED


def test_a_conflicting_event_is_quarantined_with_the_reason_and_blocks_nothing(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "a1", server)
    first, second = counter.receive(2)
    counter.engine.run_cycle()
    set_status(server, first, Status.STOPPED)  # the province stops it ...
    # ... while the counter, not yet knowing, marks it processing and receives more.
    change_status(counter.services, first, Status.PROCESSING, "Lê Thị Hoa")
    later = counter.receive(1)

    report = counter.engine.run_cycle()
    assert (report.delivered, report.quarantined, report.pending) == (1, 1, 0)
    assert later[0] in server_dossiers(server)  # not blocked by the rejected event
    assert counter.status_of(first) == Status.STOPPED  # the province is authoritative
    quarantined = counter_items(counter, QUARANTINED)
    assert len(quarantined) == 1
    assert "Xung đột" in (quarantined[0].last_error or "")
    assert "Dừng xử lý" in (quarantined[0].last_error or "")
    assert second in server_dossiers(server)


def counter_items(counter: Counter, state: str) -> list[OutboxItem]:
    with counter.services.db.read() as session:
        return outbox.items(session, [state])


def test_catalog_and_calendar_published_by_the_province_are_pulled(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "a1", server)
    catalog = json.loads(resource("catalog", "demo_catalog.json").read_text(encoding="utf-8"))
    catalog |= {"version": "2027.1", "effective_from": "2027-01-01"}
    catalog["procedures"] = catalog["procedures"][:3]
    published = server.admin("publish-catalog", str(write_json(tmp_path / "c.json", catalog)))
    assert published.returncode == 0, published.stderr
    holiday = server.admin("calendar", "2027-03-15", "off", "Nghỉ bầu cử (tỉnh quyết định)")
    assert holiday.returncode == 0, holiday.stderr
    broken = server.admin("publish-catalog", str(write_json(tmp_path / "bad.json", {"x": 1})))
    assert broken.returncode == 1 and "không đúng định dạng" in broken.stderr

    assert counter.engine.run_cycle().pulled == 2
    with counter.services.db.read() as session:
        assert session.scalar(
            select(m.CatalogVersion.version).where(m.CatalogVersion.version == "2027.1")
        )
        day = session.get(m.CalendarDay, date(2027, 3, 15))
        assert day is not None and (day.kind, day.source) == ("off", "server")


def test_a_wrong_clock_is_reported_and_one_behind_the_last_event_blocks_receptions(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    clock = FakeClock(datetime.now(UTC) + timedelta(minutes=20))
    counter = make_counter(template_db, tmp_path / "a1", server, clock=clock)
    counter.receive(1)
    counter.engine.run_cycle()
    status = counter.engine.status()
    assert status.clock_warning
    assert status.clock_offset_seconds is not None
    assert -1250 < status.clock_offset_seconds < -1150

    clock.now = datetime.now(UTC) - timedelta(days=400)  # the BIOS battery died
    with pytest.raises(ClockBehind, match="Đồng hồ máy tính"):
        counter.receive(1)
    assert counter.outbox_states() == {DELIVERED: 1}
