"""Sign-in, the forced change of a one-time password, the idle lock and its unlock.

The dialog only collects what is typed and shows the core's answer; the check itself
(``core.services.accounts``) runs on the database worker. What was typed in the login
field stays after a refusal; the password is cleared.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.widgets.formatting import named, tr

ERROR_STYLE = "color: #b00020;"


class SignInDialog(QDialog):
    """Who is at the counter: login and password; after a one-time password, a new one."""

    submitted = Signal(str, str)  # login, password
    switched = Signal()  # «Đổi người»: the person before has left the counter
    new_password_submitted = Signal(str, str)  # new password, typed again

    def __init__(self, parent: QWidget | None, *, login: str = "", locked: bool = False) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.locked = locked
        self.pending = ("", "")  # login and one-time password, while a new one is asked
        self.setWindowTitle(tr("Màn hình đã khóa") if locked else tr("Đăng nhập"))
        self.heading = named(QLabel(), "heading")
        self.heading.setWordWrap(True)
        self.login = named(QLineEdit(login), "login")
        self.login.setReadOnly(locked)
        self.password = named(QLineEdit(), "password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password = named(QLineEdit(), "new_password")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = named(QLineEdit(), "repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = named(QLabel(), "message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.form = QFormLayout()
        self.form.addRow(tr("Tên đăng nhập"), self.login)
        self.form.addRow(tr("Mật khẩu"), self.password)
        self.form.addRow(tr("Mật khẩu mới"), self.new_password)
        self.form.addRow(tr("Nhập lại mật khẩu mới"), self.repeat)
        self.confirm = named(QPushButton(tr("Mở khóa") if locked else tr("Đăng nhập")), "confirm")
        self.confirm.setDefault(True)
        self.switch = named(QPushButton(tr("Đổi người")), "switch")
        self.switch.setVisible(locked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.switch)
        buttons.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.confirm.clicked.connect(self._confirm)
        self.switch.clicked.connect(self.let_another_person_in)
        self._changing = False
        self._show_rows()
        self.heading.setText(
            tr("Màn hình đã khóa vì không thao tác. Nhập mật khẩu để làm việc tiếp.")
            if locked
            else tr("Hãy đăng nhập bằng tài khoản của mình.")
        )
        (self.password if login else self.login).setFocus()

    def _show_rows(self) -> None:
        for field in (self.new_password, self.repeat):
            self.form.setRowVisible(field, self._changing)
        for field in (self.login, self.password):
            self.form.setRowVisible(field, not self._changing)

    def _confirm(self) -> None:
        self.message.clear()
        if self._changing:
            self.new_password_submitted.emit(self.new_password.text(), self.repeat.text())
            return
        if not self.login.text().strip():
            self.show_error(tr("Chưa nhập tên đăng nhập."), field=self.login)
            return
        if not self.password.text():
            self.show_error(tr("Chưa nhập mật khẩu."))
            return
        self.confirm.setEnabled(False)  # until the answer comes (a quarter of a second)
        self.submitted.emit(self.login.text(), self.password.text())

    def show_error(self, text: str, field: QLineEdit | None = None) -> None:
        """The answer, under the fields; the login stays, the password is typed again."""
        self.confirm.setEnabled(True)
        self.message.setText(text)
        self.adjustSize()  # a long refusal (a lock, its minutes) is read whole
        if self._changing:
            self.new_password.clear()
            self.repeat.clear()
            self.new_password.setFocus()
            return
        self.password.clear()
        (field or self.password).setFocus()

    def ask_new_password(self, name: str) -> None:
        """The password was a one-time one: a new one before any work."""
        self._changing = True
        self.confirm.setEnabled(True)
        self.confirm.setText(tr("Đổi mật khẩu"))
        self.switch.setVisible(False)
        self.heading.setText(
            tr(
                "Chào {name}. Mật khẩu vừa nhập là mật khẩu dùng một lần: hãy đặt mật khẩu "
                "mới (ít nhất 8 ký tự, khác tên đăng nhập) rồi làm việc."
            ).format(name=name)
        )
        self._show_rows()
        self.new_password.setFocus()

    def let_another_person_in(self) -> None:
        """Đổi người: the screen stays locked until someone signs in."""
        self.switched.emit()
        self.locked = False
        self.login.setReadOnly(False)
        self.login.clear()
        self.password.clear()
        self.message.clear()
        self.switch.setVisible(False)
        self.confirm.setText(tr("Đăng nhập"))
        self.heading.setText(
            tr("Đổi người: người làm việc tiếp đăng nhập bằng tài khoản của mình.")
        )
        self.login.setFocus()

    def reject(self) -> None:
        """Esc and the close button do nothing: the window is not usable without a person."""


class IdleWatch(QObject):
    """Emits ``idle`` after ``minutes`` without a key press or a mouse action in the program."""

    idle = Signal()
    ACTIVITY = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
        }
    )

    def __init__(self, parent: QObject, minutes: int) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.idle)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in self.ACTIVITY and self.timer.isActive():
            self.timer.start()  # from now
        return False
