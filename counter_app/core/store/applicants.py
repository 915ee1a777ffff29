"""Returning applicants: what a person gave at their last dossier, found by ID number.

One indexed query: ``applicants.id_number`` (index) → that person's rows → their
dossiers (``ix_dossiers_applicant_id``) → the newest not voided (a dossier voided as
received in error, from the wrong person perhaps, offers nothing). A person has one
applicant row per set of details given, so the details offered are those of the last
dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from counter_app.core.store import models as m
from counter_app.core.store.search import VOIDED_DOSSIER


@dataclass(frozen=True)
class KnownApplicant:
    """A person the center already knows, as at their last dossier (plain data)."""

    applicant_type: int
    id_number: str
    name: str
    birth_date: date | None
    sex: str | None
    phone: str | None
    email: str | None
    address: str
    last_code: str
    last_received_at: datetime
    last_received_on: date  # the local day, as the clerk reads it


def known_applicant_query(id_number: str) -> Select[m.Applicant, str, datetime]:
    return (
        select(m.Applicant, m.Dossier.code, m.Dossier.received_at)
        .join(m.Dossier, m.Dossier.applicant_id == m.Applicant.id)
        .where(m.Applicant.id_number == id_number, ~VOIDED_DOSSIER)  # an error is no source
        .order_by(m.Dossier.received_at.desc(), m.Dossier.id.desc())
        .limit(1)
    )


def known_applicant(session: Session, id_number: str, tz: ZoneInfo) -> KnownApplicant | None:
    """The details last given with ``id_number`` (already cleaned), or None if never seen."""
    if not id_number:
        return None
    row = session.execute(known_applicant_query(id_number)).first()
    if row is None:
        return None
    applicant, code, received_at = row
    return KnownApplicant(
        applicant_type=applicant.applicant_type,
        id_number=id_number,
        name=applicant.name,
        birth_date=applicant.birth_date,
        sex=applicant.sex,
        phone=applicant.phone,
        email=applicant.email,
        address=applicant.address,
        last_code=code,
        last_received_at=received_at,
        last_received_on=received_at.astimezone(tz).date(),
    )
