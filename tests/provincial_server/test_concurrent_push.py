"""Two copies of one push at the same moment (a resend racing its original after a
timeout) against a real server process: every event is applied exactly once.

The events are the counter's own: receptions and status changes written by the real
services into a real counter database, read from its outbox as the engine sends them.
`dev.py test-postgres` runs this over PostgreSQL too.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import change_status
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from provincial_server import models as server_models
from provincial_server.db import ServerDatabase
from tests.helpers import reception
from tests.servers import Server, count_rows

ROUNDS = 12
RECEPTIONS_PER_ROUND = 4


def outbox_events(services: Services, after: int) -> list[tuple[int, dict[str, Any]]]:
    """(row id, envelope) of every event the counter wrote after row ``after``."""
    with services.db.read() as session:
        rows = session.execute(
            select(m.OutboxEvent.id, m.OutboxEvent.payload)
            .where(m.OutboxEvent.id > after)
            .order_by(m.OutboxEvent.id)
        ).all()
    return [(row_id, payload) for row_id, payload in rows]


def push_twice_at_once(server: Server, token: str, events: list[dict[str, Any]]) -> list[Any]:
    """The same body POSTed by two threads released together, on warm connections."""
    sessions = [requests.Session() for _ in range(2)]
    for session in sessions:
        session.headers["Authorization"] = f"Bearer {token}"
        session.get(f"{server.url}/v1/health", timeout=10).raise_for_status()
    start = threading.Barrier(2)

    def post(session: requests.Session) -> requests.Response:
        start.wait(timeout=10)
        return session.post(f"{server.url}/v1/events", json={"events": events}, timeout=60)

    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(post, sessions))
    for session in sessions:
        session.close()
    return replies


def test_two_copies_of_one_push_apply_every_event_exactly_once(
    services: Services, server: Server
) -> None:
    settings = services.settings
    token = server.enrol(settings.agency_code, settings.counter_number)
    sent_up_to, received, events_sent = 0, [], 0
    for round_number in range(ROUNDS):
        for _ in range(RECEPTIONS_PER_ROUND):
            received.append(receive(services, reception()).code)
        if round_number:  # the province finished one of the last round's dossiers
            change_status(services, received[-RECEPTIONS_PER_ROUND - 1], Status.DONE, "Tư pháp")
        batch = outbox_events(services, sent_up_to)
        sent_up_to = batch[-1][0]
        events = [payload for _, payload in batch]

        replies = push_twice_at_once(server, token, events)

        for reply in replies:
            assert reply.status_code == 200, reply.text
        answers = [reply.json()["results"] for reply in replies]
        for position, event in enumerate(events):
            pair = sorted(copy[position]["result"] for copy in answers)
            assert [copy[position]["id"] for copy in answers] == [event["id"]] * 2
            assert pair == ["applied", "duplicate"], (round_number, event["type"], answers)
        events_sent += len(events)

    assert count_rows(server.db_url, "dossiers") == len(received)
    assert count_rows(server.db_url, "applied_events") == events_sent
    done = received[RECEPTIONS_PER_ROUND - 1 : -1 : RECEPTIONS_PER_ROUND]  # one per round
    db = ServerDatabase(server.db_url)
    try:
        with db.transaction() as session:
            statuses = dict(
                session.execute(
                    select(server_models.Dossier.code, server_models.Dossier.status)
                ).all()
            )
    finally:
        db.close()
    assert {code for code, status in statuses.items() if status == Status.DONE} == set(done)
