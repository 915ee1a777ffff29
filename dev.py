#!/usr/bin/env python3
"""One entry point for developers and CI: sets up the pinned venv, then runs a task.

    python3 dev.py demo    set up, then start the counter app on a demo database
    python3 dev.py test    set up, then run the whole test suite
    python3 dev.py lint    set up, then ruff and mypy --strict
    python3 dev.py lock    rebuild requirements/constraints.txt from pyproject.toml
    python3 dev.py build   set up, then build dist/counter-app/ with PyInstaller (build.spec)
    python3 dev.py frozen  build, then run the frozen program's self-test and a window start

Only the standard library is used here, so it runs on a fresh machine with Python.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
STAMP = VENV / ".installed-stamp"
DEMO_DATA = ROOT / "demo-data"


def venv_bin(name: str, venv: Path = VENV) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return venv / scripts / f"{name}{suffix}"


def run(*args: str | Path, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def check(*args: str | Path) -> None:
    code = run(*args)
    if code != 0:
        sys.exit(code)


def wanted_stamp() -> str:
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", CONSTRAINTS):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def setup() -> None:
    """Create .venv and install the pinned dependencies, unless already current."""
    stamp = wanted_stamp()
    if STAMP.exists() and STAMP.read_text() == stamp:
        return
    if not venv_bin("python").exists():
        check(sys.executable, "-m", "venv", VENV)
    pip = (venv_bin("python"), "-m", "pip")
    check(*pip, "install", "--quiet", "-c", CONSTRAINTS, "-e", ".[dev,server,build]")
    STAMP.write_text(stamp)


def task_demo(extra: list[str]) -> int:
    return run(venv_bin("counter-app"), "--data-dir", DEMO_DATA, "--demo", *extra)


# Debian packages that some tests use: to read our PDFs back like a scanner would, and
# (sqlite3) to tamper with the audit log as someone with the file could.
SYSTEM_TOOLS = {"zbarimg": "zbar-tools", "pdftoppm": "poppler-utils", "sqlite3": "sqlite3"}


def in_ci() -> bool:
    """CI is set (any value but empty, 0, false or no): then nothing may be skipped."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def install_system_tools() -> bool:
    """Install missing tools with apt when we may.

    False if some are still missing and CI is set: the run must fail, not skip them.
    """
    missing = sorted({pkg for tool, pkg in SYSTEM_TOOLS.items() if not shutil.which(tool)})
    if not missing:
        return True
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if shutil.which("apt-get") and is_root:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        if run("apt-get", "install", "-y", "-qq", *missing, env=env) == 0:
            return True
    advice = f"install with: sudo apt-get install {' '.join(missing)}"
    if in_ci():
        print(
            f"error: {', '.join(missing)} could not be installed, and CI is set: the "
            f"tests that need them cannot run ({advice})",
            file=sys.stderr,
            flush=True,
        )
        return False
    print(
        f"note: {', '.join(missing)} not installed; tests that need them will be skipped "
        f"({advice})",
        flush=True,
    )
    return True


def task_test(extra: list[str]) -> int:
    if not install_system_tools():
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return run(venv_bin("python"), "-m", "pytest", *extra, env=env)


