"""Sync benchmark: push throughput, bytes on the wire, and a weak island link.

    .venv/bin/python benchmarks/bench_sync.py [--events 10000] [--weak 100]
        [--runs 5] [--link-runs 20] [--schedules window,headless,none]

Builds (once, cached in benchmarks/.cache/) counter databases with ``--events`` and
``--weak`` real receptions (varied Vietnamese applicants) waiting in the outbox.
Every run gets a fresh ``provincial-server`` process on 127.0.0.1 (SQLite,
synchronous=FULL) and a fresh copy of the counter, enrolled through the real CLI
(``counter-app enroll``); the counter's engine is the one the program builds
(``counter_app.app.sync_engine``) and the bench calls only its public cycle,
probe and status. Scenarios, each run several times (every run, the median and the
range, and a p95 from 20 runs up):

  1. loopback push: one sync cycle delivering every queued event (dossiers/s),
     ``--runs`` times; CPU-bound, so the machine's load matters;
  2. bytes on the wire per dossier for that first sync, counted by a TCP proxy
     (both directions, HTTP headers included), ``--runs`` times;
  3. ``--weak`` dossiers through the proxy at 64 kbit/s, 300 ms each way, with
     5 % and then 50 % of connections reset, until the queue is empty, next to the
     floor that bandwidth and round trips allow, ``--link-runs`` times (resets
     strike at random), for each of these schedules of the cycles:
       window    the program's own SyncController (ui/sync_controller.py), run in
                 a Qt event loop: after a failed cycle the Backoff (2 s base,
                 doubling, jitter) and, while offline, a probe every 15 s;
       headless  the loop of ``counter-app sync`` itself (core/sync/loop.py, the
                 same SyncSchedule), stopped once the queue is empty;
       none      cycles back to back with no waiting: the engine's own cost,
                 which no clerk sees (what this bench measured before).

Time to drain counts from the first cycle's start to the cycle that leaves the
queue empty, waits included. The machine's load average is printed at the start
and the end. Run it by hand.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402

from benchmarks.large_db import AGENCY, person, settings  # noqa: E402
from benchmarks.stats import summarize  # noqa: E402
from counter_app.app import start, sync_engine  # noqa: E402
from counter_app.core import settings as settings_file  # noqa: E402
from counter_app.core.domain.reception import ReceptionInput  # noqa: E402
from counter_app.core.domain.validation import ApplicantInput  # noqa: E402
from counter_app.core.errors import (  # noqa: E402
    NotEnrolled,
    SyncAuthError,
    SyncOffline,
    SyncServerError,
    ValidationFailed,
)
from counter_app.core.resources import resource  # noqa: E402
from counter_app.core.services.context import Services  # noqa: E402
from counter_app.core.services.identity import bind_identity  # noqa: E402
from counter_app.core.services.reception import receive  # noqa: E402
from counter_app.core.store.calendar_repo import seed_official  # noqa: E402
from counter_app.core.store.catalog import load_catalog  # noqa: E402
from counter_app.core.store.engine import Database  # noqa: E402
from counter_app.core.store.migrate import upgrade  # noqa: E402
from counter_app.core.sync.engine import SyncEngine  # noqa: E402
from counter_app.core.sync.loop import run_forever  # noqa: E402
from counter_app.core.sync.schedule import SyncSchedule  # noqa: E402
from counter_app.core.sync.status import CycleReport  # noqa: E402
from counter_app.paths import AppPaths  # noqa: E402
from counter_app.ui.sync.sync_controller import Outcome, SyncController  # noqa: E402
from tests.netproxy import LinkProfile, TcpProxy  # noqa: E402
from tests.servers import Server, start_server  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
PROCEDURES = ["1.001193", "1.000894", "1.004884", "1.001022"]
PER_DAY = 300  # a busy center's counter; each day has its own block of numbers
WEAK = LinkProfile(bandwidth=64_000 / 8, delay=0.3, drop_rate=0.05, drop_within=12_000)
# With keep-alive a 100-dossier sync uses one or two connections, so 5 % rarely
# strikes: a harsher link shows what each reset costs.
HARSH = replace(WEAK, drop_rate=0.5)
LINKS = (
    ("weak", WEAK, "5 % of connections reset"),
    ("harsh", HARSH, "50 % of connections reset"),
)
WEAK_TARGET_SECONDS = 7.5  # for 100 dossiers over the weak link
TRIAL_TIMEOUT_SECONDS = 900.0  # a drain that takes longer is reported as a failure


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


def cached(count: int, rebuild: bool) -> Path:
    path = CACHE / f"sync-v1-{count}.sqlite3"
    if rebuild or not path.exists():
        print(f"building {path.name} ({count} receptions) …", flush=True)
        build(path, count)
    return path


@dataclass
class Counter:
    """One counter's data directory, enrolled, and the engine the program would build."""

    services: Services
    engine: SyncEngine

    def close(self) -> None:
        self.services.db.close()


