from pathlib import Path

import pytest

from counter_app.core import settings as settings_file
from counter_app.core.errors import SettingsError
from counter_app.core.settings import Settings
from tests.conftest import make_settings


def test_round_trip_with_comments(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings_file.save(make_settings(3), path)
    text = path.read_text(encoding="utf-8")
    assert "# Số của quầy này trong trung tâm" in text
    assert 'periods = [\n    "07:00-11:30",' in text or 'periods = ["07:00-11:30"' in text
    loaded = settings_file.load(path)
    assert loaded == make_settings(3)
    assert loaded.timezone.key == "Asia/Ho_Chi_Minh"


def test_missing_file_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="counter-app setup"):
        settings_file.load(tmp_path / "nope.toml")


def test_syntax_error_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[agency\ncode = ", encoding="utf-8")
    with pytest.raises(SettingsError, match="không đọc được"):
        settings_file.load(path)


def test_all_problems_listed_at_once(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        '[agency]\ncode = "H56"\nname = ""\n[counter]\nnumber = 12\n'
        '[office_hours]\nperiods = ["17:00-07:00"]\ntimezone = "Mars/Olympus"\ncolour = "red"\n',
        encoding="utf-8",
    )
    with pytest.raises(SettingsError) as caught:
        settings_file.load(path)
    message = caught.value.message
    for needle in (
        "Mã cơ quan",
        "Tên cơ quan",
        "Số quầy",
        "Giờ làm việc",
        "Múi giờ",
        "office_hours.colour",
    ):
        assert needle in message


def test_counter_number_has_no_default() -> None:
    with pytest.raises(SettingsError, match="Số quầy"):
        Settings.from_values({"agency.code": "000.17.22.H56", "agency.name": "X"})


def test_wrong_types_are_refused() -> None:
    with pytest.raises(SettingsError, match="sai kiểu"):
        Settings.from_values(
            {"agency.code": "000.17.22.H56", "agency.name": "X", "counter.number": "1"}
        )
    with pytest.raises(SettingsError, match="sai kiểu"):
        Settings.from_values(
            {"agency.code": "000.17.22.H56", "agency.name": "X", "counter.number": True}
        )


def test_backups_kept_default_and_bounds() -> None:
    base = {"agency.code": "000.17.22.H56", "agency.name": "X", "counter.number": 1}
    assert Settings.from_values(base).backup_keep == 14
    assert Settings.from_values(base | {"backup.keep": 60}).values()["backup.keep"] == 60
    with pytest.raises(SettingsError, match=r"Số bản sao lưu giữ lại .* phải từ 1 đến 365"):
        Settings.from_values(base | {"backup.keep": 0})


def test_text_settings_refuse_characters_that_cannot_be_printed() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_values(
            {
                "agency.code": "000.17.22.H56",
                "agency.name": "Trung tâm\u202e",
                "agency.place": "Cô Tô\x00",
                "counter.number": 1,
                "counter.clerk": "Lê Thị Hoa 😀",
                "office_hours.timezone": "Asia/" + "x" * 10_000,
            }
        )
    message = caught.value.message
    for needle in ("(agency.name): có ký tự vô hình (mã U+202E)", "U+0000", "U+1F600", "xx…»"):
        assert needle in message
    assert len(message) < 1000
