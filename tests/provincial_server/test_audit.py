"""The province keeps each device's audit chain: through a real server process, real HTTP."""

from __future__ import annotations

import gzip
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import ANY

import msgspec
import requests
from msgspec.structs import replace

from counter_app.core.sync.wire_audit import GENESIS, AuditAction, AuditEntry, entry_hash
from tests.servers import Server
from tests.wire import A

START = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)


def chain(count: int, counter: int = 1) -> list[AuditEntry]:
    entries, last = [], GENESIS
    for seq in range(1, count + 1):
        fields: dict[str, Any] = {
            "seq": seq,
            "at": START + timedelta(minutes=seq),
            "counter": counter,
            "login": "",
            "name": "Lê Thị Hoa",
            "action": AuditAction.PRINT,
            "dossier": f"{A}-260310-1{seq:03d}",
            "detail": "Mẫu receipt",
            "prev_hash": last,
        }
        last = entry_hash(**fields)
        entries.append(AuditEntry(**fields, hash=last))
    return entries


def send(server: Server, token: str, entries: list[AuditEntry], gzipped: bool = False) -> Any:
    body = msgspec.json.encode({"entries": entries})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if gzipped:
        body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
    reply = requests.post(f"{server.url}/v1/audit", data=body, headers=headers, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()


def check(server: Server, *args: str) -> tuple[int, str]:
    done = server.admin("audit-check", "--agency", A, *args)
    return done.returncode, done.stdout + done.stderr


def test_a_chain_is_stored_and_resent_entries_are_acknowledged_again(server: Server) -> None:
    token = server.enrol(A, 1)
    entries = chain(6)
    assert send(server, token, entries[:4], gzipped=True)["acked"] == 4
    reply = send(server, token, entries[2:])  # 3 and 4 again (a lost reply), then 5, 6
    assert (reply["acked"], reply["refused_seq"], reply["problem"]) == (6, None, "")
    code, text = check(server)
    assert code == 0, text
    assert "Quầy 1, thiết bị #1: 6 mục, đến mục số 6 lúc 09:36 10/03/2026; liền mạch." in text


def test_the_server_notices_a_gap_and_names_the_missing_entry(server: Server) -> None:
    token = server.enrol(A, 1)
    entries = chain(6)
    reply = send(server, token, entries[:3] + entries[4:])  # entry 4 was removed
    assert (reply["acked"], reply["refused_seq"]) == (3, 4)
    assert "Thiếu mục số 4" in reply["problem"]
    code, text = check(server, "--counter", "1")
    assert code == 1
    assert "3 mục, đến mục số 3" in text and "ĐỨT tại mục số 4: Thiếu mục số 4" in text


def test_an_altered_entry_is_refused_before_and_after_it_was_stored(server: Server) -> None:
    token = server.enrol(A, 1)
    entries = chain(4)
    edited = replace(entries[1], name="Người khác")  # its hash no longer recomputes
    reply = send(server, token, [entries[0], edited, *entries[2:]])
    assert (reply["acked"], reply["refused_seq"]) == (1, 2)
    assert "Mục số 2 đã bị sửa" in reply["problem"]

    other = server.enrol(A, 2)
    assert send(server, other, chain(3, counter=2))["acked"] == 3
    rewritten = chain(3, counter=2)
    fields = msgspec.structs.asdict(rewritten[2]) | {"detail": "khác"}
    del fields["hash"]
    rewritten[2] = AuditEntry(**fields, hash=entry_hash(**fields))  # rewritten, rehashed
    reply = send(server, other, rewritten)  # entry 3 rewritten after the province held it
    assert (reply["acked"], reply["refused_seq"]) == (3, 3)
    assert "khác với mục số 3 tỉnh đã nhận" in reply["problem"]
    code, text = check(server)
    assert code == 1
    lines = text.splitlines()
    assert "Quầy 1" in lines[0] and "ĐỨT tại mục số 2" in lines[0]
    assert "Quầy 2" in lines[1] and "ĐỨT tại mục số 3" in lines[1]


def test_a_batch_needs_a_token_and_a_valid_shape(server: Server) -> None:
    bare = requests.post(f"{server.url}/v1/audit", json={"entries": []}, timeout=10)
    assert bare.status_code == 401
    token = server.enrol(A, 1)
    bad = requests.post(
        f"{server.url}/v1/audit",
        json={"entries": [{"seq": 0}]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert bad.status_code == 400 and "server_time" in bad.json()
    code, text = check(server, "--counter", "1")
    assert code == 0 and "chưa gửi nhật ký" in text


def test_hostile_entries_are_answered_never_a_server_error(server: Server) -> None:
    token = server.enrol(A, 1)
    first = msgspec.json.decode(msgspec.json.encode(chain(1)[0]))
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(entry: dict[str, Any]) -> requests.Response:
        body = msgspec.json.encode({"entries": [entry]}).replace(b"SURROGATE", b"\\ud800")
        return requests.post(f"{server.url}/v1/audit", data=body, headers=headers, timeout=10)

    out_of_range = post(first | {"at": "0001-01-01T00:00:00+18:00"})
    assert out_of_range.status_code == 200 and out_of_range.json()["refused_seq"] == 1
    assert post(first | {"detail": "SURROGATE"}).status_code in (200, 400)
    nul = first | {"detail": "a\x00b"}
    nul["hash"] = entry_hash(
        **{k: v for k, v in nul.items() if k != "hash"} | {"at": START + timedelta(minutes=1)}
    )
    refused = post(nul)
    assert refused.status_code == 200 and "NUL" in refused.json()["problem"]
    assert post(first | {"seq": 1.0}).json() == post(first).json() | {"server_time": ANY}


def push_twice_at_once(server: Server, token: str, body: bytes) -> list[requests.Response]:
    """The same body POSTed by two threads released together, on warm connections."""
    sessions = [requests.Session() for _ in range(2)]
    for session in sessions:
        session.headers.update({"Authorization": f"Bearer {token}"})
        session.get(f"{server.url}/v1/health", timeout=10).raise_for_status()
    start = threading.Barrier(2)

    def post(session: requests.Session) -> requests.Response:
        start.wait(timeout=10)
        headers = {"Content-Type": "application/json"}
        return session.post(f"{server.url}/v1/audit", data=body, headers=headers, timeout=60)

    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(post, sessions))
    for session in sessions:
        session.close()
    return replies


def test_two_copies_of_one_push_at_the_same_moment_store_the_chain_once(server: Server) -> None:
    """A resend racing its original (the first push, then a later one): never a 500, never
    an entry twice; `dev.py test-postgres` runs this over PostgreSQL's row locks too."""
    token = server.enrol(A, 1)
    entries = chain(40)
    for part in (entries[:20], entries[10:]):
        replies = push_twice_at_once(server, token, msgspec.json.encode({"entries": part}))
        assert [r.status_code for r in replies] == [200, 200], [r.text for r in replies]
        assert all(r.json()["problem"] == "" for r in replies)
    code, text = check(server)
    assert code == 0 and "40 mục, đến mục số 40" in text
