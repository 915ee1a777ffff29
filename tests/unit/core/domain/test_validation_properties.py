"""Properties of the applicant validators: what they accept and what they refuse, for any input."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.core.domain.limits import MAX_ADDRESS, MAX_NAME
from counter_app.core.domain.text import clean, text_problem
from counter_app.core.domain.validation import (
    ApplicantInput,
    ApplicantType,
    validate_address,
    validate_applicant,
    validate_birth_date,
    validate_email,
    validate_id_number,
    validate_name,
    validate_phone,
)
from counter_app.core.errors import FieldError, ValidationFailed
from tests.unit.core.domain import strategies as s

TODAY = date(2026, 3, 10)
CITIZEN = ApplicantType.CITIZEN
every_type = st.sampled_from(list(ApplicantType))


@st.composite
def citizen_ids(draw: st.DrawFn) -> str:
    """A well-formed 12-digit ID: province 001–096, century/gender digit, a past birth year."""
    province = draw(st.integers(1, 96))
    century = draw(st.integers(0, 3))  # 0/1: born 19xx, 2/3: born 20xx (male/female)
    last_year = 99 if century < 2 else TODAY.year - 2000
    year = draw(st.integers(0, last_year))
    serial = draw(st.integers(0, 999_999))
    return f"{province:03d}{century}{year:02d}{serial:06d}"


def birth_year(number: str) -> int:
    return 1900 + 100 * (int(number[3]) // 2) + int(number[4:6])


MOBILE_PREFIXES = [
    *(f"03{d}" for d in "23456789"),
    "056",
    "058",
    "059",
    "070",
    *(f"07{d}" for d in "6789"),
    *(f"08{d}" for d in "123456789"),
    *(f"09{d}" for d in "0123456789"),
]
mobiles = st.tuples(st.sampled_from(MOBILE_PREFIXES), st.integers(0, 9_999_999)).map(
    lambda p: f"{p[0]}{p[1]:07d}"
)
landlines = st.integers(0, 999_999_999).map(lambda n: f"02{n:09d}")
phones = st.one_of(mobiles, landlines)


@st.composite
def written_phones(draw: st.DrawFn) -> tuple[str, str]:
    """A phone number and a way people write it: spaces, dots, +84."""
    number = draw(phones)
    digits = draw(st.sampled_from([number, "+84" + number[1:], "84" + number[1:]]))
    if number.startswith("02") and digits.startswith("84"):
        digits = number  # "84" + 10 digits is 12 long: ambiguous, written with its 0
    out = ""
    for ch in digits:
        out += ch + draw(st.sampled_from(["", "", "", " ", ".", "-"]))
    return out.rstrip(" .-"), number


# Every validator as "raw text in, cleaned value or FieldError out".
VALIDATORS: dict[str, Callable[[str], object]] = {
    "name (citizen)": lambda t: validate_name(t, CITIZEN),
    "name (enterprise)": lambda t: validate_name(t, ApplicantType.ENTERPRISE),
    "id (citizen)": lambda t: validate_id_number(t, CITIZEN, TODAY),
    "id (enterprise)": lambda t: validate_id_number(t, ApplicantType.ENTERPRISE, TODAY),
    "id (other)": lambda t: validate_id_number(t, ApplicantType.OTHER, TODAY),
    "phone": validate_phone,
    "email": validate_email,
    "address": validate_address,
}
# A value each validator accepts, to put a hostile character into.
VALID = {
    "name (citizen)": "Nguyễn Văn Đức",
    "name (enterprise)": "Công ty TNHH Hải Tiến",
    "id (citizen)": "022090001234",
    "id (enterprise)": "5701234567",
    "id (other)": "B1234567",
    "phone": "0912345678",
    "email": "an.nguyen@example.vn",
    "address": "Thôn Hải Tiến, đặc khu Cô Tô",
}


# --- names ----------------------------------------------------------------------------


@given(s.names.filter(lambda n: len(n) <= MAX_NAME))
def test_vietnamese_names_are_accepted_as_typed(name: str) -> None:
    assert validate_name(name, CITIZEN) == clean(name)


@given(s.decomposed_names.filter(lambda n: len(n) <= MAX_NAME))
def test_decomposed_names_are_accepted_and_stored_composed(name: str) -> None:
    stored = validate_name(name, CITIZEN)
    assert stored == unicodedata.normalize("NFC", clean(name))
    assert unicodedata.is_normalized("NFC", stored)


# Numbers any text may hold ("❶" is a pictograph as well: refused everywhere, as emoji).
storable_numbers = st.characters(categories=["N"]).filter(lambda ch: text_problem(ch) is None)


@given(st.data(), storable_numbers)
def test_citizen_names_refuse_digits_organisations_keep_them(data: st.DataObject, ch: str) -> None:
    name = data.draw(s.with_inserted(s.names.filter(lambda n: len(n) < MAX_NAME), ch))
    with pytest.raises(FieldError, match="chữ số"):
        validate_name(name, CITIZEN)
    assert validate_name(name, ApplicantType.ENTERPRISE) == clean(name)


@given(st.text(s.letters, min_size=MAX_NAME + 1, max_size=3 * MAX_NAME), every_type)
def test_names_longer_than_the_limit_are_refused(name: str, kind: ApplicantType) -> None:
    with pytest.raises(FieldError, match="quá dài"):
        validate_name(name, kind)


# --- identity numbers -----------------------------------------------------------------


@given(citizen_ids(), st.sampled_from(["", " ", "."]))
def test_any_well_formed_citizen_id_is_accepted(number: str, separator: str) -> None:
    written = separator.join([number[:3], number[3:6], number[6:9], number[9:]])
    assert validate_id_number(written, CITIZEN, TODAY) == number


@given(citizen_ids(), st.integers(0, 999).filter(lambda p: not 1 <= p <= 96))
def test_ids_outside_the_province_codes_are_refused(number: str, province: int) -> None:
    with pytest.raises(FieldError, match="001 đến 096"):
        validate_id_number(f"{province:03d}{number[3:]}", CITIZEN, TODAY)


@given(citizen_ids(), st.integers(4, 9))
def test_ids_born_in_the_future_are_refused(number: str, century: int) -> None:
    with pytest.raises(FieldError, match="muộn hơn năm hiện tại"):
        validate_id_number(f"{number[:3]}{century}{number[4:]}", CITIZEN, TODAY)


@given(st.data(), s.foreign_digits, every_type)
def test_a_digit_of_another_script_is_refused_in_ids(
    data: st.DataObject, digit: str, kind: ApplicantType
) -> None:
    number = data.draw(s.with_inserted(citizen_ids(), digit))
    with pytest.raises(FieldError, match="phím số 0–9"):
        validate_id_number(number, kind, TODAY)


@given(st.text(s.foreign_digits, min_size=1, max_size=14), every_type)
def test_ids_written_entirely_in_foreign_digits_are_refused(
    number: str, kind: ApplicantType
) -> None:
    with pytest.raises(FieldError):
        validate_id_number(number, kind, TODAY)


# --- phones ---------------------------------------------------------------------------


@given(written_phones())
def test_any_vietnamese_phone_is_accepted_however_written(case: tuple[str, str]) -> None:
    written, number = case
    assert validate_phone(written) == number


@given(st.data(), s.foreign_digits)
def test_a_digit_of_another_script_is_refused_in_phones(data: st.DataObject, digit: str) -> None:
    with pytest.raises(FieldError, match="phím số 0–9"):
        validate_phone(data.draw(s.with_inserted(phones, digit)))


@given(phones.map(lambda n: n.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})))
def test_full_width_phones_are_refused(number: str) -> None:
    with pytest.raises(FieldError, match="phím số 0–9"):
        validate_phone(number)


# --- e-mail and address -----------------------------------------------------------------

local_parts = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789._+-"), min_size=1)
domains = st.lists(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-"), min_size=1, max_size=20),
    min_size=1,
    max_size=3,
).map(".".join)
tlds = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=2, max_size=6)
emails = st.builds(lambda a, b, c: f"{a}@{b}.{c}", local_parts, domains, tlds).filter(
    lambda e: len(e) <= 254
)


@given(emails, st.booleans())
def test_plain_emails_are_accepted_in_lower_case(email: str, upper: bool) -> None:
    written = email.upper() if upper else email
    assert validate_email(f" {written} ") == email


@given(s.vietnamese_text.filter(lambda t: 0 < len(clean(t)) <= MAX_ADDRESS))
def test_addresses_of_ordinary_text_are_accepted(address: str) -> None:
    assert validate_address(address) == clean(address)


@given(st.text(s.letters, min_size=MAX_ADDRESS + 1, max_size=2 * MAX_ADDRESS))
def test_addresses_longer_than_the_limit_are_refused(address: str) -> None:
    with pytest.raises(FieldError, match="quá dài"):
        validate_address(address)


# --- every text field -------------------------------------------------------------------


@settings(max_examples=500)
@given(st.sampled_from(sorted(VALIDATORS)), st.data(), s.refused_characters)
def test_a_refused_character_is_refused_by_every_validator(
    which: str, data: st.DataObject, ch: str
) -> None:
    value = data.draw(s.with_inserted(st.just(VALID[which]), ch))
    with pytest.raises(FieldError) as caught:
        VALIDATORS[which](value)
    assert f"U+{ord(ch):04X}" in caught.value.problem


@settings(max_examples=300)
@given(st.sampled_from(sorted(VALIDATORS)), st.text(max_size=20_000))
def test_messages_never_echo_a_long_value(which: str, value: str) -> None:
    try:
        VALIDATORS[which](value)
    except FieldError as error:
        assert len(error.problem) <= 200
        error.message.encode("utf-8")  # printable and loggable, whatever came in


@pytest.mark.parametrize("which", sorted(VALIDATORS))
def test_the_valid_examples_are_valid(which: str) -> None:
    VALIDATORS[which](VALID[which])


# --- birth dates ----------------------------------------------------------------------


@given(st.dates(date(1900, 1, 1), TODAY))
def test_any_birth_date_from_1900_to_today_is_accepted(day: date) -> None:
    assert validate_birth_date(day, TODAY, None) == day


@given(st.one_of(st.dates(TODAY + timedelta(days=1)), st.dates(max_value=date(1899, 12, 31))))
def test_birth_dates_in_the_future_or_before_1900_are_refused(day: date) -> None:
    with pytest.raises(FieldError):
        validate_birth_date(day, TODAY, None)


@given(citizen_ids(), st.dates(date(1900, 1, 1), TODAY))
def test_the_birth_year_must_be_the_one_the_id_encodes(number: str, day: date) -> None:
    if day.year == birth_year(number):
        assert validate_birth_date(day, TODAY, number) == day
    else:
        with pytest.raises(FieldError, match="không khớp"):
            validate_birth_date(day, TODAY, number)


# --- the whole applicant ----------------------------------------------------------------

BAD = {
    "name": "Nguyễn 😀",
    "id_number": "０２２０９０００１２３４",
    "address": "\u200b",
    "phone": "0112345678",
    "email": "an@",
}


@given(st.sets(st.sampled_from(list(BAD))), s.names.filter(lambda n: len(n) <= MAX_NAME))
def test_every_bad_field_is_reported_at_once(broken: set[str], name: str) -> None:
    raw = ApplicantInput(name=name, id_number="022090001234", phone="0912345678", address="Cô Tô")
    for field in broken:
        setattr(raw, field, BAD[field])
    if not broken:
        assert validate_applicant(raw, TODAY).name == clean(name)
        return
    with pytest.raises(ValidationFailed) as caught:
        validate_applicant(raw, TODAY)
    assert {e.field for e in caught.value.errors} == broken
