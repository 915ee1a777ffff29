"""The always-on ``counter-app sync`` as a real process: it outlives a bad link and a
revoked token, says what to do, and stops only on a signal."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from counter_app.core import settings as settings_file
from tests.conftest import AGENCY
from tests.e2e.cli_helpers import counter_app
from tests.netproxy import LinkProfile, TcpProxy
from tests.servers import Server, count_rows
from tests.sync_helpers import make_counter

pytestmark = pytest.mark.slow


class Headless:
    """``counter-app sync`` in a child process, its stderr collected line by line."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "counter_app", "--data-dir", str(folder), "sync"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def said(self, text: str) -> Callable[[], bool]:
        return lambda: any(text in line for line in self.lines)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()
        return code


def wait_until(condition: Callable[[], bool], process: Headless, timeout: float = 60.0) -> None:
    """Poll the server's database or the child's output; the child must stay alive."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.process.poll() is None, f"sync exited: {process.lines}"
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached; sync said: {process.lines}")
        time.sleep(0.05)  # polling interval, not a wait for an outcome


def pending(folder: Path) -> int:
    """The counter's queue, read beside the running sync process (read-only)."""
    uri = f"file:{folder / 'counter.sqlite3'}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        count: int = conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[
            0
        ]
    return count


@pytest.fixture
def proxy(server: Server) -> Iterator[TcpProxy]:
    link = TcpProxy(server.port).start()
    yield link
    link.stop()


def prepared_counter(template_db: Path, folder: Path, server: Server, url: str, n: int) -> None:
    counter = make_counter(template_db, folder, server, url=url)
    settings_file.save(counter.services.settings, folder / settings_file.FILE_NAME)
    counter.receive(n)
    counter.services.db.close()  # the sync process owns the database from here


def test_cut_replies_on_every_connection_do_not_end_it_and_it_drains_when_the_link_heals(
    template_db: Path, tmp_path: Path, server: Server, proxy: TcpProxy
) -> None:
    prepared_counter(template_db, tmp_path / "c", server, proxy.url, 10)
    proxy.profile = LinkProfile(cut_replies_after=60)  # every reply cut mid-way
    sync = Headless(tmp_path / "c")
    try:
        wait_until(lambda: sum("Thử lại sau" in line for line in sync.lines) >= 2, sync)
        assert all("HTTPConnectionPool" not in line for line in sync.lines)
        # The server applied what it got, but no answer arrived: nothing counts as sent.
        assert pending(tmp_path / "c") == 10
        proxy.profile = LinkProfile()
        wait_until(lambda: count_rows(server.db_url, "applied_events") == 10, sync)
    finally:
        code = sync.stop()
    assert code == 0, sync.lines
    assert sync.lines[-1] == "Đã dừng đồng bộ."
    assert count_rows(server.db_url, "dossiers") == 10


def test_a_revoked_device_is_told_what_to_do_and_resumes_after_enrolling_again(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    folder = tmp_path / "c"
    prepared_counter(template_db, folder, server, server.url, 4)
    assert server.admin("revoke", "--agency", AGENCY, "--counter", "1").returncode == 0
    sync = Headless(folder)
    try:
        wait_until(sync.said("thu hồi quyền đồng bộ"), sync)
        refusal = next(line for line in sync.lines if "thu hồi" in line)
        assert "counter-app enroll" in refusal and "sẽ tự tiếp tục" in refusal
        code = server.enrolment_code(AGENCY, 1)
        again = counter_app(folder, "enroll", "--server", server.url, "--code", code)
        assert again.returncode == 0, again.stderr
        wait_until(sync.said("Đã có đăng ký mới"), sync)
        wait_until(lambda: count_rows(server.db_url, "dossiers") == 4, sync)
    finally:
        exit_code = sync.stop()
    assert exit_code == 0, sync.lines
