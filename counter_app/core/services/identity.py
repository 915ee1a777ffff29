"""Which agency and counter a database belongs to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.core import audit
from counter_app.core.errors import IdentityMismatch
from counter_app.core.settings import Settings
from counter_app.core.store.engine import Database
from counter_app.core.store.models import Station


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


def record_settings_change(
    db: Database, who: audit.Person, before: dict[str, Any], after: Settings, now: datetime
) -> list[str]:
    """An audit entry naming the settings that changed (their names, not their values:
    a clerk's name or an address is not repeated into the trail); the names, if any."""
    changed = [key for key, value in after.values().items() if before.get(key) != value]
    if changed:
        with db.write() as session:
            detail = "Đổi " + ", ".join(changed)
            audit.append(session, who, audit.AuditAction.SETTINGS, at=now, detail=detail)
    return changed
