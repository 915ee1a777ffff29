"""Choosing the form set in the settings dialog."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from counter_app.ui.app.settings_dialog import SettingsDialog
from tests.conftest import make_settings


def test_the_dialog_offers_both_sets_newest_first(qtbot: QtBot) -> None:
    dialog = SettingsDialog(make_settings())
    qtbot.addWidget(dialog)
    combo = dialog.form_set
    assert [combo.itemData(i) for i in range(combo.count())] == ["2025", "2018"]
    assert combo.currentData() == "2025"
    assert combo.itemText(1) == "2018 — Thông tư 01/2018/TT-VPCP"
    combo.setCurrentIndex(1)
    dialog.accept()
    assert dialog.result_settings is not None
    assert dialog.result_settings.form_set == "2018"
