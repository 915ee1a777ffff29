"""The crash report: one text file that support can read without the clerk's help.

It holds what support asks first (version, platform, when), the traceback, and the
end of the log; personal numbers are masked as in the log itself.
"""

from __future__ import annotations

import platform
import sys
import traceback
from collections import deque
from datetime import datetime
from pathlib import Path

from counter_app import __version__
from counter_app.core.files import write_atomically
from counter_app.core.logs import mask_numbers

LOG_TAIL_LINES = 200


def log_tail(log_file: Path | None, lines: int = LOG_TAIL_LINES) -> str:
    if log_file is None:
        return "(không có tệp nhật ký)"
    try:
        with log_file.open(encoding="utf-8", errors="replace") as file:
            return "".join(deque(file, maxlen=lines))
    except OSError as error:
        return f"(không đọc được {log_file}: {error.strerror})"


def report_text(
    error: BaseException, now: datetime, log_file: Path | None, extra: dict[str, str]
) -> str:
    frozen = "PyInstaller" if getattr(sys, "frozen", False) else "mã nguồn"
    facts = {
        "Phiên bản": __version__,
        "Thời điểm": now.astimezone().isoformat(timespec="seconds"),
        "Hệ điều hành": platform.platform(),
        "Python": f"{platform.python_version()} ({frozen})",
        **extra,
    }
    trace = "".join(traceback.format_exception(error))
    body = [
        "Quầy Một Cửa — báo cáo lỗi chương trình",
        "Gửi tệp này cho bộ phận hỗ trợ. Số định danh và số điện thoại đã được che.",
        "",
        *(f"{label}: {value}" for label, value in facts.items()),
        "",
        "--- Lỗi ---",
        mask_numbers(trace),
        f"--- {LOG_TAIL_LINES} dòng cuối của nhật ký ---",
        log_tail(log_file),
    ]
    return "\n".join(body)


def write_report(
    folder: Path,
    error: BaseException,
    now: datetime,
    log_file: Path | None,
    extra: dict[str, str] | None = None,
) -> Path:
    """Write ``crash-YYYYmmdd-HHMMSS.txt`` in ``folder`` and return its path."""
    stamp = now.astimezone()
    path = folder / f"crash-{stamp:%Y%m%d-%H%M%S}-{stamp.microsecond:06d}.txt"
    write_atomically(path, report_text(error, now, log_file, extra or {}).encode("utf-8"))
    return path
