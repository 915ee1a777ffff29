"""The audit chain travels to the province on its own stream: a real counter, a real server."""

from __future__ import annotations

from pathlib import Path

from counter_app.core.audit import trail
from counter_app.core.sync.audit_push import push_audit
from tests.servers import Server
from tests.sync_helpers import Counter, make_counter
from tests.wire import A


def audit_state(counter: Counter) -> tuple[int, int, str | None]:
    with counter.services.db.read() as session:
        return trail.sync_state(session)


def audit_check(server: Server) -> tuple[int, str]:
    done = server.admin("audit-check", "--agency", A)
    return done.returncode, done.stdout + done.stderr


def test_the_chain_reaches_the_province_after_the_events_and_resending_is_harmless(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c1", server)
    counter.receive(3)
    assert audit_state(counter) == (3, 0, None)
    report = counter.engine.run_cycle()
    assert report.complete and report.delivered == 3
    assert audit_state(counter) == (3, 3, None)
    code, text = audit_check(server)
    assert code == 0 and "3 mục, đến mục số 3" in text

    with counter.services.db.write() as session:  # as if every reply had been lost
        trail.record_ack(session, 0, "")
    assert push_audit(counter.services.db, counter.engine.client()) == 3
    assert audit_state(counter) == (3, 3, None)
    code, text = audit_check(server)
    assert code == 0 and "3 mục, đến mục số 3" in text and "liền mạch" in text


def test_the_province_notices_a_gap_in_a_pushed_chain(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c1", server)
    counter.receive(2)
    counter.engine.run_cycle()
    counter.receive(3)  # entries 3, 4, 5; then entry 4 is removed from the file
    with counter.services.db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 4")

    report = counter.engine.run_cycle()

    assert report.complete and report.delivered == 3  # the dossiers are not held up
    last, acked, problem = audit_state(counter)
    assert (last, acked) == (5, 3)
    assert problem is not None and "Thiếu mục số 4" in problem
    code, text = audit_check(server)
    assert code == 1
    assert "3 mục, đến mục số 3" in text and "ĐỨT tại mục số 4: Thiếu mục số 4" in text
