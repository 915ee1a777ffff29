"""The interface in English, and translations kept complete."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.ui.gui import install_language
from counter_app.ui.main_window import MainWindow
from tests.gui.conftest import screenshot

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import i18n


def test_every_interface_string_has_an_english_translation() -> None:
    assert i18n.check() == []
    english = i18n.read(i18n.TRANSLATIONS / "counter_app_en.ts")
    assert len(english) >= len(i18n.sources()) > 100  # checked, not vacuously empty


def test_the_check_fails_without_the_english_file_or_with_an_empty_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    assert i18n.check() == [f"counter_app_en.ts is missing from {tmp_path}"]
    i18n.write(tmp_path / "counter_app_en.ts", "en", {})
    assert i18n.check() == ["counter_app_en.ts has no messages: run tools/i18n.py update"]


def test_english_interface(qapp: QApplication, open_window: Callable[[], MainWindow]) -> None:
    translator = install_language(qapp, "en")
    assert translator is not None
    try:
        window = open_window()
        assert window.tabs.tabText(0) == "Receive (F2)"
        assert window.receive.accept_button.text() == "Accept and print receipt (Ctrl+P)"
        assert window.connection.text() == "Sync: not connected to the provincial server"
        screenshot(window, "receive-english")
    finally:
        qapp.removeTranslator(translator)
    assert install_language(qapp, "vi") is None
