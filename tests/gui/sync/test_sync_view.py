"""The window and a real provincial server: enrol from the console, sync after each action."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from counter_app.core import settings as settings_file
from counter_app.core.drafts import DraftStore
from counter_app.core.errors import SyncOffline
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.sync.backoff import Backoff
from counter_app.core.sync.engine import SyncEngine
from counter_app.core.sync.status import SyncStatus
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.operations import Operations
from counter_app.ui.printing.printing import PrintDesk
from counter_app.ui.sync.sync_console import EnrolDialog, SyncConsole
from counter_app.ui.sync.sync_controller import Outcome, SyncController
from counter_app.ui.sync.sync_view import SyncView
from tests.conftest import FakeMonotonic
from tests.gui.conftest import PdfPrinters, screenshot
from tests.gui.receive.test_receive import fill_birth_registration, tick_all_documents
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
    ticks = FakeMonotonic()
    controller = SyncController(probe_seconds=0.05, monotonic=ticks)
    controller.schedule.backoff = Backoff(rng=lambda: 0.0)  # each wait is half its ceiling
    controller.schedule.backoff.failures = 5  # a long outage already: the next wait is 32-64 s
    cycles: list[Outcome] = []
    controller.outcome.connect(cycles.append)
    server.stop()
    with qtbot.waitSignal(controller.outcome, timeout=15_000) as offline:
        controller.attach(counter.engine)
    assert isinstance(offline.args[0].error, SyncOffline)
    assert offline.args[0].status.offline_since is not None
    assert controller.schedule.next_attempt == 1000.0 + 32  # backing off, probing meanwhile

    # While the clock stands still, only probes run: no full cycle before its time.
    qtbot.waitUntil(lambda: len(probes) >= 3, timeout=10_000)
    assert len(cycles) == 1 and not any(probes)
    ticks.now += 32  # the backoff has run out: the next tick is a full cycle
    with qtbot.waitSignal(controller.outcome, timeout=15_000) as again:
        pass
    assert isinstance(again.args[0].error, SyncOffline)
    assert controller.schedule.next_attempt == 1032.0 + 64  # one more failure: the wait doubles

    server.restart()
    with qtbot.waitSignal(
        controller.outcome, timeout=15_000, check_params_cb=lambda o: o.error is None
    ) as back:
        pass
    assert back.args[0].report.delivered == 2
    assert back.args[0].status.offline_since is None
    assert probes[-1] is True  # resumed by the probe: the clock never reached 1096
    controller.shutdown()


@pytest.fixture
def offline_view(
    qtbot: QtBot, template_db: Path, tmp_path: Path, server: Server
) -> Iterator[tuple[SyncView, QLabel, FakeMonotonic]]:
    """A SyncView over a counter whose server is down, timed by a clock the test moves."""
    counter = make_counter(template_db, tmp_path / "c", server)
    counter.receive(1)
    window, bar, ticks = QMainWindow(), QLabel(), FakeMonotonic()
    qtbot.addWidget(window)
    view = SyncView(
        window, bar, lambda _n: None, lambda: counter.services.settings,
        counter.services.clock, monotonic=ticks,
    )  # fmt: skip
    view.controller.schedule.backoff = Backoff(rng=lambda: 0.0)
    view.controller.schedule.backoff.failures = 5  # the next wait: 32 s
    server.stop()
    with qtbot.waitSignal(view.controller.outcome, timeout=15_000):
        view.attach(counter.engine)
    yield view, bar, ticks
    view.shutdown()


def test_the_remaining_backoff_counts_down_by_the_clock(
    qtbot: QtBot, offline_view: tuple[SyncView, QLabel, FakeMonotonic]
) -> None:
    view, bar, ticks = offline_view
    assert view.controller.schedule.next_attempt == 1000.0 + 32

    def shown_after(seconds: float) -> str:
        ticks.now = 1000.0 + seconds
        with qtbot.waitSignal(view.controller.status_changed, timeout=10_000):
            view.controller.refresh()
        return bar.text()

    assert "Mất kết nối từ" in shown_after(0) and "thử lại sau 32 giây" in shown_after(0)
    assert "thử lại sau 12 giây" in shown_after(20.5)  # 11.5 s: rounded up
    consoles: list[SyncConsole] = []
    view.console_opened.connect(consoles.append)
    view.open_console()
    assert "thử lại sau 12 giây" in consoles[0].summary.text()
    consoles[0].close()
    overdue = shown_after(90)  # never a negative wait, nor "0 giây"
    assert "sắp thử lại" in overdue and "giây" not in overdue


def test_the_bar_shows_the_new_countdown_as_soon_as_a_cycle_fails(
    offline_view: tuple[SyncView, QLabel, FakeMonotonic],
) -> None:
    _view, bar, _ticks = offline_view
    assert "thử lại sau 32 giây" in bar.text()


def test_the_bar_counts_down_by_itself_and_says_when_it_tries(
    qtbot: QtBot, offline_view: tuple[SyncView, QLabel, FakeMonotonic]
) -> None:
    """Offline, the bar shows the real next attempt as time passes (it stuck at one number),
    and "0 s" never stays on screen while the attempt itself runs."""
    view, bar, ticks = offline_view
    assert "thử lại sau 32 giây" in bar.text()
    ticks.now += 10  # no new status from the engine: only time passes
    qtbot.waitUntil(lambda: "thử lại sau 22 giây" in bar.text(), timeout=5_000)
    ticks.now += 21.5
    qtbot.waitUntil(lambda: "thử lại sau 1 giây" in bar.text(), timeout=5_000)  # 0.5 s left
    with qtbot.waitSignal(view.controller.running_changed, timeout=5_000):
        view.controller.sync_now()  # the attempt starts (here by hand, not by the 15 s timer)
    assert "đang thử kết nối lại" in bar.text() and "giây" not in bar.text()
    assert "Mất kết nối từ" in bar.text()
    with qtbot.waitSignal(view.controller.outcome, timeout=15_000):
        pass
    assert "thử lại sau 64 giây" in bar.text()  # one more failure: the wait doubled
    ticks.now += 4
    qtbot.waitUntil(lambda: "thử lại sau 60 giây" in bar.text(), timeout=5_000)
