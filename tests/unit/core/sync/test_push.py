"""No poison pill: a batch the server refuses or fails on is split until the event at fault
is alone; that event is set aside (4xx) or held back (500), and the rest is delivered.

The "server" is a real HTTP server on 127.0.0.1 that answers by a script: it refuses
any batch holding a chosen event, as a server with a body limit, a strict parser or
a bug triggered by one event would.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.errors import SyncOffline, SyncServerError
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import change_status
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.store.engine import Database
from counter_app.core.sync import credentials as credentials_file
from counter_app.core.sync import outbox
from counter_app.core.sync.credentials import Credentials
from counter_app.core.sync.engine import SyncEngine
from counter_app.core.sync.outbox import HOLD_LIMIT
from counter_app.core.sync.push import MIN_BATCH, SERVER_ERRORS_PER_CYCLE, BatchSizer
from counter_app.core.sync.status import DELIVERED, PENDING, QUARANTINED
from tests.conftest import FakeClock, make_settings
from tests.helpers import reception


class Scripted(ThreadingHTTPServer):
    refuse: set[str]  # a batch holding one of these ids is answered 413
    fail: set[str]  # ... answered 500
    fail_all: bool = False  # every batch answered 500 (a broken server)
    foreign: int | None = None  # every request answered this status by a page on the way
    drop: int = 0  # this many requests get no reply at all (the link dropped)
    batches: list[list[str]]  # the event ids of each request, in order

    def answer(self, events: list[dict[str, Any]]) -> tuple[int, Any]:
        now = datetime.now(UTC).isoformat()
        ids = {e["id"] for e in events}
        self.batches.append([e["id"] for e in events])
        if self.foreign is not None:
            return self.foreign, "<html>Đăng nhập Wi-Fi</html>"
        if ids & self.refuse:
            return 413, {"error": "Nội dung quá lớn (tối đa 8 MB).", "server_time": now}
        if self.fail_all or ids & self.fail:
            return 500, {"error": "Lỗi máy chủ.", "server_time": now}
        results = [{"id": e["id"], "result": "applied", "reason": ""} for e in events]
        return 200, {"results": results, "server_time": now}


class Handler(BaseHTTPRequestHandler):
    server: Scripted

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        if self.server.drop:
            self.server.drop -= 1
            self.close_connection = True
            return  # no reply: the counter sees a lost link
        if self.path == "/v1/audit":  # the audit chain, after the events: all of it held
            entries = json.loads(body)["entries"]
            now = datetime.now(UTC).isoformat()
            self._send(200, {"acked": entries[-1]["seq"], "server_time": now})
            return
        status, reply = self.server.answer(json.loads(body)["events"])
        self._send(status, reply)

    def do_GET(self) -> None:
        now = datetime.now(UTC).isoformat()
        if self.path.startswith("/v1/dossiers"):  # the center has no dossiers yet
            self._send(200, {"records": [], "next": None, "head": 0, "server_time": now})
            return
        after = int(self.path.partition("after=")[2].partition("&")[0])
        self._send(200, {"changes": [], "cursor": after, "server_time": now})

    def _send(self, status: int, reply: Any) -> None:
        data = reply.encode() if isinstance(reply, str) else json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def scripted() -> Iterator[Scripted]:
    server = Scripted(("127.0.0.1", 0), Handler)
    server.refuse, server.fail, server.batches = set(), set(), []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def counter_with(
    db: Database, folder: Path, port: int, dossiers: int, clock: FakeClock | None = None
) -> tuple[SyncEngine, list[str]]:
    services = Services(db, make_settings(), clock or FakeClock(datetime.now(UTC)))
    ids = [receive(services, reception()).event_id for _ in range(dossiers)]
    creds = Credentials(f"http://127.0.0.1:{port}", "token", "000.17.22.H56", 1, 1)
    credentials_file.save(creds, folder / "device.json")
    return SyncEngine(db, folder / "device.json", services.clock), ids


def states(db: Database) -> dict[str, str]:
    with db.read() as session:
        items = outbox.items(session, [PENDING, QUARANTINED, DELIVERED])
    return {item.event_id: item.state for item in items}


def test_a_refused_event_is_quarantined_alone_and_every_other_is_delivered(
    db: Database, tmp_path: Path, scripted: Scripted
) -> None:
    engine, ids = counter_with(db, tmp_path, scripted.server_address[1], 40)
    scripted.refuse = {ids[17]}
    report = engine.run_cycle()
    assert (report.delivered, report.quarantined, report.pending) == (39, 1, 0)
    assert states(db) == {i: (QUARANTINED if i == ids[17] else DELIVERED) for i in ids}
    with db.read() as session:
        [set_aside] = outbox.items(session, [QUARANTINED])
    assert set_aside.last_error is not None and "quá lớn" in set_aside.last_error
    # Bisection, not one request per event: about 2·log2(40) refused requests.
    assert len(scripted.batches) <= 2 + 2 * 6


def test_an_event_the_server_fails_on_waits_with_its_dossier_and_the_rest_flows(
    db: Database, tmp_path: Path, scripted: Scripted, clock: FakeClock
) -> None:
    engine, ids = counter_with(db, tmp_path, scripted.server_address[1], 40, clock)
    services = Services(db, make_settings(), clock)
    with db.read() as session:
        first = session.scalars(select(m.Dossier.code).order_by(m.Dossier.id)).first()
    assert first is not None
    later = change_status(services, first, Status.PROCESSING, "Lê Thị Hoa").event_id
    scripted.fail = {ids[0]}
    with pytest.raises(SyncServerError, match="1 sự kiện chưa gửi được"):
        engine.run_cycle()
    waiting = {ids[0], later}  # the failing reception, and its dossier's later event
    assert states(db) == {i: (PENDING if i in waiting else DELIVERED) for i in [*ids, later]}
    # Never sent without its reception (a batch holding both fails whole).
    assert all(ids[0] in sent for sent in scripted.batches if later in sent)

    requests = len(scripted.batches)
    assert engine.run_cycle().pending == 2  # still waiting: not sent again at once
    assert len(scripted.batches) == requests

    scripted.fail = set()  # the province fixed its bug; five minutes later it goes
    clock.now += timedelta(minutes=5)
    assert engine.run_cycle().complete
    assert scripted.batches[-1] == [ids[0], later]  # in order, together
    assert set(states(db).values()) == {DELIVERED}


def test_an_event_the_server_always_fails_on_is_set_aside_for_a_person(
    db: Database, tmp_path: Path, scripted: Scripted, clock: FakeClock
) -> None:
    engine, ids = counter_with(db, tmp_path, scripted.server_address[1], 3, clock)
    scripted.fail = {ids[1]}
    for _ in range(HOLD_LIMIT - 1):
        with pytest.raises(SyncServerError):
            engine.run_cycle()
        clock.now += timedelta(hours=2)
    report = engine.run_cycle()
    assert (report.quarantined, report.pending) == (1, 0)
    with db.read() as session:
        [set_aside] = outbox.items(session, [QUARANTINED])
    assert set_aside.event_id == ids[1]
    assert set_aside.last_error is not None and "5 lần" in set_aside.last_error
    assert "báo cho Sở" in set_aside.last_error


@pytest.mark.parametrize("status", [401, 403, 404, 407, 408, 429, 502])
def test_a_page_on_the_way_is_a_lost_link_not_the_provinces_verdict(
    db: Database, tmp_path: Path, scripted: Scripted, status: int
) -> None:
    engine, _ids = counter_with(db, tmp_path, scripted.server_address[1], 20)
    scripted.foreign = status  # a captive portal, a proxy, a gateway: not an ErrorReply
    with pytest.raises((SyncOffline, SyncServerError)):
        engine.run_cycle()
    assert set(states(db).values()) == {PENDING}  # nothing set aside, nothing stopped
    assert len(scripted.batches) <= 3  # retried, not split event by event
    assert engine.status().quarantined == 0


def test_a_server_that_fails_everything_is_not_flooded(
    db: Database, tmp_path: Path, scripted: Scripted
) -> None:
    engine, _ids = counter_with(db, tmp_path, scripted.server_address[1], 100)
    scripted.fail_all = True
    with pytest.raises(SyncServerError):
        engine.run_cycle()
    assert len(scripted.batches) == SERVER_ERRORS_PER_CYCLE + 1
    assert set(states(db).values()) == {PENDING}


class Shrinking(BatchSizer):
    """A link that gets slower with every batch: the next batch is always the smallest."""

    def succeeded(self, events: int, seconds: float) -> None:
        self.size = MIN_BATCH


def test_after_a_lost_batch_all_of_it_is_sent_again_in_the_same_cycle(
    db: Database, tmp_path: Path, scripted: Scripted
) -> None:
    engine, _ids = counter_with(db, tmp_path, scripted.server_address[1], 150)
    engine.sizer = Shrinking()
    scripted.drop = 1
    report = engine.run_cycle()
    assert (report.delivered, report.pending) == (150, 0)
