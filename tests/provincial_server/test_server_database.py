"""Which database the running server process really uses, asked of the process itself.

The PostgreSQL pass of .ci/run must exercise PostgreSQL, not a fallback file: the
check looks at the server process's own open files and sockets (Linux /proc), and
asks PostgreSQL which database serves the process's connection.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.servers import PG_ENV, Server, count_rows

AGENCY = "000.17.22.H56"


def open_files(pid: int) -> set[str]:
    """Where each file descriptor of the process points (paths, ``socket:[inode]``, …)."""
    folder = Path(f"/proc/{pid}/fd")
    targets = set()
    for fd in folder.iterdir():
        try:
            targets.add(os.readlink(fd))
        except FileNotFoundError:  # closed while we looked
            continue
    return targets


def tcp_connections(pid: int) -> list[tuple[int, int]]:
    """(local port, remote port) of the process's established TCP connections."""
    inodes = {t[len("socket:[") : -1] for t in open_files(pid) if t.startswith("socket:[")}
    found = []
    for table in ("tcp", "tcp6"):
        lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
            if inode in inodes and state == "01":  # ESTABLISHED
                found.append((int(local.rsplit(":", 1)[1], 16), int(remote.rsplit(":", 1)[1], 16)))
    return found


@pytest.fixture
def used_server(server: Server) -> Server:
    """The server after a request that needs its database: enrolment writes a device."""
    code = server.enrolment_code(AGENCY, 1)
    reply = requests.post(f"{server.url}/v1/enrol", json={"code": code}, timeout=10)
    assert reply.status_code == 200, reply.text
    assert count_rows(server.db_url, "devices") == 1  # written where the run asked
    return server


def test_the_server_process_uses_the_database_the_run_asked_for(used_server: Server) -> None:
    """One test for both passes (a skip would fail CI): each checks its own database."""
    pid = used_server.process.pid
    if not os.environ.get(PG_ENV):
        assert Path(used_server.db_url).resolve().as_posix() in open_files(pid)
        return
    import psycopg

    base = urlsplit(os.environ[PG_ENV])
    database = urlsplit(used_server.db_url).path.lstrip("/")
    mine = [local for local, remote in tcp_connections(pid) if remote == base.port]
    assert mine, "the server process holds no connection to the PostgreSQL of this run"
    with psycopg.connect(f"{os.environ[PG_ENV]}/postgres") as conn:
        served = conn.execute(
            "SELECT datname FROM pg_stat_activity WHERE client_port = ANY(%s)", (mine,)
        ).fetchall()
    assert served and {name for (name,) in served} == {database}
    assert not any(target.endswith(".sqlite3") for target in open_files(pid))
