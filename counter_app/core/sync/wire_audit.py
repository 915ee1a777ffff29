"""The audit trail on the wire, and the hash that chains it: declared once for both sides.

A counter's audit log is one hash chain. Entry ``seq`` (1, 2, 3, … with no gap) carries
the hash of entry ``seq - 1`` (``GENESIS`` for the first) and its own hash:

    hash = SHA-256( b"qmc-audit-v1\\n" + netstring(seq) + netstring(at) + netstring(counter)
                    + netstring(login) + netstring(name) + netstring(action)
                    + netstring(dossier) + netstring(detail) + netstring(prev_hash) )

where ``netstring(x)`` is the UTF-8 bytes of the text ``x`` prefixed by their length in
decimal and a colon and followed by a comma (``b"5:hello,"``); numbers are written in
decimal, ``at`` as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (always six decimals), a missing
dossier code as the empty text; the hash is written as 64 lowercase hex digits. The
length prefixes make the encoding unambiguous whatever the texts contain, and any
language can recompute it without a JSON canonicaliser.

The counter sends its chain to ``POST /v1/audit`` in order, apart from the dossier
events (``AuditBatch``); the province keeps each device's chain, checks that it
continues (seq follows, prev_hash is the last hash it holds, the hash recomputes) and
answers how far it holds it (``AuditReply.acked``) and, if it stopped, at which entry
and why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Final

from msgspec import Meta, Struct

from counter_app.core.sync.wire_types import Moment

AUDIT_PATH: Final = "/v1/audit"
MAX_AUDIT_PER_BATCH: Final = 1000
HASH_PREFIX: Final = b"qmc-audit-v1\n"
GENESIS: Final = "0" * 64  # the "previous hash" of entry 1
MAX_DETAIL: Final = 300
MAX_LOGIN: Final = 64
MAX_PERSON: Final = 100


class AuditAction(StrEnum):
    """The fixed vocabulary of what a person did (the province and the screens rely on it)."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    LOCK = "lock"
    UNLOCK = "unlock"
    SIGN_OUT = "sign_out"
    RECEIVE = "receive"  # each outcome: the detail says accepted, supplement or refused
    PRINT = "print"
    REPRINT = "reprint"
    RETURN = "return"
    RESCHEDULE = "reschedule"
    VOID = "void"
    CORRECT = "correct"
    DISCARD = "discard"
    SETTINGS = "settings"
    CALENDAR = "calendar"
    RESTORE = "restore"
    ACCOUNT = "account"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: Final = {
    AuditAction.SIGN_IN: "Đăng nhập",
    AuditAction.SIGN_IN_FAILED: "Đăng nhập sai",
    AuditAction.LOCK: "Khóa màn hình",
    AuditAction.UNLOCK: "Mở khóa",
    AuditAction.SIGN_OUT: "Đăng xuất",
    AuditAction.RECEIVE: "Tiếp nhận",
    AuditAction.PRINT: "In",
    AuditAction.REPRINT: "In lại",
    AuditAction.RETURN: "Trả kết quả",
    AuditAction.RESCHEDULE: "Hẹn lại",
    AuditAction.VOID: "Hủy hồ sơ",
    AuditAction.CORRECT: "Điều chỉnh",
    AuditAction.DISCARD: "Loại bỏ sự kiện",
    AuditAction.SETTINGS: "Đổi cài đặt",
    AuditAction.CALENDAR: "Đổi lịch",
    AuditAction.RESTORE: "Khôi phục dữ liệu",
    AuditAction.ACCOUNT: "Tài khoản",
}

Hash = Annotated[str, Meta(pattern="^[0-9a-f]{64}$")]


