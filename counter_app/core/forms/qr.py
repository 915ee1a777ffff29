"""The text of the QR code on issued papers (Circular 01/2023/TT-VPCP), and reading it back.

Compact text, one line, fields separated by ``|``; the first field names the
format and its version, every other one is ``Key=value`` (split at the first
``=``, so a link keeps its own ``=``)::

    QMC1|MaHoSo=000.17.22.H56-260310-1001|MaTTHC=1.001193|SoDinhDanh=022090001234
        |TenGiayTo=Giấy tiếp nhận hồ sơ và hẹn trả kết quả|MauSo=01/2025
        |HeThong=Quầy Một Cửa 000.17.22.H56 quầy 1|ThoiDiemCap=20260310093000
        |NgayHenTra=20260310170000|TraCuu=https://…?ma=000.17.22.H56-260310-1001

(on one line). Always present, in this order: ``MaHoSo`` dossier code, ``MaTTHC``
procedure code, ``SoDinhDanh`` applicant's ID number (empty when none),
``TenGiayTo`` document name, ``MauSo`` form number/set, ``HeThong`` issuing
system, ``ThoiDiemCap`` time of issue (``yyyyMMddHHmmss``, local time, as the
national portal writes times). Then, when they apply: ``NgayHenTra`` the
appointment (receipt; the new date on an apology; empty: no fixed deadline),
``InLai`` the time of a reprint, ``DaHuy=1`` on a voided dossier's paper,
``TraCuu`` the status-lookup link (when ``print.lookup_url`` is set). Readers
ignore keys they do not know. In a value, ``%`` is written ``%25``, ``|`` is
``%7C`` and a line break ``%0A``/``%0D``; text is UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from counter_app.core.forms.data import DossierSheet, Issue, Letterhead
from counter_app.core.forms.formset import FormCaption

FORMAT = "QMC1"  # "Quầy Một Cửa", format 1
SEPARATOR = "|"
_ESCAPES = {"%": "%25", "|": "%7C", "\n": "%0A", "\r": "%0D"}
_UNESCAPES = {code: char for char, code in _ESCAPES.items()}
_ESCAPED = re.compile("|".join(re.escape(code) for code in _UNESCAPES), re.IGNORECASE)


class NotOurCode(ValueError):
    """The text is not a QR code this program printed."""


def portal_time(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def _escape(value: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in value)


def _unescape(value: str) -> str:
    return _ESCAPED.sub(lambda match: _UNESCAPES[match.group(0).upper()], value)


def qr_text(fields: Iterable[tuple[str, str]]) -> str:
    return SEPARATOR.join([FORMAT, *(f"{key}={_escape(value)}" for key, value in fields)])


def paper_fields(
    sheet: DossierSheet,
    caption: FormCaption,
    head: Letterhead,
    issue: Issue,
    appointment: str | None = None,
) -> list[tuple[str, str]]:
    """The fields of one paper; ``appointment`` is already a portal time ("": none fixed)."""
    fields = [
        ("MaHoSo", sheet.code),
        ("MaTTHC", sheet.procedure_code),
        ("SoDinhDanh", sheet.id_number),
        ("TenGiayTo", caption.name),
        ("MauSo", caption.code),
        ("HeThong", head.system),
        ("ThoiDiemCap", portal_time(issue.issued_at)),
    ]
    if appointment is not None:
        fields.append(("NgayHenTra", appointment))
    if issue.reprinted_at is not None:
        fields.append(("InLai", portal_time(issue.reprinted_at)))
    if sheet.voided:
        fields.append(("DaHuy", "1"))
    if head.lookup_url:
        fields.append(("TraCuu", head.lookup_url + sheet.code))
    return fields


def parse_qr(text: str) -> dict[str, str]:
    """The fields of a code printed by ``qr_text``; ``NotOurCode`` for any other text."""
    head, *fields = text.strip().split(SEPARATOR)
    if head != FORMAT:
        raise NotOurCode(text[:40])
    parsed: dict[str, str] = {}
    for field in fields:
        key, equals, value = field.partition("=")
        if not equals or not key:
            raise NotOurCode(field[:40])
        parsed[key] = _unescape(value)
    return parsed
