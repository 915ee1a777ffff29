"""The citizen's chip-ID card (CCCD 2021, Căn cước 2024): the text of its QR code.

The QR code holds text fields separated by ``|``::

    ID12|CMND9|Họ và tên|ddMMyyyy (ngày sinh)|Nam/Nữ|Địa chỉ thường trú|ddMMyyyy (ngày cấp)

The CMND field is empty when the citizen never had the old 9-digit card
(``001190012345||Nguyễn Thị Đào|…``); the 2024 card may add fields (a cancelled ID
number, parents' names), and some readers send empty trailing fields: both are
accepted and the extra fields kept as they are. Every field is checked with the
same validators as a value typed at the counter, so a card can never put into the
form what the clerk could not have typed.

The counter reads the code with the same keyboard-wedge scanner as receipts. A
scanner left in ASCII mode drops the diacritics (``Nguyen Van Duc``): that is not a
broken card, but it must not be stored silently, see ``ascii_mode_suspected``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import ParamSpec, TypeVar

from counter_app.core.domain.text import excerpt
from counter_app.core.domain.validation import (
    LABELS,
    ApplicantType,
    Sex,
    validate_address,
    validate_birth_date,
    validate_id_number,
    validate_name,
    validate_sex,
)
from counter_app.core.errors import CounterError, FieldError

SEPARATOR = "|"
CARD_FIELDS = 7  # ID, CMND, name, birth date, sex, address, issue date
REQUIRED_FIELDS = 6  # the issue date may be missing (an empty trailing field)
LAYOUT = "số CCCD|số CMND|họ và tên|ngày sinh|giới tính|địa chỉ|ngày cấp"

P = ParamSpec("P")
T = TypeVar("T")

_DAY = re.compile(r"[0-9]{8}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")  # the CMND; some 2024 cards carry the old CCCD


class CardUnreadable(CounterError):
    """The scanned text is not a chip-ID card's QR code; ``problems`` lists why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "Không đọc được mã QR trên thẻ CCCD: "
            + " ".join(problems)
            + " Hãy quét lại; nếu vẫn không được, nhập tay theo thẻ."
        )
        self.problems = problems


@dataclass(frozen=True)
class ChipIdCard:
    """What the card says, validated and normalised as the counter stores it."""

    id_number: str  # 12 digits
    old_id_number: str | None  # the old card (CMND, 9 digits), if any
    name: str
    birth_date: date
    sex: Sex
    address: str
    issued_on: date | None
    extra: tuple[str, ...] = ()  # fields a newer card adds, kept as read


def looks_like_card(text: str) -> bool:
    """A card's text at a glance: digits, then ``|`` (a receipt code has no ``|``)."""
    head, bar, _ = text.strip().partition(SEPARATOR)
    return bool(bar) and head.isascii() and head.isdigit()


def _day(field: str, label: str, raw: str) -> date:
    value = raw.strip()
    if not _DAY.fullmatch(value):
        shown = excerpt(value, 20)
        problem = f"«{shown}» không phải ngày viết liền ddMMyyyy (8 chữ số, như 01051990)."
        raise FieldError(field, label, problem)
    try:
        return date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        shown = f"{value[:2]}/{value[2:4]}/{value[4:]}"
        raise FieldError(field, label, f"«{value}» không phải ngày có thật ({shown}).") from None


def parse_card(text: str, today: date) -> ChipIdCard:
    """The card from its QR text, or ``CardUnreadable`` listing every field that is wrong."""
    fields = text.strip("\r\n\t ").split(SEPARATOR)
    if len(fields) < REQUIRED_FIELDS:
        raise CardUnreadable(
            [
                f"mã chỉ có {len(fields)} trường ({excerpt(text, 40)}), thẻ CCCD có ít nhất "
                f"{REQUIRED_FIELDS}: {LAYOUT}."
            ]
        )
    problems: list[str] = []

    def check(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return fn(*args, **kwargs)
        except FieldError as error:
            problems.append(f"{error.message.rstrip('.')}.")
            return None

    citizen = ApplicantType.CITIZEN
    raw_id, raw_old, raw_name, raw_birth, raw_sex, raw_address = fields[:REQUIRED_FIELDS]
    id_number = check(validate_id_number, raw_id, citizen, today)
    if id_number is not None and len(id_number) != 12:
        problems.append(
            f"{LABELS['id_number']}: số trên thẻ CCCD phải gồm 12 chữ số (mã có {len(id_number)})."
        )
        id_number = None
    old = raw_old.strip()
    if old and not _OLD_ID.fullmatch(old):
        problems.append(f"Số CMND: «{excerpt(old, 20)}» phải gồm 9 chữ số (hoặc để trống).")
    name = check(validate_name, raw_name, citizen)
    birth = check(_day, "birth_date", "Ngày sinh", raw_birth)
    if birth is not None:
        birth = check(validate_birth_date, birth, today, id_number)
    sex = check(validate_sex, raw_sex, citizen, id_number)
    if not raw_sex.strip():
        problems.append("Giới tính: trống (phải là Nam hoặc Nữ).")
    address = check(validate_address, raw_address)
    issued = None
    raw_issued = fields[REQUIRED_FIELDS] if len(fields) > REQUIRED_FIELDS else ""
    if raw_issued.strip():
        issued = check(_day, "issued_on", "Ngày cấp", raw_issued)
        if issued is not None and (issued > today or (birth is not None and issued < birth)):
            problems.append(f"Ngày cấp: {issued:%d/%m/%Y} phải sau ngày sinh và không sau hôm nay.")
    if problems or not (id_number and name and birth and sex and address):
        raise CardUnreadable(problems)
    extra = list(fields[CARD_FIELDS:])
    while extra and not extra[-1].strip():
        extra.pop()  # empty trailing fields mean nothing
    return ChipIdCard(id_number, old or None, name, birth, sex, address, issued, tuple(extra))


def card_text(card: ChipIdCard) -> str:
    """The QR text of ``card``, as the card itself holds it."""
    fields = [
        card.id_number,
        card.old_id_number or "",
        card.name,
        f"{card.birth_date:%d%m%Y}",
        card.sex,
        card.address,
        f"{card.issued_on:%d%m%Y}" if card.issued_on else "",
        *card.extra,
    ]
    return SEPARATOR.join(fields)


def ascii_mode_suspected(card: ChipIdCard) -> bool:
    """Neither the name nor the address has a single Vietnamese letter: a scanner in
    ASCII mode drops them, while a real Vietnamese name and address almost always have
    one (a name of other origin at an all-ASCII address is the rare false alarm)."""
    return card.name.isascii() and card.address.isascii()
