"""The queue's bookkeeping: answers, refusals, retries, a supervisor's discard."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counter_app.core.errors import ValidationFailed
from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.core.store.engine import Database
from counter_app.core.sync import outbox
from counter_app.core.sync.backoff import CAP_SECONDS, Backoff
from counter_app.core.sync.protocol import Answer
from tests.conftest import make_settings
from tests.helpers import reception

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def queued(db: Database, count: int) -> list[str]:
    services = Services(db, make_settings())
    for _ in range(count):
        receive(services, reception())
    with db.read() as session:
        return [env["id"] for _, env in outbox.next_batch(session, 100)]


def test_answers_mark_delivered_and_quarantined_only_once(db: Database) -> None:
    ids = queued(db, 3)
    answers = [
        Answer(ids[0], "applied", ""),
        Answer(ids[1], "duplicate", ""),
        Answer(ids[2], "rejected", "Xung đột"),
    ]
    with db.write() as session:
        assert outbox.record_answers(session, answers, NOW) == (2, 1)
    with db.write() as session:  # a resent batch's answers change nothing again
        assert outbox.record_answers(session, answers, NOW) == (0, 0)
    with db.read() as session:
        assert outbox.counts(session) == {"quarantined": 1}
        [refused] = outbox.items(session, ["quarantined"])
    assert (refused.event_id, refused.last_error, refused.attempts) == (ids[2], "Xung đột", 1)


def test_retry_and_discard_apply_to_refused_events_only(db: Database) -> None:
    ids = queued(db, 2)
    with db.write() as session:
        outbox.record_answers(session, [Answer(ids[0], "rejected", "Chưa có hồ sơ")], NOW)
    with db.read() as session:
        refused, waiting = outbox.items(session, ["quarantined", "pending"])
    with db.write() as session:
        with pytest.raises(ValidationFailed) as failure:
            outbox.discard(session, [refused.id], "   ", "", NOW)
        assert {e.field for e in failure.value.errors} == {"supervisor", "reason"}
        assert outbox.discard(session, [waiting.id], "Nhập nhầm hồ sơ", "Trần Văn Bình", NOW) == 0
        assert outbox.retry(session, [refused.id, waiting.id]) == 1
    with db.write() as session:
        outbox.record_answers(session, [Answer(ids[0], "rejected", "Vẫn chưa có")], NOW)
        assert outbox.discard(session, [refused.id], "Nhập nhầm hồ sơ", "Trần Văn Bình", NOW) == 1
    with db.read() as session:
        [gone] = outbox.items(session, ["discarded"])
    assert gone.note is not None and "Trần Văn Bình" in gone.note and "Nhập nhầm" in gone.note
    assert gone.last_error == "Vẫn chưa có"  # the server's reason stays beside the decision


def test_backoff_grows_with_jitter_up_to_the_cap_and_resets() -> None:
    low, high = Backoff(rng=lambda: 0.0), Backoff(rng=lambda: 1.0)
    assert [low.failed() for _ in range(3)] == [1.0, 2.0, 4.0]
    assert [high.failed() for _ in range(3)] == [2.0, 4.0, 8.0]
    for _ in range(40):  # the exponent stops growing, the wait stops at five minutes
        low.failed(), high.failed()
    assert (low.failed(), high.failed()) == (CAP_SECONDS / 2, CAP_SECONDS)
    high.succeeded()
    assert high.failed() == 2.0
