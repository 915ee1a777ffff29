"""A careless or hostile client against a real server process: a reason, never a 500.

Every reply here must be a 4xx with a reason and ``server_time``, or a 200 that
answers each event (applied, duplicate, or rejected with its reason). Codes a
device does not own are refused without telling whether they exist.
"""

from __future__ import annotations

import gzip
import json
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn
from sqlalchemy.orm import Session

from counter_app.core.domain.status import Status
from provincial_server import service
from provincial_server.api import create_app
from provincial_server.db import ServerDatabase
from tests.servers import Server, count_rows
from tests.wire import A, B, envelope, received, received_data, status_changed

pytestmark = pytest.mark.slow


def post(server: Server, token: str, body: bytes, **headers: str) -> requests.Response:
    reply = requests.post(
        f"{server.url}/v1/events",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"} | headers,
        timeout=30,
    )
    assert reply.status_code < 500, reply.text
    assert reply.json()["server_time"], reply.text
    return reply


def answers(server: Server, token: str, *events: dict[str, Any]) -> list[dict[str, str]]:
    reply = post(server, token, json.dumps({"events": list(events)}).encode())
    assert reply.status_code == 200, reply.text
    found: list[dict[str, str]] = reply.json()["results"]
    assert [a["id"] for a in found] == [e.get("id") for e in events]
    return found


def only(server: Server, token: str, event: dict[str, Any]) -> dict[str, str]:
    return answers(server, token, event)[0]


@pytest.fixture
def token(server: Server) -> str:
    return server.enrol(A, 2)


def test_a_device_creates_only_codes_of_its_own_agency_and_counter_block(
    server: Server, token: str
) -> None:
    refused = {
        "another agency's code": received(A, 2, f"{B}-260310-2001"),
        "counter 1's block": received(A, 2, f"{A}-260310-1001"),
        "the province's block": received(A, 2, f"{A}-260310-0001"),
        "number 2000 (n = 0)": received(A, 2, f"{A}-260310-2000"),
        "no such date": received(A, 2, f"{A}-260231-2001"),
        "not the legal format": received(A, 2, "000.17.22.H56-2603-2001"),
        "lower-case agency": received(A, 2, f"{A.lower()}-260310-2001"),
        "a trailing newline": received(A, 2, f"{A}-260310-2001\n"),
        "another day than received": received(A, 2, f"{A}-260311-2001"),
        "claiming another counter": received(A, 1, f"{A}-260310-1001"),
    }
    refused["another day than received"]["data"]["NgayTiepNhan"] = "20260310093000"
    for what, event in refused.items():
        answer = only(server, token, event)
        assert answer["result"] == "rejected" and answer["reason"], what
    assert count_rows(server.db_url, "dossiers") == 0
    assert only(server, token, received(A, 2, f"{A}-260310-2001"))["result"] == "applied"


def test_refusing_another_agencys_code_reveals_nothing(server: Server, token: str) -> None:
    other = server.enrol(B, 1)
    existing = f"{B}-260310-1001"
    assert only(server, other, received(B, 1, existing))["result"] == "applied"
    missing = f"{B}-260310-1002"
    for make in (
        lambda code: received(A, 2, code),
        lambda code: status_changed(A, 2, code, 2, 9),
    ):
        seen, unseen = only(server, token, make(existing)), only(server, token, make(missing))
        assert seen["result"] == unseen["result"] == "rejected"
        assert seen["reason"].replace(existing, "X") == unseen["reason"].replace(missing, "X")


def test_an_event_id_in_upper_case_is_the_same_event(server: Server, token: str) -> None:
    event = received(A, 2, f"{A}-260310-2001")
    shouted = event | {"id": event["id"].upper()}
    assert [a["result"] for a in answers(server, token, event, shouted)] == [
        "applied",
        "duplicate",
    ]
    assert only(server, token, shouted | {"id": "{" + event["id"] + "}"})["result"] == "rejected"
    assert count_rows(server.db_url, "applied_events") == 1


