"""The center works as one: every counter knows the center's dossiers (real server process)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.core.domain.status import Status
from counter_app.core.errors import SyncAuthError
from counter_app.core.services.dossiers import return_result, void_dossier
from counter_app.core.store import models as m
from counter_app.core.store.printing import dossier_sheet
from counter_app.core.store.search import search
from counter_app.core.sync.status import QUARANTINED
from tests.conftest import TZ
from tests.e2e.test_sync import server_dossiers, set_status
from tests.helpers import acting
from tests.servers import Server, held_dossier
from tests.sync_helpers import OTHER_AGENCY, Counter, make_counter


def returned(counter: Counter, code: str, name: str, id_number: str = "022090001234") -> None:
    return_result(counter.services, code, name, id_number, acting("Trần An"))


def test_a_dossier_received_at_counter_1_is_returned_at_counter_2(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    c1 = make_counter(template_db, tmp_path / "c1", server, number=1)
    c2 = make_counter(template_db, tmp_path / "c2", server, number=2)
    other = make_counter(template_db, tmp_path / "b1", server, number=1, agency=OTHER_AGENCY)
    [code] = c1.receive(1)  # offline: nothing sent yet
    c1.engine.run_cycle()

    c2.engine.run_cycle()
    with c2.services.db.read() as session:
        [found] = search(session, code)  # a scan of the receipt at counter 2
        sheet = dossier_sheet(session, code, TZ)
    assert found.ledger == "Q1-1" and sheet.ledger_book.endswith("-Q1")
    assert sheet.received_by and sheet.documents  # enough to reprint the receipt there

    set_status(server, code, Status.DONE)
    c2.engine.run_cycle()
    assert c2.status_of(code) == Status.DONE
    returned(c2, code, "Nguyễn Văn Đức")
    c2.engine.run_cycle()
    assert server_dossiers(server)[code][2] == Status.RETURNED

    c1.engine.run_cycle()
    assert c1.status_of(code) == Status.RETURNED  # counter 1 sees it handed over
    with c1.services.db.read() as session:
        history = dossier_sheet(session, code, TZ).progress
    assert "tại quầy 2" in history[-1].note
    other.engine.run_cycle()
    with other.services.db.read() as session:
        assert session.scalar(select(m.Dossier).where(m.Dossier.code == code)) is None


def test_two_counters_returning_one_dossier_offline_one_wins_both_end_alike(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    c1 = make_counter(template_db, tmp_path / "c1", server, number=1)
    c2 = make_counter(template_db, tmp_path / "c2", server, number=2)
    [code] = c1.receive(1)
    c1.engine.run_cycle()
    set_status(server, code, Status.DONE)
    c1.engine.run_cycle()
    c2.engine.run_cycle()
    server.stop()  # both offline, both hand the result to someone

    returned(c1, code, "Nguyễn Văn Đức")
    returned(c2, code, "Trần Thị Bình", "022190004321")
    server.restart()
    c2.engine.run_cycle()  # counter 2's link comes back first
    c1.engine.run_cycle()
    c2.engine.run_cycle()

    assert server_dossiers(server)[code][2] == Status.RETURNED
    [refused] = [i for i in c1.engine.items() if i.state == QUARANTINED]
    assert refused.dossier_code == code
    assert refused.last_error and "Xung đột" in refused.last_error
    assert "tại quầy 2" in refused.last_error and "Trần Thị Bình" in refused.last_error
    with c1.services.db.read() as session:  # the clerk sees it on the dossier too
        assert dossier_sheet(session, code, TZ).refused == (refused.last_error,)
    for counter in (c1, c2):  # both end with the province's state
        with counter.services.db.read() as session:
            dossier = session.scalar(select(m.Dossier).where(m.Dossier.code == code))
            assert dossier is not None
            assert (dossier.status, dossier.collected_by_name) == (10, "Trần Thị Bình")


def test_ledger_numbers_never_collide_between_counters(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    c1 = make_counter(template_db, tmp_path / "c1", server, number=1)
    c2 = make_counter(template_db, tmp_path / "c2", server, number=2)
    c1.receive(2)
    c2.receive(2)
    for counter in (c1, c2, c1):
        counter.engine.run_cycle()
    with c1.services.db.read() as session:
        numbers = [s.ledger for s in search(session, "Nguyễn")]
    assert sorted(numbers) == ["Q1-1", "Q1-2", "Q2-1", "Q2-2"]


def test_a_wiped_pc_recovers_its_dossiers_and_its_next_code_is_the_21st(
    template_db: Path, tmp_path: Path, server: Server
) -> None:
    old = make_counter(template_db, tmp_path / "old", server, number=2)
    codes = old.receive(20)
    old.drain()
    # Before the PC is replaced, a void it had no link to send yet.
    void_dossier(old.services, codes[-1], "Tiếp nhận nhầm thủ tục", acting("Lê Thị Hoa"))

    new = make_counter(template_db, tmp_path / "new", server, number=2)  # same counter
    new.engine.run_cycle()
    with new.services.db.read() as session:
        held = set(session.scalars(select(m.Dossier.code)))
        states = set(session.scalars(select(m.IssuedCode.state)))
    assert held == set(codes)
    assert states == {"used"}  # the numbers skipped at enrolment are its recovered dossiers
    [next_code] = new.receive(1)
    assert next_code == codes[-1][:-2] + "21"

    # The old PC comes back: what it did before is delivered, a new reception is not.
    [late] = old.receive(1)
    with pytest.raises(SyncAuthError, match="nay thuộc một máy khác"):
        old.engine.run_cycle()
    [refused] = [i for i in old.engine.items() if i.state == QUARANTINED]
    assert refused.dossier_code == late == next_code  # the very number the new PC issued
    assert "tiếp nhận lại" in (refused.last_error or "")
    assert held_dossier(server.db_url, codes[-1]).voided_at is not None  # the void got there
