from datetime import date

import pytest
from sqlalchemy import select

from counter_app.core.domain.reception import Outcome
from counter_app.core.errors import CounterError
from counter_app.core.forms.data import Form
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.store import models as m
from tests.helpers import reception
from tests.pdf_tools import pdf_text


def test_snapshot_is_plain_data(services: Services) -> None:
    snap = Desk(services).snapshot()
    assert len(snap.catalog) == 19
    birth = next(p for p in snap.catalog if p.code == "1.001193")
    assert birth.folded.startswith("1.001193 dang ky khai sinh")
    assert birth.components[0].name.startswith("Tờ khai")
    assert snap.pending_events == 0
    assert snap.calendar.is_working_day(date(2026, 3, 10))


def test_receive_and_render_then_reprint(services: Services) -> None:
    desk = Desk(services)
    result, printed = desk.receive_and_render(reception())
    assert printed.form is Form.RECEIPT and not printed.reprint
    assert result.code in pdf_text(printed.pdf)[0]
    again = desk.render_form(result.code, Form.RECEIPT, "Lê Thị Hoa")
    assert again.reprint
    with services.db.read() as session:
        log = session.execute(select(m.PrintRecord.form, m.PrintRecord.reprint)).all()
    assert log == [("receipt", False), ("receipt", True)]


def test_outcome_picks_its_form(services: Services) -> None:
    _, printed = Desk(services).receive_and_render(
        reception(outcome=Outcome.REFUSED, reason="Không thuộc thẩm quyền")
    )
    assert printed.form is Form.REFUSAL
    assert "PHIẾU TỪ CHỐI" in pdf_text(printed.pdf)[0]


def test_ledger_period_is_checked(services: Services) -> None:
    desk = Desk(services)
    desk.receive_and_render(reception())
    assert "SỔ THEO DÕI HỒ SƠ" in pdf_text(desk.ledger_pdf(date(2026, 3, 1), date(2026, 3, 10)))[0]
    with pytest.raises(CounterError, match="Ngày kết thúc"):
        desk.ledger_pdf(date(2026, 3, 10), date(2026, 3, 1))
