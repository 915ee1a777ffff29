"""The center's dossiers as the province sends them to every counter of an agency.

Part of the wire protocol (``protocol.py`` imports it): one ``DossierRecord`` is the
compact current state of a dossier, whoever received it. It travels two ways:

- in the change feed (kind ``dossier``), emitted each time the dossier is received
  or changes; the feed keeps only a dossier's latest record, so a counter far behind
  pulls each dossier once;
- in pages of ``GET /v1/dossiers`` (``DossiersReply``), which let a new or wiped
  counter fetch what a clerk needs first (dossiers not yet closed, the last 30 days)
  and then the history, newest first, resumably.

``rev`` is the feed number of the record: a counter applies a record only if it is
newer than the one it holds, so the two ways never step a dossier back. Fields not
given (None, 0, empty) are left out on the wire: every byte counts at 64 kbit/s.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from msgspec import Meta, Struct, field

from counter_app.core.domain import limits
from counter_app.core.sync.wire_types import (
    CODE_RE,
    Address,
    Body,
    CatalogCode,
    CatalogName,
    Count,
    CounterNumber,
    DocumentKind,
    DocumentName,
    DossierCode,
    EmailAddress,
    IdNumber,
    Moment,
    Name,
    Person,
    PortalDate,
    PortalTime,
    Reason,
    StatusCode,
    Summary,
    check_exact,
)

MAX_RECORDS_PER_PAGE = 1000
RECENT_DAYS = 30  # what a new counter fetches first, besides every dossier not yet closed


class RecordsPart(StrEnum):
    CURRENT = "current"  # not yet closed, or received in the last RECENT_DAYS days
    HISTORY = "history"  # received before that, newest first


class RecordDocument(Struct, forbid_unknown_fields=True, omit_defaults=True, array_like=True):
    """A document of the dossier: name, kind, count, handed in (a list, not an object)."""

    Ten: DocumentName
    LoaiBan: DocumentKind
    SoLuong: Annotated[int, Meta(ge=1, le=limits.MAX_DOCUMENT_COUNT)] = 1
    DaNop: bool = True


class LastStep(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """The dossier's last change of status: what a counter's history line says."""

    TrangThaiTruoc: StatusCode
    ThoiDiemXuLy: PortalTime
    NoiDungXuLy: Reason = ""
    NguoiXuLy: Person = ""
    Quay: int = 0  # the counter that made it; 0: the province (a processing body)


class VoidRecord(Struct, forbid_unknown_fields=True, omit_defaults=True):
    LyDo: Reason
    NguoiXuLy: Person
    ThoiDiem: Moment
    Quay: int = 0


class DossierRecord(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """A dossier of the agency as the province holds it now."""

    rev: Annotated[int, Meta(ge=1, le=2**63 - 1)]
    MaHoSo: DossierCode
    Quay: CounterNumber  # the counter that received it: its ledger book
    MaTTHC: CatalogCode
    TenTTHC: CatalogName
    ChuHoSo: Name
    LoaiDoiTuong: Literal[1, 2, 3, 4]
    DiaChi: Address
    NgayTiepNhan: PortalTime
    KetQuaTiepNhan: Literal[2, 3, 5]  # the reception's outcome
    TrangThai: StatusCode  # now
    NguoiTiepNhan: Person
    DonViXuLy: Body
    SoThuTu: Annotated[int, Meta(ge=1)] | None = None  # in the book of counter Quay, that year
    TrichYeuHoSo: Summary = ""
    KenhThucHien: Literal[1, 2, 3] = 1
    SoGiayToChuHoSo: IdNumber | None = None
    NgaySinh: PortalDate | None = None
    GioiTinh: Literal["Nam", "Nữ"] | None = None
    SoDienThoai: Annotated[str, Meta(max_length=11)] | None = None
    Email: EmailAddress | None = None
    NgayHenTra: PortalTime | None = None
    SoBo: Annotated[int, Meta(ge=1, le=limits.MAX_SETS)] = 1
    LePhi: Count | None = None
    HinhThucTraKetQua: Literal["counter", "post"] = "counter"
    DiaChiNhanKetQua: Address | None = None
    GhiChu: Reason | None = None
    GiayTo: Annotated[list[RecordDocument], Meta(max_length=limits.MAX_DOCUMENTS)] = field(
        default_factory=list
    )
    NgayTra: PortalTime | None = None
    NguoiNhanKetQua: Name | None = None
    SoGiayToNguoiNhan: IdNumber | None = None
    XuLy: LastStep | None = None
    Huy: VoidRecord | None = None
    HieuChinh: Annotated[int, Meta(ge=0)] = 0  # how many times the applicant was corrected

    def __post_init__(self) -> None:
        check_exact(self.MaHoSo, CODE_RE, "MaHoSo")


class DossiersReply(Struct, forbid_unknown_fields=True):
    """``GET /v1/dossiers``: one page of the agency's dossiers; ``next`` continues it."""

    records: Annotated[list[DossierRecord], Meta(max_length=MAX_RECORDS_PER_PAGE)]
    next: Annotated[str, Meta(max_length=100)] | None  # None: the part is complete
    head: Count  # the feed's last number when the page was read
    server_time: Moment
