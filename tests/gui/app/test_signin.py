"""The window with sign-in: nobody works before signing in; a one-time password is
changed first; a clerk receives, is not offered a void; the idle lock hides the screens
until the password; «Đổi người» lets the next person in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.core import settings as settings_file
from counter_app.core.domain.roles import Actor, Role
from counter_app.core.drafts import DraftStore
from counter_app.core.services.accounts import add_clerk, create_local_account
from counter_app.core.services.context import Services
from counter_app.core.services.desk import Desk
from counter_app.core.store import models as m
from counter_app.ui.app.main_window import MainWindow
from counter_app.ui.app.operations import Operations
from counter_app.ui.app.signin import SignInDialog
from counter_app.ui.printing.printing import PrintDesk
from tests.gui.conftest import PdfPrinters, press, type_text
from tests.gui.receive.test_receive import fill_birth_registration, tick_all_documents

HOA_PASSWORD = "Lê Thị Hoa trực"


@pytest.fixture
def one_time(services: Services) -> str:
    """A supervisor, and a clerk she added: the clerk's one-time password."""
    hoa = create_local_account(services, "hoa.lt", "Lê Thị Hoa", Role.SUPERVISOR, HOA_PASSWORD)
    return add_clerk(services, hoa, "mai.nt", "Nguyễn Thị Mai")


@pytest.fixture
def window(
    qtbot: QtBot, services: Services, drafts: DraftStore, printers: PdfPrinters, one_time: str
) -> Iterator[MainWindow]:
    settings_path = drafts.path.parent / "settings.toml"
    settings_file.save(services.settings, settings_path)
    made = MainWindow(
        services.settings,
        services.clock,
        Operations("database"),
        drafts,
        open_desk=lambda: Desk(services),
        print_desk_factory=lambda parent: PrintDesk(parent, printers),
        settings_path=settings_path,
        sign_in=True,
    )
    qtbot.addWidget(made)
    yield made
    made.ops.shutdown()


def sign_in(qtbot: QtBot, dialog: SignInDialog, login: str | None, password: str) -> None:
    if login is not None:
        dialog.login.clear()
        type_text(dialog.login, login)
    type_text(dialog.password, password)
    dialog.confirm.click()


def first_sign_in(qtbot: QtBot, window: MainWindow, dialog: SignInDialog, one_time: str) -> Actor:
    """A wrong password first, then the one-time password and a new one."""
    # A wrong password: told, the login kept, the password to type again.
    sign_in(qtbot, dialog, "mai.nt", "doan-thu-xem")
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10_000)
    assert dialog.message.text().startswith("Tên đăng nhập hoặc mật khẩu không đúng")
    assert (dialog.login.text(), dialog.password.text()) == ("mai.nt", "")

    # The one-time password: a new one before any screen.
    sign_in(qtbot, dialog, None, one_time)
    qtbot.waitUntil(dialog.new_password.isVisible, timeout=10_000)
    assert not window.central.isVisible()
    type_text(dialog.new_password, "ngan")
    type_text(dialog.repeat, "ngan")
    dialog.confirm.click()
    qtbot.waitUntil(lambda: "ít nhất 8 ký tự" in dialog.message.text(), timeout=10_000)
    type_text(dialog.new_password, "Mai trực sáng")
    type_text(dialog.repeat, "Mai trực sáng")
    with qtbot.waitSignal(window.signed_in, timeout=10_000) as welcomed:
        dialog.confirm.click()
    person: Actor = welcomed.args[0]
    return person


def opened_console(qtbot: QtBot, window: MainWindow) -> Any:
    """The sync console, as a clerk opens it: discarding events is not hers."""
    with qtbot.waitSignal(window.sync.console_opened, timeout=10_000) as shown:
        window.sync.open_console()
    assert not shown.args[0].discard_button.isEnabled()  # a supervisor's
    return shown.args[0]


def trail(services: Services) -> list[tuple[str, str]]:
    """The audit trail's actions and logins, in order (account changes left out)."""
    with services.db.read() as session:
        rows = session.execute(
            select(m.AuditLogEntry.action, m.AuditLogEntry.login).order_by(m.AuditLogEntry.seq)
        )
        return [(action, login) for action, login in rows if action != "account"]


