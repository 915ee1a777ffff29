"""``db check``: is the database sound, current and complete?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from counter_app.core.store import models as m
from counter_app.core.store.codes_repo import SequenceGap, sequence_gaps
from counter_app.core.store.engine import Database
from counter_app.core.store.migrate import current_revision, head_revision

COUNTED = {
    "Hồ sơ": m.Dossier,
    "Người nộp": m.Applicant,
    "Thủ tục": m.Procedure,
    "Ngày trong lịch": m.CalendarDay,
    "Số hồ sơ đã cấp": m.IssuedCode,
    "Sự kiện đồng bộ": m.OutboxEvent,
}


@dataclass(frozen=True)
class BrokenLinks:
    """Rows of ``table`` whose reference to ``parent`` points at no row (foreign keys)."""

    table: str
    parent: str
    rows: int


@dataclass
class CheckReport:
    integrity: list[str]
    revision: str | None
    head: str
    counts: dict[str, int]
    outbox: dict[str, int]
    gaps: list[SequenceGap] = field(default_factory=list)
    orphans: int = 0
    broken_links: list[BrokenLinks] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # province changes not applied here

    @property
    def ok(self) -> bool:
        return (
            self.integrity == ["ok"]
            and self.revision == self.head
            and not self.gaps
            and self.orphans == 0
            and not self.broken_links
        )


def check(db: Database) -> CheckReport:
    with db.read() as session:
        integrity = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
        counts = {
            label: session.scalar(select(func.count()).select_from(model)) or 0
            for label, model in COUNTED.items()
        }
        outbox = {
            state: count
            for state, count in session.execute(
                select(m.OutboxEvent.state, func.count()).group_by(m.OutboxEvent.state)
            )
        }
        # A dossier without its "received" event would never reach the province (one
        # that came from the province, rev > 0, is there already: another counter's).
        orphans = (
            session.scalar(
                select(func.count())
                .select_from(m.Dossier)
                .where(
                    m.Dossier.rev == 0,
                    ~select(m.OutboxEvent.id)
                    .where(
                        m.OutboxEvent.dossier_code == m.Dossier.code,
                        m.OutboxEvent.type == "dossier.received",
                    )
                    .exists(),
                )
            )
            or 0
        )
        gaps = sequence_gaps(session)
        skipped = list(session.scalars(select(m.SkippedChange.reason).order_by(m.SkippedChange.id)))
        # integrity_check does not look at foreign keys: a row written with them off
        # (another tool, a hand repair) can point at nothing and pass it.
        broken: dict[tuple[str, str], int] = {}
        for table, _rowid, parent, _key in session.execute(text("PRAGMA foreign_key_check")):
            broken[table, parent] = broken.get((table, parent), 0) + 1
    links = [BrokenLinks(table, parent, rows) for (table, parent), rows in sorted(broken.items())]
    return CheckReport(
        integrity,
        current_revision(db),
        head_revision(),
        counts,
        outbox,
        gaps,
        orphans,
        links,
        skipped,
    )
