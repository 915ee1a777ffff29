"""What the core writes in Vietnamese, as the screen shows it in the interface's language.

Statuses, the dossier's history and processing limits are stored and printed in
Vietnamese (the printed forms stay Vietnamese). On screen the status, the province as
the actor and the fixed words of the notes the desk writes are translated; what a
person typed (a reason, a name) is shown as typed.
"""

from __future__ import annotations

import re

from counter_app.core.domain.calendar import LimitKind, ProcessingLimit
from counter_app.core.domain.status import LABELS, Status
from counter_app.core.domain.validation import LABELS as APPLICANT_LABELS
from counter_app.core.forms.data import DossierSheet, ProgressLine
from counter_app.ui.widgets.formatting import tr

PROVINCE = "Hệ thống tỉnh"  # the actor of changes pulled from the province (core.sync.pull)
# The details a correction names (core.services.corrections.FIELD_LABELS).
CORRECTED_FIELDS = (*APPLICANT_LABELS.values(), "Loại đối tượng")
NO_APPOINTMENT = "không có"  # a reschedule's old appointment, when there was none

# The notes the desk itself writes (core.services.dossiers and .corrections), word for word.
_RESCHEDULED = re.compile(
    r"Hẹn lại ngày trả: (?P<new>.+?) \(hẹn cũ (?P<old>.+?)\)\. Lý do: (?P<reason>.*)", re.S
)
_RETURNED = re.compile(r"Người nhận: (?P<name>.*)", re.S)
_VOIDED = re.compile(r"Hủy mã hồ sơ: (?P<reason>.*)", re.S)
_CORRECTED = re.compile(
    r"Điều chỉnh thông tin người nộp \((?P<fields>.*?)\)\. Lý do: (?P<reason>.*)", re.S
)


def status_text(status: int, fallback: str = "") -> str:
    """A status's label in the interface's language."""
    try:
        return tr(LABELS[Status(status)])
    except ValueError:
        return tr(fallback)


def sheet_status(sheet: DossierSheet) -> str:
    return status_text(sheet.status, sheet.status_label)


def actor_text(actor: str) -> str:
    return tr(PROVINCE) if actor == PROVINCE else actor


def note_text(note: str) -> str:
    """A history note: the desk's own wording translated, what was typed kept."""
    if found := _RESCHEDULED.fullmatch(note):
        old = tr(NO_APPOINTMENT) if found["old"] == NO_APPOINTMENT else found["old"]
        return tr("Hẹn lại ngày trả: {new} (hẹn cũ {old}). Lý do: {reason}").format(
            new=found["new"], old=old, reason=found["reason"]
        )
    if found := _CORRECTED.fullmatch(note):
        fields = ", ".join(
            tr(field) if field in CORRECTED_FIELDS else field
            for field in found["fields"].split(", ")
        )
        return tr("Điều chỉnh thông tin người nộp ({fields}). Lý do: {reason}").format(
            fields=fields, reason=found["reason"]
        )
    if found := _RETURNED.fullmatch(note):
        return tr("Người nhận: {name}").format(name=found["name"])
    if found := _VOIDED.fullmatch(note):
        return tr("Hủy mã hồ sơ: {reason}").format(reason=found["reason"])
    return note


def history_line(step: ProgressLine) -> str:
    """One line of the lookup screen's history: when — what (who) — note; an action that
    left the status as it was (a void, a new appointment, a correction): when — note (who).
    """
    if not step.handover:
        return f"{step.at:%H:%M %d/%m/%Y} — {note_text(step.note)} ({actor_text(step.actor)})"
    if step.status:
        action = f"{status_text(step.status)} ({actor_text(step.actor)})"
    else:
        action = step.action
    note = note_text(step.note)
    return f"{step.at:%H:%M %d/%m/%Y} — {action}" + (f" — {note}" if note else "")


def limit_label(limit: ProcessingLimit) -> str:
    """A procedure's processing limit (core.domain.catalog.limit_text), translated."""
    if limit.kind is LimitKind.NONE:
        return tr("Không quy định thời hạn cụ thể")
    if limit.kind is LimitKind.SAME_DAY:
        if limit.cutoff:
            return tr("Trong ngày (nhận sau {cutoff} trả trong ngày làm việc tiếp theo)").format(
                cutoff=f"{limit.cutoff:%H:%M}"
            )
        return tr("Trong ngày làm việc")
    if limit.kind is LimitKind.WORKING_DAYS:
        return tr("{n} ngày làm việc").format(n=limit.value)
    return tr("{n} giờ làm việc").format(n=limit.value)
