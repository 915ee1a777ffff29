"""Audit benchmark: the cost of one audit append inside an action's transaction.

    .venv/bin/python benchmarks/bench_audit.py [--entries 100000] [--samples 1000]

Builds a counter database through the real migrations (a temporary folder), opened
as the program opens it (WAL, synchronous=FULL, foreign keys), fills its audit log
with ``--entries`` entries through ``append`` itself, then times ``append`` alone in
``--samples`` write transactions, each also writing one print-log-sized row as an
action would; the commit (one fsync, the action's own) is timed apart. Also times
``verify`` over the whole chain. Prints median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stats import summarize  # noqa: E402
from counter_app.core.audit.trail import append, verify  # noqa: E402
from counter_app.core.services.identity import bind_identity  # noqa: E402
from counter_app.core.settings import Settings  # noqa: E402
from counter_app.core.store.engine import Database  # noqa: E402
from counter_app.core.store.migrate import upgrade  # noqa: E402
from counter_app.core.sync.wire_audit import AuditAction  # noqa: E402

START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
DETAIL = "Mẫu 01 (giấy tiếp nhận), lần đầu; người nộp N. V. A., CCCD 001******345"


def fill(db: Database, count: int) -> None:
    done, step = 0, 5000
    while done < count:
        with db.write() as session:
            for n in range(done, min(count, done + step)):
                append(
                    session,
                    "Lê Thị Hoa",
                    AuditAction.PRINT,
                    at=START + timedelta(seconds=20 * n),
                    dossier=f"000.17.22.H56-260105-1{n % 1000:03d}",
                    detail=DETAIL,
                )
        done += step


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "counter.sqlite3")
        upgrade(db, Path(folder) / "backups", START)
        settings = Settings.from_values(
            {"agency.code": "000.17.22.H56", "agency.name": "Trung tâm", "counter.number": 1}
        )
        bind_identity(db, settings, START)
        started = time.perf_counter()
        fill(db, args.entries)
        print(f"filled {args.entries} entries in {time.perf_counter() - started:.1f} s")
        with db.engine.connect() as conn:
            modes = [
                conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                for p in ("journal_mode", "synchronous")
            ]
        print(f"journal_mode={modes[0]}, synchronous={modes[1]} (2 = FULL)")

        appends, commits = [], []
        at = START + timedelta(days=30)
        for n in range(args.samples):
            session_cm = db.write()
            session = session_cm.__enter__()
            session.connection().exec_driver_sql(  # the action's own row
                "INSERT INTO calendar_seeded_years (year) VALUES (?)", (3000 + n,)
            )
            t0 = time.perf_counter()
            append(
                session,
                "Lê Thị Hoa",
                AuditAction.PRINT,
                at=at + timedelta(seconds=n),
                dossier="000.17.22.H56-260204-1001",
                detail=DETAIL,
            )
            session.flush()  # the entry's INSERT and the head's UPDATE reach SQLite here
            t1 = time.perf_counter()
            session_cm.__exit__(None, None, None)  # commit: one fsync
            t2 = time.perf_counter()
            appends.append((t1 - t0) * 1000)
            commits.append((t2 - t1) * 1000)

        with db.read() as session:
            t0 = time.perf_counter()
            check = verify(session)
            verify_s = time.perf_counter() - t0
        db.close()

    rows = [
        ("append (in the transaction, flushed)", summarize(appends)),
        ("the action's commit (fsync), for scale", summarize(commits)),
    ]
    print(f"\n{'':42} {'median ms':>10} {'p95 ms':>10}  n")
    for label, s in rows:
        print(f"{label:42} {s.median:10.3f} {s.tail:10.3f}  {s.n}")
    print(f"\nverify over {check.entries} entries: {verify_s:.2f} s ({check.message})")


if __name__ == "__main__":
    main()
