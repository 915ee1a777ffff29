"""The center's dossiers onto a freshly enrolled counter: loopback and a weak link.

    .venv/bin/python benchmarks/bench_center.py [--dossiers 250000] [--open 2000]
        [--runs 3] [--weak-runs 1] [--rebuild]

Builds (once, cached in benchmarks/.cache/) a provincial server database holding one
agency's ``--dossiers`` dossiers over the last two years, received at four counters,
of plausible Vietnamese applicants, ``--open`` of them not yet returned; each has
its row in the change feed, as the server's migration gives existing dossiers.
Every run copies it, starts a real ``provincial-server`` on 127.0.0.1, and enrols a
fresh counter (``counter-app enroll``, real migrations and catalog) through a TCP
proxy that counts the bytes. The counter side runs in a child process, so its peak
RSS is its own. It runs the engine's sync cycles back to back, as the program does
while history is left.

  1. loopback: time until the open and recent part is here, time until everything
     is, bytes on the wire per dossier (both directions, headers included), and the
     counter's peak RSS;
  2. the weak link (64 kbit/s, 300 ms each way, 5 % of connections reset): time
     until every open dossier and the last 30 days are here, beside the floor
     their bytes allow at that bandwidth.
"""

from __future__ import annotations

import argparse
import json
import random
import resource as rlimit
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from benchmarks.bench_sync import WEAK  # noqa: E402
from benchmarks.bench_sync import build as build_counter  # noqa: E402
from benchmarks.large_db import AGENCY, TZ, person, settings  # noqa: E402
from benchmarks.stats import summarize  # noqa: E402
from counter_app.app import start, sync_engine  # noqa: E402
from counter_app.core import settings as settings_file  # noqa: E402
from counter_app.core.domain.codes import dossier_code  # noqa: E402
from counter_app.core.resources import resource  # noqa: E402
from counter_app.core.sync import outbox  # noqa: E402
from counter_app.core.sync.protocol_records import RECENT_DAYS  # noqa: E402
from counter_app.paths import AppPaths  # noqa: E402
from provincial_server.db import ServerDatabase  # noqa: E402
from tests.netproxy import LinkProfile, TcpProxy  # noqa: E402
from tests.servers import start_server  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
BUILD_VERSION = 1
COUNTERS = 4
DAYS = 730


