import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.core.errors import StorageEnvironmentError
from counter_app.core.store.engine import Database, classify


def test_durability_pragmas_are_set(db: Database) -> None:
    with db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_write_rolls_back_everything_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as session:
        session.execute(
            text("INSERT INTO calendar_days VALUES ('2031-01-02', 'off', 'x', 'local')")
        )
        raise RuntimeError("boom")
    with db.read() as session:
        assert (
            session.execute(
                text("SELECT count(*) FROM calendar_days WHERE day = '2031-01-02'")
            ).scalar()
            == 0
        )


def test_locked_database_is_a_typed_environment_error(db: Database) -> None:
    blocker = sqlite3.connect(db.path)
    blocker.execute("PRAGMA busy_timeout = 0")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout = 50")
            conn.commit()
        # The pool hands back the same connection with the short timeout.
        with pytest.raises(StorageEnvironmentError) as caught, db.write() as session:
            session.execute(
                text("INSERT INTO calendar_days VALUES ('2031-01-03', 'off', 'x', 'local')")
            )
        assert caught.value.kind == "locked"
        assert "khóa" in caught.value.message
    finally:
        blocker.rollback()
        blocker.close()


def test_corrupt_file_is_a_typed_environment_error(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    path.write_bytes(b"this is not a database, it is a tax form" * 100)
    db = Database(path)
    with pytest.raises(StorageEnvironmentError) as caught, db.read() as session:
        session.execute(text("SELECT * FROM dossiers"))
    assert caught.value.kind == "corrupt"
    assert "sao lưu" in caught.value.message
    db.close()


def test_programming_errors_are_not_disguised() -> None:
    assert classify(sqlite3.OperationalError("no such column: foo")) is None
    assert classify(sqlite3.OperationalError("database or disk is full")).kind == "full"  # type: ignore[union-attr]
