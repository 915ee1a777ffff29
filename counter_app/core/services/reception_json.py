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
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from counter_app.core.domain.reception import DocumentInput, Outcome, ReceptionInput
from counter_app.core.domain.validation import ApplicantInput, ApplicantType
from counter_app.core.errors import FieldError, ValidationFailed

APPLICANT_TYPES = {
    "citizen": ApplicantType.CITIZEN,
    "enterprise": ApplicantType.ENTERPRISE,
    "state_agency": ApplicantType.STATE_AGENCY,
    "other": ApplicantType.OTHER,
}


class _Reader:
    """Typed access to a JSON object that collects every problem instead of stopping."""

    def __init__(self, data: Any, where: str, errors: list[FieldError]) -> None:
        self.data = data if isinstance(data, dict) else {}
        self.where = where
        self.errors = errors
        if not isinstance(data, dict):
            self.problem("", "phải là một đối tượng JSON {…}.")

    def problem(self, key: str, text: str) -> None:
        name = f"{self.where}.{key}" if key else self.where
        self.errors.append(FieldError(name, name, text))

    def get(self, key: str, kind: type, default: Any = None, required: bool = False) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                self.problem(key, "bắt buộc phải có.")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(key, f"sai kiểu dữ liệu (cần {_KIND_NAMES.get(kind, kind.__name__)}).")
            return default
        return value

    def choice(self, key: str, options: dict[str, Any], default: str) -> Any:
        value = self.get(key, str, default)
        if value not in options:
            self.problem(key, f"phải là một trong: {', '.join(options)}.")
            return options[default]
        return options[value]


_KIND_NAMES = {
    str: "chuỗi",
    int: "số nguyên",
    bool: "true/false",
    list: "danh sách",
    dict: "đối tượng",
}


def parse_reception(text: str) -> ReceptionInput:
    """Parse and shape-check; the values themselves are validated by ``receive``."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationFailed(
            [
                FieldError(
                    "json", "Tệp JSON", f"sai cú pháp ở dòng {error.lineno}, cột {error.colno}."
                )
            ]
        ) from error
    errors: list[FieldError] = []
    top = _Reader(document, "hồ_sơ", errors)
    who = _Reader(top.get("applicant", dict, {}, required=True), "applicant", errors)
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
    if raw_documents is not None:
        documents = []
        for n, raw in enumerate(raw_documents, start=1):
            doc = _Reader(raw, f"documents[{n}]", errors)
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
