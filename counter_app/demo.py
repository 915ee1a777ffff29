"""Demo mode: a ready-made center with the demo catalog and a few sample dossiers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from counter_app.core.domain.roles import Actor, Role
from counter_app.core.domain.status import Status
from counter_app.core.resources import resource
from counter_app.core.services.accounts import create_local_account, has_accounts
from counter_app.core.services.context import Clock, Services
from counter_app.core.services.dossiers import change_status, return_result
from counter_app.core.services.reception import receive
from counter_app.core.services.reception_json import parse_reception
from counter_app.core.store.calendar_repo import working_calendar
from counter_app.core.store.catalog import load_catalog
from counter_app.core.store.models import Dossier

CATALOG = ("catalog", "demo_catalog.json")
SAMPLES = ("catalog", "demo_dossiers.json")
# The demo's people, one per role, with the passwords README gives (local to the demo).
DEMO_ACCOUNTS = (
    ("mai.nt", "Nguyễn Thị Mai", Role.CLERK, "demo-tiep-nhan"),
    ("hoa.lt", "Lê Thị Hoa", Role.SUPERVISOR, "demo-phu-trach"),
    ("quantri", "Trần Văn Quản", Role.ADMIN, "demo-quan-tri"),
)
DEMO_CLERK = Actor("mai.nt", "Nguyễn Thị Mai", Role.CLERK)


def _fixed(moment: datetime) -> Clock:
    return lambda: moment


def load_demo(services: Services) -> int:
    """Load the demo catalog, the demo accounts and, on an empty database, the sample
    dossiers."""
    if not has_accounts(services):
        for login, name, role, password in DEMO_ACCOUNTS:
            create_local_account(services, login, name, role, password)
    with services.db.write() as session:
        load_catalog(session, resource(*CATALOG), services.clock())
        if session.scalar(select(func.count()).select_from(Dossier)):
            return 0
        calendar = working_calendar(session, services.settings)
    samples = json.loads(resource(*SAMPLES).read_text(encoding="utf-8"))
    today = services.clock().astimezone(services.settings.timezone).date()
    working_days: list[date] = []
    day = today
    while len(working_days) < 10:
        if calendar.is_working_day(day):
            working_days.append(day)
        day -= timedelta(days=1)
    for sample in samples:
        day = working_days[sample["working_days_ago"]]
        at = datetime.combine(day, time.fromisoformat(sample["at"]), services.settings.timezone)
        at = min(at, services.clock())
        timed = replace(services, clock=_fixed(at))
        result = receive(timed, parse_reception(json.dumps(sample["reception"])))
        for step in sample["then"]:
            target = Status(step)
            if target is Status.RETURNED:
                name = sample["reception"]["applicant"]["name"]
                id_number = sample["reception"]["applicant"]["id_number"]
                return_result(timed, result.code, name, id_number, DEMO_CLERK)
            else:
                change_status(timed, result.code, target, "Xử lý mẫu", "Dữ liệu mẫu")
    return len(samples)
