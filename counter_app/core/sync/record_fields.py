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
    if not value:
        return None
    return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=CENTER_TZ)


def day(value: str | None) -> date | None:
    return datetime.strptime(value, "%Y%m%d").date() if value else None


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
