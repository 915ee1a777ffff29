"""Voiding at the province: only what a counter may void, and a voided dossier stays put.

Through a real server process and real HTTP; the province's own actions through its CLI.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from counter_app.core.domain.status import Status
from provincial_server import service
from provincial_server.db import ServerDatabase
from provincial_server.models import Dossier
from tests.provincial_server.test_concurrent_status import wait_for_the_lock
from tests.servers import Server, held_dossier
from tests.wire import A, envelope, received


def voided(agency: str, counter: int, code: str) -> dict[str, Any]:
    data = {"MaHoSo": code, "LyDo": "Tiếp nhận nhầm thủ tục", "NguoiXuLy": "Lê Thị Hoa"}
    return envelope("code.voided", agency, counter, code, data)


def answers(server: Server, token: str, *events: dict[str, Any]) -> list[dict[str, str]]:
    reply = requests.post(
        f"{server.url}/v1/events",
        json={"events": list(events)},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    found: list[dict[str, str]] = reply.json()["results"]
    return found


def pulled(server: Server, token: str) -> list[dict[str, Any]]:
    reply = requests.get(
        f"{server.url}/v1/changes", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    changes: list[dict[str, Any]] = reply.json()["changes"]
    return changes


def test_a_void_of_a_dossier_the_province_moved_on_is_rejected_with_why(server: Server) -> None:
    """The counter voided offline; meanwhile the province sent the dossier to processing."""
    token = server.enrol(A, 1)
    moved, still = f"{A}-260310-1001", f"{A}-260310-1002"
    assert [a["result"] for a in answers(server, token, received(A, 1, moved))] == ["applied"]
    assert [a["result"] for a in answers(server, token, received(A, 1, still))] == ["applied"]
    done = server.admin("set-status", moved, str(int(Status.PROCESSING)), "--note", "Tư pháp")
    assert done.returncode == 0, done.stderr

    late, fine = answers(server, token, voided(A, 1, moved), voided(A, 1, still))
    assert late["result"] == "rejected" and fine["result"] == "applied"
    assert moved in late["reason"] and "«Đang xử lý»" in late["reason"]
    assert "chưa chuyển xử lý" in late["reason"]  # the counter's own rule, in the same words
    assert (
        held_dossier(server.db_url, moved).voided_at is None
        and held_dossier(server.db_url, moved).status == 4
    )
    assert held_dossier(server.db_url, still).voided_at is not None


def test_the_province_cannot_change_the_status_of_a_voided_dossier(server: Server) -> None:
    token = server.enrol(A, 1)
    code = f"{A}-260310-1001"
    assert [a["result"] for a in answers(server, token, received(A, 1, code))] == ["applied"]
    assert [a["result"] for a in answers(server, token, voided(A, 1, code))] == ["applied"]

    refused = server.admin("set-status", code, str(int(Status.PROCESSING)))
    assert refused.returncode == 1
    assert refused.stderr.startswith("Lỗi: ") and "đã bị hủy" in refused.stderr
    assert "Tiếp nhận nhầm thủ tục" in refused.stderr  # the counter's reason
    assert held_dossier(server.db_url, code).status == 2
    [record] = [c["payload"] for c in pulled(server, token)]  # the voided dossier as it stands
    assert record["TrangThai"] == 2 and record["Huy"]["LyDo"] == "Tiếp nhận nhầm thủ tục"
    db = ServerDatabase(server.db_url)
    try:
        with pytest.raises(service.Conflict, match="đã bị hủy"):
            service.set_status(db, code, Status.STOPPED, "Dừng", datetime.now(UTC))
    finally:
        db.close()


def test_a_void_racing_the_provinces_decision_sees_it(server: Server) -> None:
    """The province's transaction holds the row; the void waits for it, then sees status 4."""
    token = server.enrol(A, 1)
    code = f"{A}-260310-1001"
    assert [a["result"] for a in answers(server, token, received(A, 1, code))] == ["applied"]
    db = ServerDatabase(server.db_url)
    found: list[dict[str, str]] = []
    racer = threading.Thread(
        target=lambda: found.extend(answers(server, token, voided(A, 1, code)))
    )
    try:
        with db.transaction() as session:
            dossier = session.get(Dossier, code, with_for_update=True)
            assert dossier is not None
            dossier.status = int(Status.PROCESSING)
            racer.start()
            wait_for_the_lock(db, racer)
        racer.join(60)
    finally:
        db.close()
    [answer] = found
    assert answer["result"] == "rejected" and "«Đang xử lý»" in answer["reason"]
    assert held_dossier(server.db_url, code).voided_at is None


def test_a_second_void_keeps_the_first_ones_reason_and_person(server: Server) -> None:
    token = server.enrol(A, 1)
    code = f"{A}-260310-1001"
    assert [a["result"] for a in answers(server, token, received(A, 1, code))] == ["applied"]
    first = voided(A, 1, code)
    again = voided(A, 1, code)  # another PC of the counter, or a retyped void
    again["data"] = {**again["data"], "LyDo": "Lý do khác", "NguoiXuLy": "Trần Văn Bình"}
    assert [a["result"] for a in answers(server, token, first)] == ["applied"]
    voided_at = held_dossier(server.db_url, code).voided_at
    assert [a["result"] for a in answers(server, token, again)] == ["applied"]
    kept = held_dossier(server.db_url, code)
    assert kept.voided_at == voided_at
    assert (kept.data["LyDo"], kept.data["NguoiXuLy"]) == ("Tiếp nhận nhầm thủ tục", "Lê Thị Hoa")
