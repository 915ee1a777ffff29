"""The window and a real provincial server: enrol from the console, sync after each action."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from counter_app.core import settings as settings_file
from counter_app.core.drafts import DraftStore
from counter_app.core.errors import SyncOffline
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.sync.engine import SyncEngine
from counter_app.core.sync.status import SyncStatus
from counter_app.ui.main_window import MainWindow
from counter_app.ui.operations import Operations
from counter_app.ui.printing import PrintDesk
from counter_app.ui.sync_console import EnrolDialog, SyncConsole
from counter_app.ui.sync_controller import SyncController
from tests.gui.conftest import PdfPrinters, screenshot
from tests.gui.test_receive import fill_birth_registration, tick_all_documents
from tests.servers import Server, count_rows
from tests.sync_helpers import QUICK, make_counter


def test_enrol_in_the_console_then_each_reception_goes_to_the_province(  # noqa: PLR0917
    qtbot: QtBot,
    services: Services,
    drafts: DraftStore,
    printers: PdfPrinters,
    server: Server,
    tmp_path: Path,
) -> None:
    settings_path = tmp_path / "settings.toml"
    settings_file.save(services.settings, settings_path)
    engine = SyncEngine(services.db, tmp_path / "device.json", services.clock, QUICK)
    window = MainWindow(
        services.settings,
        services.clock,
        Operations("database"),
        drafts,
        open_desk=lambda: Desk(services, lambda: engine),
        print_desk_factory=lambda parent: PrintDesk(parent, printers),
        settings_path=settings_path,
    )
    qtbot.addWidget(window)
    statuses = window.sync.controller.status_changed
    with qtbot.waitSignal(statuses, timeout=10_000) as first:
        window.show()
    assert not first.args[0].enrolled
    assert "chưa đăng ký" in window.connection.text()

    consoles: list[SyncConsole] = []
    window.sync.console_opened.connect(consoles.append)
    window.sync.open_console()
    code = server.enrolment_code(services.settings.agency_code, services.settings.counter_number)

    def fill(dialog: EnrolDialog) -> None:
        dialog.server.setText(server.url)
        dialog.code.setText(code)
        QTimer.singleShot(0, dialog.accept)

    window.sync.enrol_dialog_opened.connect(fill)

    def synced(status: SyncStatus) -> bool:
        return status.enrolled and status.last_success_at is not None and status.pending == 0

    with qtbot.waitSignal(statuses, timeout=15_000, check_params_cb=synced):
        consoles[0].enrol_button.click()
    assert "Trực tuyến" in window.connection.text()
    assert "Trực tuyến" in consoles[0].summary.text()
    screenshot(consoles[0], "sync-console")
    consoles[0].close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)

    fill_birth_registration(qtbot, window)
    tick_all_documents(qtbot, window)
    with qtbot.waitSignal(statuses, timeout=15_000, check_params_cb=synced):
        window.receive.accept_button.click()
    assert count_rows(server.db_url, "dossiers") == 1
    assert window.pending.text().endswith(": 0")
    window.close()


def test_offline_backs_off_then_resumes_when_the_probe_finds_the_link(
    qtbot: QtBot, template_db: Path, tmp_path: Path, server: Server
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server)
    counter.receive(2)
    probes: list[bool] = []
    probe = counter.engine.probe

    def counted_probe() -> bool:
        probes.append(reached := probe())
        return reached

    counter.engine.probe = counted_probe  # type: ignore[method-assign]
    controller = SyncController(probe_seconds=0.1)
    controller.schedule.backoff.failures = 5  # a long outage already: the next wait is 32-64 s
    server.stop()
    with qtbot.waitSignal(controller.outcome, timeout=15_000) as offline:
        controller.attach(counter.engine)
    assert isinstance(offline.args[0].error, SyncOffline)
    assert offline.args[0].status.offline_since is not None
    remaining = controller.remaining()
    assert remaining is not None and remaining > 25  # backing off, probing meanwhile
    qtbot.waitUntil(lambda: len(probes) >= 2, timeout=10_000)

    server.restart()
    with qtbot.waitSignal(
        controller.outcome, timeout=15_000, check_params_cb=lambda o: o.error is None
    ) as back:
        pass
    assert back.args[0].report.delivered == 2
    assert back.args[0].status.offline_since is None
    assert True in probes  # resumed by the probe, not by waiting out the backoff
    controller.shutdown()
