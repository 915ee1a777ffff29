"""Running the real ``counter-app`` in a child process."""

from __future__ import annotations

import json
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


def counter_app(
    data_dir: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
        encoding="utf-8",
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
    )
    assert done.returncode == 0, done.stderr
    loaded = counter_app(data_dir, "catalog", "load", str(resource("catalog", "demo_catalog.json")))
    assert loaded.returncode == 0, loaded.stderr


def write_json(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
