"""The QR code's text format: written compactly, read back exactly, others' codes refused."""

from __future__ import annotations

import pytest

from counter_app.core.forms.qr import NotOurCode, parse_qr, qr_text


def test_round_trip_keeps_separators_percent_signs_and_links() -> None:
    fields = [
        ("MaHoSo", "000.17.22.H56-260310-1001"),
        ("TenGiayTo", "Phiếu | có gạch đứng, 100% và = dấu bằng"),
        ("HeThong", "dòng một\r\ndòng hai"),
        ("TraCuu", "https://dvc.example.vn/tra-cuu?ma=000.17.22.H56-260310-1001&x=%20"),
        ("SoDinhDanh", ""),
    ]
    text = qr_text(fields)
    assert text.startswith("QMC1|MaHoSo=000.17.22.H56-260310-1001|")
    assert "\n" not in text and text.count("|") == len(fields)
    assert parse_qr(text) == dict(fields)


@pytest.mark.parametrize(
    "other",
    [
        "001190012345||Nguyễn Thị Đào|17051990|Nữ|Cô Tô|01012021",  # a chip-ID card
        "000.17.22.H56-260310-1001",  # the Code128 of a receipt
        "QMC1|MaHoSo",  # ours, but broken
        "https://dvc.example.vn/tra-cuu?ma=000.17.22.H56-260310-1001",  # the old QR: a link
    ],
)
def test_other_codes_are_not_ours(other: str) -> None:
    with pytest.raises(NotOurCode):
        parse_qr(other)
