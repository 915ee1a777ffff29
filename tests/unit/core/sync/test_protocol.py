"""The one declaration of the wire format, attacked with generated input.

The server's reading of an event must never raise, whatever the bytes; the counter
must never queue an event the server would refuse; and every refusal reason names
the field in Vietnamese, briefly.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.core.errors import ValidationFailed
from counter_app.core.services.context import Services
from counter_app.core.services.reception import receive
from counter_app.core.store.engine import Database
from counter_app.core.sync import outbox
from counter_app.core.sync.protocol import EventBatch, checked_event, explain
from provincial_server.service import DeviceInfo, check_ownership, read_event
from tests.conftest import make_settings
from tests.helpers import reception
from tests.wire import A, received

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
FIELDS = list(received(A, 1, f"{A}-260310-1001")) + list(received(A, 1, f"{A}-260310-1001")["data"])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_reading_any_bytes_as_an_event_never_raises(raw: bytes) -> None:
    incoming = read_event(raw)
    assert incoming.event is None and incoming.problem


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(FIELDS), value=JSON)
def test_any_value_in_any_field_is_answered_never_raised(field: str, value: Any) -> None:
    event = received(A, 1, f"{A}-260310-1001")
    target = event if field in event else event["data"]
    target[field] = value
    incoming = read_event(json.dumps(event).encode())
    if incoming.event is None:
        assert incoming.problem and len(incoming.problem) < 600
    else:  # a value the protocol takes: the ownership rules still answer, never raise
        check_ownership(incoming.event, DeviceInfo(1, A, 1))


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["Nguyễn Văn Đức", "Lê Thị Hoa", "H'Hen Niê", "Đỗ Mạnh Hùng"]),
    address=st.text(alphabet="abcdđêôơưăâ ÁÀẢÃẠ0123456789,./-", min_size=3, max_size=80),
)
def test_what_the_desk_accepts_the_province_accepts(db: Database, name: str, address: str) -> None:
    request = reception()
    request.applicant.name, request.applicant.address = name, address.strip() or "Thôn 1"
    try:
        receive(Services(db, make_settings()), request)
    except ValidationFailed:
        return  # refused at the desk, with a message: nothing queued
    with db.read() as session:
        _, envelope = outbox.next_batch(session, 10**6)[-1]  # the one just queued
    incoming = read_event(json.dumps(envelope).encode())
    assert incoming.problem == "" and incoming.event is not None


def test_the_desk_refuses_an_event_the_province_would_refuse() -> None:
    event = received(A, 1, f"{A}-260310-1001", SoBo=0)
    with pytest.raises(ValidationFailed, match="SoBo: phải >= 1"):
        checked_event(event)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"events": "x"}, "events: sai kiểu dữ liệu (cần array, nhận str)"),
        ({"events": [], "x": 1}, "có trường lạ «x»"),
        ({}, "thiếu trường «events»"),
    ],
)
def test_decoding_errors_read_in_vietnamese(document: dict[str, Any], expected: str) -> None:
    with pytest.raises(msgspec.ValidationError) as error:
        msgspec.json.decode(json.dumps(document), type=EventBatch)
    assert explain(error.value) == expected


@pytest.mark.parametrize("sex", ["Nam", "Nữ", None])
def test_the_sex_is_optional_and_one_of_two(sex: str | None) -> None:
    event = received(A, 1, f"{A}-260310-1001")
    assert checked_event(event).data.GioiTinh is None  # counters before it still deliver
    event["data"]["GioiTinh"] = sex
    assert checked_event(event).data.GioiTinh == sex


@pytest.mark.parametrize("sex", ["Nu", "nam", "Khác", ""])
def test_any_other_sex_is_refused(sex: str) -> None:
    event = received(A, 1, f"{A}-260310-1001")
    event["data"]["GioiTinh"] = sex
    with pytest.raises(ValidationFailed, match="GioiTinh"):
        checked_event(event)
