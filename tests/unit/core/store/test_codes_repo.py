"""Dossier numbers on real databases: several offline counters, many days."""

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from counter_app.core.errors import ValidationFailed
from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.core.store.codes_repo import sequence_gaps, skip_through
from counter_app.core.store.models import IssuedCode
from tests.conftest import FakeClock, copy_db, local, make_settings
from tests.helpers import reception


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=st.lists(
        st.tuples(st.integers(1, 9), st.integers(0, 6)),  # (counter, day offset) per reception
        min_size=1,
        max_size=40,
    )
)
def test_offline_counters_never_issue_the_same_code(
    template_db: Path, tmp_path_factory: object, plan: list[tuple[int, int]]
) -> None:
    """Each counter has its own database and no link to the others, for a week."""
    base = Path(str(tmp_path_factory.mktemp("center")))  # type: ignore[attr-defined]
    clock = FakeClock(local(2026, 3, 9, 8))
    counters: dict[int, Services] = {}
    for number in {counter for counter, _ in plan}:
        db = copy_db(template_db, base / f"counter{number}")
        counters[number] = Services(db, make_settings(number), clock)
    codes: list[str] = []
    # Each counter's clock only moves forward (an earlier clock is refused: test_reception).
    for counter, offset in sorted(plan, key=lambda step: step[1]):
        clock.now = local(2026, 3, 9, 8) + timedelta(days=offset)
        codes.append(receive(counters[counter], reception()).code)
    for services in counters.values():
        with services.db.read() as session:
            assert sequence_gaps(session) == []
        services.db.close()
    assert len(codes) == len(set(codes))


def test_rolled_back_reception_gives_its_number_back(services: Services) -> None:
    first = receive(services, reception()).code
    with pytest.raises(ValidationFailed):
        receive(services, reception(clerk=""))
    second = receive(services, reception()).code
    assert (first[-4:], second[-4:]) == ("1001", "1002")


def test_skipped_numbers_are_recorded_and_not_reissued(services: Services) -> None:
    receive(services, reception())
    now = services.clock()
    day = now.astimezone(services.settings.timezone).date()
    with services.db.write() as session:
        skipped = skip_through(
            session,
            agency=services.settings.agency_code,
            counter=1,
            local_day=day,
            last_skipped=5,
            reason="Khôi phục bản sao lưu cũ",
            now=now,
        )
    assert [c[-4:] for c in skipped] == ["1002", "1003", "1004", "1005"]
    assert receive(services, reception()).code.endswith("1006")
    with services.db.read() as session:
        states = dict(session.execute(select(IssuedCode.seq, IssuedCode.state)).all())
        assert states == {
            1: "used",
            2: "skipped",
            3: "skipped",
            4: "skipped",
            5: "skipped",
            6: "used",
        }
        assert sequence_gaps(session) == []


def test_gaps_are_detected(services: Services) -> None:
    for _ in range(3):
        receive(services, reception())
    with services.db.write() as session:
        session.delete(session.scalars(select(IssuedCode).where(IssuedCode.seq == 2)).one())
    with services.db.read() as session:
        gaps = sequence_gaps(session)
    assert [(g.counter_number, g.missing) for g in gaps] == [(1, [2])]


def test_counter_two_uses_its_own_block(services: Services) -> None:
    second = replace(services, settings=make_settings(2))
    assert receive(second, reception()).code.endswith("-260310-2001")