class AuditEntry(Struct, forbid_unknown_fields=True):
    """One entry of a counter's audit chain, as stored and as sent."""

    seq: Annotated[int, Meta(ge=1, le=2**63 - 1)]
    at: Moment
    counter: Annotated[int, Meta(ge=0, le=9)]  # 0: the database had no counter yet
    login: Annotated[str, Meta(max_length=MAX_LOGIN)]
    name: Annotated[str, Meta(max_length=MAX_PERSON)]
    action: AuditAction
    dossier: Annotated[str, Meta(max_length=40)]  # "" when the action is on no dossier
    detail: Annotated[str, Meta(max_length=MAX_DETAIL)]
    prev_hash: Hash
    hash: Hash


class AuditBatch(Struct, forbid_unknown_fields=True):
    """``POST /v1/audit``: the next entries of this device's chain, in order."""

    entries: Annotated[list[AuditEntry], Meta(max_length=MAX_AUDIT_PER_BATCH)]


class AuditReply(Struct, forbid_unknown_fields=True):
    """How far the province holds this device's chain; if it stopped, where and why."""

    acked: Annotated[int, Meta(ge=0)]
    server_time: Moment
    refused_seq: int | None = None
    problem: str = ""


def wire_time(at: datetime) -> str:
    """``at`` as the hash writes it: UTC, four-digit year, microseconds, a Z."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _netstring(value: str | int) -> bytes:
    raw = str(value).encode()
    return b"%d:%s," % (len(raw), raw)


def entry_hash(
    *,
    seq: int,
    at: datetime,
    counter: int,
    login: str,
    name: str,
    action: str,
    dossier: str,
    detail: str,
    prev_hash: str,
) -> str:
    """The entry's SHA-256 over its canonical encoding (see the module's docstring)."""
    parts = (seq, wire_time(at), counter, login, name, str(action), dossier, detail, prev_hash)
    return canonical_hash(parts)


def canonical_hash(parts: Sequence[str | int]) -> str:
    """The hash of the entry's fields, already in canonical order and form (``at`` as
    ``wire_time`` writes it): for a reader that has them as text, 3x faster."""
    return hashlib.sha256(HASH_PREFIX + b"".join(_netstring(p) for p in parts)).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    """The hash ``entry`` should carry, recomputed from its fields."""
    return entry_hash(
        seq=entry.seq,
        at=entry.at,
        counter=entry.counter,
        login=entry.login,
        name=entry.name,
        action=entry.action,
        dossier=entry.dossier,
        detail=entry.detail,
        prev_hash=entry.prev_hash,
    )


def chain_problem(entry: AuditEntry, last_seq: int, last_hash: str) -> str | None:
    """Why ``entry`` does not continue a chain that ends at ``last_seq``/``last_hash``.

    None when it does. The words name the entry, for a person (counter or province).
    """
    if entry.seq != last_seq + 1:
        if entry.seq <= last_seq:
            return f"Mục số {entry.seq} lặp lại (chuỗi đã có đến mục số {last_seq})."
        missing = (
            f"mục số {last_seq + 1}"
            if entry.seq == last_seq + 2
            else f"các mục số {last_seq + 1}–{entry.seq - 1}"
        )
        return f"Thiếu {missing}: nhật ký đi thẳng từ mục số {last_seq} sang mục số {entry.seq}."
    if entry.prev_hash != last_hash:
        return (
            f"Mục số {entry.seq} không nối với mục số {last_seq}: mã băm của mục trước "
            "không khớp (mục trước đã bị sửa, thay hoặc xóa)."
        )
    try:
        recomputed = hash_of(entry)
    except (OverflowError, ValueError):  # a time out of range, text that is not Unicode
        return f"Mục số {entry.seq} có thời điểm hoặc ký tự không hợp lệ."
    if recomputed != entry.hash:
        return f"Mục số {entry.seq} đã bị sửa: nội dung không khớp với mã băm của nó."
    return _text_problem(entry)


def _text_problem(entry: AuditEntry) -> str | None:
    """A NUL cannot be stored (PostgreSQL refuses it); the counter never writes one."""
    if any("\x00" in text for text in (entry.login, entry.name, entry.dossier, entry.detail)):
        return f"Mục số {entry.seq} chứa ký tự NUL."
    return None
