"""Staff accounts between a real provincial server process and real counters.

Accounts made at the province reach every counter of the agency (and only those);
sign-in then works offline; wrong passwords lock; a disabled account is refused
after the next sync; a supervisor's clerks travel to the province and on to the
center's other counters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.core.domain.roles import Actor, Role
from counter_app.core.errors import NotAllowed, SignInFailed
from counter_app.core.services.accounts import (
    MustChangePassword,
    add_clerk,
    change_password,
    create_local_admin,
    list_accounts,
    sign_in,
)
from counter_app.core.store import models as m
from counter_app.core.sync.status import DELIVERED, QUARANTINED
from tests.servers import Server
from tests.sync_helpers import OTHER_AGENCY, Counter, make_counter

AGENCY = "000.17.22.H56"
ONE_TIME = re.compile(r"Mật khẩu dùng một lần \(đổi ở lần đăng nhập đầu\): (\S+)")


def user(server: Server, *args: str, agency: str = AGENCY) -> str:
    """Run ``provincial-server user …``; the one-time password it printed, if any."""
    done = server.admin("user", *args, "--agency", agency)
    assert done.returncode == 0, done.stderr
    found = ONE_TIME.search(done.stdout)
    return found[1] if found else done.stdout


def logins(counter: Counter) -> set[str]:
    return {a.login for a in list_accounts(counter.services)}


def test_an_account_made_at_the_province_signs_in_offline_at_every_counter_of_its_agency(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    c1 = make_counter(template_db, tmp_path / "c1", server, number=1)
    c2 = make_counter(template_db, tmp_path / "c2", server, number=2)
    other = make_counter(template_db, tmp_path / "b1", server, number=1, agency=OTHER_AGENCY)
    otp = user(server, "add", "Mai.NT", "--name", "Nguyễn Thị Mai", "--role", "clerk")
    assert "Mai.NT" not in user(server, "list")  # stored lower-case
    for counter in (c1, c2, other):
        counter.drain()
    assert logins(c1) == logins(c2) == {"mai.nt"}
    assert logins(other) == set()

    server.stop()  # offline from here: the counter signs her in against its own table
    assert sign_in(c1.services, "mai.nt", otp) == MustChangePassword("mai.nt", "Nguyễn Thị Mai")
    mai = change_password(c1.services, "mai.nt", otp, "Hoa sen nở sớm")
    assert mai == Actor("mai.nt", "Nguyễn Thị Mai", Role.CLERK)
    assert sign_in(c1.services, "MAI.NT", "Hoa sen nở sớm") == mai

    server.restart()  # the new password reaches the province, then the other counter
    c1.drain()
    c2.drain()
    assert c1.outbox_states() == {DELIVERED: 1}
    assert sign_in(c2.services, "mai.nt", "Hoa sen nở sớm") == mai
    with pytest.raises(SignInFailed):
        sign_in(c2.services, "mai.nt", otp)
    assert "dùng" in user(server, "list")


def test_wrong_passwords_lock_and_a_disabled_account_is_refused_after_the_next_sync(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c1", server)
    otp = user(server, "add", "hoa.lt", "--name", "Lê Thị Hoa", "--role", "supervisor")
    counter.drain()
    hoa = change_password(counter.services, "hoa.lt", otp, "Mùa gió bấc 2026")
    assert hoa.role == Role.SUPERVISOR
    for attempt in range(5):
        with pytest.raises(SignInFailed) as refused:
            sign_in(counter.services, "hoa.lt", "doan-bua-di")
        assert refused.value.kind == ("locked" if attempt == 4 else "wrong")
    with pytest.raises(SignInFailed, match="tạm khóa trên quầy này"):
        sign_in(counter.services, "hoa.lt", "Mùa gió bấc 2026")

    counter.drain()  # her new password goes to the province (the lock does not)
    other = make_counter(template_db, tmp_path / "c2", server, number=2)
    other.drain()
    assert sign_in(other.services, "hoa.lt", "Mùa gió bấc 2026") == hoa

    user(server, "disable", "hoa.lt")
    assert sign_in(other.services, "hoa.lt", "Mùa gió bấc 2026") == hoa  # not synced yet
    other.drain()
    with pytest.raises(SignInFailed) as refused:
        sign_in(other.services, "hoa.lt", "Mùa gió bấc 2026")
    assert refused.value.kind == "disabled"
    assert "ngừng sử dụng" in refused.value.message


def test_a_supervisors_clerk_travels_to_the_province_and_the_centers_other_counters(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    c1 = make_counter(template_db, tmp_path / "c1", server, number=1)
    c2 = make_counter(template_db, tmp_path / "c2", server, number=2)
    otp = user(server, "add", "hoa.lt", "--name", "Lê Thị Hoa", "--role", "supervisor")
    c1.drain()
    hoa = change_password(c1.services, "hoa.lt", otp, "Mùa gió bấc 2026")

    clerk_otp = add_clerk(c1.services, hoa, "lan.pt", "Phạm Thị Lan")
    c1.drain()
    assert "lan.pt\tPhạm Thị Lan\tCán bộ tiếp nhận\tphải đổi mật khẩu" in user(server, "list")
    c2.drain()
    assert sign_in(c2.services, "lan.pt", clerk_otp) == MustChangePassword("lan.pt", "Phạm Thị Lan")
    lan = change_password(c2.services, "lan.pt", clerk_otp, "Phạm Lan 1990")
    with pytest.raises(NotAllowed):
        add_clerk(c2.services, lan, "tuan.nv", "Nguyễn Văn Tuấn")

    # A counter's local admin is unknown to the province: what it does stays here,
    # and the province refuses it with the reason (shown in the sync console).
    local = create_local_admin(c2.services, "quantri", "Quản Trị Viên", "Quản trị tạm 1")
    add_clerk(c2.services, local, "tuan.nv", "Nguyễn Văn Tuấn")
    c2.drain()
    assert c2.outbox_states()[QUARANTINED] == 1
    with c2.services.db.read() as session:
        refused = session.scalar(select(m.OutboxEvent).where(m.OutboxEvent.state == QUARANTINED))
        assert refused is not None and refused.last_error is not None
        assert "không có tài khoản đang dùng" in refused.last_error
    assert "tuan.nv" not in user(server, "list")
