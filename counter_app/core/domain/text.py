"""Vietnamese text handling: what may be stored, NFC normalisation, folding for search.

``text_problem`` and ``name_problem`` say why a value cannot be stored (a phrase
that reads after a field's label, e.g. "Họ và tên: " + phrase) or return None.
They look at the raw value, before ``clean``: a control character that ``clean``
would turn into a space must be refused, not silently changed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from counter_app.core.errors import FieldError

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d + a combining mark, so NFD does not split them.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def clean(text: str) -> str:
    """NFC-normalise, trim and collapse internal whitespace (what we store)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


@lru_cache(maxsize=16_384)  # names and places repeat: a center's 250,000 dossiers index fast
def fold(text: str) -> str:
    """Lower-case, strip diacritics and fold đ→d: "Nguyễn Văn Đức" → "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


_WORD = re.compile(r"[0-9a-z]+")


def fold_tokens(text: str) -> list[str]:
    """Folded alphanumeric words of ``text``, as the search index sees them."""
    return _WORD.findall(fold(text))


def excerpt(value: str, limit: int = 40) -> str:
    """At most ``limit`` characters of ``value`` for a message, "…" when cut.

    Whitespace shows as a space and anything unprintable (controls, invisible or
    broken characters) as "�", so a message can always be printed and logged.
    """
    head = value[: limit + 1]
    shown = "".join(
        ch if ch.isprintable() else " " if ch.isspace() else "\N{REPLACEMENT CHARACTER}"
        for ch in head
    )
    return shown if len(value) <= limit else shown[: limit - 1] + "…"


# --- what may be stored ---------------------------------------------------------

_TYPED_WHITESPACE = frozenset("\t\n\r")  # controls a keyboard makes; clean() turns them to spaces
# Letters and symbols that draw nothing: used to fake an "empty" or a look-alike value.
_BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
_VARIATION_SELECTORS = ((0x180B, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_PICTOGRAPHS = (
    (0x1F000, 0x1FAFF),  # mahjong … symbols and pictographs extended-A, flags, skin tones
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x231A, 0x231B),  # ⌚⌛
    (0x2328, 0x2328),
    (0x23CF, 0x23CF),
    (0x23E9, 0x23F3),
    (0x23F8, 0x23FA),
    (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),  # ⭐
    (0x2B55, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x20E3, 0x20E3),  # combining enclosing keycap: 1️⃣
)
MAX_STACKED_MARKS = 4  # Vietnamese needs at most 2 combining marks on one letter (NFD)

_REFUSED = {
    "control": "có ký tự điều khiển (mã {cp})",
    "invisible": "có ký tự vô hình (mã {cp}), thường lọt vào khi sao chép từ nơi khác",
    "surrogate": "có ký tự hỏng (mã {cp}, nửa cặp UTF-16)",
    "private": "có ký tự riêng của một phông chữ (mã {cp}), không in được",
    "unassigned": "có ký tự không có trong bảng mã Unicode (mã {cp})",
    "pictograph": "có biểu tượng cảm xúc hoặc hình vẽ (emoji, mã {cp}), không in được trên phiếu",
}
_RETYPE = " — hãy gõ lại trường này."


def code_point(ch: str) -> str:
    """How messages name a character: é is "U+00E9"."""
    return f"U+{ord(ch):04X}"


def _within(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= cp <= high for low, high in ranges)


_BY_CATEGORY = {
    "Cc": "control",
    "Cf": "invisible",
    "Cs": "surrogate",
    "Co": "private",
    "Cn": "unassigned",
}


def _kind(ch: str) -> str | None:
    """Why this one character cannot be stored, as a key of ``_REFUSED``; None if it can."""
    if ch.isascii():
        return "control" if not ch.isprintable() and ch not in _TYPED_WHITESPACE else None
    cp = ord(ch)
    if ch in _BLANK_LOOKING or _within(cp, _VARIATION_SELECTORS):
        return "invisible"
    if _within(cp, _PICTOGRAPHS):
        return "pictograph"
    return _BY_CATEGORY.get(unicodedata.category(ch))


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _first_refused(value: str) -> tuple[str, str] | None:
    """The first character of ``value`` that cannot be stored, with its kind."""
    if value.isascii():  # the common case, without a loop in Python
        found = _ASCII_CONTROL.search(value)
        return (found.group(), "control") if found else None
    refused = {ch: kind for ch in set(value) if (kind := _kind(ch)) is not None}
    if not refused:
        return None
    first = min(refused, key=value.index)
    return first, refused[first]


def _visible(ch: str) -> bool:
    return not ch.isspace() and _kind(ch) is None


# What nearly every name, address and reason is made of: ASCII, the Latin letters of
# Vietnamese (precomposed, as NFC stores them) and common typographic punctuation.
# None of it is refused, so such a value needs no look at each character (the server
# checks every text field of every event it receives).
_EVERYDAY = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00ac\u00ae-\u024f\u1e00-\u1eff"
    "\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2116]*"
)


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as free text (a Vietnamese phrase for a message), or None.

    Refused: control characters other than tab and line breaks, invisible format
    characters (bidirectional overrides, zero-width spaces and joiners, BOM, soft
    hyphen, tags, variation selectors, blank fillers), broken surrogates, private-use
    and unassigned code points, emoji and pictographs, and letters buried under more
    than ``MAX_STACKED_MARKS`` combining marks. An empty or all-whitespace value is
    not a problem here (``clean`` makes it "", and the caller decides whether the
    field is required); one made only of invisible characters is reported as empty.
    """
    if _EVERYDAY.fullmatch(value):
        return None
    found = _first_refused(value)
    if found is not None:
        ch, kind = found
        if kind == "invisible" and not any(_visible(c) for c in set(value)):
            return f"chỉ có ký tự vô hình (mã {code_point(ch)}), coi như chưa nhập{_RETYPE}"
        return _REFUSED[kind].format(cp=code_point(ch)) + _RETYPE
    if not value.isascii() and any(unicodedata.category(c)[0] == "M" for c in set(value)):
        stacked = _stacked_marks(unicodedata.normalize("NFC", value))
        if stacked is not None:
            return f"có quá nhiều dấu chồng lên một chữ (mã {code_point(stacked)}){_RETYPE}"
    return None


