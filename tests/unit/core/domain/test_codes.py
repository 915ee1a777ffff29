from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.core.domain.codes import (
    MAX_COUNTER,
    PER_COUNTER_PER_DAY,
    dossier_code,
    parse_code,
    validate_agency_code,
)
from counter_app.core.errors import FieldError, SequenceExhausted

AGENCY = "000.17.22.H56"


def test_format_matches_the_legal_pattern() -> None:
    assert dossier_code(AGENCY, date(2021, 5, 31), 1, 1) == "000.17.22.H56-210531-1001"
    assert dossier_code(AGENCY, date(2026, 2, 21), 9, 999) == "000.17.22.H56-260221-9999"


def test_parse_round_trip_and_counter() -> None:
    parsed = parse_code("000.17.22.h56-210531-3042 ")
    assert parsed is not None
    assert (parsed.agency, parsed.day, parsed.counter, parsed.n) == (
        AGENCY,
        date(2021, 5, 31),
        3,
        42,
    )
    assert parse_code("000.17.22.H56-210531-0042").counter is None  # provincial block
    assert parse_code("000.17.22.H56-211331-1001") is None  # month 13
    assert parse_code("Nguyen Van Duc") is None


def test_limits_are_explained() -> None:
    with pytest.raises(SequenceExhausted, match="999"):
        dossier_code(AGENCY, date(2026, 1, 5), 1, PER_COUNTER_PER_DAY + 1)
    with pytest.raises(FieldError, match="từ 1 đến 9"):
        dossier_code(AGENCY, date(2026, 1, 5), 10, 1)
    with pytest.raises(FieldError, match=r"000\.17\.22\.H56"):
        validate_agency_code("H56")


# Any receptions on any counters on any days: no two codes are ever equal, and all
# stay in the legal format. This is the whole reason for the per-counter blocks.
receptions = st.dictionaries(
    keys=st.tuples(
        st.integers(1, MAX_COUNTER),  # counter
        st.integers(0, 3650),  # day offset: ten years of offline days
    ),
    values=st.integers(1, PER_COUNTER_PER_DAY),  # dossiers received that day
    max_size=40,
)


@given(receptions)
def test_codes_never_collide_across_counters_and_days(plan: dict[tuple[int, int], int]) -> None:
    start = date(2025, 7, 1)
    issued: dict[str, tuple[int, int, int]] = {}
    for (counter, offset), count in plan.items():
        day = start + timedelta(days=offset)
        for n in (1, count // 2 or 1, count):  # first, middle and last of the day
            code = dossier_code(AGENCY, day, counter, n)
            assert parse_code(code) is not None
            owner = issued.setdefault(code, (counter, offset, n))
            assert owner == (counter, offset, n), f"{code} issued twice"


@given(st.integers(1, MAX_COUNTER), st.integers(1, PER_COUNTER_PER_DAY))
def test_code_tells_its_counter(counter: int, n: int) -> None:
    parsed = parse_code(dossier_code(AGENCY, date(2026, 1, 5), counter, n))
    assert parsed is not None and (parsed.counter, parsed.n) == (counter, n)
