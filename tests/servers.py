"""A real provincial server process on 127.0.0.1, over SQLite or PostgreSQL.

Set ``PROVINCIAL_TEST_PG`` (a libpq URL such as ``postgresql://postgres@127.0.0.1:5432``)
to run every server over a fresh PostgreSQL database instead of a SQLite file;
``.ci/run`` does so for a second pass of the server and sync tests.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

from provincial_server import service
from provincial_server.db import ServerDatabase
from provincial_server.models import Dossier

ROOT = Path(__file__).resolve().parents[1]
PG_ENV = "PROVINCIAL_TEST_PG"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fresh_db_url(folder: Path) -> str:
    """A new, empty server database: a SQLite file, or a PostgreSQL database."""
    base = os.environ.get(PG_ENV)
    if not base:
        return str(folder / "province.sqlite3")
    import psycopg

    name = f"province_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"


@dataclass
class Server:
    url: str
    db_url: str
    port: int
    process: subprocess.Popen[bytes]
    extra_env: dict[str, str] = field(default_factory=dict)

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

    def enrolment_code(self, agency: str, counter: int) -> str:
        db = ServerDatabase(self.db_url)
        try:
            return service.create_enrolment_code(db, agency, counter, datetime.now(UTC))
        finally:
            db.close()

    def enrol(self, agency: str, counter: int) -> str:
        """A device token for agency + counter, through the real enrolment."""
        code = self.enrolment_code(agency, counter)
        reply = requests.post(f"{self.url}/v1/enrol", json={"code": code}, timeout=10)
        reply.raise_for_status()
        token: str = reply.json()["token"]
        return token

    def kill(self) -> None:
        """SIGKILL: no shutdown, as a power cut in the provincial data center."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        """The same database on the same port (after ``kill`` or ``stop``)."""
        self.stop()
        self.process = start_server(self.db_url, self.port, self.extra_env).process


@dataclass(frozen=True)
class Tls:
    cert: Path
    key: Path
    ca: Path


def make_tls(folder: Path) -> Tls:
    """A provincial CA and a server certificate for 127.0.0.1 it signed (openssl CLI)."""
    folder.mkdir(parents=True, exist_ok=True)

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    key = ("-newkey", "rsa:2048", "-nodes")
    openssl("req", "-x509", *key, "-days", "2", "-keyout", "ca.key", "-out", "ca.pem",
            "-subj", "/CN=So TTTT test CA")  # fmt: skip
    openssl("req", *key, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-out", "server.pem",
            "-extfile", "san.ext")  # fmt: skip
    return Tls(folder / "server.pem", folder / "server.key", folder / "ca.pem")


def start_server(
    db_url: str,
    port: int | None = None,
    env: dict[str, str] | None = None,
    tls: Tls | None = None,
) -> Server:
    port = port or free_port()
    extra = ["--ssl-certfile", str(tls.cert), "--ssl-keyfile", str(tls.key)] if tls else []
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
            *extra,
        ],
        cwd=ROOT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"} | (env or {}),
    )
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    verify: str | bool = str(tls.ca) if tls else True
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait for the condition "answers", not a fixed time
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if requests.get(f"{url}/v1/health", timeout=1, verify=verify).ok:
                return Server(url, db_url, port, process, env or {})
        except requests.ConnectionError:
            time.sleep(0.05)  # polling interval while the port opens, not a wait for an outcome
    process.kill()
    raise RuntimeError("server did not start within 30 s")


def count_rows(db_url: str, table: str) -> int:
    db = ServerDatabase(db_url)
    try:
        with db.engine.connect() as conn:
            return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())
    finally:
        db.close()


def held_dossier(db_url: str, code: str) -> Dossier:
    """The dossier as the province holds it (detached: read after the session closed)."""
    db = ServerDatabase(db_url)
    try:
        with db.transaction() as session:
            dossier = session.get(Dossier, code)
            assert dossier is not None, code
            session.expunge(dossier)
            return dossier
    finally:
        db.close()
