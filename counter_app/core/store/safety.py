"""The counter looks after its own data: a check before use, daily backups, restore.

Nobody on site can repair a database, so the program refuses to write to one that
fails its check, keeps dated copies it can go back to, and restores one safely
(the replaced file is kept, never deleted).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from counter_app.core import audit
from counter_app.core.errors import BackupFailed, DatabaseDamaged, StorageEnvironmentError
from counter_app.core.store.backup import (
    BACKUP_SUFFIX,
    backup_name,
    backup_to,
    timestamped_backup,
)
from counter_app.core.store.engine import classify

log = logging.getLogger("counter_app.store")

DAILY = "daily"
BEFORE_MIGRATION = "before-"  # followed by the target revision
REPLACED = "replaced"  # a database set aside by a restore: never pruned


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, nor checkpoint a -wal file into the database."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA quick_check`` through a read-only connection: [] when the file is sound."""
    try:
        connection = _read_only(path)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        typed = classify(error, path)
        if typed is None or typed.kind != "corrupt":
            raise (typed or error) from error
        return [str(error)]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def backups_of(folder: Path, stem: str) -> list[Path]:
    """Every backup of the database named ``stem``, oldest first (names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{stem}-*{BACKUP_SUFFIX}"))


def newest_sound_backup(folder: Path, stem: str) -> Path | None:
    for candidate in reversed(backups_of(folder, stem)):
        if not integrity_problems(candidate):
            return candidate
    return None


def damaged(path: Path, folder: Path, problems: list[str]) -> DatabaseDamaged:
    """The error for a database that failed its check, saying which backup to restore."""
    best = newest_sound_backup(folder, path.stem)
    what_to_do = (
        f'Hãy khôi phục bản sao lưu gần nhất còn tốt: counter-app db restore "{best}" '
        "(hồ sơ nhận sau thời điểm sao lưu sẽ phải nhập lại), rồi gọi bộ phận hỗ trợ."
        if best
        else "Không có bản sao lưu nào còn tốt: hãy gọi bộ phận hỗ trợ, đừng xóa tệp này."
    )
    return DatabaseDamaged(
        f"Tệp dữ liệu {path} bị hỏng ({problems[0]}). Chương trình không ghi gì thêm vào tệp "
        f"này. {what_to_do}",
        path,
        best,
    )


def check_before_use(path: Path, folder: Path) -> None:
    """Raise before anything is written if the database exists and fails its check."""
    if not path.exists():
        return  # a new counter: the migrations create it
    problems = integrity_problems(path)
    if problems:
        log.error("integrity check failed for %s: %s", path, problems[:5])
        raise damaged(path, folder, problems)


# A copy cut off by a power cut stays as NAME.partial; one this old is nobody's work.
STALE_PARTIAL_SECONDS = 24 * 3600


def prune(folder: Path, stem: str, reason_prefix: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups whose reason starts so, and
    copies that a power cut left unfinished."""
    own = [p for p in backups_of(folder, stem) if _reason(p, stem).startswith(reason_prefix)]
    removed = own[: max(len(own) - keep, 0)]
    removed += [p for p in folder.glob("*.partial") if _stale(p)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _stale(partial: Path) -> bool:
    try:
        return partial.stat().st_mtime < time.time() - STALE_PARTIAL_SECONDS
    except OSError:
        return False  # finished (renamed) by whoever was writing it


def _reason(path: Path, stem: str) -> str:
    # counter-20261124-081500-daily.sqlite3 → "daily"
    middle = path.name[len(stem) + 1 : -len(BACKUP_SUFFIX)]
    return middle.split("-", 2)[2] if middle.count("-") >= 2 else ""


def daily_backup(path: Path, folder: Path, now: datetime, keep: int) -> Path | None:
    """The first start of each (local) day copies the database; older daily copies go.

    A copy that cannot be written (a full disk) raises ``BackupFailed``: worth telling
    the clerk, never a reason to stop receiving, since the live data is intact.
    """
    if not path.exists():
        return None
    today = f"{path.stem}-{now.astimezone():%Y%m%d}-"
    if any(p.name.startswith(today) and _reason(p, path.stem) == DAILY
           for p in backups_of(folder, path.stem)):  # fmt: skip
        return None
    try:
        target = timestamped_backup(path, folder, DAILY, now)
    except (OSError, StorageEnvironmentError) as error:
        log.warning("daily backup failed: %s", error)
        reason = error.message if isinstance(error, StorageEnvironmentError) else error.strerror
        raise BackupFailed(
            f"Không sao lưu được dữ liệu hôm nay vào {folder} ({reason}). Hãy giải phóng "
            "dung lượng ổ đĩa hoặc gọi bộ phận hỗ trợ; việc tiếp nhận vẫn tiếp tục bình thường."
        ) from error
    removed = prune(folder, path.stem, DAILY, keep)
    log.info("daily backup %s (%d old ones removed)", target.name, len(removed))
    return target


# --- restore ------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    """What a database file holds, read without changing it."""

    path: Path
    revision: str | None
    agency_code: str | None
    counter_number: int | None
    dossiers: int
    last_received: str | None  # ISO text as stored (UTC)
    pending_events: int


def inspect(path: Path) -> BackupInfo:
    """Read a (backup) database; raise ``StorageEnvironmentError`` if it is not a sound one."""
    if not path.is_file():
        raise StorageEnvironmentError("missing", f"Không có tệp {path}.")
    problems = integrity_problems(path)
    if problems:
        raise StorageEnvironmentError(
            "corrupt", f"Tệp {path} bị hỏng ({problems[0]}): không dùng để khôi phục được."
        )
    connection = _read_only(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not {"alembic_version", "dossiers", "station"} <= tables:
            raise StorageEnvironmentError(
                "corrupt", f"Tệp {path} không phải bản sao lưu dữ liệu của Quầy Một Cửa."
            )

        def one(sql: str) -> Any:
            row = connection.execute(sql).fetchone()
            return row[0] if row else None

        station = connection.execute(
            "SELECT agency_code, counter_number FROM station WHERE id = 1"
        ).fetchone()
        return BackupInfo(
            path=path,
            revision=str(one("SELECT version_num FROM alembic_version")),
            agency_code=station[0] if station else None,
            counter_number=station[1] if station else None,
            dossiers=int(one("SELECT count(*) FROM dossiers") or 0),
            last_received=_text(one("SELECT max(received_at) FROM dossiers")),
            pending_events=int(one("SELECT count(*) FROM outbox WHERE state = 'pending'") or 0),
        )
    except sqlite3.Error as error:
        raise classify(error, path) or error from error
    finally:
        connection.close()


def _text(value: object) -> str | None:
    return None if value is None else str(value)


CARRIED_NOTE = "Số đã cấp trước khi khôi phục bản sao lưu; hồ sơ không có trong bản sao lưu."


def carry_issued_codes(current: Path, incoming: Path) -> int:
    """Numbers the current file had issued that the backup does not know, kept as skipped.

    A dossier number printed on a citizen's receipt must never be issued again: after
    going back to this morning's backup, the day's numbers continue after the last one
    really used. Nothing is carried if the current file cannot be read.
    """
    try:
        source = _read_only(current)
        try:
            rows = source.execute(
                "SELECT code, local_date, counter_number, seq, issued_at FROM issued_codes"
            ).fetchall()
        finally:
            source.close()
    except sqlite3.Error as error:
        log.warning("issued numbers not carried over from %s: %s", current, error)
        return 0
    target = sqlite3.connect(incoming)
    try:
        before = target.total_changes
        target.executemany(
            "INSERT OR IGNORE INTO issued_codes (code, local_date, counter_number, seq, state, "
            "dossier_id, note, issued_at) VALUES (?, ?, ?, ?, 'skipped', NULL, ?, ?)",
            [(code, day, counter, seq, CARRIED_NOTE, at) for code, day, counter, seq, at in rows],
        )
        target.commit()
        return target.total_changes - before
    finally:
        target.close()


AUDIT_COLUMNS = "seq, at, counter, login, name, action, dossier, detail, prev_hash, hash"


def _has_audit(connection: sqlite3.Connection) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_state'"
    return connection.execute(query).fetchone() is not None


def carry_audit(current: Path, incoming: Path, who: audit.Person, now: datetime, info: str) -> int:
    """The audit entries written after the backup, carried into it, then the restore's entry.

    The trail is append-only: going back to a backup must not take back what people did
    since (the province holds those entries and would refuse a chain that forks). The
    entries are carried only if the backup's chain is the start of the current one.
    Nothing is carried or written when the backup predates the trail (schema 0007 or
    older); nothing is carried when the current file cannot be read. How many carried.
    """
    target = sqlite3.connect(incoming)
    try:
        if not _has_audit(target):
            log.warning("restore: the backup predates the audit trail; no restore entry")
            return 0
        carried = _carry_entries(current, target)
        audit.append_sql(target.execute, who, audit.AuditAction.RESTORE, at=now, detail=info)
        target.commit()
        return carried
    finally:
        target.close()


def _carry_entries(current: Path, target: sqlite3.Connection) -> int:
    last_seq, last_hash = target.execute(
        "SELECT last_seq, last_hash FROM audit_state WHERE id = 1"
    ).fetchone() or (0, "")
    try:
        source = _read_only(current)
        try:
            if not _has_audit(source):
                return 0
            fork = source.execute(
                "SELECT hash FROM audit_log WHERE seq = ?", (last_seq,)
            ).fetchone()
            if last_seq and (fork is None or fork[0] != last_hash):
                log.warning("restore: the backup's audit chain is not the current one's start")
                return 0
            rows = source.execute(
                f"SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq", (last_seq,)
            ).fetchall()
            acked = source.execute("SELECT acked_seq FROM audit_state WHERE id = 1").fetchone()
        finally:
            source.close()
    except sqlite3.Error as error:
        log.warning("audit entries not carried over from %s: %s", current, error)
        return 0
    if not rows:
        return 0
    target.executemany(
        f"INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES ({', '.join('?' * 10)})", rows
    )
    target.execute(
        "UPDATE audit_state SET last_seq = ?, last_hash = ?, acked_seq = max(acked_seq, ?) "
        "WHERE id = 1",
        (rows[-1][0], rows[-1][-1], min(acked[0] if acked else 0, rows[-1][0])),
    )
    return len(rows)


@dataclass(frozen=True)
class Restored:
    set_aside: Path | None  # where the replaced file went (None if there was none)
    carried_codes: int  # numbers issued after the backup, kept so none is issued twice
    carried_audit: int = 0  # audit entries written after the backup, kept


def restore(
    backup: BackupInfo, path: Path, folder: Path, now: datetime, who: audit.Person = ""
) -> Restored:
    """Put a backup that ``inspect`` found sound in place of the database.

    The current file (damaged or not) and its -wal/-shm are moved aside into the backups
    folder first: a -wal left next to the restored file would be replayed into it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    incoming = backup_to(backup.path, path.with_name(path.name + ".restoring"))
    carried = carry_issued_codes(path, incoming) if path.exists() else 0
    info = f"Khôi phục từ bản sao lưu {backup.path.name} ({carried} số hồ sơ giữ lại)"
    kept = carry_audit(path, incoming, who, now, info)
    set_aside = None
    if path.exists():
        set_aside = folder / backup_name(path.stem, now, REPLACED)
        os.replace(path, set_aside)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            if set_aside is not None:
                os.replace(side, set_aside.with_name(set_aside.name + suffix))
            else:
                side.unlink()
    os.replace(incoming, path)
    log.warning(
        "database restored from %s; the previous one is %s; %d issued numbers carried",
        backup.path, set_aside, carried,
    )  # fmt: skip
    return Restored(set_aside, carried, kept)
