"""Events on the wire as a counter sends them, for tests that talk to the server directly.

Built as plain JSON-ready dicts (what travels), valid by default; a test changes
one field to see how the server answers that one thing.
"""

from __future__ import annotations

import uuid
from typing import Any

A, B = "000.17.22.H56", "000.18.33.H56"


def received_data(code: str, **changes: Any) -> dict[str, Any]:
    day = code.split("-")[-2]  # YYMMDD, as in the code
    data: dict[str, Any] = {
        "MaHoSo": code,
        "MaTTHC": "1.001193",
        "TenTTHC": "Đăng ký khai sinh",
        "MaLinhVuc": "HT",
        "KenhThucHien": 1,
        "ChuHoSo": "Nguyễn Văn Đức",
        "SoGiayToChuHoSo": "022090001234",
        "LoaiDoiTuong": 1,
        "NgaySinh": "19900501",
        "SoDienThoai": "0912345678",
        "Email": None,
        "DiaChi": "Thôn 1, đặc khu Cô Tô",
        "TrichYeuHoSo": "Đăng ký khai sinh",
        "NgayTiepNhan": f"20{day}093000",
        "NgayHenTra": f"20{day}160000",
        "TrangThaiHoSo": 2,
        "DonViXuLy": "UBND đặc khu Cô Tô",
        "SoBo": 1,
        "LePhi": 0,
        "HinhThucTraKetQua": "counter",
        "DiaChiNhanKetQua": None,
        "NguoiTiepNhan": "Lê Thị Hoa",
        "GhiChu": None,
        "GiayTo": [{"Ten": "Tờ khai", "LoaiBan": "original", "SoLuong": 1, "DaNop": True}],
    }
    return data | changes


def status_data(code: str, before: int, after: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "MaHoSo": code,
        "TrangThaiTruoc": before,
        "TrangThai": after,
        "NguoiXuLy": "Lê Thị Hoa",
        "ThoiDiemXuLy": "20260310100000",
        "NoiDungXuLy": "",
    }
    return data | changes


def envelope(
    kind: str, agency: str, counter: int, code: str, data: dict[str, Any], **changes: Any
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": kind,
        "v": 1,
        "id": str(uuid.uuid4()),
        "occurred_at": "2026-03-10T02:30:00Z",
        "agency": agency,
        "counter": counter,
        "dossier": code,
        "data": data,
    }
    return event | changes


def received(agency: str, counter: int, code: str, **data: Any) -> dict[str, Any]:
    return envelope("dossier.received", agency, counter, code, received_data(code, **data))


def status_changed(
    agency: str, counter: int, code: str, before: int, after: int, **data: Any
) -> dict[str, Any]:
    kind = "dossier.result_returned" if after == 10 else "dossier.status_changed"
    return envelope(kind, agency, counter, code, status_data(code, before, after, **data))


HOLDER_FIELDS = ("ChuHoSo", "SoGiayToChuHoSo", "LoaiDoiTuong", "NgaySinh", "SoDienThoai",
                 "Email", "DiaChi", "GioiTinh")  # fmt: skip


def corrected(
    agency: str, counter: int, code: str, old: dict[str, Any], **new: Any
) -> dict[str, Any]:
    """A correction of the applicant: ``old`` as the counter believes it, ``new`` changed."""
    before = {key: old[key] for key in HOLDER_FIELDS if key in old}
    data = {
        "MaHoSo": code,
        "Cu": before,
        "Moi": before | new,
        "LyDo": "Gõ nhầm",
        "NguoiXuLy": "Lê Thị Hoa",
        "ThoiDiemXuLy": "20260310100000",
    }
    return envelope("dossier.corrected", agency, counter, code, data)
