import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.core.domain.text import (
    clean,
    excerpt,
    fold,
    fold_tokens,
    name_problem,
    text_problem,
)
from tests.unit.core.domain import strategies as s


def test_fold_strips_diacritics_and_folds_d_stroke() -> None:
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("Đặng") == "dang"
    assert fold("đường Lê Lợi") == "duong le loi"


def test_fold_handles_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Phạm Thị Ánh")
    assert fold(decomposed) == "pham thi anh"


def test_clean_normalises_to_nfc_and_collapses_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "  Trần   Thị\tHoà ")
    cleaned = clean(decomposed)
    assert cleaned == unicodedata.normalize("NFC", "Trần Thị Hoà")
    assert unicodedata.is_normalized("NFC", cleaned)


def test_fold_tokens_splits_words_and_digits() -> None:
    assert fold_tokens("Thôn 1, xã Cô Tô - 0912.345.678") == [
        "thon",
        "1",
        "xa",
        "co",
        "to",
        "0912",
        "345",
        "678",
    ]


# --- what may be stored: examples ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("Nguyễn\x00Văn", "ký tự điều khiển (mã U+0000)"),
        ("An\x1fBình", "U+001F"),  # clean() would have made a space of it
        ("abc\u202egnp.exe", "ký tự vô hình (mã U+202E)"),
        ("Lê\u200bHoa", "U+200B"),
        ("Lê\u00adHoa", "U+00AD"),
        ("\ufeffLê Hoa", "U+FEFF"),
        ("An\ud800", "ký tự hỏng (mã U+D800"),
        ("An\ue000", "phông chữ (mã U+E000)"),
        ("An\u0378", "không có trong bảng mã Unicode (mã U+0378)"),
        ("Hoa 🌸", "emoji, mã U+1F338"),
        ("Đã nhận ✔", "U+2714"),
        ("1\ufe0f\u20e3", "U+FE0F"),
        ("An\u3164", "U+3164"),  # Hangul filler: draws nothing
        ("e" + "\u0301" * 6, "quá nhiều dấu"),
    ],
)
def test_characters_that_cannot_be_stored_are_named(value: str, needle: str) -> None:
    problem = text_problem(value)
    assert problem is not None and needle in problem
    assert problem.endswith("hãy gõ lại trường này.")


@pytest.mark.parametrize(
    "value",
    [
        "Nguyễn Văn Đức",
        "Thôn 1, xã Cô Tô — số 12/3 (gần chợ)",
        "Nhiệt độ 37°C; giấy № 15; © 2026",
        "Dòng 1\nDòng 2\tcột",
        unicodedata.normalize("NFD", "Phạm Thị Ánh"),
        "",
        "   ",
    ],
)
def test_ordinary_text_is_accepted(value: str) -> None:
    assert text_problem(value) is None


def test_a_value_of_invisible_characters_is_empty() -> None:
    problem = text_problem(" \u200b\u200d \ufeff")
    assert problem is not None and "coi như chưa nhập" in problem and "U+200B" in problem


def test_names() -> None:
    for good in ("Nguyễn Văn Đức", "H'Hen Niê", "Y-Moan Ênuôl", "Tôn Nữ Thị Hà", "A. Lò"):
        assert name_problem(good) is None, good
    digit = name_problem("Nguyen Van 2")
    assert digit is not None and "chữ số" in digit and "«2»" in digit
    assert name_problem("O’Brien") is not None  # typographic apostrophe: type ' instead
    assert name_problem("An@Bình") is not None
    no_letter = name_problem("- . '")
    assert no_letter is not None and "chữ cái" in no_letter
    assert name_problem("Nguyễn 😀") == text_problem("Nguyễn 😀")


def test_excerpt_is_short_and_printable() -> None:
    assert excerpt("ngắn") == "ngắn"
    long = excerpt("x" * 10_000_000)
    assert len(long) == 40 and long.endswith("…")
    assert excerpt("a\x00\ud800\nb") == "a\ufffd\ufffd b"


