"""How a dossier record's fields read at the counter (shared by the one-by-one and the
bulk ways of applying records)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from counter_app.core.domain.status import Status
from counter_app.core.sync.protocol_records import DossierRecord

# Portal times are the center's local time (Vietnam, UTC+7, no daylight saving).
CENTER_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE = "Hệ thống tỉnh"
# The applicant's columns, in the order of ``holder``.
HOLDER = ("applicant_type", "name", "id_number", "birth_date", "sex", "phone", "email", "address")


def moment(value: str | None) -> datetime | None:
    """``yyyyMMddHHmmss`` (checked when the record was decoded) as an aware datetime.

    By hand: strptime took a fifth of the time of adding a dossier from a page.
    """
    if not value:
        return None
    v = value
    return datetime(
        int(v[:4]), int(v[4:6]), int(v[6:8]), int(v[8:10]), int(v[10:12]), int(v[12:14]),
        tzinfo=CENTER_TZ,
    )  # fmt: skip


def day(value: str | None) -> date | None:
    return date(int(value[:4]), int(value[4:6]), int(value[6:8])) if value else None


def holder(record: DossierRecord) -> tuple[Any, ...]:
    """The applicant's details, as the ``applicants`` columns in HOLDER order."""
    return (
        record.LoaiDoiTuong,
        record.ChuHoSo,
        record.SoGiayToChuHoSo,
        day(record.NgaySinh),
        record.GioiTinh,
        record.SoDienThoai,
        record.Email,
        record.DiaChi,
    )


def status_line(
    record: DossierRecord, held: int, default_at: datetime
) -> tuple[datetime, str, str]:
    """When, by whom and with what note the history says the record's status came,
    for a counter that held ``held``."""
    step = record.XuLy
    if step is None:  # nothing said of how: the province's word only
        return default_at, PROVINCE, ""
    note = step.NoiDungXuLy + (f" (tại quầy {step.Quay})" if step.Quay else "")
    if step.TrangThaiTruoc != held:
        note += f" (tại quầy này khi đó đang «{Status(held).label}»; theo hệ thống tỉnh)"
    return moment(step.ThoiDiemXuLy) or default_at, step.NguoiXuLy or PROVINCE, note.strip()
