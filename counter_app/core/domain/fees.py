"""Fee rules (lệ phí/phí) of procedures, kept as data in the catalog.

Rule shapes (JSON in the catalog):
  {"kind": "free"}
  {"kind": "fixed", "amount": 10000}                    per dossier (×copies if "per_copy")
  {"kind": "per_page", "first_pages": 2, "first_price": 2000,
   "next_price": 1000, "max_per_copy": 200000}         certified copies
  {"kind": "set_by_province"}                          decided by provincial resolution
Any rule may carry a "note" shown to the clerk (e.g. "Miễn lệ phí nếu đăng ký trong 60 ngày").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from counter_app.core.errors import FieldError

KINDS = ("free", "fixed", "per_page", "set_by_province")


@dataclass(frozen=True)
class FeeQuote:
    amount: int | None  # VND; None when the counter cannot compute it
    note: str = ""


def validate_fee_rule(rule: dict[str, Any]) -> dict[str, Any]:
    kind = rule.get("kind")
    if kind not in KINDS:
        raise FieldError("fee", "Phí, lệ phí", f"loại «{kind}» không được hỗ trợ.")
    needed = {"fixed": ("amount",), "per_page": ("first_pages", "first_price", "next_price")}
    for key in needed.get(str(kind), ()):
        value = rule.get(key)
        if not isinstance(value, int) or value < 0:
            raise FieldError("fee", "Phí, lệ phí", f"«{key}» phải là số nguyên không âm.")
    return rule


def format_vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def quote_fee(rule: dict[str, Any], pages: int = 1, copies: int = 1) -> FeeQuote:
    """The fee for ``copies`` copies of a ``pages``-page document (where it matters)."""
    note = str(rule.get("note", ""))
    kind = rule["kind"]
    if kind == "free":
        return FeeQuote(0, note)
    if kind == "fixed":
        count = copies if rule.get("per_copy") else 1
        return FeeQuote(int(rule["amount"]) * count, note)
    if kind == "per_page":
        first = min(pages, int(rule["first_pages"]))
        per_copy = first * int(rule["first_price"]) + (pages - first) * int(rule["next_price"])
        cap = rule.get("max_per_copy")
        if cap is not None:
            per_copy = min(per_copy, int(cap))
        return FeeQuote(per_copy * copies, note)
    return FeeQuote(None, note or "Mức thu theo nghị quyết của HĐND tỉnh")
