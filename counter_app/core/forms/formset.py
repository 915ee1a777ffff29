"""The sets of one-stop forms (2018, 2025): numbers and names, read from forms.json.

A circular renumbers the forms now and then (Circular 03/2025/TT-VPCP added the
notice of stopping processing as form 05 and moved the control slip and the ledger
to 06 and 07), so numbers and names are data; the setting ``print.form_set``
chooses the set. Light to import (no ReportLab): settings and the UI use it too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from counter_app.core.resources import resource

FORM_SETS = ("2018", "2025")
DEFAULT_FORM_SET = "2025"
LEDGER = "ledger"  # the ledger is a form of the set, though not of one dossier


@dataclass(frozen=True)
class FormCaption:
    kind: str  # receipt, supplement, refusal, apology, stop, control, ledger
    number: str  # "01"
    name: str  # "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    title: str  # the heading: the name in capitals unless the data says otherwise
    form_set: str
    basis: str  # the circular: "Thông tư 03/2025/TT-VPCP"
    promise: str = ""  # an apology's words before the new date

    @property
    def number_line(self) -> str:
        """What is printed top right: «Mẫu số 01»."""
        return f"Mẫu số {self.number}"

    @property
    def code(self) -> str:
        """Number and set in one short token (the QR code's ``MauSo``): «01/2025»."""
        return f"{self.number}/{self.form_set}"


class FormNotInSet(LookupError):
    """The chosen set has no such form (the 2018 set has no notice of stopping)."""


@cache
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resource("forms", "forms.json").read_text("utf-8"))
    return loaded


def common() -> dict[str, Any]:
    """Captions shared by every set: the unit, the national motto, the copies' labels."""
    return {key: value for key, value in _data().items() if key not in ("sets", "_comment")}


def caption(form_set: str, kind: str) -> FormCaption:
    chosen = _data()["sets"][form_set]
    entry = chosen["forms"].get(kind)
    if entry is None:
        raise FormNotInSet(kind)
    name = entry["name"]
    return FormCaption(
        kind,
        entry["number"],
        name,
        entry.get("title", name.upper()),
        form_set,
        chosen["basis"],
        entry.get("promise", ""),
    )


def kinds(form_set: str) -> tuple[str, ...]:
    """The set's forms in their numbering order."""
    forms = _data()["sets"][form_set]["forms"]
    return tuple(sorted(forms, key=lambda kind: forms[kind]["number"]))


def basis(form_set: str) -> str:
    return str(_data()["sets"][form_set]["basis"])


def names() -> list[str]:
    """Every form name of every set (the interface translates them)."""
    return list(
        dict.fromkeys(
            entry["name"] for body in _data()["sets"].values() for entry in body["forms"].values()
        )
    )
