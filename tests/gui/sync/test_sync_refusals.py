"""What the window says when the province refuses the counter, or sends what it cannot use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from counter_app.core.errors import SyncAuthError
from counter_app.core.sync.engine import SyncEngine
from counter_app.core.sync.schedule import Due
from counter_app.core.sync.status import CycleReport, SyncStatus
from counter_app.ui.sync.sync_console import EnrolDialog, SyncConsole
from counter_app.ui.sync.sync_controller import SyncController
from counter_app.ui.sync.sync_view import SyncView
from provincial_server.db import ServerDatabase
from provincial_server.models import Change
from tests.conftest import AGENCY
from tests.gui.conftest import screenshot
from tests.servers import Server, count_rows
from tests.sync_helpers import Counter, make_counter


def publish_unusable_change(server: Server) -> None:
    """A change of a kind this program version does not know (a newer province server)."""
    db = ServerDatabase(server.db_url)
    try:
        with db.transaction() as session:
            session.add(
                Change(agency=None, kind="fees", payload={"x": 1}, created_at=datetime.now(UTC))
            )
    finally:
        db.close()


def revoked_counter(template_db: Path, folder: Path, server: Server, dossiers: int) -> Counter:
    """A counter with dossiers waiting, whose device the province has just revoked."""
    counter = make_counter(template_db, folder, server)
    counter.receive(dossiers)
    assert server.admin("revoke", "--agency", AGENCY, "--counter", "1").returncode == 0
    return counter


def test_a_revoked_counter_stops_says_what_to_do_and_resumes_after_enrolling(
    qtbot: QtBot, template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = revoked_counter(template_db, tmp_path / "c", server, 2)
    publish_unusable_change(server)
    window, bar = QMainWindow(), QLabel()
    qtbot.addWidget(window)
    view = SyncView(
        window, bar, lambda _n: None, lambda: counter.services.settings, counter.services.clock
    )
    with qtbot.waitSignal(view.controller.outcome, timeout=15_000) as refused:
        view.attach(counter.engine)
    assert isinstance(refused.args[0].error, SyncAuthError)
    assert bar.text() == "Đồng bộ đã dừng: máy chủ tỉnh từ chối quầy này, cần đăng ký lại"
    assert view.controller.schedule.due() is Due.NOTHING  # no retries against a refusal
    view.poke()  # a reception meanwhile does not hammer the server either
    assert not view.controller.running

    consoles: list[SyncConsole] = []
    view.console_opened.connect(consoles.append)
    view.open_console()
    summary = consoles[0].summary.text()
    assert "thu hồi quyền đồng bộ" in summary and "đăng ký lại quầy" in summary
    screenshot(consoles[0], "sync-console-revoked")

    code = server.enrolment_code(AGENCY, 1)

    def fill(dialog: EnrolDialog) -> None:
        dialog.server.setText(server.url)
        dialog.code.setText(code)
        QTimer.singleShot(0, dialog.accept)

    view.enrol_dialog_opened.connect(fill)

    def synced(status: SyncStatus) -> bool:
        return status.last_success_at is not None and status.pending == 0

    with qtbot.waitSignal(view.controller.status_changed, timeout=15_000, check_params_cb=synced):
        consoles[0].enrol_button.click()
    assert "Trực tuyến" in bar.text()
    assert count_rows(server.db_url, "dossiers") == 2
    qtbot.waitUntil(consoles[0].skipped.isVisible, timeout=5_000)
    assert "(fees)" in consoles[0].skipped.toPlainText()
    assert "chưa được phiên bản chương trình này hỗ trợ" in consoles[0].skipped.toPlainText()
    screenshot(consoles[0], "sync-console-skipped")
    consoles[0].close()
    view.shutdown()


def test_an_enrolment_made_beside_the_window_resumes_a_stopped_controller(
    qtbot: QtBot, template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = revoked_counter(template_db, tmp_path / "c", server, 1)
    controller = SyncController(probe_seconds=0.05)
    with qtbot.waitSignal(controller.outcome, timeout=15_000) as refused:
        controller.attach(counter.engine)
    assert isinstance(refused.args[0].error, SyncAuthError)

    # `counter-app enroll` in another process writes a new credentials file.
    other = SyncEngine(counter.services.db, counter.engine.credentials_path)
    other.enrol(server.url, server.enrolment_code(AGENCY, 1), AGENCY, 1, None)
    with qtbot.waitSignal(
        controller.outcome, timeout=15_000, check_params_cb=lambda o: o.error is None
    ) as resumed:
        pass
    assert resumed.args[0].report.delivered == 1
    controller.shutdown()


def test_a_bug_during_a_cycle_is_reported_and_sync_goes_on(
    qtbot: QtBot, template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server)
    counter.receive(1)
    run_cycle = counter.engine.run_cycle
    calls: list[int] = []

    def first_time_a_bug(*args: Any) -> CycleReport:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a bug in the engine")
        return run_cycle(*args)

    counter.engine.run_cycle = first_time_a_bug  # type: ignore[method-assign]
    controller = SyncController(probe_seconds=0.05)
    reported: list[Exception] = []
    controller.ops.unexpected_error.connect(reported.append)  # the window's crash report
    with qtbot.waitSignal(controller.broken, timeout=15_000) as broke:
        controller.attach(counter.engine)
    assert isinstance(broke.args[0], RuntimeError) and len(reported) == 1
    assert not controller.running  # not stuck: the next cycle is scheduled
    with qtbot.waitSignal(
        controller.outcome, timeout=15_000, check_params_cb=lambda o: o.error is None
    ) as recovered:
        pass
    assert recovered.args[0].report.delivered == 1
    controller.shutdown()
