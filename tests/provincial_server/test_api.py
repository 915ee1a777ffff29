"""The provincial server's API, through a real server process and real HTTP."""

from __future__ import annotations

import gzip
import json
from typing import Any

import requests

from provincial_server.db import ServerDatabase
from provincial_server.models import Dossier
from tests.servers import Server
from tests.wire import A, B, corrected, received, received_data, status_changed


def push(server: Server, token: str, events: list[dict[str, Any]], **kw: Any) -> requests.Response:
    return requests.post(
        f"{server.url}/v1/events",
        json={"events": events},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
        **kw,
    )


def results(reply: requests.Response) -> list[str]:
    assert reply.status_code == 200, reply.text
    return [r["result"] for r in reply.json()["results"]]


def test_an_enrolment_code_works_once(server: Server) -> None:
    code = server.admin("enrolment-code", "--agency", A, "--counter", "1").stdout.strip()
    first = requests.post(f"{server.url}/v1/enrol", json={"code": code}, timeout=10)
    assert first.status_code == 200
    assert (first.json()["agency"], first.json()["counter"]) == (A, 1)
    again = requests.post(f"{server.url}/v1/enrol", json={"code": code}, timeout=10)
    assert again.status_code == 401 and "đã dùng" in again.json()["error"]
    assert "server_time" in again.json()


def test_every_request_needs_a_valid_token(server: Server) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        reply = requests.get(f"{server.url}/v1/changes", headers=headers, timeout=10)
        assert reply.status_code == 401


def test_each_event_is_applied_once_whatever_is_resent(server: Server) -> None:
    token = server.enrol(A, 1)
    batch = [received(A, 1, f"{A}-260310-100{n}") for n in range(1, 4)]
    assert results(push(server, token, batch)) == ["applied"] * 3
    assert results(push(server, token, batch)) == ["duplicate"] * 3  # a timed-out batch resent
    body = gzip.compress(
        json.dumps({"events": [*batch, received(A, 1, f"{A}-260310-1004")]}).encode()
    )
    reply = requests.post(
        f"{server.url}/v1/events",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
        },
        timeout=10,
    )
    assert results(reply) == ["duplicate"] * 3 + ["applied"]


def test_a_rejected_event_does_not_block_the_rest(server: Server) -> None:
    token = server.enrol(A, 1)
    code = f"{A}-260310-1001"
    first = push(server, token, [received(A, 1, code)])
    assert results(first) == ["applied"]
    again_other_id = received(A, 1, code)  # same code, another event: a second dossier
    unknown = status_changed(A, 1, f"{A}-260310-1009", 2, 4)
    fine = received(A, 1, f"{A}-260310-1002")
    reply = push(server, token, [again_other_id, unknown, fine])
    assert results(reply) == ["rejected", "rejected", "applied"]
    reasons = [r["reason"] for r in reply.json()["results"]]
    assert "đã có" in reasons[0] and "chưa có hồ sơ" in reasons[1]


def test_one_agency_cannot_touch_another_agencys_dossiers(server: Server) -> None:
    token_a, token_b = server.enrol(A, 1), server.enrol(B, 1)
    code = f"{A}-260310-1001"
    assert results(push(server, token_a, [received(A, 1, code)])) == ["applied"]
    # B claiming to be A, or changing A's dossier under its own name: both refused.
    forged = push(server, token_b, [received(A, 1, f"{A}-260310-1002")])
    assert results(forged) == ["rejected"]
    change = status_changed(B, 1, code, 2, 9)
    assert results(push(server, token_b, [change])) == ["rejected"]
    # and B sees none of A's status changes
    assert server.admin("set-status", code, "4").returncode == 0
    seen_b = requests.get(
        f"{server.url}/v1/changes", headers={"Authorization": f"Bearer {token_b}"}, timeout=10
    )
    assert seen_b.json()["changes"] == []


