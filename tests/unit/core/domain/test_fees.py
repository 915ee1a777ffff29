import pytest

from counter_app.core.domain.fees import format_vnd, quote_fee, validate_fee_rule
from counter_app.core.errors import FieldError

CERTIFIED_COPY = {
    "kind": "per_page",
    "first_pages": 2,
    "first_price": 2000,
    "next_price": 1000,
    "max_per_copy": 200000,
}


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [(1, 1, 2000), (2, 1, 4000), (3, 1, 5000), (4, 3, 18000), (300, 1, 200000), (300, 2, 400000)],
)
def test_certified_copy_fee(pages: int, copies: int, expected: int) -> None:
    assert quote_fee(CERTIFIED_COPY, pages, copies).amount == expected


def test_other_rules() -> None:
    assert quote_fee({"kind": "free"}).amount == 0
    assert quote_fee({"kind": "fixed", "amount": 10000}, copies=3).amount == 10000
    assert quote_fee({"kind": "fixed", "amount": 8000, "per_copy": True}, copies=3).amount == 24000
    by_province = quote_fee({"kind": "set_by_province"})
    assert by_province.amount is None and "HĐND" in by_province.note


def test_rules_are_validated() -> None:
    with pytest.raises(FieldError):
        validate_fee_rule({"kind": "lottery"})
    with pytest.raises(FieldError):
        validate_fee_rule({"kind": "fixed", "amount": -1})


def test_format_vnd() -> None:
    assert format_vnd(200000) == "200.000 đ"
