"""A real provincial server process on 127.0.0.1 over a temporary database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from provincial_server import service
from provincial_server.db import ServerDatabase

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    db_url: str
    process: subprocess.Popen[bytes]

    def admin(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a provincial-server admin command on the same database, as an operator would."""
        return subprocess.run(
            [sys.executable, "-m", "provincial_server.cli", "--db", self.db_url, *args],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
            check=False,
        )

    def enrol(self, agency: str, counter: int) -> str:
        """A device token for agency + counter, through the real enrolment."""
        db = ServerDatabase(self.db_url)
        code = service.create_enrolment_code(db, agency, counter, datetime.now(UTC))
        db.close()
        reply = requests.post(f"{self.url}/v1/enrol", json={"code": code}, timeout=10)
        reply.raise_for_status()
        token: str = reply.json()["token"]
        return token


def start_server(db_url: str) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "provincial_server.cli",
            "--db",
            db_url,
            "serve",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait for the condition "answers", not a fixed time
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if requests.get(f"{url}/v1/health", timeout=1).ok:
                return Server(url, db_url, process)
        except requests.ConnectionError:
            time.sleep(0.05)  # polling interval while the port opens, not a wait for an outcome
    process.kill()
    raise RuntimeError("server did not start within 30 s")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    db_url = str(tmp_path / "province.sqlite3")
    running = start_server(db_url)
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)