# The provincial server's tests again, over a real PostgreSQL this script starts.
PG_TESTS = ["tests/provincial_server", "tests/e2e/test_sync.py", "tests/e2e/test_sync_faults.py",
            "tests/e2e/test_usb_bundle.py", "tests/e2e/test_enrolment.py",
            "tests/e2e/test_center.py", "tests/e2e/test_audit_sync.py"]  # fmt: skip


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found and shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "postgresql", env=env)
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@contextmanager
def postgres_cluster(pg: Path) -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (fsync off); yields its URL."""
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    with tempfile.TemporaryDirectory(prefix="pg-") as tmp:
        if as_postgres:
            shutil.chown(tmp, "postgres")
        data = Path(tmp) / "data"
        check(*as_postgres, pg / "initdb", "-D", data, "-U", "postgres", "--auth=trust",
              "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
        check(*as_postgres, pg / "pg_ctl", "-D", data, "-l", Path(tmp) / "log", "-w",
              "-o", options, "start")  # fmt: skip
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}"
        finally:
            run(*as_postgres, pg / "pg_ctl", "-D", data, "-m", "fast", "stop")


def task_test_postgres(extra: list[str]) -> int:
    """A throwaway PostgreSQL cluster on 127.0.0.1, then PG_TESTS against it."""
    pg = postgres_bin()
    if pg is None:
        print("PostgreSQL is not installed (apt-get install postgresql)", file=sys.stderr)
        return 1
    with postgres_cluster(pg) as url:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PROVINCIAL_TEST_PG=url)
        return run(venv_bin("python"), "-m", "pytest", *PG_TESTS, *extra, env=env)


def task_lint(extra: list[str]) -> int:
    py = venv_bin("python")
    failures = 0
    failures += run(py, "-m", "ruff", "check", ".") != 0
    failures += run(py, "-m", "ruff", "format", "--check", ".") != 0
    failures += run(py, "-m", "mypy", "counter_app", "provincial_server", *extra) != 0
    return 1 if failures else 0


def task_lock(extra: list[str]) -> int:
    """Resolve pyproject's ranges afresh in a scratch venv and freeze them."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "venv"
        check(sys.executable, "-m", "venv", scratch)
        check(venv_bin("python", scratch), "-m", "pip", "install", "--quiet", ".[dev,server,build]")
        frozen = subprocess.check_output(
            [str(venv_bin("python", scratch)), "-m", "pip", "freeze", "--exclude-editable"],
            text=True,
        )
    lines = [ln for ln in frozen.splitlines() if ln and not ln.startswith("counter-app")]
    header = (
        "# Exact pins for every install (dev.py, CI, and later the PyInstaller build).\n"
        "# Regenerate: python3 dev.py lock\n"
    )
    CONSTRAINTS.write_text(header + "\n".join(lines) + "\n")
    shutil.rmtree(VENV, ignore_errors=True)
    return 0


DIST = ROOT / "dist"
FROZEN = DIST / "counter-app"


def task_build(extra: list[str]) -> int:
    work = ROOT / "build" / "pyinstaller"
    return run(venv_bin("pyinstaller"), "--noconfirm", "--clean", "--distpath", DIST,
               "--workpath", work, *extra, ROOT / "build.spec")  # fmt: skip


def bundle_files() -> list[Path]:
    """The build's files, each once (the links PyInstaller makes to Qt's libraries left out)."""
    return [f for f in FROZEN.rglob("*") if f.is_file() and not f.is_symlink()]


def bundle_megabytes() -> float:
    return sum(f.stat().st_size for f in bundle_files()) / 1e6


def frozen_executable() -> Path:
    # On Windows the window program has no console; its twin -cli.exe prints.
    return FROZEN / ("counter-app-cli.exe" if os.name == "nt" else "counter-app")


def task_frozen(extra: list[str]) -> int:
    """What CI asks of the build: the frozen self-test, and the window opened and closed."""
    code = task_build(extra)
    if code:
        return code
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    print(f"bundle: {bundle_megabytes():.1f} MB in {FROZEN}")
    with tempfile.TemporaryDirectory(prefix="frozen-") as tmp:
        # From an empty folder, so nothing can come from the source tree by accident.
        for args in (["self-test"], ["--demo", "--quit-when-ready"]):
            print("+", frozen_executable().name, *args, flush=True)
            done = subprocess.call([frozen_executable(), "--data-dir", Path(tmp) / "data", *args],
                                   cwd=tmp, env=env)  # fmt: skip
            if done != 0:
                print(f"frozen program failed: {' '.join(args)} (exit {done})", file=sys.stderr)
                return done
    return 0


TASKS = {
    "demo": task_demo,
    "test": task_test,
    "test-postgres": task_test_postgres,
    "lint": task_lint,
    "lock": task_lock,
    "build": task_build,
    "frozen": task_frozen,
}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        return 2
    name, extra = sys.argv[1], sys.argv[2:]
    if name != "lock":
        setup()
    return TASKS[name](extra)


if __name__ == "__main__":
    sys.exit(main())
