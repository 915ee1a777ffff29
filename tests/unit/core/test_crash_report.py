"""The crash report file: what support needs, with personal numbers masked."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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


def test_two_crashes_in_one_second_get_two_reports(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    first = write_report(tmp_path, RuntimeError("một"), now, None)
    second = write_report(tmp_path, RuntimeError("hai"), now.replace(microsecond=1), None)
    assert first != second
    assert "(không có tệp nhật ký)" in first.read_text(encoding="utf-8")
