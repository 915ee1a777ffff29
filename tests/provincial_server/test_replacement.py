"""One active device per counter number: enrolling a replacement PC, and what it is told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import requests

from tests.servers import Server
from tests.wire import A, B, received

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def enrol(server: Server, agency: str, counter: int) -> dict[str, object]:
    code = server.enrolment_code(agency, counter)
    reply = requests.post(f"{server.url}/v1/enrol", json={"code": code}, timeout=10)
    assert reply.status_code == 200, reply.text
    granted: dict[str, object] = reply.json()
    return granted


def pull(server: Server, token: object) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return requests.get(f"{server.url}/v1/changes", headers=headers, timeout=10)


def push(server: Server, token: object, events: list[dict[str, object]]) -> None:
    reply = requests.post(
        f"{server.url}/v1/events",
        json={"events": events},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    assert {r["result"] for r in reply.json()["results"]} == {"applied"}


def test_a_second_pc_for_a_counter_number_replaces_the_first(server: Server) -> None:
    first = enrol(server, A, 1)
    other_counter, other_agency = enrol(server, A, 2), enrol(server, B, 1)
    second = enrol(server, A, 1)

    refused = pull(server, first["token"])
    assert refused.status_code == 401
    error = refused.json()["error"]
    enrolled = datetime.fromisoformat(str(second["server_time"])).astimezone(VIETNAM)
    assert error.startswith(
        f"Số quầy 1 của {A} nay thuộc một máy khác (đăng ký lúc {enrolled:%H:%M %d/%m/%Y}). "
        "Máy này không cấp được số hồ sơ mới;"
    )
    assert "thu hồi" not in error  # not the province withdrawing access: another PC has it
    # Only that counter number's previous PC: other counters and agencies go on.
    for granted in (second, other_counter, other_agency):
        assert pull(server, granted["token"]).status_code == 200


def test_a_province_revocation_is_still_told_as_one(server: Server) -> None:
    first = enrol(server, A, 1)
    second = enrol(server, A, 1)  # replaces the first
    assert server.admin("revoke", "--agency", A, "--counter", "1").returncode == 0

    replaced, revoked = pull(server, first["token"]), pull(server, second["token"])
    assert replaced.status_code == revoked.status_code == 401
    assert "nay thuộc một máy khác" in replaced.json()["error"]
    assert "Sở đã thu hồi quyền đồng bộ" in revoked.json()["error"]
    assert "máy khác" not in revoked.json()["error"]


def test_the_enrolment_reply_says_the_counters_highest_numbers(server: Server) -> None:
    today = datetime.now(UTC).astimezone(VIETNAM).date()
    yesterday, long_ago = today - timedelta(days=1), today - timedelta(days=90)
    first = enrol(server, A, 1)
    assert first["issued"] == {}
    codes = [
        *(f"{A}-{today:%y%m%d}-100{n}" for n in (1, 2, 3)),
        f"{A}-{yesterday:%y%m%d}-1017",
        f"{A}-{long_ago:%y%m%d}-1005",  # older than the reply's window
    ]
    push(server, first["token"], [received(A, 1, code) for code in codes])
    counter_2 = enrol(server, A, 2)
    push(server, counter_2["token"], [received(A, 2, f"{A}-{today:%y%m%d}-2009")])

    assert enrol(server, A, 1)["issued"] == {today.isoformat(): 3, yesterday.isoformat(): 17}
    assert enrol(server, A, 2)["issued"] == {today.isoformat(): 9}
    assert enrol(server, B, 1)["issued"] == {}
