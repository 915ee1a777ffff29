"""Weak links and failures between a counter and a real server: nothing lost, nothing twice.

Faults come from a userspace TCP proxy (tests/netproxy.py) and from killing the
server or the counter process with SIGKILL. After the faults stop, the queue must
drain, every dossier must be on the server exactly once, and the counter's
outbox must account for every event.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter_app.core import settings as settings_file
from counter_app.core.errors import SyncError, SyncOffline, SyncServerError
from counter_app.core.sync.client import Timeouts
from tests.netproxy import LinkProfile, TcpProxy
from tests.servers import Server, count_rows
from tests.sync_helpers import Counter, make_counter


@pytest.fixture
def proxy(server: Server) -> Iterator[TcpProxy]:
    link = TcpProxy(server.port).start()
    yield link
    link.stop()


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll a condition (the server's database, a process) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)  # polling interval, not a wait for an outcome


class CycleThread(threading.Thread):
    """One sync cycle on its own thread, keeping how it ended."""

    def __init__(self, counter: Counter) -> None:
        super().__init__(daemon=True)
        self.counter = counter
        self.error: SyncError | None = None

    def run(self) -> None:
        try:
            self.counter.engine.run_cycle()
        except SyncError as error:
            self.error = error


def cycle_in_background(counter: Counter) -> CycleThread:
    worker = CycleThread(counter)
    worker.start()
    return worker


def assert_exactly_once(counter: Counter, server: Server, dossiers: int) -> None:
    states = counter.outbox_states()
    assert states == {"delivered": dossiers}, states
    assert count_rows(server.db_url, "dossiers") == dossiers
    assert count_rows(server.db_url, "applied_events") == dossiers


def test_faults_on_the_link_lose_nothing_and_duplicate_nothing(
    template_db: Path, tmp_path: Path, server: Server, proxy: TcpProxy
) -> None:
    counter = make_counter(
        template_db,
        tmp_path / "c",
        server,
        url=proxy.url,
        timeouts=Timeouts(connect=2.0, read=1.0, total=5.0),
    )
    counter.receive(30)

    # The server applies the batch, but the counter hears "500": resent later.
    proxy.profile = LinkProfile(fail_rate=1.0)
    with pytest.raises(SyncServerError):
        counter.engine.run_cycle()
    assert count_rows(server.db_url, "dossiers") > 0
    assert counter.outbox_states() == {"pending": 30}

    # The reply is cut mid-body: an error, not a hang, not a half-applied answer.
    proxy.profile = LinkProfile(cut_replies_after=200)
    with pytest.raises(SyncOffline):
        counter.engine.run_cycle()
    assert counter.outbox_states() == {"pending": 30}

    # The reply stalls with the socket open: the read timeout ends the wait.
    proxy.profile = LinkProfile(stall_replies_after=100)
    stalled = cycle_in_background(counter)
    stalled.join(timeout=60)  # each try is bounded by the 1 s read timeout
    assert not stalled.is_alive(), "a stalled reply must not hang the cycle"
    assert isinstance(stalled.error, SyncOffline)

    # Every connection reset before its request is through, then half of them anywhere.
    counter.receive(10)
    proxy.profile = LinkProfile(delay=0.05, drop_rate=1.0, drop_within=300)
    with pytest.raises(SyncOffline):
        counter.engine.run_cycle()
    assert proxy.stats.dropped >= 3
    proxy.profile = LinkProfile(delay=0.05, drop_rate=0.5, drop_within=4000)
    counter.drain(cycles=200)

    proxy.profile = LinkProfile()
    counter.drain()
    assert_exactly_once(counter, server, 40)


def test_the_server_killed_mid_batch_and_restarted(
    template_db: Path, tmp_path: Path, server: Server, proxy: TcpProxy
) -> None:
    counter = make_counter(template_db, tmp_path / "c", server, url=proxy.url)
    counter.receive(250)
    proxy.profile = LinkProfile(bandwidth=30_000)  # slow enough to land inside a batch
    failures: list[Exception] = []

    def push() -> None:
        try:
            counter.engine.run_cycle()
        except (SyncOffline, SyncServerError) as error:
            failures.append(error)

    worker = threading.Thread(target=push)
    worker.start()
    wait_until(lambda: count_rows(server.db_url, "applied_events") > 0)
    server.kill()
    worker.join(60)
    assert failures, "the cycle should have failed with the server gone"
    server.restart()
    proxy.profile = LinkProfile()
    counter.drain()
    assert_exactly_once(counter, server, 250)


def test_the_counter_killed_mid_sync_and_restarted(
    template_db: Path, tmp_path: Path, server: Server, proxy: TcpProxy
) -> None:
    folder = tmp_path / "c"
    counter = make_counter(template_db, folder, server, url=proxy.url)
    settings_file.save(counter.services.settings, folder / settings_file.FILE_NAME)
    counter.receive(250)
    counter.services.db.close()  # the counter program owns the database from here
    proxy.profile = LinkProfile(bandwidth=30_000)

    def sync_once() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "counter_app", "--data-dir", str(folder), "sync", "--once"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    first = sync_once()
    wait_until(lambda: count_rows(server.db_url, "applied_events") > 0)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=10)  # reaps it and closes its pipes
    assert count_rows(server.db_url, "applied_events") < 250  # it really died mid-way

    proxy.profile = LinkProfile()
    second = sync_once()
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "còn chờ gửi: 0" in out
    assert_exactly_once(counter, server, 250)
