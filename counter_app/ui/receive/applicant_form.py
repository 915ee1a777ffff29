"""Applicant fields with live validation messages shown next to each field.

A message appears when the clerk leaves a field (or submits) and disappears as
soon as the value is fixed; nothing typed is ever cleared by validation.

The citizen's chip-ID card fills the fields it holds (``fill_from_card``); a
returning applicant's last details are offered once their ID number is known
(``offer_known``) and taken with one key (``accept_offer``). Enter in a field moves
to the next empty one, and past the last to the documents (``done``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain import validation as v
from counter_app.core.domain.chip_id import ChipIdCard
from counter_app.core.domain.text import fold
from counter_app.core.domain.validation import SEXES, ApplicantInput, ApplicantType
from counter_app.core.errors import FieldError
from counter_app.ui.widgets.formatting import day, day_problem, named, parse_day, tr
from counter_app.ui.widgets.messages import ERROR_STYLE, FieldMessage

if TYPE_CHECKING:  # the store is imported on the worker thread, after the window is painted
    from counter_app.core.store.applicants import KnownApplicant

TYPES = (
    (ApplicantType.CITIZEN, "Công dân"),
    (ApplicantType.ENTERPRISE, "Doanh nghiệp"),
    (ApplicantType.STATE_AGENCY, "Cơ quan nhà nước"),
    (ApplicantType.OTHER, "Tổ chức khác"),
)
NOTE_STYLE = "color: #1b5e20;"
OFFER_STYLE = "#returning_offer { background: #e8f0fe; border: 1px solid #8ab4f8; }"
FIELD_LABELS = {
    "name": "Họ và tên *",
    "id_number": "Số CCCD/định danh *",
    "birth_date": "Ngày sinh",
    "sex": "Giới tính",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "address": "Địa chỉ *",
}
ORDER = tuple(FIELD_LABELS)  # the order of the fields on screen
# Where Enter goes next: the fields nearly every reception fills (e-mail is rare at a
# commune counter: Tab reaches it); the sex is read from the card or chosen from a list.
ENTER_STOPS = ("name", "id_number", "birth_date", "phone", "address")
OPTIONAL = ("birth_date", "sex", "phone", "email")


def sex_label(sex: str) -> str:
    return {"Nam": tr("Nam"), "Nữ": tr("Nữ")}.get(sex, sex)


def ascii_mode_warning() -> str:
    return tr(
        "Họ tên và địa chỉ đọc từ thẻ không có dấu tiếng Việt: máy quét có thể đang ở chế độ "
        "ASCII (bỏ dấu). Hãy gõ lại họ tên, địa chỉ cho đúng như trên thẻ trước khi tiếp nhận. "
        "Để sửa hẳn: cài máy quét sang chế độ xuất UTF-8/Unicode (quét mã cài đặt trong sách "
        "hướng dẫn của máy quét), rồi quét lại thẻ."
    )


def _labels(keys: list[str]) -> str:
    return ", ".join(tr(FIELD_LABELS[key]).rstrip(" *") for key in keys)


def _id_digits(text: str) -> str:
    return re.sub(r"[\s.]", "", text)


class ApplicantForm(QWidget):
    changed = Signal()
    id_entered = Signal(str)  # a whole, valid ID number was typed or read: look it up
    done = Signal()  # Enter past the last empty field, or an offer taken with all filled
    scan_entered = Signal(str)  # text typed or pasted into the scan field, then Enter
    offered = Signal()  # a returning applicant's details are on offer

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._asked = ""  # the ID number last looked up
        self._known: KnownApplicant | None = None  # offered, not yet taken
        # Name and address as read in ASCII mode, until each is retyped with its accents.
        self._unaccented: dict[str, str] = {}
        self.unaccented_confirmed = False
        self.scan = named(QLineEdit(), "card_scan")
        self.scan.setPlaceholderText(tr("F6: quét mã QR trên thẻ CCCD"))
        self.scan.setToolTip(
            tr(
                "Quét mã QR trên thẻ CCCD/Căn cước ở bất kỳ ô nào của màn hình tiếp nhận; "
                "hoặc dán nội dung mã vào đây rồi nhấn Enter."
            )
        )
        self.scan_note = named(QLabel(), "scan_note")
        self.scan_note.setWordWrap(True)
        # Its place stays while it is hidden (the ASCII warning goes once the name and
        # address are retyped): the fields below never move under the clerk's pointer.
        policy = self.scan_note.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.scan_note.setSizePolicy(policy)
        self.scan_note.hide()
        self.kind = QComboBox()
        for value, label in TYPES:
            self.kind.addItem(tr(label), int(value))
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.birth = QLineEdit()
        self.birth.setPlaceholderText(tr("dd/mm/yyyy"))
        self.sex = named(QComboBox(), "sex")
        self.sex.addItem(tr("(chưa ghi)"), "")
        for sex in SEXES:
            self.sex.addItem(sex_label(sex), sex)
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
        self.messages: dict[str, FieldMessage] = {}
        self.offer = named(QFrame(), "returning_offer")
        self.offer.setStyleSheet(OFFER_STYLE)
        self.offer_text = named(QLabel(), "offer_text")
        self.offer_text.setWordWrap(True)
        self.offer_button = named(QPushButton(tr("Dùng thông tin này (F7)")), "accept_offer")
        offer_box = QVBoxLayout(self.offer)
        offer_box.setContentsMargins(6, 4, 6, 4)
        offer_box.addWidget(self.offer_text)
        offer_box.addWidget(self.offer_button, 0, Qt.AlignmentFlag.AlignRight)
        self.offer.hide()
        self._layout()
        self._connect()

    def _layout(self) -> None:
        form = QFormLayout(self)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan)
        form.addRow(tr("Thẻ CCCD"), scan_row)
        note_box = QWidget()  # a box layout keeps a hidden widget's place; a form row does not
        note_layout = QVBoxLayout(note_box)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_layout.addWidget(self.scan_note)
        form.addRow(note_box)
        form.addRow(tr("Loại đối tượng"), self.kind)
        for key in ORDER:
            widget: QWidget = self.sex if key == "sex" else self.fields[key]
            widget.setObjectName(key)
            self.messages[key] = message = FieldMessage()
            form.addRow(tr(FIELD_LABELS[key]), widget)
            # Under its field, across the label's column too: most messages take one line
            # even in a 1024-pixel window, and the reserved line spaces the fields apart.
            line = QWidget()  # always there (a form drops the row of a hidden widget)
            box = QVBoxLayout(line)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(message)
            form.addRow(line)
        form.setVerticalSpacing(2)
        form.addRow(self.offer)

    def _connect(self) -> None:
        for key, widget in self.fields.items():
            widget.editingFinished.connect(lambda key=key: self.check_field(key))
            widget.textEdited.connect(lambda _text, key=key: self._on_edit(key))
            widget.returnPressed.connect(lambda key=key: self._next_after(key))
        self.id_number.textEdited.connect(self._id_edited)
        self.id_number.editingFinished.connect(self._look_up_id)
        self.sex.activated.connect(lambda _i: self._on_edit("sex"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.offer_button.clicked.connect(self.accept_offer)
        self.scan.returnPressed.connect(self._scan_entered)

    @property
    def applicant_type(self) -> ApplicantType:
        return ApplicantType(self.kind.currentData())

    def _kind_changed(self) -> None:
        citizen = self.applicant_type is ApplicantType.CITIZEN
        self.sex.setEnabled(citizen)
        if not citizen:
            self.sex.setCurrentIndex(0)  # an organisation has none
            self.messages["sex"].hide()
        self.changed.emit()

    def _on_edit(self, key: str) -> None:
        if self.messages[key].isVisible():
            self.check_field(key)  # clear the message as soon as the value is right
        if key in self._unaccented:
            self._unaccented_fixed()
        self.changed.emit()

    # --- validation ---------------------------------------------------------------------

    def _clean_id(self) -> str:
        return _id_digits(self.id_number.text())

    def _validator(self, key: str) -> Callable[[str], Any]:
        kind, today = self.applicant_type, self._today()
        id_number = self._clean_id()
        citizen_id = id_number if len(id_number) == 12 else None

        def birth(text: str) -> Any:
            parsed = parse_day(text)
            if parsed is None:  # written wrongly, or no such day (31/02)
                raise FieldError("birth_date", "Ngày sinh", day_problem(text) or "")
            return v.validate_birth_date(parsed, today, citizen_id)

        return {
            "name": lambda t: v.validate_name(t, kind),
            "id_number": lambda t: v.validate_id_number(t, kind, today),
            "birth_date": birth,
            "sex": lambda t: v.validate_sex(t, kind, citizen_id),
            "phone": v.validate_phone,
            "email": v.validate_email,
            "address": v.validate_address,
        }[key]

    def text_of(self, key: str) -> str:
        return str(self.sex.currentData()) if key == "sex" else self.fields[key].text()

    def check_field(self, key: str) -> bool:
        text = self.text_of(key)
        try:
            if not (key in OPTIONAL and not text.strip()):
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
        results = [self.check_field(key) for key in ORDER]
        return all(results)

    # --- moving on --------------------------------------------------------------------------

    def _empty(self, key: str) -> bool:
        return not self.text_of(key).strip()

    def focus_first_empty(self, keys: tuple[str, ...] = ORDER, after: str | None = None) -> bool:
        """Put the cursor in the first empty field of ``keys`` (after ``after``); False if none."""
        start = keys.index(after) + 1 if after in keys else 0
        for key in keys[start:]:
            if key == "id_number" and self.applicant_type in (
                ApplicantType.STATE_AGENCY,
                ApplicantType.OTHER,
            ):
                continue  # not required of them
            widget = self.sex if key == "sex" else self.fields[key]
            if self._empty(key) and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def _next_after(self, key: str) -> None:
        if not self.focus_first_empty(ENTER_STOPS, after=key):
            self.done.emit()

    # --- the chip-ID card --------------------------------------------------------------------

    def _scan_entered(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        if text.strip():
            self.scan_entered.emit(text)

    def show_scan_problem(self, message: str) -> None:
        self.scan_note.setStyleSheet(ERROR_STYLE)
        self.scan_note.setText(message)
        self.scan_note.show()

    def fill_from_card(self, card: ChipIdCard, ascii_mode: bool) -> None:
        """Fill what the card holds; another person's phone and e-mail do not stay."""
        if self._clean_id() != card.id_number:
            self.clear()
        self.kind.setCurrentIndex(max(self.kind.findData(int(ApplicantType.CITIZEN)), 0))
        values = {
            "name": card.name,
            "id_number": card.id_number,
            "birth_date": day(card.birth_date),
            "address": card.address,
        }
        for key, value in values.items():
            self.fields[key].setText(value)
        self.sex.setCurrentIndex(max(self.sex.findData(card.sex), 0))
        for key in (*values, "sex"):
            self.check_field(key)
        issued = f", {tr('cấp ngày')} {day(card.issued_on)}" if card.issued_on else ""
        if ascii_mode:
            self._unaccented = {"name": card.name, "address": card.address}
            self.unaccented_confirmed = False
            self.show_scan_problem(ascii_mode_warning())
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            self.name.selectAll()  # to be typed again, with its accents
        else:
            self._unaccented = {}
            self.scan_note.setStyleSheet(NOTE_STYLE)
            self.scan_note.setText(f"{tr('Đã đọc thẻ CCCD')} {card.id_number}{issued}.")
            self.scan_note.show()
            if not self.focus_first_empty():
                self.done.emit()
        self.changed.emit()
        self._look_up_id()

    def unaccented_pending(self) -> bool:
        """The name or address as read without accents (ASCII mode), neither retyped nor
        confirmed."""
        return bool(self._unaccented) and not self.unaccented_confirmed

    def _unaccented_fixed(self) -> None:
        """Forget each field retyped since the scan; the warning goes with the last one."""
        self._unaccented = {
            key: read for key, read in self._unaccented.items() if self.text_of(key) == read
        }
        if not self._unaccented:
            self.scan_note.hide()
        else:  # one fixed, the other not: the clerk is asked again before it is stored
            self.unaccented_confirmed = False

    # --- returning applicants -----------------------------------------------------------------

    def _id_edited(self, text: str) -> None:
        if self._known is not None and self._known.id_number != _id_digits(text):
            self.hide_offer()
        if _id_digits(text) != self._asked:
            self._asked = ""
        if len(_id_digits(text)) == 12:  # a citizen's whole number: ask at once
            self._look_up_id()

    def _look_up_id(self) -> None:
        try:
            value = v.validate_id_number(self.id_number.text(), self.applicant_type, self._today())
        except FieldError:
            return
        if value and value != self._asked:
            self._asked = value
            self.id_entered.emit(value)

    def offer_known(self, asked: str, known: KnownApplicant | None) -> None:
        """The answer for ``asked``; shown only while the form still holds that number."""
        if asked != self._clean_id() or known is None:
            return
        fills, accents, differs = self._takes(known)
        if not (fills or accents):
            self.hide_offer()  # nothing the form lacks
            return
        self._known = known
        details = [
            known.name,
            f"{tr('sinh')} {day(known.birth_date)}" if known.birth_date else "",
            sex_label(known.sex) if known.sex else "",
            f"{tr('ĐT')} {known.phone}" if known.phone else "",
            known.email or "",
            known.address,
        ]
        lines = [
            f"{tr('Đã nộp hồ sơ tại trung tâm, lần gần nhất ngày')} "
            f"{day(known.last_received_on)}: " + " · ".join(d for d in details if d)
        ]
        if fills:
            lines.append(f"{tr('F7 điền các ô còn trống:')} {_labels(fills)}.")
        if accents:
            lines.append(f"{tr('F7 thêm dấu theo hồ sơ đã lưu:')} {_labels(accents)}.")
        if differs:
            lines.append(f"{tr('Khác với ô đang ghi (giữ nguyên):')} {_labels(differs)}.")
        self.offer_text.setText("\n".join(lines))
        self.offer.show()
        self.offered.emit()

    def _offered(self, known: KnownApplicant) -> dict[str, str]:
        citizen = self.applicant_type is ApplicantType.CITIZEN
        return {
            "name": known.name,
            "birth_date": day(known.birth_date) if known.birth_date else "",
            "sex": (known.sex or "") if citizen else "",
            "phone": known.phone or "",
            "email": known.email or "",
            "address": known.address,
        }

    def _takes(self, known: KnownApplicant) -> tuple[list[str], list[str], list[str]]:
        """What the offer would do: fill these empty fields; put back the accents a scanner
        in ASCII mode dropped from these (the same letters otherwise); and these differ."""
        fills, accents, differs = [], [], []
        for key, value in self._offered(known).items():
            current = self.text_of(key)
            if not value or value == current:
                continue
            if not current.strip():
                fills.append(key)
            elif (
                key in ("name", "address")
                and key in self._unaccented  # read in ASCII mode, not typed
                and current.isascii()
                and fold(current) == fold(value)
            ):
                accents.append(key)
            else:
                differs.append(key)
        return fills, accents, differs

    @property
    def offering(self) -> bool:
        return self._known is not None

    def hide_offer(self) -> None:
        self._known = None
        self.offer.hide()

    def accept_offer(self) -> None:
        """Fill the fields still empty with the stored details: what was typed or read from
        the card (the newer source) stays, but for the accents an ASCII-mode scan dropped.
        Then on to the first usual field still empty, or the documents."""
        known = self._known
        if known is None or known.id_number != self._clean_id():
            return
        fills, accents, _ = self._takes(known)
        offered = self._offered(known)
        for key in fills + accents:
            if key == "sex":
                self.sex.setCurrentIndex(max(self.sex.findData(offered[key]), 0))
            else:
                self.fields[key].setText(offered[key])
            self.check_field(key)
        if accents:
            self._unaccented_fixed()
        self.hide_offer()
        self.changed.emit()
        if not self.focus_first_empty(ENTER_STOPS):
            self.done.emit()

    # --- values, drafts -------------------------------------------------------------------------

    def value(self) -> ApplicantInput:
        return ApplicantInput(
            name=self.name.text(),
            applicant_type=self.applicant_type,
            id_number=self.id_number.text(),
            birth_date=parse_day(self.birth.text()),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.text(),
            sex=self.text_of("sex"),
        )

    def draft(self) -> dict[str, Any]:
        return (
            {"type": int(self.applicant_type)}
            | {k: w.text() for k, w in self.fields.items()}
            | {"sex": self.text_of("sex")}
        )

    def restore(self, draft: dict[str, Any]) -> None:
        index = self.kind.findData(draft.get("type", int(ApplicantType.CITIZEN)))
        self.kind.setCurrentIndex(max(index, 0))
        for key, widget in self.fields.items():
            widget.setText(str(draft.get(key, "")))
        self.sex.setCurrentIndex(max(self.sex.findData(draft.get("sex", "")), 0))
        self._look_up_id()  # a returning applicant's offer, as if the number were typed

    def clear(self) -> None:
        """Nothing of the previous person stays: fields, messages, notes, offer, scan state."""
        self.kind.setCurrentIndex(0)
        for widget in self.fields.values():
            widget.clear()
        self.sex.setCurrentIndex(0)
        for message in self.messages.values():
            message.hide()
        self.scan.clear()
        self.scan_note.clear()
        self.scan_note.hide()
        self._asked = ""
        self._unaccented = {}
        self.unaccented_confirmed = False
        self.hide_offer()
