"""Staff accounts at the province: the province's own commands, and counters' account events.

The province is authoritative. Each change bumps the account's revision and goes
into its agency's change feed as an ``account`` change carrying the account's
whole state (the Argon2id hash, never a password), so every counter of the agency
can sign the person in offline. A counter's events are applied under rules: the
acting person must be an enabled supervisor or admin of the device's own agency
and may manage only clerks; a password change applies only to an existing,
enabled account, and only to the person's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.domain.passwords import Passwords, one_time_password
from counter_app.core.domain.roles import Role
from counter_app.core.domain.text import clean, name_problem, text_problem
from counter_app.core.sync.protocol import (
    LOGIN_RE,
    AccountCreated,
    AccountDisabled,
    AccountEvent,
    AccountPasswordChanged,
    AccountPasswordReset,
    AccountPayload,
)
from counter_app.core.sync.wire_types import AGENCY_RE
from provincial_server.db import ServerDatabase
from provincial_server.feed import add_change
from provincial_server.models import Account, Change
from provincial_server.service import BadRequest, DeviceInfo, _published

MANAGERS = (Role.SUPERVISOR.value, Role.ADMIN.value)


@dataclass(frozen=True)
class AccountRow:
    login: str
    name: str
    role: str
    must_change: bool
    disabled: bool
    revision: int


def _publish(session: Session, account: Account, now: datetime) -> None:
    """The account's new state, into its agency's change feed."""
    account.revision += 1
    account.updated_at = now
    payload = _published(
        AccountPayload,
        {
            "login": account.login,
            "name": account.name,
            "role": account.role,
            "password_hash": account.password_hash,
            "must_change": account.must_change,
            "disabled": account.disabled_at is not None,
            "revision": account.revision,
        },
    )
    add_change(
        session, Change(agency=account.agency, kind="account", payload=payload, created_at=now)
    )


def _find(session: Session, agency: str, login: str) -> Account | None:
    return session.scalar(
        select(Account).where(Account.agency == agency, Account.login == login).with_for_update()
    )


def _checked(agency: str, login: str, name: str | None = None) -> tuple[str, str, str]:
    login = clean(login).lower()
    if not AGENCY_RE.fullmatch(agency):
        raise BadRequest(f"Mã cơ quan «{agency[:40]}» sai định dạng (ví dụ 000.17.22.H56).")
    if not LOGIN_RE.fullmatch(login):
        raise BadRequest(
            "Tên đăng nhập: 3–50 ký tự, chữ thường không dấu, chữ số, dấu chấm, gạch dưới "
            "hoặc gạch ngang (ví dụ mai.nt)."
        )
    shown = clean(name or "")
    if name is not None:
        problem = text_problem(name) or name_problem(name) or ("" if shown else "chưa nhập.")
        if problem or len(shown) > 100:
            raise BadRequest(f"Họ và tên: {problem or 'dài quá 100 ký tự.'}")
    return agency, login, shown


# --- the province's commands -------------------------------------------------------------


def add_user(
    db: ServerDatabase,
    passwords: Passwords,
    agency: str,
    login: str,
    *,
    name: str,
    role: Role,
    now: datetime,
) -> str:
    """A new account; its one-time password (shown once, to be changed at first sign-in)."""
    agency, login, name = _checked(agency, login, name)
    password = one_time_password()
    with db.transaction() as session:
        if _find(session, agency, login) is not None:
            raise BadRequest(f"Tài khoản «{login}» của {agency} đã có.")
        account = Account(
            agency=agency, login=login, name=name, role=role.value,
            password_hash=passwords.hash(password), must_change=True, revision=0, updated_at=now,
        )  # fmt: skip
        session.add(account)
        _publish(session, account, now)
    return password


def _existing(session: Session, agency: str, login: str) -> Account:
    account = _find(session, agency, login)
    if account is None:
        raise BadRequest(f"Không có tài khoản «{login}» của {agency}.")
    return account


def disable_user(db: ServerDatabase, agency: str, login: str, now: datetime) -> bool:
    """The account stops working at each counter at its next sync; False if it already was."""
    agency, login, _ = _checked(agency, login)
    with db.transaction() as session:
        account = _existing(session, agency, login)
        if account.disabled_at is not None:
            return False
        account.disabled_at = now
        _publish(session, account, now)
    return True


def reset_password(
    db: ServerDatabase, passwords: Passwords, agency: str, login: str, now: datetime
) -> str:
    """A new one-time password (shown once); the person must change it at sign-in."""
    agency, login, _ = _checked(agency, login)
    password = one_time_password()
    with db.transaction() as session:
        account = _existing(session, agency, login)
        account.password_hash, account.must_change = passwords.hash(password), True
        _publish(session, account, now)
    return password


def list_users(db: ServerDatabase, agency: str) -> list[AccountRow]:
    with db.transaction() as session:
        rows = session.scalars(
            select(Account).where(Account.agency == agency).order_by(Account.login)
        )
        return [
            AccountRow(
                a.login, a.name, a.role, a.must_change, a.disabled_at is not None, a.revision
            )
            for a in rows
        ]


# --- counters' events ----------------------------------------------------------------------


def apply_event(session: Session, device: DeviceInfo, event: AccountEvent, now: datetime) -> str:
    """Apply a counter's account event; "" when applied, else why it is rejected."""
    data = event.data
    by = session.scalar(
        select(Account).where(Account.agency == device.agency, Account.login == data.by)
    )
    if by is None or by.disabled_at is not None:
        return (
            f"Người thực hiện «{data.by}» không có tài khoản đang dùng của {device.agency} "
            "trên hệ thống tỉnh (tài khoản chỉ có ở quầy không quản lý được tài khoản)."
        )
    if isinstance(event, AccountPasswordChanged):
        return _own_password(session, by, event, now)
    if by.role not in MANAGERS:
        return f"«{data.by}» là cán bộ tiếp nhận: không được quản lý tài khoản."
    target = _find(session, device.agency, data.login)
    if isinstance(event, AccountCreated):
        return _create(session, device, target, event, now)
    return _manage(session, device, target, event, now)


