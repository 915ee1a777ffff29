"""A supervisor's actions on the counter itself: the calendar, a backup's restore.

Settings are changed through ``Desk.apply_settings`` and refused events discarded
through ``SyncEngine.discard``; each of these checks the acting person's role here,
in the core, so the window and the command line obey the same rules.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from counter_app.core import audit
from counter_app.core.audit import AuditAction
from counter_app.core.domain.roles import Actor, Permission, require
from counter_app.core.services.context import Services
from counter_app.core.store.calendar_repo import set_day
from counter_app.core.store.safety import BackupInfo, Restored, restore

log = logging.getLogger("counter_app.services")


def set_calendar_day(services: Services, actor: Actor, day: date, kind: str, name: str) -> None:
    """A day off or an extra working day of this center (appointments follow it)."""
    require(actor, Permission.CHANGE_CALENDAR)
    with services.db.write() as session:
        set_day(session, day, kind, name)
        what = f"{day:%d/%m/%Y}: {'nghỉ' if kind == 'off' else 'làm việc'} ({name})"
        audit.append(session, actor, AuditAction.CALENDAR, at=services.clock(), detail=what)
    log.info("calendar: %s set %s by %s", day.isoformat(), kind, actor.login)


def restore_backup(
    actor: Actor, incoming: BackupInfo, database: Path, backups: Path, now: datetime
) -> Restored:
    """Put a backup in place of the live database (the caller holds the instance lock)."""
    require(actor, Permission.RESTORE_BACKUP)
    done = restore(incoming, database, backups, now, actor)
    log.info("restored %s by %s", incoming.path.name, actor.login)
    return done
