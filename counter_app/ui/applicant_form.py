"""Applicant fields with live validation messages shown next to each field.

A message appears when the clerk leaves a field (or submits) and disappears as
soon as the value is fixed; nothing typed is ever cleared by validation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.core.domain import validation as v
from counter_app.core.domain.validation import ApplicantInput, ApplicantType
from counter_app.core.errors import FieldError
from counter_app.ui.formatting import day_problem, parse_day, tr

TYPES = (
    (ApplicantType.CITIZEN, "Công dân"),
    (ApplicantType.ENTERPRISE, "Doanh nghiệp"),
    (ApplicantType.STATE_AGENCY, "Cơ quan nhà nước"),
    (ApplicantType.OTHER, "Tổ chức khác"),
)
ERROR_STYLE = "color: #b00020;"
FIELD_LABELS = {
    "name": "Họ và tên *",
    "id_number": "Số CCCD/định danh *",
    "birth_date": "Ngày sinh",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "address": "Địa chỉ *",
}


class ApplicantForm(QWidget):
    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.kind = QComboBox()
        for value, label in TYPES:
            self.kind.addItem(tr(label), int(value))
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.birth = QLineEdit()
        self.birth.setPlaceholderText(tr("dd/mm/yyyy"))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.address = QLineEdit()
        self.fields: dict[str, QLineEdit] = {
            "name": self.name,
            "id_number": self.id_number,
            "birth_date": self.birth,
            "phone": self.phone,
            "email": self.email,
            "address": self.address,
        }
        self.messages: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.addRow(tr("Loại đối tượng"), self.kind)
        for key, widget in self.fields.items():
            widget.setObjectName(key)
            message = QLabel()
            message.setStyleSheet(ERROR_STYLE)
            message.setWordWrap(True)
            message.hide()
            self.messages[key] = message
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(message)
            form.addRow(tr(FIELD_LABELS[key]), cell)
            widget.editingFinished.connect(lambda key=key: self.check_field(key))
            widget.textEdited.connect(lambda _text, key=key: self._on_edit(key))
        self.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())

    @property
    def applicant_type(self) -> ApplicantType:
        return ApplicantType(self.kind.currentData())

    def _on_edit(self, key: str) -> None:
        if self.messages[key].isVisible():
            self.check_field(key)  # clear the message as soon as the value is right
        self.changed.emit()

    def _validator(self, key: str) -> Callable[[str], Any]:
        kind, today = self.applicant_type, self._today()

        def birth(text: str) -> Any:
            parsed = parse_day(text)
            if parsed is None:  # written wrongly, or no such day (31/02)
                raise FieldError("birth_date", "Ngày sinh", day_problem(text) or "")
            id_number = self.id_number.text().strip()
            return v.validate_birth_date(parsed, today, id_number if len(id_number) == 12 else None)

        return {
            "name": lambda t: v.validate_name(t, kind),
            "id_number": lambda t: v.validate_id_number(t, kind, today),
            "birth_date": birth,
            "phone": v.validate_phone,
            "email": v.validate_email,
            "address": v.validate_address,
        }[key]

    def check_field(self, key: str) -> bool:
        text = self.fields[key].text()
        optional = key in ("birth_date", "phone", "email")
        try:
            if not (optional and not text.strip()):
                self._validator(key)(text)
        except FieldError as error:
            self.show_message(key, error.problem)
            return False
        self.messages[key].hide()
        return True

    def show_message(self, key: str, problem: str) -> None:
        self.messages[key].setText(problem[:1].upper() + problem[1:])
        self.messages[key].show()

    def check_all(self) -> bool:
        results = [self.check_field(key) for key in self.fields]
        return all(results)

    def value(self) -> ApplicantInput:
        return ApplicantInput(
            name=self.name.text(),
            applicant_type=self.applicant_type,
            id_number=self.id_number.text(),
            birth_date=parse_day(self.birth.text()),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.text(),
        )

    def draft(self) -> dict[str, Any]:
        return {"type": int(self.applicant_type)} | {k: w.text() for k, w in self.fields.items()}

    def restore(self, draft: dict[str, Any]) -> None:
        index = self.kind.findData(draft.get("type", int(ApplicantType.CITIZEN)))
        self.kind.setCurrentIndex(max(index, 0))
        for key, widget in self.fields.items():
            widget.setText(str(draft.get(key, "")))

    def clear(self) -> None:
        self.kind.setCurrentIndex(0)
        for key, widget in self.fields.items():
            widget.clear()
            self.messages[key].hide()