def counter(cached_db: Path, folder: Path, server: Server, url: str) -> Counter:
    """A copy of the cached counter, enrolled with ``counter-app enroll`` against ``url``."""
    paths = AppPaths.resolve(folder)
    folder.mkdir(parents=True)
    shutil.copyfile(cached_db, paths.database)
    settings_file.save(settings(), paths.settings_file)
    code = server.enrolment_code(AGENCY, 1)
    enroll = ["enroll", "--server", url, "--code", code]
    enrolled = subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(folder), *enroll],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if enrolled.returncode != 0:
        raise SystemExit(f"counter-app enroll failed:\n{enrolled.stdout}{enrolled.stderr}")
    services = start(paths, backup=False)  # the enrolment took the day's backup already
    return Counter(services, sync_engine(services, paths))


def fresh_server(folder: Path) -> Server:
    folder.mkdir(parents=True, exist_ok=True)
    return start_server(str(folder / "province.sqlite3"))


# --- schedules: how cycles follow each other until the queue is empty ----------------


@dataclass
class Drain:
    seconds: float = 0.0  # first cycle's start → the cycle that left nothing pending
    cycles: int = 0
    failed: int = 0
    probes: int = 0
    in_cycles: float = 0.0  # seconds spent inside cycles and probes; the rest is waiting
    errors: list[str] = field(default_factory=list)

    @property
    def waited(self) -> float:
        return self.seconds - self.in_cycles


def counted(engine: SyncEngine, drain: Drain) -> None:
    """Count the engine's cycles and probes, and the time they take (public calls only)."""
    run_cycle, probe = engine.run_cycle, engine.probe

    def timed(call: Callable[..., Any], is_probe: bool) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                drain.in_cycles += time.perf_counter() - started
                if is_probe:
                    drain.probes += 1
                else:
                    drain.cycles += 1

        return wrapper

    engine.run_cycle = timed(run_cycle, False)  # type: ignore[method-assign]
    engine.probe = timed(probe, True)  # type: ignore[method-assign]


def window(engine: SyncEngine) -> Drain:
    """The program's SyncController schedules the cycles, in a Qt event loop, as the
    window does (ui/main_window.py attaches it once the desk is ready)."""
    drain = Drain()
    counted(engine, drain)
    controller = SyncController()
    loop = QEventLoop()

    def finished(outcome: Outcome) -> None:
        if outcome.error is not None:
            drain.failed += 1
            drain.errors.append(type(outcome.error).__name__)
            if isinstance(outcome.error, NotEnrolled | SyncAuthError):
                loop.quit()  # the controller stops trying until someone enrols again
        elif outcome.report is not None and outcome.report.complete:
            drain.seconds = time.perf_counter() - started
            loop.quit()

    controller.outcome.connect(finished)
    deadline = QTimer()  # this run's own, stopped after it (a singleShot would outlive it)
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(TRIAL_TIMEOUT_SECONDS * 1000))
    started = time.perf_counter()
    controller.attach(engine)
    loop.exec()
    deadline.stop()
    controller.shutdown()
    if not drain.seconds:
        raise SystemExit(f"the window's controller did not drain the queue: {drain}")
    return drain


