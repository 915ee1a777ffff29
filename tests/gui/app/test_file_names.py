"""Names of saved PDFs: a filtered ledger is not saved over the whole one."""

from __future__ import annotations

from datetime import date

from counter_app.core.domain.listing import LedgerFilter
from counter_app.core.domain.status import Status
from counter_app.ui.app.main_window import ledger_file_name
from tests.conftest import local


def test_the_ledgers_file_name_names_its_filters() -> None:
    day = date(2026, 12, 2)
    assert ledger_file_name(LedgerFilter(day, day)) == "so-theo-doi-20261202-20261202"
    filtered = LedgerFilter(day, day, Status.ACCEPTED, "1.001193", local(2026, 12, 2, 9))
    assert ledger_file_name(filtered) == (
        "so-theo-doi-20261202-20261202-trang-thai-2-thu-tuc-1.001193-qua-han"
    )