WRONG_TYPES: list[tuple[str, Any]] = [
    ("v", "1"),
    ("v", 2),
    ("counter", [2]),
    ("counter", True),
    ("counter", 2.0),
    ("agency", {"code": A}),
    ("occurred_at", 1700000000),
    ("occurred_at", "2026-03-10T09:30:00"),  # no offset
    ("type", "dossier.deleted"),
    ("type", ["dossier.received"]),
    ("data", []),
    ("data", None),
    ("extra", 1),
]
WRONG_DATA: list[tuple[str, Any]] = [
    ("ChuHoSo", ["Nguyễn Văn Đức"]),
    ("ChuHoSo", "Nguyễn\u202eVăn Đức"),  # a right-to-left override
    ("ChuHoSo", "Nguyễn\x00Văn"),
    ("ChuHoSo", "\u200b\u200b"),  # zero-width only
    ("SoGiayToChuHoSo", "０２２０９０００１２３４"),  # full-width digits
    ("SoGiayToChuHoSo", "٠٢٢٠٩٠٠٠١٢٣٤"),  # Arabic-Indic digits
    ("SoDienThoai", 912345678),
    ("SoBo", "1"),
    ("SoBo", 10**30),
    ("LePhi", -1),
    ("LePhi", 1.5),
    ("TrangThaiHoSo", 10),
    ("NgayTiepNhan", "20261310093000"),
    ("GiayTo", "Tờ khai"),
    ("GiayTo", [{"Ten": "x", "LoaiBan": "original", "SoLuong": 0, "DaNop": True}]),
    ("GiayTo", [{"Ten": "x", "LoaiBan": "original", "SoLuong": 1, "DaNop": True}] * 5000),
    ("DiaChi", "x" * 100_000),
    ("MaHoSo", f"{A}-260310-2009"),  # not the envelope's code
    ("BiMat", "extra field"),
]


@pytest.mark.parametrize(("field", "value"), WRONG_TYPES)
def test_a_malformed_envelope_is_rejected_alone(
    server: Server, token: str, field: str, value: Any
) -> None:
    good = received(A, 2, f"{A}-260310-2001")
    bad = received(A, 2, f"{A}-260310-2002") | {field: value}
    after = received(A, 2, f"{A}-260310-2003")
    found = answers(server, token, good, bad, after)
    assert [a["result"] for a in found] == ["applied", "rejected", "applied"], found
    assert found[1]["reason"]


@pytest.mark.parametrize(("field", "value"), WRONG_DATA)
def test_malformed_data_is_rejected_alone_with_the_field_named(
    server: Server, token: str, field: str, value: Any
) -> None:
    good = received(A, 2, f"{A}-260310-2001")
    bad = received(A, 2, f"{A}-260310-2002", **{field: value})
    found = answers(server, token, good, bad)
    assert [a["result"] for a in found] == ["applied", "rejected"], found
    assert field in found[1]["reason"] or "quá lớn" in found[1]["reason"], found[1]
    assert len(found[1]["reason"]) < 600  # an excerpt, never the value echoed whole


def test_unknown_type_and_protocol_version_are_named(server: Server, token: str) -> None:
    newer = received(A, 2, f"{A}-260310-2001") | {"v": 2}
    unknown = envelope("dossier.teleported", A, 2, f"{A}-260310-2002", {"MaHoSo": "x"})
    found = answers(server, token, newer, unknown)
    assert "Phiên bản giao thức 2" in found[0]["reason"]
    assert "dossier.teleported" in found[1]["reason"]


