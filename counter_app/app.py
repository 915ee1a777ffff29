"""Composition root: reads the configuration, builds the objects, passes them in.

Nothing else in the program decides where files live or constructs the database;
the CLI (and later the GUI) receive a ready ``Services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs

from counter_app.core import settings as settings_file
from counter_app.core.errors import IdentityMismatch
from counter_app.core.services.context import Clock, Services, system_clock
from counter_app.core.settings import Settings
from counter_app.core.store.calendar_repo import seed_official
from counter_app.core.store.engine import Database
from counter_app.core.store.migrate import MigrationReport, upgrade
from counter_app.core.store.models import Station

APP_NAME = "QuayMotCua"
DB_FILE = "counter.sqlite3"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    settings_file: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILE

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @classmethod
    def resolve(cls, data_dir: Path | None) -> AppPaths:
        """``--data-dir`` keeps everything together; otherwise the OS's user directories."""
        if data_dir is not None:
            return cls(data_dir, data_dir / settings_file.FILE_NAME)
        return cls(
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / settings_file.FILE_NAME,
        )


def open_database(paths: AppPaths, now: datetime) -> tuple[Database, MigrationReport]:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(paths.database)
    return db, upgrade(db, paths.backups, now)


def bind_identity(db: Database, settings: Settings, now: datetime, *, rebind: bool = False) -> None:
    """Record which agency/counter owns this database, or refuse a mismatch.

    Dossier numbers depend on the counter number; silently switching it could make
    this PC issue codes from another counter's block.
    """
    with db.write() as session:
        station = session.get(Station, 1)
        if station is None:
            session.add(
                Station(
                    id=1,
                    agency_code=settings.agency_code,
                    agency_name=settings.agency_name,
                    counter_number=settings.counter_number,
                    created_at=now,
                )
            )
            return
        same = (station.agency_code, station.counter_number) == (
            settings.agency_code,
            settings.counter_number,
        )
        if not same and not rebind:
            raise IdentityMismatch(
                f"Cơ sở dữ liệu thuộc quầy {station.counter_number} của cơ quan "
                f"{station.agency_code}, nhưng cấu hình ghi quầy {settings.counter_number} của "
                f"{settings.agency_code}. Nếu thật sự chuyển quầy, chạy lại counter-app setup "
                "với --force; nếu không, sửa lại tệp cấu hình."
            )
        station.agency_code = settings.agency_code
        station.agency_name = settings.agency_name
        station.counter_number = settings.counter_number


def start(paths: AppPaths, clock: Clock = system_clock) -> Services:
    """Everything the program does before it can receive: settings, schema, identity."""
    settings = settings_file.load(paths.settings_file)
    now = clock()
    db, _ = open_database(paths, now)
    bind_identity(db, settings, now)
    year = now.astimezone(settings.timezone).year
    with db.write() as session:
        seed_official(session, range(year - 1, year + 3))  # cheap when already seeded
    return Services(db, settings, clock)
