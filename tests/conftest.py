"""Shared fixtures: real SQLite files built by the real Alembic migrations."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from counter_app.core.resources import resource
from counter_app.core.services.context import Services
from counter_app.core.settings import Settings
from counter_app.core.store.calendar_repo import seed_official
from counter_app.core.store.catalog import load_catalog
from counter_app.core.store.engine import Database
from counter_app.core.store.migrate import upgrade
from tests.servers import Server, fresh_db_url, start_server

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
    return Services(db, make_settings(), clock)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A real provincial server process on 127.0.0.1 over a fresh database."""
    running = start_server(fresh_db_url(tmp_path))
    yield running
    running.stop()
