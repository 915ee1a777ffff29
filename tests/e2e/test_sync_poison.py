"""No poison pill, end to end: bad events queued between good ones (as an older program
version could have queued them) are set aside with the server's reason; every good
dossier reaches a real server exactly once."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app.core.store import models as m
from counter_app.core.sync import outbox
from counter_app.core.sync.status import QUARANTINED
from tests.servers import Server, count_rows
from tests.sync_helpers import Counter, make_counter
from tests.wire import A, received, received_data

pytestmark = pytest.mark.slow


def queue_raw(counter: Counter, event: dict[str, Any]) -> None:
    """Straight into the outbox, past today's checks at the desk."""
    with counter.services.db.write() as session:
        session.add(
            m.OutboxEvent(
                event_id=event["id"],
                type=event["type"],
                dossier_code=event["dossier"],
                payload=event,
                created_at=datetime.now(UTC),
                state="pending",
                attempts=0,
            )
        )


def poison(code: str) -> dict[str, tuple[dict[str, Any], str]]:
    """Each bad event, and a word its rejection reason must contain."""
    many = received(A, 1, f"{code}1")
    many["data"]["GiayTo"] = received_data(many["dossier"])["GiayTo"] * 5000  # ~350 kB
    noise = random.Random(5).randbytes(5 * 1024 * 1024).hex()  # 10 MB, gzip cannot hide it
    return {
        "too many documents": (many, "quá lớn"),
        "over the body limit": (received(A, 1, f"{code}2", GhiChu=noise), "8 MB"),
        "a wrong type": (received(A, 1, f"{code}3", SoBo="một"), "SoBo"),
        "an emoji in a name": (received(A, 1, f"{code}4", ChuHoSo="Nguyễn Văn 😀"), "ChuHoSo"),
    }


def test_bad_events_between_good_ones_are_set_aside_and_the_good_ones_delivered(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server)
    bad = poison(f"{A}-260310-190")  # codes of this counter's block, on another day
    good = []
    for event, _why in bad.values():
        good += counter.receive(5)
        queue_raw(counter, event)
    good += counter.receive(5)

    counter.drain()

    assert count_rows(server.db_url, "dossiers") == len(good) == 25
    with counter.services.db.read() as session:
        set_aside = {i.event_id: i for i in outbox.items(session, [QUARANTINED])}
    assert counter.outbox_states() == {"delivered": 25, "quarantined": 4}
    for what, (event, why) in bad.items():
        reason = set_aside[event["id"]].last_error or ""
        assert why in reason, (what, reason)
        assert len(reason) < 1000, what  # the server's reason, not the event echoed
