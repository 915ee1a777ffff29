"""Two widgets that behave as a clerk expects: a field typed over, a label never cut."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit


class EntryField(QLineEdit):
    """A field whose text is selected when it gains the focus: typing replaces it.

    A plain line edit selects its text only when reached by Tab; after a click, or when the
    program moved the focus, what the clerk typed or scanned was added to what was there (a
    default, the previous dossier's values, the previous scan).
    """

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self._clicked_in = False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        reason = event.reason()
        # Back from another window or a popup: the clerk's cursor and selection stay as they were.
        if reason not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self.selectAll()
        self._clicked_in = reason == Qt.FocusReason.MouseFocusReason

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        super().mousePressEvent(event)  # places the cursor, drops the selection
        if self._clicked_in:  # the click that brought the focus: select again
            self._clicked_in = False
            self.selectAll()


class WholeLabel(QLabel):
    """A wrapped label never shorter than its text at its width: its last line ("Giấy tờ: …")
    is never cut by what comes below; the timeline's list gives up the height."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        self.setMinimumHeight(max(0, self.heightForWidth(self.width())))
