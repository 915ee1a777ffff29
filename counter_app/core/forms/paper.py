"""Paper layouts the counter can print on (kept apart from ReportLab for light imports)."""

from __future__ import annotations

from enum import StrEnum


class Paper(StrEnum):
    A4 = "a4"  # two copies (liên), each on its own A4 page
    A5 = "a5"  # one copy
    RECEIPT_80 = "receipt80"  # 80 mm roll of a receipt printer


LABELS = {
    Paper.A4: "A4, hai liên",
    Paper.A5: "A5, một liên",
    Paper.RECEIPT_80: "Máy in hóa đơn khổ 80 mm",
}
