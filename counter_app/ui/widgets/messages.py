"""What is wrong, said in red where the clerk looks: the style, and a field's message."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: #b00020;"


class FieldMessage(QLabel):
    """What is wrong with a field, under it. Its line stays reserved while hidden: a message
    appearing or going (the clerk leaves or fixes a field) never moves the fields below, so a
    click never lands in the field that was under the pointer a moment before."""

    def __init__(self) -> None:
        super().__init__()
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)  # a compact line under every field
        self.setFont(font)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.one_line = self.fontMetrics().lineSpacing()
        self.setMinimumHeight(self.one_line)
        self.hide()

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt API)
        if not visible:  # the reserved line is empty, and one line again after a longer text
            self.clear()
            self.setMinimumHeight(self.one_line)
        super().setVisible(visible)
