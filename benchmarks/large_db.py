"""A large synthetic counter database for the benchmarks: a million dossiers of
plausible Vietnamese people, built once and cached, migrated like a real counter's."""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from counter_app.core.domain.codes import dossier_code  # noqa: E402
from counter_app.core.domain.text import fold  # noqa: E402
from counter_app.core.resources import resource  # noqa: E402
from counter_app.core.settings import Settings  # noqa: E402
from counter_app.core.store import models as m  # noqa: E402
from counter_app.core.store.calendar_repo import seed_official  # noqa: E402
from counter_app.core.store.catalog import load_catalog  # noqa: E402
from counter_app.core.store.engine import Database  # noqa: E402
from counter_app.core.store.migrate import upgrade  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = "000.17.22.H56"
CACHE = ROOT / "benchmarks" / ".cache"
BATCH = 20_000
BUILD_VERSION = 3  # bump when the generated data changes shape

SURNAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Đoàn", 1),
    ("Lương", 1),
]
MIDDLE = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Ngọc",
    "Thanh",
    "Hữu",
    "Quang",
    "Xuân",
    "Thu",
    "Hoài",
    "Bảo",
    "Công",
    "Đình",
    "Khánh",
    "Gia",
    "Thế",
    "Hồng",
]
GIVEN = [
    "An",
    "Anh",
    "Bình",
    "Chi",
    "Cường",
    "Dũng",
    "Dung",
    "Đạt",
    "Đào",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hòa",
    "Hùng",
    "Hương",
    "Huy",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "My",
    "Nam",
    "Nga",
    "Ngọc",
    "Nhung",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thảo",
    "Thủy",
    "Trang",
    "Trung",
    "Tú",
    "Tuấn",
    "Vân",
    "Việt",
    "Vy",
    "Yến",
    "Đông",
    "Đăng",
]
PLACES = [
    "Hải Tiến",
    "Nam Hà",
    "Thanh Trì",
    "Trường Xuân",
    "Đông Tiến",
    "Hồng Hải",
    "Bắc Vọng",
    "Thanh Lân",
    "Đồng Tiến",
    "Vạn Hoa",
    "Quan Lạn",
    "Minh Châu",
]
PREFIXES = [
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "056",
    "058",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
]


def settings() -> Settings:
    return Settings.from_values(
        {"agency.code": AGENCY, "agency.name": "Trung tâm PVHCC (benchmark)", "counter.number": 1}
    )


def person(rng: random.Random) -> tuple[str, str, str, str]:
    surnames, weights = zip(*SURNAMES, strict=True)
    name = f"{rng.choices(surnames, weights)[0]} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    born = f"{rng.randint(0, 3)}{rng.randint(0, 99):02d}"
    id_number = f"0{rng.randint(1, 96):02d}{born}{rng.randint(0, 999_999):06d}"
    phone = rng.choice(PREFIXES) + f"{rng.randint(0, 9_999_999):07d}"
    address = f"Thôn {rng.choice(PLACES)}, đặc khu Cô Tô"
    return name, id_number, phone, address


def build(path: Path, count: int) -> None:
    """Fill a migrated database with ``count`` dossiers ending yesterday."""
    rng = random.Random(1)
    db = Database(path)
    now = datetime.now(UTC)
    upgrade(db, path.parent / "backups", now)
    with db.write() as session:
        load_catalog(session, resource("catalog", "demo_catalog.json"), now)
        seed_official(session, range(now.year - 4, now.year + 2))
        procedure_ids = list(session.scalars(text("SELECT id FROM procedures")))
    per_day = 900  # spread over 9 counters: 100 a counter a day
    last_day = now.astimezone(TZ).date() - timedelta(days=1)
    first_day = last_day - timedelta(days=count // per_day + 1)
    started = time.perf_counter()
    ledger_numbers: dict[int, int] = {}  # year → last number in its book
    for batch_start in range(0, count, BATCH):
        applicants, dossiers, codes, rows = [], [], [], []
        for i in range(batch_start, min(batch_start + BATCH, count)):
            day = first_day + timedelta(days=i // per_day)
            counter, n = i % 9 + 1, (i % per_day) // 9 + 1
            received = datetime(day.year, day.month, day.day, 7 + i % 9, i % 60, tzinfo=TZ)
            name, id_number, phone, address = person(rng)
            ident = i + 1
            applicants.append(
                dict(
                    id=ident,
                    applicant_type=1,
                    name=name,
                    id_number=id_number,
                    phone=phone,
                    address=address,
                    created_at=received,
                )
            )
            code = dossier_code(AGENCY, day, counter, n)
            ledger_numbers[day.year] = ledger_numbers.get(day.year, 0) + 1
            dossiers.append(
                dict(
                    id=ident,
                    code=code,
                    procedure_id=rng.choice(procedure_ids),
                    applicant_id=ident,
                    status=rng.choice((2, 4, 9, 10, 10, 10)),
                    channel=1,
                    sets_count=1,
                    summary="",
                    received_at=received,
                    appointment_at=received + timedelta(days=3),
                    received_by="Cán bộ một cửa",
                    processing_body="UBND xã",
                    return_method="counter",
                    updated_at=received,
                    ledger_year=day.year,
                    ledger_number=ledger_numbers[day.year],
                )
            )
            codes.append(
                dict(
                    code=code,
                    local_date=day,
                    counter_number=counter,
                    seq=n,
                    state="used",
                    dossier_id=ident,
                    note="",
                    issued_at=received,
                )
            )
            rows.append(
                {"id": ident, "text": " ".join(fold(p) for p in (name, address, phone, id_number))}
            )
        with db.write() as session:
            session.execute(insert(m.Applicant), applicants)
            session.execute(insert(m.Dossier), dossiers)
            session.execute(insert(m.IssuedCode), codes)
            session.execute(
                text("INSERT INTO dossier_search (rowid, text) VALUES (:id, :text)"), rows
            )
        done = min(batch_start + BATCH, count)
        print(
            f"\r  built {done:,}/{count:,} dossiers ({time.perf_counter() - started:.0f} s)",
            end="",
            flush=True,
        )
    print()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO dossier_search(dossier_search) VALUES ('optimize')")
        conn.exec_driver_sql("ANALYZE")
    db.close()
    # Fold the WAL into the main file so that copying the file copies everything.
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


def cached_build(dossiers: int, rebuild: bool = False) -> Path:
    """The cached database, built if missing and migrated to the newest schema.

    A build made before a migration is brought up to date by the real migrations,
    as a counter's database is, instead of being rebuilt from scratch.
    """
    path = CACHE / f"bench-v{BUILD_VERSION}-{dossiers}.sqlite3"
    if rebuild or not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob(path.name + "*"):
            stale.unlink()
        print(f"Building {path.name} …")
        build(path, dossiers)
    with tempfile.TemporaryDirectory() as backups:
        db = Database(path)
        report = upgrade(db, Path(backups), datetime.now(UTC))
        db.close()
    if report.before != report.after:
        print(f"Migrated {path.name}: {report.before} → {report.after}")
        raw = sqlite3.connect(path)
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a file copy must carry everything
        raw.close()
    return path
