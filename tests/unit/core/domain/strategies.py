"""Hypothesis strategies for text typed at the counter: Vietnamese names, hostile characters."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

# The Vietnamese alphabet, as letters a keyboard (Telex, VNI) produces: bases and tone marks.
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"
FOREIGN = "fjwz"  # in names of other origins and ethnic minorities' names (Y Jút, H'Hen)
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang huyền sắc hỏi ngã nặng


def _letters() -> list[str]:
    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES]
    lower += list(CONSONANTS + FOREIGN)
    return lower + [ch.upper() for ch in lower]


LETTERS = _letters()
NAME_PUNCTUATION = "-'."

letters = st.sampled_from(LETTERS)
words = st.lists(letters, min_size=1, max_size=8).map("".join)
# "Nguyễn Văn Đức", "H'Hen Niê", "Y-Moan", "Tôn Nữ Thị Hà." : words joined by a space or - ' .
names = st.lists(
    st.tuples(words, st.sampled_from([" ", " ", " ", "-", "'", ". "])), min_size=1, max_size=5
).map(lambda parts: "".join(w + sep for w, sep in parts).strip())
# The same name as some keyboards and PDF copies deliver it: decomposed (NFD).
decomposed_names = names.map(lambda n: unicodedata.normalize("NFD", n))

# Printable text a clerk may store: letters, digits, punctuation, ordinary symbols, spaces.
PICTOGRAPH_RANGES = ((0x1F300, 0x1FAFF), (0x2600, 0x27BF))
BLANK_LOOKING = "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"


def _ordinary(ch: str) -> bool:
    cp = ord(ch)
    in_pictographs = 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x2300 <= cp <= 0x2BFF
    ideographic_emoji = 0x3000 <= cp <= 0x303F or cp in (0x3297, 0x3299)
    return not in_pictographs and not ideographic_emoji and ch not in BLANK_LOOKING


ordinary_characters = st.characters(categories=["L", "N", "P", "S", "Zs"]).filter(_ordinary)
plain_text = st.text(ordinary_characters, max_size=60)
vietnamese_text = st.lists(
    st.one_of(letters, st.sampled_from(list("0123456789 ,.-/()°№©'\""))), max_size=60
).map("".join)

# Never blank: starts with a letter.
nonblank_vietnamese_text = st.builds(lambda first, rest: first + rest, letters, vietnamese_text)

# What must never be stored, one code point at a time.
controls = st.characters(categories=["Cc"]).filter(lambda ch: ch not in "\t\n\r")
formats = st.one_of(
    st.characters(categories=["Cf"]),
    # bidirectional overrides and isolates, LRM/RLM, zero-width, BOM, soft hyphen, a tag
    st.sampled_from(list("\u202e\u2066\u2067\u2068\u2069\u200e\u200f")),
    st.sampled_from(list("\u200b\u200c\u200d\u2060\ufeff\u00ad\U000e0041")),
)
surrogates = st.characters(categories=["Cs"])
private_use = st.characters(categories=["Co"])
unassigned = st.characters(categories=["Cn"])
variation_selectors = st.one_of(
    st.integers(0xFE00, 0xFE0F).map(chr), st.integers(0xE0100, 0xE01EF).map(chr)
)
pictographs = st.one_of(
    *(st.integers(low, high).map(chr) for low, high in PICTOGRAPH_RANGES),
    st.just("\u20e3"),  # keycap: 1️⃣
)
refused_characters = st.one_of(
    controls, formats, surrogates, private_use, unassigned, variation_selectors, pictographs
)
# Digits of other scripts: full-width ０-９, Arabic-Indic ٠-٩, Devanagari, Thai, …
foreign_digits = st.characters(categories=["Nd"]).filter(lambda ch: not "0" <= ch <= "9")


@st.composite
def with_inserted(draw: st.DrawFn, base: st.SearchStrategy[str], extra: str) -> str:
    """``base`` with ``extra`` put in at any position."""
    text = draw(base)
    at = draw(st.integers(0, len(text)))
    return text[:at] + extra + text[at:]