@pytest.mark.parametrize(
    "body",
    [
        b'{"events": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}",
        b'{"events": [{"v": NaN}]}',
        b'{"events": [{"v": Infinity}]}',
        b'{"events": [{"id": "\\ud800"}]}',
        b'{"events": [], "also": 1}',
        b'{"events": {"0": {}}}',
        b"[]",
        b"null",
        b"",
        b"\xef\xbb\xbf{}",
    ],
    ids=lambda body: body[:24].decode(errors="replace"),
)
def test_a_body_that_cannot_be_parsed_is_refused_with_a_reason(
    server: Server, token: str, body: bytes
) -> None:
    reply = post(server, token, body)
    assert reply.status_code == 400 and reply.json()["error"]


def test_odd_values_inside_a_parsable_batch_are_answered_per_event(
    server: Server, token: str
) -> None:
    events = [
        b"[" * 500 + b"]" * 500,  # deep, but parsable
        b'"\\u0000"',
        b"9" * 5000,
        b'{"id": 5}',
        json.dumps(received(A, 2, f"{A}-260310-2001")).encode(),
    ]
    found = post(server, token, b'{"events": [' + b",".join(events) + b"]}").json()["results"]
    assert [a["result"] for a in found] == ["rejected"] * 4 + ["applied"]


