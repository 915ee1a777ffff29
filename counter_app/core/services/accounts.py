"""Staff accounts at the counter: sign-in (offline, against the local table), one's own
password, and a supervisor's management of the center's clerks.

Accounts reach the counter from the province through the change feed (``apply_account``);
a supervisor's changes here are written with their outbox event in one transaction
and travel to the province, which is authoritative: what it sends back wins.

Sign-in: an unknown login and a wrong password get the same answer. Five wrong
passwords within five minutes lock the account on this counter for five minutes
(logged, never the password). A disabled account is refused once the counter knows
it (the next sync). A one-time password must be changed before any work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counter_app.core import audit
from counter_app.core.audit import AuditAction
from counter_app.core.domain.limits import MAX_CLERK
from counter_app.core.domain.passwords import one_time_password, password_problem
from counter_app.core.domain.roles import Actor, Permission, Role, require
from counter_app.core.domain.text import clean, excerpt, fold, name_problem, text_problem
from counter_app.core.errors import (
    CounterError,
    FieldError,
    NotFound,
    SignInFailed,
    ValidationFailed,
)
from counter_app.core.logs import Personal
from counter_app.core.services.context import Services
from counter_app.core.store import models as m
from counter_app.core.sync.outbox import enqueue
from counter_app.core.sync.protocol import (
    LOGIN_RE,
    PROTOCOL_VERSION,
    AccountPayload,
    EventType,
    checked_event,
    new_event_id,
)

log = logging.getLogger("counter_app.services")

LOCK_AFTER = 5  # wrong passwords in a row …
LOCK_WINDOW = timedelta(minutes=5)  # … within this time lock the account on this counter …
LOCK_FOR = timedelta(minutes=5)  # … for this long
PROVINCE, LOCAL = "province", "local"

NO_ACCOUNTS = (
    "Quầy này chưa có tài khoản nào. Quầy đã đăng ký với tỉnh: chờ đồng bộ (tài khoản do Sở "
    "cấp sẽ về quầy) rồi đăng nhập lại. Quầy chưa đăng ký: tạo tài khoản quản trị bằng lệnh "
    "counter-app setup --admin-login … --admin-name «Họ tên»."
)
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra chữ hoa/thường và bộ gõ tiếng Việt."


@dataclass(frozen=True)
class MustChangePassword:
    """The password was right but is a one-time one (or was reset): a new one first."""

    login: str
    name: str


@dataclass(frozen=True)
class AccountInfo:
    login: str
    name: str
    role: Role
    must_change: bool
    disabled: bool
    source: str
    locked_until: datetime | None


def normal_login(raw: str) -> str:
    """How a login is stored and compared: "Mai.NT " → "mai.nt"."""
    return fold(clean(raw)).replace(" ", "")


def _actor(account: m.Account) -> Actor:
    return Actor(account.login, account.name, Role(account.role))


# --- sign-in ------------------------------------------------------------------------


def sign_in(
    services: Services, login: str, password: str, *, record: bool = True
) -> Actor | MustChangePassword:
    """The person, once their password is checked against this counter's accounts.

    ``record``: the sign-in is an entry of the audit trail. Off only to confirm who
    restores a backup: nothing is written to the database about to be replaced (it
    may be damaged); the restore's own entry names them.
    """
    key = normal_login(login)
    now = services.clock()
    with services.db.read() as session:
        account = session.get(m.Account, key)
        if account is not None:
            session.expunge(account)  # a plain snapshot: nothing of it is written from here
        elif session.scalar(select(m.Account.login).limit(1)) is None:
            raise SignInFailed("no_accounts", NO_ACCOUNTS)
    if account is None:
        services.passwords.dummy_verify(password)  # as slow as a known login
        log.info("sign-in refused: unknown login")
        _audit(services, _Typed(key), AuditAction.SIGN_IN_FAILED, "không có tài khoản này", now)
        raise SignInFailed("wrong", WRONG)
    if account.locked_until is not None and account.locked_until > now:
        raise SignInFailed("locked", _locked(key, account.locked_until, now))
    # Verified outside any transaction: a quarter of a second must not hold the write lock.
    if not services.passwords.verify(account.password_hash, password):
        _failed(services, key, now)
    if account.disabled:
        log.info("sign-in refused: %s is disabled", key)
        _audit(services, _actor(account), AuditAction.SIGN_IN_FAILED, "tài khoản đã ngừng", now)
        raise SignInFailed(
            "disabled",
            f"Tài khoản «{key}» đã bị ngừng sử dụng. Nếu cần làm việc, hãy liên hệ "
            "lãnh đạo trung tâm hoặc quản trị hệ thống tỉnh.",
        )
    if record:
        _signed_in(services, account, now)
    if account.must_change:
        return MustChangePassword(account.login, account.name)
    actor = _actor(account)
    log.info("signed in: %s (%s)", key, actor.role.value)
    return actor


def _signed_in(services: Services, account: m.Account, now: datetime) -> None:
    """The failures counted so far go; the trail says who came in."""
    with services.db.write() as session:
        if account.failures or account.first_failure_at or account.locked_until:
            session.execute(
                update(m.Account)
                .where(m.Account.login == account.login)
                .values(failures=0, first_failure_at=None, locked_until=None)
            )
        first = "mật khẩu dùng một lần, phải đổi" if account.must_change else ""
        audit.append(session, _actor(account), AuditAction.SIGN_IN, at=now, detail=first)


@dataclass(frozen=True)
class _Typed:
    """A login typed at the door that no account has: the trail keeps what was typed."""

    login: str
    name: str = ""


def _audit(
    services: Services, who: audit.Person, action: AuditAction, detail: str, now: datetime
) -> None:
    with services.db.write() as session:
        audit.append(session, who, action, at=now, detail=detail)


def record_session(services: Services, actor: Actor, action: AuditAction) -> None:
    """The screen locked (idle), unlocked, or the person signed out: in the trail."""
    if action not in (AuditAction.LOCK, AuditAction.UNLOCK, AuditAction.SIGN_OUT):
        raise ValueError(action)
    _audit(services, actor, action, "", services.clock())


def _locked(login: str, until: datetime, now: datetime) -> str:
    minutes = max(1, ceil((until - now).total_seconds() / 60))
    return (
        f"Tài khoản «{login}» đang tạm khóa trên quầy này vì nhập sai mật khẩu "
        f"{LOCK_AFTER} lần. Hãy thử lại sau {minutes} phút, hoặc nhờ lãnh đạo trung tâm "
        "đặt lại mật khẩu."
    )


def _failed(services: Services, login: str, now: datetime) -> None:
    """Count a wrong password (in its own transaction, so the count survives); raise."""
    with services.db.write() as session:
        account = session.get(m.Account, login)
        if account is None:
            raise SignInFailed("wrong", WRONG)
        since = account.first_failure_at
        if since is None or now - since > LOCK_WINDOW:
            account.failures, account.first_failure_at = 1, now
        else:
            account.failures += 1
        who = _actor(account)
        if account.failures < LOCK_AFTER:
            log.info("sign-in refused: wrong password for %s (%d)", login, account.failures)
            locked = None
            what = f"sai mật khẩu (lần {account.failures})"
        else:
            account.failures, account.first_failure_at = 0, None
            account.locked_until = locked = now + LOCK_FOR
            log.warning(
                "account %s locked on this counter until %s: %d wrong passwords",
                login,
                f"{locked:%Y-%m-%d %H:%M} UTC",
                LOCK_AFTER,
            )
            what = (
                f"sai mật khẩu {LOCK_AFTER} lần: khóa trên quầy này {LOCK_FOR.seconds // 60} phút"
            )
        audit.append(session, who, AuditAction.SIGN_IN_FAILED, at=now, detail=what)
    if locked is not None:
        raise SignInFailed("locked", _locked(login, locked, now))
    raise SignInFailed("wrong", WRONG)


def change_password(services: Services, login: str, old: str, new: str) -> Actor:
    """One's own password: the old one checked (as a sign-in), the new one by the policy.

    Clears "must change"; the new hash travels to the province (which applies it to an
    existing, enabled account) and from there to the center's other counters.
    """
    key = normal_login(login)
    with services.db.read() as session:
        account = session.get(m.Account, key)
        name = "" if account is None else account.name
    if problem := password_problem(key, name, new):
        raise ValidationFailed([FieldError("new_password", "Mật khẩu mới", problem)])
    if new == old:
        raise ValidationFailed(
            [FieldError("new_password", "Mật khẩu mới", "phải khác mật khẩu hiện tại.")]
        )
    result = sign_in(services, key, old)  # locks, disabled, wrong: as at the door
    new_hash = services.passwords.hash(new)
    now = services.clock()
    with services.db.write() as session:
        account = session.get(m.Account, result.login)
        if account is None:
            raise SignInFailed("wrong", WRONG)
        account.password_hash, account.must_change, account.updated_at = new_hash, False, now
        actor = _actor(account)
        if account.source == PROVINCE:
            data = {"login": key, "by": key, "password_hash": new_hash}
            _enqueue(services, session, EventType.ACCOUNT_PASSWORD_CHANGED, data, now)
        audit.append(session, actor, AuditAction.ACCOUNT, at=now, detail="đổi mật khẩu của mình")
    log.info("password changed: %s", key)
    return actor


# --- a supervisor's management of clerks ----------------------------------------------


def _checked_login(raw: str) -> str:
    key = normal_login(raw)
    if not LOGIN_RE.fullmatch(key):
        raise ValidationFailed(
            [
                FieldError(
                    "login",
                    "Tên đăng nhập",
                    f"«{excerpt(raw)}» không dùng được: 3–50 ký tự, chữ không dấu, chữ số, "
                    "dấu chấm, gạch dưới hoặc gạch ngang (ví dụ mai.nt).",
                )
            ]
        )
    return key


def _checked_name(raw: str) -> str:
    problem = text_problem(raw) or name_problem(raw)
    name = clean(raw)
    if problem is None and not name:
        problem = "chưa nhập."
    if problem is None and len(name) > MAX_CLERK:
        problem = f"dài quá {MAX_CLERK} ký tự."
    if problem:
        raise ValidationFailed([FieldError("name", "Họ và tên", problem)])
    return name


def _enqueue(
    services: Services, session: Session, kind: EventType, data: dict[str, Any], now: datetime
) -> None:
    event = checked_event(
        {
            "type": str(kind),
            "v": PROTOCOL_VERSION,
            "id": new_event_id(),
            "occurred_at": now,
            "agency": services.settings.agency_code,
            "counter": services.settings.counter_number,
            "data": data,
        }
    )
    enqueue(session, event, now)


def _clerk(session: Session, actor: Actor, login: str, action: str) -> m.Account:
    """The clerk account a supervisor acts on: not themselves, and only a clerk."""
    account = session.get(m.Account, login)
    if account is None:
        raise NotFound(f"Không có tài khoản «{login}» trên quầy này.")
    if account.login == actor.login:
        raise CounterError(f"Không thể tự {action} tài khoản của chính mình.")
    if account.role != Role.CLERK:
        raise CounterError(
            f"«{login}» là tài khoản {Role(account.role).label}: tại quầy chỉ {action} được "
            "tài khoản cán bộ tiếp nhận; các tài khoản khác do quản trị hệ thống tỉnh quản lý."
        )
    return account


def add_clerk(services: Services, actor: Actor, login: str, name: str) -> str:
    """A new clerk account of this center; its one-time password (shown once)."""
    require(actor, Permission.MANAGE_CLERKS)
    key, name = _checked_login(login), _checked_name(name)
    password = one_time_password()
    password_hash = services.passwords.hash(password)
    now = services.clock()
    with services.db.write() as session:
        if session.get(m.Account, key) is not None:
            raise ValidationFailed(
                [FieldError("login", "Tên đăng nhập", f"«{key}» đã có; hãy chọn tên khác.")]
            )
        session.add(
            m.Account(
                login=key, name=name, role=Role.CLERK.value, password_hash=password_hash,
                must_change=True, disabled=False, source=PROVINCE, revision=0,
                updated_at=now, failures=0,
            )
        )  # fmt: skip
        data = {
            "login": key,
            "by": actor.login,
            "name": name,
            "role": Role.CLERK.value,
            "password_hash": password_hash,
            "must_change": True,
        }
        _enqueue(services, session, EventType.ACCOUNT_CREATED, data, now)
        audit.append(session, actor, AuditAction.ACCOUNT, at=now, detail=f"tạo tài khoản {key}")
    log.info("account %s (clerk, %s) added by %s", key, Personal(name), actor.login)
    return password


def disable_clerk(services: Services, actor: Actor, login: str) -> None:
    """The clerk can no longer sign in (here now; at the center's other counters after sync)."""
    require(actor, Permission.MANAGE_CLERKS)
    key = normal_login(login)
    now = services.clock()
    with services.db.write() as session:
        account = _clerk(session, actor, key, "ngừng")
        if account.disabled:
            return
        account.disabled, account.updated_at = True, now
        data = {"login": key, "by": actor.login}
        _enqueue(services, session, EventType.ACCOUNT_DISABLED, data, now)
        audit.append(session, actor, AuditAction.ACCOUNT, at=now, detail=f"ngừng tài khoản {key}")
    log.info("account %s disabled by %s", key, actor.login)


def reset_password(services: Services, actor: Actor, login: str) -> str:
    """A new one-time password for a clerk (to be changed at the next sign-in); shown once."""
    require(actor, Permission.MANAGE_CLERKS)
    key = normal_login(login)
    password = one_time_password()
    password_hash = services.passwords.hash(password)
    now = services.clock()
    with services.db.write() as session:
        account = _clerk(session, actor, key, "đặt lại mật khẩu")
        account.password_hash, account.must_change, account.updated_at = password_hash, True, now
        account.failures, account.first_failure_at, account.locked_until = 0, None, None
        data = {"login": key, "by": actor.login, "password_hash": password_hash}
        _enqueue(services, session, EventType.ACCOUNT_PASSWORD_RESET, data, now)
        what = f"đặt lại mật khẩu của {key}"
        audit.append(session, actor, AuditAction.ACCOUNT, at=now, detail=what)
    log.info("password of %s reset by %s", key, actor.login)
    return password


def create_local_admin(services: Services, login: str, name: str, password: str) -> Actor:
    """The first admin of a counter not enrolled yet (``counter-app setup``); stays local."""
    return create_local_account(services, login, name, Role.ADMIN, password)


def create_local_account(
    services: Services, login: str, name: str, role: Role, password: str
) -> Actor:
    """An account of this counter only (the first admin, the demo's people): never sent."""
    key, name = _checked_login(login), _checked_name(name)
    if problem := password_problem(key, name, password):
        raise ValidationFailed([FieldError("password", "Mật khẩu", problem)])
    password_hash = services.passwords.hash(password)
    now = services.clock()
    with services.db.write() as session:
        if session.get(m.Account, key) is not None:
            raise ValidationFailed(
                [FieldError("login", "Tên đăng nhập", f"«{key}» đã có; hãy chọn tên khác.")]
            )
        session.add(
            m.Account(
                login=key, name=name, role=role.value, password_hash=password_hash,
                must_change=False, disabled=False, source=LOCAL, revision=0,
                updated_at=now, failures=0,
            )
        )  # fmt: skip
        what = f"tạo tài khoản {key} ({role.label}) chỉ của quầy này"
        audit.append(session, Actor(key, name, role), AuditAction.ACCOUNT, at=now, detail=what)
    log.info("local account %s (%s) created", key, role.value)
    return Actor(key, name, role)


def list_accounts(services: Services) -> list[AccountInfo]:
    with services.db.read() as session:
        rows = session.scalars(select(m.Account).order_by(m.Account.login))
        return [
            AccountInfo(
                a.login, a.name, Role(a.role), a.must_change, a.disabled, a.source, a.locked_until
            )
            for a in rows
        ]


def has_accounts(services: Services) -> bool:
    with services.db.read() as session:
        return session.scalar(select(m.Account.login).limit(1)) is not None


# --- what the province sends ---------------------------------------------------------


def apply_account(session: Session, payload: AccountPayload, now: datetime) -> None:
    """Upsert an account pulled from the province (authoritative); an older revision than
    the one held changes nothing. This counter's failure count and lock stay."""
    account = session.get(m.Account, payload.login)
    if account is None:
        account = m.Account(login=payload.login, failures=0)
        session.add(account)
    elif account.source == PROVINCE and account.revision >= payload.revision:
        return
    account.name, account.role = payload.name, payload.role
    account.password_hash, account.must_change = payload.password_hash, payload.must_change
    account.disabled, account.source, account.revision = (
        payload.disabled,
        PROVINCE,
        payload.revision,
    )
    account.updated_at = now