def _own_password(
    session: Session, account: Account, event: AccountPasswordChanged, now: datetime
) -> str:
    if event.data.by != event.data.login:
        return "Chỉ chính người dùng đổi được mật khẩu của mình."
    assert event.data.password_hash is not None  # checked by the protocol
    account.password_hash, account.must_change = event.data.password_hash, False
    _publish(session, account, now)
    return ""


def _create(
    session: Session,
    device: DeviceInfo,
    existing: Account | None,
    event: AccountCreated,
    now: datetime,
) -> str:
    data = event.data
    if existing is not None:
        return f"Tài khoản «{data.login}» của {device.agency} đã có trên hệ thống tỉnh."
    if data.role != Role.CLERK.value:
        return "Tại quầy chỉ tạo được tài khoản cán bộ tiếp nhận."
    assert data.name is not None and data.password_hash is not None  # checked by the protocol
    account = Account(
        agency=device.agency, login=data.login, name=data.name, role=Role.CLERK.value,
        password_hash=data.password_hash, must_change=True, revision=0, updated_at=now,
    )  # fmt: skip
    session.add(account)
    _publish(session, account, now)
    return ""


def _manage(
    session: Session,
    device: DeviceInfo,
    target: Account | None,
    event: AccountEvent,
    now: datetime,
) -> str:
    """A supervisor's disabling or password reset of one of the agency's clerks."""
    if target is None:
        return f"Không có tài khoản «{event.data.login}» của {device.agency} trên hệ thống tỉnh."
    if target.role != Role.CLERK.value:
        return "Tại quầy chỉ quản lý được tài khoản cán bộ tiếp nhận."
    if isinstance(event, AccountDisabled):
        if target.disabled_at is None:
            target.disabled_at = now
            _publish(session, target, now)
        return ""
    assert isinstance(event, AccountPasswordReset) and event.data.password_hash is not None
    if target.disabled_at is not None:
        return f"Tài khoản «{target.login}» đã bị ngừng sử dụng; không đặt lại mật khẩu."
    target.password_hash, target.must_change = event.data.password_hash, True
    _publish(session, target, now)
    return ""
