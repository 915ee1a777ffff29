from datetime import date

import pytest

from counter_app.core.domain.validation import (
    ApplicantInput,
    ApplicantType,
    parse_citizen_id,
    validate_applicant,
    validate_birth_date,
    validate_email,
    validate_id_number,
    validate_name,
    validate_phone,
    validate_sex,
)
from counter_app.core.errors import FieldError, ValidationFailed

TODAY = date(2026, 3, 10)
CITIZEN = ApplicantType.CITIZEN


def test_citizen_id_decodes_province_gender_and_year() -> None:
    decoded = parse_citizen_id("022190001234", TODAY)
    assert (decoded.province_code, decoded.female, decoded.birth_year) == ("022", True, 1990)
    assert parse_citizen_id("045205001234", TODAY).birth_year == 2005
    born_2005_female = parse_citizen_id("044305001234", TODAY)
    assert (born_2005_female.birth_year, born_2005_female.female) == (2005, True)


@pytest.mark.parametrize(
    ("number", "needle"),
    [
        ("02209000123", "12 chữ số"),
        ("0220900012345", "12 chữ số"),
        ("02209000123a", "12 chữ số"),
        ("000090001234", "001 đến 096"),
        ("097090001234", "001 đến 096"),
        ("022230001234", "muộn hơn năm hiện tại"),  # born 2030
    ],
)
def test_bad_citizen_ids_are_refused_with_the_field_named(number: str, needle: str) -> None:
    with pytest.raises(FieldError) as caught:
        validate_id_number(number, CITIZEN, TODAY)
    assert caught.value.label == "Số định danh cá nhân/CCCD"
    assert needle in caught.value.problem


def test_old_nine_digit_card_and_spaces_accepted() -> None:
    assert validate_id_number("123 456 789", CITIZEN, TODAY) == "123456789"
    assert validate_id_number(" 022.090.001.234 ", CITIZEN, TODAY) == "022090001234"


def test_enterprise_code_and_optional_id_for_agencies() -> None:
    assert validate_id_number("5701234567", ApplicantType.ENTERPRISE, TODAY) == "5701234567"
    assert validate_id_number("5701234567-001", ApplicantType.ENTERPRISE, TODAY)
    with pytest.raises(FieldError, match="10 chữ số"):
        validate_id_number("57012", ApplicantType.ENTERPRISE, TODAY)
    assert validate_id_number("", ApplicantType.STATE_AGENCY, TODAY) is None
    with pytest.raises(FieldError, match="chưa nhập"):
        validate_id_number("", CITIZEN, TODAY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0321.234.567", "0321234567"),
        ("0561234567", "0561234567"),
        ("0701234567", "0701234567"),
        ("0812345678", "0812345678"),
        ("02033888999", "02033888999"),  # Quảng Ninh landline
        ("02439999999", "02439999999"),  # Hà Nội landline
    ],
)
def test_valid_phones(raw: str, expected: str) -> None:
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("0112345678", "đầu số 011"),
        ("0712345678", "đầu số 071"),
        ("091234567", "9 chữ số"),
        ("09123456789", "11 chữ số"),
        ("09I2345678", "chữ số"),
    ],
)
def test_invalid_phones_explain_the_problem(raw: str, needle: str) -> None:
    with pytest.raises(FieldError) as caught:
        validate_phone(raw)
    assert caught.value.label == "Số điện thoại"
    assert needle in caught.value.problem


def test_email() -> None:
    assert validate_email(" An.Nguyen@Example.VN ") == "an.nguyen@example.vn"
    for bad in ("an@", "an@example", "an nguyen@example.vn", "a@b.c", "x" * 250 + "@a.vn"):
        with pytest.raises(FieldError):
            validate_email(bad)


def test_names() -> None:
    assert validate_name("  nguyễn   văn đức ", CITIZEN) == "nguyễn văn đức"
    with pytest.raises(FieldError, match="chưa nhập"):
        validate_name("   ", CITIZEN)
    with pytest.raises(FieldError, match="chữ số"):
        validate_name("Nguyen Van 2", CITIZEN)
    with pytest.raises(FieldError, match="quá dài"):
        validate_name("A" * 101, CITIZEN)
    assert validate_name("Công ty TNHH 3 Thành viên", ApplicantType.ENTERPRISE)


def test_birth_date_must_match_citizen_id() -> None:
    assert validate_birth_date(date(1990, 5, 1), TODAY, "022090001234") == date(1990, 5, 1)
    with pytest.raises(FieldError, match="không khớp"):
        validate_birth_date(date(1991, 5, 1), TODAY, "022090001234")
    with pytest.raises(FieldError, match="sau ngày hôm nay"):
        validate_birth_date(date(2027, 1, 1), TODAY, None)


