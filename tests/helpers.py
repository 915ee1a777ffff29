"""Small builders shared by tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from counter_app.core.domain.reception import ReceptionInput
from counter_app.core.domain.roles import Actor, Role
from counter_app.core.domain.text import fold
from counter_app.core.domain.validation import ApplicantInput


def applicant(
    name: str = "Nguyễn Văn Đức",
    id_number: str = "022090001234",
    phone: str = "0912345678",
    address: str = "Thôn Hải Tiến, đặc khu Cô Tô",
) -> ApplicantInput:
    return ApplicantInput(name=name, id_number=id_number, phone=phone, address=address)


def reception(procedure: str = "1.001193", **changes: object) -> ReceptionInput:
    request = ReceptionInput(procedure, applicant(), clerk="Lê Thị Hoa")
    for key, value in changes.items():
        setattr(request, key, value)
    return request


PAGE = 4096  # SQLite's page size here


def damage_page(path: Path, page: int) -> None:
    """Overwrite one page of a database file with garbage, as a failing disk might."""
    with path.open("r+b") as file:
        file.seek(PAGE * (page - 1))
        file.write(b"\xa5" * PAGE)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def acting(name: str, role: Role = Role.SUPERVISOR) -> Actor:
    """The person a test acts as (a supervisor unless said: every action is allowed)."""
    return Actor(fold(name).replace(" ", ".") or "x.x", name, role)
