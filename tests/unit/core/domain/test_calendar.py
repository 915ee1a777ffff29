from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from counter_app.core.domain.calendar import (
    LimitKind,
    ProcessingLimit,
    WorkingCalendar,
    parse_office_hours,
)
from counter_app.core.domain.holidays_seed import OFF, WORK, official_calendar
from counter_app.core.errors import FieldError

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PERIODS = parse_office_hours(["07:00-11:30", "13:30-17:00"])
SAME_DAY_15 = ProcessingLimit(LimitKind.SAME_DAY, cutoff=time(15, 0))


def days(n: int) -> ProcessingLimit:
    return ProcessingLimit(LimitKind.WORKING_DAYS, n)


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


@pytest.fixture(scope="module")
def official() -> WorkingCalendar:
    entries = official_calendar([2025, 2026])
    return WorkingCalendar(
        PERIODS,
        TZ,
        frozenset(e.day for e in entries if e.kind == OFF),
        frozenset(e.day for e in entries if e.kind == WORK),
    )


def test_plain_week(official: WorkingCalendar) -> None:
    assert official.appointment(at(2026, 3, 10, 10), days(3)) == at(2026, 3, 13, 10)


def test_tet_2026_is_skipped(official: WorkingCalendar) -> None:
    # Fri 13/2 10:00 + 3 working days: 5 h that Friday, Tết Mon 16 – Fri 20, then 8 h,
    # 8 h and 3 h → Wed 25/2 10:00.
    assert official.appointment(at(2026, 2, 13, 10), days(3)) == at(2026, 2, 25, 10)


def test_same_day_after_cutoff_before_tet_is_due_after_tet(official: WorkingCalendar) -> None:
    assert official.appointment(at(2026, 2, 13, 15, 30), SAME_DAY_15) == at(2026, 2, 23, 17)


def test_same_day_cutoff_is_inclusive_of_15_00(official: WorkingCalendar) -> None:
    assert official.appointment(at(2026, 3, 10, 15, 0), SAME_DAY_15) == at(2026, 3, 10, 17)
    assert official.appointment(at(2026, 3, 10, 15, 1), SAME_DAY_15) == at(2026, 3, 11, 17)
    no_cutoff = ProcessingLimit(LimitKind.SAME_DAY)
    assert official.appointment(at(2026, 3, 10, 16, 30), no_cutoff) == at(2026, 3, 10, 17)


def test_april_30_and_may_1_2026(official: WorkingCalendar) -> None:
    # Wed 29/4 14:00: 3 h that day; Thu 30/4 and Fri 1/5 off; weekend; Mon 4/5 5 h → 14:00.
    assert official.appointment(at(2026, 4, 29, 14), days(1)) == at(2026, 5, 4, 14)


def test_national_day_2026_with_its_swapped_monday(official: WorkingCalendar) -> None:
    # Mon 31/8 (swapped), Tue 1/9 and Wed 2/9 are off.
    assert not official.is_working_day(date(2026, 8, 31))
    assert official.is_working_day(date(2026, 8, 22))  # the Saturday worked in exchange
    # Fri 28/8 16:00 + 2 working days: 1 h Fri, Thu 3/9 8 h, Fri 4/9 7 h → 16:00.
    assert official.appointment(at(2026, 8, 28, 16), days(2)) == at(2026, 9, 4, 16)


def test_swapped_day_2025(official: WorkingCalendar) -> None:
    assert not official.is_working_day(date(2025, 5, 2))  # Friday off
    assert official.is_working_day(date(2025, 4, 26))  # Saturday worked
    # Fri 25/4 16:00 + 1 day: 1 h Fri, then Saturday 26/4 is a working day → 16:00 Sat.
    assert official.appointment(at(2025, 4, 25, 16), days(1)) == at(2025, 4, 26, 16)
    # Tue 29/4 10:00 + 2 days: 5 h Tue; 30/4, 1/5, 2/5 off; Mon 5/5 8 h; Tue 6/5 3 h.
    assert official.appointment(at(2025, 4, 29, 10), days(2)) == at(2025, 5, 6, 10)


def test_received_outside_office_hours(official: WorkingCalendar) -> None:
    saturday = at(2026, 3, 14, 9)
    assert official.appointment(saturday, days(1)) == at(2026, 3, 16, 17)
    assert official.appointment(saturday, SAME_DAY_15) == at(2026, 3, 16, 17)
    lunch = at(2026, 3, 10, 12)
    hours4 = ProcessingLimit(LimitKind.WORKING_HOURS, 4)
    assert official.appointment(lunch, hours4) == at(2026, 3, 11, 7, 30)
    evening = at(2026, 3, 10, 19)
    assert official.appointment(evening, days(1)) == at(2026, 3, 11, 17)


def test_no_fixed_deadline(official: WorkingCalendar) -> None:
    assert official.appointment(at(2026, 3, 10, 9), ProcessingLimit(LimitKind.NONE)) is None


def test_appointment_is_the_same_instant_in_any_input_zone(official: WorkingCalendar) -> None:
    utc_input = at(2026, 2, 13, 10).astimezone(ZoneInfo("UTC"))
    assert official.appointment(utc_input, days(3)) == at(2026, 2, 25, 10)


