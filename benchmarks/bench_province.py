"""Province-scale load on the provincial server over PostgreSQL.

    .venv/bin/python benchmarks/bench_province.py [--agencies 80] [--counters 4]
        [--dossiers 200] [--cycles 10] [--locks agency,table]

Starts a throwaway PostgreSQL cluster (as ``dev.py test-postgres`` does) and, for
each lock scheme, a fresh database and a real ``provincial-server`` process on
127.0.0.1. Enrols ``--agencies`` × ``--counters`` simulated counters, then runs
them all at once, each on its own thread with its own HTTP connection: a busy day
of ``--dossiers`` dossiers per agency, spread over the agency's counters, each
dossier received (2), done at the counter (2 → 9) and handed over (9 → 10), in
``--cycles`` sync cycles of push then pull (the agency's feed, as a counter pulls it).

Reports events applied per second (wall clock, all counters), the median and p95 of
one sync cycle, the answers that were not "applied", HTTP errors, and checks the
database: every dossier once and returned, every event once, one feed row per
dossier. ``--locks`` compares how feed numbers are taken: per agency (what the
server does) and one lock for every writer (what it did before; the environment
switch PROVINCIAL_FEED_LOCK=table), the "before" beside the "after".
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import requests  # noqa: E402
from sqlalchemy import text  # noqa: E402

from benchmarks.stats import summarize  # noqa: E402
from counter_app.core.domain.codes import dossier_code  # noqa: E402
from dev import postgres_bin, postgres_cluster  # noqa: E402
from provincial_server import service  # noqa: E402
from provincial_server.db import ServerDatabase  # noqa: E402
from tests.servers import start_server  # noqa: E402
from tests.wire import received, status_changed  # noqa: E402

TZ_DAY = datetime.now(UTC).date()
BUSY = 503


@dataclass
class Simulated:
    agency: str
    counter: int
    token: str
    batches: list[list[dict[str, Any]]]
    cycles: list[float] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cursor: int = 0
    pulled: int = 0
    busy: int = 0  # requests the server turned away as over its connection limit


def agency_code(n: int) -> str:
    return f"000.{10 + n:02d}.22.H56"


def day_of_events(
    agency: str, counter: int, dossiers: int, cycles: int
) -> list[list[dict[str, Any]]]:
    """The counter's events in the order it makes them, cut into ``cycles`` pushes."""
    events: list[dict[str, Any]] = []
    for n in range(1, dossiers + 1):
        code = dossier_code(agency, TZ_DAY, counter, n)
        returned = {"NgayTra": "20260310110000", "NguoiNhanKetQua": "Nguyễn Văn Đức",
                    "SoGiayToNguoiNhan": "022090001234"}  # fmt: skip
        events += [
            received(agency, counter, code, SoThuTu=n),
            status_changed(agency, counter, code, 2, 9),
            status_changed(agency, counter, code, 9, 10, **returned),
        ]
    size = -(-len(events) // cycles)
    return [events[i : i + size] for i in range(0, len(events), size)]


def run_counter(url: str, counter: Simulated, start: threading.Barrier) -> None:
    """The counter's cycles; a busy server (503: over its connection limit) is tried
    again after a pause, as a counter's sync does, and counted."""
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {counter.token}"
    rng = random.Random(counter.token)
    start.wait()
    for batch in counter.batches:
        began = time.perf_counter()
        body = gzip.compress(json.dumps({"events": batch}).encode())
        while True:
            try:
                if cycle(url, http, counter, body):
                    break
            except requests.RequestException as error:
                counter.errors.append(repr(error)[:200])
                break
            counter.busy += 1
            time.sleep(0.5 + rng.random())  # the server said: busy; a pause, then again
        counter.cycles.append(time.perf_counter() - began)


def cycle(url: str, http: requests.Session, counter: Simulated, body: bytes) -> bool:
    """Push, then pull the agency's feed; False if the server was too busy to take it."""
    gzipped = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
    pushed = http.post(f"{url}/v1/events", data=body, timeout=120, headers=gzipped)
    if pushed.status_code == BUSY:
        return False
    if pushed.status_code != 200:
        counter.errors.append(f"push {pushed.status_code}: {pushed.text[:200]}")
        return True
    # A batch sent again after a busy pull is answered "duplicate": applied once, as it must.
    counter.refused += [a["reason"] for a in pushed.json()["results"] if a["result"] == "rejected"]
    while True:
        got = http.get(f"{url}/v1/changes", params={"after": counter.cursor, "limit": 1000},
                       timeout=120)  # fmt: skip
        if got.status_code == BUSY:
            return False  # the push is in; its resend is answered "duplicate"
        if got.status_code != 200:
            counter.errors.append(f"pull {got.status_code}: {got.text[:200]}")
            return True
        page = got.json()
        counter.pulled += len(page["changes"])
        counter.cursor = page["cursor"]
        if len(page["changes"]) < 1000:
            return True


def enrolled(
    db_url: str, agencies: int, counters: int, dossiers: int, cycles: int
) -> list[Simulated]:
    db = ServerDatabase(db_url)
    db.upgrade()
    now = datetime.now(UTC)
    simulated = []
    try:
        for a in range(agencies):
            agency = agency_code(a)
            for c in range(1, counters + 1):
                code = service.create_enrolment_code(db, agency, c, now)
                token = service.enrol(db, code, now).token
                batches = day_of_events(agency, c, dossiers // counters, cycles)
                simulated.append(Simulated(agency, c, token, batches))
    finally:
        db.close()
    return simulated


def checked(db_url: str, expected_dossiers: int, expected_events: int) -> list[str]:
    db = ServerDatabase(db_url)
    try:
        with db.transaction() as session:
            facts = {
                name: session.execute(text(f"SELECT count(*) FROM {query}")).scalar()
                for name, query in (
                    ("dossiers", "dossiers"),
                    ("returned", "dossiers WHERE status = 10"),
                    ("events", "applied_events WHERE outcome = 'applied'"),
                    ("feed rows", "changes WHERE kind = 'dossier'"),
                )
            }
    finally:
        db.close()
    wanted = {"dossiers": expected_dossiers, "returned": expected_dossiers,
              "events": expected_events, "feed rows": expected_dossiers}  # fmt: skip
    return [f"{k}: {facts[k]} (expected {v})" for k, v in wanted.items() if facts[k] != v]


def one_scheme(base: str, lock: str, args: argparse.Namespace) -> None:
    name = f"province_{lock}_{int(time.time())}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    db_url = f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    counters = enrolled(db_url, args.agencies, args.counters, args.dossiers, args.cycles)
    env = {"PROVINCIAL_FEED_LOCK": lock}
    server = start_server(db_url, env=env)
    try:
        start = threading.Barrier(len(counters) + 1)
        threads = [
            threading.Thread(target=run_counter, args=(server.url, c, start)) for c in counters
        ]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.stop()
    events = sum(len(b) for c in counters for b in c.batches)
    dossiers = args.agencies * (args.dossiers // args.counters) * args.counters
    cycles = [t for c in counters for t in c.cycles]
    errors = [e for c in counters for e in c.errors]
    refused = [r for c in counters for r in c.refused]
    busy = sum(c.busy for c in counters)
    problems = checked(db_url, dossiers, events)
    print(f"\nfeed lock: {lock} ({len(counters)} counters at once, {events:,} events)")
    print(f"   events applied per second: {events / elapsed:,.0f} ({elapsed:.1f} s in all)")
    print(f"   one sync cycle (push + pull): {summarize(cycles).text('.2f', ' s')}")
    print(f"   turned away as busy (503) and tried again: {busy}")
    print(f"   HTTP errors: {len(errors)}; events rejected: {len(refused)}")
    for line in (errors + refused)[:5]:
        print(f"     {line}")
    print("   database: " + ("every dossier once, returned; every event once" if not problems
                            else "; ".join(problems)))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agencies", type=int, default=80)
    parser.add_argument("--counters", type=int, default=4)
    parser.add_argument("--dossiers", type=int, default=200, help="per agency")
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--locks", default="agency,table")
    args = parser.parse_args()
    pg = postgres_bin()
    if pg is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    print(f"load average at the start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    with postgres_cluster(pg) as base:
        for lock in args.locks.split(","):
            one_scheme(base, lock, args)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
