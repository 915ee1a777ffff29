import json

import pytest

from counter_app.core.domain.reception import Outcome
from counter_app.core.domain.validation import ApplicantType
from counter_app.core.errors import ValidationFailed
from counter_app.core.services.reception_json import parse_reception

FULL = {
    "procedure": "2.000815",
    "clerk": "Lê Thị Hoa",
    "outcome": "accepted",
    "applicant": {
        "type": "citizen",
        "name": "Đặng Thị Hồng",
        "id_number": "022185004321",
        "birth_date": "1985-07-01",
        "phone": "0387654321",
        "address": "Cô Tô",
    },
    "documents": [{"name": "Sổ hộ khẩu", "kind": "original", "count": 1, "component": 1}],
    "sets": 2,
    "pages": 4,
    "copies": 3,
}


def test_full_description_is_read() -> None:
    request = parse_reception(json.dumps(FULL))
    assert request.procedure_code == "2.000815" and request.outcome is Outcome.ACCEPTED
    assert request.applicant.applicant_type is ApplicantType.CITIZEN
    assert request.applicant.birth_date is not None and request.applicant.birth_date.year == 1985
    assert request.documents is not None and request.documents[0].component_position == 1
    assert (request.sets_count, request.pages, request.copies) == (2, 4, 3)


def test_every_shape_problem_is_reported() -> None:
    broken = {
        "procedure": 12,
        "outcome": "maybe",
        "applicant": {"type": "alien", "birth_date": "01/07/1985"},
        "documents": [{"count": "two"}],
        "sets": True,
    }
    with pytest.raises(ValidationFailed) as caught:
        parse_reception(json.dumps(broken))
    fields = [e.field for e in caught.value.errors]
    for expected in (
        "hồ_sơ.procedure",
        "hồ_sơ.clerk",
        "hồ_sơ.outcome",
        "applicant.type",
        "applicant.birth_date",
        "documents[1].name",
        "documents[1].count",
        "hồ_sơ.sets",
    ):
        assert expected in fields


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '"text"', "null"])
def test_not_an_object(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_reception(text)
