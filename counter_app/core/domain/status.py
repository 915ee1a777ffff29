"""Dossier statuses (national public service portal codes 1–10) and their transitions."""

from __future__ import annotations

from enum import IntEnum

from counter_app.core.errors import IllegalTransition


class Status(IntEnum):
    REGISTERED = 1  # Mới đăng ký
    ACCEPTED = 2  # Được tiếp nhận
    NOT_ACCEPTED = 3  # Không được tiếp nhận
    PROCESSING = 4  # Đang xử lý
    SUPPLEMENT_REQUIRED = 5  # Yêu cầu bổ sung giấy tờ
    PAYMENT_REQUIRED = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    DONE = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def is_final(self) -> bool:
        return not ALLOWED[self]


LABELS: dict[Status, str] = {
    Status.REGISTERED: "Mới đăng ký",
    Status.ACCEPTED: "Được tiếp nhận",
    Status.NOT_ACCEPTED: "Không được tiếp nhận",
    Status.PROCESSING: "Đang xử lý",
    Status.SUPPLEMENT_REQUIRED: "Yêu cầu bổ sung giấy tờ",
    Status.PAYMENT_REQUIRED: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.DONE: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}

S = Status
# Which status may follow which. Reception decides 1 → 2/3/5; processing bodies move
# 2/4 onwards; the counter hands the result over (9 → 10). Same-day procedures may
# be done at the counter straight after acceptance (2 → 9).
ALLOWED: dict[Status, frozenset[Status]] = {
    S.REGISTERED: frozenset({S.ACCEPTED, S.NOT_ACCEPTED, S.SUPPLEMENT_REQUIRED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset(
        {S.PROCESSING, S.SUPPLEMENT_REQUIRED, S.PAYMENT_REQUIRED, S.WITHDRAWN, S.STOPPED, S.DONE}
    ),
    S.PROCESSING: frozenset(
        {S.SUPPLEMENT_REQUIRED, S.PAYMENT_REQUIRED, S.WITHDRAWN, S.STOPPED, S.DONE}
    ),
    S.SUPPLEMENT_REQUIRED: frozenset(
        {S.ACCEPTED, S.PROCESSING, S.NOT_ACCEPTED, S.WITHDRAWN, S.STOPPED}
    ),
    S.PAYMENT_REQUIRED: frozenset({S.PROCESSING, S.WITHDRAWN, S.STOPPED, S.DONE}),
    S.DONE: frozenset({S.RETURNED}),
    S.NOT_ACCEPTED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.STOPPED: frozenset(),
    S.RETURNED: frozenset(),
}

# A dossier entered in error can be voided only before it went on to processing (the
# counter's own outcomes of a reception); after that the province's process owns it.
VOIDABLE: frozenset[Status] = frozenset({S.ACCEPTED, S.NOT_ACCEPTED, S.SUPPLEMENT_REQUIRED})


# A reception's outcomes that did not take the dossier in: it has no appointment at all
# (an accepted dossier without one is of a procedure with no legal deadline).
NOT_TAKEN_IN: frozenset[Status] = frozenset({S.NOT_ACCEPTED, S.SUPPLEMENT_REQUIRED})


def no_appointment(status: int, appointment_at: object) -> bool:
    """The dossier was never given an appointment: refused, or sent back for supplements
    at the desk (shown "—", not "no fixed deadline")."""
    return appointment_at is None and status in NOT_TAKEN_IN


def can_transition(current: Status, target: Status) -> bool:
    return target in ALLOWED[current]


def check_transition(current: Status, target: Status) -> None:
    """Raise ``IllegalTransition`` with a clerk-readable reason if not allowed."""
    if can_transition(current, target):
        return
    if current.is_final:
        reason = f"hồ sơ đã ở trạng thái cuối «{current.label}», không thể chuyển tiếp."
    else:
        allowed = ", ".join(f"«{s.label}»" for s in sorted(ALLOWED[current]))
        reason = f"từ «{current.label}» chỉ có thể chuyển sang {allowed}."
    raise IllegalTransition(
        int(current),
        int(target),
        f"Không thể chuyển hồ sơ sang «{target.label}»: {reason}",
    )
