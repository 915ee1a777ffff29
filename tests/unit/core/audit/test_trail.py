from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from counter_app.core.audit import trail
from counter_app.core.audit.trail import AuditFilter, append, verify
from counter_app.core.logs import Personal
from counter_app.core.store.engine import Database
from counter_app.core.sync.wire_audit import GENESIS, AuditAction, entry_hash, hash_of
from tests.conftest import TZ

NOW = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Account:
    login: str
    name: str


def fill(db: Database, count: int) -> None:
    for n in range(count):
        with db.write() as session:
            append(
                session,
                "Lê Thị Hoa",
                AuditAction.PRINT,
                at=NOW + timedelta(minutes=n),
                dossier=f"000.17.22.H56-260310-1{n:03d}",
                detail=f"Mẫu receipt, lần {n}",
            )


def raw(db: Database, *statements: str) -> None:
    """Tamper as someone with the file would: the triggers dropped first."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            conn.exec_driver_sql(statement)


def test_entries_chain_and_verify(db: Database) -> None:
    fill(db, 5)
    with db.read() as session:
        check = verify(session)
        rows = trail.unsent(session, 10)
    assert check.ok and check.entries == 5 and check.last_seq == 5
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in pairwise(rows))
    assert all(hash_of(r) == r.hash for r in rows)
    assert rows[0].name == "Lê Thị Hoa" and rows[0].login == ""


def test_an_account_is_recorded_by_login_and_name(db: Database) -> None:
    with db.write() as session:
        append(session, Account("hoa.lt", "Lê Thị Hoa"), AuditAction.SIGN_IN, at=NOW)
    with db.read() as session:
        (row,) = trail.entries(session, AuditFilter(person="hoa.lt"), TZ)
    assert (row.login, row.name, row.action_label) == ("hoa.lt", "Lê Thị Hoa", "Đăng nhập")


def test_the_entry_rolls_back_with_its_action(db: Database) -> None:
    with pytest.raises(RuntimeError), db.write() as session:
        append(session, "Hoa", AuditAction.VOID, at=NOW)
        raise RuntimeError("the action failed after its entry")
    fill(db, 1)
    with db.read() as session:
        assert [r.seq for r in trail.unsent(session, 10)] == [1]
        assert verify(session).ok


def test_personal_numbers_are_masked(db: Database) -> None:
    with db.write() as session:
        append(
            session,
            "Hoa",
            AuditAction.RETURN,
            at=NOW,
            detail=f"Người nhận {Personal('Nguyễn Văn An')}, CCCD 001099012345, SĐT 0912345678",
        )
    with db.read() as session:
        (row,) = trail.entries(session, AuditFilter(), TZ)
    assert row.detail == "Người nhận N. V. A., CCCD 001******345, SĐT 091*****78"


def test_the_program_cannot_change_or_delete_an_entry(db: Database) -> None:
    fill(db, 2)
    for statement in ("UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as conn:
            conn.exec_driver_sql(statement)


def test_an_edited_entry_is_named(db: Database) -> None:
    fill(db, 5)
    raw(db, "UPDATE audit_log SET detail = 'Mẫu receipt, lần 9' WHERE seq = 3")
    with db.read() as session:
        check = verify(session)
    assert check.bad_seq == 3
    assert "mục số 3" in check.message and "bị sửa" in check.message


def test_an_entry_rehashed_after_editing_breaks_the_next_link(db: Database) -> None:
    fill(db, 5)
    raw(db, "UPDATE audit_log SET hash = '" + "a" * 64 + "' WHERE seq = 2")
    with db.read() as session:
        check = verify(session)
    assert check.bad_seq == 2  # its own hash no longer recomputes
    raw(db, "UPDATE audit_log SET hash = '" + "a" * 64 + "', prev_hash = 'x' WHERE seq = 4")
    with db.read() as session:
        assert verify(session).bad_seq == 2


def test_a_removed_entry_is_named(db: Database) -> None:
    fill(db, 5)
    raw(db, "DELETE FROM audit_log WHERE seq = 3")
    with db.read() as session:
        check = verify(session)
    assert check.bad_seq == 3
    assert "Thiếu mục số 3" in check.message


def test_a_removed_first_entry_and_a_removed_tail_are_named(db: Database) -> None:
    fill(db, 5)
    raw(db, "DELETE FROM audit_log WHERE seq >= 4")
    with db.read() as session:
        check = verify(session)
    assert check.bad_seq == 4 and "các mục số 4–5" in check.message
    raw(db, "DELETE FROM audit_log WHERE seq = 1")
    with db.read() as session:
        assert verify(session).bad_seq == 1


def test_filters_by_person_action_and_local_day(db: Database) -> None:
    with db.write() as session:
        append(
            session, "Lê Thị Hoa", AuditAction.RECEIVE, at=datetime(2026, 3, 9, 16, 59, tzinfo=UTC)
        )
        append(
            session, "Trần Văn Nam", AuditAction.VOID, at=datetime(2026, 3, 9, 17, 0, tzinfo=UTC)
        )
        append(session, "Lê Thị Hoa", AuditAction.VOID, at=datetime(2026, 3, 10, 3, 0, tzinfo=UTC))
    with db.read() as session:

        def seqs(spec: AuditFilter) -> list[int]:
            return [r.seq for r in trail.entries(session, spec, TZ)]

        assert seqs(AuditFilter()) == [3, 2, 1]
        assert seqs(AuditFilter(person="hoa")) == [3, 1]
        assert seqs(AuditFilter(action=AuditAction.VOID)) == [3, 2]
        # 17:00 UTC on the 9th is midnight of the 10th in Hà Nội
        assert seqs(AuditFilter(first=date(2026, 3, 10), last=date(2026, 3, 10))) == [3, 2]
        assert seqs(AuditFilter(last=date(2026, 3, 9))) == [1]


def test_csv_export(db: Database, tmp_path: Path) -> None:
    fill(db, 2)
    with db.read() as session:
        rows = trail.entries(session, AuditFilter(), TZ)
    assert trail.write_csv(rows, tmp_path / "a.csv") == 2
    lines = (tmp_path / "a.csv").read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("Số thứ tự,Thời gian")
    assert lines[1].startswith("2,2026-03-10 09:31:00,0,,Lê Thị Hoa,In,")


def test_ack_is_kept(db: Database) -> None:
    fill(db, 3)
    with db.write() as session:
        trail.record_ack(session, 2, "")
    with db.read() as session:
        assert [e.seq for e in trail.unsent(session, 10)] == [3]
        assert trail.sync_state(session) == (3, 2, None)


def test_old_and_new_schema_agree(db: Database) -> None:
    with db.read() as session:
        assert session.execute(text("SELECT last_seq, acked_seq FROM audit_state")).one() == (0, 0)


def test_the_hash_is_the_canonical_form_the_readme_states() -> None:
    """Recomputed by hand from the README's words: a change to the form breaks every chain."""
    name = "Lê Thị Hoa".encode()
    by_hand = hashlib.sha256(
        b"qmc-audit-v1\n1:1,27:2026-03-10T02:30:00.000000Z,1:1,0:,"
        + b"%d:%b," % (len(name), name)
        + b"5:print,0:,1:x,64:"
        + b"0" * 64
        + b","
    ).hexdigest()
    assert by_hand == "f93fdc67fea22df41549bab17eac4d3cb805acc4f7eec24407f5f963b6ec7bc3"
    computed = entry_hash(
        seq=1, at=NOW, counter=1, login="", name="Lê Thị Hoa", action="print", dossier="",
        detail="x", prev_hash=GENESIS,
    )  # fmt: skip
    assert computed == by_hand


def test_an_edited_time_or_action_is_named(db: Database) -> None:
    fill(db, 4)
    raw(db, "UPDATE audit_log SET at = '2026-03-10 02:45:00.000000' WHERE seq = 2")
    with db.read() as session:
        check = verify(session)
    assert check.bad_seq == 2 and "Mục số 2 đã bị sửa" in check.message
    raw(db, "UPDATE audit_log SET at = 'hôm qua' WHERE seq = 2")
    with db.read() as session:
        assert verify(session).bad_seq == 2
    raw(db, "UPDATE audit_log SET action = 'nothing' WHERE seq = 1")
    with db.read() as session:
        check = verify(session)
    assert check.bad_seq == 1 and "hành động lạ «nothing»" in check.message
