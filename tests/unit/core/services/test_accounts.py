"""Sign-in against the counter's own accounts table, passwords, a supervisor's clerks."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from counter_app.core.audit import AuditAction
from counter_app.core.domain.roles import Actor, Role
from counter_app.core.errors import NotAllowed, NotFound, SignInFailed, ValidationFailed
from counter_app.core.services import accounts
from counter_app.core.services.accounts import (
    MustChangePassword,
    add_clerk,
    apply_account,
    change_password,
    create_local_admin,
    disable_clerk,
    reset_password,
    sign_in,
)
from counter_app.core.services.context import Services
from counter_app.core.store import models as m
from counter_app.core.sync.protocol import AccountPayload
from tests.conftest import FakeClock

ADMIN_PASSWORD = "Cô Tô mùa gió"


@pytest.fixture
def admin(services: Services) -> Actor:
    return create_local_admin(services, "Admin", "Trần Văn Quản", ADMIN_PASSWORD)


@pytest.fixture
def clerk(services: Services, admin: Actor) -> Actor:
    """A clerk who has signed in once and set their own password."""
    otp = add_clerk(services, admin, "mai.nt", "Nguyễn Thị Mai")
    return change_password(services, "mai.nt", otp, "mat-khau-cua-mai")


def outbox(services: Services) -> list[m.OutboxEvent]:
    with services.db.read() as session:
        return list(session.scalars(select(m.OutboxEvent).order_by(m.OutboxEvent.id)))


def test_a_counter_without_accounts_says_how_to_get_one(services: Services) -> None:
    with pytest.raises(SignInFailed) as refused:
        sign_in(services, "admin", "bat-ky-mat-khau")
    assert refused.value.kind == "no_accounts"
    assert "counter-app setup --admin-login" in refused.value.message


def test_local_admin_signs_in_offline_with_any_case(services: Services, admin: Actor) -> None:
    assert admin == Actor("admin", "Trần Văn Quản", Role.ADMIN)
    assert sign_in(services, " ADMIN ", ADMIN_PASSWORD) == admin
    assert outbox(services) == []  # a local admin stays local


def test_unknown_login_and_wrong_password_read_the_same(services: Services, admin: Actor) -> None:
    with pytest.raises(SignInFailed) as unknown:
        sign_in(services, "nobody", ADMIN_PASSWORD)
    with pytest.raises(SignInFailed) as wrong:
        sign_in(services, "admin", "not the password")
    assert unknown.value.message == wrong.value.message == accounts.WRONG
    assert unknown.value.kind == wrong.value.kind == "wrong"


def test_new_clerk_must_change_the_one_time_password(services: Services, admin: Actor) -> None:
    otp = add_clerk(services, admin, "Mai.NT", "Nguyễn Thị Mai")
    assert sign_in(services, "mai.nt", otp) == MustChangePassword("mai.nt", "Nguyễn Thị Mai")
    with pytest.raises(ValidationFailed, match="trùng họ tên"):
        change_password(services, "mai.nt", otp, "NGUYEN THI MAI")
    with pytest.raises(ValidationFailed, match="ít nhất 8"):
        change_password(services, "mai.nt", otp, "ngan")
    actor = change_password(services, "mai.nt", otp, "mat-khau-cua-mai")
    assert actor == Actor("mai.nt", "Nguyễn Thị Mai", Role.CLERK)
    assert sign_in(services, "mai.nt", "mat-khau-cua-mai") == actor
    with pytest.raises(SignInFailed):
        sign_in(services, "mai.nt", otp)
    events = outbox(services)
    assert [e.type for e in events] == ["account.created", "account.password_changed"]
    assert events[0].dossier_code == ""
    created = events[0].payload["data"]
    assert created["by"] == "admin" and created["must_change"] is True
    assert created["password_hash"].startswith("$argon2id$")
    assert otp not in str(events[0].payload) and "mat-khau-cua-mai" not in str(events[1].payload)


def test_five_wrong_passwords_lock_for_five_minutes(
    services: Services, clerk: Actor, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "counter_app.services")
    for _ in range(4):
        with pytest.raises(SignInFailed) as refused:
            sign_in(services, "mai.nt", "sai-mat-khau")
        assert refused.value.kind == "wrong"
        clock.now += timedelta(seconds=30)
    with pytest.raises(SignInFailed) as refused:
        sign_in(services, "mai.nt", "sai-mat-khau")
    assert refused.value.kind == "locked"
    assert "tạm khóa trên quầy này" in refused.value.message
    assert "sau 5 phút" in refused.value.message
    # Locked: even the right password is refused, and the time left is said.
    clock.now += timedelta(minutes=2, seconds=10)
    with pytest.raises(SignInFailed, match="sau 3 phút") as refused:
        sign_in(services, "mai.nt", "mat-khau-cua-mai")
    assert refused.value.kind == "locked"
    clock.now += timedelta(minutes=3)
    assert sign_in(services, "mai.nt", "mat-khau-cua-mai") == clerk
    assert "account mai.nt locked on this counter" in caplog.text
    assert "sai-mat-khau" not in caplog.text and "mat-khau-cua-mai" not in caplog.text


def test_wrong_tries_spread_over_more_than_the_window_do_not_lock(
    services: Services, clerk: Actor, clock: FakeClock
) -> None:
    for _ in range(8):
        with pytest.raises(SignInFailed) as refused:
            sign_in(services, "mai.nt", "sai-mat-khau")
        assert refused.value.kind == "wrong"
        clock.now += timedelta(minutes=2)  # 4 within any 5 minutes … and a right one resets
        if _ == 3:
            assert sign_in(services, "mai.nt", "mat-khau-cua-mai") == clerk


def test_a_disabled_clerk_is_refused(services: Services, admin: Actor, clerk: Actor) -> None:
    disable_clerk(services, admin, "mai.nt")
    with pytest.raises(SignInFailed) as refused:
        sign_in(services, "mai.nt", "mat-khau-cua-mai")
    assert refused.value.kind == "disabled"
    with pytest.raises(SignInFailed) as wrong:  # a guesser learns nothing
        sign_in(services, "mai.nt", "doan-mo-mat-khau")
    assert wrong.value.kind == "wrong"
    assert outbox(services)[-1].type == "account.disabled"


def test_reset_password_unlocks_and_asks_for_a_new_one(
    services: Services, admin: Actor, clerk: Actor
) -> None:
    for _ in range(5):
        with pytest.raises(SignInFailed):
            sign_in(services, "mai.nt", "sai-mat-khau")
    otp = reset_password(services, admin, "mai.nt")
    assert sign_in(services, "mai.nt", otp) == MustChangePassword("mai.nt", "Nguyễn Thị Mai")
    assert outbox(services)[-1].type == "account.password_reset"


def test_a_clerk_manages_no_accounts(services: Services, admin: Actor, clerk: Actor) -> None:
    with pytest.raises(NotAllowed, match="quản lý tài khoản cán bộ tiếp nhận"):
        add_clerk(services, clerk, "lan.pt", "Phạm Thị Lan")
    with pytest.raises(NotAllowed):
        reset_password(services, clerk, "admin")
    with pytest.raises(NotAllowed):
        disable_clerk(services, clerk, "admin")


def test_a_supervisor_manages_clerks_only(services: Services, admin: Actor, clerk: Actor) -> None:
    with pytest.raises(Exception, match="chỉ ngừng được tài khoản cán bộ tiếp nhận"):
        disable_clerk(services, Actor("hoa.lt", "Lê Thị Hoa", Role.SUPERVISOR), "admin")
    with pytest.raises(Exception, match="chính mình"):
        disable_clerk(services, admin, "admin")
    with pytest.raises(NotFound):
        reset_password(services, admin, "khong.co")
    with pytest.raises(ValidationFailed, match="đã có"):
        add_clerk(services, admin, "MAI.nt", "Nguyễn Thị Mai")
    with pytest.raises(ValidationFailed, match="Tên đăng nhập"):
        add_clerk(services, admin, "mai nt!", "Nguyễn Thị Mai")


def test_pulled_account_upserts_by_revision(services: Services, clock: FakeClock) -> None:
    hashed = services.passwords.hash("mat-khau-tinh-1")

    def state(revision: int, **changes: object) -> AccountPayload:
        fields: dict[str, object] = {
            "login": "hoa.lt", "name": "Lê Thị Hoa", "role": "supervisor",
            "password_hash": hashed, "must_change": False, "disabled": False,
            "revision": revision,
        }  # fmt: skip
        fields.update(changes)
        return AccountPayload(**fields)  # type: ignore[arg-type]

    with services.db.write() as session:
        apply_account(session, state(2), clock())
    assert sign_in(services, "hoa.lt", "mat-khau-tinh-1").role == Role.SUPERVISOR
    with services.db.write() as session:
        apply_account(session, state(1, disabled=True), clock())  # older: nothing changes
    assert sign_in(services, "hoa.lt", "mat-khau-tinh-1").role == Role.SUPERVISOR
    with services.db.write() as session:
        apply_account(session, state(3, disabled=True), clock())
    with pytest.raises(SignInFailed) as refused:
        sign_in(services, "hoa.lt", "mat-khau-tinh-1")
    assert refused.value.kind == "disabled"


def test_the_trail_records_who_came_to_the_door_and_who_was_refused(
    services: Services, clerk: Actor, clock: FakeClock
) -> None:
    def trail() -> list[tuple[str, str, str]]:
        with services.db.read() as session:
            rows = session.scalars(select(m.AuditLogEntry).order_by(m.AuditLogEntry.seq))
            return [(r.action, r.login, r.detail) for r in rows]

    before = len(trail())
    for password in ("sai-mat-khau", "sai-mat-khau"):
        with pytest.raises(SignInFailed):
            sign_in(services, "mai.nt", password)
    with pytest.raises(SignInFailed):
        sign_in(services, "ai.do", "bat-ky")
    sign_in(services, "mai.nt", "mat-khau-cua-mai")
    accounts.record_session(services, clerk, AuditAction.LOCK)
    accounts.record_session(services, clerk, AuditAction.UNLOCK)
    accounts.record_session(services, clerk, AuditAction.SIGN_OUT)
    assert trail()[before:] == [
        ("sign_in_failed", "mai.nt", "sai mật khẩu (lần 1)"),
        ("sign_in_failed", "mai.nt", "sai mật khẩu (lần 2)"),
        ("sign_in_failed", "ai.do", "không có tài khoản này"),
        ("sign_in", "mai.nt", ""),
        ("lock", "mai.nt", ""),
        ("unlock", "mai.nt", ""),
        ("sign_out", "mai.nt", ""),
    ]
    assert all("mat-khau" not in detail for _a, _l, detail in trail())  # never a password
