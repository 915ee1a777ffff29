import json

import pytest

from counter_app.core.domain.limits import MAX_DOCUMENTS, MAX_JSON_BYTES
from counter_app.core.domain.reception import Outcome
from counter_app.core.domain.validation import ApplicantType
from counter_app.core.errors import ValidationFailed
from counter_app.core.services.reception_json import parse_reception, read_reception

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


def refusal(data: bytes | str) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        if isinstance(data, bytes):
            read_reception(data)
        else:
            parse_reception(data)
    caught.value.message.encode("utf-8")  # printable and loggable
    return caught.value


def test_deep_nesting_is_refused_not_a_crash() -> None:
    failure = refusal('{"procedure": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "lồng nhau quá sâu" in failure.message


def test_an_integer_of_thousands_of_digits_is_refused_by_name() -> None:
    text = json.dumps(FULL).replace('"sets": 2', '"sets": ' + "9" * 5000)
    failure = refusal(text)
    assert failure.message == "hồ_sơ.sets: số quá lớn (5000 chữ số)."


def test_huge_integers_elsewhere_are_wrong_types_not_crashes() -> None:
    document = json.loads(json.dumps(FULL))
    document["applicant"]["address"] = "HERE"
    text = json.dumps(document).replace('"HERE"', "-" + "1" * 5000)
    failure = refusal(text)
    assert "applicant.address: sai kiểu dữ liệu" in failure.message
    assert "5000 chữ số" in failure.message and "1111111111" not in failure.message


def test_a_lone_surrogate_is_read_and_left_to_the_character_rules() -> None:
    request = parse_reception(json.dumps(dict(FULL, clerk="Hoa\ud800")))
    assert request.clerk == "Hoa\ud800"  # receive() refuses it by its code point
    failure = refusal(json.dumps(dict(FULL, documets=[], **{"\ud800": 1})))
    assert "hồ_sơ.\ufffd: không có trường này" in failure.message


def test_a_utf8_bom_is_allowed() -> None:
    data = "\ufeff".encode() + json.dumps(FULL, ensure_ascii=False).encode()
    assert read_reception(data).clerk == "Lê Thị Hoa"
    assert parse_reception("\ufeff" + json.dumps(FULL)).clerk == "Lê Thị Hoa"


@pytest.mark.parametrize(
    ("where", "change", "field", "hint"),
    [
        ("top", {"documets": []}, "hồ_sơ.documets", "«documents»"),
        ("top", {"Procedure": "x"}, "hồ_sơ.Procedure", "«procedure»"),
        ("applicant", {"phnoe": "0912345678"}, "applicant.phnoe", "«phone»"),
        ("document", {"cuont": 2}, "documents[1].cuont", "«count»"),
        ("document", {"x" * 10_000: 1}, "documents[1]." + "x" * 39 + "…", ""),
    ],
)
def test_unknown_keys_are_refused_at_every_level(
    where: str, change: dict[str, object], field: str, hint: str
) -> None:
    document = json.loads(json.dumps(FULL))
    target = {
        "top": document,
        "applicant": document["applicant"],
        "document": document["documents"][0],
    }[where]
    target.update(change)
    failure = refusal(json.dumps(document))
    [error] = failure.errors
    assert error.field == field and "không có trường này" in error.problem
    assert hint in error.problem
    assert len(error.message) < 300


def test_many_unknown_keys_are_counted_not_listed() -> None:
    failure = refusal(json.dumps(dict(FULL, **{f"k{n}": n for n in range(10_000)})))
    assert len(failure.errors) == 6 and "còn 9995 trường lạ khác" in failure.message


def test_a_repeated_key_is_refused() -> None:
    text = json.dumps(FULL)[:-1] + ', "sets": 3}'
    failure = refusal(text)
    assert [e.field for e in failure.errors] == ["hồ_sơ.sets"]
    assert "hai lần" in failure.message


def test_bad_values_are_quoted_briefly() -> None:
    huge = "x" * 500_000
    failure = refusal(json.dumps(dict(FULL, outcome=huge, sets=huge)))
    assert len(failure.message) < 400
    assert "«" + "x" * 39 + "…»" in failure.message


def test_too_many_documents_are_refused_without_reading_each() -> None:
    documents = [{"nme": n} for n in range(MAX_DOCUMENTS + 1)]
    failure = refusal(json.dumps(dict(FULL, documents=documents)))
    assert [e.field for e in failure.errors] == ["hồ_sơ.documents"]
    assert f"tối đa {MAX_DOCUMENTS}" in failure.message


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "tệp rỗng"),
        (b"  \n", "tệp rỗng"),
        ("\ufeff".encode(), "tệp rỗng"),
        (b"\xff\xfe{\x00}\x00", "không phải văn bản UTF-8"),  # UTF-16
        ('{"clerk": "Lê Hoa"}'.encode("cp1258"), "không phải văn bản UTF-8"),  # Windows-1258
        (b"[1, 2]", "danh sách 2 phần tử"),
        (b'"text"', "chuỗi «text»"),
        (b"null", "phải là một đối tượng JSON"),
        (b'{"sets": NaN}', "NaN"),
        (b'{"sets": -Infinity}', "-Infinity"),
        (b"{" + b" " * (MAX_JSON_BYTES + 1) + b"}", "lớn hơn 1 MB"),
    ],
)
def test_files_that_are_not_a_description(data: bytes, needle: str) -> None:
    assert needle in refusal(data).message


def test_a_file_just_under_the_size_limit_is_read() -> None:
    text = json.dumps(FULL)
    padded = text[:-1] + " " * (MAX_JSON_BYTES - len(text.encode())) + "}"
    assert len(padded.encode()) == MAX_JSON_BYTES
    assert read_reception(padded.encode()).procedure_code == "2.000815"
