"""Counters' audit chains at the province: stored as sent, checked as they arrive.

Each device sends its chain in order (``POST /v1/audit``). An entry is stored only if
it continues the chain the province holds for that device: its seq follows the last
one, its ``prev_hash`` is the last entry's hash, and its own hash recomputes from its
fields (``counter_app.core.sync.wire_audit``). A resent entry identical to the stored
one is acknowledged again; anything else stops the chain at that entry, with the
reason, kept on the chain for ``provincial-server audit-check``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.core.sync.wire_audit import GENESIS, AuditAction, AuditEntry, chain_problem
from provincial_server.db import ServerDatabase
from provincial_server.models import AuditChain, AuditRecord, Device
from provincial_server.service import VIETNAM, DeviceInfo


@dataclass(frozen=True)
class Verdict:
    acked: int  # the last entry the province holds, after this batch
    refused_seq: int | None = None
    problem: str = ""


def store_chain(
    db: ServerDatabase, who: DeviceInfo, entries: Sequence[AuditEntry], now: datetime
) -> Verdict:
    """Store the entries that continue the device's chain; stop at the first that does not."""
    with db.transaction() as session:
        chain = _locked_chain(session, who, now)
        held: dict[int, str] = {}
        resent = [e.seq for e in entries if e.seq <= chain.last_seq]
        if resent:
            found = session.execute(
                select(AuditRecord.seq, AuditRecord.hash).where(
                    AuditRecord.device_id == who.id,
                    AuditRecord.seq.between(min(resent), max(resent)),
                )
            )
            held = {seq: digest for seq, digest in found}
        for entry in entries:
            if entry.seq <= chain.last_seq and held.get(entry.seq) == entry.hash:
                continue  # sent before (a lost reply): acknowledged again
            problem = (
                f"Mục số {entry.seq} khác với mục số {entry.seq} tỉnh đã nhận trước đây "
                "(nhật ký trên quầy đã bị sửa sau khi gửi)."
                if entry.seq <= chain.last_seq
                else chain_problem(entry, chain.last_seq, chain.last_hash)
            )
            if problem is not None:
                bad = min(entry.seq, chain.last_seq + 1)
                chain.problem_seq, chain.problem, chain.problem_at = bad, problem[:500], now
                chain.updated_at = now
                return Verdict(chain.last_seq, bad, problem)
            session.add(
                AuditRecord(
                    device_id=who.id,
                    seq=entry.seq,
                    at=entry.at,
                    counter=entry.counter,
                    login=entry.login,
                    name=entry.name,
                    action=str(entry.action),
                    dossier=entry.dossier,
                    detail=entry.detail,
                    prev_hash=entry.prev_hash,
                    hash=entry.hash,
                    received_at=now,
                )
            )
            chain.last_seq, chain.last_hash = entry.seq, entry.hash
        chain.updated_at = now
        return Verdict(chain.last_seq)


def _locked_chain(session: Session, who: DeviceInfo, now: datetime) -> AuditChain:
    """The device's chain row, locked until the transaction ends (PostgreSQL): two
    pushes of one device (a resend racing its original) take their turns."""
    chain = session.get(AuditChain, who.id, with_for_update=True)
    if chain is not None:
        return chain
    try:
        with session.begin_nested():  # the first push: a racing one may insert it first
            session.add(
                AuditChain(
                    device_id=who.id,
                    agency=who.agency,
                    counter=who.counter,
                    last_seq=0,
                    last_hash=GENESIS,
                    updated_at=now,
                )
            )
    except IntegrityError:
        pass  # it did: wait for its row below
    chain = session.get(AuditChain, who.id, with_for_update=True, populate_existing=True)
    assert chain is not None
    return chain


# --- the operator's check ---------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    device: int
    counter: int
    revoked: bool
    entries: int
    last_seq: int
    last_at: datetime | None
    bad_seq: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.bad_seq is None

    def text(self) -> str:
        device = f"Quầy {self.counter}, thiết bị #{self.device}" + (
            " (đã thay/thu hồi)" if self.revoked else ""
        )
        if not self.entries and self.ok:
            return f"{device}: chưa gửi nhật ký thao tác nào."
        last = f" lúc {self.last_at.astimezone(VIETNAM):%H:%M %d/%m/%Y}" if self.last_at else ""
        held = f"{self.entries} mục, đến mục số {self.last_seq}{last}"
        if self.ok:
            return f"{device}: {held}; liền mạch."
        return f"{device}: {held}; ĐỨT tại mục số {self.bad_seq}: {self.problem}"


def check_chains(db: ServerDatabase, agency: str, counter: int | None = None) -> list[ChainReport]:
    """Every device of the agency (one counter's, if given): its chain re-walked from the
    stored entries (which must still recompute) and the problem met on receipt, if any."""
    reports = []
    with db.transaction() as session:
        query = select(Device).where(Device.agency == agency).order_by(Device.counter, Device.id)
        if counter is not None:
            query = query.where(Device.counter == counter)
        for device in session.scalars(query):
            chain = session.get(AuditChain, device.id)
            rows = session.scalars(
                select(AuditRecord)
                .where(AuditRecord.device_id == device.id)
                .order_by(AuditRecord.seq)
                .execution_options(yield_per=2000)
            )
            last_seq, last_hash, count, last_at = 0, GENESIS, 0, None
            bad, problem = None, ""
            for row in rows:
                entry = AuditEntry(
                    seq=row.seq,
                    at=row.at,
                    counter=row.counter,
                    login=row.login,
                    name=row.name,
                    action=AuditAction(row.action),
                    dossier=row.dossier,
                    detail=row.detail,
                    prev_hash=row.prev_hash,
                    hash=row.hash,
                )
                found = chain_problem(entry, last_seq, last_hash)
                if found is not None:
                    bad, problem = min(row.seq, last_seq + 1), "(trên máy chủ) " + found
                    break
                count, last_seq, last_hash, last_at = count + 1, row.seq, row.hash, row.at
            if bad is None and chain is not None and chain.problem_seq is not None:
                bad, problem = chain.problem_seq, chain.problem or ""
            revoked = device.revoked_at is not None
            reports.append(
                ChainReport(
                    device.id, device.counter, revoked, count, last_seq, last_at, bad, problem
                )
            )
    return reports