# --- what may be stored: properties -------------------------------------------------


@given(s.vietnamese_text)
def test_vietnamese_text_is_accepted(value: str) -> None:
    assert text_problem(value) is None


@given(s.plain_text)
def test_printable_text_of_any_script_is_accepted(value: str) -> None:
    assert text_problem(value) is None


@settings(max_examples=500)
@given(st.data(), s.refused_characters)
def test_a_refused_character_anywhere_is_refused_by_its_code_point(
    data: st.DataObject, ch: str
) -> None:
    value = data.draw(s.with_inserted(s.nonblank_vietnamese_text, ch))
    problem = text_problem(value)
    assert problem is not None and f"U+{ord(ch):04X}" in problem
    assert name_problem(value) == problem


@given(
    st.lists(st.one_of(s.formats, st.sampled_from(" \t\n")), min_size=1).filter(
        lambda chars: any(not c.isspace() for c in chars)
    )
)
def test_invisible_only_values_are_empty(chars: list[str]) -> None:
    problem = text_problem("".join(chars))
    assert problem is not None and "coi như chưa nhập" in problem


@settings(max_examples=500)
@given(st.text())
def test_what_is_accepted_can_be_stored_and_printed(value: str) -> None:
    """An independent oracle: nothing accepted holds a C* code point or an emoji block."""
    if text_problem(value) is not None:
        return
    stored = clean(value)
    stored.encode("utf-8")  # no lone surrogate
    for ch in stored:
        category = unicodedata.category(ch)
        assert category[0] != "C", f"U+{ord(ch):04X} {category}"
        assert not any(low <= ord(ch) <= high for low, high in s.PICTOGRAPH_RANGES)
    assert text_problem(stored) is None  # cleaning keeps it acceptable


@given(st.text(max_size=3000))
def test_name_problem_implies_text_problem_and_messages_stay_short(value: str) -> None:
    text, name = text_problem(value), name_problem(value)
    if text is not None:
        assert name == text
    for problem in (text, name):
        assert problem is None or len(problem) <= 160


@given(s.names)
def test_vietnamese_names_are_names(name: str) -> None:
    assert name_problem(name) is None


@given(s.decomposed_names)
def test_decomposed_vietnamese_names_are_names(name: str) -> None:
    assert name_problem(name) is None


@given(
    st.data(),
    st.one_of(
        st.characters(categories=["N", "S"]),
        st.characters(categories=["P"]).filter(lambda ch: ch not in s.NAME_PUNCTUATION),
    ),
)
def test_digits_and_symbols_are_not_names(data: st.DataObject, ch: str) -> None:
    name = data.draw(s.with_inserted(s.names, ch))
    assert name_problem(name) is not None


@given(st.text(st.sampled_from(" -'."), max_size=20))
def test_a_name_needs_a_letter(value: str) -> None:
    assert name_problem(value) is not None


@given(st.text(max_size=500), st.integers(2, 80))
def test_excerpt_is_bounded_and_printable(value: str, limit: int) -> None:
    shown = excerpt(value, limit)
    assert len(shown) <= limit and shown.isprintable()
    shown.encode("utf-8")
    if len(value) <= limit and value.isprintable():
        assert shown == value


def test_the_everyday_fast_path_takes_only_what_the_full_rule_takes() -> None:
    """The shortcut for plain Vietnamese text never lets through a refused character."""
    from counter_app.core.domain import text  # its private parts, on purpose

    taken = [chr(cp) for cp in range(0x3000) if text._EVERYDAY.fullmatch(chr(cp))]
    assert len(taken) > 700  # ASCII, Latin-1, Latin Extended-A/B and Additional
    assert [ch for ch in taken if text._first_refused(ch) is not None] == []
    assert text_problem("Nguyễn Văn Đức, thôn Hải Tiến – Cô Tô\u00ad") is not None  # soft hyphen
