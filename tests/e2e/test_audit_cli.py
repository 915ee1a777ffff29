"""``counter-app audit``: the real program, its real database, tampered with by the real
``sqlite3`` command line as someone with access to the file could."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

from counter_app.paths import AppPaths
from tests.conftest import require_tools
from tests.e2e.cli_helpers import BIRTH, counter_app, set_up_counter, write_json


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    require_tools("sqlite3", hint="Debian: apt-get install sqlite3")
    folder = tmp_path / "data"
    set_up_counter(folder, 1)
    for _ in range(3):
        done = counter_app(folder, "receive", "--json", str(write_json(tmp_path / "b.json", BIRTH)))
        assert done.returncode == 0, done.stderr
    return folder


def sqlite3(data_dir: Path, sql: str) -> subprocess.CompletedProcess[str]:
    database = AppPaths.resolve(data_dir).database
    return subprocess.run(
        ["sqlite3", str(database), sql], capture_output=True, text=True, timeout=30, check=False
    )


def test_verify_passes_then_names_an_edited_entry(data_dir: Path) -> None:
    intact = counter_app(data_dir, "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    # setup's settings entry and its first admin; each reception signs in, then receives
    assert "8 mục, liền mạch" in intact.stdout
    assert "Nhật ký thao tác: Nhật ký nguyên vẹn" in counter_app(data_dir, "db", "check").stdout

    refused = sqlite3(data_dir, "UPDATE audit_log SET name = 'Người khác' WHERE seq = 3")
    assert refused.returncode != 0 and "append-only" in refused.stderr  # the triggers hold

    tampered = sqlite3(
        data_dir,
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET name = 'Người khác' WHERE seq = 3",
    )
    assert tampered.returncode == 0, tampered.stderr
    broken = counter_app(data_dir, "audit", "verify")
    assert broken.returncode == 1
    assert "tại mục số 3" in broken.stderr and "bị sửa" in broken.stderr
    checked = counter_app(data_dir, "db", "check")  # what support runs first
    assert checked.returncode == 1
    assert "Nhật ký thao tác: NHẬT KÝ BỊ THAY ĐỔI tại mục số 3" in checked.stdout


def test_verify_names_a_deleted_entry(data_dir: Path) -> None:
    tampered = sqlite3(
        data_dir, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2"
    )
    assert tampered.returncode == 0, tampered.stderr
    broken = counter_app(data_dir, "audit", "verify")
    assert broken.returncode == 1
    assert "tại mục số 2" in broken.stderr and "Thiếu mục số 2" in broken.stderr


def test_list_filters_and_exports_csv(data_dir: Path, tmp_path: Path) -> None:
    listed = counter_app(data_dir, "audit", "list", "--action", "receive", "--person", "hoa")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 3 and all("Tiếp nhận" in line for line in lines)
    assert "Nguyễn Văn Đức" not in listed.stdout  # the applicant as initials only
    out = tmp_path / "audit.csv"
    exported = counter_app(data_dir, "audit", "list", "--to", "2000-01-01", "--csv", str(out))
    assert exported.returncode == 0 and "0 mục" in exported.stdout
    with out.open(encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file)) == [
            ["Số thứ tự", "Thời gian", "Quầy", "Tài khoản", "Người thực hiện", "Hành động",
             "Mã hồ sơ", "Chi tiết", "Mã băm"]
        ]  # fmt: skip
    everything = counter_app(data_dir, "audit", "list", "--csv", str(out))
    assert "8 mục" in everything.stdout  # setup, its admin, 3 × (sign-in, reception)


def test_setup_and_calendar_changes_are_recorded(data_dir: Path) -> None:
    done = counter_app(data_dir, "calendar", "set", "2026-12-31", "off", "Nghỉ bù")
    assert done.returncode == 0, done.stderr
    calendar = counter_app(data_dir, "audit", "list", "--action", "calendar")
    assert "Đổi lịch" in calendar.stdout and "31/12/2026: nghỉ (Nghỉ bù)" in calendar.stdout
    settings = counter_app(data_dir, "audit", "list", "--action", "settings")
    assert "Đổi cài đặt" in settings.stdout and "agency.code" in settings.stdout
    assert counter_app(data_dir, "audit", "verify").returncode == 0
