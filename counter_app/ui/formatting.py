"""How dates and money look on screen (Vietnamese conventions)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject

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


def day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def parse_day(text: str) -> date | None:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, ddmmyyyy); None if it is not a date."""
    cleaned = text.strip().replace("-", "/").replace(".", "/")
    if cleaned.isdigit() and len(cleaned) == 8:
        cleaned = f"{cleaned[:2]}/{cleaned[2:4]}/{cleaned[4:]}"
    parts = cleaned.split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
