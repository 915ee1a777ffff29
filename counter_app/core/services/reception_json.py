"""The documented JSON description of a reception (``counter-app receive --json``).

{
  "procedure": "1.001193",                 catalog code (MaTTHC), required
  "clerk": "Lê Thị Hoa",                   who received it, required
  "outcome": "accepted",                   accepted | supplement | refused
  "applicant": {
    "type": "citizen",                     citizen | enterprise | state_agency | other
    "name": "Nguyễn Văn Đức", "id_number": "022090001234",
    "birth_date": "1990-05-01", "phone": "0912345678",
    "email": "", "address": "Thôn 1, đặc khu Cô Tô"
  },
  "documents": [                           optional; default: every catalog component
    {"name": "Tờ khai đăng ký khai sinh", "kind": "original", "count": 1,
     "received": true, "component": 1}
  ],
  "sets": 1, "return_method": "counter",   counter | post
  "return_address": "", "reason": "",      reason required unless accepted
  "summary": "", "pages": 1, "copies": 1   pages/copies drive per-page fees
}

The file is UTF-8 (a leading BOM is allowed) and at most ``MAX_JSON_BYTES``.
Anything else is refused with every problem listed, each quoting at most a short
excerpt of the bad value: unknown keys (a misspelled "documets" must not fall
back silently to the catalog's documents), repeated keys, wrong types, integers
too large for any field, nesting too deep to read.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_app.core.domain.limits import MAX_DOCUMENTS, MAX_JSON_BYTES
from counter_app.core.domain.reception import DocumentInput, Outcome, ReceptionInput
from counter_app.core.domain.text import excerpt
from counter_app.core.domain.validation import ApplicantInput, ApplicantType
from counter_app.core.errors import FieldError, ValidationFailed

APPLICANT_TYPES = {
    "citizen": ApplicantType.CITIZEN,
    "enterprise": ApplicantType.ENTERPRISE,
    "state_agency": ApplicantType.STATE_AGENCY,
    "other": ApplicantType.OTHER,
}
TOP_KEYS = (
    "procedure",
    "clerk",
    "outcome",
    "applicant",
    "documents",
    "sets",
    "return_method",
    "return_address",
    "reason",
    "summary",
    "pages",
    "copies",
)
APPLICANT_KEYS = ("type", "name", "id_number", "birth_date", "phone", "email", "address")
DOCUMENT_KEYS = ("name", "kind", "count", "received", "component")
MAX_DIGITS = 18  # any integer field is far smaller; SQLite stores at most 19 digits
MAX_UNKNOWN_SHOWN = 5


@dataclass(frozen=True)
class _HugeInteger:
    """An integer literal too long for any field (and for Python's conversion limit)."""

    digits: int


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    repeated: tuple[str, ...] = ()


class _NotJson(ValueError):
    """NaN or Infinity: Python reads them, JSON does not have them."""


def _integer(literal: str) -> int | _HugeInteger:
    digits = len(literal.lstrip("-"))
    return int(literal) if digits <= MAX_DIGITS else _HugeInteger(digits)


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    if len(result) < len(pairs):
        counts = Counter(key for key, _ in pairs)
        result.repeated = tuple(key for key, n in counts.items() if n > 1)
    return result


def _constant(name: str) -> Any:
    raise _NotJson(name)


def _refused(problem: str) -> ValidationFailed:
    return ValidationFailed([FieldError("json", "Tệp JSON", problem)])


def _shown(value: Any) -> str:
    """What the file holds instead, briefly: never the whole of a long value."""
    if isinstance(value, str):
        return f"chuỗi «{excerpt(value)}»"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return excerpt(repr(value))
    if isinstance(value, _HugeInteger):
        return f"một số {value.digits} chữ số"
    if isinstance(value, list):
        return f"danh sách {len(value)} phần tử"
    return "một đối tượng {…}"


class _Reader:
    """Typed access to a JSON object that collects every problem instead of stopping."""

    def __init__(
        self, data: Any, where: str, errors: list[FieldError], known: Iterable[str]
    ) -> None:
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.where = where
        self.errors = errors
        if not isinstance(data, dict):
            self.problem("", f"phải là một đối tượng JSON {{…}} (đang là {_shown(data)}).")
            return
        known = tuple(known)
        unknown = [key for key in data if key not in known]
        for key in unknown[:MAX_UNKNOWN_SHOWN]:
            guess = difflib.get_close_matches(key, known, n=1) if len(key) <= 40 else []
            hint = f" (có phải «{guess[0]}»?)" if guess else ""
            self.problem(
                key,
                f"không có trường này{hint}; các trường dùng được ở đây: {', '.join(known)}.",
            )
        if len(unknown) > MAX_UNKNOWN_SHOWN:
            self.problem("", f"còn {len(unknown) - MAX_UNKNOWN_SHOWN} trường lạ khác.")
        for key in getattr(data, "repeated", ()):
            self.problem(key, "có hai lần trong cùng một đối tượng; chỉ được ghi một lần.")

    def problem(self, key: str, text: str) -> None:
        name = f"{self.where}.{excerpt(key)}" if key else self.where
        self.errors.append(FieldError(name, name, text))

    def get(self, key: str, kind: type, default: Any = None, required: bool = False) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                self.problem(key, "bắt buộc phải có.")
            return default
        value = self.data[key]
        if kind is int and isinstance(value, _HugeInteger):
            self.problem(key, f"số quá lớn ({value.digits} chữ số).")
            return default
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(
                key,
                f"sai kiểu dữ liệu (cần {_KIND_NAMES.get(kind, kind.__name__)}, "
                f"đang là {_shown(value)}).",
            )
            return default
        return value

    def choice(self, key: str, options: dict[str, Any], default: str) -> Any:
        value = self.get(key, str, default)
        if value not in options:
            self.problem(
                key, f"«{excerpt(value)}» không hợp lệ; phải là một trong: {', '.join(options)}."
            )
            return options[default]
        return options[value]


_KIND_NAMES = {
    str: "chuỗi",
    int: "số nguyên",
    bool: "true/false",
    list: "danh sách",
    dict: "đối tượng",
}


def read_reception(data: bytes) -> ReceptionInput:
    """The bytes of a file (or of standard input): UTF-8, a BOM allowed, at most 1 MB."""
    if len(data) > MAX_JSON_BYTES:
        raise _refused(
            f"tệp lớn hơn {MAX_JSON_BYTES // 1024 // 1024} MB; mô tả một hồ sơ chỉ cần vài KB. "
            "Hãy kiểm tra lại tệp."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refused(
            f"không phải văn bản UTF-8 (byte lỗi ở vị trí {error.start}). "
            "Hãy lưu lại tệp với bảng mã UTF-8."
        ) from error
    return parse_reception(text)


def _load(text: str) -> Any:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _refused("tệp rỗng, không có mô tả hồ sơ nào.")
    try:
        return json.loads(
            text, object_pairs_hook=_object, parse_int=_integer, parse_constant=_constant
        )
    except json.JSONDecodeError as error:
        raise _refused(f"sai cú pháp ở dòng {error.lineno}, cột {error.colno}.") from error
    except RecursionError as error:
        raise _refused(
            "các ngoặc [ ] hoặc { } lồng nhau quá sâu; mô tả một hồ sơ chỉ lồng ba mức."
        ) from error
    except _NotJson as error:
        raise _refused(f"có giá trị {error} — JSON không có giá trị này.") from error
    except ValueError as error:  # anything else the decoder refuses: say where, not what
        raise _refused("không đọc được nội dung JSON.") from error


def parse_reception(text: str) -> ReceptionInput:
    """Parse and shape-check; the values themselves are validated by ``receive``."""
    document = _load(text)
    if not isinstance(document, dict):
        raise _refused(f"phải là một đối tượng JSON {{…}} (đang là {_shown(document)}).")
    errors: list[FieldError] = []
    top = _Reader(document, "hồ_sơ", errors, TOP_KEYS)
    who = _Reader(
        top.get("applicant", dict, {}, required=True), "applicant", errors, APPLICANT_KEYS
    )
    birth: date | None = None
    birth_text = who.get("birth_date", str)
    if birth_text:
        try:
            birth = date.fromisoformat(birth_text)
        except ValueError:
            who.problem("birth_date", "phải có dạng YYYY-MM-DD, ví dụ 1990-05-01.")
    applicant = ApplicantInput(
        name=who.get("name", str, ""),
        applicant_type=who.choice("type", APPLICANT_TYPES, "citizen"),
        id_number=who.get("id_number", str, ""),
        birth_date=birth,
        phone=who.get("phone", str, ""),
        email=who.get("email", str, ""),
        address=who.get("address", str, ""),
    )
    documents = None
    raw_documents = top.get("documents", list)
    if raw_documents is not None and len(raw_documents) > MAX_DOCUMENTS:
        top.problem(
            "documents",
            f"có {len(raw_documents)} giấy tờ, nhiều hơn mức tối đa {MAX_DOCUMENTS} của một hồ sơ.",
        )
    elif raw_documents is not None:
        documents = []
        for n, raw in enumerate(raw_documents, start=1):
            doc = _Reader(raw, f"documents[{n}]", errors, DOCUMENT_KEYS)
            documents.append(
                DocumentInput(
                    name=doc.get("name", str, "", required=True),
                    kind=doc.get("kind", str, "original"),
                    count=doc.get("count", int, 1),
                    received=doc.get("received", bool, True),
                    component_position=doc.get("component", int),
                )
            )
    request = ReceptionInput(
        procedure_code=top.get("procedure", str, "", required=True),
        applicant=applicant,
        clerk=top.get("clerk", str, "", required=True),
        outcome=top.choice("outcome", {o.value: o for o in Outcome}, "accepted"),
        documents=documents,
        sets_count=top.get("sets", int, 1),
        return_method=top.get("return_method", str, "counter"),
        return_address=top.get("return_address", str, ""),
        reason=top.get("reason", str, ""),
        summary=top.get("summary", str, ""),
        pages=top.get("pages", int, 1),
        copies=top.get("copies", int, 1),
    )
    if errors:
        raise ValidationFailed(errors)
    return request
