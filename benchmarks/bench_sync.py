"""Sync benchmark: push throughput, bytes on the wire, and a weak island link.

    .venv/bin/python benchmarks/bench_sync.py [--events 10000] [--weak 100] [--trials 7]

Builds (once, cached in benchmarks/.cache/) a counter database with ``--events``
real receptions (varied Vietnamese applicants) waiting in the outbox. Then, against
a real ``provincial-server`` process on 127.0.0.1 (SQLite, synchronous=FULL):

  1. loopback push: one sync cycle delivering every queued event (dossiers/s);
  2. bytes on the wire per dossier for that first sync, counted by a TCP proxy
     (both directions, HTTP headers included);
  3. ``--weak`` dossiers through the proxy at 64 kbit/s, 300 ms each way and 5 %
     of connections reset, next to the floor that bandwidth and round trips allow.

Prints median and p95 where there are several trials. Run it by hand.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_store import AGENCY, person, settings  # noqa: E402
from counter_app.core.domain.reception import ReceptionInput  # noqa: E402
from counter_app.core.domain.validation import ApplicantInput  # noqa: E402
from counter_app.core.errors import SyncOffline, SyncServerError, ValidationFailed  # noqa: E402
from counter_app.core.resources import resource  # noqa: E402
from counter_app.core.services.context import Services  # noqa: E402
from counter_app.core.services.identity import bind_identity  # noqa: E402
from counter_app.core.services.reception import receive  # noqa: E402
from counter_app.core.store.calendar_repo import seed_official  # noqa: E402
from counter_app.core.store.catalog import load_catalog  # noqa: E402
from counter_app.core.store.engine import Database  # noqa: E402
from counter_app.core.store.migrate import upgrade  # noqa: E402
from counter_app.core.sync.client import Timeouts  # noqa: E402
from counter_app.core.sync.engine import SyncEngine  # noqa: E402
from tests.netproxy import LinkProfile, TcpProxy  # noqa: E402
from tests.servers import Server, start_server  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
PROCEDURES = ["1.001193", "1.000894", "1.004884", "1.001022"]
PER_DAY = 300  # a busy center's counter; each day has its own block of numbers
WEAK = LinkProfile(bandwidth=64_000 / 8, delay=0.3, drop_rate=0.05, drop_within=12_000)
# With keep-alive a 100-dossier sync uses one or two connections, so 5 % rarely
# strikes: a harsher run shows what each reset costs.
HARSH = replace(WEAK, drop_rate=0.5)


def build(path: Path, count: int) -> None:
    """``count`` receptions through the real service, spread over the last weeks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = Database(partial)
    start = datetime.now(UTC) - timedelta(days=count // PER_DAY + 2)
    upgrade(db, path.parent / "backups", start)
    with db.write() as session:
        load_catalog(session, resource("catalog", "demo_catalog.json"), start)
        seed_official(session, range(start.year - 1, start.year + 2))
    bind_identity(db, settings(), start)
    rng = random.Random(4)
    services = Services(db, settings())
    made = 0
    while made < count:
        name, id_number, phone, address = person(rng)
        moment = start + timedelta(days=made // PER_DAY, seconds=(made % PER_DAY) * 60)
        request = ReceptionInput(
            rng.choice(PROCEDURES),
            ApplicantInput(name=name, id_number=id_number, phone=phone, address=address),
            clerk="Lê Thị Hoa",
        )
        try:
            receive(replace(services, clock=lambda m=moment: m), request)
        except ValidationFailed:
            continue  # a generated ID number the validator refuses: draw another person
        made += 1
    db.close()
    raw = sqlite3.connect(partial)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    partial.rename(path)


def counter_copy(cached: Path, folder: Path, server: Server, url: str, keep: int) -> SyncEngine:
    folder.mkdir(parents=True)
    shutil.copyfile(cached, folder / "counter.sqlite3")
    raw = sqlite3.connect(folder / "counter.sqlite3")
    raw.execute("UPDATE outbox SET state = 'delivered' WHERE id > ?", (keep,))
    raw.commit()
    raw.close()
    db = Database(folder / "counter.sqlite3")
    engine = SyncEngine(db, folder / "device.json", timeouts=Timeouts(read=30.0, total=120.0))
    engine.enrol(url, server.enrolment_code(AGENCY, 1), AGENCY, 1, None)
    return engine


def fresh_server(folder: Path) -> Server:
    folder.mkdir(parents=True, exist_ok=True)
    return start_server(str(folder / "province.sqlite3"))


def drain(engine: SyncEngine) -> int:
    """Cycles until delivered (no pause between failed ones); how many failed."""
    failed = 0
    while True:
        try:
            if engine.run_cycle().complete:
                return failed
        except (SyncOffline, SyncServerError):
            failed += 1


def loopback(cached: Path, work: Path, events: int) -> None:
    server = fresh_server(work / "s1")
    try:
        engine = counter_copy(cached, work / "c1", server, server.url, events)
        started = time.perf_counter()
        report = engine.run_cycle()
        elapsed = time.perf_counter() - started
        assert report.delivered == events and report.complete, report
        print(f"loopback push, {events} dossiers: {elapsed:.2f} s = {events / elapsed:,.0f}/s")
        print("  (target ≥ 3,400 dossiers/s)")
    finally:
        server.stop()
    server = fresh_server(work / "s2")
    proxy = TcpProxy(server.port).start()
    try:
        engine = counter_copy(cached, work / "c2", server, proxy.url, events)
        before = proxy.stats.bytes_up + proxy.stats.bytes_down  # the enrolment
        engine.run_cycle()
        wire = proxy.stats.bytes_up + proxy.stats.bytes_down - before
        print(
            f"bytes on the wire, first sync: {wire / events:.0f} bytes/dossier "
            f"(up {proxy.stats.bytes_up / events:.0f}, down {proxy.stats.bytes_down / events:.0f};"
            " target ≤ 350)"
        )
    finally:
        proxy.stop()
        server.stop()


def weak_link(
    cached: Path, work: Path, count: int, trials: int, *, link: LinkProfile, label: str
) -> None:
    times, failures, floors, resets = [], [], [], 0
    for trial in range(trials):
        server = fresh_server(work / f"w{trial}")
        proxy = TcpProxy(server.port, seed=100 + trial).start()
        try:
            engine = counter_copy(cached, work / f"wc{trial}", server, proxy.url, count)
            proxy.profile = link
            base = replace(proxy.stats)
            started = time.perf_counter()
            failures.append(drain(engine))
            times.append(time.perf_counter() - started)
            resets += proxy.stats.dropped - base.dropped
            up = proxy.stats.bytes_up - base.bytes_up
            down = proxy.stats.bytes_down - base.bytes_down
            rtt = 2 * link.delay
            # Floor: one connection (1 RTT), one push and one pull (2 RTT), bytes serialised.
            assert link.bandwidth is not None
            floors.append(3 * rtt + (up + down) / link.bandwidth)
        finally:
            proxy.stop()
            server.stop()
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{count} dossiers over 64 kbit/s, 300 ms each way, {label} ({trials} trials): "
        f"median {statistics.median(times):.2f} s, p95 {p95:.2f} s, worst {times[-1]:.2f} s; "
        f"floor {statistics.median(floors):.2f} s; connections reset {resets}, "
        f"failed cycles {sum(failures)} (target ≤ 7.5 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--weak", type=int, default=100)
    parser.add_argument("--trials", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    cached = CACHE / f"sync-v1-{args.events}.sqlite3"
    if args.rebuild or not cached.exists():
        print(f"building {cached.name} ({args.events} receptions) …", flush=True)
        build(cached, args.events)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        loopback(cached, work, args.events)
        for name, link, label in (
            ("weak", WEAK, "5 % of connections reset"),
            ("harsh", HARSH, "50 % of connections reset"),
        ):
            weak_link(cached, work / name, args.weak, args.trials, link=link, label=label)


if __name__ == "__main__":
    main()
