"""Checks before use, daily backups with retention, and restore, on real SQLite files."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.core.errors import BackupFailed, DatabaseDamaged, StorageEnvironmentError
from counter_app.core.store.backup import timestamped_backup
from counter_app.core.store.engine import Database
from counter_app.core.store.safety import (
    CARRIED_NOTE,
    check_before_use,
    daily_backup,
    inspect,
    integrity_problems,
    restore,
)
from tests.conftest import local
from tests.helpers import damage_page, file_digest

NOW = local(2026, 11, 24, 7, 45)


def add_day(db: Database, day: str, name: str) -> None:
    with db.write() as session:
        session.execute(
            text("INSERT INTO calendar_days VALUES (:day, 'off', :name, 'local')"),
            {"day": day, "name": name},
        )


def issue_code(db: Database, seq: int) -> None:
    with db.write() as session:
        session.execute(
            text(
                "INSERT INTO issued_codes VALUES (:code, '2026-11-24', 1, :seq, 'used', NULL, '', "
                "'2026-11-24 01:00:00.000000')"
            ),
            {"code": f"000.17.22.H56-261124-10{seq:02d}", "seq": seq},
        )


def checkpoint(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def test_daily_backup_once_a_day_keeping_the_newest(db: Database, tmp_path: Path) -> None:
    # A day is the PC's day (backups are named in its time): start at 07:45 of a PC day,
    # so that 8 hours later is the same day in every zone the test may run in.
    start = datetime(2026, 11, 24, 7, 45).astimezone()
    folder = tmp_path / "backups"
    manual = timestamped_backup(db.path, folder, "manual", start - timedelta(days=30))
    before = timestamped_backup(db.path, folder, "before-0004", start - timedelta(days=30))
    cut_off = folder / "counter-20261020-074500-daily.sqlite3.partial"  # a power cut, long ago
    cut_off.write_bytes(b"half a copy")
    os.utime(cut_off, (0, 0))
    taken = [daily_backup(db.path, folder, start + timedelta(days=d), keep=3) for d in range(5)]
    assert all(path is not None for path in taken)
    assert daily_backup(db.path, folder, start + timedelta(days=4, hours=8), keep=3) is None
    names = sorted(p.name for p in folder.iterdir())
    kept = [f"counter-202611{day}-074500-daily.sqlite3" for day in (26, 27, 28)]
    assert names == sorted([manual.name, before.name, *kept])


def test_the_day_of_a_daily_backup_is_the_pcs_day(db: Database, tmp_path: Path) -> None:
    """Late evening and early next morning are two days, whatever zone the PC is in."""
    evening = datetime(2026, 11, 24, 23, 30).astimezone()
    folder = tmp_path / "backups"
    assert daily_backup(db.path, folder, evening, keep=3) is not None
    assert daily_backup(db.path, folder, evening + timedelta(minutes=40), keep=3) is not None
    assert daily_backup(db.path, folder, evening + timedelta(hours=8), keep=3) is None


def test_a_backup_is_one_sound_file_with_the_committed_data(db: Database, tmp_path: Path) -> None:
    add_day(db, "2026-12-31", "Nghỉ cuối năm")  # still in the -wal file, not checkpointed
    copy = daily_backup(db.path, tmp_path / "backups", NOW, keep=3)
    assert copy is not None
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]  # no -wal, no .partial
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute(
            "SELECT name FROM calendar_days WHERE day = '2026-12-31'"
        ).fetchone() == ("Nghỉ cuối năm",)
    assert integrity_problems(copy) == []


def test_a_backup_that_cannot_be_written_is_reported_not_raised_as_a_bug(
    db: Database, tmp_path: Path
) -> None:
    blocked = tmp_path / "backups"
    blocked.write_text("a file where the backup folder should be")
    with pytest.raises(BackupFailed) as caught:
        daily_backup(db.path, blocked, NOW, keep=3)
    assert "việc tiếp nhận vẫn tiếp tục" in caught.value.message


def test_a_damaged_page_is_refused_before_anything_is_written(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    sound = daily_backup(db.path, folder, NOW, keep=3)
    checkpoint(db)
    db.close()
    damage_page(db.path, page=5)
    timestamped_backup_of_damage = folder / "counter-20261125-074500-daily.sqlite3"
    timestamped_backup_of_damage.write_bytes(db.path.read_bytes())  # a later, damaged copy
    before = file_digest(db.path)

    with pytest.raises(DatabaseDamaged) as caught:
        check_before_use(db.path, folder)

    assert caught.value.kind == "corrupt"
    assert caught.value.backup == sound  # the newest copy that is itself sound
    assert f'counter-app db restore "{sound}"' in caught.value.message
    assert file_digest(db.path) == before


def test_a_file_that_is_not_a_database_is_refused_and_without_backups_says_so(
    tmp_path: Path,
) -> None:
    path = tmp_path / "counter.sqlite3"
    path.write_bytes(b"\x00garbage\x00" * 1000)
    with pytest.raises(DatabaseDamaged) as caught:
        check_before_use(path, tmp_path / "backups")
    assert caught.value.backup is None
    assert "Không có bản sao lưu nào còn tốt" in caught.value.message


def test_restore_sets_the_current_file_and_its_wal_aside(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    add_day(db, "2026-12-30", "Có trong bản sao lưu")
    copy = daily_backup(db.path, folder, NOW, keep=3)
    assert copy is not None
    add_day(db, "2026-12-31", "Chỉ có sau khi sao lưu")  # still in the -wal file
    issue_code(db, seq=7)  # a number printed on a receipt after the backup
    # What a power cut leaves: the database with a -wal file beside it.
    crashed = tmp_path / "crashed" / "counter.sqlite3"
    crashed.parent.mkdir()
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(f"{db.path}{suffix}", f"{crashed}{suffix}")
    db.close()

    done = restore(inspect(copy), crashed, folder, NOW + timedelta(hours=1))

    set_aside = done.set_aside
    assert set_aside is not None and done.carried_codes == 1
    assert not Path(f"{crashed}-wal").exists()  # it would have been replayed into the backup
    assert Path(f"{set_aside}-wal").exists()  # kept with its database: nothing is lost
    with closing(sqlite3.connect(set_aside)) as old:
        assert old.execute(
            "SELECT count(*) FROM calendar_days WHERE day = '2026-12-31'"
        ).fetchone() == (1,)
    reopened = Database(crashed)
    with reopened.read() as session:
        names = session.execute(
            text("SELECT name FROM calendar_days WHERE source = 'local' ORDER BY day")
        )
        assert [row[0] for row in names] == ["Có trong bản sao lưu"]
        # The number is never issued again: kept, as skipped, with the reason.
        carried = session.execute(text("SELECT seq, state, note FROM issued_codes")).one()
        assert carried == (7, "skipped", CARRIED_NOTE)
    reopened.close()
    assert integrity_problems(crashed) == []


def test_inspect_refuses_what_is_not_a_counter_backup(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(StorageEnvironmentError, match="không phải bản sao lưu"):
        inspect(other)
    with pytest.raises(StorageEnvironmentError, match="Không có tệp"):
        inspect(tmp_path / "missing.sqlite3")
