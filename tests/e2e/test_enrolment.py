"""Enrolment and headless sync through the real ``counter-app`` CLI, over verified TLS."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from provincial_server import service
from provincial_server.db import ServerDatabase
from tests.e2e.cli_helpers import AGENCY, BIRTH, counter_app, set_up_counter, write_json
from tests.netproxy import LinkProfile, TcpProxy
from tests.servers import Server, Tls, count_rows, fresh_db_url, make_tls, start_server


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Server, Tls]]:
    tls = make_tls(tmp_path / "pki")
    running = start_server(fresh_db_url(tmp_path), tls=tls)
    yield running, tls
    running.stop()


def test_enrol_over_a_provincial_ca_then_sync_once(
    tmp_path: Path, tls_server: tuple[Server, Tls]
) -> None:
    server, tls = tls_server
    data = tmp_path / "counter"
    set_up_counter(data, 1)
    code = server.enrolment_code(AGENCY, 1)

    # The province's own CA is not in the system's store: refused, with what to do.
    untrusted = counter_app(data, "enroll", "--server", server.url, "--code", code)
    assert untrusted.returncode == 1
    assert "chứng chỉ" in untrusted.stderr and "--ca-bundle" in untrusted.stderr
    assert not (data / "device.json").exists()

    trusted = counter_app(
        data, "enroll", "--server", server.url, "--code", code, "--ca-bundle", str(tls.ca)
    )
    assert trusted.returncode == 0, trusted.stderr
    token_file = data / "device.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = json.loads(token_file.read_text(encoding="utf-8"))["token"].encode()
    assert all(token not in f.read_bytes() for f in data.glob("counter.sqlite3*"))

    received = counter_app(data, "receive", "--json", str(write_json(tmp_path / "r.json", BIRTH)))
    assert received.returncode == 0, received.stderr
    synced = counter_app(data, "sync", "--once")
    assert synced.returncode == 0, synced.stderr
    assert "Đã gửi 1 sự kiện" in synced.stdout

    # The same code cannot enrol a second PC.
    again = counter_app(
        data, "enroll", "--server", server.url, "--code", code, "--ca-bundle", str(tls.ca)
    )
    assert again.returncode == 1
    assert "đã dùng" in again.stderr


def test_a_code_for_another_counter_and_an_unreachable_server(
    tmp_path: Path, server: Server
) -> None:
    data = tmp_path / "counter"
    set_up_counter(data, 2)
    wrong = counter_app(
        data, "enroll", "--server", server.url, "--code", server.enrolment_code(AGENCY, 3)
    )
    assert wrong.returncode == 1
    assert "quầy 3" in wrong.stderr and "quầy 2" in wrong.stderr

    not_enrolled = counter_app(data, "sync", "--once")
    assert not_enrolled.returncode == 1
    assert "chưa đăng ký" in not_enrolled.stderr

    code = server.enrolment_code(AGENCY, 2)
    assert counter_app(data, "enroll", "--server", server.url, "--code", code).returncode == 0
    received = counter_app(data, "receive", "--json", str(write_json(tmp_path / "r.json", BIRTH)))
    assert received.returncode == 0
    server.stop()
    offline = counter_app(data, "sync", "--once")
    assert offline.returncode == 1
    assert "Không kết nối được máy chủ tỉnh" in offline.stderr
    assert "Traceback" not in offline.stderr


def test_an_expired_enrolment_code_is_refused_and_nothing_is_written(
    tmp_path: Path, server: Server
) -> None:
    data = tmp_path / "counter"
    set_up_counter(data, 1)
    db = ServerDatabase(server.db_url)
    try:  # issued eight days ago, valid for seven
        code = service.create_enrolment_code(
            db, AGENCY, 1, datetime.now(UTC) - timedelta(days=8), valid_days=7
        )
    finally:
        db.close()
    before = sorted(p.name for p in data.iterdir())

    done = counter_app(data, "enroll", "--server", server.url, "--code", code)

    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("Lỗi: Sở không nhận mã đăng ký này: ")
    assert "hết hạn" in done.stderr and "Hãy xin Sở một mã mới" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in data.iterdir()) == before  # no device.json, no partial file
    assert count_rows(server.db_url, "devices") == 0


def test_a_link_cut_in_the_tls_handshake_is_a_lost_link_not_a_certificate_problem(
    tmp_path: Path, tls_server: tuple[Server, Tls]
) -> None:
    server, tls = tls_server
    link = TcpProxy(server.port).start()
    try:
        data = tmp_path / "counter"
        set_up_counter(data, 1)
        url = f"https://127.0.0.1:{link.port}"
        code = server.enrolment_code(AGENCY, 1)
        enrolled = counter_app(
            data, "enroll", "--server", url, "--code", code, "--ca-bundle", str(tls.ca)
        )
        assert enrolled.returncode == 0, enrolled.stderr
        received = counter_app(
            data, "receive", "--json", str(write_json(tmp_path / "r.json", BIRTH))
        )
        assert received.returncode == 0, received.stderr
        link.profile = LinkProfile(drop_rate=1.0, drop_within=300)  # inside the handshake
        cut = counter_app(data, "sync", "--once")
        assert link.stats.dropped >= 1
        assert cut.returncode == 1
        assert "Không kết nối được máy chủ tỉnh" in cut.stderr, cut.stderr
        assert "chứng chỉ" not in cut.stderr
        link.profile = LinkProfile()
        synced = counter_app(data, "sync", "--once")
        assert synced.returncode == 0, synced.stderr
    finally:
        link.stop()