def portal(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%Y%m%d%H%M%S")


def build_province(path: Path, count: int, still_open: int) -> None:
    """``count`` dossiers of one agency, oldest first, their feed rows numbered alike."""
    db = ServerDatabase(str(path))
    db.upgrade()
    db.close()
    rng = random.Random(7)
    catalog = json.loads(resource("catalog", "demo_catalog.json").read_text(encoding="utf-8"))
    procedures = [p for p in catalog["procedures"] if p["components"]][:8]
    now = datetime.now(UTC)
    per_day = count // DAYS + 1
    open_every = max(1, count // still_open)
    numbers: dict[tuple[str, int], int] = {}
    books: dict[tuple[int, int], int] = {}
    rows, feed = [], []
    for i in range(count):
        day = now - timedelta(days=DAYS - i // per_day)
        received = day.replace(hour=1 + i % 9, minute=i % 60, second=i % 47)
        counter = 1 + i % COUNTERS
        local = received.astimezone(TZ)
        key = (local.strftime("%y%m%d"), counter)
        numbers[key] = numbers.get(key, 0) + 1
        books[local.year, counter] = books.get((local.year, counter), 0) + 1
        code = dossier_code(AGENCY, local.date(), counter, numbers[key])
        name, id_number, phone, address = person(rng)
        procedure = procedures[i % len(procedures)]
        is_open = i % open_every == 0
        data: dict[str, Any] = {
            "MaHoSo": code,
            "MaTTHC": procedure["code"],
            "TenTTHC": procedure["name"],
            "KenhThucHien": 1,
            "ChuHoSo": name,
            "SoGiayToChuHoSo": id_number,
            "LoaiDoiTuong": 1,
            "SoDienThoai": phone,
            "DiaChi": address,
            "TrichYeuHoSo": procedure["name"],
            "NgayTiepNhan": portal(received),
            "NgayHenTra": portal(received + timedelta(days=3)),
            "TrangThaiHoSo": 2 if is_open else 10,
            "KetQuaTiepNhan": 2,
            "DonViXuLy": procedure["processing_body"],
            "SoBo": 1,
            "LePhi": 0,
            "HinhThucTraKetQua": "counter",
            "NguoiTiepNhan": "Lê Thị Hoa",
            "GiayTo": [
                {"Ten": c["name"], "LoaiBan": c["kind"], "SoLuong": 1, "DaNop": True}
                for c in procedure["components"]
            ],
            "SoThuTu": books[local.year, counter],
        }
        if not is_open:
            data |= {
                "NgayTra": portal(received + timedelta(days=2)),
                "NguoiNhanKetQua": name,
                "XuLy": {"TrangThaiTruoc": 9, "ThoiDiemXuLy": portal(received + timedelta(days=2)),
                         "NoiDungXuLy": f"Người nhận: {name}", "NguoiXuLy": "Lê Thị Hoa",
                         "Quay": counter},
            }  # fmt: skip
        at = received.replace(tzinfo=None).isoformat(sep=" ")
        rows.append((code, AGENCY, counter, 2 if is_open else 10, json.dumps(data), at, at, i + 1))
        feed.append((i + 1, AGENCY, "dossier", "{}", at, code))
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO dossiers (code, agency, counter, status, data, received_at, updated_at,"
            " rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO changes (seq, agency, kind, payload, created_at, dossier)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            feed,
        )


def cached_province(count: int, still_open: int, rebuild: bool) -> Path:
    path = CACHE / f"province-{count}-{still_open}-v{BUILD_VERSION}.sqlite3"
    if rebuild or not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build_province(partial, count, still_open)
        partial.replace(path)
        print(f"built {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def cached_counter() -> Path:
    path = CACHE / "counter-empty.sqlite3"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        build_counter(path, 0)
    return path


# --- the counter's side, in a child process -----------------------------------------------


def pull_child(folder: Path, stop_after_current: bool) -> None:
    """Sync until the center's dossiers are here; print what it took, as JSON.

    The moment the open and recent part is complete is seen by a watcher reading the
    sync state as another process would (a cycle goes on into the history after it).
    """
    paths = AppPaths.resolve(folder)
    services = start(paths, backup=False)
    engine = sync_engine(services, paths)
    started = time.perf_counter()
    seen: dict[str, float] = {}
    stop = threading.Event()

    def watch() -> None:
        with sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True) as conn:
            while not stop.wait(0.05) and "current" not in seen:
                phase = conn.execute("SELECT records_phase FROM sync_state").fetchone()
                if phase and phase[0] != "current":
                    seen["current"] = time.perf_counter() - started

    watcher = threading.Thread(target=watch)
    watcher.start()
    cycles = 0
    try:
        while True:
            cycles += 1
            engine.run_cycle()
            with services.db.read() as session:
                phase = outbox.sync_state(session).records_phase
            if phase == "done" or (stop_after_current and phase != "current"):
                break
    finally:
        stop.set()
        watcher.join()
    with services.db.read() as session:
        dossiers = session.scalar(text("SELECT count(*) FROM dossiers"))
    peak_kb = rlimit.getrusage(rlimit.RUSAGE_SELF).ru_maxrss
    elapsed = time.perf_counter() - started
    result = {"current": seen.get("current", elapsed), "all": elapsed, "cycles": cycles}
    print(json.dumps(result | {"dossiers": dossiers, "rss_mb": peak_kb / 1024}))


def one_run(
    province: Path,
    work: Path,
    link: LinkProfile | None,
    stop_after_current: bool,
    *,
    proxied: bool = True,
) -> dict[str, Any]:
    """A fresh server on a copy of ``province`` and a fresh counter fetching from it,
    through the counting proxy (with ``link``'s profile) unless ``proxied`` is off: the
    proxy is Python too, and would take a share of the two cores from both ends."""
    work.mkdir(parents=True)
    shutil.copyfile(province, work / "province.sqlite3")
    server = start_server(str(work / "province.sqlite3"))
    proxy = TcpProxy(server.port, seed=11).start()
    try:
        folder = work / "counter"
        paths = AppPaths.resolve(folder)
        folder.mkdir()
        shutil.copyfile(cached_counter(), paths.database)
        settings_file.save(settings(), paths.settings_file)
        code = server.enrolment_code(AGENCY, 1)
        enrol = ["enroll", "--server", proxy.url if proxied else server.url, "--code", code]
        done = subprocess.run(
            [sys.executable, "-m", "counter_app", "--data-dir", str(folder), *enrol],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"enroll failed: {done.stderr}")
        proxy.profile = link or proxy.profile
        base = replace(proxy.stats)

        def moved() -> int:
            return proxy.stats.bytes_up - base.bytes_up + proxy.stats.bytes_down - base.bytes_down

        child = [sys.executable, __file__, "--child", str(folder)]
        if stop_after_current:
            child.append("--current-only")
        running = subprocess.Popen(child, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)  # fmt: skip
        # The bytes up to the moment the open and recent part is complete (the cycle
        # goes on into the history): what the floor of the weak link counts.
        at_current = watch_phase(paths.database, running, moved)
        out, err = running.communicate()
        if running.returncode != 0:
            raise SystemExit(f"the counter failed:\n{err[-3000:]}")
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        return result | {"bytes": moved(), "bytes_current": at_current}
    finally:
        proxy.stop()
        server.stop()


def watch_phase(database: Path, child: subprocess.Popen[str], moved: Callable[[], int]) -> int:
    """``moved()`` when the counter's open and recent part is complete (or it ended)."""
    while child.poll() is None:
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
                phase = conn.execute("SELECT records_phase FROM sync_state").fetchone()
        except sqlite3.OperationalError:
            phase = None  # being written: look again
        if phase and phase[0] != "current":
            return moved()
        time.sleep(0.05)  # a polling interval while the child works, not a wait for it
    return moved()


def recent_and_open(province: Path) -> int:
    since = datetime.now(UTC) - timedelta(days=RECENT_DAYS + 1)
    with sqlite3.connect(province) as conn:
        found = conn.execute(
            "SELECT count(*) FROM dossiers WHERE received_at >= ? OR status != 10",
            (since.replace(tzinfo=None).isoformat(sep=" "),),
        ).fetchone()
    return int(found[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=250_000)
    parser.add_argument("--open", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--weak-runs", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child", type=Path)
    parser.add_argument("--current-only", action="store_true")
    args = parser.parse_args()
    if args.child:
        pull_child(args.child, args.current_only)
        return
    province = cached_province(args.dossiers, args.open, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="bench-center-") as tmp:
        runs = [
            one_run(province, Path(tmp) / f"l{n}", None, False, proxied=False)
            for n in range(args.runs)
        ]
        counted = one_run(province, Path(tmp) / "counted", None, False)
        print(f"\n1. loopback: a fresh counter fetches the center's {args.dossiers:,} dossiers")
        for label, values, unit, target in (
            ("open and last 30 days here", [r["current"] for r in runs], " s", ""),
            ("everything here", [r["all"] for r in runs], " s", " (target ≤ 60 s)"),
            ("counter's peak RSS", [r["rss_mb"] for r in runs], " MB", " (≤ 250 MB)"),
            ("bytes per dossier", [counted["bytes"] / args.dossiers], " B", " (≤ 100)"),
        ):
            print(f"   {label}: {summarize(values).spread('.1f', unit)}{target}")
        assert all(r["dossiers"] == args.dossiers for r in runs), runs
        if not args.weak_runs:
            return
        first = recent_and_open(province)
        weak = [one_run(province, Path(tmp) / f"w{n}", WEAK, True) for n in range(args.weak_runs)]
        assert WEAK.bandwidth is not None
        floors = [r["bytes_current"] / WEAK.bandwidth + 3 * 2 * WEAK.delay for r in weak]
        times = [r["current"] for r in weak]
        print(f"\n2. weak link: the {first:,} open and last-30-day dossiers (target ≤ 1.3× floor)")
        print(
            "   runs (s): "
            + ", ".join(f"{t:.0f} (floor {f:.0f})" for t, f in zip(times, floors, strict=True))
        )
        ratios = [t / f for t, f in zip(times, floors, strict=True)]
        print(f"   ratio to the floor: {summarize(ratios).spread('.2f', '×')}")


if __name__ == "__main__":
    main()
