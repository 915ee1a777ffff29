"""Finding dossiers: exact code, ID number, or folded name/phone/address prefixes.

The FTS5 table ``dossier_search`` holds one row per dossier (rowid = dossier id)
with the applicant's name, address, phone and ID number folded (lower case, no
diacritics, đ→d). Queries are folded the same way and the last word is a prefix,
so "nguyen van du" finds "Nguyễn Văn Đức" while the clerk is still typing the
last word.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, select, text
from sqlalchemy.orm import Session

from counter_app.core.domain.codes import parse_code
from counter_app.core.domain.listing import DossierSummary, LedgerFilter, ledger_label
from counter_app.core.domain.status import Status
from counter_app.core.domain.text import fold_tokens
from counter_app.core.store.codes_repo import VOIDED
from counter_app.core.store.models import Applicant, Dossier, IssuedCode, Procedure

DEFAULT_LIMIT = 50
# In reception order: the center's dossiers arrive here in any order (history last).
_OLDEST = (Dossier.received_at, Dossier.code)
_NEWEST = (Dossier.received_at.desc(), Dossier.code.desc())
_MAX_TOKENS = 8


def search_text(applicant: Applicant) -> str:
    return search_text_of(applicant.name, applicant.address, applicant.phone, applicant.id_number)


def search_text_of(name: str, address: str, phone: str | None, id_number: str | None) -> str:
    parts = [name, address, phone or "", id_number or ""]
    return " ".join(" ".join(fold_tokens(p)) for p in parts)


def index_dossier(session: Session, dossier_id: int, applicant: Applicant) -> None:
    """(Re)index one dossier, in the caller's transaction."""
    session.execute(text("DELETE FROM dossier_search WHERE rowid = :id"), {"id": dossier_id})
    session.execute(
        text("INSERT INTO dossier_search (rowid, text) VALUES (:id, :text)"),
        {"id": dossier_id, "text": search_text(applicant)},
    )


def _summaries(
    session: Session, where: object, limit: int, newest_first: bool = True
) -> list[DossierSummary]:
    query = (
        select(
            Dossier.id,
            Dossier.code,
            Dossier.status,
            Procedure.code,
            Procedure.name,
            Applicant.name,
            Applicant.id_number,
            Applicant.phone,
            Applicant.address,
            Dossier.received_at,
            Dossier.appointment_at,
            Dossier.ledger_number,
            IssuedCode.state,
            Dossier.counter_number,
        )
        .join(Procedure, Dossier.procedure_id == Procedure.id)
        .join(Applicant, Dossier.applicant_id == Applicant.id)
        .outerjoin(IssuedCode, IssuedCode.code == Dossier.code)  # its primary key: one row
        .where(where)  # type: ignore[arg-type]
        .order_by(*(_NEWEST if newest_first else _OLDEST))
        .limit(limit)
    )
    return [
        DossierSummary(
            row[0],
            row[1],
            Status(row[2]),
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            row[9],
            row[10],
            ledger_label(row[13], row[11]),
            row[12] == VOIDED,
        )
        for row in session.execute(query)
    ]


def by_code(session: Session, code: str) -> DossierSummary | None:
    found = _summaries(session, Dossier.code == code.strip().upper(), 1)
    return found[0] if found else None


def by_id_number(
    session: Session, id_number: str, limit: int = DEFAULT_LIMIT
) -> list[DossierSummary]:
    applicant_ids = select(Applicant.id).where(Applicant.id_number == id_number.strip())
    return _summaries(session, Dossier.applicant_id.in_(applicant_ids), limit)


def fts_query(query: str) -> str | None:
    """FTS5 MATCH expression: all folded words required, the last one as a prefix.

    Words followed by a space are finished, so they match whole ("tran " is not
    "trang"); only the word still being typed is a prefix. Whole words also let
    FTS5 walk the newest matches lazily instead of merging every matching term.
    """
    tokens = fold_tokens(query)[:_MAX_TOKENS]
    if not tokens:
        return None
    still_typing = not query[-1].isspace()
    terms = [f'"{t}"' for t in tokens]
    if still_typing:
        terms[-1] += "*"
    return " AND ".join(terms)


def by_text(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> list[DossierSummary]:
    match = fts_query(query)
    if match is None:
        return []
    ids = list(
        session.scalars(
            text(
                "SELECT rowid FROM dossier_search WHERE dossier_search MATCH :q "
                "ORDER BY rowid DESC LIMIT :n"
            ),
            {"q": match, "n": limit},
        )
    )
    return _summaries(session, Dossier.id.in_(ids), limit) if ids else []


LEDGER_LIMIT = 5000
OPEN_STATUSES = (
    Status.ACCEPTED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUIRED,
    Status.PAYMENT_REQUIRED,
)


# True for a dossier whose code was voided (its issued code's state).
VOIDED_DOSSIER = (
    select(IssuedCode.code)
    .where(IssuedCode.code == Dossier.code, IssuedCode.state == VOIDED)
    .correlate(Dossier)
    .exists()
)


def ledger_where(spec: LedgerFilter, tz: ZoneInfo) -> ColumnElement[bool]:
    """The ledger's filter, one for the screen and the printed book (joins Procedure)."""
    start = datetime.combine(spec.first, time(), tz)
    end = datetime.combine(spec.last + timedelta(days=1), time(), tz)
    conditions = [Dossier.received_at >= start, Dossier.received_at < end]
    if spec.status is not None or spec.overdue_at is not None:
        # A voided dossier keeps its last status but is in none, and is never overdue.
        conditions.append(~VOIDED_DOSSIER)
    if spec.status is not None:
        conditions.append(Dossier.status == int(spec.status))
    if spec.procedure_code:
        conditions.append(Procedure.code == spec.procedure_code)
    if spec.overdue_at is not None:
        conditions += [
            Dossier.appointment_at < spec.overdue_at,
            Dossier.status.in_([int(s) for s in OPEN_STATUSES]),
        ]
    return and_(*conditions)


def ledger(session: Session, spec: LedgerFilter, tz: ZoneInfo) -> list[DossierSummary]:
    """The ledger screen's rows, in reception order."""
    return _summaries(session, ledger_where(spec, tz), LEDGER_LIMIT, newest_first=False)


_ID_NUMBER = re.compile(r"\d{9}|\d{12}")


def search(session: Session, query: str, limit: int = DEFAULT_LIMIT) -> list[DossierSummary]:
    """What the lookup field does with whatever was typed or scanned."""
    query = query.strip()
    if parse_code(query):
        found = by_code(session, query)
        return [found] if found else []
    compact = re.sub(r"[\s.]", "", query)
    if _ID_NUMBER.fullmatch(compact):
        found_by_id = by_id_number(session, compact, limit)
        if found_by_id:
            return found_by_id
    return by_text(session, query, limit)


# Results ready: the province set the dossier done (9); it waits to be handed over.
READY = and_(Dossier.status == int(Status.DONE), ~VOIDED_DOSSIER)


def ready_results(session: Session, limit: int = LEDGER_LIMIT) -> list[DossierSummary]:
    """The center's results waiting to be handed over, the longest waiting first."""
    return _summaries(session, READY, limit, newest_first=False)


def ready_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Dossier).where(READY)) or 0