def test_day_length_and_custom_hours() -> None:
    cal = WorkingCalendar(parse_office_hours(["08:00-12:00"]), TZ)
    assert cal.day_length == timedelta(hours=4)
    assert cal.appointment(at(2026, 3, 10, 11), days(1)) == at(2026, 3, 11, 11)


@pytest.mark.parametrize(
    ("specs", "needle"),
    [
        (["7h-11h"], "GG:PP-GG:PP"),
        (["11:30-07:00"], "trước giờ kết thúc"),
        (["07:00-11:30", "11:00-17:00"], "chồng lên"),
        (["25:00-26:00"], "không hợp lệ"),
        ([], "ít nhất một buổi"),
    ],
)
def test_office_hours_are_validated(specs: list[str], needle: str) -> None:
    with pytest.raises(FieldError, match=needle):
        parse_office_hours(specs)


def test_a_calendar_without_working_days_is_reported() -> None:
    every_day = frozenset(date(2026, 1, 1) + timedelta(days=n) for n in range(1200))
    cal = WorkingCalendar(PERIODS, TZ, days_off=every_day)
    with pytest.raises(FieldError, match="không có ngày làm việc"):
        cal.appointment(at(2026, 1, 2, 9), days(1))


def test_official_calendar_names_are_vietnamese() -> None:
    names = {e.day: e.name for e in official_calendar([2026])}
    assert names[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert names[date(2026, 8, 22)].startswith("Làm bù")


def test_working_time_includes_both_ends_of_each_period(official: WorkingCalendar) -> None:
    assert official.is_working_time(at(2026, 3, 10, 7))
    assert official.is_working_time(at(2026, 3, 10, 11, 30))
    assert official.is_working_time(at(2026, 3, 10, 17))  # a same-day appointment's hour
    assert not official.is_working_time(at(2026, 3, 10, 12))
    assert not official.is_working_time(at(2026, 3, 10, 17, 1))
    assert not official.is_working_time(at(2026, 3, 14, 9))  # Saturday
    assert official.is_working_time(at(2026, 8, 22, 9))  # a Saturday worked in exchange
    assert not official.is_working_time(at(2026, 4, 30, 9))  # Reunification Day
    # The same instant given in UTC: 02:00 UTC is 09:00 in Vietnam.
    assert official.is_working_time(at(2026, 3, 10, 9).astimezone(ZoneInfo("UTC")))


NOW = at(2026, 3, 10, 9, 30)  # a Tuesday morning


@pytest.mark.parametrize(
    ("moment", "problem"),
    [
        (at(2026, 3, 10, 9, 30), "phải sau thời điểm hiện tại (09:30 10/03/2026)."),
        (at(2026, 3, 9, 10), "phải sau thời điểm hiện tại"),
        (
            at(2026, 3, 14, 10),
            "14/03/2026 (Thứ Bảy) là ngày nghỉ theo lịch làm việc của trung tâm; hãy chọn "
            "một ngày làm việc, ví dụ ngày làm việc tiếp theo 16/03/2026 (Thứ Hai).",
        ),
        (at(2026, 4, 30, 10), "30/04/2026 (Thứ Năm) là ngày nghỉ"),
        (at(2026, 4, 30, 10), "ngày làm việc tiếp theo 04/05/2026 (Thứ Hai)"),
        (
            at(2026, 3, 11, 12, 15),
            "12:15 không nằm trong giờ làm việc (07:00-11:30, 13:30-17:00); "
            "hãy chọn giờ trong giờ làm việc.",
        ),
        (at(2026, 3, 11, 6, 59), "06:59 không nằm trong giờ làm việc"),
    ],
)
def test_what_is_wrong_with_a_new_appointment(
    official: WorkingCalendar, moment: datetime, problem: str
) -> None:
    found = official.appointment_problem(moment, NOW)
    assert found is not None and problem in found


def test_a_working_time_later_than_now_is_a_good_appointment(official: WorkingCalendar) -> None:
    for moment in (at(2026, 3, 10, 9, 31), at(2026, 3, 11, 17), at(2026, 8, 22, 8)):
        assert official.appointment_problem(moment, NOW) is None


@pytest.mark.parametrize(
    ("old", "offered"),
    [
        (at(2026, 3, 19, 9, 30), at(2026, 3, 20, 9, 30)),  # due Thursday: Friday, same hour
        (at(2026, 3, 20, 14), at(2026, 3, 23, 14)),  # due Friday: Monday, not Saturday
        (at(2026, 3, 5, 10), at(2026, 3, 11, 10)),  # overdue since last week: tomorrow
        (at(2026, 3, 10, 17), at(2026, 3, 11, 17)),  # due tonight, same-day procedure
        (at(2026, 4, 29, 16), at(2026, 5, 4, 16)),  # over 30/4 and 1/5
        (at(2026, 3, 19, 19), at(2026, 3, 20, 7)),  # an old hour outside office hours
        (None, at(2026, 3, 11, 7)),  # no fixed deadline: tomorrow's opening
        (at(2026, 3, 19, 9, 30) + timedelta(seconds=41), at(2026, 3, 20, 9, 30)),  # whole minutes
    ],
)
def test_the_new_appointment_offered(
    official: WorkingCalendar, old: datetime | None, offered: datetime
) -> None:
    got = official.later_appointment(old, NOW)
    assert got == offered
    assert official.appointment_problem(got, NOW) is None
