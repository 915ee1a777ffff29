"""The province's rules for counters' account events, through a real server process."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from counter_app.core.domain.passwords import CHEAP, Passwords
from counter_app.core.domain.roles import Role
from provincial_server import accounts
from provincial_server.db import ServerDatabase
from tests.provincial_server.test_void import answers, pulled
from tests.servers import Server
from tests.wire import A, B

HASH = Passwords(CHEAP).hash("mat-khau-moi-1")


def account_event(kind: str, agency: str, **data: Any) -> dict[str, Any]:
    return {
        "type": f"account.{kind}",
        "v": 1,
        "id": str(uuid.uuid4()),
        "occurred_at": datetime.now(UTC).isoformat(),
        "agency": agency,
        "counter": 1,
        "data": data,
    }


def add(server: Server, agency: str, login: str, role: Role) -> None:
    db = ServerDatabase(server.db_url)
    try:
        accounts.add_user(
            db, Passwords(CHEAP), agency, login, name="Lê Thị Hoa", role=role, now=datetime.now(UTC)
        )
    finally:
        db.close()


def test_counters_manage_only_their_agencys_clerks(server: Server) -> None:
    token = server.enrol(A, 1)
    add(server, A, "hoa.lt", Role.SUPERVISOR)
    add(server, A, "mai.nt", Role.CLERK)
    add(server, A, "dung.admin", Role.ADMIN)
    add(server, B, "nam.b", Role.SUPERVISOR)
    add(server, B, "lan.b", Role.CLERK)
    new = {"name": "Phạm Thị Lan", "role": "clerk", "password_hash": HASH, "must_change": True}
    results = answers(
        server,
        token,
        account_event("created", A, login="lan.pt", by="hoa.lt", **new),  # applied
        account_event("created", A, login="lan.pt", by="hoa.lt", **new),  # exists
        account_event("created", A, login="tuan.nv", by="mai.nt", **new),  # a clerk
        account_event("created", A, login="x.sup", by="hoa.lt", **{**new, "role": "supervisor"}),
        account_event("disabled", A, login="dung.admin", by="hoa.lt"),  # not a clerk
        account_event("disabled", A, login="lan.b", by="nam.b"),  # another agency's people
        account_event("password_reset", A, login="mai.nt", by="hoa.lt", password_hash=HASH),
        account_event("password_changed", A, login="hoa.lt", by="mai.nt", password_hash=HASH),
        account_event("disabled", A, login="mai.nt", by="hoa.lt"),  # applied
        account_event("password_changed", A, login="mai.nt", by="mai.nt", password_hash=HASH),
    )
    outcome = [(r["result"], r["reason"][:40]) for r in results]
    assert [r for r, _ in outcome] == [
        "applied", "rejected", "rejected", "rejected", "rejected", "rejected",
        "applied", "rejected", "applied", "rejected",
    ]  # fmt: skip
    assert "đã có" in results[1]["reason"]
    assert "cán bộ tiếp nhận: không được quản lý" in results[2]["reason"]
    assert "chỉ tạo được tài khoản cán bộ tiếp nhận" in results[3]["reason"]
    assert "chỉ quản lý được tài khoản cán bộ tiếp nhận" in results[4]["reason"]
    assert "«nam.b» không có tài khoản đang dùng của 000.17.22.H56" in results[5]["reason"]
    assert "chính người dùng" in results[7]["reason"]
    assert "«mai.nt» không có tài khoản đang dùng" in results[9]["reason"]

    feed = [c for c in pulled(server, token) if c["kind"] == "account"]
    mai = [c["payload"] for c in feed if c["payload"]["login"] == "mai.nt"]
    assert [(p["revision"], p["must_change"], p["disabled"]) for p in mai] == [
        (1, True, False), (2, True, False), (3, True, True),
    ]  # fmt: skip
    assert mai[1]["password_hash"] == HASH
    assert {c["payload"]["login"] for c in feed} == {"hoa.lt", "mai.nt", "dung.admin", "lan.pt"}
    assert all("mat-khau" not in str(c) for c in feed)


def test_user_commands_say_what_is_wrong(server: Server) -> None:
    done = server.admin("user", "add", "Mai NT", "--name", "Nguyễn Thị Mai", "--agency", A)
    assert done.returncode == 1 and "Tên đăng nhập" in done.stderr
    done = server.admin("user", "disable", "khong.co", "--agency", A)
    assert done.returncode == 1 and "Không có tài khoản «khong.co»" in done.stderr
    done = server.admin("user", "add", "mai.nt", "--name", "Nguyễn Thị Mai", "--agency", A)
    assert done.returncode == 0, done.stderr
    done = server.admin("user", "add", "mai.nt", "--name", "Nguyễn Thị Mai", "--agency", A)
    assert done.returncode == 1 and "đã có" in done.stderr
