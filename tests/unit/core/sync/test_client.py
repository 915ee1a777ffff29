"""Malformed and hostile replies: a clear error, nothing applied, nothing marked.

The "server" here is a real HTTP server on 127.0.0.1 that answers whatever a test
sets, as a broken or malicious provincial endpoint (or a captive portal) would.
"""

from __future__ import annotations

import gzip
import itertools
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from counter_app.core.errors import SyncError, SyncOffline, SyncProtocolError
from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.core.store.engine import Database
from counter_app.core.sync import credentials as credentials_file
from counter_app.core.sync import outbox
from counter_app.core.sync.client import SyncClient, Timeouts, check_server_url
from counter_app.core.sync.credentials import Credentials
from counter_app.core.sync.engine import SyncEngine
from tests.conftest import make_settings
from tests.helpers import reception

NOW = datetime.now(UTC).isoformat()


class Hostile(ThreadingHTTPServer):
    reply: bytes = b""
    headers: dict[str, str]
    drip: bool = False


class Handler(BaseHTTPRequestHandler):
    server: Hostile

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        self.send_response(200)
        for key, value in self.server.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(self.server.reply)))
        self.end_headers()
        if self.server.drip:  # one byte at a time, never quite timing out a read
            for byte in self.server.reply:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        else:
            self.wfile.write(self.server.reply)

    do_GET = do_POST = _answer  # noqa: N815 (http.server's names)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    server = Hostile(("127.0.0.1", 0), Handler)
    server.headers = {"Content-Type": "application/json"}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def engine_for(db: Database, folder: Path, port: int, **timeouts: float) -> SyncEngine:
    creds = Credentials(f"http://127.0.0.1:{port}", "token", "000.17.22.H56", 1, 1)
    credentials_file.save(creds, folder / "device.json")
    return SyncEngine(db, folder / "device.json", timeouts=Timeouts(**timeouts))


def unchanged(db: Database) -> None:
    with db.read() as session:
        items = outbox.items(session, ["pending", "delivered", "quarantined"])
        cursor = outbox.sync_state(session).cursor
    assert {(i.state, i.attempts) for i in items} == {("pending", 0)}
    assert cursor == 0


def push_reply(results: list[dict[str, Any]]) -> bytes:
    return json.dumps({"results": results, "server_time": NOW}).encode()


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (b'{"results": "all good", "server_time": "' + NOW.encode() + b'"}', "results: sai kiểu"),
        (push_reply([{"id": "x", "result": "applied", "reason": "", "bonus": 1}]), "bonus"),
        (push_reply([{"id": "x", "result": "maybe", "reason": ""}]), "maybe"),
        (push_reply([]), "không khớp"),
        (b'{"results": [], "server_time": "yesterday"}', "server_time"),
        (b'{"results": [], "server_time": "2026-03-10T09:00:00"}', "múi giờ"),
        (b"[1, 2, 3]", "cần object"),
    ],
)
def test_a_malformed_push_reply_changes_nothing(
    db: Database, tmp_path: Path, hostile: Hostile, reply: bytes, message: str
) -> None:
    receive(Services(db, make_settings()), reception())
    hostile.reply = reply
    engine = engine_for(db, tmp_path, hostile.server_address[1])
    with pytest.raises(SyncProtocolError, match=message):
        engine.run_cycle()
    unchanged(db)


@pytest.mark.parametrize(
    "reply",
    [
        b"<html>Wi-Fi login</html>",  # a captive portal in front of the link
        push_reply([])[:-7],  # cut mid-body
        b"",
    ],
)
def test_a_reply_that_is_not_json_is_a_failed_transfer_retried_later(
    db: Database, tmp_path: Path, hostile: Hostile, reply: bytes
) -> None:
    receive(Services(db, make_settings()), reception())
    hostile.reply = reply
    with pytest.raises(SyncOffline, match="cắt ngang hoặc hỏng"):
        engine_for(db, tmp_path, hostile.server_address[1]).run_cycle()
    with db.read() as session:
        assert {i.state for i in outbox.items(session, ["pending", "quarantined"])} == {"pending"}


def test_changes_out_of_order_are_refused_and_the_cursor_stays(
    db: Database, tmp_path: Path, hostile: Hostile
) -> None:
    change = {"kind": "calendar", "payload": {"days": []}}
    with db.write() as session:  # the center's dossiers are here: the cycle pulls the feed
        outbox.sync_state(session).records_phase = "done"
    hostile.reply = json.dumps(
        {
            "changes": [{"seq": 5, **change}, {"seq": 3, **change}],
            "cursor": 5,
            "server_time": NOW,
        }
    ).encode()
    with pytest.raises(SyncProtocolError, match="thứ tự"):
        engine_for(db, tmp_path, hostile.server_address[1]).run_cycle()
    with db.read() as session:
        assert outbox.sync_state(session).cursor == 0


def test_a_huge_reply_is_refused_without_reading_it_all(
    db: Database, tmp_path: Path, hostile: Hostile
) -> None:
    receive(Services(db, make_settings()), reception())
    hostile.reply = b'{"results": ["' + b"x" * (17 * 1024 * 1024) + b'"]}'
    with pytest.raises(SyncProtocolError, match="quá lớn"):
        engine_for(db, tmp_path, hostile.server_address[1]).run_cycle()
    unchanged(db)


def test_a_gzip_bomb_is_refused(db: Database, tmp_path: Path, hostile: Hostile) -> None:
    receive(Services(db, make_settings()), reception())
    hostile.headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    hostile.reply = gzip.compress(b" " * (64 * 1024 * 1024))  # 64 MB of nothing, ~64 kB sent
    with pytest.raises(SyncProtocolError, match="quá lớn"):
        engine_for(db, tmp_path, hostile.server_address[1]).run_cycle()
    unchanged(db)


def test_a_trickling_reply_hits_the_overall_deadline(hostile: Hostile) -> None:
    hostile.reply = b'{"results": [], "server_time": "' + NOW.encode() + b'"}'
    hostile.drip = True  # each byte inside the read timeout; the whole far beyond the deadline
    seconds = itertools.count()  # each look at the clock: one second later
    client = SyncClient(
        f"http://127.0.0.1:{hostile.server_address[1]}",
        "token",
        timeouts=Timeouts(read=5.0, total=3.0),
        monotonic=lambda: float(next(seconds)),
    )
    with pytest.raises(SyncOffline, match="quá chậm"):
        client.push([])
    assert next(seconds) == 5  # the deadline (3 s) ended it at the 4th byte read, not later
    client.close()


def test_transport_failures_are_explained_in_vietnamese() -> None:
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    client = SyncClient(f"http://127.0.0.1:{port}", "token")
    with pytest.raises(SyncOffline) as refused:
        client.health()
    assert refused.value.message == (
        "Không kết nối được máy chủ tỉnh: máy chủ không nhận kết nối (máy chủ đang tắt hoặc "
        "bảo trì). Sẽ tự thử lại."
    )
    client.close()


def test_only_https_or_this_machine() -> None:
    assert check_server_url("https://sync.quangninh.gov.vn/") == "https://sync.quangninh.gov.vn"
    assert check_server_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    with pytest.raises(SyncError, match="https://"):
        check_server_url("http://sync.quangninh.gov.vn")
    with pytest.raises(SyncError):
        SyncClient("ftp://x", None)