def test_limits_are_stated_and_enforced(server: Server, token: str) -> None:
    spec = requests.get(f"{server.url}/openapi.json", timeout=10).json()
    assert "8 MiB" in spec["info"]["description"]
    batch = spec["components"]["schemas"]["EventBatch"]["properties"]["events"]
    assert batch["maxItems"] == 1000
    too_many = [received(A, 2, f"{A}-260310-2001")] * 1001
    reply = post(server, token, json.dumps({"events": too_many}).encode())
    assert reply.status_code == 413 and "1000" in reply.json()["error"]
    noise = random.Random(1).randbytes(9 * 1024 * 1024).hex()[: 9 * 1024 * 1024]
    huge = received(A, 2, f"{A}-260310-2002", GhiChu=noise)
    reply = post(server, token, json.dumps({"events": [huge]}).encode())
    assert reply.status_code == 413 and "8 MB" in reply.json()["error"]
    big = received(A, 2, f"{A}-260310-2003")
    big["data"]["GiayTo"] = received_data(big["dossier"])["GiayTo"] * 5000  # ~350 kB
    assert "quá lớn" in only(server, token, big)["reason"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/v1/changes?after=9223372036854775808", 422),
        ("/v1/changes?after=-1", 422),
        ("/v1/changes?after=abc", 422),
        ("/v1/changes?limit=0", 422),
        ("/v1/changes?limit=1001", 422),
        ("/v1/nowhere", 404),
    ],
)
def test_query_errors_are_4xx_with_a_reason_and_the_time(
    server: Server, token: str, path: str, status: int
) -> None:
    reply = requests.get(
        f"{server.url}{path}", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert reply.status_code == status
    assert reply.json()["error"] and reply.json()["server_time"]


def test_enrolment_bodies_are_checked_too(server: Server) -> None:
    for body in (b"{}", b'{"code": 5}', b'{"code": "x", "more": 1}', b"[", gzip.compress(b"{")):
        reply = requests.post(f"{server.url}/v1/enrol", data=body, timeout=10)
        assert reply.status_code == 400, body
        assert reply.json()["error"] and reply.json()["server_time"]
    wrong = requests.post(f"{server.url}/v1/enrol", json={"code": "\ud7ff" * 10}, timeout=10)
    assert wrong.status_code == 401


def test_nul_characters_in_a_rejected_event_are_answered_not_a_500(
    server: Server, token: str
) -> None:
    """PostgreSQL text cannot hold NUL: what is stored of a bad event must not carry one.

    Found by the schemathesis run: a 500 on PostgreSQL for each of these.
    """
    good = received(A, 2, f"{A}-260310-2001")
    odd = [
        received(A, 2, f"{A}-260310-2002") | {"type": "dossier.\x00received"},
        received(A, 2, f"{A}-260310-2003") | {"dossier": f"{A}\x00-260310-2003"},
        received(A, 2, f"{A}-260310-2004") | {"v": "\x00"},
        received(A, 2, f"{A}-260310-2005", **{"\x00": 1}),
    ]
    found = answers(server, token, *odd, good)
    assert [a["result"] for a in found] == ["rejected"] * len(odd) + ["applied"], found
    assert all(a["reason"] for a in found[:-1]), found
    assert count_rows(server.db_url, "applied_events") == len(odd) + 1
    assert only(server, token, odd[0])["result"] == "rejected"  # re-checked, still no 500


@pytest.mark.parametrize("after", [2**31, 2**63 - 1])
def test_a_cursor_past_every_change_gets_an_empty_page(
    server: Server, token: str, after: int
) -> None:
    """The wire allows 64-bit cursors; PostgreSQL's 32-bit ``seq`` once made these a 500.

    Found by the schemathesis run (``after=9223372036854775806``).
    """
    reply = requests.get(
        f"{server.url}/v1/changes",
        params={"after": after},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["changes"] == [] and reply.json()["cursor"] == after


class BrokenDatabase(ServerDatabase):
    """A database that fails in a way nobody planned for."""

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        raise RuntimeError("the disk is on fire")
        yield  # pragma: no cover


def test_an_unexpected_failure_still_answers_in_the_protocol_shape(tmp_path: Path) -> None:
    app = create_app(BrokenDatabase(str(tmp_path / "province.sqlite3")))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:  # uvicorn says when it listens
            assert time.monotonic() < deadline and thread.is_alive()
            time.sleep(0.01)  # polling interval, not a wait for an outcome
        port = server.servers[0].sockets[0].getsockname()[1]
        reply = requests.get(
            f"http://127.0.0.1:{port}/v1/changes", headers={"Authorization": "Bearer x"}, timeout=10
        )
    finally:
        server.should_exit = True
        thread.join(10)
    assert reply.status_code == 500
    assert reply.json()["error"].startswith("Lỗi máy chủ") and reply.json()["server_time"]


def test_the_province_cannot_publish_what_counters_would_refuse(server: Server) -> None:
    db = ServerDatabase(server.db_url)
    try:
        now = datetime.now(UTC)
        with pytest.raises(service.BadRequest, match="name"):
            service.publish_calendar(db, [(date(2027, 3, 15), "off", "Nghỉ 🎉")], None, now)
        token = server.enrol(A, 2)
        code = f"{A}-260310-2001"
        assert only(server, token, received(A, 2, code))["result"] == "applied"
        with pytest.raises(service.BadRequest, match="NoiDungXuLy"):
            service.set_status(db, code, Status.PROCESSING, "x" * 2001, now)
        service.set_status(db, code, Status.PROCESSING, "Chuyển phòng Tư pháp", now)
    finally:
        db.close()


def test_an_enrolment_body_is_small_and_gzip_must_be_whole(server: Server, token: str) -> None:
    big = requests.post(
        f"{server.url}/v1/enrol", data=b'{"code": "' + b"x" * 5000 + b'"}', timeout=10
    )
    assert big.status_code == 413 and "4 KB" in big.json()["error"]
    body = json.dumps({"events": [received(A, 2, f"{A}-260310-2001")]}).encode()
    for tampered in (gzip.compress(body) + b"trailing", gzip.compress(body)[:-8]):
        reply = post(server, token, tampered, **{"Content-Encoding": "gzip"})
        assert reply.status_code == 400 and "gzip" in reply.json()["error"]
    assert count_rows(server.db_url, "applied_events") == 0


def test_an_event_id_already_used_by_another_counter_is_not_a_duplicate(
    server: Server, token: str
) -> None:
    other = server.enrol(A, 1)
    first = received(A, 1, f"{A}-260310-1001")
    assert only(server, other, first)["result"] == "applied"
    reused = received(A, 2, f"{A}-260310-2001") | {"id": first["id"]}
    answer = only(server, token, reused)
    assert answer["result"] == "rejected" and "quầy khác" in answer["reason"]
    assert count_rows(server.db_url, "dossiers") == 1
