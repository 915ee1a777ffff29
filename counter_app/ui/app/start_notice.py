"""Why the counter cannot work yet, and what the clerk can do about it from the window.

A damaged database: the newest sound backup is offered, with a confirmation. A clerk
cannot run ``counter-app db restore``; the button does the same restore (the damaged
file is set aside, never deleted). Any other cause the clerk can remove (disk full,
file locked): a retry, with no restart. Either way the window then opens the data again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from counter_app.core.errors import DatabaseDamaged
from counter_app.core.services.context import Clock
from counter_app.ui.app.operations import Operations
from counter_app.ui.widgets.formatting import message_of, named, tr

if TYPE_CHECKING:
    from counter_app.core.store.safety import Restored


class RestoreOffer(QPushButton):
    """Hidden until ``offer`` gets a damaged database that has a sound backup."""

    confirm_opened = Signal(object)  # the QMessageBox, before it runs (tests answer it)
    restored = Signal(object)  # the Restored report: where the damaged file went, …
    failed = Signal(object)  # the error

    def __init__(self, ops: Operations, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(tr("Khôi phục bản sao lưu gần nhất…"), parent)
        named(self, "restore_backup")
        self.ops, self.clock = ops, clock
        self.damage: DatabaseDamaged | None = None
        self.clicked.connect(self.confirm)
        self.hide()

    def offer(self, error: Exception) -> None:
        usable = isinstance(error, DatabaseDamaged) and error.backup is not None
        self.damage = error if isinstance(error, DatabaseDamaged) and usable else None
        self.setVisible(usable)

    def withdraw(self) -> None:
        self.damage = None
        self.hide()

    def confirm(self) -> None:
        damage = self.damage
        if damage is None or damage.backup is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            tr("Khôi phục dữ liệu"),
            tr("Khôi phục dữ liệu của quầy từ bản sao lưu:")
            + f"\n{damage.backup.name}\n\n"
            + tr(
                "Tệp hỏng được cất vào thư mục sao lưu, không bị xóa. Hồ sơ tiếp nhận sau "
                "thời điểm sao lưu không còn trên máy này: nếu đã đồng bộ, chúng vẫn có trên "
                "máy chủ tỉnh; nếu chưa, phải nhập lại. Tiếp tục?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        self.confirm_opened.emit(box)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        self.setEnabled(False)
        backup, database = damage.backup, damage.database
        self.ops.run(lambda: self._restore(backup, database), self._done, self._failed)

    def _restore(self, backup: Path, database: Path) -> Restored:
        from counter_app.core.store.safety import inspect, restore  # noqa: PLC0415 (worker)

        return restore(inspect(backup), database, backup.parent, self.clock())

    def _done(self, done: Restored) -> None:
        self.setEnabled(True)
        self.withdraw()
        self.restored.emit(done)

    def _failed(self, error: Exception) -> None:
        self.setEnabled(True)
        self.failed.emit(error)


class StartNotice(QWidget):
    """A red notice above the screens, with the restore offer or the retry under it."""

    reopen_requested = Signal(str)  # a message for the status bar ("" for none)

    def __init__(self, ops: Operations, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = named(QLabel(), "notice")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #a00; font-weight: bold; padding: 6px;")
        self.restore_offer = RestoreOffer(ops, clock)
        self.retry_button = named(QPushButton(tr("Thử mở lại dữ liệu")), "retry_start")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.restore_offer, self.retry_button):
            layout.addWidget(widget)
        self.clear()
        self.retry_button.clicked.connect(lambda: self.reopen_requested.emit(""))
        self.restore_offer.restored.connect(self._restored)
        self.restore_offer.failed.connect(self.failed)

    def failed(self, error: Exception) -> None:
        """The data did not open: why, and the one way forward that fits."""
        self.label.setText(
            tr("Không mở được dữ liệu của quầy. Chưa thể tiếp nhận hồ sơ.")
            + "\n"
            + message_of(error)
        )
        self.label.show()
        self.restore_offer.offer(error)
        self.retry_button.setVisible(self.restore_offer.damage is None)

    def warn(self, text: str) -> None:
        """Something to know while work goes on (the day's backup failed)."""
        self.label.setText(text)
        self.label.show()

    def clear(self) -> None:
        self.label.hide()
        self.retry_button.hide()
        self.restore_offer.withdraw()

    def _restored(self, done: Restored) -> None:
        where = tr("Đã khôi phục dữ liệu. Tệp cũ được cất tại:")
        self.reopen_requested.emit(f"{where} {done.set_aside}")
