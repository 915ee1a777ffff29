"""Running the real ``counter-app`` in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from counter_app.core.resources import resource

AGENCY = "000.17.22.H56"

BIRTH = {
    "procedure": "1.001193",
    "clerk": "Lê Thị Hoa",
    "applicant": {
        "name": "Nguyễn Văn Đức",
        "id_number": "022090001234",
        "phone": "0912345678",
        "address": "Thôn Hải Tiến, đặc khu Cô Tô",
    },
}


# The counter's first local admin, made by ``set_up_counter`` (``setup --admin-login``);
# named as the clerk of BIRTH, so a reception records the same person as before accounts.
ADMIN, ADMIN_NAME, ADMIN_PASSWORD = "hoa.lt", "Lê Thị Hoa", "Cô Tô mùa gió"
# The commands that change data (and the audit trail's list) run as a named person.
AS_USER = {("receive",), ("dossier", "void"), ("dossier", "correct"), ("db", "restore"),
           ("usb", "import"), ("calendar", "set"), ("audit", "list")}  # fmt: skip


def counter_app(
    data_dir: Path,
    *args: str,
    stdin: str | None = None,
    user: str | None = ADMIN,
    password: str = ADMIN_PASSWORD,
    new_password: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real program in a child process. A command that changes data runs as ``user``
    (the test admin unless said; None: no ``--user``), its password in the environment."""
    named = args[:1] in AS_USER or args[:2] in AS_USER
    extra = ("--user", user) if named and user is not None and "--user" not in args else ()
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args, *extra],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
        encoding="utf-8",
        env={
            **os.environ,
            "COUNTER_APP_PASSWORD": password,
            **({"COUNTER_APP_NEW_PASSWORD": new_password} if new_password else {}),
        },
    )


def set_up_counter(data_dir: Path, counter: int) -> None:
    done = counter_app(
        data_dir,
        "setup",
        "--agency-code",
        AGENCY,
        "--agency-name",
        "Trung tâm Phục vụ hành chính công đặc khu Cô Tô",
        "--counter",
        str(counter),
        "--admin-login",
        ADMIN,
        "--admin-name",
        ADMIN_NAME,
    )
    assert done.returncode == 0, done.stderr
    loaded = counter_app(data_dir, "catalog", "load", str(resource("catalog", "demo_catalog.json")))
    assert loaded.returncode == 0, loaded.stderr


def write_json(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
