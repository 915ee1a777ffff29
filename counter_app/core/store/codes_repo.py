"""Allocation and accounting of this counter's daily dossier numbers.

The next number is taken inside the reception's own write transaction (BEGIN
IMMEDIATE), so a rolled-back reception gives its number back and two actions
can never take the same one. Every number ever handed out stays in
``issued_codes`` as used, voided or skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.core.domain.codes import dossier_code
from counter_app.core.errors import FieldError
from counter_app.core.store.models import IssuedCode, Station

USED, VOIDED, SKIPPED = "used", "voided", "skipped"


def _last_seq(session: Session, counter: int, local_day: date) -> int:
    query = select(func.max(IssuedCode.seq)).where(
        IssuedCode.local_date == local_day, IssuedCode.counter_number == counter
    )
    return session.scalar(query) or 0


def allocate(
    session: Session, agency: str, counter: int, local_day: date, now: datetime
) -> IssuedCode:
    n = _last_seq(session, counter, local_day) + 1
    row = IssuedCode(
        code=dossier_code(agency, local_day, counter, n),
        local_date=local_day,
        counter_number=counter,
        seq=n,
        state=USED,
        note="",
        issued_at=now,
    )
    session.add(row)
    return row


def skip_through(
    session: Session,
    *,
    agency: str,
    counter: int,
    local_day: date,
    last_skipped: int,
    reason: str,
    now: datetime,
) -> list[str]:
    """Mark numbers up to ``last_skipped`` as skipped (e.g. after restoring an old backup,
    so codes already printed on receipts are never issued again)."""
    if not reason.strip():
        raise FieldError("reason", "Lý do", "cần ghi lý do bỏ qua số hồ sơ.")
    first = _last_seq(session, counter, local_day) + 1
    skipped = []
    for n in range(first, last_skipped + 1):
        code = dossier_code(agency, local_day, counter, n)
        session.add(
            IssuedCode(
                code=code,
                local_date=local_day,
                counter_number=counter,
                seq=n,
                state=SKIPPED,
                note=reason.strip(),
                issued_at=now,
            )
        )
        skipped.append(code)
    return skipped


@dataclass(frozen=True)
class SequenceGap:
    local_date: date
    counter_number: int
    missing: list[int]


def sequence_gaps(session: Session) -> list[SequenceGap]:
    """Days whose numbers are not 1..max without holes: each would be a lost record.

    Only this counter's numbers: another counter's voided code is kept here too (so
    its dossier reads as voided), but that counter accounts for its own numbers.
    """
    own = select(Station.counter_number).where(Station.id == 1).scalar_subquery()
    rows = session.execute(
        select(
            IssuedCode.local_date,
            IssuedCode.counter_number,
            func.count(),
            func.max(IssuedCode.seq),
        )
        .where(IssuedCode.counter_number == func.coalesce(own, IssuedCode.counter_number))
        .group_by(IssuedCode.local_date, IssuedCode.counter_number)
    ).all()
    gaps = []
    for day, counter, count, top in rows:
        if count == top:
            continue
        seen = set(
            session.scalars(
                select(IssuedCode.seq).where(
                    IssuedCode.local_date == day, IssuedCode.counter_number == counter
                )
            )
        )
        gaps.append(SequenceGap(day, counter, [n for n in range(1, top + 1) if n not in seen]))
    return gaps
