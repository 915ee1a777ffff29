"""The sync schedule: after any failure it waits and tries again; only a refused device stops it."""

from __future__ import annotations

import pytest

from counter_app.core.errors import (
    NotEnrolled,
    StorageEnvironmentError,
    SyncAuthError,
    SyncError,
    SyncOffline,
    SyncProtocolError,
    SyncRefused,
    SyncServerError,
)
from counter_app.core.sync.backoff import CAP_SECONDS, PERIOD_SECONDS, Backoff
from counter_app.core.sync.schedule import Due, SyncSchedule
from tests.conftest import FakeMonotonic


@pytest.fixture
def ticks() -> FakeMonotonic:
    return FakeMonotonic()


def schedule(ticks: FakeMonotonic) -> SyncSchedule:
    return SyncSchedule(Backoff(rng=lambda: 1.0), monotonic=ticks, probe_seconds=15)


def test_a_new_schedule_syncs_at_once(ticks: FakeMonotonic) -> None:
    plan = schedule(ticks)
    assert plan.wait() == 0 and plan.due() is Due.CYCLE


def test_after_success_the_next_cycle_is_a_period_later_or_at_once_if_more_waits(
    ticks: FakeMonotonic,
) -> None:
    plan = schedule(ticks)
    plan.cycle_ended(None)
    assert plan.wait() == PERIOD_SECONDS
    plan.cycle_ended(None, again=True)
    assert plan.wait() == 0


@pytest.mark.parametrize(
    "error",
    [
        SyncServerError("500", 500),
        SyncServerError("502", 502),
        SyncProtocolError("lạ"),
        SyncRefused("413", 413, "quá lớn"),
        SyncError("chứng chỉ"),
        StorageEnvironmentError("full", "đầy"),
        RuntimeError("a local fault under the cycle"),
    ],
)
def test_every_failure_but_a_refused_device_backs_off_and_tries_again(
    ticks: FakeMonotonic, error: Exception
) -> None:
    plan = schedule(ticks)
    waits = []
    for _ in range(12):  # a long bad spell: never a stop, never beyond the cap
        plan.cycle_ended(error)
        waits.append(plan.wait())
        ticks.now += plan.wait() or 0
        assert plan.due() is Due.CYCLE
    assert waits[:4] == [2, 4, 8, 16]
    assert max(w or 0 for w in waits) == CAP_SECONDS
    plan.cycle_ended(None)
    assert plan.wait() == PERIOD_SECONDS


def test_offline_probes_every_15_s_and_a_probe_that_reaches_the_server_syncs_now(
    ticks: FakeMonotonic,
) -> None:
    plan = schedule(ticks)
    plan.backoff.failures = 6
    plan.cycle_ended(SyncOffline("mất mạng"))
    assert plan.remaining() == 128 and plan.wait() == 15
    ticks.now += 15
    assert plan.due() is Due.PROBE
    plan.probed(False)
    assert plan.due() is Due.PROBE and plan.remaining() == 113
    plan.probed(True)
    assert plan.due() is Due.CYCLE and plan.wait() == 0 and not plan.offline


@pytest.mark.parametrize("error", [SyncAuthError("thu hồi"), NotEnrolled("chưa đăng ký")])
def test_a_refused_device_stops_until_it_is_enrolled_again(
    ticks: FakeMonotonic, error: SyncError
) -> None:
    plan = schedule(ticks)
    plan.cycle_ended(error)
    assert plan.stopped_by is error
    assert plan.wait() is None and plan.remaining() is None and plan.due() is Due.NOTHING
    ticks.now += 10 * CAP_SECONDS
    assert plan.due() is Due.NOTHING
    plan.resume()
    assert plan.stopped_by is None and plan.due() is Due.CYCLE and plan.wait() == 0
