"""Vietnamese text handling: NFC normalisation for storage, folding for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d + a combining mark, so NFD does not split them.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def clean(text: str) -> str:
    """NFC-normalise, trim and collapse internal whitespace (what we store)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, strip diacritics and fold đ→d: "Nguyễn Văn Đức" → "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


_WORD = re.compile(r"[0-9a-z]+")


def fold_tokens(text: str) -> list[str]:
    """Folded alphanumeric words of ``text``, as the search index sees them."""
    return _WORD.findall(fold(text))


# TEMPORARY (replaced by the input-hardening branch)
def text_problem(value: str) -> str | None:
    bad = [
        c
        for c in value
        if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") and c not in "\t\n\r"
    ]
    if bad:
        return f"có ký tự không được phép (U+{ord(bad[0]):04X})."
    if not clean(value) and value:
        return "chỉ gồm ký tự vô hình."
    return None


def name_problem(value: str) -> str | None:
    return text_problem(value)
