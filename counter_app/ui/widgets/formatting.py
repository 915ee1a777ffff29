"""How dates and money look on screen (Vietnamese conventions)."""

from __future__ import annotations

import calendar
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject

from counter_app.core.domain.status import no_appointment
from counter_app.core.errors import CounterError

Q = TypeVar("Q", bound=QObject)

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def tr(text: str) -> str:
    return QCoreApplication.translate("counter_app", text)


def message_of(error: Exception) -> str:
    """What to tell the clerk: a core error's own message, else the error's text."""
    return error.message if isinstance(error, CounterError) else str(error)


def named(widget: Q, name: str) -> Q:
    """Give a widget an object name (tests and style sheets find it by that name)."""
    widget.setObjectName(name)
    return widget


def moment(value: datetime | None, tz: ZoneInfo) -> str:
    if value is None:
        return tr("Không có ngày hẹn trả cụ thể theo quy định")
    local = value.astimezone(tz)
    return f"{local:%H:%M} {tr(WEEKDAYS[local.weekday()])} {local:%d/%m/%Y}"


def appointment(value: datetime | None, tz: ZoneInfo, status: int) -> str:
    """A dossier's appointment: "—" for one never given any (refused, or sent back for
    supplements at the desk), else as ``moment`` says it."""
    return "—" if no_appointment(status, value) else moment(value, tz)


def day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _day_parts(text: str) -> tuple[int, int, int] | None:
    """(day, month, year) as written: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ddmmyyyy."""
    cleaned = text.strip().replace("-", "/").replace(".", "/")
    if cleaned.isdigit() and len(cleaned) == 8:
        cleaned = f"{cleaned[:2]}/{cleaned[2:4]}/{cleaned[4:]}"
    parts = cleaned.split("/")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    if len(parts[2]) != 4 or not 1 <= len(parts[0]) <= 2 or not 1 <= len(parts[1]) <= 2:
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def parse_day(text: str) -> date | None:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, ddmmyyyy); None if it is not a date."""
    parts = _day_parts(text)
    if parts is None:
        return None
    try:
        return date(parts[2], parts[1], parts[0])
    except ValueError:
        return None


def day_problem(text: str) -> str | None:
    """Why ``text`` is not a date: written wrongly, or a day the calendar does not have."""
    parts = _day_parts(text)
    if parts is None:
        return tr("phải có dạng ngày/tháng/năm, ví dụ 01/05/1990.")
    day_, month, year = parts
    if not 1 <= month <= 12:
        return tr("không có tháng {month} (tháng từ 1 đến 12).").format(month=month)
    if year < 1:
        return tr("không có năm {year}.").format(year=year)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day_ <= days:
        return tr(
            "không có ngày {day:02d}/{month:02d}/{year} (tháng {month} năm {year} có {days} ngày)."
        ).format(day=day_, month=month, year=year, days=days)
    return None
