import pytest

from counter_app.core.services.context import Services
from counter_app.core.services.dossiers import void_dossier
from counter_app.core.services.reception import receive
from counter_app.core.store.search import fts_query, search
from tests.conftest import TZ, FakeClock, local
from tests.helpers import acting, applicant, reception

PEOPLE = [
    ("Nguyễn Văn Đức", "022090001234", "0912345678", "Thôn Hải Tiến, đặc khu Cô Tô"),
    ("Đặng Thị Hồng", "022185004321", "0387654321", "Thôn Nam Hà, đặc khu Cô Tô"),
    ("Trần Minh Quân", "045095007788", "0701234567", "Khu 3, đường Lê Lợi"),
    ("Nguyễn Thị Đào", "022300001111", "0961112233", "Thôn Thanh Trì"),
]


@pytest.fixture
def codes(services: Services) -> dict[str, str]:
    found = {}
    for name, id_number, phone, address in PEOPLE:
        request = reception(applicant=applicant(name, id_number, phone, address))
        found[name] = receive(services, request).code
    return found


def names(services: Services, query: str) -> list[str]:
    with services.db.read() as session:
        return [row.applicant_name for row in search(session, query)]


def test_folded_name_search(services: Services, codes: dict[str, str]) -> None:
    assert names(services, "nguyen van duc") == ["Nguyễn Văn Đức"]
    assert names(services, "dang") == ["Đặng Thị Hồng"]
    assert names(services, "ĐẶNG thị") == ["Đặng Thị Hồng"]


def test_prefix_matching_as_the_clerk_types(services: Services, codes: dict[str, str]) -> None:
    assert names(services, "ng") == ["Nguyễn Thị Đào", "Nguyễn Văn Đức"]  # newest first
    assert names(services, "nguyen v") == ["Nguyễn Văn Đức"]
    assert names(services, "nguyen d") == ["Nguyễn Thị Đào", "Nguyễn Văn Đức"]


def test_finished_words_match_whole(services: Services, codes: dict[str, str]) -> None:
    assert names(services, "tran") == ["Trần Minh Quân"]
    assert names(services, "nguy thi") == []  # "nguy" was left unfinished by a space


def test_address_and_phone(services: Services, codes: dict[str, str]) -> None:
    assert names(services, "duong le loi") == ["Trần Minh Quân"]
    assert names(services, "0387") == ["Đặng Thị Hồng"]


def test_exact_code_and_id_number(services: Services, codes: dict[str, str]) -> None:
    with services.db.read() as session:
        by_code = search(session, codes["Trần Minh Quân"].lower())
        by_id = search(session, "045 095 007 788")
    assert [r.code for r in by_code] == [codes["Trần Minh Quân"]]
    assert [r.applicant_name for r in by_id] == ["Trần Minh Quân"]


def test_hostile_queries_are_harmless(services: Services, codes: dict[str, str]) -> None:
    for query in ('"', "AND OR NOT", "*", "nguyen) OR (", "", "   ", "x" * 5000, "NEAR(a b)"):
        names(services, query)  # must not raise
    assert fts_query("   ") is None
    assert fts_query('he said "hi"') == '"he" AND "said" AND "hi"*'
    assert fts_query("tran ") == '"tran"'  # a finished word matches whole
    assert names(services, "không có ai") == []


def test_ledger_filters(services: Services, clock: FakeClock) -> None:
    from datetime import date

    from counter_app.core.domain.listing import LedgerFilter
    from counter_app.core.domain.status import Status
    from counter_app.core.services.dossiers import change_status
    from counter_app.core.store.search import ledger

    residence = receive(services, reception("1.004222")).code  # due 19/3 09:30
    birth = receive(services, reception()).code  # due 10/3 17:00
    change_status(services, birth, Status.DONE, "Cán bộ")
    clock.now = local(2026, 3, 11, 8)
    later = receive(services, reception("1.012756")).code

    def codes(**kwargs: object) -> list[str]:
        spec = LedgerFilter(date(2026, 3, 10), date(2026, 3, 11), **kwargs)  # type: ignore[arg-type]
        with services.db.read() as session:
            return [r.code for r in ledger(session, spec, TZ)]

    assert codes() == [residence, birth, later]  # reception order
    assert codes(status=Status.DONE) == [birth]
    assert codes(procedure_code="1.012756") == [later]
    assert codes(overdue_at=local(2026, 3, 20, 8)) == [residence]  # done ones are not overdue
    with services.db.read() as session:
        tenth = ledger(session, LedgerFilter(date(2026, 3, 10), date(2026, 3, 10)), TZ)
    assert [r.code for r in tenth] == [residence, birth]


def test_a_voided_dossier_is_found_as_voided(services: Services, codes: dict[str, str]) -> None:
    void_dossier(
        services, codes["Nguyễn Văn Đức"], "Tiếp nhận nhầm thủ tục", acting("Nguyễn Thị Mai")
    )
    with services.db.read() as session:
        found = {row.code: row.voided for row in search(session, "nguyen")}
        [by_id] = search(session, codes["Nguyễn Văn Đức"])
    assert found[codes["Nguyễn Văn Đức"]] and by_id.voided
    assert not any(voided for code, voided in found.items() if code != codes["Nguyễn Văn Đức"])


def test_a_voided_dossier_is_in_the_ledger_but_in_no_status_and_never_overdue(
    services: Services,
) -> None:
    from datetime import date

    from counter_app.core.domain.listing import LedgerFilter
    from counter_app.core.domain.status import Status
    from counter_app.core.store.printing import ledger_lines
    from counter_app.core.store.search import ledger

    kept, voided = (receive(services, reception()).code for _ in range(2))  # due 10/3 17:00
    void_dossier(services, voided, "Nhầm người nộp", acting("Nguyễn Thị Mai"))
    day = date(2026, 3, 10)

    def rows(**kwargs: object) -> dict[str, bool]:
        spec = LedgerFilter(day, day, **kwargs)  # type: ignore[arg-type]
        with services.db.read() as session:
            return {r.code: r.voided for r in ledger(session, spec, TZ)}

    assert rows() == {kept: False, voided: True}  # the book lists every number
    assert rows(status=Status.ACCEPTED) == {kept: False}
    assert rows(overdue_at=local(2026, 3, 11, 8)) == {kept: False}
    with services.db.read() as session:
        printed = {line.code: line.voided for line in ledger_lines(session, day, day, TZ)}
        overdue = ledger_lines(session, day, day, TZ, overdue_at=local(2026, 3, 11, 8))
    assert printed == {kept: False, voided: True}
    assert [line.code for line in overdue] == [kept]
