"""Roles enforced in the core: a clerk's attempt at a supervisor's action is refused
(``NotAllowed``) before anything is written; a supervisor's goes through."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.core.domain.roles import Role
from counter_app.core.domain.status import Status
from counter_app.core.errors import NotAllowed
from counter_app.core.services.admin import restore_backup, set_calendar_day
from counter_app.core.services.context import Services
from counter_app.core.services.corrections import correct_applicant, recorded_applicant
from counter_app.core.services.desk import Desk
from counter_app.core.services.dossiers import change_status, return_result, void_dossier
from counter_app.core.services.reception import receive
from counter_app.core.store import models as m
from counter_app.core.store.safety import inspect
from counter_app.core.sync.engine import SyncEngine
from tests.helpers import acting, reception

MAI = acting("Nguyễn Thị Mai", Role.CLERK)
HOA = acting("Lê Thị Hoa", Role.SUPERVISOR)


def rows(services: Services) -> tuple[int, int, int]:
    with services.db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(m.OutboxEvent)) or 0,
            session.scalar(select(func.count()).select_from(m.StatusChange)) or 0,
            session.scalar(select(func.count()).select_from(m.CalendarDay)) or 0,
        )


def test_a_clerks_void_is_refused_in_the_core(services: Services) -> None:
    code = receive(services, reception()).code
    before = rows(services)
    with pytest.raises(NotAllowed, match=r"Nguyễn Thị Mai \(Cán bộ tiếp nhận\) không được hủy"):
        void_dossier(services, code, "Tiếp nhận nhầm thủ tục", MAI)
    with pytest.raises(NotAllowed, match="hiệu chỉnh thông tin người nộp"):
        correct_applicant(services, code, recorded_applicant(services, code), "Sửa", MAI)
    assert rows(services) == before  # nothing written
    void_dossier(services, code, "Tiếp nhận nhầm thủ tục", HOA)
    with services.db.read() as session:
        assert session.scalars(select(m.StatusChange.actor)).all()[-1] == "Lê Thị Hoa"


def test_a_clerk_returns_results(services: Services) -> None:
    code = receive(services, reception()).code
    change_status(services, code, Status.PROCESSING, "Hệ thống tỉnh")
    change_status(services, code, Status.DONE, "Hệ thống tỉnh")
    return_result(services, code, "Nguyễn Văn Đức", "022090001234", MAI)
    with services.db.read() as session:
        event = session.scalars(select(m.OutboxEvent).order_by(m.OutboxEvent.id.desc())).first()
        assert event is not None and event.payload["data"]["NguoiXuLy"] == "Nguyễn Thị Mai"


def test_calendar_settings_discard_and_restore_need_a_supervisor(
    services: Services, tmp_path: Path
) -> None:
    before = rows(services)
    with pytest.raises(NotAllowed, match="sửa lịch làm việc"):
        set_calendar_day(services, MAI, date(2026, 9, 3), "off", "Nghỉ bù")
    with pytest.raises(NotAllowed, match="thay đổi cài đặt"):
        Desk(services).apply_settings(services.settings, tmp_path / "settings.toml", MAI)
    assert not (tmp_path / "settings.toml").exists()
    engine = SyncEngine(services.db, tmp_path / "device.json", services.clock)
    with pytest.raises(NotAllowed, match="loại bỏ sự kiện"):
        engine.discard([1], "Nhập nhầm hồ sơ", MAI)
    backup = inspect(services.db.path)
    with pytest.raises(NotAllowed, match="khôi phục bản sao lưu"):
        restore_backup(MAI, backup, tmp_path / "other.sqlite3", tmp_path, datetime.now(UTC))
    assert not (tmp_path / "other.sqlite3").exists()
    assert rows(services) == before
    set_calendar_day(services, HOA, date(2026, 9, 3), "off", "Nghỉ bù")
    with services.db.read() as session:
        day = session.get(m.CalendarDay, date(2026, 9, 3))
        assert day is not None and (day.kind, day.name) == ("off", "Nghỉ bù")
