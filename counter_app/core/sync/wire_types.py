"""The field types of the wire protocol and the checks its structs run (protocol.py).

Declared for both sides: the counter checks an event before queueing it, the province
before storing it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Literal

from msgspec import Meta, Struct

from counter_app.core.domain import limits
from counter_app.core.domain.codes import AGENCY_PATTERN, CODE_PATTERN
from counter_app.core.domain.text import text_problem

UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
EventId = Annotated[str, Meta(pattern=UUID_PATTERN, description="UUID, chosen by the counter")]
AgencyCode = Annotated[str, Meta(pattern=f"^{AGENCY_PATTERN}$", examples=["000.17.22.H56"])]
DossierCode = Annotated[
    str, Meta(pattern=f"^{CODE_PATTERN}$", examples=["000.17.22.H56-260310-1001"])
]
CounterNumber = Annotated[int, Meta(ge=1, le=9)]
StatusCode = Annotated[int, Meta(ge=1, le=10)]
Moment = Annotated[datetime, Meta(tz=True, description="RFC 3339 with an offset")]
PortalTime = Annotated[str, Meta(pattern="^[0-9]{14}$", description="yyyyMMddHHmmss, local")]
PortalDate = Annotated[str, Meta(pattern="^[0-9]{8}$", description="yyyyMMdd")]
Count = Annotated[int, Meta(ge=0, le=2**63 - 1)]


Name = Annotated[str, Meta(max_length=limits.MAX_NAME)]
Person = Annotated[str, Meta(max_length=limits.MAX_CLERK)]
Reason = Annotated[str, Meta(max_length=limits.MAX_REASON)]
IdNumber = Annotated[str, Meta(max_length=limits.MAX_ID_NUMBER)]
Address = Annotated[str, Meta(max_length=limits.MAX_ADDRESS)]
EmailAddress = Annotated[str, Meta(max_length=limits.MAX_EMAIL)]
Summary = Annotated[str, Meta(max_length=limits.MAX_SUMMARY)]
DocumentName = Annotated[str, Meta(max_length=limits.MAX_DOCUMENT_NAME)]
CatalogCode = Annotated[str, Meta(max_length=limits.MAX_PROCEDURE_CODE)]  # MaTTHC, MaLinhVuc
CatalogName = Annotated[str, Meta(max_length=limits.MAX_CATALOG_NAME)]
Body = Annotated[str, Meta(max_length=limits.MAX_BODY)]  # a processing body, a day's name
Phone = Annotated[str, Meta(pattern="^[0-9]{10,11}$")]
DocumentKind = Literal["original", "certified_copy", "photocopy"]


class Invalid(ValueError):
    """A field that passes the declared schema but breaks a rule (raised in ``__post_init__``)."""


def check_text(struct: Struct, names: tuple[str, ...]) -> None:
    for name in names:
        value = getattr(struct, name)
        if isinstance(value, str) and (problem := text_problem(value)):
            raise Invalid(f"{name}: {problem}")


def check_exact(value: str | None, regex: re.Pattern[str], name: str) -> None:
    """JSON Schema's ``$`` lets one trailing newline through in Python; this does not."""
    if value is not None and not regex.fullmatch(value):
        raise Invalid(f"{name}: sai định dạng.")


def check_moment(value: str | None, name: str) -> None:
    """``yyyyMMdd`` or ``yyyyMMddHHmmss`` naming a moment that exists (31/02 does not).

    By hand rather than ``strptime``: the server checks three of these per event,
    and strptime alone took a tenth of the time it spends on one.
    """
    if value is None:
        return
    try:
        if not (value.isascii() and value.isdigit() and len(value) in (8, 14)):
            raise ValueError(value)
        date(int(value[:4]), int(value[4:6]), int(value[6:8]))  # raises if it does not exist
        if len(value) == 14:
            time(int(value[8:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as error:
        raise Invalid(f"{name}: không phải ngày giờ có thật ({value[:20]}).") from error


DIGITS_RE = re.compile("[0-9]+")
CITIZEN_ID_RE = re.compile("[0-9]{9}|[0-9]{12}")
ENTERPRISE_ID_RE = re.compile("[0-9]{10}(-[0-9]{3})?")
EVENT_ID_RE = re.compile(UUID_PATTERN.strip("^$"))
AGENCY_RE = re.compile(AGENCY_PATTERN)
CODE_RE = re.compile(CODE_PATTERN)
