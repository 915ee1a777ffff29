"""Rotating log files, one logger per area, with personal data masked.

Areas: ``counter_app.store``, ``counter_app.services``, ``counter_app.sync``,
``counter_app.ui`` (children of ``counter_app``). Nobody on site reads a console:
the files in the user's log directory are what support receives.

Personal data never reaches a file whole. ID numbers (9 or 12 digits) and phone
numbers are masked by pattern in every message, whatever logged them; names are
passed wrapped in ``Personal`` so that only their initials are written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

LOG_FILE = "counter-app.log"
MAX_BYTES = 2 * 1024 * 1024
KEEP = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"

# Phone numbers first (0 or +84 and 9 digits), then 12- and 9-digit ID numbers.
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(\d{2})\d{5}(\d{2})(?!\d)")
_ID = re.compile(r"(?<!\d)(\d{3})\d{3,6}(\d{3})(?!\d)")


def mask_numbers(text: str) -> str:
    text = _PHONE.sub(lambda m: f"0{m[1]}*****{m[2]}", text)
    return _ID.sub(lambda m: f"{m[1]}******{m[2]}", text)


class Personal:
    """A name (or any personal text) to log: written as initials only."""

    def __init__(self, value: str | None) -> None:
        self.value = value or ""

    def __str__(self) -> str:
        return " ".join(word[0] + "." for word in self.value.split()) or "-"


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_numbers(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_numbers(record.exc_text)
        return True


def setup_logging(folder: Path, level: int = logging.INFO) -> Path | None:
    """Log ``counter_app.*`` to a rotating file in ``folder``; None if it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only profile must not stop the counter from working
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger("counter_app")
    for old in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return folder / LOG_FILE
