"""Correcting a mistake after reception: the applicant's details, with a reason.

A correction is one transaction: the dossier points at the corrected applicant (the
old row stays with any other dossier of that person as it was given that day), the
search index follows, the history says what changed, by whom and why, and the event
carries the old and the new details to the province. A voided dossier cannot be
corrected. Voiding itself is ``dossiers.void_dossier``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from counter_app.core import audit
from counter_app.core.audit import AuditAction
from counter_app.core.domain.limits import MAX_REASON
from counter_app.core.domain.roles import Actor, Permission, require
from counter_app.core.domain.validation import (
    LABELS,
    ApplicantInput,
    ApplicantType,
    validate_applicant,
)
from counter_app.core.errors import FieldError, ValidationFailed
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import _actor, _dossier, _text, add_history
from counter_app.core.services.events import dossier_event, holder_data
from counter_app.core.services.reception import _applicant_row
from counter_app.core.store.search import index_dossier
from counter_app.core.sync.outbox import enqueue
from counter_app.core.sync.protocol import EventType, portal_time

# The portal's names of the applicant's fields, as the clerk reads them.
FIELD_LABELS = {
    "ChuHoSo": LABELS["name"],
    "SoGiayToChuHoSo": LABELS["id_number"],
    "LoaiDoiTuong": "Loại đối tượng",
    "NgaySinh": LABELS["birth_date"],
    "SoDienThoai": LABELS["phone"],
    "Email": LABELS["email"],
    "DiaChi": LABELS["address"],
    "GioiTinh": LABELS["sex"],
}

log = logging.getLogger("counter_app.services")


@dataclass(frozen=True)
class Correction:
    code: str
    changed: list[str]  # the labels of the fields that changed
    event_id: str


def recorded_applicant(services: Services, code: str) -> ApplicantInput:
    """The applicant as recorded on the dossier, as input a correction starts from."""
    with services.db.read() as session:
        applicant = _dossier(session, code, "điều chỉnh").applicant
        return ApplicantInput(
            name=applicant.name,
            applicant_type=ApplicantType(applicant.applicant_type),
            id_number=applicant.id_number or "",
            birth_date=applicant.birth_date,
            phone=applicant.phone or "",
            email=applicant.email or "",
            address=applicant.address,
            sex=applicant.sex or "",
        )


def correct_applicant(
    services: Services, code: str, raw: ApplicantInput, reason: str, person: Actor
) -> Correction:
    """Correct the applicant's details of a received dossier (sex included); same checks as at
    reception. A supervisor's decision."""
    require(person, Permission.CORRECT_APPLICANT)
    actor = _actor(person.name)
    reason = _text("reason", "Lý do điều chỉnh", reason, MAX_REASON)
    now = services.clock()
    applicant = validate_applicant(raw, now.astimezone(services.settings.timezone).date())
    with services.db.write() as session:
        dossier = _dossier(session, code, "điều chỉnh")
        before = holder_data(dossier.applicant)
        corrected = _applicant_row(session, applicant, now)
        after = holder_data(corrected)
        changed = [label for key, label in FIELD_LABELS.items() if before[key] != after[key]]
        if not changed:  # e.g. only spaces or the phone's dots differ: the form stays open
            problem = "giống hệt thông tin đã ghi sau khi chuẩn hóa; không có gì để điều chỉnh."
            raise ValidationFailed([FieldError("applicant", "Thông tin người nộp", problem)])
        dossier.applicant, dossier.updated_at = corrected, now
        session.flush()
        index_dossier(session, dossier.id, corrected)
        note = f"Điều chỉnh thông tin người nộp ({', '.join(changed)}). Lý do: {reason}"
        add_history(session, dossier, from_status=dossier.status, at=now, actor=actor, note=note)
        data = {
            "MaHoSo": dossier.code,
            "Cu": before,
            "Moi": after,
            "LyDo": reason,
            "NguoiXuLy": actor,
            "ThoiDiemXuLy": portal_time(now, services.settings.timezone),
        }
        event = dossier_event(EventType.DOSSIER_CORRECTED, dossier, services.settings, now, data)
        enqueue(session, event, now)
        done = Correction(dossier.code, changed, event.id)
        audit.append(
            session, person, AuditAction.CORRECT, at=now, dossier=dossier.code, detail=note
        )
    log.info("%s: applicant corrected (%s), by %s", done.code, ", ".join(changed), actor)
    return done
