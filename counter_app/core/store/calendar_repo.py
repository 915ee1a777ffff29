"""The local calendar table: seeded from ``holidays``, editable, read as a WorkingCalendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.domain.calendar import WorkingCalendar
from counter_app.core.domain.holidays_seed import OFF, WORK, official_calendar
from counter_app.core.domain.text import clean
from counter_app.core.errors import FieldError
from counter_app.core.settings import Settings
from counter_app.core.store.models import CalendarDay, SeededYear

SOURCE_HOLIDAYS = "holidays"
SOURCE_LOCAL = "local"


def seed_official(session: Session, years: Iterable[int]) -> int:
    """Add official days for ``years`` that the table lacks; never overrides edits.

    Seeded years are remembered, so later starts skip computing the lunar calendar.
    """
    done = set(session.scalars(select(SeededYear.year)))
    missing = sorted(set(years) - done)
    if not missing:
        return 0
    session.add_all(SeededYear(year=y) for y in missing)
    known = set(session.scalars(select(CalendarDay.day)))
    added = 0
    for entry in official_calendar(missing):
        if entry.day in known:
            continue
        session.add(
            CalendarDay(day=entry.day, kind=entry.kind, name=entry.name, source=SOURCE_HOLIDAYS)
        )
        known.add(entry.day)
        added += 1
    return added


def set_day(session: Session, day: date, kind: str, name: str, source: str = SOURCE_LOCAL) -> None:
    """Record a local decision (a day off or an extra working day), replacing any entry.

    There is no delete: an official day off that the center works is set to "work",
    so re-seeding from ``holidays`` never brings it back.
    """
    if kind not in (OFF, WORK):
        raise FieldError("kind", "Loại ngày", "phải là «off» (nghỉ) hoặc «work» (làm việc).")
    name = clean(name)
    if not name:
        raise FieldError("name", "Tên ngày", "chưa nhập lý do, ví dụ «Nghỉ bù Quốc khánh».")
    row = session.get(CalendarDay, day)
    if row is None:
        session.add(CalendarDay(day=day, kind=kind, name=name, source=source))
    else:
        row.kind, row.name, row.source = kind, name, source


def list_days(session: Session, year: int | None = None) -> list[CalendarDay]:
    query = select(CalendarDay).order_by(CalendarDay.day)
    if year is not None:
        query = query.where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(session.scalars(query))


def working_calendar(session: Session, settings: Settings) -> WorkingCalendar:
    rows = session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    return WorkingCalendar(
        periods=settings.office_periods,
        tz=settings.timezone,
        days_off=frozenset(day for day, kind in rows if kind == OFF),
        extra_working_days=frozenset(day for day, kind in rows if kind == WORK),
    )
