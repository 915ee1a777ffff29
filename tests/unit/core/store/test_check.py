"""``db check``'s report on real databases: sound, and with a row that points at nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.core.store.check import BrokenLinks, check
from tests.helpers import reception


def test_a_sound_database_passes(services: Services) -> None:
    receive(services, reception())
    report = check(services.db)
    assert report.ok and report.broken_links == [] and report.integrity == ["ok"]


def test_rows_that_point_at_nothing_are_counted_per_table(services: Services) -> None:
    for _ in range(2):
        receive(services, reception())
    # Another tool, foreign keys off as sqlite3 has them by default.
    with closing(sqlite3.connect(services.db.path)) as conn, conn:
        conn.execute("UPDATE status_history SET dossier_id = dossier_id + 100")
        conn.execute("UPDATE dossiers SET applicant_id = 77 WHERE id = 1")
    report = check(services.db)
    assert report.integrity == ["ok"]  # integrity_check alone would call it sound
    assert report.broken_links == [
        BrokenLinks("dossiers", "applicants", 1),
        BrokenLinks("status_history", "dossiers", 2),
    ]
    assert not report.ok
