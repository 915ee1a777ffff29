"""The crash report: one text file that support can read without the clerk's help.

It holds what support asks first (version, platform, when), the traceback, and the
end of the log; personal numbers are masked as in the log itself.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from collections import deque
from datetime import datetime
from pathlib import Path

from counter_app import __version__
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
    """Write ``crash-YYYYmmdd-HHMMSS-µs.txt`` in ``folder`` and return its path.

    Never over another report: two crashes in the same microsecond (two threads, a
    coarse clock) get ``…-2.txt``, ``…-3.txt``. A power cut leaves no half report.
    """
    stamp = now.astimezone()
    base = f"crash-{stamp:%Y%m%d-%H%M%S}-{stamp.microsecond:06d}"
    return _store_new(folder, base, report_text(error, now, log_file, extra or {}).encode())


def _store_new(folder: Path, base: str, data: bytes) -> Path:
    """Write ``data`` to a private temporary file, flush it, then give it the first free
    name by a hard link, which fails rather than replace a file already there."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".crash-", suffix=".partial", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, 0o644)
        n = 1
        while True:
            path = folder / (f"{base}.txt" if n == 1 else f"{base}-{n}.txt")
            try:
                _claim(partial, path, data)
            except FileExistsError:
                n += 1
                continue
            return path
    finally:
        os.unlink(partial)


def _claim(partial: str, path: Path, data: bytes) -> None:
    """Give the finished file the name ``path``; FileExistsError if that name is taken."""
    try:
        os.link(partial, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT): an exclusive create
        with path.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
