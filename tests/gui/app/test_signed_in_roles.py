"""Found trying the window as a clerk and a supervisor (issue 13): what a signed-in
clerk is offered, and who the audit trail says did her work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core.services.context import Services
from counter_app.core.store import models as m
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.signin import SignInDialog
from tests.gui.app.test_signin import first_sign_in, one_time, window
from tests.gui.conftest import press
from tests.gui.receive.test_receive import fill_birth_registration, tick_all_documents

__all__ = ["one_time", "window"]  # the fixtures, shared with the sign-in test


def signed_in_clerk(qtbot: QtBot, window: MainWindow, one_time: str) -> None:
    with qtbot.waitSignal(window.sign_in_opened, timeout=10_000) as opened:
        window.resize(1280, 800)
        window.show()
    dialog: SignInDialog = opened.args[0]
    first_sign_in(qtbot, window, dialog, one_time)


def test_a_clerk_is_not_offered_the_audit_trail(
    qtbot: QtBot, window: MainWindow, one_time: str
) -> None:
    """Seeing the audit trail is a supervisor's (README, roles): Hệ thống → «Nhật ký
    thao tác…» is neither enabled for a clerk nor opens for her."""
    signed_in_clerk(qtbot, window, one_time)
    assert not window.settings_action.isEnabled()
    assert not (window.audit_action.isEnabled() and window.audit_action.isVisible())


def test_the_audit_trail_names_the_signed_in_clerk_by_her_login(
    qtbot: QtBot, window: MainWindow, services: Services, one_time: str
) -> None:
    """A reception and its print by a signed-in person are hers in the trail: the
    entry carries her login (so «Người thực hiện: mai.nt» finds them), as her
    sign-in entry does."""
    signed_in_clerk(qtbot, window, one_time)
    fill_birth_registration(qtbot, window)
    tick_all_documents(qtbot, window)
    with qtbot.waitSignal(window.printed, timeout=20_000):
        press(qtbot, window.receive.applicant.address, Qt.Key.Key_P,
              Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    with services.db.read() as session:
        rows = session.execute(
            select(m.AuditLogEntry.action, m.AuditLogEntry.login).where(
                m.AuditLogEntry.action.in_(["sign_in", "receive", "print"])
            )
        ).all()
    assert {action for action, _ in rows} == {"sign_in", "receive", "print"}
    assert {(action, login) for action, login in rows} == {
        ("sign_in", "mai.nt"),
        ("receive", "mai.nt"),
        ("print", "mai.nt"),
    }
