"""``counter-app receive --json`` with hostile files, in the real program: refused, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from counter_app.paths import DB_FILE
from tests.e2e.cli_helpers import BIRTH, counter_app, set_up_counter

pytestmark = pytest.mark.slow

APPLICANT = BIRTH["applicant"]
assert isinstance(APPLICANT, dict)


def _json(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


HOSTILE: dict[str, tuple[bytes, str]] = {
    "deep nesting": (
        b'{"procedure": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "lồng nhau quá sâu",
    ),
    "5000-digit integer": (
        _json(dict(BIRTH, sets=1)).replace(b'"sets": 1', b'"sets": ' + b"7" * 5000),
        "hồ_sơ.sets: số quá lớn (5000 chữ số).",
    ),
    "lone surrogate": (
        json.dumps(dict(BIRTH, applicant=dict(APPLICANT, name="Nguy\ud800n"))).encode(),
        "Họ và tên: có ký tự hỏng (mã U+D800",
    ),
    "lone surrogate in the procedure code": (
        json.dumps(dict(BIRTH, procedure="\udcff")).encode(),
        "Mã thủ tục: có ký tự hỏng (mã U+DCFF",
    ),
    "unknown key": (
        _json(dict(BIRTH, documets=[{"name": "Tờ khai"}])),
        "hồ_sơ.documets: không có trường này (có phải «documents»?)",
    ),
    "10 MB value": (
        _json(dict(BIRTH, procedure="1" * 10_000_000)),
        "lớn hơn 1 MB",
    ),
    "900 kB value": (
        _json(dict(BIRTH, procedure="1.001193" * 110_000)),
        "Mã thủ tục: quá dài (880.000 ký tự, tối đa 30).",
    ),
    "thousands of documents": (
        _json(dict(BIRTH, documents=[{"name": f"Giấy tờ {n}"} for n in range(5000)])),
        "có 5000 giấy tờ, nhiều hơn mức tối đa",
    ),
    "full-width ID": (
        _json(dict(BIRTH, applicant=dict(APPLICANT, id_number="０２２０９０００１２３４"))),
        "Số định danh cá nhân/CCCD: có chữ số «０» (mã U+FF10)",
    ),
    "NUL in the clerk": (_json(dict(BIRTH, clerk="Lê\u0000Hoa")), "mã U+0000"),
    "emoji in the name": (
        _json(dict(BIRTH, applicant=dict(APPLICANT, name="Nguyễn Văn 😀"))),
        "Họ và tên: có biểu tượng cảm xúc",
    ),
    "not UTF-8": ("{}".encode("utf-16"), "không phải văn bản UTF-8"),
    "empty file": (b"", "tệp rỗng"),
    "not an object": (b'["1.001193"]', "phải là một đối tượng JSON"),
}


@pytest.fixture(scope="module")
def counter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("counter")
    set_up_counter(data, 1)
    return data


def rows(data: Path) -> dict[str, int]:
    with sqlite3.connect(data / DB_FILE) as db:
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("dossiers", "applicants", "issued_codes", "outbox")
        }


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_refused_with_a_short_message(
    counter: Path, tmp_path: Path, case: str
) -> None:
    content, expected = HOSTILE[case]
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    before = rows(counter)
    log = counter / "logs" / "counter-app.log"
    log_size = log.stat().st_size if log.exists() else 0
    done = counter_app(counter, "receive", "--json", str(path))
    assert done.returncode == 1, done.stderr[:2000]
    assert done.stdout == ""
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr) < 1000
    assert log.stat().st_size - log_size < 2000  # the log does not keep the value either
    assert rows(counter) == before


def test_hostile_standard_input_is_refused_too(counter: Path) -> None:
    before = rows(counter)
    text = json.dumps(dict(BIRTH, procedure="\ud800"))  # an escape: the text itself is ASCII
    done = counter_app(counter, "receive", "--json", "-", stdin=text)
    assert done.returncode == 1 and "mã U+D800" in done.stderr
    assert rows(counter) == before


def test_a_file_with_a_utf8_bom_is_received(counter: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes("\ufeff".encode() + _json(BIRTH))  # as Windows Notepad saves it
    before = rows(counter)
    done = counter_app(counter, "receive", "--json", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("000.17.22.H56-")
    assert rows(counter)["dossiers"] == before["dossiers"] + 1


def test_a_missing_file_is_an_error_not_a_bug(counter: Path, tmp_path: Path) -> None:
    done = counter_app(counter, "receive", "--json", str(tmp_path / "nope.json"))
    assert done.returncode == 1 and "Không đọc được tệp" in done.stderr
