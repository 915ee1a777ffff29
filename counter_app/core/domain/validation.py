"""Validation of applicant data typed at the counter.

Each validator returns the cleaned value or raises ``FieldError`` naming the field
in Vietnamese and saying what to fix. ``validate_applicant`` runs them all and
reports every problem at once, so the clerk fixes the form in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Literal, ParamSpec, TypeVar

from counter_app.core.domain.limits import (
    MAX_ADDRESS,
    MAX_EMAIL,
    MAX_ID_NUMBER,
    MAX_NAME,
    MAX_PHONE,
)
from counter_app.core.domain.text import (
    checked_text,
    clean,
    code_point,
    fold,
    name_problem,
    text_problem,
)
from counter_app.core.errors import FieldError, ValidationFailed

P = ParamSpec("P")
T = TypeVar("T")


class ApplicantType(IntEnum):
    """LoaiDoiTuong on the national portal."""

    CITIZEN = 1
    ENTERPRISE = 2
    STATE_AGENCY = 3
    OTHER = 4


LABELS = {
    "name": "Họ và tên",
    "id_number": "Số định danh cá nhân/CCCD",
    "birth_date": "Ngày sinh",
    "sex": "Giới tính",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "address": "Địa chỉ",
}


def _fail(field: str, problem: str) -> FieldError:
    return FieldError(field, LABELS.get(field, field), problem)


def _text(field: str, raw: str) -> str:
    """``raw`` cleaned, once it holds only characters that may be stored."""
    return checked_text(field, LABELS.get(field, field), raw)


# --- identity numbers -------------------------------------------------------

# Only ASCII digits: "\d" would also take full-width "０１２" and Arabic-Indic "٠١٢".
_DIGITS_ONLY = re.compile(r"[0-9]+")
_ENTERPRISE_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?")


def _ascii_digits(field: str, value: str) -> None:
    """Refuse digits of other scripts (full-width, Arabic-Indic, …) with a way out."""
    for ch in value:
        if ch.isdigit() and not "0" <= ch <= "9":
            raise _fail(
                field,
                f"có chữ số «{ch}» (mã {code_point(ch)}) không phải chữ số thường — "
                "hãy gõ lại bằng các phím số 0–9.",
            )


@dataclass(frozen=True)
class CitizenId:
    """The facts a 12-digit personal ID number encodes."""

    province_code: str
    female: bool
    birth_year: int


def parse_citizen_id(number: str, today: date) -> CitizenId:
    """Decode a 12-digit ID: province (001–096), century/gender digit, year of birth."""
    if not (len(number) == 12 and _DIGITS_ONLY.fullmatch(number)):
        raise _fail("id_number", "số định danh cá nhân phải gồm đúng 12 chữ số.")
    province = int(number[:3])
    if not 1 <= province <= 96:
        raise _fail(
            "id_number",
            f"ba chữ số đầu ({number[:3]}) phải là mã tỉnh nơi đăng ký khai sinh, từ 001 đến 096.",
        )
    century_digit = int(number[3])
    birth_year = 1900 + 100 * (century_digit // 2) + int(number[4:6])
    if birth_year > today.year:
        raise _fail(
            "id_number",
            f"chữ số thứ 4 và năm sinh ({number[3:6]}) cho năm sinh {birth_year}, "
            "muộn hơn năm hiện tại; hãy kiểm tra lại số.",
        )
    return CitizenId(number[:3], bool(century_digit % 2), birth_year)


def validate_id_number(raw: str, applicant_type: ApplicantType, today: date) -> str | None:
    """Citizens: 12-digit ID or old 9-digit card; enterprises: 10-digit tax/business code.

    Only state agencies and "other" applicants may leave it empty.
    """
    value = re.sub(r"[\s.]", "", _text("id_number", raw))
    _ascii_digits("id_number", value)
    if not value:
        if applicant_type in (ApplicantType.STATE_AGENCY, ApplicantType.OTHER):
            return None
        raise _fail("id_number", "chưa nhập. Nhập số trên CCCD hoặc giấy tờ tùy thân.")
    if applicant_type is ApplicantType.CITIZEN:
        if len(value) == 9 and _DIGITS_ONLY.fullmatch(value):
            return value  # old ID card (CMND): no structure to check
        parse_citizen_id(value, today)
        return value
    if applicant_type is ApplicantType.ENTERPRISE:
        if not _ENTERPRISE_CODE.fullmatch(value):
            raise FieldError(
                "id_number",
                "Mã số doanh nghiệp",
                "phải gồm 10 chữ số (chi nhánh: 10 chữ số, gạch ngang, 3 chữ số).",
            )
        return value
    if len(value) > MAX_ID_NUMBER:
        raise _fail("id_number", f"quá dài (tối đa {MAX_ID_NUMBER} ký tự).")
    return value


# --- phone and e-mail ---------------------------------------------------------

_MOBILE = re.compile(r"0(3[2-9]|5[689]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}")
# Since 2017 fixed lines are 0 + a 2x area code + subscriber number: 11 digits.
_LANDLINE = re.compile(r"02[0-9]{9}")


def validate_phone(raw: str) -> str:
    """A Vietnamese mobile (10 digits) or landline (11 digits, 02…); +84 becomes 0."""
    value = re.sub(r"[\s.\-()]", "", _text("phone", raw))
    _ascii_digits("phone", value)
    if len(value) > MAX_PHONE:
        raise _fail("phone", f"quá dài ({len(value)} ký tự, tối đa {MAX_PHONE}).")
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) in (11, 12):
        value = "0" + value[2:]
    if not _DIGITS_ONLY.fullmatch(value or "x"):
        raise _fail("phone", "chỉ được gồm chữ số (có thể bắt đầu bằng +84).")
    if _MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value):
        return value
    if len(value) == 10:
        raise _fail(
            "phone",
            f"đầu số {value[:3]} không phải đầu số di động Việt Nam "
            "(03x, 05x, 07x, 08x, 09x). Kiểm tra lại số.",
        )
    raise _fail(
        "phone",
        "số di động phải có 10 chữ số, số cố định 11 chữ số bắt đầu bằng 02 "
        f"(đã nhập {len(value)} chữ số).",
    )


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


def validate_email(raw: str) -> str:
    value = _text("email", raw).lower()
    if len(value) > MAX_EMAIL:
        raise _fail("email", f"quá dài (tối đa {MAX_EMAIL} ký tự).")
    if not _EMAIL.fullmatch(value):
        raise _fail("email", "không đúng dạng, ví dụ: ten@example.vn.")
    return value


# --- names, addresses, dates ------------------------------------------------


def validate_name(raw: str, applicant_type: ApplicantType) -> str:
    """A citizen's name is letters, spaces and - ' . only; an organisation's is free text."""
    value = _text("name", raw)
    if not value:
        raise _fail("name", "chưa nhập.")
    if len(value) > MAX_NAME:
        raise _fail("name", f"quá dài ({len(value)} ký tự, tối đa {MAX_NAME}).")
    if applicant_type is ApplicantType.CITIZEN:
        problem = name_problem(value)
        if problem is not None:
            raise _fail("name", problem)
    return value


