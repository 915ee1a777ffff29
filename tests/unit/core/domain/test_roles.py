"""Who may do what: the table of the issue, and the refusal's words."""

from __future__ import annotations

import pytest

from counter_app.core.domain.roles import ALLOWED, Actor, Permission, Role, require
from counter_app.core.errors import CounterError, NotAllowed

CLERK = Actor("mai.nt", "Nguyễn Thị Mai", Role.CLERK)
SUPERVISOR = Actor("hoa.lt", "Lê Thị Hoa", Role.SUPERVISOR)
ADMIN = Actor("admin", "Quản trị viên", Role.ADMIN)

CLERK_WORK = {"receive", "return", "reschedule", "print", "look_up"}
SUPERVISOR_ONLY = {
    "void", "correct_applicant", "discard_event", "change_calendar", "restore_backup",
    "manage_clerks", "change_settings", "see_audit",
}  # fmt: skip


def test_the_table_is_the_issues() -> None:
    assert {p.value for p in ALLOWED[Role.CLERK]} == CLERK_WORK
    assert {p.value for p in ALLOWED[Role.SUPERVISOR]} == CLERK_WORK | SUPERVISOR_ONLY
    assert {p.value for p in ALLOWED[Role.ADMIN]} == CLERK_WORK | SUPERVISOR_ONLY
    assert {p.value for p in Permission} == CLERK_WORK | SUPERVISOR_ONLY


@pytest.mark.parametrize("permission", sorted(CLERK_WORK))
def test_everyone_does_the_clerks_work(permission: str) -> None:
    for actor in (CLERK, SUPERVISOR, ADMIN):
        require(actor, Permission(permission))


@pytest.mark.parametrize("permission", sorted(SUPERVISOR_ONLY))
def test_a_clerk_is_refused_what_only_a_supervisor_does(permission: str) -> None:
    with pytest.raises(NotAllowed) as refused:
        require(CLERK, Permission(permission))
    assert refused.value.permission == permission
    assert isinstance(refused.value, CounterError)
    require(SUPERVISOR, Permission(permission))
    require(ADMIN, Permission(permission))


def test_the_refusal_says_what_who_and_who_may() -> None:
    with pytest.raises(NotAllowed) as refused:
        require(CLERK, Permission.VOID)
    message = refused.value.message
    assert message.startswith("Nguyễn Thị Mai (Cán bộ tiếp nhận) không được hủy hồ sơ.")
    assert "«Lãnh đạo/phụ trách trung tâm» hoặc «Quản trị»" in message


def test_roles_have_their_vietnamese_names() -> None:
    assert Role.CLERK.label == "Cán bộ tiếp nhận"
    assert Role.SUPERVISOR.label == "Lãnh đạo/phụ trách trung tâm"
    assert Role.ADMIN.label == "Quản trị"
