import unicodedata

from counter_app.core.domain.text import clean, fold, fold_tokens


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