def _stacked_marks(value: str) -> str | None:
    """The first combining mark beyond ``MAX_STACKED_MARKS`` in a row, if any."""
    run = 0
    for ch in value:
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        if run > MAX_STACKED_MARKS:
            return ch
    return None


NAME_PUNCTUATION = frozenset(" -'.")


def name_problem(value: str) -> str | None:
    """Why ``value`` is not a person's name (Vietnamese phrase), or None. Implies text_problem.

    A name is letters of any script (Vietnamese precomposed or with combining
    marks), spaces and the punctuation ``-`` ``'`` ``.``, with at least one letter.
    """
    problem = text_problem(value)
    if problem is not None:
        return problem
    cleaned = clean(value)
    on_letter = False  # a combining mark must sit on a letter (or on the marks above one)
    for ch in cleaned:
        major = unicodedata.category(ch)[0]
        if major == "L" or (major == "M" and on_letter):
            on_letter = True
            continue
        if ch not in NAME_PUNCTUATION:
            shown = f"«{ch}», " if major != "M" else ""
            return (
                "chỉ được gồm chữ cái, dấu cách và các dấu - ' . "
                f"(không được có chữ số hay ký hiệu: {shown}mã {code_point(ch)})."
            )
        on_letter = False
    if not any(unicodedata.category(ch)[0] == "L" for ch in cleaned):
        return "phải có ít nhất một chữ cái."
    return None


def vn_number(n: int) -> str:
    """10000 → "10.000", as Vietnamese writes it."""
    return f"{n:,}".replace(",", ".")


def checked_text(
    field: str, label: str, raw: str, limit: int | None = None, *, required: bool = False
) -> str:
    """``raw`` cleaned for storage, or ``FieldError`` naming the field and what is wrong:
    a character that may not be stored, nothing typed (when required), or too long."""
    problem = text_problem(raw)
    value = clean(raw)
    if problem is None and required and not value:
        problem = "chưa nhập."
    if problem is None and limit is not None and len(value) > limit:
        problem = f"quá dài ({vn_number(len(value))} ký tự, tối đa {vn_number(limit)})."
    if problem is not None:
        raise FieldError(field, label, problem)
    return value
