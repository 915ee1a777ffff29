"""Keyboard-wedge scans on a screen of typing fields: caught, never left in a field.

A counter's 2D scanner types what it reads as fast key events ending with Enter,
into whatever widget has focus. Two kinds of code reach the Receive screen:

- a chip-ID card's QR text, ``ID12|CMND9|Họ và tên|…``: caught at its first ``|``.
  The digits before it have already reached the focused widget, which is put back
  as it was before them; everything after it, up to Enter (or Tab), goes to a
  buffer instead of the widget, and the whole text is handed over at once.
- the QR code of one of our own papers, ``QMC1|MaHoSo=…|…``: caught at its first
  ``|`` the same way, and handed over whole (``qr_scanned``).
- a receipt's dossier code, ``000.17.22.H56-260310-1001`` + Enter: caught at the
  Enter (or a CR, LF or Tab suffix) when the keys just typed into the widget end
  with a dossier code; the widget is put back as it was before the code.

Neither depends on how fast the keys come, so neither can misfire on a slow
machine: a clerk does not type ``|`` after nine digits, nor a whole dossier code
followed by Enter, into the Receive screen's fields. Timing only ends a capture
whose scanner sends no Enter at all (``IDLE_MS`` after its last key).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from counter_app.core.domain.codes import parse_code
from counter_app.core.forms.qr import FORMAT as QR_FORMAT
from counter_app.core.forms.qr import NotOurCode, parse_qr
from counter_app.ui.widgets.formatting import tr

SEPARATOR = "|"
QR_START = QR_FORMAT + SEPARATOR  # the QR code on our own papers (core/forms/qr.py)
CARD_ID_DIGITS = 12  # the card's text starts with the 12-digit ID number
MIN_CARD_DIGITS = 9  # fewer digits before a "|" is not a card (a misread one is explained)
IDLE_MS = 500
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# A scanner's suffix may also come as a bare CR or LF (xdotool's "\n" is a Linefeed key).
_LINE_ENDS = ("\r", "\n")
_MODIFIERS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
)

Restore = Callable[[], None]


def qr_dossier_code(text: str) -> str | None:
    """The dossier code a scanned QR code of our papers carries; None for any other text.

    ``NotOurCode`` if it starts like one of ours but cannot be read (cut short, damaged).
    """
    if not text.strip().upper().startswith(QR_START):
        return None
    code = parse_qr(text.strip()).get("MaHoSo", "").strip().upper()
    if parse_code(code) is None:
        raise NotOurCode(text[:40])
    return code


def qr_unreadable() -> str:
    return tr(
        "Mã QR vừa quét không đọc được mã hồ sơ (có thể quét thiếu hoặc giấy bị hỏng). "
        "Hãy quét lại, hoặc quét mã vạch, hoặc gõ mã hồ sơ."
    )


def restorer(widget: QObject) -> Restore:
    """A way to put ``widget`` back as it is now, for the kinds of input on a screen."""
    if isinstance(widget, QLineEdit):
        line, text, at = widget, widget.text(), widget.cursorPosition()

        def restore_line() -> None:
            if line.text() != text:
                line.setText(text)
                line.textEdited.emit(text)  # what listens to typing hears it was undone
            line.setCursorPosition(at)

        return restore_line
    if isinstance(widget, QPlainTextEdit):
        plain, content, position = widget, widget.toPlainText(), widget.textCursor().position()

        def restore_plain() -> None:
            if plain.toPlainText() != content:
                plain.setPlainText(content)
            cursor = plain.textCursor()
            cursor.setPosition(position)
            plain.setTextCursor(cursor)

        return restore_plain
    if isinstance(widget, QSpinBox):
        spin, value = widget, widget.value()
        return lambda: spin.setValue(value)
    if isinstance(widget, QComboBox):
        combo, index = widget, widget.currentIndex()
        return lambda: combo.setCurrentIndex(index)
    if isinstance(widget, QAbstractItemView):
        view, current = widget, widget.currentIndex()
        row, column = current.row(), current.column()

        def restore_view() -> None:
            model = view.model()
            if model is not None and view.currentIndex().row() != row:
                view.setCurrentIndex(model.index(row, column) if row >= 0 else QModelIndex())

        return restore_view
    return lambda: None


class WedgeScanCatcher(QObject):
    """Watches the widgets of one screen for scans (see the module's docstring)."""

    card_scanned = Signal(str)  # the card's whole text, as the scanner sent it
    code_scanned = Signal(str)  # a dossier code
    qr_scanned = Signal(str)  # the whole text of our own papers' QR code

    def __init__(
        self, is_code: Callable[[str], bool], code_length: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._is_code, self._code_length = is_code, code_length
        # (widget, character, how to put the widget back as it was before the character)
        self._typed: deque[tuple[QObject, str, Restore]] = deque(maxlen=max(code_length, 16))
        self._capture: list[str] | None = None
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self._finish)

    @property
    def capturing(self) -> bool:
        return self._capture is not None

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def reset(self) -> None:
        self._typed.clear()
        self._capture = None
        self._idle.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if self._capture is not None:
            return self._capturing(event, kind)
        if kind != QEvent.Type.KeyPress:
            return False
        key_event = cast(QKeyEvent, event)
        key, text = key_event.key(), key_event.text()
        if key in _ENTER or text in _LINE_ENDS or key == Qt.Key.Key_Tab:
            return self._enter(watched)  # a Tab that ends no code moves the focus, as ever
        if text == SEPARATOR and (self._card_starts(watched) or self._qr_starts(watched)):
            return True
        if text and text.isprintable():
            restore = restorer(watched)
            self._typed.extend((watched, ch, restore) for ch in text)
        elif key not in _MODIFIERS:
            self._typed.clear()  # arrows, Tab, Backspace, shortcuts: no scanner sends those
        return False

    def _run(self, widget: QObject) -> list[tuple[QObject, str, Restore]]:
        """The keys typed last, one after another, into ``widget``."""
        run = []
        for entry in reversed(self._typed):
            if entry[0] is not widget:
                break
            run.append(entry)
        run.reverse()
        return run

    def _card_starts(self, widget: QObject) -> bool:
        digits: list[tuple[QObject, str, Restore]] = []
        for entry in reversed(self._run(widget)):
            if not ("0" <= entry[1] <= "9") or len(digits) == CARD_ID_DIGITS:
                break
            digits.append(entry)
        if len(digits) < MIN_CARD_DIGITS:
            return False
        digits.reverse()
        digits[0][2]()  # the widget as it was before the card's first digit
        self._typed.clear()
        self._capture = [entry[1] for entry in digits] + [SEPARATOR]
        self._idle.start()
        return True

    def _qr_starts(self, widget: QObject) -> bool:
        run = self._run(widget)[-len(QR_FORMAT) :]
        if "".join(entry[1] for entry in run).upper() != QR_FORMAT.upper():
            return False
        run[0][2]()  # the widget as it was before the code's first letter
        self._typed.clear()
        self._capture = [QR_FORMAT, SEPARATOR]
        self._idle.start()
        return True

    def _enter(self, widget: QObject) -> bool:
        run = self._run(widget)
        self._typed.clear()
        if len(run) < self._code_length:
            return False
        tail = run[-self._code_length :]
        code = "".join(entry[1] for entry in tail)
        if not self._is_code(code):
            return False
        tail[0][2]()  # the widget as it was before the code
        self.code_scanned.emit(code)
        return True

    def _capturing(self, event: QEvent, kind: QEvent.Type) -> bool:
        assert self._capture is not None
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # a scanned character is text, never a shortcut
            return True
        if kind == QEvent.Type.KeyRelease:
            return True
        if kind == QEvent.Type.InputMethod:
            self._capture.append(cast(QInputMethodEvent, event).commitString())
            self._idle.start()
            return True
        if kind != QEvent.Type.KeyPress:
            return False
        key_event = cast(QKeyEvent, event)
        key, text = key_event.key(), key_event.text()
        if key in (*_ENTER, Qt.Key.Key_Tab) or text in (*_LINE_ENDS, "\t"):
            self._finish()
        elif key == Qt.Key.Key_Escape:
            self.reset()
        else:
            if text and text.isprintable():
                self._capture.append(text)
            self._idle.start()
        return True

    def _finish(self) -> None:
        if self._capture is None:
            return
        text = "".join(self._capture)
        self.reset()
        (self.qr_scanned if text.startswith(QR_START) else self.card_scanned).emit(text)
