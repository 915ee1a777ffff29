import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.core.resources import resource
from counter_app.core.store.catalog import (
    CatalogError,
    load_catalog,
    parse_catalog,
    procedure_in_force,
    procedures_in_force,
)
from counter_app.core.store.engine import Database
from counter_app.core.store.models import Procedure

NOW = datetime(2026, 3, 10, 2, tzinfo=UTC)


def write(tmp_path: Path, version: str, effective: str, name: str) -> Path:
    path = tmp_path / f"{version}.json"
    document = {
        "version": version,
        "effective_from": effective,
        "procedures": [
            {
                "code": "1.001193",
                "name": name,
                "field": "Hộ tịch",
                "limit": {"kind": "working_days", "value": 1},
            }
        ],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_demo_catalog_has_enough_real_procedures() -> None:
    _, procedures = parse_catalog(resource("catalog", "demo_catalog.json").read_text("utf-8"))
    assert len(procedures) >= 15
    assert all(p.components for p in procedures)
    assert {p.field for p in procedures} >= {
        "Hộ tịch",
        "Chứng thực",
        "Đăng ký, quản lý cư trú",
        "Đất đai",
    }


def test_versions_take_effect_on_their_date(db: Database, tmp_path: Path) -> None:
    with db.write() as session:
        load_catalog(
            session, write(tmp_path, "2026.2", "2026-06-01", "Đăng ký khai sinh (mới)"), NOW
        )
    with db.read() as session:
        assert (
            procedure_in_force(session, "1.001193", date(2026, 5, 31)).name == "Đăng ký khai sinh"
        )
        assert (
            procedure_in_force(session, "1.001193", date(2026, 6, 1)).name
            == "Đăng ký khai sinh (mới)"
        )
        assert len(procedures_in_force(session, date(2026, 6, 1))) == 19


def test_loading_twice_is_harmless(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "2026.3", "2026-01-01", "x")
    with db.write() as session:
        assert not load_catalog(session, path, NOW).already_loaded
        assert load_catalog(session, path, NOW).already_loaded
    with db.read() as session:
        assert (
            session.scalar(select(func.count()).select_from(Procedure).where(Procedure.name == "x"))
            == 1
        )


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("version"),
        lambda d: d["procedures"][0].update(limit={"kind": "fortnight"}),
        lambda d: d["procedures"][0].update(limit={"kind": "working_days", "value": 0}),
        lambda d: d["procedures"][0].update(fee={"kind": "bribe"}),
        lambda d: d["procedures"][0].update(components=[{"name": "x", "kind": "fax"}]),
        lambda d: d["procedures"].append(dict(d["procedures"][0])),
        # What counters could not send to the province is refused at the door too.
        lambda d: d["procedures"][0].update(name="Đăng ký\u200b khai sinh"),  # zero-width
        lambda d: d["procedures"][0].update(name="x" * 501),
        lambda d: d["procedures"][0].update(code="1." * 20),
        lambda d: d["procedures"][0].update(field_code=123),
        lambda d: d["procedures"][0].update(processing_body="UBND 😀"),
        lambda d: d["procedures"][0].update(components=[{"name": "x", "kind": "original"}] * 61),
        lambda d: d["procedures"][0].update(
            components=[{"name": "x", "kind": "original", "count": 1000}]
        ),
    ],
)
def test_bad_catalogs_are_refused_whole(mutate: object) -> None:
    document = {
        "version": "v",
        "effective_from": "2026-01-01",
        "procedures": [{"code": "1", "name": "n", "field": "f", "limit": {"kind": "none"}}],
    }
    mutate(document)  # type: ignore[operator]
    with pytest.raises(CatalogError):
        parse_catalog(json.dumps(document))
