"""Composition root: reads the configuration, builds the objects, passes them in.

Nothing else in the program decides where files live or constructs the database;
the CLI receives a ready ``Services``, the GUI a ``Desk`` built on its worker thread.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING

from counter_app.core import settings as settings_file
from counter_app.core.errors import BackupFailed
from counter_app.core.services.context import Clock, Services, system_clock
from counter_app.core.services.desk import Desk
from counter_app.core.services.identity import bind_identity
from counter_app.core.settings import DEFAULT_BACKUP_KEEP, Settings
from counter_app.core.store.calendar_repo import seed_official
from counter_app.core.store.engine import Database
from counter_app.core.store.migrate import MigrationReport, upgrade
from counter_app.core.store.safety import check_before_use, daily_backup
from counter_app.demo import load_demo
from counter_app.paths import AppPaths

if TYPE_CHECKING:
    from counter_app.core.sync.engine import SyncEngine


def open_database(
    paths: AppPaths, now: datetime, keep: int = DEFAULT_BACKUP_KEEP
) -> tuple[Database, MigrationReport]:
    """Check the file (read-only), then open it and bring its schema up to date."""
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    check_before_use(paths.database, paths.backups)
    db = Database(paths.database)
    return db, upgrade(db, paths.backups, now, keep)


def start(
    paths: AppPaths,
    clock: Clock = system_clock,
    settings: Settings | None = None,
    *,
    backup: bool = True,
) -> Services:
    """Everything the program does before it can receive: settings, a sound and current
    database, identity; and the day's first backup unless the caller takes it later."""
    settings = settings or settings_file.load(paths.settings_file)
    now = clock()
    db, _ = open_database(paths, now, settings.backup_keep)
    bind_identity(db, settings, now)
    year = now.astimezone(settings.timezone).year
    with db.write() as session:
        seed_official(session, range(year - 1, year + 3))  # cheap when already seeded
    services = Services(db, settings, clock)
    if backup:
        try:
            daily_backup(paths.database, paths.backups, now, settings.backup_keep)
        except BackupFailed as problem:
            print(problem.message, file=sys.stderr)  # the command itself goes on
    return services


def sync_engine(services: Services, paths: AppPaths) -> SyncEngine:
    from counter_app.core.sync.engine import SyncEngine  # noqa: PLC0415 (requests: ~40 ms)

    return SyncEngine(services.db, paths.credentials, services.clock)


def open_desk(
    paths: AppPaths, settings: Settings, clock: Clock = system_clock, *, demo: bool = False
) -> Desk:
    """The GUI's start, run on its database worker once the window is painted."""
    services = start(paths, clock, settings, backup=False)  # taken once the window is ready
    if demo:
        load_demo(services)
    return Desk(services, lambda: sync_engine(services, paths), backups=paths.backups)
