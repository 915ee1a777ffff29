"""kill -9 during receptions: a dossier is on disk whole, with its outbox event, or not at all."""

from __future__ import annotations

import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from counter_app.core.resources import bundle_root
from tests.e2e.cli_helpers import counter_app, set_up_counter

pytestmark = pytest.mark.slow
TIMEOUT = 60


class Worker:
    """A crash_worker child whose stdout lines arrive on a queue."""

    def __init__(self, data: Path, mode: str) -> None:
        self.stderr_path = data / "worker-stderr.txt"
        with self.stderr_path.open("w") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tests.e2e.crash_worker", str(data), mode],
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                cwd=bundle_root(),
            )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        with self.proc.stdout:
            for line in self.proc.stdout:
                self.lines.put(line.strip())
        self.lines.put(None)

    def next_line(self) -> str:
        line = self.lines.get(timeout=TIMEOUT)
        if line is None:
            raise AssertionError(f"worker died: {self.stderr_path.read_text()}")
        return line

    def kill(self) -> list[str]:
        """SIGKILL, then every line it had printed."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=TIMEOUT)
        rest = []
        while (line := self.lines.get(timeout=TIMEOUT)) is not None:
            rest.append(line)
        return rest


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "dossiers",
                "issued_codes",
                "status_history",
                "dossier_documents",
                "outbox",
            )
        }


def test_kill_inside_the_transaction_leaves_nothing(tmp_path: Path) -> None:
    data = tmp_path / "c"
    set_up_counter(data, 1)
    worker = Worker(data, "pause")
    assert worker.next_line() == "READY"
    assert worker.next_line() == "FLUSHED"  # dossier rows written, not yet committed
    worker.kill()
    assert table_counts(data / "counter.sqlite3") == {
        "dossiers": 0,
        "issued_codes": 0,
        "status_history": 0,
        "dossier_documents": 0,
        "outbox": 0,
    }
    checked = counter_app(data, "db", "check")
    assert checked.returncode == 0, checked.stdout


def test_repeated_kills_lose_no_committed_dossier_and_leave_no_half(tmp_path: Path) -> None:
    data = tmp_path / "c"
    set_up_counter(data, 1)
    rng = random.Random(20261124)
    printed: list[str] = []
    for _ in range(4):
        worker = Worker(data, "loop")
        assert worker.next_line() == "READY"
        for _ in range(rng.randint(3, 25)):
            printed.append(worker.next_line())
        printed += [line for line in worker.kill() if line != "READY"]
    db = data / "counter.sqlite3"
    with sqlite3.connect(db) as conn:
        stored = {code for (code,) in conn.execute("SELECT code FROM dossiers")}
        received_events = {
            code
            for (code,) in conn.execute(
                "SELECT dossier_code FROM outbox WHERE type = 'dossier.received'"
            )
        }
    assert set(printed) <= stored, "a code was printed but its dossier is not on disk"
    assert stored == received_events, "a dossier without its outbox event, or the reverse"
    counts = table_counts(db)
    assert (
        counts["dossiers"] == counts["issued_codes"] == counts["status_history"] == counts["outbox"]
    )
    checked = counter_app(data, "db", "check")
    assert checked.returncode == 0, checked.stdout
