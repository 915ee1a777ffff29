"""The PyInstaller build: bundle size, start to a ready window, idle memory.

    python3 dev.py build
    .venv/bin/python benchmarks/bench_frozen.py [--runs 20] [--windows-wheels DIR]

Start times are process start → READY (window shown, database open, catalog
loaded), for the frozen program, the same from source, and a bare frozen PySide6
window (its first paint) as the floor; runs alternate, the first of each is dropped.
The page cache is warm (this machine may not drop it): "cold" means a new process.
Idle RSS is read from /proc two seconds after READY, the window open and idle.

--windows-wheels DIR (the win_amd64 wheels of PySide6-Essentials, shiboken6,
pypdfium2, pillow and SQLAlchemy at the pinned versions, from ``pip download``)
adds an estimate of the Windows bundle: this bundle without its Linux-only
libraries, plus the Windows builds of the same Qt and extension files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stats import summarize  # noqa: E402
from dev import FROZEN, bundle_files  # noqa: E402

BARE_BUILD = ROOT / "build" / "bench-bare"
MB = 1e6


def stats(values: list[float]) -> str:
    s = summarize(values)
    return f"median {s.median:7.1f}   {s.tail_name} {s.tail:7.1f}"


# --- size ------------------------------------------------------------------------


GROUPS = (  # (what, a test on the path relative to the bundle), first match wins
    ("ICU (Linux Qt only)", lambda rel, name: "libicu" in name),
    ("Qt and PySide6", lambda rel, name: rel.startswith(("_internal/PySide6", "_internal/shib"))),
    ("Python runtime", lambda rel, name: name.startswith("libpython") or "/lib-dynload/" in rel
        or name == "base_library.zip"),
    ("program (bootloader + compiled Python code)", lambda rel, name: rel == "counter-app"),
    ("pdfium (print preview, printing)", lambda rel, name: "pdfium" in rel),
    ("other shared libraries (X11/xcb, CUPS, OpenSSL, Pillow…)", lambda rel, name: ".so" in name),
)  # fmt: skip


def group_of(path: Path) -> str:
    relative = path.relative_to(FROZEN).as_posix()
    for name, test in GROUPS:
        if test(relative, path.name):
            return name
    return "resources, migrations, data files"


def bundle_size() -> float:
    groups: dict[str, float] = {}
    for path in bundle_files():
        groups[group_of(path)] = groups.get(group_of(path), 0) + path.stat().st_size
    total = sum(groups.values())
    print(f"\nBundle {FROZEN}: {total / MB:.1f} MB (target ≤ 120 MB)")
    for name, size in sorted(groups.items(), key=lambda item: -item[1]):
        print(f"  {size / MB:6.1f} MB  {name}")
    return total


# Windows counterparts of what build.spec keeps on Linux.
WINDOWS_KEPT = (
    "Qt6Core.dll", "Qt6Gui.dll", "Qt6Widgets.dll", "Qt6PrintSupport.dll",
    "QtCore.pyd", "QtGui.pyd", "QtWidgets.pyd", "QtPrintSupport.pyd",
    "pyside6.abi3.dll", "shiboken6.abi3.dll", "Shiboken.pyd",
    "msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll", "vcruntime140.dll",
    "vcruntime140_1.dll", "concrt140.dll",
    "plugins/platforms/qwindows.dll", "plugins/platforms/qoffscreen.dll",
    "plugins/platforms/qminimal.dll", "plugins/styles/qmodernwindowsstyle.dll",
    "plugins/imageformats/qico.dll",
    "pdfium.dll", "_imaging.", "_imagingft.", "sqlalchemy/",
)  # fmt: skip


def windows_estimate(wheels: Path, linux_total: float) -> None:
    kept = 0.0
    for wheel in sorted(wheels.glob("*win_amd64.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for item in archive.infolist():
                binary = item.filename.endswith((".dll", ".pyd"))
                if binary and any(item.filename.endswith(k) or k in item.filename
                                  for k in WINDOWS_KEPT):  # fmt: skip
                    kept += item.file_size
    linux_only = sum(
        f.stat().st_size
        for f in bundle_files()
        if group_of(f) in {"ICU (Linux Qt only)", "Qt and PySide6"}
        or (".so" in f.name and "python" not in f.name and "/lib-dynload/" not in f.as_posix()
            and "pdfium" not in f.name)
    )  # fmt: skip
    estimate = linux_total - linux_only + kept
    print(
        f"  Windows estimate: {estimate / MB:.1f} MB = {linux_total / MB:.1f} − "
        f"{linux_only / MB:.1f} (Linux Qt, ICU, system and extension libraries) + "
        f"{kept / MB:.1f} (their win_amd64 builds from {wheels})"
    )


# --- start and memory ----------------------------------------------------------------


BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
window = QLabel("Quầy Một Cửa")
window.resize(1280, 800)
window.show()
window.grab()
print("PAINTED", time.time(), flush=True)
"""