def headless(engine: SyncEngine) -> Drain:
    """The loop of ``counter-app sync`` itself (core/sync/loop.py), until the queue is empty."""
    drain = Drain()
    counted(engine, drain)
    started = time.perf_counter()

    def report(done: CycleReport) -> None:
        if done.complete and not drain.seconds:
            drain.seconds = time.perf_counter() - started

    def warn(message: str) -> None:
        drain.failed += 1
        drain.errors.append(message[:60])

    def stop() -> bool:
        if time.perf_counter() - started > TRIAL_TIMEOUT_SECONDS:
            raise SystemExit(f"the headless loop did not drain the queue: {drain}")
        return bool(drain.seconds)

    def sleep(seconds: float) -> None:
        if not drain.seconds:  # drained: the loop ends at its next look, not a period later
            time.sleep(seconds)

    run_forever(engine, SyncSchedule(), report=report, warn=warn, sleep=sleep, stop=stop)
    return drain


def back_to_back(engine: SyncEngine) -> Drain:
    """Cycles with no pause between failed ones: the engine's cost alone."""
    drain = Drain()
    counted(engine, drain)
    started = time.perf_counter()
    while time.perf_counter() - started < TRIAL_TIMEOUT_SECONDS:
        try:
            if engine.run_cycle().complete:
                drain.seconds = time.perf_counter() - started
                return drain
        except (SyncOffline, SyncServerError) as error:
            drain.failed += 1
            drain.errors.append(type(error).__name__)
    raise SystemExit(f"back-to-back cycles did not drain the queue: {drain}")


SCHEDULES: dict[str, Callable[[SyncEngine], Drain]] = {
    "window": window,
    "headless": headless,
    "none": back_to_back,
}


# --- scenarios -----------------------------------------------------------------------------


def loopback(cached_db: Path, work: Path, events: int, runs: int) -> None:
    rates, wires, ups, downs = [], [], [], []
    for run in range(runs):
        server = fresh_server(work / f"s{run}")
        try:
            side = counter(cached_db, work / f"c{run}", server, server.url)
            started = time.perf_counter()
            report = side.engine.run_cycle()
            elapsed = time.perf_counter() - started
            side.close()
            assert report.delivered == events and report.complete, report
            rates.append(events / elapsed)
        finally:
            server.stop()
        server = fresh_server(work / f"p{run}")
        proxy = TcpProxy(server.port).start()
        try:
            side = counter(cached_db, work / f"pc{run}", server, proxy.url)
            base = replace(proxy.stats)  # after the enrolment
            side.engine.run_cycle()
            side.close()
            up = proxy.stats.bytes_up - base.bytes_up
            down = proxy.stats.bytes_down - base.bytes_down
            wires.append((up + down) / events)
            ups.append(up / events)
            downs.append(down / events)
        finally:
            proxy.stop()
            server.stop()
    print(f"\n1. loopback push, {events:,} dossiers in one cycle (target ≥ 3,400 dossiers/s)")
    print("   runs (dossiers/s): " + ", ".join(f"{r:,.0f}" for r in rates))
    print(f"   {summarize(rates).spread(',.0f', '/s')}")
    print(f"\n2. bytes on the wire per dossier, first sync of {events:,} (target ≤ 350)")
    print("   runs (bytes/dossier): " + ", ".join(f"{w:.1f}" for w in wires))
    print(
        f"   {summarize(wires).spread('.1f')}; up {summarize(ups).median:.1f}, "
        f"down {summarize(downs).median:.1f}"
    )


