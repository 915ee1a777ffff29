"""The window on a laptop's screen: it fits (status bar in sight), and keeps its place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from pytestqt.qtbot import QtBot

from counter_app.core import settings as settings_file
from counter_app.demo_settings import DEMO_SETTINGS
from counter_app.paths import AppPaths
from counter_app.ui.app.gui import build_window
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.placement import FRAME, WindowPlacement
from tests.conftest import FakeClock, local
from tests.gui.conftest import screenshot

TASKBAR = 40
LAPTOP = QRect(0, 0, 1366, 768 - TASKBAR)  # what a 1366x768 screen leaves for windows
SMALL = QRect(0, 0, 1024, 768 - TASKBAR)
DESKTOP = QRect(0, 0, 1920, 1080 - TASKBAR)


def on(area: QRect) -> Callable[[object], QRect]:
    return lambda _window: area


def status_bar_in_sight(window: MainWindow, area: QRect) -> bool:
    bar = window.statusBar()
    bottom = bar.mapTo(window, QPoint(0, bar.height())).y()
    return bar.isVisible() and window.height() <= area.height() and bottom <= window.height()


@pytest.mark.parametrize(("area", "name"), [(LAPTOP, "1366x768"), (SMALL, "1024x768")])
def test_the_window_fits_the_screen_with_its_status_bar(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    tmp_path: Path,
    area: QRect,
    name: str,
) -> None:
    window = open_window()  # catalog loaded: the ledger lists every procedure
    placement = WindowPlacement(tmp_path / "window.ini", on(area))
    place = placement.place(window)
    assert place.maximized  # 1280x800 and its frame do not fit: use the whole screen
    assert area.contains(place.geometry.marginsAdded(FRAME))
    # Maximised, the window takes the screen's area: every screen must fit in it.
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        window.setGeometry(place.geometry)
        qtbot.waitUntil(lambda: window.geometry() == place.geometry, timeout=5_000)
        assert window.size() == place.geometry.size(), window.tabs.tabText(index)
        assert status_bar_in_sight(window, area)
        screenshot(window, f"window-{name}-{index + 1}")


def test_on_a_large_screen_it_opens_centred_at_its_usual_size(
    open_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    place = WindowPlacement(tmp_path / "window.ini", on(DESKTOP)).place(window)
    assert not place.maximized
    assert (place.geometry.width(), place.geometry.height()) == (1280, 800)
    assert place.geometry.center() == DESKTOP.center()


def test_its_place_is_remembered_beside_the_settings_and_forgotten_if_it_no_longer_fits(
    qtbot: QtBot, open_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    path = tmp_path / "config" / "window.ini"
    placement = WindowPlacement(path, on(DESKTOP))
    window.setGeometry(QRect(60, 50, 1500, 900))
    qtbot.waitUntil(lambda: window.geometry() == QRect(60, 50, 1500, 900), timeout=5_000)
    placement.save(window)
    assert "width=1500" in path.read_text()  # an INI file by path, not the registry
    again = WindowPlacement(path, on(DESKTOP)).place(window)
    assert (again.geometry, again.maximized) == (QRect(60, 50, 1500, 900), False)
    # The same settings on a laptop: 1500x900 does not fit, so the laptop's default.
    laptop = WindowPlacement(path, on(LAPTOP)).place(window)
    assert laptop.maximized and LAPTOP.contains(laptop.geometry)


def test_closing_the_window_saves_its_place(
    qtbot: QtBot, open_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    window.placement = WindowPlacement(tmp_path / "window.ini", on(DESKTOP))
    window.setGeometry(QRect(100, 80, 1200, 760))
    qtbot.waitUntil(lambda: window.geometry() == QRect(100, 80, 1200, 760), timeout=5_000)
    window.close()
    saved = WindowPlacement(tmp_path / "window.ini", on(DESKTOP)).saved()
    assert saved is not None and saved.geometry == QRect(100, 80, 1200, 760)


def test_the_program_opens_its_window_placed_and_keeps_the_place_beside_the_settings(
    qtbot: QtBot, tmp_path: Path
) -> None:
    paths = AppPaths.resolve(tmp_path / "demo")
    settings_file.save(DEMO_SETTINGS, paths.settings_file)
    window = build_window(DEMO_SETTINGS, paths, FakeClock(local(2026, 3, 10, 9, 30)), demo=True)
    qtbot.addWidget(window)
    assert window.placement is not None
    assert window.placement.path == paths.settings_file.parent / "window.ini"
    window.placement.available = on(LAPTOP)
    with qtbot.waitSignal(window.ready, timeout=30_000):
        window.show_placed()  # what run_gui does
    assert window.isMaximized()  # not 1280x800 with its status bar below the screen
    window.close()
    assert (paths.settings_file.parent / "window.ini").exists()
    window.ops.shutdown()
