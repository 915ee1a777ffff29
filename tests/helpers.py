"""Small builders shared by tests."""

from __future__ import annotations

from counter_app.core.domain.reception import ReceptionInput
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
