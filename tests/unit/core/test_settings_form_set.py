"""The ``print.form_set`` setting: 2025 by default, checked, written with its help."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.core import settings as settings_file
from counter_app.core.errors import SettingsError
from counter_app.core.settings import Settings
from tests.conftest import make_settings


def test_the_2025_set_is_the_default_and_2018_can_be_chosen(tmp_path: Path) -> None:
    assert make_settings().form_set == "2025"
    chosen = Settings.from_values(make_settings().values() | {"print.form_set": "2018"})
    path = tmp_path / "settings.toml"
    settings_file.save(chosen, path)
    text = path.read_text("utf-8")
    assert 'form_set = "2018"' in text and "# Số hiệu và tên các biểu mẫu in" in text
    assert settings_file.load(path).form_set == "2018"


@pytest.mark.parametrize("value", ["2020", "", "2025 "])
def test_an_unknown_set_is_refused_with_the_choices(value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_values(make_settings().values() | {"print.form_set": value})
    assert "Bộ biểu mẫu (print.form_set)" in refused.value.message
    assert "«2018» (Thông tư 01/2018/TT-VPCP), «2025» (Thông tư 03/2025/TT-VPCP)" in (
        refused.value.message
    )
