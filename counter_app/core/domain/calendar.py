"""Working-time calendar and appointment dates (ngày hẹn trả).

Limits are counted in working time only: office periods (e.g. 07:00–11:30 and
13:30–17:00) on working days. A working day is Monday–Friday unless it is a day
off, plus any extra working day the government swapped in (e.g. Saturday
26/4/2025 worked for Friday 2/5/2025 off). All arithmetic happens in the center's
local time; callers pass and get timezone-aware datetimes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from counter_app.core.errors import FieldError

# Searching further than this for a working moment means the calendar is broken.
_MAX_SEARCH_DAYS = 3 * 366

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@dataclass(frozen=True)
class OfficePeriod:
    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


_PERIOD = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")


def parse_office_hours(specs: Iterable[str]) -> tuple[OfficePeriod, ...]:
    """Parse ["07:00-11:30", "13:30-17:00"]: ascending, non-overlapping, non-empty."""
    periods: list[OfficePeriod] = []
    for spec in specs:
        match = _PERIOD.fullmatch(spec.strip())
        problem = None if match else f"«{spec}» không đúng dạng GG:PP-GG:PP, ví dụ 07:00-11:30."
        if match:
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
                problem = f"«{spec}» có giờ hoặc phút không hợp lệ."
            else:
                period = OfficePeriod(time(h1, m1), time(h2, m2))
                if period.start >= period.end:
                    problem = f"«{spec}»: giờ bắt đầu phải trước giờ kết thúc."
                elif periods and period.start < periods[-1].end:
                    problem = f"«{spec}» chồng lên hoặc đứng trước buổi «{periods[-1]}»."
                else:
                    periods.append(period)
        if problem:
            raise FieldError("office_hours", "Giờ làm việc", problem)
    if not periods:
        raise FieldError("office_hours", "Giờ làm việc", "cần ít nhất một buổi làm việc.")
    return tuple(periods)


class LimitKind(StrEnum):
    NONE = "none"  # no fixed deadline by law
    SAME_DAY = "same_day"
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"


@dataclass(frozen=True)
class ProcessingLimit:
    """A procedure's legal processing time."""

    kind: LimitKind
    value: int = 0
    # Same-day procedures received after this time are due the next working day.
    cutoff: time | None = None


@dataclass(frozen=True)
class WorkingCalendar:
    periods: tuple[OfficePeriod, ...]
    tz: ZoneInfo
    days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    @property
    def day_length(self) -> timedelta:
        return sum(
            (_at(date.min, p.end) - _at(date.min, p.start) for p in self.periods),
            timedelta(),
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def working_days_from(self, day: date) -> Iterator[date]:
        """Working days on or after ``day``."""
        for offset in range(_MAX_SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                yield candidate
        raise FieldError(
            "calendar",
            "Lịch làm việc",
            f"không có ngày làm việc nào trong {_MAX_SEARCH_DAYS} ngày kể từ {day:%d/%m/%Y}; "
            "hãy kiểm tra bảng ngày nghỉ.",
        )

    def close_of(self, day: date) -> datetime:
        return _at(day, self.periods[-1].end)

    def in_office_hours(self, clock: time) -> bool:
        """Within an office period, both ends included (17:00 is a same-day appointment)."""
        return any(p.start <= clock <= p.end for p in self.periods)

    def is_working_time(self, moment: datetime) -> bool:
        local = moment.astimezone(self.tz)
        return self.is_working_day(local.date()) and self.in_office_hours(local.time())

    def appointment_problem(self, moment: datetime, now: datetime) -> str | None:
        """Why ``moment`` cannot be a new appointment (past, a day off, after hours), or None."""
        local = moment.astimezone(self.tz)
        if moment <= now:
            return f"phải sau thời điểm hiện tại ({now.astimezone(self.tz):%H:%M %d/%m/%Y})."
        day = local.date()
        if not self.is_working_day(day):
            following = next(self.working_days_from(day))
            return (
                f"{day:%d/%m/%Y} ({WEEKDAYS[day.weekday()]}) là ngày nghỉ theo lịch làm việc "
                "của trung tâm; hãy chọn một ngày làm việc, ví dụ ngày làm việc tiếp theo "
                f"{following:%d/%m/%Y} ({WEEKDAYS[following.weekday()]})."
            )
        if not self.in_office_hours(local.time()):
            hours = ", ".join(str(p) for p in self.periods)
            return (
                f"{local:%H:%M} không nằm trong giờ làm việc ({hours}); "
                "hãy chọn giờ trong giờ làm việc."
            )
        return None

    def later_appointment(self, old: datetime | None, now: datetime) -> datetime:
        """The new appointment offered when a result is late (form 04).

        The first working day after the old appointment (after today once that has
        passed), at the old appointment's hour when it is working time, else at opening
        time. The citizen keeps the hour they were given; the day is the earliest one that
        is both a real delay and a day the center is open. Always later than ``now``.
        """
        after = now.astimezone(self.tz).date()
        hour = self.periods[0].start
        if old is not None:
            local_old = old.astimezone(self.tz)
            after = max(after, local_old.date())
            old_hour = local_old.time().replace(second=0, microsecond=0)
            if self.in_office_hours(old_hour):
                hour = old_hour
        day = next(self.working_days_from(after + timedelta(days=1)))
        return _at(day, hour).replace(tzinfo=self.tz)

    def _windows_from(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working windows (start, end) from ``moment`` on, the first one clipped."""
        for day in self.working_days_from(moment.date()):
            for period in self.periods:
                start, end = _at(day, period.start), _at(day, period.end)
                if end <= moment:
                    continue
                yield max(start, moment), end

    def add_working_time(self, moment: datetime, amount: timedelta) -> datetime:
        """``moment`` plus ``amount`` of working time (local naive arithmetic)."""
        remaining = amount
        for start, end in self._windows_from(moment):
            available = end - start
            if remaining <= available:
                return start + remaining
            remaining -= available
        raise AssertionError("unreachable: _windows_from raises when it runs out")

    def appointment(self, received: datetime, limit: ProcessingLimit) -> datetime | None:
        """When the result is due; None when the procedure has no fixed deadline."""
        if limit.kind is LimitKind.NONE:
            return None
        local = received.astimezone(self.tz).replace(tzinfo=None)
        if limit.kind is LimitKind.SAME_DAY:
            due = self._same_day_due(local, limit.cutoff)
        else:
            per_unit = (
                self.day_length if limit.kind is LimitKind.WORKING_DAYS else timedelta(hours=1)
            )
            due = self.add_working_time(local, per_unit * limit.value)
        return due.replace(tzinfo=self.tz)

    def _same_day_due(self, local: datetime, cutoff: time | None) -> datetime:
        today = local.date()
        in_time = local < self.close_of(today) and (cutoff is None or local.time() <= cutoff)
        if self.is_working_day(today) and in_time:
            return self.close_of(today)
        return self.close_of(next(self.working_days_from(today + timedelta(days=1))))


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock)
