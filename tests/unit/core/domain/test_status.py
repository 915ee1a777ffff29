import pytest

from counter_app.core.domain.status import ALLOWED, Status, can_transition, check_transition
from counter_app.core.errors import IllegalTransition


def test_reception_outcomes_follow_registration() -> None:
    for target in (Status.ACCEPTED, Status.NOT_ACCEPTED, Status.SUPPLEMENT_REQUIRED):
        check_transition(Status.REGISTERED, target)


def test_result_is_returned_only_when_done() -> None:
    check_transition(Status.DONE, Status.RETURNED)
    for current in Status:
        if current is not Status.DONE:
            assert not can_transition(current, Status.RETURNED)


@pytest.mark.parametrize(
    "final", [Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED]
)
def test_final_statuses_go_nowhere(final: Status) -> None:
    assert final.is_final
    with pytest.raises(IllegalTransition, match="trạng thái cuối"):
        check_transition(final, Status.PROCESSING)


def test_illegal_transition_is_typed_and_explained() -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition(Status.ACCEPTED, Status.RETURNED)
    assert (caught.value.current, caught.value.target) == (2, 10)
    assert "Đã trả kết quả" in caught.value.message
    assert "Đang xử lý" in caught.value.message  # lists what is allowed


def test_no_status_leads_back_to_registered_or_to_itself() -> None:
    for current, targets in ALLOWED.items():
        assert Status.REGISTERED not in targets
        assert current not in targets


def test_every_status_is_reachable_from_registered() -> None:
    seen, frontier = {Status.REGISTERED}, [Status.REGISTERED]
    while frontier:
        for nxt in ALLOWED[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(Status)