def test_the_province_is_authoritative_for_statuses(server: Server) -> None:
    token = server.enrol(A, 1)
    code = f"{A}-260310-1001"
    push(server, token, [received(A, 1, code)])
    done = server.admin("set-status", code, "9", "--note", "Đã ký giấy khai sinh")
    assert done.returncode == 0, done.stderr
    pulled = requests.get(
        f"{server.url}/v1/changes",
        params={"after": 0},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    [change] = pulled["changes"]  # the dossier's latest record only, not one per change
    record = change["payload"]
    assert change["kind"] == "dossier" and record["rev"] == change["seq"]
    assert record["TrangThai"] == 9 and record["KetQuaTiepNhan"] == 2
    assert record["XuLy"]["TrangThaiTruoc"] == 2
    assert record["XuLy"]["NoiDungXuLy"] == "Đã ký giấy khai sinh"
    assert pulled["cursor"] == change["seq"]
    # The counter, not knowing yet, returns the result as if from "received" (2): conflict.
    stale = status_changed(A, 1, code, 2, 10)
    reply = push(server, token, [stale])
    assert results(reply) == ["rejected"]
    assert "Xung đột" in reply.json()["results"][0]["reason"]
    fresh = status_changed(A, 1, code, 9, 10)
    assert results(push(server, token, [fresh])) == ["applied"]
    refused = server.admin("set-status", code, "4")
    assert refused.returncode == 1 and "Không thể chuyển" in refused.stderr


def test_malformed_requests_are_refused_with_a_reason(server: Server) -> None:
    token = server.enrol(A, 1)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for body, extra, status in (
        (b"{not json", {}, 400),
        (b"\x1f\x8b garbage", {"Content-Encoding": "gzip"}, 400),
        (b'{"events": "many"}', {}, 400),
        (gzip.compress(b" " * (20 * 1024 * 1024)), {"Content-Encoding": "gzip"}, 413),  # a bomb
    ):
        reply = requests.post(
            f"{server.url}/v1/events", data=body, headers=headers | extra, timeout=10
        )
        assert reply.status_code == status, body[:20]
        assert reply.json()["error"] and reply.json()["server_time"]


def test_the_openapi_document_describes_the_api(server: Server) -> None:
    spec = requests.get(f"{server.url}/openapi.json", timeout=10).json()
    assert {"/v1/enrol", "/v1/events", "/v1/changes", "/v1/health"} <= set(spec["paths"])
    results_schema = spec["components"]["schemas"]["Answer"]["properties"]
    assert set(results_schema) == {"id", "result", "reason"}


def test_a_corrected_sex_reaches_the_provinces_record(server: Server) -> None:
    """A counter that records the sex corrects it; an older one's correction leaves it be."""
    token = server.enrol(A, 1)
    code = f"{A}-260310-1001"
    held = received_data(code)  # received without the sex (GioiTinh absent)
    assert results(push(server, token, [received(A, 1, code)])) == ["applied"]
    held["GioiTinh"] = None  # as the province stores it
    sex = corrected(A, 1, code, held, GioiTinh="Nam")
    assert results(push(server, token, [sex])) == ["applied"]
    assert held_data(server, code)["GioiTinh"] == "Nam"
    older = {key: value for key, value in held.items() if key != "GioiTinh"}  # no GioiTinh
    name = corrected(A, 1, code, older, ChuHoSo="Nguyễn Văn Đạt")
    assert results(push(server, token, [name])) == ["applied"]
    data = held_data(server, code)
    assert (data["ChuHoSo"], data["GioiTinh"]) == ("Nguyễn Văn Đạt", "Nam")
    stale = corrected(A, 1, code, held | {"ChuHoSo": "Nguyễn Văn Đạt"}, GioiTinh="Nữ")
    reply = push(server, token, [stale])  # says the sex was not given: the province has Nam
    assert results(reply) == ["rejected"] and "Xung đột" in reply.json()["results"][0]["reason"]
    assert held_data(server, code)["GioiTinh"] == "Nam"


def held_data(server: Server, code: str) -> dict[str, Any]:
    db = ServerDatabase(server.db_url)
    try:
        with db.transaction() as session:
            dossier = session.get(Dossier, code)
            assert dossier is not None
            return dict(dossier.data)
    finally:
        db.close()