def test_sign_in_receive_idle_lock_unlock_switch_person(
    qtbot: QtBot, window: MainWindow, services: Services, one_time: str
) -> None:
    with qtbot.waitSignal(window.sign_in_opened, timeout=10_000) as opened:
        window.resize(1280, 800)
        window.show()
    dialog: SignInDialog = opened.args[0]
    assert not window.central.isVisible()  # no screen before sign-in
    assert window.clerk.text() == "Cán bộ: (chưa đăng nhập)"

    mai = first_sign_in(qtbot, window, dialog, one_time)
    assert (mai.login, mai.role) == ("mai.nt", Role.CLERK)
    assert window.central.isVisible()
    assert window.clerk.text() == "Cán bộ: Nguyễn Thị Mai (Cán bộ tiếp nhận)"
    assert not window.settings_action.isEnabled()  # a clerk changes no settings

    # She receives: the dossier records her, not the settings' clerk.
    fill_birth_registration(qtbot, window)
    tick_all_documents(qtbot, window)
    with qtbot.waitSignal(window.printed, timeout=20_000) as printed:
        press(qtbot, window.receive.applicant.address, Qt.Key.Key_P,
              Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    code = printed.args[0].code
    with services.db.read() as session:
        assert session.scalar(select(m.Dossier.received_by)) == "Nguyễn Thị Mai"
    # The lookup does not offer her a void or a correction, and says why.
    with qtbot.waitSignal(window.lookup.detail_shown, timeout=10_000):
        window.open_lookup()
        type_text(window.lookup.query, code)
        press(qtbot, window.lookup.query, Qt.Key.Key_Return)
    assert not window.lookup.void_button.isEnabled()
    assert "Chỉ lãnh đạo" in window.lookup.void_button.toolTip()

    # Idle: the screens hide; her own password opens them again.
    window.idle.timer.setInterval(50)
    window.idle.start()
    with qtbot.waitSignal(window.sign_in_opened, timeout=10_000) as locked:
        pass
    lock: SignInDialog = locked.args[0]
    assert lock.locked and lock.login.isReadOnly() and lock.login.text() == "mai.nt"
    assert not window.central.isVisible()
    with qtbot.waitSignal(window.signed_in, timeout=10_000):
        sign_in(qtbot, lock, None, "Mai trực sáng")
    assert window.central.isVisible() and window.person == mai

    # Đổi người: the supervisor takes over without closing the program.
    window.switch_action.trigger()
    switch: SignInDialog = window.sign_in_dialog  # type: ignore[assignment]
    assert switch is not None and not window.central.isVisible()
    with qtbot.waitSignal(window.signed_in, timeout=10_000) as taken:
        sign_in(qtbot, switch, "hoa.lt", HOA_PASSWORD)
    assert taken.args[0].role == Role.SUPERVISOR
    assert window.clerk.text() == "Cán bộ: Lê Thị Hoa (Lãnh đạo/phụ trách trung tâm)"
    assert window.settings_action.isEnabled()
    assert window.lookup.void_button.isEnabled()  # offered to a supervisor
    assert window.sync.signed_in() == "Lê Thị Hoa"  # who discards a refused event

    window.sign_out_action.trigger()
    assert window.person is None and not window.central.isVisible()

    # The trail, by login: her day, the lock (an unlock, not a new sign-in), the switch.
    qtbot.waitUntil(lambda: trail(services)[-1] == ("sign_out", "hoa.lt"), timeout=10_000)
    assert trail(services)[-8:] == [
        ("sign_in", "mai.nt"), ("receive", "mai.nt"), ("print", "mai.nt"), ("lock", "mai.nt"),
        ("unlock", "mai.nt"), ("sign_out", "mai.nt"), ("sign_in", "hoa.lt"),
        ("sign_out", "hoa.lt"),
    ]  # fmt: skip


def test_a_lock_closes_the_windows_of_the_person_at_the_counter(
    qtbot: QtBot, window: MainWindow, one_time: str
) -> None:
    """The sync console (or the audit trail) stays readable behind no lock screen."""
    with qtbot.waitSignal(window.sign_in_opened, timeout=10_000) as opened:
        window.resize(1280, 800)
        window.show()
    first_sign_in(qtbot, window, opened.args[0], one_time)
    console = opened_console(qtbot, window)
    assert console.isVisible()
    with qtbot.waitSignal(window.sign_in_opened, timeout=10_000):
        window.lock()
    assert not window.central.isVisible() and not console.isVisible()
