"""Who may do what at the counter: roles, the guarded actions, and the check.

The check lives in the core services (``require`` at the start of each guarded
use case), so the window, the command line and any later front end obey the same
rules; the window only hides what the signed-in person may not do.

What a clerk may do: receive (supplement, refuse), return a result, reschedule,
print and reprint, look up. Only a supervisor (or an admin) may also void a
dossier, correct an applicant's details, discard a quarantined sync event, change
the calendar, restore a backup, manage clerk accounts, change settings and see the
audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app.core.errors import NotAllowed


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.CLERK: "Cán bộ tiếp nhận",
    Role.SUPERVISOR: "Lãnh đạo/phụ trách trung tâm",
    Role.ADMIN: "Quản trị",
}


class Permission(StrEnum):
    # Every role: the clerk's daily work.
    RECEIVE = "receive"  # accept, request a supplement, refuse
    RETURN = "return"
    RESCHEDULE = "reschedule"
    PRINT = "print"  # print and reprint
    LOOK_UP = "look_up"
    # A supervisor or an admin.
    VOID = "void"
    CORRECT_APPLICANT = "correct_applicant"
    DISCARD_EVENT = "discard_event"
    CHANGE_CALENDAR = "change_calendar"
    RESTORE_BACKUP = "restore_backup"
    MANAGE_CLERKS = "manage_clerks"
    CHANGE_SETTINGS = "change_settings"
    SEE_AUDIT = "see_audit"

    @property
    def label(self) -> str:
        """What the action is, as it reads after "không được" in a refusal."""
        return _PERMISSION_LABELS[self]


_PERMISSION_LABELS = {
    Permission.RECEIVE: "tiếp nhận hồ sơ",
    Permission.RETURN: "trả kết quả",
    Permission.RESCHEDULE: "hẹn lại ngày trả",
    Permission.PRINT: "in, in lại giấy tờ",
    Permission.LOOK_UP: "tra cứu hồ sơ",
    Permission.VOID: "hủy hồ sơ",
    Permission.CORRECT_APPLICANT: "hiệu chỉnh thông tin người nộp",
    Permission.DISCARD_EVENT: "loại bỏ sự kiện đồng bộ bị từ chối",
    Permission.CHANGE_CALENDAR: "sửa lịch làm việc",
    Permission.RESTORE_BACKUP: "khôi phục bản sao lưu",
    Permission.MANAGE_CLERKS: "quản lý tài khoản cán bộ tiếp nhận",
    Permission.CHANGE_SETTINGS: "thay đổi cài đặt",
    Permission.SEE_AUDIT: "xem nhật ký thao tác",
}

CLERK_WORK = frozenset(
    {
        Permission.RECEIVE,
        Permission.RETURN,
        Permission.RESCHEDULE,
        Permission.PRINT,
        Permission.LOOK_UP,
    }
)
SUPERVISION = frozenset(Permission) - CLERK_WORK

# The table of the issue: which role may do what.
ALLOWED: dict[Role, frozenset[Permission]] = {
    Role.CLERK: CLERK_WORK,
    Role.SUPERVISOR: CLERK_WORK | SUPERVISION,
    Role.ADMIN: CLERK_WORK | SUPERVISION,
}


@dataclass(frozen=True)
class Actor:
    """The signed-in person acting: recorded on events and printed on forms by ``name``."""

    login: str
    name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in ALLOWED[self.role]


def roles_allowed(permission: Permission) -> list[Role]:
    return [role for role in Role if permission in ALLOWED[role]]


def require(actor: Actor, permission: Permission) -> None:
    """Raise ``NotAllowed`` unless ``actor``'s role may do ``permission``."""
    if actor.may(permission):
        return
    who = " hoặc ".join(f"«{role.label}»" for role in roles_allowed(permission))
    raise NotAllowed(
        f"{actor.name} ({actor.role.label}) không được {permission.label}. "
        f"Việc này cần tài khoản {who}: hãy nhờ người có quyền đăng nhập và thực hiện.",
        permission.value,
    )
