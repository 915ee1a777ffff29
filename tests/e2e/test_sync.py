"""Counters and a real provincial server process: the whole loop, offline first."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.core.domain.status import Status
from counter_app.core.errors import SyncOffline
from counter_app.core.services.dossiers import change_status, return_result
from counter_app.core.sync import outbox
from counter_app.core.sync.status import DELIVERED, QUARANTINED, OutboxItem
from provincial_server.db import ServerDatabase
from provincial_server.models import Dossier
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
    assert a1.engine.run_cycle().pulled == 3
    assert a1.status_of(ready) == Status.DONE
    assert a1.status_of(stopped) == Status.STOPPED
    # A2 reads its agency's changes but has none of those dossiers; B1 sees nothing of A's.
    assert a2.engine.run_cycle().pulled == 3
    assert b1.engine.run_cycle().pulled == 0
    assert {a2.status_of(c) for c in codes["a2"]} == {Status.ACCEPTED}

    # The citizen collects the result at A1: the province hears of it.
    return_result(a1.services, ready, "Nguyễn Văn Đức", "022090001234", "Lê Thị Hoa")
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
