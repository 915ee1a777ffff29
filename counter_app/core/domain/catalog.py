"""Procedures as the desk sees them: plain values, no database.

The GUI imports these before the database is open (the window paints first), so
nothing here may import SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from counter_app.core.domain.calendar import LimitKind, ProcessingLimit

DOCUMENT_KINDS = {
    "original": "Bản chính",
    "certified_copy": "Bản sao chứng thực",
    "photocopy": "Bản photo",
}
RESULT_OPTIONS = {"counter": "Tại quầy", "post": "Qua dịch vụ bưu chính"}


@dataclass(frozen=True)
class ComponentInfo:
    position: int
    name: str
    kind: str
    count: int
    required: bool


@dataclass(frozen=True)
class ProcedureInfo:
    """A procedure as the reception screen needs it: plain data, safe across threads."""

    code: str
    name: str
    folded: str  # folded code + name, for as-you-type filtering
    field: str
    limit: ProcessingLimit
    fee_rule: dict[str, Any]
    result_options: tuple[str, ...]
    components: tuple[ComponentInfo, ...]


def limit_text(limit: ProcessingLimit) -> str:
    if limit.kind is LimitKind.NONE:
        return "Không quy định thời hạn cụ thể"
    if limit.kind is LimitKind.SAME_DAY:
        if limit.cutoff:
            return f"Trong ngày (nhận sau {limit.cutoff:%H:%M} trả trong ngày làm việc tiếp theo)"
        return "Trong ngày làm việc"
    unit = "ngày làm việc" if limit.kind is LimitKind.WORKING_DAYS else "giờ làm việc"
    return f"{limit.value} {unit}"
