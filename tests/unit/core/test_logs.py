"""Log files: rotated, per area, and never holding an ID number, a phone or a name whole."""

from __future__ import annotations

import logging
from pathlib import Path

from counter_app.core.logs import LOG_FILE, Personal, mask_numbers, setup_logging


def test_id_and_phone_numbers_are_masked_wherever_they_appear() -> None:
    text = "CCCD 022090001234, CMND 123456789, ĐT 0912345678 / +84912345678, mã 2026"
    masked = mask_numbers(text)
    for secret in ("022090001234", "123456789", "0912345678", "84912345678"):
        assert secret not in masked
    assert "022******234" in masked and "091*****78" in masked and "2026" in masked


def test_names_are_written_as_initials() -> None:
    assert str(Personal("Nguyễn Văn Đức")) == "N. V. Đ."
    assert str(Personal(None)) == "-"


def test_the_file_holds_masked_messages_and_tracebacks(tmp_path: Path) -> None:
    path = setup_logging(tmp_path / "logs")
    assert path == tmp_path / "logs" / LOG_FILE
    log = logging.getLogger("counter_app.services")
    log.info("received for %s, phone %s", Personal("Trần Thị Lan"), "0987654321")
    try:
        raise ValueError("bad ID 001099012345")
    except ValueError:
        log.exception("failed")
    for handler in logging.getLogger("counter_app").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "T. T. L." in text and "counter_app.services" in text
    assert "Trần Thị Lan" not in text
    assert "0987654321" not in text and "001099012345" not in text
    assert "ValueError" in text  # the traceback is there, masked
    for handler in logging.getLogger("counter_app").handlers[:]:
        logging.getLogger("counter_app").removeHandler(handler)
        handler.close()
