"""Reading the QR code of the citizen's chip-ID card: real layouts, round trips, bad codes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.core.domain.chip_id import (
    CardUnreadable,
    ChipIdCard,
    ascii_mode_suspected,
    card_text,
    looks_like_card,
    parse_card,
)
from counter_app.core.domain.validation import ApplicantType, validate_address, validate_name
from tests.unit.core.domain import strategies as s

TODAY = date(2026, 3, 10)
DUC = "022090001234||Nguyễn Văn Đức|01051990|Nam|Thôn Hải Tiến, đặc khu Cô Tô|15062021"


def test_a_2021_card_without_an_old_card_number() -> None:
    card = parse_card(DUC, TODAY)
    assert card == ChipIdCard(
        id_number="022090001234",
        old_id_number=None,
        name="Nguyễn Văn Đức",
        birth_date=date(1990, 5, 1),
        sex="Nam",
        address="Thôn Hải Tiến, đặc khu Cô Tô",
        issued_on=date(2021, 6, 15),
    )
    assert not ascii_mode_suspected(card)


def test_an_old_card_number_extra_fields_and_empty_trailing_fields() -> None:
    text = (
        "045301000123|197123456|Hồ Thị Hồng Nhung|20082001|Nữ|"
        "Thôn Vĩnh Hòa, Cồn Cỏ, Quảng Trị|01072024|Hồ Văn Lâm|Lê Thị Sen|||\r\n"
    )
    card = parse_card(text, TODAY)
    assert (card.id_number, card.old_id_number, card.sex) == ("045301000123", "197123456", "Nữ")
    assert card.birth_date == date(2001, 8, 20) and card.issued_on == date(2024, 7, 1)
    assert card.extra == ("Hồ Văn Lâm", "Lê Thị Sen")  # kept; the empty ones dropped


def test_the_issue_date_may_be_missing() -> None:
    assert parse_card(DUC.rsplit("|", 1)[0], TODAY).issued_on is None
    assert parse_card(DUC.rsplit("|", 1)[0] + "|", TODAY).issued_on is None


def test_text_is_cleaned_as_if_typed() -> None:
    decomposed = "022090001234||Nguye\u0302\u0303n  Va\u0306n Đức |01051990|nam|Thôn  1|"
    card = parse_card(decomposed, TODAY)
    assert (card.name, card.sex, card.address) == ("Nguyễn Văn Đức", "Nam", "Thôn 1")


def test_a_scanner_in_ascii_mode_is_suspected_not_refused() -> None:
    card = parse_card("022190001234||Nguyen Thi Dao|01051990|Nu|Thon Hai Tien, Co To|", TODAY)
    assert (card.name, card.sex) == ("Nguyen Thi Dao", "Nữ")  # "Nữ" arrives as "Nu"
    assert ascii_mode_suspected(card)
    # A name of other origin, at a Vietnamese address, is no sign of ASCII mode.
    john = parse_card("022090001234||John Smith|01051990|Nam|Phường Hồng Gai|", TODAY)
    assert not ascii_mode_suspected(john)


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("Nguyễn Văn Đức", ["chỉ có 1 trường", "ít nhất 6"]),
        ("022090001234||Nguyễn Văn Đức|01051990|Nam", ["chỉ có 5 trường"]),
        ("02209000123||Nguyễn Văn Đức|01051990|Nam|Cô Tô|", ["12 chữ số"]),
        ("097090001234||Nguyễn Văn Đức|01051990|Nam|Cô Tô|", ["từ 001 đến 096"]),
        ("022090001234|12345|Nguyễn Văn Đức|01051990|Nam|Cô Tô|", ["Số CMND", "«12345»"]),
        ("022090001234||Nguyễn Văn 2|01051990|Nam|Cô Tô|", ["Họ và tên", "«2»"]),
        ("022090001234|||01051990|Nam|Cô Tô|", ["Họ và tên: chưa nhập"]),
        ("022090001234||Nguyễn Văn Đức|1/5/1990|Nam|Cô Tô|", ["Ngày sinh", "ddMMyyyy"]),
        ("022090001234||Nguyễn Văn Đức|31021990|Nam|Cô Tô|", ["không phải ngày có thật"]),
        ("022090001234||Nguyễn Văn Đức|01051991|Nam|Cô Tô|", ["không khớp với số CCCD"]),
        ("022090001234||Nguyễn Văn Đức|01051990|Nữ|Cô Tô|", ["Giới tính", "nam giới"]),
        ("022090001234||Nguyễn Văn Đức|01051990|Khác|Cô Tô|", ["Nam hoặc Nữ", "«Khác»"]),
        ("022090001234||Nguyễn Văn Đức|01051990||Cô Tô|", ["Giới tính: trống"]),
        ("022090001234||Nguyễn Văn Đức|01051990|Nam||", ["Địa chỉ: chưa nhập"]),
        ("022090001234||Nguyễn Văn Đức|01051990|Nam|Cô Tô 😀|", ["Địa chỉ", "U+1F600"]),
        ("022090001234||Nguyễn Văn Đức|01051990|Nam|Cô Tô|01012027", ["Ngày cấp", "hôm nay"]),
        ("022090001234||Nguyễn Văn Đức|01051990|Nam|Cô Tô|01011980", ["Ngày cấp", "ngày sinh"]),
    ],
)
def test_a_bad_code_says_which_field_and_what_to_do(text: str, needles: list[str]) -> None:
    with pytest.raises(CardUnreadable) as caught:
        parse_card(text, TODAY)
    message = caught.value.message
    assert message.startswith("Không đọc được mã QR trên thẻ CCCD: ")
    assert message.endswith("Hãy quét lại; nếu vẫn không được, nhập tay theo thẻ.")
    for needle in needles:
        assert needle in message


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(CardUnreadable) as caught:
        parse_card("1|2|Tên 3|4|5||7", TODAY)
    labels = [p.split(":")[0] for p in caught.value.problems]
    assert labels == [
        "Số định danh cá nhân/CCCD",
        "Số CMND",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Địa chỉ",
        "Ngày cấp",
    ]


def test_a_card_is_told_from_a_receipt_code_at_a_glance() -> None:
    assert looks_like_card(DUC) and looks_like_card("0220|")
    assert not looks_like_card("000.17.22.H56-260310-1001")
    assert not looks_like_card("Nguyễn|Văn") and not looks_like_card("")


# --- any card ------------------------------------------------------------------------------


@st.composite
def cards(draw: st.DrawFn) -> ChipIdCard:
    """A card as the national system issues it: the ID number encodes the century of birth
    and the sex; the name and address are what a clerk could type; the issue date (if
    any) falls between birth and today; later layouts add fields."""
    birth = draw(st.dates(date(1900, 1, 1), TODAY))
    female = draw(st.booleans())
    century = 2 * (birth.year // 100 - 19) + female
    province = draw(st.integers(1, 96))
    id_number = f"{province:03d}{century}{birth.year % 100:02d}{draw(st.integers(0, 999_999)):06d}"
    old = draw(st.none() | st.integers(0, 999_999_999).map(lambda n: f"{n:09d}"))
    name = validate_name(draw(s.names), ApplicantType.CITIZEN)
    address = validate_address(draw(s.nonblank_vietnamese_text))
    issued = draw(st.none() | st.dates(birth, TODAY))
    extra = [x.strip() for x in draw(st.lists(s.vietnamese_text, max_size=4))]
    while extra and not extra[-1]:
        extra.pop()
    return ChipIdCard(
        id_number, old, name, birth, "Nữ" if female else "Nam", address, issued, tuple(extra)
    )


@settings(max_examples=300)
@given(card=cards(), ending=st.sampled_from(["", "\r", "\n", "\r\n", "|", "||\r\n"]))
def test_any_card_round_trips(card: ChipIdCard, ending: str) -> None:
    text = card_text(card)
    assert looks_like_card(text)
    assert parse_card(text + ending, TODAY) == card


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_any_text_is_read_or_explained_never_crashes(text: str) -> None:
    try:
        card = parse_card(text, TODAY)
    except CardUnreadable as refused:
        assert refused.problems and all(p.strip() for p in refused.problems)
        assert refused.message.startswith("Không đọc được mã QR trên thẻ CCCD: ")
    else:
        assert parse_card(card_text(card), TODAY) == card


BAD_FIELDS = {  # field position → (text that breaks it, the label the message must name)
    0: (st.text("0123456789", max_size=11), "Số định danh cá nhân/CCCD"),
    1: (st.text("0123456789", min_size=1, max_size=8), "Số CMND"),
    2: (st.just("") | s.with_inserted(s.names, "7"), "Họ và tên"),
    3: (st.text("0123456789/-", max_size=7), "Ngày sinh"),
    4: (st.sampled_from(["", "M", "F", "Khac", "nam nu", "0"]), "Giới tính"),
    5: (st.just("") | s.with_inserted(s.nonblank_vietnamese_text, "\x07"), "Địa chỉ"),
}


@settings(max_examples=300)
@given(card=cards(), position=st.sampled_from(sorted(BAD_FIELDS)), data=st.data())
def test_one_bad_field_is_named(card: ChipIdCard, position: int, data: st.DataObject) -> None:
    strategy, label = BAD_FIELDS[position]
    fields = card_text(card).split("|")
    fields[position] = data.draw(strategy)
    with pytest.raises(CardUnreadable) as caught:
        parse_card("|".join(fields), TODAY)
    assert any(p.startswith(f"{label}:") for p in caught.value.problems), caught.value.problems


@settings(max_examples=100)
@given(card=cards(), kept=st.integers(0, 5))
def test_a_code_cut_short_is_refused(card: ChipIdCard, kept: int) -> None:
    cut = "|".join(card_text(card).split("|")[:kept])
    with pytest.raises(CardUnreadable, match="ít nhất 6"):
        parse_card(cut, TODAY)
