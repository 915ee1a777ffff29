"""Correcting a mistake through the real CLI, and the province following it (a real server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.cli_helpers import AGENCY, BIRTH, counter_app, set_up_counter, write_json
from tests.servers import Server, held_dossier
from tests.wire import corrected, status_changed

pytestmark = pytest.mark.slow


def cli(data: Path, *args: str) -> str:
    done = counter_app(data, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_correction_and_a_void_reach_the_province(tmp_path: Path, server: Server) -> None:
    data = tmp_path / "counter"
    set_up_counter(data, 1)
    cli(data, "setup", "--clerk", "Lê Thị Hoa")
    cli(data, "enroll", "--server", server.url, "--code", server.enrolment_code(AGENCY, 1))
    request = write_json(tmp_path / "r.json", BIRTH)
    first = cli(data, "receive", "--json", str(request)).strip()
    second = cli(data, "receive", "--json", str(request)).strip()
    cli(data, "sync", "--once")

    said = cli(data, "dossier", "correct", first, "--name", "Nguyễn Văn Đạt",
               "--phone", "0987654321", "--sex", "Nam", "--reason", "Gõ nhầm tên")  # fmt: skip
    assert "Họ và tên, Số điện thoại, Giới tính" in said
    assert "Đã hủy" in cli(data, "dossier", "void", second, "--reason", "Tiếp nhận nhầm")
    cli(data, "sync", "--once")

    corrected = held_dossier(server.db_url, first)
    assert (corrected.data["ChuHoSo"], corrected.data["GioiTinh"]) == ("Nguyễn Văn Đạt", "Nam")
    [change] = corrected.data["HieuChinh"]
    assert (change["Cu"]["ChuHoSo"], change["LyDo"]) == ("Nguyễn Văn Đức", "Gõ nhầm tên")
    assert held_dossier(server.db_url, second).voided_at is not None

    refused = counter_app(data, "dossier", "correct", second, "--name", "X Y", "--reason", "Sửa")
    assert refused.returncode == 1 and "đã bị hủy" in refused.stderr
    found = cli(data, "search", "nguyen van dat")
    assert first in found


def test_the_province_refuses_changes_to_a_voided_dossier_and_stale_corrections(
    tmp_path: Path, server: Server
) -> None:
    data = tmp_path / "counter"
    set_up_counter(data, 1)
    cli(data, "setup", "--clerk", "Lê Thị Hoa")
    cli(data, "enroll", "--server", server.url, "--code", server.enrolment_code(AGENCY, 1))
    request = write_json(tmp_path / "r.json", BIRTH)
    code = cli(data, "receive", "--json", str(request)).strip()
    cli(data, "dossier", "void", code, "--reason", "Tiếp nhận nhầm")
    cli(data, "sync", "--once")
    token = json.loads((data / "device.json").read_text(encoding="utf-8"))["token"]

    def push(event: dict[str, Any]) -> dict[str, str]:
        reply = requests.post(
            f"{server.url}/v1/events",
            json={"events": [event]},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        answer: dict[str, str] = reply.json()["results"][0]
        return answer

    late = push(status_changed(AGENCY, 1, code, 2, 7))  # an older counter's action, after the void
    assert late["result"] == "rejected" and "đã bị hủy" in late["reason"]

    other = cli(data, "receive", "--json", str(request)).strip()
    cli(data, "sync", "--once")
    held = held_dossier(server.db_url, other).data
    fresh = push(corrected(AGENCY, 1, other, held, ChuHoSo="Nguyễn Văn Đạt"))
    assert fresh["result"] == "applied"
    stale = push(corrected(AGENCY, 1, other, held, ChuHoSo="Nguyễn Văn Đăng"))  # old view
    assert stale["result"] == "rejected" and "Xung đột" in stale["reason"]
    assert held_dossier(server.db_url, other).data["ChuHoSo"] == "Nguyễn Văn Đạt"
