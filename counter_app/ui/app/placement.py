"""Where the window opens: on the screen it fits, and as the clerk left it last time.

A laptop's 1366x768 screen (less the taskbar) is smaller than the window's comfortable
1280x800, which hid the status bar below the screen's edge. The window now opens
maximised wherever 1280x800 does not fit, and otherwise centred at that size. Its place
is remembered in ``window.ini`` beside the settings file (an INI file given by path,
never the Windows registry), and a remembered place that no longer fits the screen
(a smaller monitor now) is forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMargins, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FILE_NAME = "window.ini"
DEFAULT_SIZE = QSize(1280, 800)
# The window manager's frame around the window: a title bar and thin borders. Known
# only once the window is mapped, so a generous guess decides before it is shown.
FRAME = QMargins(8, 32, 8, 8)


@dataclass(frozen=True)
class Place:
    geometry: QRect  # the window's own area (without the frame), when not maximised
    maximized: bool


def screen_area(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (without the taskbar)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fits(geometry: QRect, area: QRect) -> bool:
    return area.contains(geometry.marginsAdded(FRAME))


def default_place(area: QRect) -> Place:
    """1280x800 centred if it fits with its frame; else maximised on the screen."""
    framed = DEFAULT_SIZE.grownBy(FRAME)
    if framed.width() <= area.width() and framed.height() <= area.height():
        geometry = QRect(0, 0, DEFAULT_SIZE.width(), DEFAULT_SIZE.height())
        geometry.moveCenter(area.center())
        return Place(geometry, maximized=False)
    return Place(area.marginsRemoved(FRAME), maximized=True)


class WindowPlacement:
    """Reads and writes the window's place in an INI file; ``available`` gives the screen."""

    def __init__(self, path: Path, available: Callable[[QWidget], QRect] = screen_area) -> None:
        self.path = path
        self.available = available

    def _store(self) -> QSettings:
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    def saved(self) -> Place | None:
        store = self._store()
        try:
            values = [
                int(str(store.value(f"window/{key}", -1))) for key in ("x", "y", "width", "height")
            ]
        except (TypeError, ValueError):  # edited by hand into nonsense: start afresh
            return None
        x, y, width, height = values
        if width <= 0 or height <= 0:
            return None
        maximized = str(store.value("window/maximized", "false")).lower() == "true"
        return Place(QRect(x, y, width, height), maximized)

    def place(self, window: QWidget) -> Place:
        """Where the window goes: as last time if that still fits the screen, else the default."""
        area = self.available(window)
        saved = self.saved()
        if saved is not None and fits(saved.geometry, area):
            return saved
        default = default_place(area)
        if saved is not None and saved.maximized:  # maximised it was, maximised it stays
            return Place(default.geometry, maximized=True)
        return default

    def show(self, window: QWidget) -> Place:
        place = self.place(window)
        window.setGeometry(place.geometry)
        if place.maximized:
            window.showMaximized()
        else:
            window.show()
        return place

    def save(self, window: QWidget) -> None:
        """Remember the window's normal size and place, and whether it was maximised."""
        geometry = window.normalGeometry() if window.isMaximized() else window.geometry()
        store = self._store()
        store.setValue("window/x", geometry.x())
        store.setValue("window/y", geometry.y())
        store.setValue("window/width", geometry.width())
        store.setValue("window/height", geometry.height())
        store.setValue("window/maximized", "true" if window.isMaximized() else "false")
        store.sync()
