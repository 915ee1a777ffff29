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
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from benchmarks.large_db import CACHE, TZ, cached_build, person, settings  # noqa: E402
from benchmarks.stats import MIN_P95, summarize  # noqa: E402
from counter_app.core.domain.reception import ReceptionInput  # noqa: E402
from counter_app.core.domain.text import fold  # noqa: E402
from counter_app.core.domain.validation import ApplicantInput, validate_applicant  # noqa: E402
from counter_app.core.errors import ValidationFailed  # noqa: E402
from counter_app.core.services.context import Services  # noqa: E402
from counter_app.core.services.reception import receive  # noqa: E402
from counter_app.core.store import search  # noqa: E402
from counter_app.core.store.backup import backup_to  # noqa: E402
from counter_app.core.store.engine import Database  # noqa: E402
from counter_app.core.store.safety import integrity_problems  # noqa: E402


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
