"""Store benchmark: lookups, folded search and one reception on a large database.

    .venv/bin/python benchmarks/bench_store.py [--dossiers 1000000] [--samples 500] [--rebuild]

Builds (once, cached in benchmarks/.cache/) a database through the real Alembic
migrations and the real models' tables: applicants, dossiers, their issued
codes and search rows, with realistic Vietnamese names spread over three years.
Then it measures, end to end through the store layer (a fresh session each
time, results converted to plain dataclasses):

  exact code lookup, ID number lookup, folded name prefix search (50 results),
  and one full reception through the service, commit (fsync) included: for new
  applicants (distinct names, ID numbers and phones, none seen before, as a real
  day brings), and for one returning applicant whose row is reused.

It prints median and p95 in milliseconds (p95 from at least 20 samples:
benchmarks/stats.py). Run it by hand; tests do not time things.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from benchmarks.stats import MIN_P95, summarize  # noqa: E402
from counter_app.core.domain.codes import dossier_code  # noqa: E402
from counter_app.core.domain.reception import ReceptionInput  # noqa: E402
from counter_app.core.domain.text import fold  # noqa: E402
from counter_app.core.domain.validation import ApplicantInput, validate_applicant  # noqa: E402
from counter_app.core.errors import ValidationFailed  # noqa: E402
from counter_app.core.resources import resource  # noqa: E402
from counter_app.core.services.context import Services  # noqa: E402
from counter_app.core.services.reception import receive  # noqa: E402
from counter_app.core.settings import Settings  # noqa: E402
from counter_app.core.store import models as m  # noqa: E402
from counter_app.core.store import search  # noqa: E402
from counter_app.core.store.backup import backup_to  # noqa: E402
from counter_app.core.store.calendar_repo import seed_official  # noqa: E402
from counter_app.core.store.catalog import load_catalog  # noqa: E402
from counter_app.core.store.engine import Database  # noqa: E402
from counter_app.core.store.migrate import upgrade  # noqa: E402
from counter_app.core.store.safety import integrity_problems  # noqa: E402

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


def measure(fn: Callable[[], object], samples: int, warmup: int = 20) -> list[float]:
    """ms per call, ``samples`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def newcomers(db: Database, count: int, seed: int, day: date) -> list[ApplicantInput]:
    """``count`` people who never came before: distinct names, ID numbers and phones,
    none of whose ID numbers or phones are in the database, all valid on ``day``."""
    rng = random.Random(seed)
    people: list[ApplicantInput] = []
    names: set[str] = set()
    ids: set[str] = set()
    phones: set[str] = set()
    while len(people) < count:
        name, id_number, phone, address = person(rng)
        if name in names or id_number in ids or phone in phones:
            continue
        given = ApplicantInput(name=name, id_number=id_number, phone=phone, address=address)
        try:
            validate_applicant(given, day)
        except ValidationFailed:
            continue  # a generated ID number the validator refuses: draw another person
        with db.read() as session:
            known = session.execute(
                text("SELECT 1 FROM applicants WHERE id_number = :id OR phone = :phone LIMIT 1"),
                {"id": id_number, "phone": phone},
            ).first()
        if known is None:
            names.add(name)
            ids.add(id_number)
            phones.add(phone)
            people.append(given)
    return people


def typed(folded_name: str, rng: random.Random) -> str:
    """What a clerk may have typed so far when looking for this person, without accents."""
    surname, middle, given = folded_name.split()
    return rng.choice(
        [
            f"{surname} {middle} {given[:2]}",  # most of the name
            surname[: rng.randint(1, len(surname))],  # still typing the surname
            f"{surname} {given}",  # surname and given name, middle skipped
            given,  # given name only
            f"{surname} {middle} ",  # two finished words
        ]
    )


def cycling(items: list[str]) -> Iterator[str]:
    while True:
        yield from items


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


Row = tuple[str, list[float], float, str]  # label, ms per call, target ms, "median"/"p95"


def receptions(services: Services, samples: int) -> list[Row]:
    """Full receptions (commit and fsync included), on the day's clock ticking a second
    each: new applicants, as a real day mostly brings, then one person again and again.

    One counter's daily block of codes is 999 (``samples`` ≤ 900), so each series
    has its own day; the later day goes second, as the clock check requires.
    """
    warmup = 5
    today = datetime.now(TZ).replace(hour=8, minute=0, second=0, microsecond=0)

    def ticking(base: datetime) -> Services:
        ticks = iter(range(10**9))
        return replace(services, clock=lambda: base + timedelta(seconds=next(ticks)))

    first_day, second_day = ticking(today), ticking(today + timedelta(days=1))
    people = iter(newcomers(services.db, samples + warmup, 5, today.date()))

    def new_applicant() -> object:
        return receive(first_day, ReceptionInput("1.001193", next(people), clerk="Lê Thị Hoa"))

    returning = ReceptionInput(
        "1.001193",
        ApplicantInput(
            name="Nguyễn Văn Đức",
            id_number="022090001234",
            phone="0912345678",
            address="Thôn Hải Tiến, đặc khu Cô Tô",
        ),
        clerk="Lê Thị Hoa",
    )
    return [
        (
            "reception, a new applicant each",
            measure(new_applicant, samples, warmup),
            10.0,
            "median",
        ),
        (
            "reception, one returning applicant",
            measure(lambda: receive(second_day, returning), samples, warmup),
            10.0,
            "median",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.samples < MIN_P95:
        parser.error(f"--samples must be at least {MIN_P95}: the name search has a p95 target")

    path = cached_build(args.dossiers, args.rebuild)
    # Measure on a copy so receptions made here never accumulate in the cached build.
    work = CACHE / "work.sqlite3"
    for leftover in CACHE.glob("work.sqlite3*"):
        leftover.unlink()
    shutil.copyfile(path, work)
    db = Database(work)
    services = Services(db, settings())
    rng = random.Random(2)
    with db.read() as session:
        sample_ids = rng.sample(range(1, args.dossiers + 1), min(args.samples, args.dossiers))
        picked = session.execute(
            text(
                "SELECT d.code, a.id_number, a.name FROM dossiers d JOIN applicants a "
                "ON a.id = d.applicant_id WHERE d.id IN (" + ",".join(map(str, sample_ids)) + ")"
            )
        ).all()
    codes = cycling([r[0] for r in picked])
    id_numbers = cycling([r[1] for r in picked])
    queries = cycling([typed(fold(r[2]), rng) for r in picked])

    def by_code() -> object:
        with db.read() as session:
            return search.by_code(session, next(codes))

    def by_id() -> object:
        with db.read() as session:
            return search.by_id_number(session, next(id_numbers))

    def by_name() -> object:
        with db.read() as session:
            return search.by_text(session, next(queries), 50)

    rows = [
        ("exact code lookup", measure(by_code, args.samples), 2.0, "median"),
        ("ID number lookup", measure(by_id, args.samples), 2.0, "median"),
        ("folded name prefix search (50)", measure(by_name, args.samples), 15.0, "p95"),
        *receptions(services, min(args.samples, 900)),
    ]
    size = path.stat().st_size / 2**20
    print(f"\n{args.dossiers:,} dossiers, {size:.0f} MiB")
    print(f"{'operation':<36}{'n':>5}{'median ms':>10}{'p95 ms':>9}{'target ms':>15}  ok")
    for label, times, target, which in rows:
        s = summarize(times)
        value = s.median if which == "median" else s.p95
        assert value is not None  # --samples ≥ MIN_P95
        verdict = "yes" if value <= target else "NO"
        p95 = f"{s.p95:>9.3f}" if s.p95 is not None else f"{'—':>9}"
        print(f"{label:<36}{s.n:>5}{s.median:>10.3f}{p95}{target:>8.1f} {which:<6}  {verdict}")
    db.close()
    # Once per start and once per day: they grow with the file, so they are shown for scale.
    copy = CACHE / "backup-bench.sqlite3"
    check = summarize(measure(lambda: integrity_problems(work), 3, 1))
    backup = summarize(measure(lambda: backup_to(work, copy), 3, 0))
    print("once per start and once per day (too slow for a p95; shown for scale):")
    print(f"{'  start-up check (quick_check)':<36}{check.text('.0f', ' ms')}")
    print(f"{'  daily backup (online backup API)':<36}{backup.text('.0f', ' ms')}")
    for leftover in [*CACHE.glob("work.sqlite3*"), copy]:
        leftover.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
