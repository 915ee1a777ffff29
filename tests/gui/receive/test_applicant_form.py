"""The applicant's fields stay where they are while their messages come and go."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from counter_app.ui.receive.applicant_form import ApplicantForm
from tests.gui.conftest import type_text


def address_y(form: ApplicantForm) -> int:
    layout = form.layout()
    assert layout is not None
    layout.activate()  # as laid out on the next paint
    return form.address.mapTo(form, QPoint(0, 0)).y()


def test_the_phone_message_coming_and_going_moves_no_field(qtbot: QtBot) -> None:
    """A clerk clicks the address while the phone's message goes: the click must land in it."""
    window = QWidget()  # the form at a fixed place, as in the Receive screen's column
    qtbot.addWidget(window)
    window.resize(420, 640)
    form = ApplicantForm(lambda: date(2026, 3, 9))
    form.setParent(window)
    form.setGeometry(0, 0, 420, 640)
    window.show()
    qtbot.waitExposed(window)
    before = address_y(form)
    type_text(form.phone, "abc")  # a one-line message: "Chỉ được gồm chữ số…"
    assert form.check_field("phone") is False  # as when the clerk leaves the field
    message = form.messages["phone"]
    assert message.isVisible() and "chỉ được gồm chữ số" in message.text().lower()
    assert message.height() < 2 * message.fontMetrics().lineSpacing()
    assert address_y(form) == before  # its line was kept for it
    form.phone.selectAll()
    type_text(form.phone, "0912345678")  # fixed: the message goes as the clerk types
    assert not message.isVisible() and message.text() == ""
    assert address_y(form) == before
