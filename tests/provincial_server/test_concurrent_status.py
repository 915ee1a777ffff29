"""A counter's status event racing the province's own decision on the same dossier:
whichever commits first, the other sees it; nothing is overwritten unseen.

On PostgreSQL (READ COMMITTED) the server must lock the dossier row before reading
its status; the test holds the province's transaction open until the server's
request is really waiting for that lock, then commits. SQLite serializes writers,
so there the order is settled by BEGIN IMMEDIATE whatever the timing.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests

from provincial_server.db import ServerDatabase
from provincial_server.models import Dossier
from tests.servers import Server
from tests.wire import A, received, status_changed


def push(server: Server, token: str, event: dict[str, Any]) -> dict[str, str]:
    reply = requests.post(
        f"{server.url}/v1/events",
        json={"events": [event]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert reply.status_code == 200, reply.text
    answer: dict[str, str] = reply.json()["results"][0]
    return answer


def waiting_for_a_lock(db: ServerDatabase) -> bool:
    with db.engine.connect() as conn:
        count = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        ).scalar()
    return bool(count)


def wait_for_the_lock(db: ServerDatabase, racer: threading.Thread) -> None:
    """On PostgreSQL, until the racer waits for the row lock this transaction holds
    (SQLite takes the whole database: the racer simply runs after the commit)."""
    if db.engine.dialect.name != "postgresql":
        return
    deadline = time.monotonic() + 30
    while not waiting_for_a_lock(db):
        assert time.monotonic() < deadline and racer.is_alive()
        time.sleep(0.02)  # polling interval, not a wait for an outcome


def test_a_status_event_racing_the_provinces_decision_sees_it(server: Server) -> None:
    token = server.enrol(A, 1)
    code = f"{A}-260310-1001"
    assert push(server, token, received(A, 1, code))["result"] == "applied"
    db = ServerDatabase(server.db_url)
    answers: list[dict[str, str]] = []
    withdrawn = status_changed(A, 1, code, 2, 7)  # the citizen withdraws, at the counter
    racer = threading.Thread(target=lambda: answers.append(push(server, token, withdrawn)))
    try:
        with db.transaction() as session:  # the province moves it to "processing" meanwhile
            dossier = session.get(Dossier, code, with_for_update=True)
            assert dossier is not None
            dossier.status = 4
            racer.start()
            wait_for_the_lock(db, racer)
        racer.join(60)
        with db.transaction() as session:
            held = session.get(Dossier, code)
            assert held is not None and held.status == 4  # the province's decision stands
    finally:
        db.close()
    [answer] = answers
    assert answer["result"] == "rejected" and "Xung đột" in answer["reason"]