def test_validate_applicant_reports_every_problem_at_once() -> None:
    raw = ApplicantInput(name="", id_number="123", phone="0112345678", email="x@", address="")
    with pytest.raises(ValidationFailed) as caught:
        validate_applicant(raw, TODAY)
    fields = [e.field for e in caught.value.errors]
    assert fields == ["name", "id_number", "address", "phone", "email"]
    assert "Họ và tên: chưa nhập." in caught.value.message


def test_validate_applicant_cleans_everything() -> None:
    raw = ApplicantInput(
        name=" Nguyễn  Văn Đức ",
        id_number="022090001234",
        phone="+84912345678",
        email="",
        address=" Thôn 1,  Cô Tô ",
        birth_date=date(1990, 1, 2),
    )
    applicant = validate_applicant(raw, TODAY)
    assert applicant.name == "Nguyễn Văn Đức"
    assert applicant.phone == "0912345678"
    assert applicant.email is None
    assert applicant.address == "Thôn 1, Cô Tô"


@pytest.mark.parametrize(
    "number",
    [
        "０２２０９０００１２３４",  # full-width: \d took these as a 12-digit ID
        "٠٢٢٠٩٠٠٠١٢٣٤",  # Arabic-Indic
        "022090００1234",
    ],
)
def test_ids_and_phones_take_only_ascii_digits(number: str) -> None:
    with pytest.raises(FieldError, match="phím số 0–9"):
        validate_id_number(number, CITIZEN, TODAY)
    with pytest.raises(FieldError, match="phím số 0–9"):
        validate_phone("０９１２３４５６７８")


def test_hostile_characters_are_refused_in_every_field() -> None:
    raw = ApplicantInput(
        name="Nguyễn Văn Đức 😀",
        id_number="022090001234\x00",
        phone="\u202e0912345678",
        email="an\u200b@example.vn",
        address="Thôn 1\ud800",
    )
    with pytest.raises(ValidationFailed) as caught:
        validate_applicant(raw, TODAY)
    codes = {e.field: e.problem.split("mã ")[1][:7] for e in caught.value.errors}
    assert codes == {
        "name": "U+1F600",
        "id_number": "U+0000)",
        "phone": "U+202E)",
        "email": "U+200B)",
        "address": "U+D800,",
    }


def test_an_optional_field_of_one_control_character_is_refused_not_dropped() -> None:
    raw = ApplicantInput(name="An", id_number="022090001234", phone="\x1f", address="Cô Tô")
    with pytest.raises(ValidationFailed, match="U\\+001F"):
        validate_applicant(raw, TODAY)


def test_citizen_names_are_letters_organisations_free_text() -> None:
    with pytest.raises(FieldError, match="«@»"):
        validate_name("Nguyễn @ Đức", CITIZEN)
    assert validate_name("Công ty TNHH A&B (số 2)", ApplicantType.ENTERPRISE)
    with pytest.raises(FieldError, match="U\\+1F600"):
        validate_name("Công ty 😀", ApplicantType.ENTERPRISE)
    with pytest.raises(FieldError, match="coi như chưa nhập"):
        validate_name("\u200b\u200b", ApplicantType.ENTERPRISE)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Nam", "Nam"), ("Nữ", "Nữ"), (" nữ ", "Nữ"), ("NU", "Nữ"), ("nam", "Nam"), ("", None)],
)
def test_sex_is_nam_or_nu_accents_optional(raw: str, expected: str | None) -> None:
    assert validate_sex(raw, CITIZEN, None) == expected


def test_sex_must_agree_with_the_citizen_id() -> None:
    assert validate_sex("Nam", CITIZEN, "022090001234") == "Nam"  # 4th digit 0: a man, 1900s
    assert validate_sex("Nữ", CITIZEN, "022390001234") == "Nữ"  # 3: a woman, 2000s
    with pytest.raises(FieldError, match="không khớp với số CCCD") as caught:
        validate_sex("Nữ", CITIZEN, "022090001234")
    assert caught.value.field == "sex" and "nam giới" in caught.value.problem
    assert validate_sex("Nữ", CITIZEN, "022090001") == "Nữ"  # an old 9-digit card says nothing


def test_sex_refused_when_it_is_not_one_or_for_an_organisation() -> None:
    with pytest.raises(FieldError, match=r"phải là Nam hoặc Nữ \(đã nhập «Khác»\)"):
        validate_sex("Khác", CITIZEN, None)
    with pytest.raises(FieldError, match="chỉ ghi cho công dân"):
        validate_sex("Nam", ApplicantType.ENTERPRISE, "0100109106")
    assert validate_sex("", ApplicantType.ENTERPRISE, "0100109106") is None


def test_validate_applicant_takes_the_sex() -> None:
    raw = ApplicantInput(name="Lê Thị Hoa", id_number="022190001234", address="Cô Tô", sex="nu")
    assert validate_applicant(raw, TODAY).sex == "Nữ"
    raw.sex = "Nam"
    with pytest.raises(ValidationFailed) as caught:
        validate_applicant(raw, TODAY)
    assert [e.field for e in caught.value.errors] == ["sex"]