def validate_address(raw: str) -> str:
    value = _text("address", raw)
    if not value:
        raise _fail("address", "chưa nhập.")
    if len(value) > MAX_ADDRESS:
        raise _fail("address", f"quá dài ({len(value)} ký tự, tối đa {MAX_ADDRESS}).")
    return value


def validate_birth_date(value: date, today: date, id_number: str | None) -> date:
    if value > today:
        raise _fail("birth_date", "không được sau ngày hôm nay.")
    if value.year < 1900:
        raise _fail("birth_date", "năm sinh phải từ 1900 trở đi.")
    if id_number and len(id_number) == 12:
        encoded = parse_citizen_id(id_number, today).birth_year
        if encoded != value.year:
            raise _fail(
                "birth_date",
                f"năm sinh {value.year} không khớp với số CCCD (số CCCD cho năm {encoded}).",
            )
    return value


Sex = Literal["Nam", "Nữ"]
SEXES: tuple[Sex, ...] = ("Nam", "Nữ")
_SEX_BY_FOLDED: dict[str, Sex] = {"nam": "Nam", "nu": "Nữ"}


def validate_sex(raw: str, applicant_type: ApplicantType, id_number: str | None) -> Sex | None:
    """Giới tính: "Nam", "Nữ" or not given; a citizen's 12-digit ID number encodes it.

    Accents and case are optional ("nu", "NỮ"): a scanner left in ASCII mode sends "Nu".
    Only a person has one; an organisation's is left empty.
    """
    value = _text("sex", raw)
    if not value:
        return None
    sex = _SEX_BY_FOLDED.get(fold(value))
    if sex is None:
        raise _fail("sex", f"phải là Nam hoặc Nữ (đã nhập «{value[:20]}»).")
    if applicant_type is not ApplicantType.CITIZEN:
        raise _fail("sex", "chỉ ghi cho công dân, không ghi cho tổ chức; hãy để trống.")
    if id_number and len(id_number) == 12:
        try:
            encoded: Sex = "Nữ" if parse_citizen_id(id_number, date.max).female else "Nam"
        except FieldError:
            return sex  # the ID number's own message says what is wrong with it
        if encoded != sex:
            raise _fail(
                "sex",
                f"{sex} không khớp với số CCCD (chữ số thứ 4 của số, «{id_number[3]}», "
                f"là của {encoded.lower()} giới). Kiểm tra lại giới tính hoặc số CCCD.",
            )
    return sex


# --- the whole applicant ----------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    """A validated, normalised applicant (chủ hồ sơ)."""

    name: str
    applicant_type: ApplicantType
    id_number: str | None
    birth_date: date | None
    phone: str | None
    email: str | None
    address: str
    sex: Sex | None = None


@dataclass
class ApplicantInput:
    """What the clerk typed, unvalidated. Empty strings mean "not given"."""

    name: str = ""
    applicant_type: ApplicantType = ApplicantType.CITIZEN
    id_number: str = ""
    birth_date: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    sex: str = ""  # "Nam", "Nữ" or "" (not given)


def _given(raw: str) -> bool:
    """An optional field counts as given unless blank; a lone control character is given
    (and refused), not cleaned away."""
    return bool(clean(raw)) or text_problem(raw) is not None


def validate_applicant(raw: ApplicantInput, today: date) -> Applicant:
    """Validate every field; raise ``ValidationFailed`` listing all problems."""
    errors: list[FieldError] = []

    def attempt(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return fn(*args, **kwargs)
        except FieldError as err:
            errors.append(err)
            return None

    kind = raw.applicant_type
    name = attempt(validate_name, raw.name, kind)
    id_number = attempt(validate_id_number, raw.id_number, kind, today)
    address = attempt(validate_address, raw.address)
    phone = attempt(validate_phone, raw.phone) if _given(raw.phone) else None
    email = attempt(validate_email, raw.email) if _given(raw.email) else None
    birth: date | None = None
    if raw.birth_date is not None:
        birth = attempt(validate_birth_date, raw.birth_date, today, id_number)
    sex = attempt(validate_sex, raw.sex, kind, id_number)
    if errors or name is None or address is None:
        raise ValidationFailed(errors)
    return Applicant(name, kind, id_number, birth, phone, email, address, sex)
