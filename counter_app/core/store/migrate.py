"""Schema migrations, run from code at start-up (Alembic under ``migrations/``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from counter_app.core.errors import DatabaseTooNew
from counter_app.core.resources import migrations_dir
from counter_app.core.settings import DEFAULT_BACKUP_KEEP
from counter_app.core.store.backup import timestamped_backup
from counter_app.core.store.engine import Database, environment_errors
from counter_app.core.store.safety import BEFORE_MIGRATION, prune

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The newest revision under migrations/versions. Knowing it lets an up-to-date
# database start without importing Alembic (~80 ms); a test keeps it in step.
log = logging.getLogger("counter_app.store")

HEAD_REVISION = "0010"


@dataclass(frozen=True)
class MigrationReport:
    before: str | None
    after: str
    backup: Path | None


def alembic_config() -> Config:
    from alembic.config import Config  # noqa: PLC0415 (only when migrating)

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory  # noqa: PLC0415 (only when migrating)

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def current_revision(db: Database) -> str | None:
    with environment_errors(db.path), db.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError as error:
            if "no such table" in str(error):
                return None  # a new, empty database
            raise


def upgrade(
    db: Database, backup_folder: Path, now: datetime, keep: int = DEFAULT_BACKUP_KEEP
) -> MigrationReport:
    """Bring the database to the newest schema, backing it up first if it holds data.

    Refuses a database written by a newer program: downgrading it silently could
    drop data that version relies on.
    """
    before = current_revision(db)
    if before == HEAD_REVISION:
        return MigrationReport(before, before, None)
    from alembic import command  # noqa: PLC0415 (only when migrating)

    head = head_revision()
    if before is not None and before not in known_revisions():
        raise DatabaseTooNew(
            f"Cơ sở dữ liệu được tạo bởi phiên bản chương trình mới hơn (lược đồ {before}). "
            "Hãy cài phiên bản mới nhất của chương trình; không dùng phiên bản cũ với dữ liệu này."
        )
    if before == head:
        return MigrationReport(before, head, None)
    backup = None
    if before is not None:
        backup = timestamped_backup(db.path, backup_folder, f"{BEFORE_MIGRATION}{head}", now)
        prune(backup_folder, db.path.stem, BEFORE_MIGRATION, keep)
    config = alembic_config()
    with environment_errors(db.path), db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
    log.info("database migrated %s -> %s (backup: %s)", before, head, backup)
    return MigrationReport(before, head, backup)
