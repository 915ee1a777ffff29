"""Procedure catalog: loading a published version and finding the one in force.

Catalog file (JSON)::

    {"version": "2026.1", "effective_from": "2026-01-01", "source": "…",
     "procedures": [{"code": "1.001193", "name": "…", "field": "Hộ tịch",
       "field_code": "…", "level": "commune",
       "limit": {"kind": "same_day", "cutoff": "15:00"},   # or working_days + value, none
       "fee": {"kind": "free", "note": "…"}, "result_options": ["counter", "post"],
       "processing_body": "…", "active": true,
       "components": [{"name": "…", "kind": "original", "count": 1, "required": true}]}]}

A procedure is in force from its version's effective date until a later version
(with an effective date reached) publishes the same code again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased, selectinload

from counter_app.core.domain.calendar import LimitKind, ProcessingLimit
from counter_app.core.domain.catalog import (
    DOCUMENT_KINDS,
    RESULT_OPTIONS,
    ComponentInfo,
    ProcedureInfo,
)
from counter_app.core.domain.fees import validate_fee_rule
from counter_app.core.domain.limits import (
    MAX_BODY,
    MAX_CATALOG_NAME,
    MAX_DOCUMENT_COUNT,
    MAX_DOCUMENT_NAME,
    MAX_DOCUMENTS,
    MAX_PROCEDURE_CODE,
)
from counter_app.core.domain.text import clean, fold, text_problem
from counter_app.core.errors import CounterError, FieldError, NotFound
from counter_app.core.store.models import CatalogVersion, Procedure, ProcedureComponent

LEVELS = ("commune", "province")


class CatalogError(CounterError):
    """A catalog file that cannot be loaded; nothing of it was stored."""


@dataclass(frozen=True)
class LoadReport:
    version: str
    procedures: int
    already_loaded: bool


def _text(value: Any, most: int, label: str) -> str:
    """A catalog text as counters will send it to the province: the same rules apply,
    so a published catalog can never make a reception impossible to deliver."""
    if not isinstance(value, str):
        raise TypeError(f"{label} phải là chuỗi")
    if problem := text_problem(value):
        raise ValueError(f"{label}: {problem}")
    text = clean(value)
    if len(text) > most:
        raise ValueError(f"{label}: dài quá {most} ký tự")
    return text


def _procedure(raw: dict[str, Any], where: str) -> Procedure:
    try:
        limit = raw["limit"]
        kind = LimitKind(limit["kind"])
        value = int(limit.get("value", 0))
        cutoff = limit.get("cutoff")
        if cutoff is not None:
            time.fromisoformat(cutoff)
        if kind in (LimitKind.WORKING_DAYS, LimitKind.WORKING_HOURS) and value <= 0:
            raise ValueError("limit value must be positive")
        level = raw.get("level", "commune")
        if level not in LEVELS:
            raise ValueError(f"level {level!r}")
        options = list(raw.get("result_options", ["counter"]))
        if not options or set(options) - set(RESULT_OPTIONS):
            raise ValueError(f"result_options {options!r}")
        components = []
        raw_components = list(raw.get("components", []))
        if len(raw_components) > MAX_DOCUMENTS:
            raise ValueError(f"quá {MAX_DOCUMENTS} thành phần hồ sơ")
        for position, comp in enumerate(raw_components, start=1):
            if comp["kind"] not in DOCUMENT_KINDS:
                raise ValueError(f"document kind {comp['kind']!r}")
            count = int(comp.get("count", 1))
            if not 1 <= count <= MAX_DOCUMENT_COUNT:
                raise ValueError(f"số bản {count} (phải từ 1 đến {MAX_DOCUMENT_COUNT})")
            components.append(
                ProcedureComponent(
                    position=position,
                    name=_text(comp["name"], MAX_DOCUMENT_NAME, f"thành phần {position}"),
                    kind=comp["kind"],
                    count=count,
                    required=bool(comp.get("required", True)),
                )
            )
        name = _text(raw["name"], MAX_CATALOG_NAME, "tên thủ tục")
        field_code = raw.get("field_code")
        return Procedure(
            code=_text(raw["code"], MAX_PROCEDURE_CODE, "mã thủ tục"),
            name=name,
            name_folded=fold(name),
            field=_text(raw["field"], MAX_BODY, "lĩnh vực"),
            field_code=None
            if field_code is None
            else _text(field_code, MAX_PROCEDURE_CODE, "mã lĩnh vực"),
            level=level,
            limit_kind=kind.value,
            limit_value=value,
            cutoff=cutoff,
            fee_rule=validate_fee_rule(dict(raw.get("fee", {"kind": "free"}))),
            result_options=options,
            processing_body=_text(raw.get("processing_body", ""), MAX_BODY, "cơ quan xử lý"),
            active=bool(raw.get("active", True)),
            components=components,
        )
    except (KeyError, TypeError, ValueError, FieldError) as error:
        raise CatalogError(f"Danh mục thủ tục không hợp lệ ở {where}: {error}") from error


def parse_catalog(text: str) -> tuple[CatalogVersion, list[Procedure]]:
    try:
        document = json.loads(text)
        version = CatalogVersion(
            version=str(document["version"]),
            effective_from=date.fromisoformat(document["effective_from"]),
            source=str(document.get("source", "")),
        )
        raw_procedures = document["procedures"]
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise CatalogError(f"Tệp danh mục thủ tục không đúng định dạng: {error}") from error
    procedures = [
        _procedure(raw, f"thủ tục thứ {n} ({raw.get('code', '?')})")
        for n, raw in enumerate(raw_procedures, start=1)
    ]
    codes = [p.code for p in procedures]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise CatalogError(f"Danh mục có mã thủ tục trùng: {', '.join(duplicates)}")
    return version, procedures


def load_catalog(session: Session, path: Path, now: datetime) -> LoadReport:
    """Store a catalog version from a file (see ``store_catalog``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CatalogError(f"Không đọc được tệp danh mục {path}: {error.strerror}") from error
    return store_catalog(session, text, now)


def store_catalog(session: Session, text: str, now: datetime) -> LoadReport:
    """Store a catalog version (idempotent: loading the same version twice does nothing)."""
    version, procedures = parse_catalog(text)
    if session.scalar(select(CatalogVersion).where(CatalogVersion.version == version.version)):
        return LoadReport(version.version, len(procedures), already_loaded=True)
    version.loaded_at = now
    session.add(version)
    session.flush()
    for procedure in procedures:
        procedure.catalog_version_id = version.id
    session.add_all(procedures)
    return LoadReport(version.version, len(procedures), already_loaded=False)


def _in_force(today: date) -> Any:
    """Filter: the procedure's version is effective and no newer effective one replaces it."""
    newer_p = aliased(Procedure)
    newer_v = aliased(CatalogVersion)
    replaced = exists().where(
        newer_p.code == Procedure.code,
        newer_p.catalog_version_id == newer_v.id,
        newer_v.effective_from <= today,
        (newer_v.effective_from > CatalogVersion.effective_from)
        | (
            (newer_v.effective_from == CatalogVersion.effective_from)
            & (newer_v.id > CatalogVersion.id)
        ),
    )
    return (CatalogVersion.effective_from <= today) & ~replaced


def procedures_in_force(session: Session, today: date) -> list[Procedure]:
    query = (
        select(Procedure)
        .join(CatalogVersion, Procedure.catalog_version_id == CatalogVersion.id)
        .where(_in_force(today), Procedure.active)
        .options(selectinload(Procedure.components))
        .order_by(Procedure.field, Procedure.name)
    )
    return list(session.scalars(query))


def procedure_in_force(session: Session, code: str, today: date) -> Procedure:
    query = (
        select(Procedure)
        .join(CatalogVersion, Procedure.catalog_version_id == CatalogVersion.id)
        .where(Procedure.code == code.strip(), _in_force(today), Procedure.active)
        .options(selectinload(Procedure.components))
    )
    procedure = session.scalar(query)
    if procedure is None:
        raise NotFound(
            f"Không có thủ tục mã «{code}» đang có hiệu lực trong danh mục. "
            "Hãy kiểm tra mã hoặc cập nhật danh mục thủ tục."
        )
    return procedure


def catalog_snapshot(session: Session, today: date) -> list[ProcedureInfo]:
    return [
        ProcedureInfo(
            code=p.code,
            name=p.name,
            folded=f"{p.code} {p.name_folded}",
            field=p.field,
            limit=processing_limit(p),
            fee_rule=dict(p.fee_rule),
            result_options=tuple(p.result_options),
            components=tuple(
                ComponentInfo(c.position, c.name, c.kind, c.count, c.required) for c in p.components
            ),
        )
        for p in procedures_in_force(session, today)
    ]


def processing_limit(procedure: Procedure) -> ProcessingLimit:
    cutoff = time.fromisoformat(procedure.cutoff) if procedure.cutoff else None
    return ProcessingLimit(LimitKind(procedure.limit_kind), procedure.limit_value, cutoff)