def build_bare() -> Path:
    """A bare PySide6 window frozen the same way (one folder): the floor for start time."""
    exe = BARE_BUILD / "dist" / "bare" / "bare"
    if exe.exists():
        return exe
    BARE_BUILD.mkdir(parents=True, exist_ok=True)
    script = BARE_BUILD / "bare.py"
    script.write_text(BARE, encoding="utf-8")
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    subprocess.run(
        [pyinstaller, "--noconfirm", "--onedir", "--name", "bare", "--log-level", "WARN",
         "--distpath", BARE_BUILD / "dist", "--workpath", BARE_BUILD / "work",
         "--specpath", BARE_BUILD, "--exclude-module", "tkinter", script],
        check=True,
    )  # fmt: skip
    return exe


def timed(
    command: list[str | Path], last: str, env: dict[str, str]
) -> tuple[dict[str, float], int]:
    """ms from spawn to each marker line up to ``last``; the RSS (kB) idle after READY."""
    started = time.time()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    marks: dict[str, float] = {}
    while last not in marks and (line := child.stdout.readline()):
        event, moment = line.split()
        marks[event] = (float(moment) - started) * 1000
    rss = 0
    if last == "READY" and "READY" in marks:
        time.sleep(2)  # the window open and idle
        status = Path(f"/proc/{child.pid}/status").read_text()
        rss = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmRSS")))
    child.communicate(timeout=120)
    if child.returncode != 0 or last not in marks:
        raise RuntimeError(f"{command} failed ({child.returncode}): {marks}")
    return marks, rss


def starts(runs: int) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    bare_exe = build_bare()
    with tempfile.TemporaryDirectory(prefix="bench-frozen-") as tmp:
        data = Path(tmp) / "data"
        frozen_app = [FROZEN / "counter-app", "--data-dir", data, "--quit-when-ready", "3"]
        source_app = [sys.executable, "-m", "counter_app", "--data-dir", data]
        source_app += ["--quit-when-ready", "3"]
        demo = subprocess.run(
            [*frozen_app[:3], "--demo", "--quit-when-ready"], env=env, check=False
        )
        assert demo.returncode == 0, "the demo data could not be set up"
        times: dict[str, list[float]] = {}
        rss: dict[str, list[int]] = {"frozen": [], "source": []}
        for run in range(runs + 1):
            bare, _ = timed([bare_exe], "PAINTED", env)
            frozen, frozen_rss = timed(frozen_app, "READY", env)
            source, source_rss = timed(source_app, "READY", dict(env, PYTHONPATH=str(ROOT)))
            if run == 0:
                continue  # the first start fills the page cache
            measured = {
                "bare frozen PySide6 window, painted": bare["PAINTED"],
                "counter-app frozen, window painted": frozen["PAINTED"],
                "counter-app frozen, ready (database open)": frozen["READY"],
                "counter-app from source, window painted": source["PAINTED"],
                "counter-app from source, ready": source["READY"],
            }
            for name, value in measured.items():
                times.setdefault(name, []).append(value)
            rss["frozen"].append(frozen_rss)
            rss["source"].append(source_rss)
    floor = statistics.median(times["bare frozen PySide6 window, painted"])
    print(f"\nStart, process start → window ({runs} runs each, ms; target: frozen ≤ 2× bare):")
    for name, values in times.items():
        ratio = statistics.median(values) / floor
        print(f"  {name:<42} {stats(values)}   {ratio:4.2f}× bare")
    print("\nIdle RSS 2 s after ready (MB):")
    for name, kilobytes in rss.items():
        in_mb = [v / 1024 for v in kilobytes]
        print(f"  {name:<7} {stats(in_mb)}" + ("   (target ≤ 120 MB)" if name == "frozen" else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="20 or more for a p95")
    parser.add_argument("--windows-wheels", type=Path)
    args = parser.parse_args()
    if not (FROZEN / "counter-app").exists():
        sys.exit("No frozen build: run python3 dev.py build first.")
    total = bundle_size()
    if args.windows_wheels:
        windows_estimate(args.windows_wheels, total)
    starts(args.runs)


if __name__ == "__main__":
    main()