def weak_link(
    cached_db: Path, work: Path, runs: int, link: LinkProfile, schedule: str
) -> list[tuple[Drain, float, int]]:
    """Per run: how the drain went, the floor the link allows, and connections reset."""
    results = []
    for run in range(runs):
        server = fresh_server(work / f"s{run}")
        proxy = TcpProxy(server.port, seed=100 + run).start()
        try:
            side = counter(cached_db, work / f"c{run}", server, proxy.url)
            proxy.profile = link
            base = replace(proxy.stats)
            drain = SCHEDULES[schedule](side.engine)
            side.close()
            up = proxy.stats.bytes_up - base.bytes_up
            down = proxy.stats.bytes_down - base.bytes_down
            assert link.bandwidth is not None
            # Floor: one connection (1 RTT), one push and one pull (2 RTT), bytes serialised.
            floor = 3 * 2 * link.delay + (up + down) / link.bandwidth
            results.append((drain, floor, proxy.stats.dropped - base.dropped))
        finally:
            proxy.stop()
            server.stop()
    return results


def print_weak(schedule: str, results: list[tuple[Drain, float, int]]) -> None:
    times = summarize([drain.seconds for drain, _, _ in results])
    p95 = f", p95 {times.p95:.2f} s" if times.p95 is not None else ""
    failed = sum(drain.failed for drain, _, _ in results)
    waited = sum(drain.waited for drain, _, _ in results)
    print(
        f"   schedule {schedule}: {times.spread('.2f', ' s')}{p95}; target ≤ "
        f"{WEAK_TARGET_SECONDS} s; {failed} failed cycles, {waited:.1f} s waited in all"
    )
    print("     runs (s): " + " ".join(f"{drain.seconds:.2f}" for drain, _, _ in results))
    for n, (drain, floor, resets) in enumerate(results):
        if not (resets or drain.failed or drain.probes):
            continue  # one clean cycle: its time is in the list above
        errors = f" ({', '.join(sorted(set(drain.errors)))})" if drain.errors else ""
        print(
            f"     run {n}: {drain.seconds:6.2f} s = {drain.in_cycles:6.2f} s in cycles"
            f" + {drain.waited:6.2f} s waiting; {drain.cycles} cycles, {drain.failed} failed"
            f"{errors}, {drain.probes} probes, {resets} resets; floor {floor:.2f} s"
        )
    floors = summarize([floor for _, floor, _ in results])
    print(f"     floor the link allows: {floors.spread('.2f', ' s')}")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) + " (1, 5, 15 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--weak", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5, help="runs of the loopback scenarios")
    parser.add_argument(
        "--link-runs",
        type=int,
        default=20,
        help="runs of each weak-link scenario and schedule (resets strike at random); 0 skips them",
    )
    parser.add_argument(
        "--schedules",
        default="window,headless,none",
        help="weak-link schedules to run, of: " + ", ".join(SCHEDULES),
    )
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    schedules = args.schedules.split(",")
    if unknown := set(schedules) - set(SCHEDULES):
        parser.error(f"unknown schedules: {', '.join(sorted(unknown))}")
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    # Failed cycles are counted in the figures; their log warnings would only bury them.
    logging.getLogger("counter_app").setLevel(logging.ERROR)
    _app = QCoreApplication(sys.argv[:1])  # the window's controller needs an event loop
    load = os.getloadavg()
    print(
        f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} CPUs)"
    )
    big, small = cached(args.events, args.rebuild), cached(args.weak, args.rebuild)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        loopback(big, work / "loopback", args.events, args.runs)
        links = LINKS if args.link_runs > 0 else ()
        for number, (name, link, label) in enumerate(links, start=3):
            print(f"\n{number}. {args.weak} dossiers over 64 kbit/s, 300 ms each way, {label}")
            for schedule in schedules:
                results = weak_link(small, work / name / schedule, args.link_runs, link, schedule)
                print_weak(schedule, results)
    print(f"\nload average at end: {load_average()}")
    sys.stdout.flush()
    # The figures are out. Skip interpreter teardown: with the controllers' network
    # threads and Qt objects about, it once died in a C extension's refcount
    # ("bool_dealloc") while collecting garbage at exit.
    os._exit(0)


if __name__ == "__main__":
    main()
