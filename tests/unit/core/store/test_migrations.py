import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from counter_app.app import start
from counter_app.core import settings as settings_file
from counter_app.core.errors import DatabaseTooNew
from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.core.store.engine import Database
from counter_app.core.store.migrate import (
    HEAD_REVISION,
    alembic_config,
    head_revision,
    script_directory,
    upgrade,
)
from counter_app.core.store.models import Base
from counter_app.core.store.search import search
from counter_app.demo import load_demo
from counter_app.demo_settings import DEMO_SETTINGS
from counter_app.paths import AppPaths
from tests.conftest import FakeClock
from tests.helpers import reception
from tests.unit.core.store.test_printing import receive_over_new_year

NOW = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)


def test_revision_chain_is_linear() -> None:
    script = script_directory()
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    for revision in script.walk_revisions():
        assert not revision.is_merge_point
        assert not revision.is_branch_point


def test_head_revision_constant_matches_the_migrations() -> None:
    assert head_revision() == HEAD_REVISION


def test_fresh_database_migrates_without_backup(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.sqlite3")
    report = upgrade(db, tmp_path / "backups", NOW)
    assert (report.before, report.after, report.backup) == (None, head_revision(), None)
    assert upgrade(db, tmp_path / "backups", NOW).backup is None  # already current
    db.close()


def test_models_match_the_migrated_schema(db: Database) -> None:
    """The live models and the frozen migration definitions must describe one schema."""
    inspector = inspect(db.engine)
    for table in Base.metadata.sorted_tables:
        migrated = {c["name"]: c for c in inspector.get_columns(table.name)}
        assert set(migrated) == set(table.columns.keys()), table.name
        for column in table.columns:
            assert bool(migrated[column.name]["nullable"]) == column.nullable, (
                f"{table.name}.{column.name}"
            )


def migrate_to(db: Database, revision: str) -> None:
    config = alembic_config()
    with db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()


def test_older_database_is_backed_up_then_upgraded_without_loss(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.sqlite3")
    migrate_to(db, "0001")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO calendar_days VALUES ('2026-09-03', 'off', 'Nghỉ bù', 'local')"
        )
    report = upgrade(db, tmp_path / "backups", NOW)
    assert (report.before, report.after) == ("0001", head_revision())
    assert report.backup is not None and report.backup.exists()
    with sqlite3.connect(report.backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("SELECT name FROM calendar_days").fetchall() == [("Nghỉ bù",)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM calendar_days").scalar() == "Nghỉ bù"
        assert conn.exec_driver_sql("SELECT count(*) FROM print_log").scalar() == 0
    db.close()


def test_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    db = Database(tmp_path / "c.sqlite3")
    upgrade(db, tmp_path / "backups", NOW)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(DatabaseTooNew, match="phiên bản chương trình mới hơn"):
        upgrade(db, tmp_path / "backups", NOW)
    with db.engine.connect() as conn:  # and nothing was touched
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            "9999_from_the_future"
        )
    db.close()


def test_ledger_numbers_are_backfilled_in_local_years(services: Services, clock: FakeClock) -> None:
    codes = receive_over_new_year(services, clock)
    config = alembic_config()
    with services.db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
        command.upgrade(config, "head")
        conn.commit()
        numbers = conn.exec_driver_sql(
            "SELECT code, ledger_year, ledger_number FROM dossiers ORDER BY id"
        ).fetchall()
    assert numbers == [(codes[0], 2025, 1), (codes[1], 2026, 1), (codes[2], 2026, 2)]


def table_columns(conn: sqlite3.Connection, schema: str = "main") -> dict[str, list[str]]:
    """Plain tables and their columns; full-text indexes (kept by triggers) left out."""
    listed = conn.execute(f"SELECT name, sql FROM {schema}.sqlite_master WHERE type = 'table'")
    tables = dict(listed.fetchall())
    virtual = [name for name, sql in tables.items() if sql.startswith("CREATE VIRTUAL")]
    plain = [
        name
        for name in tables
        if name not in {"alembic_version", "sqlite_sequence", *virtual}
        and not any(name.startswith(f"{v}_") for v in virtual)
    ]
    return {
        table: [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info({table})")]
        for table in plain
    }


def rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple[object, ...]]:
    listed = ", ".join(columns)
    return conn.execute(f"SELECT {listed} FROM {table} ORDER BY rowid").fetchall()


def test_the_oldest_schema_with_a_counters_data_upgrades_to_head_without_loss(
    tmp_path: Path,
) -> None:
    """Data the program really writes, in a database made by migration 0001, through
    every migration to head: every row and value of 0001's columns is still there,
    and the columns added later are filled as the program would have filled them."""
    paths = AppPaths.resolve(tmp_path / "head")
    settings_file.save(DEMO_SETTINGS, paths.settings_file)
    services = start(paths, FakeClock(NOW), DEMO_SETTINGS)
    load_demo(services)  # receptions, supplements, refusals, processing, returns, outbox
    services.db.close()

    (tmp_path / "old").mkdir()
    old = Database(tmp_path / "old" / "counter.sqlite3")
    migrate_to(old, "0001")
    old.close()
    with closing(sqlite3.connect(old.path)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("ATTACH DATABASE ? AS head", (str(paths.database),))
        schema_0001 = table_columns(conn)
        for table, columns in schema_0001.items():
            listed = ", ".join(columns)
            conn.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM head.{table}")
        # The search index is written by the program beside each dossier, not by triggers.
        conn.execute(
            "INSERT INTO dossier_search (rowid, text) SELECT rowid, text FROM head.dossier_search"
        )
        conn.commit()
        before = {table: rows(conn, table, cols) for table, cols in schema_0001.items()}
        head_ledger = rows(conn, "head.dossiers", ["code", "ledger_year", "ledger_number"])
    assert len(before["dossiers"]) == 8 and len(before["outbox"]) > 8

    db = Database(old.path)
    report = upgrade(db, tmp_path / "old" / "backups", NOW)
    with db.read() as session:  # the search index is whole too
        assert [row.applicant_name for row in search(session, "nguyen van duc")] == [
            "Nguyễn Văn Đức"
        ]
    db.close()

    assert (report.before, report.after) == ("0001", HEAD_REVISION)
    assert report.backup is not None
    with closing(sqlite3.connect(old.path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table, columns in schema_0001.items():
            assert rows(conn, table, columns) == before[table], table
        assert rows(conn, "dossiers", ["code", "ledger_year", "ledger_number"]) == head_ledger
        assert set(table_columns(conn)) >= {"print_log", "sync_state", "accounts", "audit_log"}
        # Every dossier was received here: its book is this counter's, as its code says.
        books = rows(conn, "dossiers", ["code", "counter_number"])
        assert books and all(counter == int(code[-4]) for code, counter in books)
        assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
        # The center's dossiers are fetched at the next sync, open and recent first.
        assert conn.execute("SELECT records_phase FROM sync_state").fetchall() in (
            [],
            [("current",)],
        )


def test_the_sex_column_is_added_empty_and_removed_without_loss(services: Services) -> None:
    """0006 adds applicants.sex in place: earlier applicants keep every value and get
    NULL (nothing recorded it); going back to 0005 drops only that column."""
    request = reception()
    request.applicant.sex = "Nam"
    receive(services, request)
    config = alembic_config()
    with services.db.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
        columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(applicants)")]
        assert "sex" not in columns
        assert conn.exec_driver_sql("SELECT name FROM applicants").scalars().all() == [
            "Nguyễn Văn Đức"
        ]
        command.upgrade(config, "head")
        conn.commit()
        rows = conn.exec_driver_sql("SELECT name, id_number, sex FROM applicants").fetchall()
        indexes = [row[1] for row in conn.exec_driver_sql("PRAGMA index_list(applicants)")]
    assert rows == [("Nguyễn Văn Đức", "022090001234", None)]
    assert "ix_applicants_id_number" in indexes
