"""A counter's PC replaced (or wiped): the old PC is told so, the new one never reissues a code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.cli_helpers import AGENCY, BIRTH, counter_app, set_up_counter, write_json
from tests.servers import Server


def enrolled_counter(data: Path, server: Server, counter: int) -> None:
    set_up_counter(data, counter)
    code = server.enrolment_code(AGENCY, counter)
    done = counter_app(data, "enroll", "--server", server.url, "--code", code)
    assert done.returncode == 0, done.stderr


def receive(data: Path, tmp_path: Path) -> str:
    done = counter_app(data, "receive", "--json", str(write_json(tmp_path / "r.json", BIRTH)))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_replaced_pc_is_told_its_counter_number_belongs_to_another_pc(
    tmp_path: Path, server: Server
) -> None:
    old, new = tmp_path / "old-pc", tmp_path / "new-pc"
    enrolled_counter(old, server, 1)
    receive(old, tmp_path)
    assert counter_app(old, "sync", "--once").returncode == 0

    enrolled_counter(new, server, 1)
    receive(old, tmp_path)
    refused = counter_app(old, "sync", "--once")

    assert refused.returncode == 1
    assert f"Số quầy 1 của {AGENCY} nay thuộc một máy khác (đăng ký lúc " in refused.stderr
    assert "đăng ký lại quầy" not in refused.stderr  # re-enrolling would take the number back
    assert "Máy này không cấp được số hồ sơ mới" in refused.stderr
    assert "thu hồi" not in refused.stderr
    assert "Traceback" not in refused.stderr
    assert counter_app(new, "sync", "--once").returncode == 0  # the new PC is the counter's


def test_a_wiped_pc_enrolled_again_continues_after_the_provinces_numbers(
    tmp_path: Path, server: Server
) -> None:
    old, wiped = tmp_path / "old-pc", tmp_path / "wiped-pc"
    enrolled_counter(old, server, 1)
    codes = [receive(old, tmp_path) for _ in range(3)]
    day = codes[0].split("-")[1]  # the counter's local day, as it numbered them
    assert codes == [f"{AGENCY}-{day}-100{n}" for n in (1, 2, 3)]
    assert counter_app(old, "sync", "--once").returncode == 0

    enrolled_counter(wiped, server, 1)  # a fresh data directory, the same counter
    fourth = receive(wiped, tmp_path)

    assert fourth == f"{AGENCY}-{day}-1004"
    with sqlite3.connect(wiped / "counter.sqlite3") as db:
        skipped = db.execute(
            "SELECT code, state, note FROM issued_codes WHERE state = 'skipped' ORDER BY seq"
        ).fetchall()
    assert skipped == [(code, "skipped", "đã cấp trên máy cũ của quầy") for code in codes]
    assert counter_app(wiped, "sync", "--once").returncode == 0
