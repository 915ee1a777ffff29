"""Shared fixtures: real SQLite files built by the real Alembic migrations.

Also the suite's rule for CI: when the environment variable ``CI`` is set, a skipped
test fails the run (a green CI run must not hide a check that never ran).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from counter_app.core.domain.passwords import CHEAP, Passwords
from counter_app.core.resources import resource
from counter_app.core.services.context import Services
from counter_app.core.settings import Settings
from counter_app.core.store.calendar_repo import seed_official
from counter_app.core.store.catalog import load_catalog
from counter_app.core.store.engine import Database
from counter_app.core.store.migrate import upgrade
from tests.pdf_tools import decode_barcodes
from tests.servers import Server, fresh_db_url, start_server

pytest_plugins = ["pytester"]  # tests/test_suite_rules.py runs pytest inside pytest

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = "000.17.22.H56"


def local(*args: int) -> datetime:
    """A moment given in the center's local time."""
    return datetime(*args, tzinfo=TZ)  # type: ignore[misc]


def make_settings(counter: int = 1, agency: str = AGENCY) -> Settings:
    return Settings.from_values(
        {
            "agency.code": agency,
            "agency.name": "Trung tâm Phục vụ hành chính công đặc khu Cô Tô",
            "agency.place": "Cô Tô",
            "counter.number": counter,
            "counter.clerk": "Lê Thị Hoa",
        }
    )


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class FakeMonotonic:
    """A monotonic clock in seconds, as ``time.monotonic``, that the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated to head, with the demo catalog and official calendar."""
    folder = tmp_path_factory.mktemp("template")
    db = Database(folder / "counter.sqlite3")
    upgrade(db, folder / "backups", datetime.now(UTC))
    with db.write() as session:
        load_catalog(session, resource("catalog", "demo_catalog.json"), datetime.now(UTC))
        seed_official(session, range(2024, 2029))
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return folder / "counter.sqlite3"


def copy_db(template: Path, target_dir: Path) -> Database:
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / "counter.sqlite3"
    shutil.copyfile(template, path)
    return Database(path)


@pytest.fixture
def db(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    database = copy_db(template_db, tmp_path / "data")
    yield database
    database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local(2026, 3, 10, 9, 30))  # a Tuesday morning


@pytest.fixture
def services(db: Database, clock: FakeClock) -> Services:
    return Services(db, make_settings(), clock, passwords=Passwords(CHEAP))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A real provincial server process on 127.0.0.1 over a fresh database."""
    running = start_server(fresh_db_url(tmp_path))
    yield running
    running.stop()


# --- no silent skips in CI ---------------------------------------------------------------


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # (path, line, "Skipped: why")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """Under CI a skip is a failure that names the test and why it did not run."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} was skipped ({_skip_reason(report)}), and skips are failures "
            "when CI is set: install what it needs on the CI machine, or fix the test."
        )


def require_tools(*tools: str, hint: str) -> None:
    """Called from a fixture: a missing tool skips (fails under CI) before the test runs."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed ({hint})")


@pytest.fixture
def barcode_reader(tmp_path: Path) -> Callable[[bytes], list[str]]:
    """Decode every barcode on a PDF's first page, as a scanner would read the paper."""
    require_tools("pdftoppm", "zbarimg", hint="Debian: apt-get install poppler-utils zbar-tools")
    folder = tmp_path / "barcodes"
    folder.mkdir()
    return lambda data: decode_barcodes(data, folder)
