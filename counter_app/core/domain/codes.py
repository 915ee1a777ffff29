"""Dossier codes ``<agency>-<YYMMDD>-<NNNN>`` that never collide between counters.

Central systems number dossiers with one counter per agency per day behind a lock;
offline counters of one center cannot share such a lock. So the 4-digit daily
number is partitioned: counter *k* (1–9) owns the block ``k001``–``k999``. Two
counters of one agency can therefore never produce the same code, whatever
their connectivity, and the code stays in the legal format. Block ``0001``–``0999``
is left to the provincial system (online submissions, server-assigned codes).
The first digit also tells a clerk at a glance which counter received a dossier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counter_app.core.errors import FieldError, SequenceExhausted

MIN_COUNTER = 1
MAX_COUNTER = 9
BLOCK = 1000
PER_COUNTER_PER_DAY = BLOCK - 1

# Agency electronic identification codes look like 000.17.22.H56 or 000.00.00.H49.
# ASCII digits only (``\d`` would take full-width and Arabic-Indic digits too); the
# wire protocol declares the same patterns.
AGENCY_PATTERN = r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}"
CODE_PATTERN = rf"{AGENCY_PATTERN}-[0-9]{{6}}-[0-9]{{4}}"
_AGENCY = re.compile(AGENCY_PATTERN)
_CODE = re.compile(rf"(?P<agency>{AGENCY_PATTERN})-(?P<day>[0-9]{{6}})-(?P<seq>[0-9]{{4}})")


def validate_agency_code(value: str) -> str:
    value = value.strip().upper()
    if not _AGENCY.fullmatch(value):
        raise FieldError(
            "agency_code",
            "Mã cơ quan",
            "phải có dạng mã định danh điện tử như 000.17.22.H56.",
        )
    return value


def validate_counter_number(value: int) -> int:
    if not MIN_COUNTER <= value <= MAX_COUNTER:
        raise FieldError(
            "counter_number",
            "Số quầy",
            f"phải từ {MIN_COUNTER} đến {MAX_COUNTER}; mỗi quầy của một trung tâm "
            "cần một số riêng.",
        )
    return value


def daily_number(counter: int, n: int) -> int:
    """The 4-digit daily number for the ``n``-th dossier (from 1) of ``counter``."""
    validate_counter_number(counter)
    if not 1 <= n <= PER_COUNTER_PER_DAY:
        raise SequenceExhausted(
            f"Quầy {counter} đã dùng hết {PER_COUNTER_PER_DAY} số hồ sơ của ngày hôm nay. "
            "Hãy tiếp nhận tiếp tại quầy khác và báo cho bộ phận CNTT của tỉnh."
        )
    return counter * BLOCK + n


def format_code(agency: str, local_day: date, number: int) -> str:
    return f"{agency}-{local_day:%y%m%d}-{number:04d}"


def dossier_code(agency: str, local_day: date, counter: int, n: int) -> str:
    """The code of the ``n``-th dossier received at ``counter`` on ``local_day``."""
    return format_code(agency, local_day, daily_number(counter, n))


@dataclass(frozen=True)
class ParsedCode:
    agency: str
    day: date
    number: int

    @property
    def counter(self) -> int | None:
        """The counter that issued it, or None for the provincial block."""
        return self.number // BLOCK or None

    @property
    def n(self) -> int:
        return self.number % BLOCK


def parse_code(text: str) -> ParsedCode | None:
    """Parse a scanned or typed code; None if it is not a dossier code."""
    match = _CODE.fullmatch(text.strip().upper())
    if not match:
        return None
    day = match["day"]
    try:
        parsed_day = date(2000 + int(day[:2]), int(day[2:4]), int(day[4:]))
    except ValueError:
        return None
    return ParsedCode(match["agency"], parsed_day, int(match["seq"]))
