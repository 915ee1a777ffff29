"""Appending to the audit log, verifying its chain, reading it back.

Every action a person takes appends one entry in the action's own transaction (one
action, one transaction: the entry exists exactly when the change does). The entry's
hash covers its fields and the previous entry's hash (``core/sync/wire_audit.py``
states the canonical form), so an entry edited, removed or inserted later breaks the
chain at that entry, and ``verify`` names it.

Personal data is masked as in the support logs: ID and phone numbers by pattern,
whatever wrote them; names of citizens are passed wrapped in ``logs.Personal``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Protocol, cast
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from counter_app.core.domain.text import clean
from counter_app.core.logs import mask_numbers
from counter_app.core.store.models import AuditLogEntry, AuditState
from counter_app.core.sync.wire_audit import (
    GENESIS,
    MAX_DETAIL,
    MAX_LOGIN,
    MAX_PERSON,
    AuditAction,
    AuditEntry,
    canonical_hash,
    chain_problem,
    entry_hash,
)


class Who(Protocol):
    """The acting person: the signed-in account (login, name), once accounts exist."""

    @property
    def login(self) -> str: ...

    @property
    def name(self) -> str: ...


# Today's actions name their person by a free-text string (the clerk on duty); an
# account (``Actor``) names them by login and name. Either is accepted.
Person = str | Who


@dataclass(frozen=True)
class Signed:
    """A person known by login and name where no ``Actor`` travels (a reception's input)."""

    login: str
    name: str


def name_of(who: Person) -> str:
    """The person's name, as forms and the print log show it."""
    return who if isinstance(who, str) else who.name


def _person(who: Person) -> tuple[str, str]:
    if isinstance(who, str):
        return "", clean(who)[:MAX_PERSON]
    return clean(who.login)[:MAX_LOGIN], clean(who.name)[:MAX_PERSON]


def _head(session: Session) -> AuditState:
    state = session.get(AuditState, 1)
    if state is None:  # the migration writes it; a hand-made database may lack it
        state = AuditState(id=1, last_seq=0, last_hash=GENESIS, acked_seq=0)
        session.add(state)
        session.flush()
    return state


_HEAD = (
    "SELECT last_seq, last_hash, coalesce((SELECT counter_number FROM station WHERE id = 1), 0)"
    " FROM audit_state WHERE id = 1"
)
_INSERT = (
    "INSERT INTO audit_log (seq, at, counter, login, name, action, dossier, detail, prev_hash,"
    " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_NEW_HEAD = "INSERT INTO audit_state (id, last_seq, last_hash, acked_seq) VALUES (1, 0, ?, 0)"
_ADVANCE = "UPDATE audit_state SET last_seq = ?, last_hash = ? WHERE id = 1"


def _stored(at: datetime) -> str:
    """As SQLAlchemy's DateTime stores it in SQLite (naive UTC, microseconds)."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def append(
    session: Session,
    who: Person,
    action: AuditAction,
    *,
    at: datetime,
    dossier: str | None = None,
    detail: str = "",
) -> int:
    """Append one entry in the caller's transaction; its number (seq).

    Call it last in the action's transaction: the entry commits (or rolls back) with
    the change it records. ``detail`` is masked (ID and phone numbers) and shortened.
    """
    execute = session.connection().exec_driver_sql
    return append_sql(execute, who, action, at=at, dossier=dossier, detail=detail)


def append_sql(
    execute: Callable[[str, tuple[Any, ...]], Any],
    who: Person,
    action: AuditAction,
    *,
    at: datetime,
    dossier: str | None = None,
    detail: str = "",
) -> int:
    """``append`` through any DB-API ``execute`` (a bare sqlite3 connection's, at a restore).

    Driver-level SQL: three statements, no unit of work (an append costs ~0.1 ms).
    """
    login, name = _person(who)
    text = mask_numbers(clean(detail))
    if len(text) > MAX_DETAIL:
        text = text[: MAX_DETAIL - 1] + "…"
    head = execute(_HEAD, ()).fetchone()
    if head is None:  # the migration writes the head; a hand-made database may lack it
        execute(_NEW_HEAD, (GENESIS,))
        head = execute(_HEAD, ()).fetchone()
    last_seq, last_hash, counter = head
    seq = int(last_seq) + 1
    at = at.astimezone(UTC)
    digest = entry_hash(
        seq=seq,
        at=at,
        counter=counter,
        login=login,
        name=name,
        action=action,
        dossier=dossier or "",
        detail=text,
        prev_hash=last_hash,
    )
    execute(
        _INSERT,
        (seq, _stored(at), counter, login, name, str(action), dossier or None, text, last_hash,
         digest),
    )  # fmt: skip
    execute(_ADVANCE, (seq, digest))
    return seq


# --- verifying --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    entries: int  # entries read
    last_seq: int
    bad_seq: int | None  # the first entry found altered, missing or out of place
    message: str  # for a person, in Vietnamese

    @property
    def ok(self) -> bool:
        return self.bad_seq is None


def as_entry(row: Any) -> AuditEntry:
    """An ``audit_log`` row (entity or plain row) as the wire's struct."""
    return AuditEntry(
        seq=row.seq,
        at=row.at,
        counter=row.counter,
        login=row.login,
        name=row.name,
        action=cast(AuditAction, row.action),  # a string enum: hashed and sent as its text
        dossier=row.dossier or "",
        detail=row.detail,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


_ACTIONS = {a.value for a in AuditAction}


_COLUMNS = [getattr(AuditLogEntry, c) for c in AuditEntry.__struct_fields__]


def _rows(session: Session, after: int = 0, limit: int | None = None) -> Iterator[Any]:
    """Plain rows (no ORM objects: a long chain reads ten times faster), oldest first."""
    query = select(*_COLUMNS).where(AuditLogEntry.seq > after).order_by(AuditLogEntry.seq)
    if limit is not None:
        query = query.limit(limit)
    yield from session.execute(query.execution_options(yield_per=2000))


_CHAIN = f"SELECT {', '.join(AuditEntry.__struct_fields__)} FROM audit_log ORDER BY seq"
STORED_TIME = len("2026-03-10 02:30:00.000000")  # as SQLAlchemy writes a DateTime in SQLite


def verify(session: Session) -> ChainCheck:
    """Walk the whole chain; the first entry altered, removed or out of place, named.

    Each row is checked from its stored text (no datetime parsing, no objects); the
    first that does not fit is read again as an entry, for the words of the problem.
    """
    last_seq, last_hash, count = 0, GENESIS, 0
    for row in session.connection().exec_driver_sql(_CHAIN):
        count += 1
        seq, at, counter, login, name, action, dossier, detail, prev_hash, digest = row
        fits = (
            seq == last_seq + 1
            and prev_hash == last_hash
            and action in _ACTIONS
            and isinstance(at, str)
            and len(at) == STORED_TIME
        )
        if fits:
            wire_at = at.replace(" ", "T") + "Z"
            fields = (seq, wire_at, counter, login, name, action, dossier or "", detail, prev_hash)
            fits = canonical_hash(fields) == digest
        if not fits:
            return _explained(session, count, seq, last_seq, last_hash)
        last_seq, last_hash = seq, digest
    state = session.get(AuditState, 1)
    if state is not None and state.last_seq > last_seq:
        gone = last_seq + 1
        last = state.last_seq
        which = f"mục số {gone}" if gone == last else f"các mục số {gone}–{last}"
        return _broken(
            count,
            gone,
            f"Thiếu {which} ở cuối nhật ký: chương trình đã ghi đến mục số {state.last_seq}.",
        )
    if state is not None and (state.last_seq, state.last_hash) != (last_seq, last_hash):
        return _broken(
            count,
            state.last_seq + 1,
            f"Mục số {state.last_seq + 1} trở đi không do chương trình ghi "
            f"(chương trình ghi đến mục số {state.last_seq}).",
        )
    return ChainCheck(count, last_seq, None, f"Nhật ký nguyên vẹn: {count} mục, liền mạch.")


def _explained(session: Session, count: int, seq: int, last_seq: int, last_hash: str) -> ChainCheck:
    """Entry ``seq`` does not continue the chain: which problem, in words."""
    bad = last_seq + 1 if seq > last_seq + 1 else seq  # a gap: the first entry missing
    try:
        row = next(_rows(session, seq - 1, 1))
        if row.action not in _ACTIONS:
            return _broken(count, seq, f"Mục số {seq} có hành động lạ «{row.action}».")
        found = chain_problem(as_entry(row), last_seq, last_hash)
    except (ValueError, TypeError):  # a time no longer readable as one
        found = None
    return _broken(count, bad, found or f"Mục số {seq} đã bị sửa: thời điểm không đọc được.")


def _broken(count: int, seq: int, problem: str) -> ChainCheck:
    return ChainCheck(
        count,
        seq,
        seq,
        f"NHẬT KÝ BỊ THAY ĐỔI tại mục số {seq}: {problem} Hãy báo cho lãnh đạo trung tâm; "
        "bản đã gửi về tỉnh vẫn còn để đối chiếu.",
    )


# --- reading it back ---------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime  # local, aware
    counter: int
    login: str
    name: str
    action: str
    action_label: str
    dossier: str
    detail: str
    hash: str


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""  # a login, or part of a name
    action: AuditAction | None = None
    first: date | None = None  # local days, inclusive
    last: date | None = None
    limit: int = 5000


def _start_of(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


def entries(session: Session, spec: AuditFilter, tz: ZoneInfo) -> list[AuditRow]:
    """The entries the filter picks, newest first, as plain data."""
    query = select(AuditLogEntry).order_by(AuditLogEntry.seq.desc()).limit(spec.limit)
    if person := clean(spec.person):
        query = query.where(
            or_(AuditLogEntry.login == person, AuditLogEntry.name.icontains(person))
        )
    if spec.action is not None:
        query = query.where(AuditLogEntry.action == str(spec.action))
    if spec.first is not None:
        query = query.where(AuditLogEntry.at >= _start_of(spec.first, tz))
    if spec.last is not None:
        query = query.where(AuditLogEntry.at < _start_of(spec.last + timedelta(days=1), tz))
    return [
        AuditRow(
            seq=r.seq,
            at=r.at.astimezone(tz),
            counter=r.counter,
            login=r.login,
            name=r.name,
            action=r.action,
            action_label=AuditAction(r.action).label if r.action in _ACTIONS else r.action,
            dossier=r.dossier or "",
            detail=r.detail,
            hash=r.hash,
        )
        for r in session.scalars(query)
    ]


CSV_HEADER = (
    "Số thứ tự",
    "Thời gian",
    "Quầy",
    "Tài khoản",
    "Người thực hiện",
    "Hành động",
    "Mã hồ sơ",
    "Chi tiết",
    "Mã băm",
)


def write_csv(rows: Iterable[AuditRow], path: Path) -> int:
    """The rows as CSV (UTF-8 with BOM, which Excel reads as Vietnamese); how many."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_HEADER)
        for row in rows:
            writer.writerow(
                (
                    row.seq,
                    row.at.strftime("%Y-%m-%d %H:%M:%S"),
                    row.counter,
                    row.login,
                    row.name,
                    row.action_label,
                    row.dossier,
                    row.detail,
                    row.hash,
                )
            )
            count += 1
    return count


# --- to the province ---------------------------------------------------------------------


def unsent(session: Session, limit: int) -> list[AuditEntry]:
    """The next entries the province has not acknowledged, in order."""
    state = _head(session)
    return [as_entry(row) for row in _rows(session, state.acked_seq, limit)]


def record_ack(session: Session, acked: int, problem: str) -> None:
    """The province holds the chain up to ``acked``; ``problem``: why it stopped, if it did."""
    session.execute(
        update(AuditState)
        .where(AuditState.id == 1)
        .values(acked_seq=acked, last_error=problem or None)
        .execution_options(synchronize_session=False)
    )


def sync_state(session: Session) -> tuple[int, int, str | None]:
    """(last seq appended, last seq the province acknowledged, its last refusal)."""
    state = _head(session)
    return state.last_seq, state.acked_seq, state.last_error
