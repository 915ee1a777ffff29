"""Official days off for Vietnam, from the ``holidays`` package.

``holidays`` lists days off, including swapped ones ("Ngày nghỉ (thay cho ngày
26/04/2025)"), but not the Saturday that becomes a working day in exchange. We
derive that Saturday from the name; everything ends up in the local, editable
calendar table, which the server can later correct.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

OFF = "off"
WORK = "work"
_SWAPPED_FROM = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    kind: str  # OFF or WORK
    name: str


def official_calendar(years: Iterable[int]) -> list[CalendarEntry]:
    import holidays  # noqa: PLC0415 (~80 ms; only when a year is first seeded)

    entries: list[CalendarEntry] = []
    table = holidays.country_holidays("VN", years=list(years), language="vi")
    for day, name in sorted(table.items()):
        entries.append(CalendarEntry(day, OFF, name))
        swapped = _SWAPPED_FROM.search(name)
        if swapped:
            dd, mm, yyyy = (int(g) for g in swapped.groups())
            worked = date(yyyy, mm, dd)
            entries.append(CalendarEntry(worked, WORK, f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}"))
    return entries
