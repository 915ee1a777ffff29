"""The real command line, in real processes, on real data directories."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from counter_app import __version__, app, cli, commands
from counter_app.core.domain.codes import parse_code
from counter_app.core.services.context import Clock, Services
from counter_app.core.store.codes_repo import skip_through
from counter_app.core.store.engine import Database
from counter_app.core.sync.protocol import Change
from counter_app.core.sync.pull import apply_changes
from counter_app.paths import AppPaths
from tests.conftest import FakeClock, local
from tests.e2e.cli_helpers import (
    ADMIN,
    ADMIN_PASSWORD,
    AGENCY,
    AS_USER,
    BIRTH,
    counter_app,
    set_up_counter,
    write_json,
)

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


CliAt = Callable[..., Ran]


@pytest.fixture
def cli_at(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> CliAt:
    """``counter-app`` run in this process with its clock pinned: the real parser, handlers,
    messages and exit codes, but a day that cannot turn between two commands."""

    def run(clock: FakeClock, data: Path, *args: str) -> Ran:
        opened: list[Services] = []

        def pinned(paths: AppPaths, _clock: Clock = clock, *rest: Any, **kw: Any) -> Services:
            services = app.start(paths, clock, *rest, **kw)
            opened.append(services)
            return services

        monkeypatch.setattr(commands, "start", pinned)
        monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PASSWORD)
        if args[:1] in AS_USER or args[:2] in AS_USER:
            args = (*args, "--user", ADMIN)
        logger = logging.getLogger("counter_app")
        handlers = list(logger.handlers)
        try:
            code = cli.main(["--data-dir", str(data), *args])
        finally:
            for services in opened:
                services.db.close()
            for handler in [h for h in logger.handlers if h not in handlers]:
                logger.removeHandler(handler)  # the log file of this run only
                handler.close()
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def test_two_counters_of_one_agency_give_different_codes(tmp_path: Path, cli_at: CliAt) -> None:
    request = write_json(tmp_path / "birth.json", BIRTH)
    clock = FakeClock(local(2026, 3, 10, 23, 59, 59))  # a second before Vietnam's midnight
    codes = []
    for counter in (1, 2):
        data = tmp_path / f"counter{counter}"
        set_up_counter(data, counter)
        done = cli_at(clock, data, "receive", "--json", str(request))
        assert done.returncode == 0, done.stderr
        codes.append(done.stdout.strip())
    first, second = (parse_code(c) for c in codes)
    assert first is not None and second is not None
    assert first.day == second.day == date(2026, 3, 10) and first.agency == second.agency
    assert codes[0] != codes[1]
    assert (first.counter, second.counter) == (1, 2)


def test_the_1000th_reception_of_a_day_is_refused_and_writes_nothing(
    tmp_path: Path, cli_at: CliAt
) -> None:
    data = tmp_path / "counter"
    set_up_counter(data, 1)
    db = Database(data / "counter.sqlite3")
    with db.write() as session:  # numbers 1001-1999 of the day, issued already
        skip_through(session, agency=AGENCY, counter=1, local_day=date(2026, 3, 10),
                     last_skipped=999, reason="kiểm thử", now=local(2026, 3, 10, 8))  # fmt: skip
    db.close()
    request = str(write_json(tmp_path / "birth.json", BIRTH))

    refused = cli_at(FakeClock(local(2026, 3, 10, 16)), data, "receive", "--json", request)

    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr == (
        "Lỗi: Quầy 1 đã dùng hết 999 số hồ sơ của ngày hôm nay. "
        "Hãy tiếp nhận tiếp tại quầy khác và báo cho bộ phận CNTT của tỉnh.\n"
    )
    with closing(sqlite3.connect(data / "counter.sqlite3")) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("dossiers", "applicants", "outbox", "issued_codes")
        ]
    assert counts == [0, 0, 0, 999]
    next_day = cli_at(FakeClock(local(2026, 3, 11, 8)), data, "receive", "--json", request)
    assert next_day.returncode == 0, next_day.stderr
    assert next_day.stdout.strip() == f"{AGENCY}-260311-1001"


def test_invalid_reception_goes_to_stderr_with_vietnamese_reasons(tmp_path: Path) -> None:
    data = tmp_path / "c"
    set_up_counter(data, 1)
    bad = dict(BIRTH, applicant=dict(BIRTH["applicant"], id_number="12345", phone="0112345678"))
    done = counter_app(data, "receive", "--json", "-", stdin=__import__("json").dumps(bad))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Số định danh cá nhân/CCCD" in done.stderr and "Số điện thoại" in done.stderr
    assert "Traceback" not in done.stderr


def test_search_check_and_backup(tmp_path: Path) -> None:
    data = tmp_path / "c"
    set_up_counter(data, 1)
    code = counter_app(
        data, "receive", "--json", str(write_json(tmp_path / "b.json", BIRTH))
    ).stdout.strip()
    found = counter_app(data, "search", "nguyen", "van", "duc")
    assert found.returncode == 0 and code in found.stdout and "Nguyễn Văn Đức" in found.stdout
    checked = counter_app(data, "db", "check")
    assert checked.returncode == 0, checked.stdout
    assert "Kiểm tra toàn vẹn: tốt" in checked.stdout and "Hồ sơ: 1" in checked.stdout
    target = tmp_path / "copy.sqlite3"
    backed = counter_app(data, "db", "backup", str(target))
    assert backed.returncode == 0 and target.exists()
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT code FROM dossiers").fetchall() == [(code,)]
    upgraded = counter_app(data, "db", "upgrade")
    assert upgraded.returncode == 0 and "mới nhất" in upgraded.stdout


def test_missing_settings_explain_setup(tmp_path: Path) -> None:
    done = counter_app(tmp_path / "empty", "search", "x")
    assert done.returncode == 1
    assert "counter-app setup" in done.stderr


def test_counter_number_cannot_silently_change(tmp_path: Path) -> None:
    data = tmp_path / "c"
    set_up_counter(data, 1)
    done = counter_app(data, "setup", "--counter", "2")
    assert done.returncode == 1 and "--force" in done.stderr
    assert counter_app(data, "setup", "--counter", "2", "--force").returncode == 0


def test_demo_start(tmp_path: Path) -> None:
    done = counter_app(tmp_path / "demo", "--demo", "status")
    assert done.returncode == 0, done.stderr
    assert "hồ sơ mẫu" in done.stdout and "Hồ sơ: 8" in done.stdout
    again = counter_app(tmp_path / "demo", "--demo", "status")  # second start adds nothing
    assert again.returncode == 0 and "hồ sơ mẫu" not in again.stdout
    found = counter_app(tmp_path / "demo", "search", "dang")
    assert "Đặng Thị Hồng" in found.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert counter_app(tmp_path, "receive").returncode == 2
    assert counter_app(tmp_path, "calendar", "set", "30/04/2026", "off", "x").returncode == 2


def test_a_reception_is_logged_in_the_data_directory_without_personal_data(
    tmp_path: Path,
) -> None:
    data = tmp_path / "counter"
    set_up_counter(data, 1)
    done = counter_app(data, "receive", "--json", str(write_json(tmp_path / "r.json", BIRTH)))
    assert done.returncode == 0, done.stderr
    code = done.stdout.strip()
    text = (data / "logs" / "counter-app.log").read_text(encoding="utf-8")
    assert f"received {code}" in text and "counter_app.services" in text
    assert "N. V. Đ." in text
    applicant = BIRTH["applicant"]
    assert isinstance(applicant, dict)
    for secret in (applicant["name"], applicant["id_number"], applicant["phone"]):
        assert secret not in text


def test_version(tmp_path: Path) -> None:
    done = counter_app(tmp_path, "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"counter-app {__version__}")


def test_db_check_names_the_skipped_changes(template_db: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "counter.sqlite3"
    database.write_bytes(template_db.read_bytes())
    db = Database(database)
    with db.write() as session:
        apply_changes(session, [Change(seq=7, kind="fees", payload={})], datetime.now(UTC))
    db.close()
    done = counter_app(data, "db", "check")
    assert done.returncode == 0, done.stderr
    assert "CẢNH BÁO: 1 thay đổi từ tỉnh không áp dụng được" in done.stdout
    assert "Thay đổi số 7 (fees)" in done.stdout
    assert "Kết luận: tốt (có 1 cảnh báo)" in done.stdout
