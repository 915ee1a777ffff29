"""The crash report file: what support needs, with personal numbers masked."""

from __future__ import annotations

import errno
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app import __version__
from counter_app.core.crash_report import write_report


def failing_lookup(id_number: str) -> None:
    raise ValueError(f"không tìm thấy người nộp {id_number}, điện thoại 0912345678")


def test_the_report_has_version_platform_traceback_and_log_tail(tmp_path: Path) -> None:
    log_file = tmp_path / "counter-app.log"
    log_file.write_text("".join(f"dòng nhật ký {n}\n" for n in range(500)), encoding="utf-8")
    try:
        failing_lookup("022090001234")
    except ValueError as error:
        path = write_report(tmp_path / "reports", error, datetime.now(UTC), log_file, {"Qt": "6"})
    text = path.read_text(encoding="utf-8")
    assert path.name.startswith("crash-") and path.suffix == ".txt"
    assert f"Phiên bản: {__version__}" in text
    assert "Hệ điều hành: " in text and "Qt: 6" in text
    assert 'in failing_lookup\n    raise ValueError(f"không tìm thấy' in text
    assert "022******234" in text and "022090001234" not in text
    assert "0912345678" not in text
    assert "dòng nhật ký 499" in text and "dòng nhật ký 299\n" not in text  # the last 200


def test_two_crashes_in_the_same_microsecond_keep_both_reports(tmp_path: Path) -> None:
    now = datetime(2026, 3, 10, 2, 30, 0, 123456, tzinfo=UTC)
    first = write_report(tmp_path, RuntimeError("lỗi thứ nhất"), now, None)
    second = write_report(tmp_path, RuntimeError("lỗi thứ hai"), now, None)
    assert first != second
    assert first.name == f"crash-{now.astimezone():%Y%m%d-%H%M%S}-123456.txt"
    assert second.name == first.name.replace(".txt", "-2.txt")
    assert "RuntimeError: lỗi thứ nhất" in first.read_text(encoding="utf-8")
    assert "RuntimeError: lỗi thứ hai" in second.read_text(encoding="utf-8")
    assert "(không có tệp nhật ký)" in first.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])


def test_crashes_on_many_threads_at_one_moment_each_keep_their_report(tmp_path: Path) -> None:
    now = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)
    start = threading.Barrier(8)

    def crash(n: int) -> Path:
        start.wait()
        return write_report(tmp_path, RuntimeError(f"luồng {n}"), now, None)

    with ThreadPoolExecutor(8) as pool:
        paths = list(pool.map(crash, range(8)))
    assert len(set(paths)) == 8
    texts = {p.read_text(encoding="utf-8").split("RuntimeError: ")[1].split("\n")[0] for p in paths}
    assert texts == {f"luồng {n}" for n in range(8)}
    assert len(list(tmp_path.iterdir())) == 8  # no partial file left behind


def test_without_hard_links_the_name_is_still_claimed_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_source: object, _target: object) -> None:
        raise PermissionError(errno.EPERM, "hard links not supported")  # as on FAT

    monkeypatch.setattr(os, "link", no_links)
    now = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)
    paths = [write_report(tmp_path, RuntimeError(f"lỗi {n}"), now, None) for n in range(3)]
    assert [p.name[-6:] for p in paths] == ["00.txt", "-2.txt", "-3.txt"]
    assert all(
        f"RuntimeError: lỗi {n}" in p.read_text(encoding="utf-8") for n, p in enumerate(paths)
    )
    assert len(list(tmp_path.iterdir())) == 3
