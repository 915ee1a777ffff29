"""Every action a person takes leaves its entry, in the action's own transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.core.audit import verify
from counter_app.core.audit.trail import AuditFilter, AuditRow, entries
from counter_app.core.domain.reception import Outcome
from counter_app.core.domain.status import Status
from counter_app.core.errors import CounterError
from counter_app.core.forms.data import Form
from counter_app.core.services.context import Services
from counter_app.core.services.corrections import correct_applicant, recorded_applicant
from counter_app.core.services.desk import Desk
from counter_app.core.services.dossiers import (
    change_status,
    reschedule,
    return_result,
    void_dossier,
)
from counter_app.core.services.identity import bind_identity
from counter_app.core.services.reception import receive
from counter_app.core.settings import Settings
from counter_app.core.store import models as m
from counter_app.core.store.engine import Database
from counter_app.core.store.safety import daily_backup, inspect, restore
from counter_app.core.sync import outbox
from counter_app.core.sync.protocol import Answer
from tests.conftest import TZ, local
from tests.helpers import acting, reception


def trail(db: Database) -> list[AuditRow]:
    with db.read() as session:
        assert verify(session).ok
        return list(reversed(entries(session, AuditFilter(), TZ)))


def actions(db: Database) -> list[tuple[str, str, str]]:
    return [(r.action, r.name, r.dossier) for r in trail(db)]


@pytest.fixture
def bound(services: Services) -> Services:
    bind_identity(services.db, services.settings, services.clock())
    return services


def test_each_reception_outcome(bound: Services) -> None:
    accepted = receive(bound, reception()).code
    refused = receive(bound, reception(outcome=Outcome.REFUSED, reason="Sai thẩm quyền")).code
    supplement = receive(bound, reception(outcome=Outcome.SUPPLEMENT, reason="Thiếu tờ khai"))
    rows = trail(bound.db)
    assert [(r.action, r.dossier, r.counter) for r in rows] == [
        ("receive", accepted, 1),
        ("receive", refused, 1),
        ("receive", supplement.code, 1),
    ]
    outcomes = [r.detail.split(";")[0] for r in rows]  # in Vietnamese, as the screen shows
    assert outcomes == ["Được tiếp nhận", "Không được tiếp nhận", "Yêu cầu bổ sung giấy tờ"]
    # the applicant's name as initials, never whole
    assert "N. V. Đ." in rows[0].detail and "Nguyễn" not in rows[0].detail


def test_a_refused_reception_leaves_no_entry(bound: Services) -> None:
    with pytest.raises(CounterError):
        receive(bound, reception(procedure="no.such"))
    assert trail(bound.db) == []


def test_print_reprint_and_a_preview(bound: Services) -> None:
    desk = Desk(bound)
    result, _ = desk.receive_and_render(reception())
    desk.render_form(result.code, Form.RECEIPT, "Trần Văn Nam")
    desk.render_form(result.code, Form.RECEIPT, "Trần Văn Nam", log=False)  # not a print
    assert actions(bound.db) == [
        ("receive", "Lê Thị Hoa", result.code),
        ("print", "Lê Thị Hoa", result.code),
        ("reprint", "Trần Văn Nam", result.code),
    ]


def test_a_print_that_never_reached_paper_is_said_so(bound: Services) -> None:
    desk = Desk(bound)
    result, printed = desk.receive_and_render(reception())
    desk.withdraw_print(printed)
    desk.render_form(result.code, Form.RECEIPT, "Lê Thị Hoa")  # its first print again
    rows = trail(bound.db)
    assert [(r.action, r.detail) for r in rows[1:]] == [
        ("print", "Giấy tiếp nhận"),
        ("print", "Giấy tiếp nhận: không ra giấy, đã rút khỏi sổ in"),
        ("print", "Giấy tiếp nhận"),
    ]


def test_return_reschedule_void_and_correct(bound: Services, clock: object) -> None:
    code = receive(bound, reception()).code
    reschedule(bound, code, local(2026, 3, 20, 10), "Chờ xác minh", acting("Trần Văn Nam"))
    change_status(bound, code, Status.PROCESSING, "Cán bộ tư pháp")
    change_status(bound, code, Status.DONE, "Cán bộ tư pháp")
    return_result(bound, code, "Nguyễn Văn Đức", "022090001234", acting("Lê Thị Hoa"))
    other = receive(bound, reception()).code
    fixed = replace(recorded_applicant(bound, other), phone="0987654321")
    correct_applicant(bound, other, fixed, "Ghi nhầm số điện thoại", acting("Trần Văn Nam"))
    void_dossier(bound, other, "Tiếp nhận nhầm", acting("Phạm Thu Hà"))
    rows = trail(bound.db)
    assert [(r.action, r.name, r.dossier) for r in rows] == [
        ("receive", "Lê Thị Hoa", code),
        ("reschedule", "Trần Văn Nam", code),
        ("return", "Lê Thị Hoa", code),
        ("receive", "Lê Thị Hoa", other),
        ("correct", "Trần Văn Nam", other),
        ("void", "Phạm Thu Hà", other),
    ]
    returned = rows[2].detail
    assert "022******234" in returned and "022090001234" not in returned
    assert "Chờ xác minh" in rows[1].detail and rows[5].detail == "Lý do: Tiếp nhận nhầm"


def test_discarding_quarantined_events(bound: Services) -> None:
    code = receive(bound, reception()).code
    now = bound.clock()
    with bound.db.write() as session:
        ((row_id, envelope),) = outbox.next_batch(session, 10)
        outbox.record_answers(session, [Answer(envelope["id"], "rejected", "Trùng mã")], now)
    with bound.db.write() as session:
        assert outbox.discard(session, [row_id], "Hồ sơ nhập thử", "Trần Văn Bình", now) == 1
    with bound.db.write() as session:  # nothing left to discard: no entry
        assert outbox.discard(session, [row_id], "Hồ sơ nhập thử", "Trần Văn Bình", now) == 0
    rows = trail(bound.db)
    assert [(r.action, r.name, r.dossier) for r in rows][1:] == [("discard", "Trần Văn Bình", code)]
    assert rows[1].detail == "dossier.received: Hồ sơ nhập thử"


def test_settings_change_names_the_settings(bound: Services, tmp_path: Path) -> None:
    desk = Desk(bound)
    new = Settings.from_values(bound.settings.values() | {"counter.clerk": "Trần Văn Nam"})
    desk.apply_settings(new, tmp_path / "settings.toml", acting("Lê Thị Hoa"))
    desk.apply_settings(new, tmp_path / "settings.toml", acting("Lê Thị Hoa"))  # no entry
    [row] = trail(bound.db)
    assert (row.action, row.name, row.detail) == ("settings", "Lê Thị Hoa", "Đổi counter.clerk")


def test_a_restore_keeps_the_entries_written_since_the_backup(
    bound: Services, tmp_path: Path
) -> None:
    receive(bound, reception())
    backup = daily_backup(bound.db.path, tmp_path / "backups", bound.clock(), keep=3)
    assert backup is not None
    receive(bound, reception())  # after the backup: its entry must survive the restore
    with bound.db.write() as session:
        session.execute(select(m.AuditState)).scalar_one().acked_seq = 2  # the province has it
    bound.db.close()
    later = bound.clock() + timedelta(hours=1)
    done = restore(inspect(backup), bound.db.path, tmp_path / "backups", later, "Phạm Thu Hà")
    assert done.carried_audit == 1
    reopened = Database(bound.db.path)
    rows = trail(reopened)
    assert [(r.seq, r.action) for r in rows] == [(1, "receive"), (2, "receive"), (3, "restore")]
    assert rows[2].name == "Phạm Thu Hà" and backup.name in rows[2].detail
    with reopened.read() as session:
        assert session.get(m.AuditState, 1).acked_seq == 2  # type: ignore[union-attr]
    reopened.close()
