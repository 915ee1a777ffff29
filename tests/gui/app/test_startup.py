"""Starting the GUI: the window paints before the database layer loads, and says if it can't."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from counter_app.app import start
from counter_app.core import settings as settings_file
from counter_app.core.drafts import DraftStore
from counter_app.core.errors import CounterError, IdentityMismatch, StorageEnvironmentError
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.store.safety import daily_backup
from counter_app.demo import load_demo
from counter_app.demo_settings import DEMO_SETTINGS
from counter_app.instance import instance_lock
from counter_app.paths import AppPaths
from counter_app.ui.app.gui import build_window
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.operations import Operations
from tests.conftest import FakeClock, local, make_settings
from tests.e2e.cli_helpers import counter_app
from tests.gui.conftest import screenshot
from tests.helpers import damage_page

ROOT = Path(__file__).resolve().parents[3]


def test_the_gui_modules_load_without_the_database_layer() -> None:
    """What runs before the first paint must not import SQLAlchemy, Alembic or ReportLab."""
    probe = (
        "import sys, counter_app.cli, counter_app.ui.app.gui; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'alembic', 'reportlab', 'pypdfium2'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


def test_demo_start_opens_the_database_on_the_worker(qtbot: QtBot, tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "demo")
    settings_file.save(DEMO_SETTINGS, paths.settings_file)
    window = build_window(DEMO_SETTINGS, paths, FakeClock(local(2026, 3, 10, 9, 30)), demo=True)
    qtbot.addWidget(window)
    assert window.desk is None  # nothing opened yet: the window is shown first
    with qtbot.waitSignal(window.ready, timeout=30_000):
        window.show()
    assert window.desk is not None and paths.database.exists()
    assert window.receive.model.rowCount() == 19
    pending = window.desk.pending_events()  # the sample dossiers' events, not yet sent
    assert pending > 0 and window.pending.text().endswith(f": {pending}")
    window.ops.shutdown()


def test_a_database_that_cannot_open_is_explained_in_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    def refuse() -> Desk:
        raise IdentityMismatch("Cơ sở dữ liệu thuộc quầy 2 của cơ quan 000.00.00.H99.")

    window = MainWindow(
        make_settings(),
        FakeClock(local(2026, 3, 10, 9, 30)),
        Operations("database"),
        DraftStore(tmp_path / "draft.json"),
        open_desk=refuse,
    )
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.start_failed, timeout=10_000) as failed:
        window.show()
    assert isinstance(failed.args[0], CounterError)
    assert (
        window.start_notice.label.isVisible() and "thuộc quầy 2" in window.start_notice.label.text()
    )
    assert not window.tabs.isEnabled()
    screenshot(window, "startup-failed")
    window.ops.shutdown()


def test_after_a_full_disk_is_freed_the_data_opens_without_a_restart(
    qtbot: QtBot, tmp_path: Path, services: Services
) -> None:
    attempts: list[int] = []

    def open_desk() -> Desk:
        attempts.append(1)
        if len(attempts) == 1:  # what the engine reports on a full disk
            raise StorageEnvironmentError("full", "Ổ đĩa đã đầy, không ghi được dữ liệu.")
        return Desk(services)

    window = MainWindow(
        services.settings,
        services.clock,
        Operations("database"),
        DraftStore(tmp_path / "draft.json"),
        open_desk=open_desk,
    )
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.start_failed, timeout=10_000):
        window.show()
    assert "Ổ đĩa đã đầy" in window.start_notice.label.text()
    assert (
        window.start_notice.retry_button.isVisible()
        and not window.start_notice.restore_offer.isVisible()
    )
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.start_notice.retry_button.click()
    assert window.tabs.isEnabled() and not window.start_notice.label.isVisible()
    assert not window.start_notice.retry_button.isVisible() and len(attempts) == 2
    window.ops.shutdown()


def test_a_second_instance_on_the_same_data_is_refused(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data", tmp_path / "data" / "settings.toml")
    first = instance_lock(paths)
    assert first is not None
    assert instance_lock(paths) is None  # the running program holds it
    other = AppPaths(tmp_path / "other", tmp_path / "other" / "settings.toml")
    elsewhere = instance_lock(other)
    assert elsewhere is not None  # another data directory is another counter
    first.unlock()
    again = instance_lock(paths)
    assert again is not None
    again.unlock()
    elsewhere.unlock()


def demo_counter(folder: Path) -> AppPaths:
    paths = AppPaths.resolve(folder)
    settings_file.save(DEMO_SETTINGS, paths.settings_file)
    return paths


def test_the_days_backup_is_taken_after_the_window_is_ready(qtbot: QtBot, tmp_path: Path) -> None:
    paths = demo_counter(tmp_path / "demo")
    window = build_window(DEMO_SETTINGS, paths, FakeClock(local(2026, 3, 10, 9, 30)), demo=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backup_done, timeout=30_000) as done:
        window.show()
    backup = done.args[0]
    assert window.desk is not None
    assert backup is not None and backup.parent == paths.backups
    assert backup.name.endswith("-daily.sqlite3")
    window.ops.shutdown()


def test_a_damaged_database_is_restored_from_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    paths = demo_counter(tmp_path / "demo")
    clock = FakeClock(local(2026, 3, 10, 9, 30))
    services = start(paths, clock, backup=False)
    load_demo(services)
    assert daily_backup(paths.database, paths.backups, clock(), keep=3) is not None
    services.db.close()  # the last connection folds the -wal into the file
    damage_page(paths.database, page=7)

    window = build_window(DEMO_SETTINGS, paths, clock)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.start_failed, timeout=30_000):
        window.show()
    assert "bị hỏng" in window.start_notice.label.text()
    assert window.start_notice.restore_offer.isVisible() and not window.tabs.isEnabled()
    screenshot(window, "startup-damaged")

    def answer_yes(box: QMessageBox) -> None:
        QTimer.singleShot(0, lambda: box.button(QMessageBox.StandardButton.Yes).click())

    window.start_notice.restore_offer.confirm_opened.connect(answer_yes)
    with qtbot.waitSignal(window.ready, timeout=30_000):
        window.start_notice.restore_offer.click()
    assert window.tabs.isEnabled() and not window.start_notice.label.isVisible()
    assert not window.start_notice.restore_offer.isVisible()
    assert len(list(paths.backups.glob("*-replaced.sqlite3"))) == 1
    assert window.receive.model.rowCount() == 19
    window.ops.shutdown()


QUIT = ["--demo", "--quit-when-ready"]


def test_quit_when_ready_opens_the_window_then_exits(tmp_path: Path) -> None:
    done = counter_app(tmp_path / "demo", *QUIT)
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["PAINTED", "READY"]
    # No Qt warnings and no traceback, but the offscreen platform's note about size hints.
    noted = [line for line in done.stderr.splitlines() if "propagateSizeHints" not in line]
    assert noted == []
    assert (tmp_path / "demo" / "counter.sqlite3").exists()

    for side in (tmp_path / "demo").glob("counter.sqlite3-*"):
        side.unlink()  # the -wal would still hold the first pages
    (tmp_path / "demo" / "counter.sqlite3").write_bytes(b"\x00not a database\x00" * 500)
    failed = counter_app(tmp_path / "demo", *QUIT)
    assert failed.returncode == 1
    assert "READY" not in failed.stdout and "Traceback" not in failed.stderr
